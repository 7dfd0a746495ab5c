"""The lägesbild pages, files and API as a user meets them; files read back by independent readers
(pdftotext, openpyxl, GDAL's ogr2ogr)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import World, make_area
from samverka.situation import services
from samverka.situation.models import SituationReport
from samverka.situation.periods import parse_period
from samverka.situation.testing import at, make_category, make_incident
from tests.authz.rows_situation import foreign

PERIOD = parse_period("2026-W45/2026-W46")


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"situation:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def adopted(world: World) -> SituationReport:
    """Norra Testby, v. 45–46 2026, adopted: 12 events of vandalism (a surge against 2 a
    fortnight before) in a block with a boundary, and 3 gatherings."""
    world.area.boundary = {
        "type": "Polygon",
        "coordinates": [
            [[11.99, 57.69], [12.02, 57.69], [12.02, 57.71], [11.99, 57.71], [11.99, 57.69]]
        ],
    }
    world.area.save()
    block = make_area(world.testby, "Kvarteret Eken", parent=world.area)
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    gathering = make_category(world.testby, "samling", "Otrygghetsskapande samling")
    for fortnight in range(1, 7):
        for i in range(2):
            make_incident(block, vandalism, PERIOD.start - timedelta(days=14 * fortnight - i))
    for i in range(12):
        make_incident(
            block,
            vandalism,
            at(PERIOD.start + timedelta(days=i % 5), 21),
            latitude=57.7001 + 0.0001 * (i % 3),
            longitude=12.0001,
            place_name="Skoltorget",
            description="Klotter på skolans vägg vid Skoltorget",
        )
    for i in range(3):
        make_incident(world.area, gathering, PERIOD.start + timedelta(days=i))
    report = services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=world.alice
    )
    services.report_update(
        report=report,
        user=world.alice,
        assessment="Hemlig bedömning: klotter vid skolan.",
        statuses={block.pk: ("red", "Skäl: mycket klotter")},
    )
    return services.report_adopt(report=report, user=world.alice)


def test_the_pages_show_the_figures_with_their_flags(
    world: World, client: Client, adopted: SituationReport
) -> None:
    client.force_login(world.dave)
    page = client.get(_url("detail", pk=adopted.pk)).content.decode()
    assert "Hemlig bedömning" in page and "Fastställd" in page
    assert "säker ökning" in page  # 12 against a mean of 2
    assert "Skoltorget" in page  # a repeat place, by name
    assert 'id="situation-map-data"' in page and "<svg" in page
    assert "Kvarteret Eken" in page

    index = client.get(_url("index")).content.decode()
    assert "Norra Testby, v. 45–46 2026" in index
    live = client.get(_url("live"), {"area": str(world.area.pk), "period": "2026-W45/2026-W46"})
    assert live.status_code == 200
    assert "Beräknad nu" in live.content.decode()
    default = client.get(_url("live"))
    assert default.status_code == 200
    bad = client.get(_url("live"), {"area": str(world.area.pk), "period": "2026-W45/2026-W47"})
    assert bad.status_code == 400
    assert "två veckor i följd" in bad.content.decode()
    export = client.get(_url("export", fmt="csv")).content.decode("utf-8-sig")
    assert "Norra Testby;v. 45–46 2026;2026-W45/2026-W46;1;Fastställd" in export


def test_the_public_version_is_coarse_suppressed_and_free_of_text(
    world: World, client: Client, adopted: SituationReport
) -> None:
    url = _url("public_detail", pk=adopted.pk)
    assert client.get(url).status_code == 404  # adopted, but not published
    services.report_publish(report=adopted, user=world.alice, publish=True)

    page = client.get(url).content.decode()  # no login
    assert "Lägesbild Norra Testby" in page
    assert "&lt;5" in page  # the three gatherings
    assert ">3<" not in page
    for secret in ("Hemlig bedömning", "Skoltorget", "Klotter på skolans", "Skäl: mycket klotter"):
        assert secret not in page
    assert "Röd" in page  # the colour, without its reasons
    listing = client.get(_url("public_list")).content.decode()
    assert "Norra Testby, v. 45–46 2026" in listing


def test_the_pdf_reads_back_with_pdftotext(
    world: World, client: Client, adopted: SituationReport, tmp_path: Path
) -> None:
    client.force_login(world.carol)
    response = client.get(_url("pdf", pk=adopted.pk))
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "lagesbild.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Lägesbild Norra Testby, v. 45–46 2026" in text
    assert "Hemlig bedömning: klotter vid skolan." in text
    assert "Skadegörelse" in text and "säker ökning" in text
    assert "Kvarteret Eken" in text


def test_the_xlsx_reads_back_with_openpyxl(
    world: World, client: Client, adopted: SituationReport
) -> None:
    client.force_login(world.carol)
    response = client.get(_url("xlsx", pk=adopted.pk))
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    summary = {row[0]: row[1] for row in workbook["Sammanfattning"].iter_rows(values_only=True)}
    assert summary["Händelser"] == 15
    assert summary["Status"] == "Fastställd"
    categories = list(workbook["Kategorier"].iter_rows(values_only=True))
    vandalism = next(r for r in categories if r[0] == "Skadegörelse")
    assert vandalism[1] == 12 and vandalism[8] == 2  # now, and the mean of 6 periods
    assert vandalism[10] == "säker ökning"
    statuses = list(workbook["Status"].iter_rows(values_only=True))
    assert ("Kvarteret Eken", "röd", "Skäl: mycket klotter") in statuses
    assert set(workbook.sheetnames) >= {"Veckodag och timme", "Trend", "Rutor", "Rapportering"}


def test_the_geojson_reads_back_with_ogr2ogr(
    world: World, client: Client, adopted: SituationReport, tmp_path: Path
) -> None:
    client.force_login(world.carol)
    response = client.get(_url("geojson", pk=adopted.pk))
    assert response["Content-Type"] == "application/geo+json"
    source = tmp_path / "lagesbild.geojson"
    source.write_bytes(response.content)
    target = tmp_path / "lagesbild.csv"
    subprocess.run(
        ["ogr2ogr", "-f", "CSV", str(target), str(source), "-lco", "GEOMETRY=AS_WKT"],
        check=True,
        capture_output=True,
    )
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    cells = [r for r in rows if r["typ"] == "ruta"]
    assert sum(int(r["handelser"]) for r in cells) == 12  # the reports with a point
    assert all(
        r["WKT"].startswith("POLYGON ((12.0") or r["WKT"].startswith("POLYGON ((11.9")
        for r in cells
    )
    assert any(r["typ"] == "område" and r["namn"] == "Norra Testby" for r in rows)
    info = subprocess.run(
        ["ogrinfo", "-ro", "-al", "-so", str(source)], capture_output=True, check=True, text=True
    ).stdout
    assert "WGS 84" in info


def test_another_municipalitys_lagesbild_is_not_found(world: World, client: Client) -> None:
    targets = foreign(world)
    other = targets["situation:detail"]["pk"]
    client.force_login(world.alice)
    before = SituationReport.objects.count()
    for name in ("adopt", "new_version", "publish", "delete"):
        assert client.post(_url(name, pk=other), {"publish": "1"}).status_code == 404, name
    for name, kwargs in targets.items():
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
    assert SituationReport.objects.count() == before


def test_the_api_gives_live_figures_and_small_map_data(
    world: World, client: Client, adopted: SituationReport
) -> None:
    client.force_login(world.dave)
    base = {"municipality_slug": "testby"}
    live = client.get(
        reverse("api-situation-live", kwargs=base),
        {"area": str(world.area.pk), "period": "2026-W45/2026-W46"},
    ).json()
    assert live["total"]["current"] == 15
    bad = client.get(reverse("api-situation-live", kwargs=base), {"period": "vecka 45"})
    assert bad.status_code == 400 and "ingen period" in bad.json()["period"][0]
    grid = client.get(reverse("api-situation-map", kwargs=base), {"from": "2026-11-02"}).json()
    assert grid["events"] == 12 and grid["grid"]["cell_m"] == 250
    listing = client.get(reverse("api-situation-report-list", kwargs=base)).json()
    assert listing["results"][0]["period_code"] == "2026-W45/2026-W46"
    assert "figures" not in listing["results"][0]
    assert json.dumps(listing).count("Hemlig") == 1  # the assessment is for the municipality
