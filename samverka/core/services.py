"""Helpers shared by the services of every app: save with validation, refuse cross-tenant
references and cycles, turn protected deletes into messages a coordinator understands."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.deletion import ProtectedError, get_candidate_relations_to_delete
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality

M = TypeVar("M", bound=models.Model)


def check_same_municipality(municipality: Municipality, **related: models.Model | None) -> None:
    """Refuse references to objects of another municipality (a forged form or API call)."""
    errors = {}
    for field, obj in related.items():
        if obj is not None and getattr(obj, "municipality_id", None) != municipality.pk:
            errors[field] = _("Valet finns inte i den här kommunen.")
    if errors:
        raise ValidationError(errors)


def check_no_cycle(
    obj: models.Model, parent: models.Model | None, *, field: str, get_parent: Callable[[Any], Any]
) -> None:
    """Refuse a parent chain that leads back to ``obj`` (an area inside itself, A reports to B
    reports to A …)."""
    seen: set[Any] = set()
    node = parent
    while node is not None:
        if obj.pk is not None and node.pk == obj.pk:
            raise ValidationError(
                {
                    field: _("Det skulle bli en cirkel: %(name)s hamnar under sig själv.")
                    % {"name": obj}
                }
            )
        if node.pk in seen:
            break
        seen.add(node.pk)
        node = get_parent(node)


def apply(instance: M, data: Mapping[str, Any]) -> M:
    """Set the form's values on ``instance``, remembering the old ones for the audit event
    (``validated_save`` records them as ``changes``; no query needed to know "before")."""
    before: dict[str, tuple[Any, Any]] = getattr(instance, "_audit_changes", {})
    for field, value in data.items():
        old, new = _stored(instance, field), value
        if isinstance(value, models.Model):
            new = value.pk  # foreign keys compare and record as ids, read without a query
        if old != new:
            first = before[field][0] if field in before else old
            before[field] = (first, new)
        setattr(instance, field, value)
    instance._audit_changes = before  # type: ignore[attr-defined]
    return instance


def _stored(instance: models.Model, field: str) -> Any:
    """The field's current value on the instance: a foreign key's id (no query), None on a new
    row (its "before" is nothing)."""
    if instance.pk is None:
        return None
    try:
        model_field = instance._meta.get_field(field)
    except FieldDoesNotExist:
        return getattr(instance, field, None)
    if model_field.many_to_many or not getattr(model_field, "concrete", False):
        return None  # many-to-many and reverse relations: recorded by validated_save
    if model_field.is_relation:
        return getattr(instance, model_field.attname)  # type: ignore[union-attr]
    return getattr(instance, field, None)


def validated_save(
    instance: M,
    *,
    municipality: Municipality | None,
    user: AnyUser | None,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    exclude: list[str] | None = None,
) -> M:
    """full_clean, save, set many-to-many fields and leave an audit row."""
    created = instance.pk is None
    instance.full_clean(exclude=exclude)
    instance.save()
    changes = dict(getattr(instance, "_audit_changes", {}))
    for field, values in (m2m or {}).items():
        values = list(values)
        getattr(instance, field).set(values)
        changes[field] = (None, sorted(v.pk for v in values))
    instance._audit_changes = {}  # type: ignore[attr-defined]
    audit(
        municipality=municipality,
        user=user,
        action="create" if created else "update",
        obj=instance,
        changes=changes,
    )
    return instance


def protected_delete(
    instance: models.Model, *, municipality: Municipality | None, user: AnyUser | None
) -> None:
    """Delete, or explain what still depends on the object."""
    label = str(instance)
    refuse_if_protected(instance, label)
    try:
        audit(municipality=municipality, user=user, action="delete", obj=instance, summary=label)
        instance.delete()
    except ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        raise ValidationError(
            _("%(name)s används fortfarande av: %(names)s. Ändra eller ta bort dem först.")
            % {"name": label, "names": names}
        ) from None


def refuse_if_protected(instance: models.Model, label: str) -> None:
    """Refuse the delete with one ``exists()`` per protecting relation, before Django's collector
    runs: on a refusal the collector loads every protecting row (77 000 incidents of an area)
    and naming them cost two queries each. Only the first five are fetched for the message."""
    for relation in get_candidate_relations_to_delete(instance._meta):
        if relation.on_delete is not models.PROTECT:  # type: ignore[attr-defined]
            continue
        model = relation.related_model
        rows = model._base_manager.filter(**{relation.field.name: instance})  # type: ignore[union-attr,attr-defined]
        if rows.exists():
            names = ", ".join(sorted({str(row) for row in rows[:5]}))
            raise ValidationError(
                _("%(name)s används fortfarande av: %(names)s. Ändra eller ta bort dem först.")
                % {"name": label, "names": names}
            )
