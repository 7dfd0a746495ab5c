"""The reports pages: the list of areas, the fact sheet page and PDF, the JSON API and the text
library that coordinators edit."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from samverka.reports.models import FactSheetText


def _url(name: str, **kwargs: object) -> str:
    return reverse(name, kwargs={"municipality": "testby", **kwargs})


def test_reports_list_every_area_with_its_fact_sheet(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(_url("reports:index")).content.decode()
    assert _url("reports:factsheet", pk=world.area.pk) in page
    assert _url("reports:factsheet_pdf_job", pk=world.root_area.pk) in page
    assert "Ändra faktabladets texter" not in page  # readers do not edit


def test_the_fact_sheet_page_and_its_pdf(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(_url("reports:factsheet", pk=world.area.pk)).content.decode()
    assert "<h1>Primärområde Norra Testby</h1>" in page
    assert "uppgift saknas jfr hela landet uppgift saknas" in page
    assert 'role="img"' in page  # the organisation chart, inline
    response = client.get(_url("reports:factsheet_pdf", pk=world.area.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="faktablad-norra-testby.pdf"'
    assert response.content.startswith(b"%PDF")


def test_the_fact_sheet_as_json(world: World, client: Client) -> None:
    client.force_login(world.dave)
    url = reverse("api-factsheet", kwargs={"municipality_slug": "testby", "pk": world.area.pk})
    body = client.get(url).json()
    assert body["area"]["heading"] == "Primärområde Norra Testby"
    assert body["figures"]["reported_crimes_per_100k"] == (
        "uppgift saknas jfr hela landet uppgift saknas"
    )
    assert body["area_safety_groups"]["groups"][0]["name"] == "Trygghetsgruppen Norra"
    assert body["texts"]["kom_igang"]["title"] == "Brå – Kom igång med arbetet"


def test_coordinator_rewrites_a_box_and_restores_brås_text(world: World, client: Client) -> None:
    client.force_login(world.alice)
    assert "Brås text" in client.get(_url("reports:text_list")).content.decode()
    url = _url("reports:text_edit", key="kom_igang")
    response = client.post(
        url, {"title": "Så började Testby", "body": "Vi började med:\n\n- a\n- b"}
    )
    assert response.status_code == 302
    page = client.get(_url("reports:factsheet", pk=world.area.pk)).content.decode()
    assert "Så började Testby" in page and "<li>a</li><li>b</li>" in page
    assert "Bestäm vad kommunen vill uppnå" not in page
    # Another municipality keeps Brå's text.
    assert not FactSheetText.objects.filter(municipality=world.annanstad).exists()
    client.post(_url("reports:text_reset", key="kom_igang"))
    page = client.get(_url("reports:factsheet", pk=world.area.pk)).content.decode()
    assert "Bestäm vad kommunen vill uppnå" in page
    assert not FactSheetText.objects.exists()


def test_a_text_must_have_a_title_and_a_body(world: World, client: Client) -> None:
    client.force_login(world.alice)
    response = client.post(_url("reports:text_edit", key="kom_igang"), {"title": "", "body": ""})
    assert response.status_code == 400
    assert not FactSheetText.objects.exists()
    assert client.get(_url("reports:text_edit", key="finns-inte")).status_code == 404
