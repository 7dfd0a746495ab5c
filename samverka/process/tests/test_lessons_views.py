"""The lessons library's pages and API: searching, filtering, exporting, writing and editing —
by the planners, and by a measure's working group for that measure's lessons."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from samverka.core.testing import World
from samverka.process.models import Lesson, MeasureKind
from samverka.process.services import evaluations as services
from samverka.process.services.evaluations import LessonInput
from samverka.process.tests.evaluation_factories import make_measure, make_problem

API = "/api/v1/municipalities/testby/lessons/"


def _url(name: str, **kwargs: object) -> str:
    return reverse(f"process:{name}", kwargs={"municipality": "testby", **kwargs})


@pytest.fixture
def library(world: World) -> dict[str, Lesson]:
    problem = make_problem(world.testby, "Otrygghet vid skolan")
    social = make_measure(world.testby, "Rastvakter", kind=MeasureKind.SOCIAL, problem=problem)
    light = make_measure(world.testby, "Belysning", kind=MeasureKind.SITUATIONAL)

    def lesson(title: str, text: str, **extra: object) -> Lesson:
        return services.lesson_create(
            municipality=world.testby,
            user=world.alice,
            data=LessonInput(title=title, text=text, **extra),  # type: ignore[arg-type]
        )

    return {
        "school": lesson("Rastvakter från skolorna", "Vuxna på plats", year=2024, measure=social),
        "light": lesson("=Belysning först", "Byt armaturer före mörkret", year=2025, measure=light),
    }


def test_a_reader_searches_the_library_with_an_inflected_word(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    page = client.get(_url("lesson_list"), {"q": "skola"}).content.decode()
    assert "Rastvakter från skolorna" in page
    assert "Belysning först" not in page
    assert "1 lärdom hittades" in page
    assert "Ny lärdom" not in page  # a reader only reads


def test_the_library_filters_by_kind_and_year(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    page = client.get(_url("lesson_list"), {"kind": "situational", "year": "2025"})
    assert page.status_code == 200
    assert "Belysning först" in page.content.decode()
    assert "Rastvakter från skolorna" not in page.content.decode()


def test_a_malformed_filter_is_a_400_with_a_swedish_message(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    response = client.get(_url("lesson_list"), {"year": "tjugo"})
    assert response.status_code == 400
    assert "Välj ett giltigt alternativ" in response.content.decode()
    response = client.get(_url("lesson_list"), {"q": "x" * 300})
    assert response.status_code == 400


def test_the_library_exports_what_was_found_as_csv_and_xlsx_without_formulas(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    csv = client.get(_url("lesson_list"), {"format": "csv"})
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("År;Lärdom;Typ av åtgärd")
    assert "'=Belysning först" in text  # neutralised, never a formula
    xlsx = client.get(_url("lesson_list"), {"format": "xlsx", "q": "skolorna"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == "Rastvakter från skolorna"
    assert len(rows) == 2
    assert client.get(_url("lesson_list"), {"format": "pdf"}).status_code == 404


def test_a_coordinator_writes_and_edits_a_lesson(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.alice)
    measure = library["school"].measure
    assert measure is not None
    response = client.post(
        _url("lesson_create"),
        {"title": "Ny lärdom", "text": "Text", "year": "2025", "measure": measure.pk},
    )
    lesson = Lesson.objects.get(title="Ny lärdom")
    assert response.status_code == 302
    assert lesson.measure_kind == MeasureKind.SOCIAL
    detail = client.get(_url("lesson_detail", pk=lesson.pk)).content.decode()
    assert "Rastvakter" in detail and "Social" in detail
    response = client.post(
        _url("lesson_edit", pk=lesson.pk),
        {"title": "Ändrad lärdom", "text": "Text", "year": "2025", "measure": measure.pk},
    )
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.title == "Ändrad lärdom"


def test_the_working_group_writes_lessons_of_its_own_measure_only(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    own = make_measure(world.testby, "Trygghetsvandring", working_group=world.safety_group)
    other = library["light"].measure
    assert other is not None
    client.force_login(world.carol)  # member of the safety group
    assert client.get(_url("lesson_create")).status_code == 200
    response = client.post(
        _url("lesson_create"),
        {"title": "Vår lärdom", "text": "T", "year": "2025", "measure": own.pk},
    )
    assert response.status_code == 302
    # Another measure is not offered, so the form refuses it; without a measure it is 403.
    response = client.post(
        _url("lesson_create"), {"title": "Fel", "text": "T", "year": "2025", "measure": other.pk}
    )
    assert response.status_code == 400
    response = client.post(_url("lesson_create"), {"title": "Fel", "text": "T", "year": "2025"})
    assert response.status_code == 403
    assert client.get(_url("lesson_edit", pk=library["light"].pk)).status_code == 403
    assert list(Lesson.objects.filter(title="Fel")) == []


def test_the_suggested_lessons_include_renders_for_a_new_measure(
    world: World, library: dict[str, Lesson]
) -> None:
    from django.template.loader import render_to_string

    problem = library["school"].problem
    html = render_to_string(
        "process/evaluations/_suggested_lessons.html",
        {
            "suggested_lessons": services.lessons_for_new_measure("social", problem),
            "municipality": world.testby,
        },
    )
    assert "Rastvakter från skolorna" in html
    assert "samma problem och samma typ av åtgärd" in html
    assert (
        render_to_string(
            "process/evaluations/_suggested_lessons.html", {"suggested_lessons": []}
        ).strip()
        == ""
    )


# ---- API -----------------------------------------------------------------------------------


def test_the_api_searches_creates_and_updates_lessons(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    found = client.get(API, {"q": "skola"}).json()
    assert [row["title"] for row in found["results"]] == ["Rastvakter från skolorna"]
    assert found["results"][0]["measure_title"] == "Rastvakter"
    assert client.get(API, {"year": "1800"}).status_code == 400
    assert client.get(API, {"kind": ""}).status_code == 400  # the schema has no empty kind

    client.force_login(world.alice)
    created = client.post(
        API,
        {"title": "Från API:t", "text": "Text", "year": 2025, "measure_kind": "social"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["measure"] is None
    patched = client.patch(f"{API}{pk}/", {"tags": "skola, rast"}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["tags"] == "skola, rast"
    assert patched.json()["title"] == "Från API:t"
    refused = client.patch(f"{API}{pk}/", {"year": "2025"}, content_type="application/json")
    assert refused.status_code == 400  # text where the schema says a number


def test_a_reader_may_not_write_lessons_through_the_api(
    client: Client, world: World, library: dict[str, Lesson]
) -> None:
    client.force_login(world.dave)
    response = client.post(
        API, {"title": "x", "text": "y", "year": 2025}, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.patch(
        f"{API}{library['light'].pk}/", {"title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403
