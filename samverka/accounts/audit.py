from __future__ import annotations

from django.db import models

from samverka.accounts.access import AnyUser
from samverka.accounts.models import AuditEvent, Municipality


def audit(
    *,
    municipality: Municipality | None,
    user: AnyUser | None,
    action: str,
    obj: models.Model,
    summary: str = "",
) -> None:
    """Leave a trace of a change (called by services inside their transaction)."""
    AuditEvent.objects.create(
        municipality=municipality,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        object_type=obj._meta.model_name or "",
        object_id=str(obj.pk or ""),
        summary=(summary or str(obj))[:300],
    )
