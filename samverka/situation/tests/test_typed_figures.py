"""The lägesbild's figures as one typed shape with one JSON form: the JSON round trip, a snapshot
stored by an earlier schema still loads (page, files, API, public page), and the findings a
problem can cite — labels and values checked against a small world counted by hand."""

from __future__ import annotations

import copy
import io
import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core import extensions
from samverka.core.extensions import RelatedLink
from samverka.core.testing import World, make_area
from samverka.situation import services
from samverka.situation.figures import SCHEMA, SituationFigures, compute_situation
from samverka.situation.figures.typed import finding_anchor
from samverka.situation.models import SituationReport
from samverka.situation.periods import parse_period
from samverka.situation.selectors import compare_figures, figures_for
from samverka.situation.testing import at, make_category, make_incident, spread

PERIOD = parse_period("2026-W45/2026-W46")  # Monday 2 November – Sunday 15 November 2026
SCHEMA_1 = Path(__file__).parent / "fixtures" / "snapshot_schema1.json"


@pytest.fixture
def small(world: World) -> dict[str, Any]:
    """Testby with two sub-areas, counted by hand (the mean is over the 6 fortnights before):

    - Norra Testby, assault: 10 a fortnight before (5 days × 2), 14 now (7 days × 2, all of the
      subcategory "Misshandel utomhus") — +40 % against the mean of 10, not a sure change;
    - Södra Testby, vandalism: 5 a fortnight before, 33 now (10 days × 3, and 3 at Torget on one
      evening, with a point) — +560 % against 5, a sure increase;
    - total: 47 now against a mean of 15 (+213 %)."""
    assault = make_category(world.testby, "misshandel", "Misshandel")
    outdoors = make_category(world.testby, "utomhus", "Misshandel utomhus", parent=assault)
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    south = make_area(world.testby, "Södra Testby", parent=world.root_area)
    for fortnight in range(1, 7):
        start = PERIOD.start - timedelta(days=14 * fortnight)
        spread(world.area, assault, start, days=5, per_day=2)
        spread(south, vandalism, start, days=5, per_day=1)
    spread(world.area, assault, PERIOD.start, days=7, per_day=2, subcategory=outdoors)
    spread(south, vandalism, PERIOD.start, days=10, per_day=3)
    for hour in (21, 22, 23):
        make_incident(
            south,
            vandalism,
            at(PERIOD.start + timedelta(days=4), hour),
            place_name="Torget",
            latitude=57.70001,
            longitude=11.97001,
        )
    return {
        "assault": assault,
        "outdoors": outdoors,
        "vandalism": vandalism,
        "north": world.area,
        "south": south,
    }


def _adopt(world: World, area: Any) -> SituationReport:
    report = services.report_create(
        municipality=world.testby, area=area, period=PERIOD, user=world.alice
    )
    services.report_update(report=report, user=world.alice, assessment="Lugnt.")
    return services.report_adopt(report=report, user=world.alice)


def test_the_json_form_reads_back_to_the_same_figures(world: World, small: dict) -> None:
    figures = compute_situation(world.root_area, PERIOD)
    data = figures.to_json()
    assert data["schema"] == SCHEMA
    # As a JSONField stores it: through json text and back.
    stored = json.loads(json.dumps(data))
    assert SituationFigures.from_json(stored) == figures
    assert SituationFigures.from_json(stored).to_json() == data
    # A version compared with itself differs nowhere.
    assert compare_figures(figures, SituationFigures.from_json(stored))["changed"] == 0


def test_the_api_gives_exactly_the_stored_json(world: World, small: dict, client: Client) -> None:
    report = _adopt(world, world.root_area)
    assert report.snapshot is not None
    assert figures_for(report).to_json() == report.snapshot
    client.force_login(world.dave)
    api = client.get(
        reverse(
            "api-situation-report-detail", kwargs={"municipality_slug": "testby", "pk": report.pk}
        )
    ).json()
    assert api["figures"] == report.snapshot
    south = next(s for s in api["figures"]["subareas"] if s["name"] == "Södra Testby")
    assert south["category_changes"]["skadegorelse"]["percent"] == 560.0
    assert "misshandel" not in south["category_changes"]  # nothing there, now or before


def test_findings_read_as_counted_by_hand(world: World, small: dict) -> None:
    figures = compute_situation(world.root_area, PERIOD)
    a, v, u = small["assault"].pk, small["vandalism"].pk, small["outdoors"].pk
    n, s = small["north"].pk, small["south"].pk
    found = {f.key: (f.label, f.value) for f in figures.findings()}

    assert found["total"] == (
        "Alla händelser i Testby",
        "47 händelser, +213 % mot snittet för de 6 föregående perioderna (15), säker ökning",
    )
    assert found[f"category:{a}"] == (
        "Misshandel i Testby",
        "14 händelser, +40 % mot snittet för de 6 föregående perioderna (10), "
        "ingen säker förändring",
    )
    assert found[f"subcategory:{u}"] == (
        "Misshandel utomhus (misshandel) i Testby",
        "14 händelser, 0 föregående period",
    )
    assert found[f"subarea:{n}"][0] == "Alla händelser i Norra Testby"
    assert found[f"subarea:{n}/category:{a}"] == (
        "Misshandel i Norra Testby",
        "14 händelser, +40 % mot snittet för de 6 föregående perioderna (10), "
        "ingen säker förändring",
    )
    assert found[f"subarea:{s}/category:{v}"] == (
        "Skadegörelse i Södra Testby",
        "33 händelser, +560 % mot snittet för de 6 föregående perioderna (5), säker ökning",
    )
    assert found["repeat_place:1"] == (
        "Upprepad plats i Testby: Torget",
        "3 rapporter, 3 händelser",
    )
    label, value = found["repeat_place:2"]  # the same place as a 50 m cell
    assert label.startswith("Upprepad plats i Testby: Torget, 57,70") and "ruta om 50 m" in label
    assert value == "3 rapporter, 3 händelser"

    # In the page's order; a quiet combination is not listed but can still be looked up.
    assert list(found) == [
        "total",
        f"category:{a}",
        f"subcategory:{u}",
        f"category:{v}",
        f"subarea:{n}",
        f"subarea:{n}/category:{a}",
        f"subarea:{s}",
        f"subarea:{s}/category:{v}",
        "repeat_place:1",
        "repeat_place:2",
    ]
    quiet = figures.finding(f"subarea:{n}/category:{v}")
    assert quiet is not None and quiet.value == "0 händelser"
    assert figures.finding("category:999999") is None
    assert figures.finding(f"subarea:{s}/category:{v}") == next(
        f for f in figures.findings() if f.key == f"subarea:{s}/category:{v}"
    )
    assert finding_anchor(f"subarea:{s}/category:{v}") == f"finding-subarea-{s}-category-{v}"


