from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

import pytest
from django.conf import settings
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import AreaKind
from samverka.core.testing import (
    make_area,
    make_group,
    make_membership,
    make_municipality,
    make_organisation,
    make_person,
)
from samverka.organisation.health import RULES, Basis, Finding, Severity, run_health_check
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Mandate,
    MembershipRole,
    SetupAnswer,
)
from samverka.organisation.setup_questions import QUESTIONS

TODAY = date(2026, 3, 15)


def rules(findings: list[Finding]) -> list[str]:
    return [finding.rule for finding in findings]


def findings_for(findings: list[Finding], rule: str) -> list[Finding]:
    return [finding for finding in findings if finding.rule == rule]


def answer_all(municipality: Municipality) -> None:
    for question in QUESTIONS:
        SetupAnswer.objects.create(
            municipality=municipality,
            question_key=question.key,
            answer="Beslutat i styrgruppen.",
            answered_at=timezone.now(),
        )


def make_broken(municipality: Municipality, *, today: date = TODAY) -> dict[str, Any]:
    """An organisation that breaks every rule of the health check at least once."""
    root = make_area(municipality, "Brustad", kind=AreaKind.MUNICIPALITY)
    lonely_area = make_area(municipality, "Ensamma udden", parent=root)
    covered_area = make_area(municipality, "Täckta udden", parent=root)
    for kind in (GroupKind.AREA_SAFETY, GroupKind.SSPF):
        make_group(municipality, f"{kind} Täckta udden", kind=kind, area=covered_area)
    # Planned steering group: nobody decides yet, and it has no chair.
    steering = make_group(
        municipality,
        "Framtida styrgrupp",
        kind=GroupKind.STEERING,
        mandate=Mandate.DECIDES,
        start_date=today + timedelta(days=30),
    )
    first = make_group(municipality, "Cirkel A", kind=GroupKind.OTHER, mandate=Mandate.ADVISES)
    second = make_group(
        municipality, "Cirkel B", kind=GroupKind.OTHER, mandate=Mandate.ADVISES, reports_to=first
    )
    first.reports_to = second
    first.save()
    loose = make_group(municipality, "Lös arbetsgrupp")
    ended = make_group(municipality, "Avslutad arbetsgrupp", end_date=today - timedelta(days=1))
    overdue = GoverningDocument.objects.create(
        municipality=municipality,
        title="Gammal handlingsplan",
        kind="action_plan",
        next_review=today - timedelta(days=10),
    )
    undated = GoverningDocument.objects.create(
        municipality=municipality, title="Odaterad policy", kind="policy"
    )
    GoverningDocument.objects.create(
        municipality=municipality,
        title="Historiskt medborgarlöfte",
        kind="citizen_promise",
        valid_until=today - timedelta(days=400),
    )
    return {
        "lonely_area": lonely_area,
        "steering": steering,
        "first": first,
        "second": second,
        "loose": loose,
        "ended": ended,
        "overdue": overdue,
        "undated": undated,
    }


