"""The evaluation pages: the list, writing a process and an effect evaluation (with a preview),
and the detail with the method, the four counts, the interval, the warnings, the displacement
table and the chart."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.process.models import Evaluation, EvaluationKind
from samverka.process.tests.evaluation_factories import make_child, make_measure
from samverka.situation.testing import make_category, spread


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def setup(world: World) -> dict[str, object]:
    root = world.root_area
    target = make_child(root, "Hammarkullen")
    comparison = make_child(root, "Kortedala")
    crime = make_category(world.testby, "skadegorelse", "Skadegörelse")
    spread(target, crime, date(2025, 1, 1), 40, 1)
    spread(target, crime, date(2025, 5, 1), 20, 1)
    spread(comparison, crime, date(2025, 1, 1), 40, 1)
    spread(comparison, crime, date(2025, 5, 1), 40, 1)
    return {
        "measure": make_measure(world.testby),
        "target": target,
        "comparison": comparison,
        "crime": crime,
    }


def _effect_post(setup: dict[str, object], **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Effekt av belysningen",
        "made_on": "2025-09-01",
        "target_area": setup["target"].pk,  # type: ignore[attr-defined]
        "comparison_area": setup["comparison"].pk,  # type: ignore[attr-defined]
        "category": setup["crime"].pk,  # type: ignore[attr-defined]
        "before_start": "2025-01-01",
        "before_end": "2025-03-31",
        "after_start": "2025-05-01",
        "after_end": "2025-07-29",
    }
    data.update(extra)
    return data


def test_a_coordinator_records_an_effect_evaluation_and_reads_its_result(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.alice)
    measure = setup["measure"]
    url = _url("evaluation_create", pk=measure.pk) + "?kind=effect"  # type: ignore[attr-defined]
    form = client.get(url)
    assert form.status_code == 200
    assert "Skillnad-i-skillnader" in form.content.decode()

    response = client.post(url, _effect_post(setup))
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("evaluation_detail", pk=evaluation.pk)
    assert evaluation.kind == EvaluationKind.EFFECT

    page = client.get(response["Location"]).content.decode()
    assert "Skillnad-i-skillnader: vi jämför" in page
    assert "Antalet minskade med 50 % mer i Hammarkullen än i Kortedala" in page
    assert "<caption>Händelser före (2025-01-01–2025-03-31)" in page
    assert "Hammarkullen (målområde)</th><td>40</td><td>20</td>" in page
    assert "<title id=" in page and "<desc id=" in page  # the chart, accessible
    assert "Förflyttning till grannområden?" in page
    assert "Statistiskt säker?" in page


def test_the_preview_shows_the_result_without_saving(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.alice)
    url = _url("evaluation_create", pk=setup["measure"].pk) + "?kind=effect"  # type: ignore[attr-defined]
    response = client.post(url, _effect_post(setup, preview="1"))
    assert response.status_code == 200
    assert "Förhandsgranskning: inget är sparat ännu." in response.content.decode()
    assert "Antalet minskade med 50 %" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_overlapping_periods_are_refused_on_the_form(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.alice)
    url = _url("evaluation_create", pk=setup["measure"].pk) + "?kind=effect"  # type: ignore[attr-defined]
    response = client.post(url, _effect_post(setup, after_start="2025-03-01"))
    assert response.status_code == 400
    assert "får inte överlappa" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_process_evaluation_through_the_page(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.alice)
    url = _url("evaluation_create", pk=setup["measure"].pk)  # type: ignore[attr-defined]
    response = client.post(
        url,
        {
            "title": "Genomförandet 2025",
            "made_on": "2025-09-01",
            "as_planned": "Delvis: två av tre gångvägar.",
            "reached": "Ja, eleverna på väg till skolan.",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Delvis: två av tre gångvägar." in page
    list_page = client.get(_url("evaluation_list")).content.decode()
    assert "Genomförandet 2025" in list_page


def test_an_unknown_kind_is_a_400_with_the_choices(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.alice)
    url = _url("evaluation_create", pk=setup["measure"].pk) + "?kind=magi"  # type: ignore[attr-defined]
    response = client.get(url)
    assert response.status_code == 400
    assert "Välj processutvärdering eller effektutvärdering." in response.content.decode()


def test_a_reader_sees_evaluations_but_may_not_write_them(
    client: Client, world: World, setup: dict[str, object]
) -> None:
    client.force_login(world.dave)
    assert client.get(_url("evaluation_list")).status_code == 200
    url = _url("evaluation_create", pk=setup["measure"].pk)  # type: ignore[attr-defined]
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_an_evaluation_of_another_municipality_is_404(client: Client, world: World) -> None:
    measure = make_measure(world.annanstad)
    evaluation = Evaluation.objects.create(
        municipality=world.annanstad,
        measure=measure,
        kind=EvaluationKind.PROCESS,
        title="Annanstads",
        made_on=date(2025, 1, 1),
    )
    client.force_login(world.alice)
    assert client.get(_url("evaluation_detail", pk=evaluation.pk)).status_code == 404
    assert client.get(_url("evaluation_create", pk=measure.pk)).status_code == 404


def test_the_chart_says_in_text_what_it_shows(world: World) -> None:
    from samverka.process.views.evaluations import effect_chart

    svg = effect_chart(
        {
            "per_30_days": {
                "target_before": 13.3,
                "target_after": 6.7,
                "comparison_before": 13.3,
                "comparison_after": 13.3,
            },
            "target_area": {"name": "Hammarkullen"},
            "comparison_area": {"name": "<Kortedala>"},
        },
        uid="t",
    )
    assert 'aria-labelledby="t-title t-desc"' in svg
    assert "Före: Hammarkullen 13,3, &lt;Kortedala&gt; 13,3" in svg
    assert "<Kortedala>" not in svg
