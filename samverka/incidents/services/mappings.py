"""Saving an organisation's column mapping for CSV/XLSX imports."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.core.services import check_same_municipality
from samverka.incidents.models import ColumnMapping
from samverka.organisation.models import Organisation


@transaction.atomic
def column_mapping_save(
    *,
    municipality: Municipality,
    organisation: Organisation,
    mapping: dict[str, str],
    user: AnyUser | None,
) -> ColumnMapping:
    """Store field → heading for the organisation (an empty mapping removes the saved one)."""
    from samverka.incidents.imports.table import FIELD_KEYS

    check_same_municipality(municipality, organisation=organisation)
    unknown = sorted(set(mapping) - set(FIELD_KEYS))
    if unknown:
        raise ValidationError(_("Okända fält: %(fields)s.") % {"fields": ", ".join(unknown)})
    headings = [h.strip().lower() for h in mapping.values()]
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    if repeated:
        raise ValidationError(
            _("Samma kolumn kan inte användas för två fält: %(h)s.") % {"h": ", ".join(repeated)}
        )
    saved, _created = ColumnMapping.objects.update_or_create(
        organisation=organisation,
        defaults={"municipality": municipality, "mapping": mapping},
    )
    audit(municipality=municipality, user=user, action="update", obj=saved)
    return saved
