"""CSV and XLSX imports: headings or a saved column mapping, every bad row named, all or
nothing, idempotent with or without ids."""

from __future__ import annotations

import io
from datetime import datetime
from unittest import mock

import pytest
from django.utils import timezone
from openpyxl import Workbook

from samverka.core.testing import World
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.imports import run as import_run
from samverka.incidents.models import ColumnMapping, ImportJob, Incident, Source
from samverka.incidents.tests.factories import with_boundaries

CSV = (
    "id;tidpunkt;kategori;underkategori;område;plats;antal;beskrivning;polisanmäld\n"
    "A1;2026-11-02 21:14;Skadegörelse;Klotter;Norra Testby;Tunneln;2;Klotter på väggen;ja\n"
    "A2;2026-11-03;Otrygg plats;Belysning;Norra Testby;Gångvägen;;Trasig lampa;\n"
)


def _import(world: World, data: bytes, fmt: str = "csv", **extra: object) -> object:
    extra.setdefault("organisation", world.administration)
    return import_file(
        data,
        fmt=fmt,
        municipality=world.testby,
        user=world.carol,
        filename=f"rapport.{fmt}",
        **extra,  # type: ignore[arg-type]
    )


def test_a_csv_file_imports_with_its_organisation(world: World) -> None:
    _import(world, CSV.encode())
    first, second = Incident.objects.order_by("occurred_at")
    assert first.subcategory is not None
    assert (first.category.name, first.subcategory.name) == ("Skadegörelse", "Klotter")
    assert (first.area, first.place_name, first.event_count) == (world.area, "Tunneln", 2)
    assert first.police_reported is True
    assert first.organisation == world.administration
    assert first.reporter == world.carol
    assert first.source == Source.FILE
    assert second.event_count == 1 and second.police_reported is None
    assert timezone.localtime(second.occurred_at).hour == 0  # a date alone: midnight


def test_the_same_csv_again_adds_nothing_with_ids_or_without(world: World) -> None:
    _import(world, CSV.encode())
    _import(world, CSV.encode())
    assert Incident.objects.count() == 2
    without_ids = "\n".join(line.split(";", 1)[1] for line in CSV.splitlines()).encode()
    _import(world, without_ids)
    _import(world, without_ids)
    # The rows without ids are new once (their derived ids differ from A1/A2), then never again.
    assert Incident.objects.count() == 4


def test_another_organisations_ids_are_its_own(world: World) -> None:
    _import(world, CSV.encode())
    _import(world, CSV.encode(), organisation=world.police)
    assert Incident.objects.count() == 4


def test_every_bad_row_is_named_with_line_and_column_and_nothing_is_written(
    world: World,
) -> None:
    bad = CSV + (
        "A3;2026-13-01;Skadegörelse;;Norra Testby;;;;\n"
        "A4;2026-11-04;Okänd sak;;Norra Testby;;;;\n"
        "A5;2026-11-04;Skadegörelse;;Södra Testby;;noll;;kanske\n"
        "A6;2026-11-04;Skadegörelse;;Norra Testby;;;Pojken 811218-9876 var där;\n"
    )
    with pytest.raises(ImportRefused) as refused:
        _import(world, bad.encode())
    found = [(e.line, e.column) for e in refused.value.errors]
    assert found == [
        (4, "tidpunkt"),
        (5, "kategori"),
        (6, "område"),
        (6, "antal"),
        (6, "polisanmäld"),
        (7, "beskrivning"),
    ]
    assert "personnummer" in str(refused.value.errors[-1])
    assert "811218" not in str(refused.value)  # the message never repeats the number
    assert Incident.objects.count() == 0


def test_a_missing_column_is_named(world: World) -> None:
    with pytest.raises(ImportRefused) as refused:
        _import(world, b"datum;beskrivning\n2026-11-02;x\n")
    columns = {e.column for e in refused.value.errors}
    assert columns == {"kategori", "område"}


def test_points_are_placed_by_boundaries(world: World) -> None:
    with_boundaries(world.root_area, world.area)
    data = 'tidpunkt,kategori,latitud,longitud\n2026-11-02T21:00,brand,"57,7",12.2\n'
    _import(world, data.encode())
    incident = Incident.objects.get()
    assert incident.area == world.area
    assert incident.category.code == "brand"
    with pytest.raises(ImportRefused) as refused:
        _import(world, b"tidpunkt,kategori,latitud,longitud\n2026-11-03,brand,59.3,18.0\n")
    assert "utanför" in str(refused.value)


