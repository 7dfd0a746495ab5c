"""Importing an organisation file: all or nothing, every error with path and line, in place."""

from __future__ import annotations

from datetime import date

import pytest

from samverka.accounts.models import Municipality, User
from samverka.areas.models import Area, AreaKind
from samverka.organisation.health import Severity, run_health_check
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    Person,
    SetupAnswer,
)
from samverka.organisation.orgfile import (
    OrganisationFileError,
    import_organisation,
    parse_organisation_file,
)
from samverka.organisation.orgfile import importer as importer_module
from samverka.organisation.setup_questions import QUESTIONS
from samverka.organisation.tests.orgfile_helpers import (
    fixture_text,
    import_angered,
    import_text,
    row_counts,
    snapshot,
)

pytestmark = pytest.mark.django_db


def _errors(text: str, **kwargs: object) -> list:
    with pytest.raises(OrganisationFileError) as caught:
        parse_organisation_file(text, filename="test.yaml", **kwargs)  # type: ignore[arg-type]
    return caught.value.errors


def test_it_imports_a_small_file_with_everything_linked():
    summary = import_text(fixture_text("minimal.yaml"))

    provstad = Municipality.objects.get(slug="provstad")
    assert provstad.name == "Provstads kommun" and provstad.scb_code == "9990"
    north = Area.objects.get(municipality=provstad, name="Norra Provstad")
    assert north.parent is not None and north.parent.name == "Provstad"
    population = north.latest_population()
    assert population is not None and population.population == 12000
    assert north.boundary is not None
    # The boundary came in SWEREF 99 TM and is stored in WGS84, with a centroid near Göteborg.
    assert north.boundary["coordinates"][0][0] == pytest.approx([11.9746, 57.7089], abs=1e-4)
    assert north.centroid_lat == pytest.approx(57.713, abs=0.01)
    preparation = Group.objects.get(municipality=provstad, name="Beredningsgruppen")
    assert preparation.reports_to is not None and preparation.reports_to.name == "Styrgruppen"
    assert preparation.cadence_label() == "varannan vecka (tisdag)"
    steering = Group.objects.get(municipality=provstad, name="Styrgruppen")
    assert steering.acute_trigger_list() == ["skjutning"]
    chair = Membership.objects.get(group=steering, role="chair")
    assert chair.organisation is not None
    assert (chair.person.name, chair.organisation.name) == (
        "Åsa Ordförande",
        "Provstads förvaltning",
    )
    document = GoverningDocument.objects.get(municipality=provstad)
    assert sorted(document.parties.values_list("name", flat=True)) == [
        "Polisen i Provstad",
        "Provstads förvaltning",
    ]
    assert document.valid_from == date(2026, 1, 1)
    assert summary.sections["groups"].created == 3
    assert summary.sections["memberships"].created == 3


def test_reimporting_a_changed_file_updates_in_place_and_never_duplicates():
    text = fixture_text("minimal.yaml")
    import_text(text)
    before = row_counts()
    steering_pk = Group.objects.get(name="Styrgruppen").pk

    changed = text.replace("meetings_per_year: 4", "meetings_per_year: 6")
    summary = import_text(changed)

    assert row_counts() == before
    steering = Group.objects.get(name="Styrgruppen")
    assert steering.pk == steering_pk
    assert steering.meetings_per_year == 6
    assert summary.sections["groups"].updated == 1
    assert summary.sections["groups"].unchanged == 2
    assert summary.sections["people"].created == 0


def test_reimport_keeps_links_to_user_accounts():
    # User accounts are not part of the file; a person's link to one survives a re-import.
    text = fixture_text("minimal.yaml")
    import_text(text)
    dave = User.objects.create(username="dave")
    Person.objects.filter(name="Per Polis").update(user=dave)

    import_text(text.replace("meetings_per_year: 4", "meetings_per_year: 5"))

    assert Person.objects.get(name="Per Polis").user == dave


