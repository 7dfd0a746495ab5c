"""Writes to the taxonomy: install the default categories, add, rename, reorder, deactivate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.core.services import (
    apply,
    check_same_municipality,
    protected_delete,
    validated_save,
)
from samverka.incidents.models import Category
from samverka.incidents.taxonomy import DEFAULT_TAXONOMY


@transaction.atomic
def taxonomy_install_defaults(*, municipality: Municipality, user: AnyUser | None = None) -> int:
    """Add the default categories the municipality lacks (by code); returns how many.

    Never renames or reactivates a category a coordinator has changed: running it again only
    fills gaps.
    """
    existing = {
        c.code: c for c in Category.objects.select_for_update().filter(municipality=municipality)
    }
    created = 0
    parent: Category | None = None
    for position, (code, name, children) in enumerate(DEFAULT_TAXONOMY, start=1):
        parent = existing.get(code)
        if parent is None:
            parent = Category.objects.create(
                municipality=municipality, code=code, name=str(name), order=position * 10
            )
            existing[code] = parent
            created += 1
        for child_position, (child_code, child_name) in enumerate(children, start=1):
            if child_code not in existing:
                existing[child_code] = Category.objects.create(
                    municipality=municipality,
                    parent=parent,
                    code=child_code,
                    name=str(child_name),
                    order=child_position * 10,
                )
                created += 1
    if created and parent is not None:
        audit(
            municipality=municipality,
            user=user,
            action="create",
            obj=parent,
            summary=_("Standardkategorier för händelser: %(n)s nya") % {"n": created},
        )
    return created


def ensure_taxonomy(municipality: Municipality) -> None:
    """Install the default taxonomy the first time a municipality needs categories."""
    if not Category.objects.filter(municipality=municipality).exists():
        taxonomy_install_defaults(municipality=municipality)


def _unique_code(municipality: Municipality, name: str) -> str:
    base = slugify(name.replace("å", "a").replace("ä", "a").replace("ö", "o"))[:50] or "kategori"
    code, n = base, 1
    while Category.objects.filter(municipality=municipality, code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _check(category: Category, data: dict[str, Any]) -> None:
    parent = data.get("parent", category.parent)
    check_same_municipality(category.municipality, parent=parent)
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("En underkategori kan inte ha egna underkategorier.")}
            )
        if category.pk is not None and category.children.exists():
            raise ValidationError(
                {"parent": _("Kategorin har underkategorier och måste vara en huvudkategori.")}
            )
        if category.pk is not None and parent.pk == category.pk:
            raise ValidationError({"parent": _("En kategori kan inte ligga under sig själv.")})
    code = data.get("code", category.code)
    if code and (
        Category.objects.filter(municipality=category.municipality, code=code)
        .exclude(pk=category.pk)
        .exists()
    ):
        raise ValidationError({"code": _("Koden ”%(code)s” används redan.") % {"code": code}})


@transaction.atomic
def category_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Category:
    category = Category(municipality=municipality)
    _check(category, data)
    if not data.get("code"):
        data["code"] = _unique_code(municipality, str(data.get("name", "")))
    return validated_save(apply(category, data), municipality=municipality, user=user)


@transaction.atomic
def category_update(*, category: Category, user: AnyUser | None, **data: Any) -> Category:
    """Rename, reorder, move or (de)activate. Existing reports keep their category: a
    deactivated category is only left out of the choices for new reports."""
    _check(category, data)
    if data.get("code") == "":
        data.pop("code")
    return validated_save(apply(category, data), municipality=category.municipality, user=user)


@transaction.atomic
def category_delete(*, category: Category, user: AnyUser | None) -> None:
    """Delete a category no report uses (otherwise: deactivate it)."""
    from samverka.incidents.models import Incident

    used = Incident.objects.filter(category=category).exists() or (
        Incident.objects.filter(subcategory=category).exists()
    )
    if used:
        raise ValidationError(
            _("Kategorin används i rapporter och kan inte tas bort. Inaktivera den i stället.")
        )
    protected_delete(category, municipality=category.municipality, user=user)
