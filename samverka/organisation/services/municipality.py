from __future__ import annotations

from typing import Any

from django.db import transaction

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.core.services import apply, validated_save


@transaction.atomic
def municipality_update(
    *, municipality: Municipality, user: AnyUser | None, **data: Any
) -> Municipality:
    """Change the municipality's name, codes and description (not its slug: URLs depend on it)."""
    data.pop("slug", None)
    return validated_save(apply(municipality, data), municipality=municipality, user=user)
