"""Compile and freeze: a draft is live, an adopted lägesbild keeps its figures when a late report
arrives, a new version picks the late report up, and versions compare figure by figure."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import AuditEvent
from samverka.core.testing import World, make_membership, make_person
from samverka.incidents.services.incidents import incident_create
from samverka.situation.models import ReportStatus, SituationReport
from samverka.situation.periods import parse_period
from samverka.situation.testing import at, make_category, make_incident

PERIOD = parse_period("2026-W45/2026-W46")


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"situation:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def vandalism(world: World):  # type: ignore[no-untyped-def]
    category = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for day in range(4):
        make_incident(world.area, category, PERIOD.start + timedelta(days=day))
    return category


def _snapshot(report: SituationReport) -> dict[str, Any]:
    assert report.snapshot is not None
    return report.snapshot


def _start(client: Client, world: World) -> SituationReport:
    response = client.post(_url("create"), {"area": world.area.pk, "period": "2026-W45/2026-W46"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SituationReport.objects.get(area=world.area, status=ReportStatus.DRAFT)


def test_an_adopted_lagesbild_does_not_change_when_a_late_report_arrives(
    world: World, client: Client, vandalism
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.alice)
    report = _start(client, world)
    assert report.group == world.preparation  # the municipality's beredningsgrupp compiles
    response = client.post(
        _url("assess", pk=report.pk),
        {
            "assessment": "Klotter vid skolan; i övrigt lugnt.",
            "sources_note": "",
            f"colour_{world.area.pk}": "yellow",
            f"reasons_{world.area.pk}": "Mer klotter.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.post(_url("adopt", pk=report.pk)).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.ADOPTED
    assert _snapshot(report)["total"]["current"] == 4
    assert AuditEvent.objects.filter(action="adopt", object_id=str(report.pk)).exists()

    # A report for the period arrives after the adoption, through the incidents service.
    incident_create(
        municipality=world.testby,
        user=world.alice,
        category=vandalism,
        area=world.area,
        occurred_at=at(PERIOD.start + timedelta(days=5)),
        event_count=3,
    )

    page = client.get(_url("detail", pk=report.pk)).content.decode()
    assert 'class="num big">4<' in page
    report.refresh_from_db()
    assert _snapshot(report)["total"]["current"] == 4
    api = client.get(
        reverse(
            "api-situation-report-detail", kwargs={"municipality_slug": "testby", "pk": report.pk}
        )
    ).json()
    assert api["figures"]["total"]["current"] == 4

    # A new version is live again and counts the late report; adopted, it keeps 7.
    response = client.post(_url("new_version", pk=report.pk))
    assert response.status_code == 302
    second = SituationReport.objects.get(area=world.area, version=2)
    assert second.is_draft and second.assessment == report.assessment
    assert second.area_statuses.get().colour == "yellow"
    assert 'class="num big">7<' in client.get(_url("detail", pk=second.pk)).content.decode()
    assert client.post(_url("adopt", pk=second.pk)).status_code == 302
    second.refresh_from_db()
    assert _snapshot(second)["total"]["current"] == 7
    report.refresh_from_db()
    assert _snapshot(report)["total"]["current"] == 4

    compare = client.get(_url("compare", pk=report.pk, other=second.pk))
    assert compare.status_code == 200
    text = compare.content.decode()
    assert "+3" in text and "Skadegörelse" in text


def test_an_adopted_lagesbild_cannot_be_edited_and_a_draft_needs_an_assessment(
    world: World, client: Client, vandalism
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.alice)
    report = _start(client, world)
    response = client.post(_url("adopt", pk=report.pk), follow=True)
    assert "Skriv beredningsgruppens bedömning" in response.content.decode()
    report.refresh_from_db()
    assert report.is_draft

    report.assessment = "Lugnt."
    report.save()
    client.post(_url("adopt", pk=report.pk))
    before = SituationReport.objects.get(pk=report.pk).snapshot
    response = client.post(_url("assess", pk=report.pk), {"assessment": "Ändrat"}, follow=True)
    assert "fastställd" in response.content.decode()
    report.refresh_from_db()
    assert report.assessment == "Lugnt." and report.snapshot == before
    # Nor deleted.
    client.post(_url("delete", pk=report.pk))
    assert SituationReport.objects.filter(pk=report.pk).exists()


def test_members_of_the_beredningsgrupp_compile_and_others_only_read(
    world: World, client: Client, vandalism
) -> None:  # type: ignore[no-untyped-def]
    member = make_person(world.testby, "Berit Beredning", user=world.dave)
    make_membership(world.preparation, member)
    client.force_login(world.dave)  # a reader in the municipality, but in the beredningsgrupp
    report = _start(client, world)
    assert (
        client.post(
            _url("assess", pk=report.pk),
            {"assessment": "Bedömt", f"colour_{world.area.pk}": "green"},
        ).status_code
        == 302
    )
    assert client.post(_url("adopt", pk=report.pk)).status_code == 302
    # …but publishing is the coordinators' decision.
    assert client.post(_url("publish", pk=report.pk), {"publish": "1"}).status_code == 403

    client.force_login(world.carol)
    assert client.get(_url("detail", pk=report.pk)).status_code == 200
    assert client.post(_url("new_version", pk=report.pk)).status_code == 403
    assert SituationReport.objects.count() == 1