def make_healthy(municipality: Municipality, *, today: date = TODAY) -> dict[str, Group]:
    """A small organisation in line with Brå's guidance."""
    root = make_area(municipality, "Friskby", kind=AreaKind.MUNICIPALITY)
    district = make_area(municipality, "Östra Friskby", kind=AreaKind.DISTRICT, parent=root)
    north = make_area(municipality, "Norrbacka", parent=district)
    south = make_area(municipality, "Söderäng", parent=district)
    # Statistical areas below a sub-area do not make it a non-leaf.
    make_area(municipality, "DeSO 1", kind=AreaKind.DESO, parent=north)
    administration = make_organisation(municipality, "Friskby förvaltning")
    chair = make_person(municipality, "Stina Styr")
    convener = make_person(municipality, "Berit Bered")
    steering = make_group(
        municipality, "Styrgruppen", kind=GroupKind.STEERING, mandate=Mandate.DECIDES
    )
    make_membership(steering, chair, role=MembershipRole.CHAIR)
    preparation = make_group(
        municipality,
        "Beredningsgruppen",
        kind=GroupKind.PREPARATION,
        mandate=Mandate.PREPARES,
        reports_to=steering,
    )
    make_membership(preparation, convener, role=MembershipRole.CONVENER)
    for area in (north, south):
        for kind, label in ((GroupKind.AREA_SAFETY, "Trygghetsgrupp"), (GroupKind.SSPF, "SSPF")):
            make_group(
                municipality,
                f"{label} {area.name}",
                kind=kind,
                area=area,
                reports_to=preparation,
                convening_organisation=administration,
            )
    working = make_group(
        municipality,
        "Arbetsgrupp belysning",
        appointed_by=preparation,
        reports_to=preparation,
        end_date=today + timedelta(days=90),
    )
    make_membership(working, convener, role=MembershipRole.CHAIR)
    GoverningDocument.objects.create(
        municipality=municipality,
        title="Samverkansöverenskommelse",
        kind="collaboration_agreement",
        next_review=today + timedelta(days=200),
    )
    answer_all(municipality)
    return {"steering": steering, "preparation": preparation, "working": working}


