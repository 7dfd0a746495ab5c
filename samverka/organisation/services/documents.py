from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.models import Municipality
from samverka.core.services import apply, check_same_municipality, protected_delete, validated_save
from samverka.organisation.models import GoverningDocument, Organisation

ALLOWED_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".xlsx", ".txt", ".md", ".html")
MAX_FILE_BYTES = 20 * 1024 * 1024


def _check(
    document: GoverningDocument, data: dict[str, Any], parties: Iterable[Organisation] | None
) -> None:
    check_same_municipality(document.municipality, area=data.get("area", document.area))
    for party in parties or ():
        check_same_municipality(document.municipality, parties=party)
    valid_from = data.get("valid_from", document.valid_from)
    valid_until = data.get("valid_until", document.valid_until)
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("Slutdatum kan inte vara före startdatum.")})
    upload = data.get("file")
    if upload and hasattr(upload, "size"):
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError({"file": _("Filen är större än 20 MB.")})
        if not str(upload.name).lower().endswith(ALLOWED_SUFFIXES):
            raise ValidationError(
                {"file": _("Tillåtna filtyper: %(types)s") % {"types": ", ".join(ALLOWED_SUFFIXES)}}
            )


@transaction.atomic
def document_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    parties: Iterable[Organisation] | None = None,
    **data: Any,
) -> GoverningDocument:
    document = GoverningDocument(municipality=municipality)
    _check(document, data, parties)
    return validated_save(
        apply(document, data),
        municipality=municipality,
        user=user,
        m2m={"parties": list(parties or [])},
    )


@transaction.atomic
def document_update(
    *,
    document: GoverningDocument,
    user: AnyUser | None,
    parties: Iterable[Organisation] | None = None,
    **data: Any,
) -> GoverningDocument:
    _check(document, data, parties)
    return validated_save(
        apply(document, data),
        municipality=document.municipality,
        user=user,
        m2m=None if parties is None else {"parties": list(parties)},
    )


@transaction.atomic
def document_delete(*, document: GoverningDocument, user: AnyUser | None) -> None:
    stored = document.file.name if document.file else None
    storage = document.file.storage if document.file else None
    protected_delete(document, municipality=document.municipality, user=user)
    if stored and storage is not None:
        transaction.on_commit(lambda: storage.delete(stored))
