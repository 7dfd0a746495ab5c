"""What real municipalities write in their organisation file: places, documents over several
areas and places, agreements made of parts, commitments with a frequency, validity in years,
actors in a group without a named person, property owners, and a lokalpolisområde shared by
several municipalities. Each construct is parsed, refused with a line-numbered message when
wrong, imported and exported back; files without them import and export as before."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.accounts.models import Municipality
from samverka.areas.models import Place
from samverka.organisation.models import (
    GoverningDocument,
    Organisation,
    OrganisationKind,
    OrganisationMembership,
)
from samverka.organisation.orgfile import export_organisation, parse_organisation_file
from samverka.organisation.orgfile.errors import FileError, OrganisationFileError
from samverka.organisation.tests.orgfile_helpers import (
    ANGERED,
    FILES,
    fixture_text,
    import_angered,
    import_text,
)
from samverka.stats.models import Geography, GeographyKind

pytestmark = pytest.mark.django_db

# A file using every new construct. Line numbers below count from the first line of HEAD.
HEAD = """\
version: 1
municipality:
  name: Provstads kommun
  slug: provstad
areas:
  - name: Provstad
    kind: kommun
  - name: Centrum
    kind: delomrade
    parent: Provstad
  - name: Norr
    kind: delomrade
    parent: Provstad
"""
PLACES = """\
places:
  - name: Gångtunneln
    kind: tunnel
    area: Centrum
    geometry: {type: Point, coordinates: [18.07, 59.44]}
  - name: Återvinningsstationer
    kind: atervinning
    geometry: {type: MultiPoint, coordinates: [[18.05, 59.45], [18.09, 59.43]]}
  - name: Torget
    kind: torg
    area: Centrum
    geometry:
      type: Polygon
      coordinates: [[[18.07, 59.44], [18.08, 59.44], [18.08, 59.45], [18.07, 59.44]]]
"""
ORGANISATIONS = """\
organisations:
  - name: Provstads kommun
    kind: municipal_administration
  - name: LPO Provstad
    kind: police
    reference_code: lpo-provstad
  - name: Fastighetsägarna i centrum
    kind: property_owner
  - name: Vakt AB
    kind: security_company
"""
GROUPS = """\
groups:
  - name: Trygghetsgruppen Centrum
    kind: trygghetsgrupp
    mandate: carries_out
    area: Centrum
    members:
      - {organisation: Provstads kommun, role: convener}
      - {organisation: Fastighetsägarna i centrum}
      - {organisation: Vakt AB}
"""
DOCUMENTS = """\
documents:
  - title: Överenskommelsen
    kind: collaboration_agreement
    areas: [Centrum, Norr]
    parties: [LPO Provstad, Provstads kommun]
    valid_years: [2025, 2027]
  - title: Bilaga 1 Medborgarlöfte
    kind: citizen_promise
    part_of: Överenskommelsen
    places: [Gångtunneln, Torget]
    valid_years: "2025–2025"
    commitments:
      - {text: Kvällsrond, count: 1, per: day, organisation: LPO Provstad}
      - {text: Trygghetsvandring, count: 1, per: year}
  - title: Bilaga 2 Åtgärdsplan
    kind: action_plan
    part_of: Överenskommelsen
    valid_years: 2026
