import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from samverka.core.testing import make_group
from samverka.organisation.models import GroupKind


def url(name: str, slug: str = "testby") -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug})


def test_chart_page_shows_the_figure_with_caption_legend_and_downloads(client, world):
    client.force_login(world.dave)

    response = client.get(url("chart"))

    assert response.status_code == 200
    page = response.content.decode()
    figure = page[page.index("<figure") : page.index("</figure>")]
    assert "<svg" in figure
    assert (
        "<figcaption>Organisation för det brottsförebyggande arbetet i Testby kommun</figcaption>"
        in figure
    )
    # Boxes in the inline chart link to the group pages.
    group_url = reverse(
        "organisation:group_detail", kwargs={"municipality": "testby", "pk": world.steering.pk}
    )
    assert f'href="{group_url}"' in figure
    assert "Teckenförklaring" in page
    assert url("chart_svg") in page
    assert url("chart_png") in page


def test_chart_page_has_the_structure_as_a_nested_list(client, world):
    client.force_login(world.dave)

    page = client.get(url("chart")).content.decode()

    text = page[page.index('id="chart-text-heading"') :]
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    # Styrgruppen ← Beredningsgruppen ← Trygghetsgruppen Norra, in that nesting order.
    assert re.search(
        r"Styrgruppen .*Grupper som rapporterar till Styrgruppen: Beredningsgruppen .*"
        r"Grupper som rapporterar till Beredningsgruppen: Trygghetsgruppen Norra",
        text,
    )
    tree = client.get(url("chart")).context["tree"]
    assert [node.group for node in tree] == [world.steering]
    assert [child.group for child in tree[0].children] == [world.preparation]
    assert [child.group for child in tree[0].children[0].children] == [world.safety_group]


def test_text_alternative_leaves_out_ended_groups_like_the_chart(client, world):
    make_group(
        world.testby,
        "Avslutad arbetsgrupp",
        kind=GroupKind.WORKING,
        reports_to=world.preparation,
        end_date=date.today() - timedelta(days=30),
    )
    client.force_login(world.alice)

    tree = client.get(url("chart")).context["tree"]

    names = [node.group.name for node in tree[0].children[0].children]
    assert names == ["Trygghetsgruppen Norra"]


def test_chart_svg_is_served_as_a_download(client, world):
    client.force_login(world.dave)

    response = client.get(url("chart_svg"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert 'filename="organisationsschema-testby.svg"' in response["Content-Disposition"]
    body = response.content.decode()
    assert "<svg" in body
    assert "Styrgruppen" in body
    assert "Annanstads styrgrupp" not in body


def test_chart_png_is_served_as_a_download(client, world):
    client.force_login(world.dave)

    response = client.get(url("chart_png"))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert 'filename="organisationsschema-testby.png"' in response["Content-Disposition"]
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize("name", ["chart", "chart_svg", "chart_png"])
def test_chart_of_another_municipality_is_404(client, world, name):
    client.force_login(world.olle)

    assert client.get(url(name)).status_code == 404
