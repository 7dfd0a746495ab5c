"""Swedish by default, English when the user asks for it."""

from django.test import Client
from django.urls import reverse

from samverka.core.testing import World


def test_swedish_is_the_default(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(reverse("organisation:group_list", kwargs={"municipality": "testby"}))
    assert '<html lang="sv"' in page.content.decode()
    assert "Hälsokontroll" in page.content.decode()


def test_choosing_english_translates_the_interface(world: World, client: Client) -> None:
    client.force_login(world.dave)
    url = reverse("organisation:group_list", kwargs={"municipality": "testby"})
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page
    assert "Health check" in page
    assert "Hälsokontroll" not in page
