"""A second, small municipality described in its own file (examples/taby.yaml): it imports
with the ordinary command, passes the health check with only true findings, draws a readable
chart and exports back to the very same file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from samverka.accounts.models import Municipality
from samverka.areas.models import Place
from samverka.organisation.chart import build_chart, render_svg
from samverka.organisation.health import Severity, run_health_check
from samverka.organisation.models import (
    DocumentKind,
    GoverningDocument,
    Organisation,
    OrganisationMembership,
)
from samverka.organisation.orgfile import export_organisation
from samverka.organisation.tests.orgfile_helpers import import_angered
from samverka.stats.reference import ensure_reference_geography, local_police_areas_of

pytestmark = pytest.mark.django_db

TABY = Path(settings.BASE_DIR) / "examples" / "taby.yaml"


def import_taby() -> str:
    out = io.StringIO()
    call_command("import_organisation", str(TABY), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def taby() -> Municipality:
    return Municipality.objects.get(slug="taby")


def test_the_file_imports_with_the_import_command():
    out = import_taby()

    assert "Importerat till taby:" in out
    assert "platser: 4 nya" in out
    assert "deltagande aktörer utan person: 5 nya" in out
    municipality = taby()
    assert municipality.is_example
    assert Place.objects.filter(municipality=municipality).count() == 4


def test_it_exports_back_to_the_same_file():
    import_taby()

    assert export_organisation(taby()) == TABY.read_text(encoding="utf-8")
    # And importing it again changes nothing.
    counts = [line for line in import_taby().splitlines() if " nya, " in line]
    assert counts and all(" 0 nya, 0 ändrade, 0 borttagna" in line for line in counts)


def test_the_agreement_is_four_documents():
    import_taby()
    agreement = GoverningDocument.objects.get(
        municipality=taby(), kind=DocumentKind.COLLABORATION_AGREEMENT
    )

    assert agreement.parts.count() == 3
    assert agreement.covers_areas.count() == 2
    promise = agreement.parts.get(kind=DocumentKind.CITIZEN_PROMISE)
    assert [c.frequency_label() for c in promise.commitments.all()] == [
        "en gång per dag",
        "en gång per år",
        "2 gånger per år",
    ]
    assert promise.places.filter(kind="kollektivtrafik").exists()


def test_a_group_of_organisations_without_named_people():
    import_taby()

    group = taby().groups.get(name="Trygghetsgruppen Täby centrum")
    assert not group.memberships.exists()
    assert set(
        OrganisationMembership.objects.filter(group=group).values_list(
            "organisation__kind", flat=True
        )
    ) >= {"property_owner", "security_company", "police", "public_transport"}


def test_the_police_area_is_the_shared_reference_geography_and_stays_the_municipalitys_own():
    ensure_reference_geography()
    import_angered()
    import_taby()

    police = Organisation.objects.get(municipality=taby(), reference_code="lpo-taby")
    geography = police.reference_geography()
    assert geography is not None
    served = geography.municipalities.values_list("code", flat=True)
    assert "0160" in served and "0162" in served  # Täby and Danderyd
    assert geography in local_police_areas_of(geography.municipalities.get(code="0160"))
    # Angered's police is untouched by Täby's import.
    assert not Organisation.objects.filter(
        municipality__slug="goteborg", reference_code="lpo-taby"
    ).exists()


def test_the_health_check_finds_only_what_is_really_missing():
    import_taby()

    findings = run_health_check(taby())

    assert not [f for f in findings if f.severity == Severity.ERROR]
    # What the example really lacks: no answers to Brå's set-up questions, no SSPF group,
    # and no safety group for Näsby park.
    assert {(f.rule, f.subject_name) for f in findings} == {
        ("unanswered_setup_questions", "Uppstartsfrågor"),
        ("area_without_safety_group", "Näsby park"),
        ("area_without_sspf", "Näsby park"),
        ("area_without_sspf", "Täby centrum"),
    }


def test_the_chart_shows_every_group():
    import_taby()

    svg = render_svg(build_chart(taby()), title="Täby kommun")

    for name in ("Styrgruppen för trygghet", "Beredningsgruppen", "Trygghetsgruppen"):
        assert name in svg
