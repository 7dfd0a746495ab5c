from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World

pytestmark = pytest.mark.django_db


def test_dates_on_pages_carry_their_iso_week(world: World, client: Client) -> None:
    world.document.next_review = date(2027, 1, 1)  # a Friday in week 53 of 2026
    world.document.save()
    client.force_login(world.dave)
    url = reverse(
        "organisation:document_detail", kwargs={"municipality": "testby", "pk": world.document.pk}
    )
    page = client.get(url).content.decode()
    assert "2027-01-01 (v. 53)" in page


def test_the_footer_says_todays_date_and_week_in_swedish(world: World, client: Client) -> None:
    client.force_login(world.dave)
    page = client.get(reverse("organisation:municipality", kwargs={"municipality": "testby"}))
    from django.utils import timezone

    week = timezone.localdate().isocalendar()[1]
    assert f"vecka {week}" in page.content.decode()