def test_what_the_file_no_longer_lists_is_removed():
    text = fixture_text("minimal.yaml")
    import_text(text)
    without_safety_group = (
        text.split("  - name: Trygghetsgruppen Norra")[0]
        + text.split("    internal_notes: Bara för gruppen.\n")[1]
    )

    summary = import_text(without_safety_group)

    assert not Group.objects.filter(name="Trygghetsgruppen Norra").exists()
    assert Group.objects.filter(municipality__slug="provstad").count() == 2
    assert summary.sections["groups"].removed == 1


def test_removing_a_member_from_the_file_removes_only_that_membership():
    text = fixture_text("minimal.yaml")
    import_text(text)
    fewer = text.replace(
        "      - person: Per Polis\n        organisation: Polisen i Provstad\n", ""
    )

    summary = import_text(fewer)

    assert summary.sections["memberships"].removed == 1
    assert Person.objects.filter(name="Per Polis").exists()
    assert not Membership.objects.filter(group__name="Styrgruppen", person__name="Per Polis")


def test_a_setup_answer_gets_a_new_row_only_when_its_text_changes():
    text = fixture_text("minimal.yaml")
    import_text(text)
    import_text(text)
    assert SetupAnswer.objects.count() == 1

    import_text(text.replace("Styrgruppen beslutar.", "Kommunstyrelsen beslutar."))

    answers = list(SetupAnswer.objects.order_by("-answered_at", "-pk"))
    assert [a.answer for a in answers] == ["Kommunstyrelsen beslutar.", "Styrgruppen beslutar."]


def test_dry_run_reports_the_changes_but_writes_nothing():
    before = snapshot()

    summary = import_text(fixture_text("minimal.yaml"), dry_run=True)

    assert summary.dry_run
    assert summary.sections["groups"].created == 3
    assert snapshot() == before


MALFORMED = [
    ("bad_yaml.yaml", "", 51, "inte giltig YAML"),
    ("unknown_group_kind.yaml", "groups[1].kind", 48, 'okänd grupptyp "beredningsgrup"'),
    (
        "missing_reports_to.yaml",
        "groups[2].reports_to",
        61,
        'gruppen "Beredningsgrupp X" finns inte',
    ),
    ("reports_to_cycle.yaml", "groups[0].reports_to", 37, "rapporterar till varandra i en cirkel"),
    ("duplicate_names.yaml", "organisations[1].name", 25, "finns redan (rad 23)"),
    ("bad_date.yaml", "documents[0].valid_from", 72, '"2026-13-45" är inte ett datum'),
]


@pytest.mark.parametrize(("name", "path", "line", "fragment"), MALFORMED)
def test_a_malformed_file_is_refused_with_path_and_line(name, path, line, fragment):
    errors = _errors(fixture_text(name))

    matching = [e for e in errors if e.path == path and e.line == line]
    assert matching, [str(e) for e in errors]
    assert fragment in matching[0].message
    if path:
        assert str(matching[0]).startswith(f"rad {line}, {path}: ")


@pytest.mark.parametrize(("name", "path", "line", "fragment"), MALFORMED)
def test_a_malformed_file_leaves_the_database_unchanged(name, path, line, fragment):
    import_text(fixture_text("minimal.yaml"))
    before = snapshot()

    with pytest.raises(OrganisationFileError):
        import_text(fixture_text(name))

    assert snapshot() == before


def test_unknown_kind_lists_the_allowed_values():
    (error,) = [e for e in _errors(fixture_text("unknown_group_kind.yaml")) if e.path]
    assert 'menade du "beredningsgrupp"?' in error.message
    assert "styrgrupp (Styrgrupp/ledningsgrupp)" in error.message
    assert "sspf (SSPF-grupp)" in error.message


