"""Writes for the fact sheet's text library: rewrite a text, or go back to Brå's default."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.reports.models import FactSheetText
from samverka.reports.texts import DEFAULTS_BY_KEY


@transaction.atomic
def fact_sheet_text_set(
    *, municipality: Municipality, key: str, title: str, body: str, user: AnyUser | None
) -> FactSheetText:
    """The municipality's own version of one text of the library."""
    if key not in DEFAULTS_BY_KEY:
        raise ValidationError(_("Texten finns inte i faktabladets textbibliotek."))
    row = FactSheetText.objects.filter(municipality=municipality, key=key).first() or (
        FactSheetText(municipality=municipality, key=key)
    )
    row.title = title.strip()
    row.body = body.strip()
    row.updated_by = user if user is not None and user.is_authenticated else None
    row.full_clean()
    row.save()
    audit(municipality=municipality, user=user, action="update", obj=row, summary=row.title)
    return row


@transaction.atomic
def fact_sheet_text_reset(*, municipality: Municipality, key: str, user: AnyUser | None) -> None:
    """Back to Brå's default text (the municipality's own version is removed)."""
    row = FactSheetText.objects.filter(municipality=municipality, key=key).first()
    if row is not None:
        audit(municipality=municipality, user=user, action="delete", obj=row, summary=row.title)
        row.delete()