@pytest.fixture
def brustad(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("Brustad kommun", "brustad")


@pytest.fixture
def friskby(db) -> Municipality:  # type: ignore[no-untyped-def]
    return make_municipality("Friskby kommun", "friskby")


def test_every_rule_fires_on_a_broken_organisation(brustad):
    make_broken(brustad)

    found = set(rules(run_health_check(brustad, today=TODAY)))

    assert found == {rule.code for rule in RULES}


def test_findings_name_their_subjects(brustad):
    broken = make_broken(brustad)

    findings = run_health_check(brustad, today=TODAY)

    def subjects(rule: str) -> set[int | str | None]:
        return {finding.subject_id for finding in findings_for(findings, rule)}

    loose, ended = broken["loose"], broken["ended"]
    assert subjects("deciding_group_without_chair") == {broken["steering"].pk}
    assert loose.pk in subjects("working_group_not_appointed")
    assert loose.pk in subjects("working_group_not_reporting")
    assert loose.pk in subjects("working_group_without_end_date")
    assert subjects("working_group_ended") == {ended.pk}
    assert subjects("area_without_safety_group") == {broken["lonely_area"].pk}
    assert subjects("area_without_sspf") == {broken["lonely_area"].pk}
    assert subjects("document_review_overdue") == {broken["overdue"].pk}
    # The historic document is not reported although it has no review date.
    assert subjects("document_without_review_date") == {broken["undated"].pk}
    # An ended working group needs no chair; the planned steering group is reported as a
    # deciding group, and the other groups without a chair as groups.
    assert ended.pk not in subjects("group_without_chair")
    assert broken["steering"].pk not in subjects("group_without_chair")
    assert loose.pk in subjects("group_without_chair")


def test_an_actor_convening_a_group_without_a_named_person_leads_it(brustad):
    from samverka.organisation.models import MembershipRole, Organisation, OrganisationMembership

    broken = make_broken(brustad)
    loose = broken["loose"]
    police = Organisation.objects.create(municipality=brustad, name="Polisen i Brustad")
    OrganisationMembership.objects.create(
        group=loose, organisation=police, role=MembershipRole.CONVENER
    )

    findings = run_health_check(brustad, today=TODAY)

    assert loose.pk not in {f.subject_id for f in findings_for(findings, "group_without_chair")}


def test_warnings_come_before_information(brustad):
    make_broken(brustad)

    severities = [finding.severity for finding in run_health_check(brustad, today=TODAY)]

    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    assert severities == sorted(severities, key=order.__getitem__)
    assert severities[0] == Severity.WARNING
    assert severities[-1] == Severity.INFO


def test_no_organisation_rule_is_an_error_because_none_is_required_by_law(brustad):
    """Red is kept for what the law requires; the organisation's rules are Brå's guidance or
    facts of the municipality's own data."""
    make_broken(brustad)

    findings = run_health_check(brustad, today=TODAY)

    assert [f for f in findings if f.severity == Severity.ERROR] == []
    assert all(rule.severity != Severity.ERROR for rule in RULES)


def test_a_cycle_is_reported_once_naming_its_groups(brustad):
    make_broken(brustad)

    [cycle] = findings_for(run_health_check(brustad, today=TODAY), "reports_to_cycle")

    assert cycle.severity == Severity.WARNING
    assert cycle.basis == Basis.FACT
    assert "Cirkel A → Cirkel B → Cirkel A" in cycle.explanation


def test_a_group_reporting_to_itself_is_a_cycle(friskby):
    make_healthy(friskby)
    group = make_group(friskby, "Självgruppen", kind=GroupKind.OTHER, mandate=Mandate.ADVISES)
    group.convening_organisation = make_organisation(friskby, "Självaktören")
    group.reports_to = group
    group.save()

    [cycle] = findings_for(run_health_check(friskby, today=TODAY), "reports_to_cycle")

    assert "Självgruppen → Självgruppen" in cycle.explanation


def test_a_healthy_organisation_has_no_findings(friskby):
    make_healthy(friskby)

    assert run_health_check(friskby, today=TODAY) == []


def test_a_steering_group_without_chair_is_a_warning(friskby):
    groups = make_healthy(friskby)
    groups["steering"].memberships.all().delete()

    [finding] = run_health_check(friskby, today=TODAY)

    assert finding.rule == "deciding_group_without_chair"
    assert finding.severity == Severity.WARNING
    assert finding.subject_name == "Styrgruppen"


def test_a_chair_whose_membership_has_ended_does_not_count(friskby):
    groups = make_healthy(friskby)
    groups["steering"].memberships.update(end_date=TODAY - timedelta(days=1))

    assert rules(run_health_check(friskby, today=TODAY)) == ["deciding_group_without_chair"]


def test_a_convening_organisation_is_enough_to_lead_a_group(friskby):
    groups = make_healthy(friskby)
    groups["working"].memberships.all().delete()
    groups["working"].convening_organisation = make_organisation(friskby, "Polisen")
    groups["working"].save()

    assert run_health_check(friskby, today=TODAY) == []


def test_without_a_preparation_group_the_link_is_missing(friskby):
    groups = make_healthy(friskby)
    groups["preparation"].reports_to = None
    groups["preparation"].save()

    assert "no_preparation_link" in rules(run_health_check(friskby, today=TODAY))


def test_a_working_group_appointed_by_the_steering_group_is_flagged(friskby):
    groups = make_healthy(friskby)
    groups["working"].appointed_by = groups["steering"]
    groups["working"].save()

    assert rules(run_health_check(friskby, today=TODAY)) == ["working_group_not_appointed"]


def test_a_group_for_a_wider_area_covers_the_areas_within_it(friskby):
    make_healthy(friskby)
    district = friskby.areas.get(name="Östra Friskby")
    new_area = make_area(friskby, "Västerhöjd", parent=district)
    make_group(
        friskby,
        "SSPF Östra Friskby",
        kind=GroupKind.SSPF,
        area=district,
        reports_to=Group.objects.get(name="Beredningsgruppen"),
        convening_organisation=make_organisation(friskby, "Socialtjänsten"),
    )

    findings = run_health_check(friskby, today=TODAY)

    # The district's SSPF group covers the new area; its own trygghetsgrupp is still missing.
    assert [(f.rule, f.subject_id) for f in findings] == [
        ("area_without_safety_group", new_area.pk)
    ]


def test_the_municipality_level_and_statistical_areas_need_no_groups(friskby):
    make_healthy(friskby)
    north = friskby.areas.get(name="Norrbacka")
    make_area(friskby, "DeSO 2", kind=AreaKind.DESO, parent=north)
    make_area(friskby, "LPO Friskby", kind=AreaKind.LOCAL_POLICE_AREA)

    assert run_health_check(friskby, today=TODAY) == []


def test_an_ended_group_does_not_cover_its_area(friskby):
    make_healthy(friskby)
    Group.objects.filter(name="SSPF Norrbacka").update(end_date=TODAY - timedelta(days=1))

    findings = run_health_check(friskby, today=TODAY)

    assert [(f.rule, f.subject_name) for f in findings] == [("area_without_sspf", "Norrbacka")]


def test_unanswered_setup_questions_are_listed_in_one_finding(friskby):
    make_healthy(friskby)
    SetupAnswer.objects.filter(question_key__in=["malgrupper", "ekonomi"]).delete()
    # A newer blank answer replaces an old one: the question is open again.
    SetupAnswer.objects.create(
        municipality=friskby,
        question_key="rapportera",
        answer="  ",
        answered_at=timezone.now() + timedelta(minutes=1),
    )

    [finding] = run_health_check(friskby, today=TODAY)

    assert finding.rule == "unanswered_setup_questions"
    assert finding.title.startswith("3 av Brås uppstartsfrågor")
    assert "Vilka är målgrupperna för arbetet?" in finding.explanation
    assert "Hur ska ni rapportera aktuell information?" in finding.explanation
    assert "Vilka är de ekonomiska förutsättningarna" in finding.explanation
    assert "Vem ska ha beslutsmandatet?" not in finding.explanation


def test_another_municipalitys_organisation_does_not_count(world):
    # Annanstad has a steering group; Testby's health must not borrow it, and vice versa.
    world.steering.mandate = Mandate.ADVISES
    world.steering.save()

    testby_findings = run_health_check(world.testby, today=TODAY)
    annanstad_findings = run_health_check(world.annanstad, today=TODAY)

    assert "no_deciding_group" in rules(testby_findings)
    assert "no_deciding_group" not in rules(annanstad_findings)
    testby_names = {f.subject_name for f in testby_findings}
    assert world.other_group.name not in testby_names
    assert world.other_area.name not in testby_names


def test_every_finding_has_swedish_text(brustad):
    make_broken(brustad)

    for finding in run_health_check(brustad, today=TODAY):
        assert finding.title and finding.explanation and finding.subject_name
        assert finding.subject_kind in {"group", "area", "document", "question", "municipality"}


def test_the_check_reads_a_large_organisation_in_a_bounded_number_of_queries(
    friskby, django_assert_max_num_queries
):
    make_healthy(friskby)
    preparation = Group.objects.get(name="Beredningsgruppen")
    for number in range(14):
        group = make_group(
            friskby,
            f"Arbetsgrupp {number}",
            appointed_by=preparation,
            reports_to=preparation,
            end_date=TODAY + timedelta(days=number),
        )
        make_membership(group, make_person(friskby), role=MembershipRole.CONVENER)
        make_area(friskby, f"Område {number}", parent=friskby.areas.get(name="Östra Friskby"))
    assert Group.objects.filter(municipality=friskby).count() >= 20

    with django_assert_max_num_queries(5):
        findings = run_health_check(friskby, today=TODAY)

    assert len(findings_for(findings, "area_without_safety_group")) == 14


def test_today_defaults_to_the_local_date(friskby):
    groups = make_healthy(friskby)
    groups["working"].end_date = timezone.localdate() - timedelta(days=1)
    groups["working"].save()

    assert "working_group_ended" in rules(run_health_check(friskby))


def test_the_angered_example_has_no_error(db):
    """The example from Brå's fact sheet is the model: it must pass the check without errors."""
    from samverka.organisation.chart import build_chart, render_svg
    from samverka.organisation.orgfile import import_organisation, parse_organisation_file

    path = settings.BASE_DIR / "examples" / "angered.yaml"
    parsed = parse_organisation_file(
        path.read_text(encoding="utf-8"), filename=path.name, base_dir=path.parent
    )
    import_organisation(parsed)
    angered = Municipality.objects.get(slug=parsed.slug)

    findings = run_health_check(angered)

    assert [f for f in findings if f.severity == Severity.ERROR] == []
    # And its chart draws every group.
    svg = render_svg(build_chart(angered), title="Angered")
    assert all(escape(group.name) in svg for group in Group.objects.filter(municipality=angered))