"""
FULL = HEAD + PLACES + ORGANISATIONS + GROUPS + DOCUMENTS


def errors_of(text: str) -> list[FileError]:
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_file(text, filename="test.yaml")
    return caught.value.errors


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def provstad() -> Municipality:
    return Municipality.objects.get(slug="provstad")


# -- places ------------------------------------------------------------------------------------


def test_places_are_points_or_shapes_apart_from_the_area_tree():
    import_text(FULL)
    places = {p.name: p for p in Place.objects.filter(municipality=provstad())}

    assert places["Gångtunneln"].geometry == {"type": "Point", "coordinates": [18.07, 59.44]}
    assert places["Gångtunneln"].area is not None and places["Gångtunneln"].area.name == "Centrum"
    assert (places["Återvinningsstationer"].geometry or {}).get("type") == "MultiPoint"
    assert places["Återvinningsstationer"].area is None
    assert (places["Torget"].geometry or {}).get("type") == "Polygon"
    # Places are not areas: the area tree (and what hangs on it) is unchanged.
    assert sorted(provstad().areas.values_list("name", flat=True)) == [
        "Centrum",
        "Norr",
        "Provstad",
    ]


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{type: Point, coordinates: [218.07, 59.44]}", "longitud/latitud"),
        ("{type: Point, coordinates: [18.07]}", "[longitud, latitud]"),
        ("{type: Circle, coordinates: [18.07, 59.44]}", "Okänd geometrityp"),
        ("[18.07, 59.44]", "GeoJSON-objekt"),
    ],
)
def test_a_bad_position_is_refused_at_its_line(bad, message):
    text = FULL.replace("{type: Point, coordinates: [18.07, 59.44]}", bad)

    [error] = errors_of(text)

    assert error.path == "places[0].geometry"
    assert error.line == line_of(text, bad)
    assert message in error.message


def test_an_unknown_place_kind_or_area_is_refused_at_its_line():
    text = FULL.replace("kind: tunnel", "kind: tunel").replace(
        "area: Centrum\n    geometry: {type: Point", "area: Söder\n    geometry: {type: Point"
    )

    errors = errors_of(text)

    assert [(e.path, e.line) for e in errors] == [
        ("places[0].kind", line_of(text, "kind: tunel")),
        ("places[0].area", line_of(text, "area: Söder")),
    ]
    assert 'okänd platstyp "tunel" (menade du "tunnel"?)' in errors[0].message
    assert 'området "Söder" finns inte i filen' in errors[1].message


def test_a_place_left_out_of_the_file_is_removed():
    import_text(FULL)
    recycling = (
        "  - name: Återvinningsstationer\n"
        "    kind: atervinning\n"
        "    geometry: {type: MultiPoint, coordinates: [[18.05, 59.45], [18.09, 59.43]]}\n"
    )
    assert recycling in FULL

    import_text(FULL.replace(recycling, ""))

    assert sorted(Place.objects.values_list("name", flat=True)) == ["Gångtunneln", "Torget"]


# -- documents over several areas and places, agreements made of parts -------------------------


def test_a_document_covers_several_areas_and_places_and_an_agreement_has_parts():
    import_text(FULL)
    agreement = GoverningDocument.objects.get(title="Överenskommelsen")
    promise = GoverningDocument.objects.get(title="Bilaga 1 Medborgarlöfte")

    assert sorted(agreement.covers_areas.values_list("name", flat=True)) == ["Centrum", "Norr"]
    assert sorted(promise.places.values_list("name", flat=True)) == ["Gångtunneln", "Torget"]
    assert sorted(agreement.parts.values_list("title", flat=True)) == [
        "Bilaga 1 Medborgarlöfte",
        "Bilaga 2 Åtgärdsplan",
    ]
    assert promise.part_of == agreement


def test_an_unknown_or_circular_part_of_is_refused_at_its_line():
    unknown = FULL.replace(
        "part_of: Överenskommelsen\n    places", "part_of: Överenskomelsen\n    places"
    )
    [error] = errors_of(unknown)
    assert error.path == "documents[1].part_of"
    assert error.line == line_of(unknown, "part_of: Överenskomelsen")
    assert 'dokumentet "Överenskomelsen" finns inte i filen' in error.message

    circular = FULL.replace(
        "    areas: [Centrum, Norr]\n",
        "    areas: [Centrum, Norr]\n    part_of: Bilaga 2 Åtgärdsplan\n",
    )
    [error] = errors_of(circular)
    assert error.path == "documents[0].part_of"
    assert (
        "i en cirkel: Överenskommelsen → Bilaga 2 Åtgärdsplan → Överenskommelsen" in error.message
    )


def test_the_same_area_in_area_and_areas_is_refused():
    text = FULL.replace(
        "    areas: [Centrum, Norr]\n", "    area: Norr\n    areas: [Centrum, Norr]\n"
    )

    [error] = errors_of(text)

    assert error.path == "documents[0].areas"
    assert error.line == line_of(text, "areas: [Centrum, Norr]")


def test_an_agreement_and_its_parts_can_be_removed_together():
    import_text(FULL)
    import_text(FULL.split("documents:")[0])

    assert not GoverningDocument.objects.filter(municipality=provstad()).exists()


# -- commitments with a frequency ---------------------------------------------------------------


def test_commitments_keep_their_count_period_and_order():
    import_text(FULL)
    promise = GoverningDocument.objects.get(title="Bilaga 1 Medborgarlöfte")

    rows = [
        (c.text, c.count, c.period, c.organisation.name if c.organisation else None)
        for c in promise.commitments.all()
    ]
    assert rows == [
        ("Kvällsrond", 1, "day", "LPO Provstad"),
        ("Trygghetsvandring", 1, "year", None),
    ]
    assert [c.frequency_label() for c in promise.commitments.all()] == [
        "en gång per dag",
        "en gång per år",
    ]


@pytest.mark.parametrize(
    ("bad", "path", "message"),
    [
        ("{text: Kvällsrond, count: 1, per: fortnight", "per", 'okänd period "fortnight"'),
        ("{text: Kvällsrond, count: 0, per: day", "count", "utanför det tillåtna intervallet"),
        ("{text: Kvällsrond, count: 1", "per", "count kräver per"),
        ("{text: Kvällsrond, per: day", "count", "per kräver count"),
        ("{count: 1, per: day", "text", "fältet saknas"),
    ],
)
def test_a_bad_commitment_is_refused_at_its_line(bad, path, message):
    text = FULL.replace("{text: Kvällsrond, count: 1, per: day", bad)

    [error] = errors_of(text)

    assert error.path == f"documents[1].commitments[0].{path}"
    assert error.line == line_of(text, bad)
    assert message in error.message


# -- validity in years ---------------------------------------------------------------------------


def test_validity_in_years_means_whole_calendar_years():
    import_text(FULL)
    dates = {
        d.title: (d.valid_from, d.valid_until)
        for d in GoverningDocument.objects.filter(municipality=provstad())
    }

    assert dates["Överenskommelsen"] == (date(2025, 1, 1), date(2027, 12, 31))
    assert dates["Bilaga 1 Medborgarlöfte"] == (date(2025, 1, 1), date(2025, 12, 31))
    assert dates["Bilaga 2 Åtgärdsplan"] == (date(2026, 1, 1), date(2026, 12, 31))
    exported = export_organisation(provstad())
    assert "valid_years: [2025, 2027]" in exported
    assert "valid_years: [2026, 2026]" in exported
    assert "valid_from" not in exported


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("[2027, 2025]", "sista året 2025 ligger före första året 2027"),
        ('"tjugo"', "är inte år"),
        ("[2025, 2026, 2027]", "är inte år"),
        ("[1800, 2025]", "mellan 1900 och 2100"),
    ],
)
def test_bad_years_are_refused_at_their_line(bad, message):
    text = FULL.replace("valid_years: [2025, 2027]", f"valid_years: {bad}")

    [error] = errors_of(text)

    assert error.path == "documents[0].valid_years"
    assert error.line == line_of(text, f"valid_years: {bad}")
    assert message in error.message


def test_years_and_dates_together_are_refused():
    text = FULL.replace("valid_years: 2026", "valid_years: 2026\n    valid_from: 2026-02-01")

    [error] = errors_of(text)

    assert error.path == "documents[2].valid_years"
    assert "antingen valid_years eller valid_from/valid_until" in error.message


# -- actors in a group without a named person ----------------------------------------------------


def test_an_organisation_takes_part_in_a_group_without_a_named_person():
    import_text(FULL)

    rows = sorted(
        OrganisationMembership.objects.filter(group__name="Trygghetsgruppen Centrum").values_list(
            "organisation__name", "role"
        )
    )
    assert rows == [
        ("Fastighetsägarna i centrum", "member"),
        ("Provstads kommun", "convener"),
        ("Vakt AB", "member"),
    ]


def test_the_same_organisation_twice_without_a_person_is_refused():
    text = FULL.replace(
        "      - {organisation: Vakt AB}\n",
        "      - {organisation: Vakt AB}\n      - {organisation: Vakt AB, role: coopted}\n",
    )

    [error] = errors_of(text)

    assert error.path == "groups[0].members[3].organisation"
    assert error.line == line_of(text, "{organisation: Vakt AB, role: coopted}")


def test_a_member_with_neither_person_nor_organisation_is_refused():
    text = FULL.replace("      - {organisation: Vakt AB}\n", "      - {role: member}\n")

    [error] = errors_of(text)

    assert error.path == "groups[0].members[2].person"
    assert "organisation:" in error.message


def test_an_organisation_left_out_of_a_group_leaves_it():
    import_text(FULL)
    import_text(FULL.replace("      - {organisation: Vakt AB}\n", ""))

    assert not OrganisationMembership.objects.filter(organisation__name="Vakt AB").exists()
    assert Organisation.objects.filter(name="Vakt AB").exists()


# -- actor kinds --------------------------------------------------------------------------------


def test_property_owners_and_security_companies_are_actor_kinds():
    import_text(FULL)

    assert Organisation.objects.get(name="Fastighetsägarna i centrum").kind == "property_owner"
    assert Organisation.objects.get(name="Vakt AB").kind == "security_company"
    assert OrganisationKind.PROPERTY_OWNER.label == "Fastighetsägare"


# -- a lokalpolisområde shared by several municipalities ----------------------------------------


def test_each_municipality_keeps_its_own_row_for_a_shared_police_area():
    geography = Geography.objects.create(
        code="lpo-provstad", name="Provstad", kind=GeographyKind.LOCAL_POLICE_AREA
    )
    import_text(FULL)
    neighbour = (
        FULL.replace(
            "name: Provstads kommun\n  slug: provstad", "name: Grannby kommun\n  slug: grannby"
        )
        .replace("name: LPO Provstad\n", "name: Lokalpolisområde Provstad\n")
        .replace("[LPO Provstad,", "[Lokalpolisområde Provstad,")
        .replace("organisation: LPO Provstad}", "organisation: Lokalpolisområde Provstad}")
    )
    import_text(neighbour)

    rows = Organisation.objects.filter(reference_code="lpo-provstad").order_by("municipality__slug")
    assert [(o.municipality.slug, o.name) for o in rows] == [
        ("grannby", "Lokalpolisområde Provstad"),
        ("provstad", "LPO Provstad"),
    ]
    assert all(o.reference_geography() == geography for o in rows)
    # Each municipality's file exports only its own row.
    assert "Lokalpolisområde Provstad" not in export_organisation(provstad())
    # Importing one municipality again leaves the other's row alone.
    import_text(FULL)
    assert Organisation.objects.filter(reference_code="lpo-provstad").count() == 2


def test_a_reference_code_not_in_the_reference_geography_is_a_warning():
    parsed = parse_organisation_file(FULL, filename="test.yaml")

    [warning] = parsed.warnings
    assert warning.path == "organisations[1].reference_code"
    assert warning.line == line_of(FULL, "reference_code: lpo-provstad")
    assert "finns inte (ännu) i referensgeografin" in warning.message


def test_a_malformed_or_repeated_reference_code_is_refused():
    bad = FULL.replace("reference_code: lpo-provstad", "reference_code: LPO Provstad")
    [error] = errors_of(bad)
    assert error.path == "organisations[1].reference_code"
    assert error.line == line_of(bad, "reference_code: LPO Provstad")

    twice = FULL.replace(
        "    kind: property_owner\n", "    kind: property_owner\n    reference_code: lpo-provstad\n"
    )
    [error] = errors_of(twice)
    assert error.path == "organisations[2].reference_code"
    assert "används redan av en annan aktör" in error.message


# -- round trip and old files --------------------------------------------------------------------


def test_every_construct_survives_export_and_import():
    import_text(FULL)
    first = export_organisation(provstad())
    json_first = export_organisation(provstad(), fmt="json")

    summary = import_text(first, filename="export.yaml")

    assert not summary.changed
    assert export_organisation(provstad()) == first
    assert not import_text(json_first, filename="export.json").changed
    for key in ("places:", "reference_code:", "part_of:", "commitments:", "valid_years:"):
        assert key in first


@pytest.mark.parametrize("name", ["minimal.yaml"])
def test_files_without_the_new_constructs_import_and_export_as_before(name):
    import_text(fixture_text(name))
    exported = export_organisation(provstad())

    assert not import_text(exported).changed
    for key in ("places:", "reference_code:", "part_of:", "commitments:", "valid_years:"):
        assert key not in exported


def test_angered_imports_unchanged():
    import_angered()
    goteborg = Municipality.objects.get(slug="goteborg")
    exported = export_organisation(goteborg)

    # Its yearly documents keep their dates as written (valid_from/valid_until).
    assert "valid_from: 2021-01-01" in exported and "valid_years" not in exported
    assert not Place.objects.exists() and not OrganisationMembership.objects.exists()
    assert not import_angered().changed
    assert ANGERED.exists() and FILES.exists()
