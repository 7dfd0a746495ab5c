"""Factories for the lägesbild's tests: categories and incident reports written straight to the
database (the incidents app's services are tested there; here only the counting matters)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.models import Category, Incident
from samverka.organisation.models import Organisation


def make_category(
    municipality: Municipality, code: str, name: str = "", parent: Category | None = None
) -> Category:
    return Category.objects.create(
        municipality=municipality, code=code, name=name or code.title(), parent=parent
    )


def at(day: date, hour: int = 12) -> datetime:
    """Noon (or ``hour``) of ``day`` in Swedish time."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_incident(
    area: Area,
    category: Category,
    when: datetime | date,
    *,
    events: int = 1,
    organisation: Organisation | None = None,
    **extra: object,
) -> Incident:
    if not isinstance(when, datetime):
        when = at(when)
    return Incident.objects.create(
        municipality=area.municipality,
        area=area,
        category=category,
        occurred_at=when,
        event_count=events,
        organisation=organisation,
        **extra,
    )


def spread(
    area: Area,
    category: Category,
    start: date,
    days: int,
    per_day: int,
    **extra: object,
) -> None:
    """``per_day`` one-event reports on each of ``days`` days from ``start``."""
    Incident.objects.bulk_create(
        Incident(
            municipality=area.municipality,
            area=area,
            category=category,
            occurred_at=at(start + timedelta(days=d), 8 + (d + i) % 12),
            **extra,
        )
        for d in range(days)
        for i in range(per_day)
    )
