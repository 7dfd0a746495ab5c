"""The health check reads right for any municipality: a small town without sub-areas, with one
part-time coordinator, hears neither about the example district nor about a big city's set-up;
Brå's guidance is quoted as guidance, with its source; only the law's requirements are errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from samverka.areas.models import AreaKind
from samverka.core.extensions import register_health_rule
from samverka.core.testing import make_area, make_group, make_municipality, make_person
from samverka.organisation.health import Basis, Severity, all_rules, run_health_check
from samverka.organisation.models import GroupKind, Mandate
from samverka.organisation.tests.test_health import TODAY, make_broken

pytestmark = pytest.mark.django_db


@pytest.fixture
def every_rule() -> Iterator[None]:
    """The organisation's tests run without the later apps' rules (conftest.py); these tests
    are about every rule, so the process app's law rules are registered again."""
    from samverka.process.law import HEALTH_RULE_DESCRIPTIONS, HEALTH_RULES

    for name, rule in HEALTH_RULES:
        register_health_rule(name, rule, order=70, rules=HEALTH_RULE_DESCRIPTIONS[name])
    yield


def test_a_town_without_sub_areas_gets_no_finding_per_sub_area(every_rule: None) -> None:
    town = make_municipality("Småby kommun", "smaby")
    root = make_area(town, "Småby", kind=AreaKind.MUNICIPALITY)
    make_area(town, "Småby tätort", parent=root)
    make_area(town, "DeSO Småby 1", kind=AreaKind.DESO, parent=root)
    make_group(town, "Brottsförebyggande rådet", kind=GroupKind.STEERING, mandate=Mandate.DECIDES)
    make_person(town, "Sam Samordnare", title="Samordnare (deltid)")

    findings = run_health_check(town, today=TODAY)

    rules = {f.rule for f in findings}
    assert "area_without_safety_group" not in rules
    assert "area_without_sspf" not in rules
    # One part-time coordinator is enough: nobody tells the town to build a coordination unit.
    assert not any("samordningsenhet" in f.explanation.lower() for f in findings)


def test_a_municipality_with_sub_areas_hears_of_the_example_as_information_only() -> None:
    city = make_municipality("Storby kommun", "storby")
    root = make_area(city, "Storby", kind=AreaKind.MUNICIPALITY)
    for name in ("Öster", "Väster"):
        make_area(city, name, parent=root)

    area_findings = [
        f for f in run_health_check(city, today=TODAY) if f.rule.startswith("area_without")
    ]

    assert {f.subject_name for f in area_findings} == {"Öster", "Väster"}
    assert {f.severity for f in area_findings} == {Severity.INFO}


def test_no_text_names_the_example_district_in_another_municipality(every_rule: None) -> None:
    brustad = make_municipality("Brustad kommun", "brustad")
    make_broken(brustad)

    findings = run_health_check(brustad, today=TODAY)

    assert {f.rule for f in findings} >= {rule.code for rule in all_rules()[:3]}
    for finding in findings:
        text = " ".join([finding.title, finding.explanation, finding.source])
        assert "angered" not in text.lower(), finding.rule
    for rule in all_rules():
        assert "angered" not in str(rule.description).lower(), rule.code


def test_guidance_carries_its_source_and_is_never_an_error(every_rule: None) -> None:
    brustad = make_municipality("Brustad kommun", "brustad")
    make_broken(brustad)

    findings = run_health_check(brustad, today=TODAY)

    guidance = [f for f in findings if f.basis == Basis.GUIDANCE]
    assert guidance
    for finding in guidance:
        # Quoted as Brå's (a recommendation, a description, or its example), not as a rule.
        assert finding.explanation.startswith(("Brå rekommenderar", "Brå beskriver", "I Brås"))
        assert finding.source.startswith("Brå, ")
        assert "(20" in finding.source  # the publication's year
        assert finding.severity != Severity.ERROR
    # Errors are only the law's requirements, and they name the law.
    for finding in findings:
        if finding.severity == Severity.ERROR:
            assert finding.basis == Basis.LAW
            assert "2023:196" in finding.source
