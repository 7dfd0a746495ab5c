"""The process overview: the cycle's counts and what needs attention."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.core.testing import World
from samverka.process.models import CauseAnalysis, FollowUp, MeasureStatus
from samverka.process.overview import attention
from samverka.process.tests.promise_factories import make_measure, make_plan, make_problem

pytestmark = pytest.mark.django_db


def _url(world: World) -> str:
    return reverse("process:index", kwargs={"municipality": world.testby.slug})


def test_overview_lists_the_cycle_and_what_needs_attention(client, world: World) -> None:
    today = timezone.localdate()
    plan = make_plan(world.testby)
    make_measure(plan, title="Belysning i parken", next_followup_due=today - timedelta(days=1))
    make_measure(plan, title="Nattvandring", next_followup_due=today + timedelta(days=10))
    make_problem(world.testby, title="Otrygghet vid torget")
    client.force_login(world.dave)
    response = client.get(_url(world))
    assert response.status_code == 200
    text = response.content.decode()
    for step in ("Lägesbild", "Problem", "Orsaker", "Åtgärder", "Uppföljning", "Lärdomar"):
        assert step in text
    assert "Belysning i parken" in text  # overdue by one day
    assert "Otrygghet vid torget" in text  # no cause analysis
    assert "1 försenad uppföljning" in text
    # The law's three requirements, none of them met in the test world.
    assert "Saknas: aktuell lägesbild, beslutad åtgärdsplan, samordnande funktion." in text


def test_attention_leaves_out_what_is_done(world: World) -> None:
    today = timezone.localdate()
    plan = make_plan(world.testby)
    followed = make_measure(plan, title="Följd", next_followup_due=today)
    FollowUp.objects.create(
        municipality=world.testby, measure=followed, made_on=today, as_planned="yes"
    )
    make_measure(
        plan, title="Klar", status=MeasureStatus.DONE, next_followup_due=today - timedelta(days=9)
    )
    analysed = make_problem(world.testby, title="Analyserat")
    CauseAnalysis.objects.create(problem=analysed)
    found = attention(world.testby, today)
    assert found.overdue == []
    assert found.without_cause_analysis == []
    assert [m.title for m in found.without_followup] == []


def test_overview_of_another_municipality_is_not_found(client, world: World) -> None:
    client.force_login(world.olle)
    assert client.get(_url(world)).status_code == 404
