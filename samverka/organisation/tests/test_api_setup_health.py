"""Brå's set-up questions and the health check in /api/v1/."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from samverka.core.testing import World
from samverka.organisation.health import run_health_check
from samverka.organisation.models import SetupAnswer
from samverka.organisation.services import setup_answer_record
from samverka.organisation.setup_questions import QUESTIONS

BASE = "/api/v1/municipalities/testby"
ANSWERS = f"{BASE}/setup-answers/"


def _client(user: Any) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_every_question_is_listed_with_its_current_answer(world: World) -> None:
    setup_answer_record(
        municipality=world.testby, question_key="malgrupper", answer="Unga 12–20", user=world.alice
    )
    setup_answer_record(
        municipality=world.testby, question_key="malgrupper", answer="Unga 12–25", user=world.bob
    )
    setup_answer_record(
        municipality=world.annanstad, question_key="syfte_och_mal", answer="Annat", user=None
    )
    rows = _client(world.dave).get(ANSWERS).json()
    assert [row["question_key"] for row in rows] == [question.key for question in QUESTIONS]
    by_key = {row["question_key"]: row for row in rows}
    assert by_key["malgrupper"]["answer"] == "Unga 12–25"
    assert by_key["malgrupper"]["answered_by_name"] == "Bob"
    assert by_key["malgrupper"]["question"] == "Vilka är målgrupperna för arbetet?"
    assert by_key["syfte_och_mal"]["answer"] is None  # Annanstad's answer is not Testby's


@pytest.mark.parametrize("username", ["alice", "bob", "carol"])
def test_members_and_coordinators_record_an_answer(world: World, username: str) -> None:
    body = {"question_key": "malgrupper", "answer": "  Unga och deras föräldrar  "}
    response = _client(world.user(username)).post(ANSWERS, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["answer"] == "Unga och deras föräldrar"
    row = SetupAnswer.objects.get(municipality=world.testby)
    assert (row.answer, row.answered_by) == ("Unga och deras föräldrar", world.user(username))


def test_an_unchanged_answer_adds_no_history(world: World) -> None:
    client = _client(world.alice)
    body = {"question_key": "malgrupper", "answer": "Unga"}
    assert client.post(ANSWERS, body, format="json").status_code == 201
    again = client.post(ANSWERS, body, format="json")
    assert again.status_code == 200
    assert again.json()["answer"] == "Unga"
    assert SetupAnswer.objects.count() == 1


@pytest.mark.parametrize(("username", "status"), [("dave", 403), ("olle", 404)])
def test_readers_and_strangers_cannot_answer(world: World, username: str, status: int) -> None:
    body = {"question_key": "malgrupper", "answer": "Alla"}
    response = _client(world.user(username)).post(ANSWERS, body, format="json")
    assert response.status_code == status
    assert not SetupAnswer.objects.exists()


def test_strangers_cannot_read_the_answers(world: World) -> None:
    assert _client(world.olle).get(ANSWERS).status_code == 404


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"question_key": "finns_inte", "answer": "x"}, "question_key", "ingen sådan fråga"),
        ({"question_key": "malgrupper", "answer": "   "}, "answer", "Skriv ett svar"),
        ({"question_key": "malgrupper", "answer": None}, "answer", "Skriv ett svar"),
        ({"question_key": "malgrupper", "answer": ["a"]}, "answer", "som text"),
        ({"question_key": "malgrupper", "answer": 0}, "answer", "som text"),
        ({"question_key": "malgrupper", "answer": True}, "answer", "som text"),
        ({"answer": "Utan fråga"}, "question_key", "obligatoriskt"),
    ],
)
def test_malformed_answers_are_400(
    world: World, body: dict[str, Any], field: str, message: str
) -> None:
    response = _client(world.alice).post(ANSWERS, body, format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not SetupAnswer.objects.exists()


def test_the_health_check_returns_the_findings_of_the_check(world: World) -> None:
    response = _client(world.dave).get(f"{BASE}/health/")
    assert response.status_code == 200
    expected = run_health_check(world.testby)
    assert expected, "the test world should have something to report"
    rows = response.json()
    assert [(row["rule"], row["severity"], row["subject_id"]) for row in rows] == [
        (finding.rule, str(finding.severity), finding.subject_id) for finding in expected
    ]
    assert set(rows[0]) == {
        "rule",
        "severity",
        "title",
        "explanation",
        "subject_kind",
        "subject_id",
        "subject_name",
        "basis",
        "source",
    }
    # What each finding rests on, with its source: Brå's advice is quoted as advice.
    assert [(row["basis"], row["source"]) for row in rows] == [
        (str(finding.basis), finding.source) for finding in expected
    ]
    assert any(row["basis"] == "guidance" and row["source"].startswith("Brå") for row in rows)


def test_the_health_check_is_404_for_strangers_and_read_only(world: World) -> None:
    assert _client(world.olle).get(f"{BASE}/health/").status_code == 404
    assert _client(world.alice).post(f"{BASE}/health/", {}, format="json").status_code == 405
