"""A NUL byte in a query string or a path is a Swedish 400, never a 500.

PostgreSQL refuses a NUL character in any text it compares or stores, so ``?kategori=%00`` on the
statistics page was a 500 there (SQLite let it through). One middleware refuses it for every page
and every API endpoint; these are the places where a query value reaches the database: the
filters of incidents, the lägesbild, statistics, meetings and commitments, and the API's filters.
Run on both databases (CI runs the suite on SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest
from django.test import Client

from samverka.core.testing import World

pytestmark = pytest.mark.django_db

K = "/k/testby"
API = "/api/v1/municipalities/testby"
PAGES = [
    (f"{K}/statistik/", "kategori"),
    (f"{K}/statistik/", "omrade"),
    (f"{K}/statistik/jamfor/", "kategori"),
    (f"{K}/handelser/", "category"),
    (f"{K}/handelser/", "area"),
    (f"{K}/handelser/", "source"),
    (f"{K}/lagesbild/", "area"),
    (f"{K}/moten/", "grupp"),
    (f"{K}/moten/ataganden/", "status"),
    (f"{K}/omraden/", "q"),
]
API_FILTERS = [
    (f"{API}/incidents/", "source"),
    (f"{API}/incidents/", "status"),
    (f"{API}/incident-coverage/", "weeks"),
    (f"{API}/statistics/values/", "category"),
    (f"{API}/statistics/series/", "source"),
    (f"{API}/meetings/", "status"),
    (f"{API}/commitments/", "status"),
    (f"{API}/memberships/", "group"),
    (f"{API}/situation/", "period"),
]
MESSAGE = "otillåtet tecken (NUL)"


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.alice)
    return client


@pytest.mark.parametrize(("path", "key"), PAGES)
def test_a_nul_in_a_page_filter_is_a_swedish_400(world: World, path: str, key: str) -> None:
    for query in (f"?{key}=%00", f"?{key}=a%00b", f"?{key}%00=1"):
        response = _client(world).get(path + query)
        assert response.status_code == 400, (path + query, response.status_code)
        assert MESSAGE in response.content.decode()


@pytest.mark.parametrize(("path", "key"), API_FILTERS)
def test_a_nul_in_an_api_filter_is_a_json_400(world: World, path: str, key: str) -> None:
    response = _client(world).get(f"{path}?{key}=1%00")
    assert response.status_code == 400, (path, response.status_code)
    assert MESSAGE in response.json()["detail"]


def test_a_nul_in_a_path_is_a_400(world: World) -> None:
    response = _client(world).get(f"{K}/handelser/%00/")
    assert response.status_code == 400
    response = _client(world).get("/k/test%00by/")
    assert response.status_code == 400


def test_the_same_requests_without_nul_are_answered(world: World) -> None:
    client = _client(world)
    for path, key in [*PAGES, *API_FILTERS]:
        response = client.get(f"{path}?{key}=x")
        assert response.status_code < 500, path
        assert MESSAGE not in response.content.decode(), path