def test_a_hot_spot_finding_names_its_place_and_strength() -> None:
    data = json.loads(SCHEMA_1.read_text(encoding="utf-8"))
    data["hotspots"]["clusters"] = [
        {"lat": 57.79312, "lon": 12.00118, "cells": 3, "events": 23, "z": 4.12, "confidence": 99}
    ]
    hot = SituationFigures.from_json(data).finding("hotspot:1")
    assert hot is not None
    assert hot.label == "Hot spot 1 i Testby (57,7931° N, 12,0012° E)"
    assert hot.value == "23 händelser i 3 rutor om 250 m, Gi* z 4,1, 99 % säkerhet"
    assert hot.anchor == "finding-hotspot-1"


def test_a_schema_1_snapshot_still_loads() -> None:
    """A snapshot adopted before schema 2 (taken from the code as it was): every figure reads;
    written back it is the same JSON with the new key empty."""
    old = json.loads(SCHEMA_1.read_text(encoding="utf-8"))
    assert old["schema"] == 1
    figures = SituationFigures.from_json(old)
    assert figures.schema == 1
    assert figures.total.current == 47 and figures.area.name == "Testby"
    assert [c.name for c in figures.categories] == ["Misshandel", "Skadegörelse"]
    assert figures.period.start is not None and figures.period.start.isoformat() == "2026-11-02"
    expected = copy.deepcopy(old)
    for subarea in expected["subareas"]:
        subarea["category_changes"] = {}
    assert figures.to_json() == expected
    # Without the per-category comparison the finding still says what schema 1 knew: the flag.
    south = figures.finding("subarea:4/category:3")
    assert south is not None
    assert south.label == "Skadegörelse i Södra Testby"
    assert south.value == "33 händelser, säker ökning mot snittet"


def test_a_garbled_schema_number_is_refused() -> None:
    with pytest.raises(ValueError, match="schema"):
        SituationFigures.from_json({"schema": 99})


def test_an_old_snapshot_shows_on_the_page_in_the_files_the_api_and_in_public(
    world: World, small: dict, client: Client
) -> None:
    report = _adopt(world, world.root_area)
    report.snapshot = json.loads(SCHEMA_1.read_text(encoding="utf-8"))
    report.is_published = True
    report.save()
    client.force_login(world.dave)
    kwargs = {"municipality": "testby", "pk": report.pk}
    page = client.get(reverse("situation:detail", kwargs=kwargs))
    assert page.status_code == 200 and 'class="num big">47<' in page.content.decode()
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("situation:xlsx", kwargs=kwargs)).content)
    )
    summary = dict(workbook["Sammanfattning"].iter_rows(values_only=True))
    assert summary["Händelser"] == 47 and summary["Första dag"] == "2026-11-02"
    assert client.get(reverse("situation:pdf", kwargs=kwargs)).status_code == 200
    geojson = json.loads(client.get(reverse("situation:geojson", kwargs=kwargs)).content)
    assert sum(f["properties"]["handelser"] or 0 for f in geojson["features"]) == 3
    api = client.get(
        reverse(
            "api-situation-report-detail", kwargs={"municipality_slug": "testby", "pk": report.pk}
        )
    ).json()
    assert api["figures"]["schema"] == 1 and api["figures"]["total"]["current"] == 47
    client.logout()
    public = client.get(reverse("situation:public_detail", kwargs=kwargs))
    assert public.status_code == 200 and "Skadegörelse" in public.content.decode()


def test_every_finding_has_its_anchor_on_the_page_and_the_page_shows_where_it_is_used(
    world: World, small: dict, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _adopt(world, world.root_area)

    def used_in(subject: str, obj: Any, access: Any) -> list[RelatedLink]:
        if subject != "situation.SituationReport":
            return []
        return [RelatedLink(label="Otrygghet i Södra Testby", url="/problem/1/", detail="problem")]

    monkeypatch.setitem(extensions._RELATED, "test-used-in", (0, used_in))
    client.force_login(world.dave)
    page = client.get(
        reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk})
    ).content.decode()
    for finding in figures_for(report).findings():
        assert f'id="{finding.anchor}"' in page, finding.key
    assert "Används i" in page
    assert '<a href="/problem/1/">Otrygghet i Södra Testby</a> – problem' in page


def test_without_links_there_is_no_used_in_box(
    world: World, small: dict, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(extensions, "_RELATED", {})
    report = _adopt(world, world.area)
    client.force_login(world.dave)
    page = client.get(
        reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk})
    ).content.decode()
    assert "Används i" not in page
