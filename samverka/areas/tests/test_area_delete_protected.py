"""Refusing to delete an area that incidents still point at is one cheap check, not a walk over
every incident: with 77 000 incidents the refusal once took more than two minutes, because the
delete collected each protected incident and named it (two queries per incident)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samverka.areas.models import Area
from samverka.areas.services import area_delete
from samverka.core.testing import World, make_area
from samverka.incidents.models import Incident
from samverka.incidents.tests.factories import make_incident

pytestmark = pytest.mark.django_db


def _refusal_queries(world: World, incidents: int) -> tuple[int, str]:
    area = make_area(world.testby, f"Område med {incidents}")
    first = make_incident(world.testby, area)
    copies = [Incident(**{**_fields(first), "pk": None}) for _ in range(incidents - 1)]
    Incident.objects.bulk_create(copies)
    with CaptureQueriesContext(connection) as queries, pytest.raises(ValidationError) as refusal:
        area_delete(area=area, user=world.alice)
    assert Area.objects.filter(pk=area.pk).exists()
    assert Incident.objects.filter(area=area).count() == incidents
    return len(queries), " ".join(refusal.value.messages)


def _fields(incident: Incident) -> dict[str, object]:
    return {f.attname: getattr(incident, f.attname) for f in Incident._meta.concrete_fields}


def test_the_refusal_costs_the_same_few_queries_for_few_or_many_incidents(world: World) -> None:
    few, message = _refusal_queries(world, 6)
    many, _ = _refusal_queries(world, 120)
    assert many == few
    assert many <= 30
    assert "används fortfarande av" in message
