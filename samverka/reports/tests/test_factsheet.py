"""The fact sheet: Angered's figures exactly as Brå wrote them (PDF read back by pdftotext),
another area with its own figures and "uppgift saknas" where a figure is missing."""

from __future__ import annotations

import json
import re
import subprocess
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from samverka.areas.models import Area
from samverka.core.testing import World
from samverka.reports.factsheet import build_fact_sheet
from samverka.reports.rendering import fact_sheet_html
from samverka.stats.testing import load_angered_example

REFERENCE = Path(settings.BASE_DIR).parent / "shared" / "reference" / "bra-faktablad-angered.txt"
# The fact sheet's figures, as its text writes them.
ANGERED_FIGURES = [
    "53 758 invånare (2018)",
    "11 219 (preliminär siffra för 2020) jfr hela landet 15 079",
    "27,3 procent av svarande i lokalpolisområde Nordöstra Göteborg uppger att de under 2019 "
    "utsattes för brott mot enskild person*",
    "Värdet för hela landet är 22,6 procent (Nationella trygghetsundersökningen 2020)",
]


def _plain(text: str) -> str:
    """Text as a reader sees it: no-break and narrow spaces are spaces, lines run on."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def test_the_figures_are_quoted_from_brås_fact_sheet() -> None:
    """The expected strings above are the reference's own (so this test cannot drift from it)."""
    if REFERENCE.exists():
        reference = _plain(REFERENCE.read_text(encoding="utf-8"))
        for figure in ANGERED_FIGURES:
            assert figure in reference, figure


def test_angered_fact_sheet_as_pdf_has_every_figure_as_brå_wrote_it(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    load_angered_example()
    pdf = tmp_path / "angered.pdf"
    out = StringIO()
    call_command(
        "faktablad",
        "Angered",
        "--municipality",
        "goteborg",
        "--format",
        "pdf",
        "-o",
        str(pdf),
        stdout=out,
        stderr=StringIO(),
    )
    assert "Stadsdelen Angered" in out.getvalue()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    plain = _plain(text)
    for figure in ANGERED_FIGURES:
        assert figure in plain, figure
    # The rest of the fact sheet's structure, from the organisation data and the text library.
    for part in (
        "Stadsdelen Angered",
        "Minskat problem med otrygghet i Hammarkullen",
        "Ledningsgruppen Trygg i Angered",
        "6 gånger per år",
        "Varannan vecka",
        "4 gånger per år",
        "ungdomskriminalitet",
        "social mobilisering av civilsamhället",
        "BRÅ – KOM IGÅNG MED ARBETET",
        "BRÅ – UPPFÖLJNING",
        "Lisa Pedersen",
        "Lisa.pedersen@socialnordost.goteborg.se",
        "Nationella trygghetsundersökningen på www.bra.se/ntu",
    ):
        assert part in plain, part
    # The JSON form carries the same sentences and every figure's source.
    path = tmp_path / "angered.json"
    call_command(
        "faktablad",
        "Angered",
        "--municipality",
        "goteborg",
        "--format",
        "json",
        "-o",
        str(path),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert _plain(data["figures"]["population"]) == "53 758 invånare (2018)"
    assert data["reference_values"]["crime_rate"]["preliminary"] is True
    assert any("Brottsförebyggande rådet (Brå)" in s for s in data["sources"])


def test_nordost_fact_sheet_has_its_own_figures_and_says_what_is_missing(db) -> None:  # type: ignore[no-untyped-def]
    municipality = load_angered_example()
    nordost = Area.objects.get(municipality=municipality, name="Nordost")
    sheet = build_fact_sheet(nordost)
    plain = _plain(fact_sheet_html(sheet, for_print=True))
    assert "Stadsområde Nordost" in plain
    assert "109 752 invånare (2024)" in plain
    # 13 054 / 109 752 × 100 000 = 11 894; Brå's figure for the whole country 2024 is not loaded.
    assert "11 894 (2024) jfr hela landet uppgift saknas" in plain
    assert "Beräknat av samverka: 13 054 / 109 752 (folkmängd 31 december) × 100 000" in plain
    assert "Medborgarlöfte: uppgift saknas." in plain  # Angered's promise is not Nordost's
    assert "Grupper: uppgift saknas." in plain
    assert "Samordningsenhet: uppgift saknas." in plain
    # Göteborg's own documents reach every area of the city.
    assert "Göteborgs Stads budget 2021" in plain
    # The NTU figure of the local police area covering Nordost.
    assert "27,3 procent av svarande i lokalpolisområde Nordöstra Göteborg" in plain


def test_an_area_without_statistics_says_uppgift_saknas(world: World) -> None:
    sheet = build_fact_sheet(world.area)
    assert sheet.crime_text == "uppgift saknas jfr hela landet uppgift saknas"
    assert sheet.population_text == "12\u00a0345 invånare (2024)"  # recorded on the area
    assert sheet.victimisation_text.startswith("Uppgift saknas för Norra Testby.")
    # The area's own group; the steering group works for the whole municipality.
    assert [g.name for g in sheet.area_groups.groups] == ["Trygghetsgruppen Norra"]
    assert sheet.groups == []
    plain = _plain(fact_sheet_html(sheet, for_print=True))
    assert "Det finns 1 trygghetsgrupp: Trygghetsgruppen Norra (Norra Testby)." in plain
    assert "Anmälda brott över tid: uppgift saknas." in plain