def test_it_collects_every_error_not_only_the_first():
    text = """\
municipality:
  name: Felstad
  slug: felstad
  scb_code: 1480
  färg: blå
areas:
  - name: A
    kind: primaromrade
    parent: B
  - name: B
    kind: primaromrade
    parent: A
  - name: C
    kind: primaromrade
    boundary: {type: Point, coordinates: [12, 57]}
    centroid: {lat: 157, lon: 12}
organisations:
  - name: X
    kind: police
    parent: X
  - name: Y
    kind: polis
people:
  - name: P
    organisation: Z
    email: inte-en-adress
    is_public_contact: ja
groups:
  - name: G
    kind: arbetsgrupp
    mandate: genomför
    area: Saknas
    members:
      - person: Ingen
        role: boss
    specialist_functions:
      - name: Ungdomskriminalitet
  - name: H
    kind: styrgrupp
    mandate: decides
    cadence: times_per_year
    start_date: 2026-05-01
    end_date: 2026-04-01
documents:
  - title: D
    kind: budget
    goals: Ett mål
    file: ../../etc/passwd
setup_answers:
  - question: finns_inte
    answer: Svar
  - question: ekonomi
    answer: ""
    answered_at: igår
"""
    errors = _errors(text)

    by_path = {e.path: e for e in errors}
    expected = {
        "municipality.scb_code": (4, "ska vara text"),
        "municipality.färg": (5, 'okänt fält "färg"'),
        "areas[0].parent": (9, "ingår i varandra i en cirkel: A → B → A"),
        "areas[2].boundary": (15, "Polygon eller MultiPolygon"),
        "areas[2].centroid.lat": (16, "utanför det tillåtna intervallet"),
        "organisations[0].parent": (20, "en cirkel: X → X"),
        "organisations[1].kind": (22, 'okänd aktörstyp "polis"'),
        "people[0].organisation": (25, 'aktören "Z" finns inte i filen'),
        "people[0].email": (26, "inte en e-postadress"),
        "people[0].is_public_contact": (27, "true (ja) eller false (nej)"),
        "groups[0].mandate": (31, 'okänd mandat "genomför"'),
        "groups[0].area": (32, 'området "Saknas" finns inte i filen'),
        "groups[0].members[0].person": (34, 'personen "Ingen" finns inte i filen'),
        "groups[0].members[0].role": (35, 'okänd roll "boss"'),
        "groups[0].specialist_functions": (36, "samordningsenhet"),
        "groups[1].cadence": (41, "meetings_per_year"),
        "groups[1].end_date": (43, "ligger före startdatumet"),
        "documents[0].goals": (47, "ska vara en lista"),
        "documents[0].file": (48, "relativ"),
        "setup_answers[0].question": (50, 'okänd uppstartsfråga "finns_inte"'),
        "setup_answers[1].answer": (53, "får inte vara tomt"),
        "setup_answers[1].answered_at": (54, '"igår" är inte en tidpunkt'),
    }
    for path, (line, fragment) in expected.items():
        assert path in by_path, f"no error for {path}: {[str(e) for e in errors]}"
        assert by_path[path].line == line, (path, str(by_path[path]))
        assert fragment in by_path[path].message, (path, by_path[path].message)
    assert [e.line for e in errors] == sorted(e.line or 0 for e in errors)


def test_a_file_that_is_not_a_mapping_is_refused():
    (error,) = _errors("- bara\n- en lista\n")
    assert error.line == 1
    assert "municipality:" in error.message


def test_a_municipality_name_taken_by_another_slug_is_refused():
    Municipality.objects.create(name="Testby kommun", slug="testby")
    text = fixture_text("minimal.yaml").replace("Provstads kommun", "Testby kommun")
    before = snapshot()

    with pytest.raises(OrganisationFileError, match="heter redan"):
        import_text(text)

    assert snapshot() == before


def test_an_error_late_in_the_import_rolls_everything_back(monkeypatch):
    import_text(fixture_text("minimal.yaml"))
    before = snapshot()

    def fail(self):
        raise OrganisationFileError([])

    monkeypatch.setattr(importer_module._Run, "remove", fail)
    with pytest.raises(OrganisationFileError):
        import_text(
            fixture_text("minimal.yaml").replace("meetings_per_year: 4", "meetings_per_year: 9")
        )

    assert snapshot() == before
    assert Group.objects.get(name="Styrgruppen").meetings_per_year == 4


