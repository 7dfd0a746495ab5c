"""Malformed statistics never get in: a file with wrong columns, text in a number column, ".."
where no value may be suppressed, the same row twice or an unknown area adds nothing — not even
a job row — and the page names the line and the column. The API's filters answer 400, never 500.

(The generic sweeps in tests/test_malformed_input.py cover the forms of the statistics and report
pages, and tampered ids in their URLs, through the authorization matrix's rows.)
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import User
from samverka.core.testing import World
from samverka.stats.testing import make_geography
from tests.test_authorization_matrix import _snapshot

HEADER = "Region;Regionkod;År;Brottskategori;Antal\n"

# (format, file content, the words the message must contain)
BAD_FILES = [
    pytest.param(
        "bra",
        "Kommun;Antal;Bananer\nTestby;12;3\n",
        ["rad 1", "kolumn ”Bananer”", "okänd kolumn"],
        id="wrong-columns",
    ),
    pytest.param(
        "bra",
        "Kommun;Bananer\nTestby;3\n",
        ["rad 1", "”Antal” eller ”Per 100 000 inv.” saknas"],
        id="missing-value-column",
    ),
    pytest.param(
        "bra",
        HEADER + "Testby;9999;2024;Samtliga brott;tolv\n",
        ["rad 2", "kolumn ”Antal”", "”tolv” är inte ett tal"],
        id="text-in-number-column",
    ),
    pytest.param(
        "bra",
        HEADER + "Testby;9999;2024;Samtliga brott;12,5\n",
        ["rad 2", "kolumn ”Antal”", "heltal"],
        id="fraction-in-count",
    ),
    pytest.param(
        "bra",
        HEADER + "Testby;9999;..;Samtliga brott;12\n",
        ["rad 2", "kolumn ”År”", "”..” är inte tillåtet"],
        id="suppressed-year",
    ),
    pytest.param(
        "scb",
        "Region;År;Folkmängd\nTestby;2024;..\n",
        ["rad 2", "kolumn ”Folkmängd”", "”..” (skyddat värde) är inte tillåtet"],
        id="suppressed-population",
    ),
    pytest.param(
        "survey",
        "Område;År;Fråga;Andel;Antal svarande\nNorra Testby;2024;Otrygg;..;80\n",
        ["rad 2", "kolumn ”Andel”", "”..” (skyddat värde) är inte tillåtet"],
        id="suppressed-survey-share",
    ),
    pytest.param(
        "ntu",
        "Regionkod;År;Indikator;Andel (%)\n9999;2019;Utsatt;127\n",
        ["rad 2", "kolumn ”Andel (%)”", "orimligt stort"],
        id="share-above-100",
    ),
    pytest.param(
        "bra",
        HEADER + "Testby;9999;2024;Samtliga brott;12\nTestby;9999;2024;Samtliga brott;13\n",
        ["rad 3", "finns redan på rad 2"],
        id="duplicate-rows",
    ),
    pytest.param(
        "bra",
        HEADER + "Okänt;1234;2024;Samtliga brott;12\n",
        ["rad 2", "kolumn ”Regionkod”", "Okänd områdeskod ”1234”"],
        id="unknown-area-code",
    ),
    pytest.param(
        "survey",
        "Område;År;Fråga;Andel;Antal svarande\nSödra Testby;2024;Otrygg;30;80\n",
        ["rad 2", "kolumn ”Område”", "Okänt område ”Södra Testby”"],
        id="unknown-survey-area",
    ),
    pytest.param(
        "survey",
        "Område;År;Fråga;Andel;Antal svarande\nAnnanstad centrum;2024;Otrygg;30;80\n",
        ["rad 2", "Okänt område ”Annanstad centrum”"],
        id="another-municipalitys-area",
    ),
    pytest.param(
        "geografi",
        "Kod;Namn;Typ;Ingår i\n9999-a;A;stadsområde;9999-b\n9999-b;B;stadsområde;9999-a\n",
        ["cirkel"],
        id="geography-cycle",
    ),
    pytest.param(
        "bra",
        "# okänt: x\n" + HEADER + "Testby;9999;2024;Samtliga brott;12\n",
        ["rad 1", "okänd uppgift ”okänt”"],
        id="unknown-file-head",
    ),
    pytest.param("bra", "", ["filen var tom"], id="empty-file"),
    pytest.param("bra", "\n\n;;\n", ["ingen rubrikrad"], id="blank-lines-only"),
    pytest.param("bra", HEADER, ["inga rader"], id="header-only"),
]


@pytest.fixture
def client_alice(world: World, client: Client) -> Client:
    make_geography("9999", "Testby", parent="14")
    client.force_login(world.alice)
    return client


def _post(client: Client, fmt: str, content: bytes, name: str = "fil.csv") -> str:
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    response = client.post(
        url, {"format": fmt, "action": "preview", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400, response.status_code
    return response.content.decode()


@pytest.mark.parametrize(("fmt", "text", "words"), BAD_FILES)
def test_a_malformed_file_adds_nothing_and_names_the_problem(
    client_alice: Client, fmt: str, text: str, words: list[str]
) -> None:
    if fmt == "geografi":  # shared reference data: a platform administrator's import only
        client_alice.force_login(User.objects.get(username="root"))
    before = _snapshot()
    page = _post(client_alice, fmt, text.encode())
    for word in words:
        assert word in page, (word, page[page.find("error-summary") :][:800])
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("fil.xlsx", b"PK\x03\x04 not a workbook", "ingen Excel-fil"),
        ("fil.csv", b"\x00\x01\x02", "null-tecken"),
        ("fil.pdf", b"%PDF-1.4", "CSV-fil (.csv) eller Excel-fil (.xlsx)"),
        ("fil.csv", b"\xff\xfe\x00\x00" * 10, "null-tecken"),
    ],
)
def test_a_file_that_is_no_table_adds_nothing(
    client_alice: Client, name: str, content: bytes, words: str
) -> None:
    before = _snapshot()
    assert words in _post(client_alice, "bra", content, name)
    assert _snapshot() == before


def test_confirming_without_a_reviewed_file_imports_nothing(client_alice: Client) -> None:
    before = _snapshot()
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    response = client_alice.post(url, {"action": "confirm", "sha256": "0" * 64})
    assert response.status_code == 400
    assert "Ladda upp filen igen" in response.content.decode()
    assert _snapshot() == before


def test_confirming_another_file_than_the_reviewed_one_imports_nothing(
    client_alice: Client,
) -> None:
    url = reverse("stats:import", kwargs={"municipality": "testby"})
    good = (HEADER + "Testby;9999;2024;Samtliga brott;12\n").encode()
    client_alice.post(url, {"format": "bra", "file": SimpleUploadedFile("a.csv", good)})
    before = _snapshot()
    response = client_alice.post(url, {"action": "confirm", "sha256": "f" * 64})
    assert response.status_code == 400
    assert "inte den som granskades" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("api-stats-value-list", {"year": "abc"}),
        ("api-stats-value-list", {"year": "99999"}),
        ("api-stats-value-list", {"series": "99999999999999999999"}),
        ("api-stats-value-list", {"area": "-1"}),
        ("api-stats-value-list", {"geography": "a\x00b"}),
        ("api-stats-shared-value-list", {"year": "nan"}),
        ("api-stats-reference", {"year": "1e400"}),
    ],
)
def test_api_filters_answer_400_with_a_message(
    world: World, client: Client, name: str, query: dict[str, str]
) -> None:
    client.force_login(world.alice)
    kwargs: dict[str, object] = {}
    if name != "api-stats-shared-value-list":
        kwargs["municipality_slug"] = "testby"
    if name == "api-stats-reference":
        kwargs["pk"] = world.area.pk
    response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 400
    assert response.json()


def test_compare_page_with_a_tampered_area_is_not_found(world: World, client: Client) -> None:
    client.force_login(world.alice)
    url = reverse("stats:compare", kwargs={"municipality": "testby"})
    for bad in ("abc", "-1", "99999999999999999999", str(world.other_area.pk)):
        assert client.get(url, {"omrade": bad}).status_code == 404
    assert client.get(url, {"omrade": str(world.area.pk), "kategori": "x" * 500}).status_code == 200
