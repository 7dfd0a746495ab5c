from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.organisation.models import SetupAnswer
from samverka.organisation.setup_questions import QUESTIONS_BY_KEY


@transaction.atomic
def setup_answer_record(
    *,
    municipality: Municipality,
    question_key: str,
    answer: str,
    user: AnyUser | None,
    answered_by_name: str = "",
    answered_at: datetime | None = None,
) -> SetupAnswer | None:
    """Record an answer to one of Brå's set-up questions; earlier answers stay as history.

    Returns None when the text is unchanged (no new row: the history shows real changes only).
    """
    if question_key not in QUESTIONS_BY_KEY:
        raise ValidationError(_("Det finns ingen sådan fråga: %(key)s") % {"key": question_key})
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Skriv ett svar.")})
    current = (
        SetupAnswer.objects.filter(municipality=municipality, question_key=question_key)
        .order_by("-answered_at", "-pk")
        .first()
    )
    if current is not None and current.answer == answer:
        return None
    account = user if user is not None and user.is_authenticated else None
    row = SetupAnswer.objects.create(
        municipality=municipality,
        question_key=question_key,
        answer=answer,
        answered_by=account,
        answered_by_name=answered_by_name or (str(account) if account else ""),
        answered_at=answered_at or timezone.now(),
    )
    audit(municipality=municipality, user=user, action="answer", obj=row, summary=question_key)
    return row
