import csv
import io
from datetime import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from samverka.organisation.models import SetupAnswer
from samverka.organisation.services import setup_answer_record
from samverka.organisation.setup_questions import QUESTIONS


def url(name: str, slug: str = "testby", **kwargs: object) -> str:
    return reverse(f"organisation:{name}", kwargs={"municipality": slug, **kwargs})


def record(world, key: str, text: str, user, day: int) -> None:
    setup_answer_record(
        municipality=world.testby,
        question_key=key,
        answer=text,
        user=user,
        answered_at=timezone.make_aware(datetime(2026, 3, day, 10, 0)),
    )


def test_checklist_shows_sections_advice_questions_and_progress(client, world):
    record(world, "malgrupper", "Unga 12–25 år i Norra Testby", world.alice, 1)
    client.force_login(world.dave)

    response = client.get(url("checklist"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Kom igång med arbetet" in page
    assert "Bestäm vad kommunen vill uppnå" in page  # the section's advice
    assert "Vilka är målgrupperna för arbetet?" in page
    assert "Unga 12–25 år i Norra Testby" in page
    assert "Svar av Alice, 2026-03-01 10:00" in page
    total = len(QUESTIONS)
    assert f"1 av {total} frågor besvarade" in page
    assert f'<label for="checklist-progress">1 av {total}' in page
    assert f'<progress id="checklist-progress" max="{total}" value="1">' in page
    # Questions drawn from the section text (not listed verbatim) are marked.
    assert page.count("Hämtad ur faktabladets text") == sum(1 for q in QUESTIONS if not q.verbatim)


def test_checklist_is_404_for_another_municipality(client, world):
    client.force_login(world.olle)

    assert client.get(url("checklist")).status_code == 404
    assert client.get(url("checklist_answer", key="malgrupper")).status_code == 404
    assert client.get(url("checklist_export", fmt="csv")).status_code == 404


def test_answer_page_shows_current_answer_and_history(client, world):
    record(world, "malgrupper", "Första svaret", world.alice, 1)
    record(world, "malgrupper", "Andra svaret", world.bob, 5)
    client.force_login(world.dave)

    response = client.get(url("checklist_answer", key="malgrupper"))

    assert response.status_code == 200
    assert response.context["current"].answer == "Andra svaret"
    assert [row.answer for row in response.context["earlier"]] == ["Första svaret"]
    page = response.content.decode()
    assert "Svar av Bob, 2026-03-05 10:00" in page
    assert "Svar av Alice, 2026-03-01 10:00" in page
    # Readers read only: no form.
    assert response.context["form"] is None
    assert "<textarea" not in page


@pytest.mark.parametrize("username", ["alice", "bob"])
def test_coordinators_and_members_answer(client, world, username):
    client.force_login(world.user(username))

    response = client.post(
        url("checklist_answer", key="beslutsmandat"), {"answer": "Styrgruppen beslutar."}
    )

    assert response.status_code == 302
    row = SetupAnswer.objects.get(municipality=world.testby, question_key="beslutsmandat")
    assert (row.answer, row.answered_by) == ("Styrgruppen beslutar.", world.user(username))


def test_a_new_answer_keeps_the_old_one_as_history(client, world):
    record(world, "malgrupper", "Första svaret", world.alice, 1)
    client.force_login(world.bob)

    client.post(url("checklist_answer", key="malgrupper"), {"answer": "Nytt svar"})

    answers = SetupAnswer.objects.filter(question_key="malgrupper").order_by("answered_at")
    assert [a.answer for a in answers] == ["Första svaret", "Nytt svar"]


def test_reader_may_not_answer(client, world):
    client.force_login(world.dave)

    response = client.post(url("checklist_answer", key="malgrupper"), {"answer": "Försök"})

    assert response.status_code == 403
    assert not SetupAnswer.objects.exists()


def test_unknown_question_is_404(client, world):
    client.force_login(world.alice)

    assert client.get(url("checklist_answer", key="finns-inte")).status_code == 404
    assert (
        client.post(url("checklist_answer", key="finns-inte"), {"answer": "x"}).status_code == 404
    )
    assert not SetupAnswer.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_blank_answer_is_400_with_the_message(client, world, text):
    client.force_login(world.alice)

    response = client.post(url("checklist_answer", key="malgrupper"), {"answer": text})

    assert response.status_code == 400
    assert "Skriv ett svar." in response.content.decode()
    assert not SetupAnswer.objects.exists()


def test_checklist_export_csv_and_xlsx(client, world):
    record(world, "malgrupper", "Unga i Norra Testby", world.alice, 1)
    client.force_login(world.dave)

    csv_response = client.get(url("checklist_export", fmt="csv"))
    xlsx_response = client.get(url("checklist_export", fmt="xlsx"))

    body = csv_response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Avsnitt", "Nyckel", "Fråga"]
    assert len(rows) == 1 + len(QUESTIONS)
    by_key = {row[1]: row for row in rows[1:]}
    assert by_key["malgrupper"][4] == "Unga i Norra Testby"
    assert by_key["malgrupper"][5] == "Alice"
    assert by_key["syfte_och_mal"][4] == ""
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.max_row == 1 + len(QUESTIONS)
