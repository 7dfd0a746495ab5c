"""The statistics pages: overview, comparison with charts, series, exports, import and links."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.stats.models import (
    AreaGeography,
    Geography,
    ImportStatus,
    StatisticsImport,
    StatValue,
)
from samverka.stats.testing import make_geography, make_value

FILE = (
    "# tabell: Anmälda brott i Testby\n"
    "Region;Regionkod;År;Brottskategori;Per 100 000 inv.;Antal\n"
    "Testby;9999;2023;Samtliga brott;5 100;510\n"
    "Testby;9999;2024;Samtliga brott;5 300;540\n"
    "Testby;9999;2024;Misshandel;410;41\n"
    "Hela landet;00;2024;Samtliga brott;14 300;1 500 000\n"
).encode()


@pytest.fixture
def testby(world: World) -> Geography:
    return make_geography("9999", "Testby", parent="14")


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": "testby", **kwargs})


def _import(client: Client, content: bytes = FILE) -> StatisticsImport:
    url = _url("stats:import")
    preview = client.post(
        url, {"format": "bra", "action": "preview", "file": SimpleUploadedFile("b.csv", content)}
    )
    assert preview.status_code == 200
    sha = preview.context["sha256"]
    response = client.post(url, {"action": "confirm", "sha256": sha})
    assert response.status_code == 302
    return StatisticsImport.objects.get(municipality__slug="testby")


def test_coordinator_reviews_then_imports_a_file(
    world: World, client: Client, testby: Geography
) -> None:
    client.force_login(world.alice)
    url = _url("stats:import")
    preview = client.post(
        url, {"format": "bra", "action": "preview", "file": SimpleUploadedFile("b.csv", FILE)}
    )
    page = preview.content.decode()
    assert "Granskning – inget är sparat än" in page
    assert "Nya värden</dt><dd>8</dd>" in page
    assert not StatValue.objects.exists()
    response = client.post(url, {"action": "confirm", "sha256": preview.context["sha256"]})
    job = StatisticsImport.objects.get()
    assert response["Location"] == _url("stats:import_detail", pk=job.pk)
    assert (job.status, job.created) == (ImportStatus.DONE, 8)
    detail = client.get(response["Location"]).content.decode()
    assert '<progress id="import-progress" max="8" value="8">' in detail
    # The htmx poll gets only the status fragment.
    fragment = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<div id="import-status"')
    # The same file again: the preview says nothing would change.
    again = client.post(
        url, {"format": "bra", "action": "preview", "file": SimpleUploadedFile("b.csv", FILE)}
    )
    assert "en import ändrar ingenting" in again.content.decode()


def test_the_overview_lists_areas_series_and_imports(
    world: World, client: Client, testby: Geography
) -> None:
    client.force_login(world.alice)
    _import(client)
    page = client.get(_url("stats:index")).content.decode()
    assert "Norra Testby" in page and "Samtliga brott" in page
    assert "b.csv" in page  # the import list, for coordinators
    client.force_login(world.dave)
    page = client.get(_url("stats:index")).content.decode()
    assert "Samtliga brott" in page
    assert "Importera statistik" not in page and "b.csv" not in page


def test_the_comparison_shows_the_chart_and_the_same_figures_as_a_table(
    world: World, client: Client, testby: Geography
) -> None:
    client.force_login(world.alice)
    _import(client)
    client.force_login(world.dave)
    response = client.get(_url("stats:compare"), {"omrade": world.root_area.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page and 'role="img"' in page
    assert "<caption>Samtliga brott per 100 000 invånare</caption>" in page
    assert "5\u00a0300" in page and "14\u00a0300" in page
    assert "Uppgift saknas för" not in page  # 2023 and 2024 follow each other
    # The offence categories chart and its table.
    assert "Misshandel" in page and "410" in page
    csv = client.get(_url("stats:compare_export", fmt="csv"), {"omrade": world.root_area.pk})
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("År;Område;Per 100 000")
    assert "2024;Testby;5300.0" in text or "2024;Testby;5300" in text


def test_an_area_without_statistics_is_explained(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(_url("stats:compare"), {"omrade": world.area.pk}).content.decode()
    assert "inte kopplat till något statistikområde" in page


def test_series_page_and_export_show_provenance_and_suppression(
    world: World, client: Client, testby: Geography
) -> None:
    value = make_value(
        source="bra",
        category="rån",
        unit="count",
        year=2024,
        value=None,
        geography=testby,
        name="Rån",
    )
    client.force_login(world.dave)
    page = client.get(_url("stats:series_detail", pk=value.series_id)).content.decode()
    assert ".. <span" in page and "skyddat" in page and "Testkälla" in page
    assert "påhittat exempel" in page
    csv = client.get(_url("stats:value_export", fmt="csv")).content.decode("utf-8-sig")
    assert "Rån;Brå, anmälda brott;antal;9999;Testby;2024;..;" in csv


def test_coordinator_links_an_area_to_its_statistics(
    world: World, client: Client, testby: Geography
) -> None:
    client.force_login(world.alice)
    url = _url("stats:area_link", pk=world.area.pk)
    assert client.get(url).status_code == 200
    lpo = make_geography("lpo-x", "X", "local_police_area")
    response = client.post(url, {"geography": testby.pk, "survey_geography": lpo.pk})
    assert response.status_code == 302
    link = AreaGeography.objects.get(area=world.area)
    assert (link.geography, link.survey_geography) == (testby, lpo)
    bad = client.post(url, {"geography": "99999999999999999999"})
    assert bad.status_code == 400
    assert "Välj ett giltigt alternativ" in bad.content.decode()
    # Both empty: the link is removed.
    assert client.post(url, {"geography": "", "survey_geography": ""}).status_code == 302
    assert not AreaGeography.objects.exists()


def test_geography_list_shows_codes(world: World, client: Client, testby: Geography) -> None:
    client.force_login(world.dave)
    page = client.get(_url("stats:geography_list")).content.decode()
    assert "Västra Götalands län" in page and "9999" in page
