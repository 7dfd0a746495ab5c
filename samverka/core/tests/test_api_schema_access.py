"""The API's schema and docs are for signed-in users: they describe every endpoint, filter and
field of the municipalities' data, which an anonymous visitor has no need to map."""

from __future__ import annotations

import pytest
from django.test import Client

from samverka.core.testing import World

pytestmark = pytest.mark.django_db


def test_an_anonymous_request_for_the_schema_is_refused_as_json() -> None:
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code in (401, 403)
    assert "json" in response["Content-Type"]
    assert response.json()["detail"]
    assert "paths" not in response.json()


def test_an_anonymous_visitor_of_the_docs_is_sent_to_the_login_page() -> None:
    response = Client().get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/")
    assert "next=/api/docs/" in response["Location"]


def test_a_reader_gets_the_schema_and_the_docs(world: World) -> None:
    client = Client()
    client.force_login(world.dave)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/municipalities/" in schema.json()["paths"]
    assert client.get("/api/docs/").status_code == 200
