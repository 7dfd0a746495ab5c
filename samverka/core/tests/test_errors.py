"""With the database down: /health/ says so in JSON (503) and every page answers a Swedish error
page that needs no database; the other error pages are Swedish too."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, override_settings

from samverka.core.testing import World


@pytest.fixture
def database_down() -> Iterator[None]:
    """Every connection refuses, as PostgreSQL on an unreachable port: each query asks for a
    connection first (``ensure_connection``), and gets the driver's error."""

    def refuse(self: BaseDatabaseWrapper) -> None:
        raise OperationalError(
            'connection to server at "127.0.0.1", port 9 failed: Connection refused'
        )

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


def test_health_answers_503_json_when_the_database_is_unreachable(database_down: None) -> None:
    response = Client(raise_request_exception=False).get("/health/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json()["database"] == "unreachable"
    assert response.json()["detail"] == "Databasen går inte att nå."


def test_health_answers_200_when_the_database_answers(db: None) -> None:
    response = Client().get("/health/")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize("path", ["/", "/k/testby/", "/k/testby/moten/", "/konto/logga-in/"])
def test_every_page_answers_a_swedish_500_without_the_database(world: World, path: str) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)  # a session and a user, which the page cannot load now
    with mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("Connection refused"),
        autospec=True,
    ):
        response = client.get(path)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Något gick fel hos oss" in html and 'lang="sv"' in html
    assert "Server Error" not in html


def test_the_api_answers_json_when_the_database_is_down(world: World) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.alice)
    with mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("Connection refused"),
        autospec=True,
    ):
        response = client.get("/api/v1/municipalities/")
    assert response.status_code == 500
    assert response.json()["detail"] == "Ett fel uppstod på servern."


@override_settings(DEBUG=False)
def test_not_found_and_forbidden_are_swedish(world: World, client: Client) -> None:
    client.force_login(world.olle)  # of the other municipality
    missing = client.get("/finns-inte/")
    assert missing.status_code == 404
    assert "Sidan finns inte" in missing.content.decode()
