"""Exporting the organisation file: deterministic, and export → import → export is identical."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

from samverka.accounts.models import Municipality
from samverka.organisation.models import Group
from samverka.organisation.orgfile import export_organisation, organisation_data
from samverka.organisation.tests.orgfile_helpers import (
    fixture_text,
    import_angered,
    import_text,
    row_counts,
    wipe_organisations,
)

pytestmark = pytest.mark.django_db


def test_angered_export_imported_into_an_empty_database_exports_identically():
    import_angered()
    first = export_organisation(Municipality.objects.get(slug="goteborg"))
    counts = row_counts()

    wipe_organisations()
    assert Group.objects.count() == 0 and Municipality.objects.count() == 0
    import_text(first, filename="export.yaml")
    second = export_organisation(Municipality.objects.get(slug="goteborg"))

    assert second == first
    assert row_counts() == counts


def test_export_is_stable_and_readable():
    import_text(fixture_text("minimal.yaml"))
    provstad = Municipality.objects.get(slug="provstad")

    text = export_organisation(provstad)

    assert export_organisation(provstad) == text
    assert text.startswith("# samverka organisationsfil: Provstads kommun\n")
    data = YAML(typ="safe").load(text)
    assert list(data) == [
        "version",
        "municipality",
        "areas",
        "organisations",
        "people",
        "groups",
        "documents",
        "setup_answers",
    ]
    # Parents come before children; people sort in Swedish order (Å after P).
    assert [a["name"] for a in data["areas"]] == ["Provstad", "Norra Provstad"]
    assert [p["name"] for p in data["people"]] == ["Per Polis", "Åsa Ordförande"]
    # Groups in the order of the structure: steering, preparation, then the area groups.
    assert [g["name"] for g in data["groups"]] == [
        "Styrgruppen",
        "Beredningsgruppen",
        "Trygghetsgruppen Norra",
    ]
    assert data["groups"][1]["meeting_weekday"] == "tisdag"
    assert data["groups"][2]["internal_notes"] == "Bara för gruppen."
    # Empty fields are left out; codes stay text.
    assert "short_name" not in data["groups"][0]
    assert data["municipality"]["scb_code"] == "9990"


def test_json_export_has_the_same_content_and_imports_back():
    import_text(fixture_text("minimal.yaml"))
    provstad = Municipality.objects.get(slug="provstad")
    yaml_before = export_organisation(provstad)

    text = export_organisation(provstad, fmt="json")

    data = json.loads(text)
    assert data["municipality"]["slug"] == "provstad"
    assert data["documents"][0]["valid_from"] == "2026-01-01"
    assert data["setup_answers"][0]["answered_at"] == "2026-02-01T10:00:00+01:00"
    wipe_organisations()
    import_text(text, filename="export.json")
    assert export_organisation(Municipality.objects.get(slug="provstad")) == yaml_before


def test_export_shows_a_change_made_after_import():
    import_text(fixture_text("minimal.yaml"))
    provstad = Municipality.objects.get(slug="provstad")
    Group.objects.filter(name="Styrgruppen").update(purpose="Beslutar om åtgärder.")

    data = organisation_data(provstad)

    assert data["groups"][0]["purpose"] == "Beslutar om åtgärder."
    assert "purpose: Beslutar om åtgärder." in export_organisation(provstad)


def test_unknown_format_is_refused():
    import_text(fixture_text("minimal.yaml"))
    with pytest.raises(ValueError, match="unknown format"):
        export_organisation(Municipality.objects.get(slug="provstad"), fmt="xml")
