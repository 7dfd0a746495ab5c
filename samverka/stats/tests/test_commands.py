"""`samverka import_statistics`: shared or a municipality's own, dry run, refusals."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samverka.core.testing import World
from samverka.stats.models import StatValue
from samverka.stats.testing import make_geography


@pytest.fixture
def bra_file(tmp_path: Path, world: World) -> Path:
    make_geography("9999", "Testby", parent="14")
    path = tmp_path / "brott.csv"
    path.write_text("Kommun;Antal\nTestby;120\nHela landet;1 500 000\n", encoding="utf-8")
    return path


def test_import_without_a_municipality_is_shared_reference_data(bra_file: Path) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "import_statistics",
        str(bra_file),
        "--format",
        "bra",
        "--year",
        "2024",
        "--table",
        "Anmälda brott 2024",
        stdout=out,
        stderr=err,
    )
    assert "2 nya" in out.getvalue()
    assert "[##############################] 2/2" in err.getvalue()
    assert StatValue.objects.filter(municipality__isnull=True).count() == 2
    assert StatValue.objects.first().provenance.table == "Anmälda brott 2024"  # type: ignore[union-attr]


def test_dry_run_and_municipality(world: World, bra_file: Path) -> None:
    out = StringIO()
    call_command(
        "import_statistics",
        str(bra_file),
        "--format",
        "bra",
        "--year",
        "2024",
        "--municipality",
        "testby",
        "--dry-run",
        stdout=out,
        stderr=StringIO(),
    )
    assert "skulle bli 2 nya" in out.getvalue()
    assert not StatValue.objects.exists()
    call_command(
        "import_statistics",
        str(bra_file),
        "--format",
        "bra",
        "--year",
        "2024",
        "--municipality",
        "testby",
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert StatValue.objects.filter(municipality=world.testby).count() == 2


def test_a_bad_file_is_refused_with_its_line_and_column(bra_file: Path) -> None:
    bra_file.write_text("Kommun;Antal\nTestby;tolv\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="1 fel – inget har sparats"):
        call_command(
            "import_statistics",
            str(bra_file),
            "--format",
            "bra",
            "--year",
            "2024",
            stdout=StringIO(),
            stderr=err,
        )
    assert "rad 2, kolumn ”Antal”: ”tolv” är inte ett tal." in err.getvalue()
    assert not StatValue.objects.exists()


def test_a_survey_needs_a_municipality(tmp_path: Path, world: World) -> None:
    path = tmp_path / "enkat.csv"
    path.write_text("Område;År;Fråga;Andel;Antal svarande\nNorra Testby;2024;X;3;9\n")
    with pytest.raises(CommandError):
        call_command(
            "import_statistics",
            str(path),
            "--format",
            "survey",
            stdout=StringIO(),
            stderr=StringIO(),
        )
