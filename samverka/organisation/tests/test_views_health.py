import csv
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from samverka.organisation.health import RULES


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def test_health_page_groups_findings_by_severity_with_text_labels(client, world):
    client.force_login(world.dave)

    response = client.get(url("health"))

    assert response.status_code == 200
    page = re.sub(r"\s+", " ", response.content.decode())
    # Counts on top, each with its severity in words (not colour alone).
    assert "Fel</span>: <strong>0</strong>" in page
    assert "Varning</span>: <strong>3</strong>" in page
    assert "Information</span>: <strong>0</strong>" in page
    assert '<h2 id="severity-warning">Varning (3)</h2>' in page
    assert 'id="severity-error"' not in page
    assert "Varning:</span> Grupp saknar ordförande eller sammankallande" in page
    # Each finding says what it rests on, and guidance names its source.
    assert "<strong>Brås råd:</strong>" in page
    assert "Källa: Brå, faktabladet ”Organisera lokalt brottsförebyggande arbete” (2021)" in page


def test_each_finding_links_to_its_subject(client, world):
    client.force_login(world.alice)

    page = client.get(url("health")).content.decode()

    group_link = url("group_detail", pk=world.safety_group.pk)
    assert f'<a href="{group_link}">Trygghetsgruppen Norra</a>' in page
    assert f'<a href="{url("checklist")}">Uppstartsfrågor</a>' in page


def test_health_page_lists_every_rule_and_which_passed(client, world):
    client.force_login(world.alice)

    response = client.get(url("health"))

    rules = response.context["rules"]
    assert [row["rule"].code for row in rules] == [rule.code for rule in RULES]
    passed = {row["rule"].code: row["passed"] for row in rules}
    assert passed["no_deciding_group"] is True
    assert passed["group_without_chair"] is False
    page = response.content.decode()
    assert str(RULES[0].description) in page
    assert "Godkänd" in page


def test_health_is_404_for_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("health")).status_code == 404
    assert client.get(url("health_export", fmt="csv")).status_code == 404


def test_health_export_csv(client, world):
    client.force_login(world.dave)

    response = client.get(url("health_export", fmt="csv"))

    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Allvarlighet", "Iakttagelse", "Gäller"]
    assert len(rows) == 4
    assert (rows[1][:3]) == [
        "Varning",
        "Grupp saknar ordförande eller sammankallande",
        "Beredningsgruppen",
    ]
    assert rows[1][5].endswith(url("group_detail", pk=world.preparation.pk))
    # What the finding rests on, and the guidance's source.
    assert rows[0][6:] == ["Grund", "Källa"]
    assert rows[1][6:] == [
        "Brås råd",
        "Brå, faktabladet ”Organisera lokalt brottsförebyggande arbete” (2021)",
    ]


def test_health_export_xlsx(client, world):
    client.force_login(world.alice)

    response = client.get(url("health_export", fmt="xlsx"))

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4
    assert sheet["A1"].value == "Allvarlighet"


@pytest.mark.parametrize("fmt", ["pdf", "txt"])
def test_health_export_of_unknown_format_is_404(client, world, fmt):
    client.force_login(world.alice)

    assert client.get(url("health_export", fmt=fmt)).status_code == 404
