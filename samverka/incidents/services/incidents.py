"""Writes to incident reports: report, change, review, delete, and "nothing to report"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.services import apply, check_same_municipality, protected_delete
from samverka.incidents.access import may_report_for
from samverka.incidents.models import (
    Category,
    Incident,
    NothingToReport,
    ReviewStatus,
)
from samverka.incidents.places import AreaLocator
from samverka.lib.dates import WeekError
from samverka.lib.personnummer import find_identity_numbers, mask
from samverka.organisation.models import Organisation

FREE_TEXT_FIELDS = ("description", "assessment", "place_name")
MAX_EVENT_COUNT = 10_000
# A report of something that has not happened yet is a typo; allow for clocks a little off.
FUTURE_SLACK = timedelta(minutes=15)
EARLIEST_YEAR = 2000


def identity_number_message(found: list[str]) -> str:
    return _(
        "Texten innehåller ett personnummer eller samordningsnummer (%(masked)s). Rapporter "
        "beskriver platser och situationer, aldrig enskilda personer: ta bort numret och skriv "
        "inte heller namn."
    ) % {"masked": ", ".join(mask(n) for n in found)}


def check_free_text(data: dict[str, Any], fields: tuple[str, ...] = FREE_TEXT_FIELDS) -> None:
    """Refuse identity numbers in any free-text field (data minimisation)."""
    errors = {}
    for field in fields:
        value = data.get(field)
        if isinstance(value, str):
            found = find_identity_numbers(value)
            if found:
                errors[field] = identity_number_message(found)
    if errors:
        raise ValidationError(errors)


def normalise_categories(
    category: Category | None, subcategory: Category | None
) -> tuple[Category | None, Category | None]:
    """A subcategory given as the category moves to its place; the top level is its parent."""
    moved = subcategory is None or subcategory.pk == category.pk  # type: ignore[union-attr]
    if category is not None and category.parent_id is not None and moved:
        return category.parent, category
    return category, subcategory


def _check_time(occurred_at: Any, occurred_until: Any) -> None:
    errors: dict[str, str] = {}
    if isinstance(occurred_at, datetime):
        if occurred_at > timezone.now() + FUTURE_SLACK:
            errors["occurred_at"] = _("Tidpunkten ligger i framtiden. Ange när det hände.")
        elif occurred_at.year < EARLIEST_YEAR:
            errors["occurred_at"] = _("Ange en tidpunkt från år %(year)s eller senare.") % {
                "year": EARLIEST_YEAR
            }
    if isinstance(occurred_at, datetime) and isinstance(occurred_until, datetime):
        if occurred_until < occurred_at:
            errors["occurred_until"] = _("Sluttiden måste vara efter starttiden.")
        elif occurred_until > timezone.now() + FUTURE_SLACK:
            errors["occurred_until"] = _("Sluttiden ligger i framtiden.")
    if errors:
        raise ValidationError(errors)


def _resolve_area(
    municipality: Municipality, area: Area | None, latitude: Any, longitude: Any
) -> Area | None:
    if (latitude is None) != (longitude is None):
        raise ValidationError(
            {"longitude" if longitude is None else "latitude": _("Ange både latitud och longitud.")}
        )
    if area is not None or latitude is None:
        return area
    locator = AreaLocator(municipality)
    if not locator.has_boundaries:
        raise ValidationError(
            {
                "area": _(
                    "Inget område har en gräns inlagd ännu, så punkten kan inte placeras. "
                    "Välj område."
                )
            }
        )
    area_id = locator.area_id(float(latitude), float(longitude))
    if area_id is None:
        raise ValidationError(
            {
                "latitude": _(
                    "Punkten ligger utanför kommunens områden. Kontrollera koordinaterna "
                    "eller välj område."
                )
            }
        )
    return Area.objects.get(pk=area_id)


def _check(incident: Incident, data: dict[str, Any], user: AnyUser | None) -> None:
    municipality = incident.municipality
    category, subcategory = normalise_categories(
        data.get("category", incident.category if incident.category_id else None),
        data.get("subcategory", incident.subcategory),
    )
    data["category"], data["subcategory"] = category, subcategory
    check_same_municipality(
        municipality,
        category=category,
        subcategory=subcategory,
        area=data.get("area"),
        organisation=data.get("organisation"),
    )
    errors: dict[str, str] = {}
    if category is None:
        errors["category"] = _("Välj en kategori.")
    elif category.parent_id is not None:
        errors["category"] = _("Välj en huvudkategori.")
    elif subcategory is not None and subcategory.parent_id != category.pk:
        errors["subcategory"] = _("Underkategorin hör inte till den valda kategorin.")
    for field, chosen in (("category", category), ("subcategory", subcategory)):
        changed = chosen is not None and getattr(incident, f"{field}_id") != chosen.pk
        if changed and not chosen.is_active and field not in errors:  # type: ignore[union-attr]
            errors[field] = _("Kategorin ”%(name)s” används inte längre.") % {"name": chosen}
    count = data.get("event_count", incident.event_count)
    if isinstance(count, int) and not 1 <= count <= MAX_EVENT_COUNT:
        errors["event_count"] = _("Ange ett antal mellan 1 och %(max)s.") % {"max": MAX_EVENT_COUNT}
    if errors:
        raise ValidationError(errors)
    if "organisation" in data and user is not None:
        organisation = data["organisation"]
        if organisation != incident.organisation and not may_report_for(
            Access.for_user(user, municipality), organisation
        ):
            raise ValidationError(
                {"organisation": _("Du kan bara rapportera för din egen organisation.")}
            )
    check_free_text(data)
    _check_time(
        data.get("occurred_at", incident.occurred_at),
        data.get("occurred_until", incident.occurred_until),
    )
    latitude = data.get("latitude", incident.latitude)
    longitude = data.get("longitude", incident.longitude)
    area = data.get("area", incident.area if incident.area_id else None)
    moved = "latitude" in data or "longitude" in data
    if moved and "area" not in data and latitude is not None:
        area = None  # a new point places the report anew
    area = _resolve_area(municipality, area, latitude, longitude)
    if area is None:
        raise ValidationError(
            {"area": _("Välj område eller ange en punkt (latitud och longitud).")}
        )
    data["area"] = area


def _save(incident: Incident, *, user: AnyUser | None, action: str) -> Incident:
    incident.full_clean(exclude=["reporter", "import_job"])
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        raise ValidationError(
            {"external_id": _("Det finns redan en händelse med samma externa id.")}
        ) from None
    audit(municipality=incident.municipality, user=user, action=action, obj=incident)
    return incident


@transaction.atomic
def incident_create(*, municipality: Municipality, user: AnyUser | None, **data: Any) -> Incident:
    """Report an incident (händelserapport).

    The area is the one given, or the smallest area whose boundary contains the point. The
    reporter is the user; free text with an identity number is refused.
    """
    if (
        user is not None
        and user.is_authenticated
        and not Access.for_user(user, municipality).may_report
    ):
        raise ValidationError(_("Du har inte behörighet att rapportera händelser."))
    incident = Incident(municipality=municipality)
    if user is not None and user.is_authenticated:
        incident.reporter = user  # type: ignore[assignment]
    _check(incident, data, user)
    return _save(apply(incident, data), user=user, action="create")


@transaction.atomic
def incident_update(*, incident: Incident, user: AnyUser | None, **data: Any) -> Incident:
    data.pop("reporter", None)
    _check(incident, data, user)
    return _save(apply(incident, data), user=user, action="update")


@transaction.atomic
def incident_set_status(*, incident: Incident, user: AnyUser | None, status: str) -> Incident:
    """Review: mark as reviewed or as a duplicate (duplicates are left out of statistics)."""
    if status not in ReviewStatus.values:
        raise ValidationError({"status": _("Okänd granskningsstatus.")})
    incident.status = status
    incident.save(update_fields=["status"])
    audit(
        municipality=incident.municipality,
        user=user,
        action="update",
        obj=incident,
        summary=f"{incident}: {incident.get_status_display()}",
    )
    return incident


@transaction.atomic
def incident_delete(*, incident: Incident, user: AnyUser | None) -> None:
    protected_delete(incident, municipality=incident.municipality, user=user)


def check_week(week: str) -> str:
    from samverka.incidents.selectors import parse_week

    try:
        monday, code = parse_week(week)
    except WeekError as exc:
        raise ValidationError({"week": str(exc)}) from None
    if monday > timezone.localdate():
        raise ValidationError({"week": _("Veckan %(week)s har inte börjat än.") % {"week": code}})
    return code


@transaction.atomic
def nothing_to_report_record(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    area: Area,
    organisation: Organisation,
    week: str,
) -> NothingToReport:
    """Record an explicit "inget att rapportera" for one organisation, area and ISO week.

    Recording it twice changes nothing; it can be recorded even when the organisation has
    reported incidents that week (coverage then shows "reported").
    """
    check_same_municipality(municipality, area=area, organisation=organisation)
    code = check_week(week)
    if (
        user is not None
        and user.is_authenticated
        and not may_report_for(Access.for_user(user, municipality), organisation)
    ):
        raise ValidationError(
            {"organisation": _("Du kan bara rapportera för din egen organisation.")}
        )
    existing = NothingToReport.objects.filter(
        area=area, organisation=organisation, week=code
    ).first()
    if existing is not None:
        return existing
    record = NothingToReport.objects.create(
        municipality=municipality,
        area=area,
        organisation=organisation,
        week=code,
        reporter=user if user is not None and user.is_authenticated else None,
    )
    audit(municipality=municipality, user=user, action="create", obj=record)
    return record


@transaction.atomic
def nothing_to_report_delete(*, record: NothingToReport, user: AnyUser | None) -> None:
    protected_delete(record, municipality=record.municipality, user=user)
