"""How an incident file is read (samverka.lib.tabular, shared with the statistics import)."""

from __future__ import annotations

import unicodedata

import pytest

from samverka.core.testing import World
from samverka.incidents.imports import ImportRefused, import_file
from samverka.incidents.models import Incident


def _import(world: World, data: bytes) -> object:
    return import_file(
        data,
        fmt="csv",
        municipality=world.testby,
        organisation=world.administration,
        user=world.carol,
        filename="rapport.csv",
    )


def test_headings_are_found_however_the_exporting_program_wrote_them(world: World) -> None:
    heading = unicodedata.normalize("NFD", "Område")  # as some Mac programs write "å"
    data = f"\n\nTidpunkt:;KATEGORI;{heading};;\n2026-11-02 21:14;Skadegörelse;Norra Testby\n"
    _import(world, data.encode())
    assert Incident.objects.get().area == world.area


def test_a_file_in_neither_utf8_nor_windows_1252_is_refused(world: World) -> None:
    data = "tidpunkt;kategori;område\n2026-11-02;Skadegörelse;Åby\n".encode("cp850")
    with pytest.raises(ImportRefused) as refused:
        _import(world, data)
    assert "varken UTF-8 eller Windows-1252" in refused.value.errors[0].message
    assert not Incident.objects.exists()