def test_a_referenced_document_file_is_copied_in(tmp_path):
    (tmp_path / "bilagor").mkdir()
    (tmp_path / "bilagor" / "avtal.pdf").write_bytes(b"%PDF-1.4 avtal")
    text = fixture_text("minimal.yaml").replace(
        "    next_review: 2027-01-01\n",
        "    next_review: 2027-01-01\n    file: bilagor/avtal.pdf\n",
    )

    parsed = parse_organisation_file(text, filename="org.yaml", base_dir=tmp_path)
    import_organisation(parsed)

    document = GoverningDocument.objects.get(title="Samverkansöverenskommelse 2026")
    with document.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 avtal"


def test_a_missing_document_file_is_skipped_with_a_warning(tmp_path):
    text = fixture_text("minimal.yaml").replace(
        "    next_review: 2027-01-01\n", "    next_review: 2027-01-01\n    file: saknas.pdf\n"
    )

    parsed = parse_organisation_file(text, filename="org.yaml", base_dir=tmp_path)
    summary = import_organisation(parsed)

    (warning,) = summary.warnings
    assert warning.path == "documents[0].file"
    assert "finns inte" in warning.message
    assert not GoverningDocument.objects.get(title="Samverkansöverenskommelse 2026").file


def test_the_angered_example_is_complete_and_healthy():
    import_angered()

    goteborg = Municipality.objects.get(slug="goteborg")
    assert (goteborg.name, goteborg.scb_code, goteborg.is_example) == (
        "Göteborgs Stad",
        "1480",
        True,
    )
    angered = Area.objects.get(municipality=goteborg, name="Angered")
    assert angered.parent is not None and angered.parent.name == "Göteborg"
    population = angered.latest_population()
    assert population is not None
    assert (population.year, population.population) == (2018, 53758)
    primary = Area.objects.filter(municipality=goteborg, kind=AreaKind.PRIMARY_AREA)
    assert primary.count() == 11
    for area in primary:
        kinds = set(area.groups.values_list("kind", flat=True))
        assert {GroupKind.AREA_SAFETY, GroupKind.SSPF} <= kinds, area.name
    steering = Group.objects.get(municipality=goteborg, name="Ledningsgruppen Trygg i Angered")
    assert (steering.mandate, steering.meetings_per_year) == ("decides", 6)
    assert steering.acute_trigger_list() == ["skjutningar", "social oro"]
    unit = Group.objects.get(municipality=goteborg, kind=GroupKind.COORDINATION_UNIT)
    functions = unit.specialist_functions.all()
    assert functions.count() == 7
    assert all(f.coordinator is not None for f in functions)
    centre = Group.objects.get(municipality=goteborg, name="Angereds Centrumgrupp")
    assert {"Västtrafik", "Angereds närsjukhus"} <= set(
        centre.memberships.values_list("organisation__name", flat=True)
    )
    lisa = Person.objects.get(municipality=goteborg, name="Lisa Pedersen")
    assert lisa.is_public_contact and lisa.email == "Lisa.pedersen@socialnordost.goteborg.se"
    assert not lisa.memberships.exists()
    assert (
        not Person.objects.filter(municipality=goteborg)
        .exclude(pk=lisa.pk)
        .exclude(email__endswith="@example.org")
    )
    answered = set(
        SetupAnswer.objects.filter(municipality=goteborg).values_list("question_key", flat=True)
    )
    assert answered == {q.key for q in QUESTIONS}
    promise = GoverningDocument.objects.get(
        municipality=goteborg, title="Medborgarlöfte Angered 2020"
    )
    assert len(promise.goal_list()) == 3

    findings = run_health_check(goteborg, today=date(2026, 11, 25))
    assert [f for f in findings if f.severity == Severity.ERROR] == []