def test_a_saved_column_mapping_reads_the_organisations_own_headings(world: World) -> None:
    ColumnMapping.objects.create(
        municipality=world.testby,
        organisation=world.administration,
        mapping={
            "occurred_at": "Datum",
            "time": "Kl",
            "category": "Typ av händelse",
            "area": "Bostadsområde",
            "external_id": "Ärendenr",
        },
    )
    from samverka.incidents.imports.jobs import mapping_for

    data = (
        "Ärendenr;Datum;Kl;Typ av händelse;Bostadsområde;Fastighet\n"
        "4711;2026-11-05;22.30;Klotter;Norra Testby;Hus 3\n"
    )
    _import(world, data.encode("cp1252"), mapping=mapping_for(world.administration))
    incident = Incident.objects.get()
    assert incident.subcategory is not None and incident.subcategory.code == "klotter"
    assert timezone.localtime(incident.occurred_at).strftime("%H:%M") == "22:30"
    assert incident.external_id == f"{world.administration.pk}:4711"


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_file_imports_with_real_dates(world: World) -> None:
    data = _xlsx(
        [
            ["tidpunkt", "kategori", "område", "antal"],
            [datetime(2026, 11, 6, 23, 15), "Skadegörelse", "Norra Testby", 3],
            [None, None, None, None],
            [datetime(2026, 11, 7, 1, 0), "Brand", "Norra Testby", None],
        ]
    )
    _import(world, data, fmt="xlsx")
    assert sorted(Incident.objects.values_list("event_count", flat=True)) == [1, 3]
    with pytest.raises(ImportRefused) as refused:
        _import(
            world, _xlsx([["tidpunkt", "kategori", "område"], ["igår", "Brand", "X"]]), fmt="xlsx"
        )
    assert [(e.line, e.column) for e in refused.value.errors] == [(2, "tidpunkt"), (2, "område")]


@pytest.mark.parametrize(
    ("fmt", "content"),
    [("xlsx", b"PK\x03\x04 not a zip"), ("xlsx", b""), ("csv", b""), ("csv", b"\x00\x01\x02")],
)
def test_unreadable_files_are_refused_with_a_message(
    world: World, fmt: str, content: bytes
) -> None:
    with pytest.raises(ImportRefused) as refused:
        _import(world, content, fmt=fmt)
    assert refused.value.errors[0].message


def test_an_error_while_writing_leaves_nothing_behind(world: World) -> None:
    """A failure after the first rows were written (say, the disk fills up) rolls back every
    row of the file and its job record."""
    rows = "".join(
        f"R{n};2026-11-0{1 + n % 9} 12:00;Skadegörelse;;Norra Testby;;;;\n" for n in range(5000)
    )
    data = (CSV.splitlines()[0] + "\n" + rows).encode()
    original = import_run._values
    calls = [0]

    def failing(*args: object) -> object:
        calls[0] += 1
        if calls[0] == 1500:
            raise OSError("disk full")
        return original(*args)  # type: ignore[arg-type]

    with (
        mock.patch.object(import_run, "_values", failing),
        mock.patch.object(import_run, "BATCH", 1000),
        pytest.raises(OSError, match="disk full"),
    ):
        _import(world, data)
    assert calls[0] == 1500  # the first thousand rows had gone to the database
    assert Incident.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_an_area_deleted_between_check_and_write_refuses_the_import(world: World) -> None:
    from samverka.core.testing import make_area
    from samverka.incidents.imports import check_file, write_rows

    doomed = make_area(world.testby, "Rivningsområdet", parent=world.root_area)
    checked = check_file(
        b"tidpunkt;kategori;omr\xc3\xa5de\n2026-11-02;Klotter;Rivningsomr\xc3\xa5det\n",
        fmt="csv",
        municipality=world.testby,
        organisation=None,
    )
    assert checked.ok
    doomed.delete()
    with pytest.raises(ImportRefused, match="tagits bort"):
        write_rows(
            checked, municipality=world.testby, organisation=None, user=None, filename="x.csv"
        )
    assert Incident.objects.count() == 0


def test_a_bad_row_after_thousands_of_good_ones_imports_nothing_and_names_every_bad_row(
    world: World,
) -> None:
    """On PostgreSQL a first import writes rows while it checks them; a bad row late in the
    file must still undo all of it, and the rows after it must still be checked."""
    header = CSV.splitlines()[0]
    good = [f"G{n};2026-11-02 12:00;Skadegörelse;;Norra Testby;;;;" for n in range(3000)]
    lines = [header, *good[:2500], "B1;2026-13-45;Skadegörelse;;Norra Testby;;;;"]
    lines += [*good[2500:], "B2;2026-11-02;Inget sådant;;Norra Testby;;;;"]
    with pytest.raises(ImportRefused) as refused:
        _import(world, ("\n".join(lines) + "\n").encode())
    assert [(e.line, e.column) for e in refused.value.errors] == [
        (2502, "tidpunkt"),
        (3003, "kategori"),
    ]
    assert Incident.objects.count() == 0
    assert ImportJob.objects.count() == 0


def test_both_ways_of_importing_give_the_same_rows(world: World) -> None:
    """The first import of a source may check while writing (PostgreSQL); later ones check
    first, to skip what is there. Both end with the same reports and the same job record."""
    first = import_run.streams(world.testby, "csv")
    assert first == (import_run.connection.vendor == "postgresql")
    _import(world, CSV.encode())
    assert import_run.streams(world.testby, "csv") is False
    more = CSV.replace("A1;", "A3;").replace("A2;", "A4;")
    _import(world, more.encode())
    jobs = list(ImportJob.objects.order_by("pk"))
    assert [(j.status, j.created_count, j.skipped_count) for j in jobs] == [
        ("done", 2, 0),
        ("done", 2, 0),
    ]
    rows = Incident.objects.order_by("external_id").values_list(
        "external_id", "event_count", "police_reported", "import_job_id"
    )
    owner = world.administration.pk
    assert list(rows) == [
        (f"{owner}:A1", 2, True, jobs[0].pk),
        (f"{owner}:A2", 1, None, jobs[0].pk),
        (f"{owner}:A3", 2, True, jobs[1].pk),
        (f"{owner}:A4", 1, None, jobs[1].pk),
    ]
