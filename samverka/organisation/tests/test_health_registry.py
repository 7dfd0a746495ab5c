"""Rules that later apps register (samverka.core.extensions.register_health_rule) run after the
organisation's own; their findings are sorted into the same list (severity, then rule, then
subject) and reach the page, the API and ``check_organisation``; their rules are listed with
the others on the page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core import extensions
from samverka.core.extensions import register_health_rule, unregister_health_rule
from samverka.core.testing import World, make_municipality
from samverka.organisation.health import (
    RULES,
    Basis,
    Finding,
    Rule,
    Severity,
    all_rules,
    run_health_check,
)
from samverka.organisation.tests.test_health import make_healthy

pytestmark = pytest.mark.django_db

NO_PLAN = Rule("test_no_action_plan", Severity.ERROR, "Kommunen saknar en beslutad åtgärdsplan.")
LATE = Rule("test_follow_up_late", Severity.WARNING, "En uppföljning är försenad.")
PLAN_URL = "/k/testby/arbete/"


def fake_check(municipality: Municipality, today: date) -> list[Finding]:
    """A later app's check: an error for the municipality, two warnings on its measures."""
    seen.append(today)
    return [
        Finding(
            rule=LATE.code,
            severity=Severity.WARNING,
            title="Uppföljningen är försenad",
            explanation="Ska ha gjorts.",
            subject_kind="measure",
            subject_id=2,
            subject_name="Öka belysningen",
            url=PLAN_URL + "atgarder/2/",
        ),
        Finding(
            rule=LATE.code,
            severity=Severity.WARNING,
            title="Uppföljningen är försenad",
            explanation="Ska ha gjorts.",
            subject_kind="measure",
            subject_id=1,
            subject_name="Fältassistenter",
        ),
        Finding(
            rule=NO_PLAN.code,
            severity=Severity.ERROR,
            title="Ingen beslutad åtgärdsplan",
            explanation="Lag (2023:196) kräver en åtgärdsplan.",
            subject_kind="municipality",
            subject_id=municipality.pk,
            subject_name=municipality.name,
            url=PLAN_URL,
            basis=Basis.LAW,
        ),
    ]


seen: list[date] = []


@pytest.fixture(autouse=True)
def only_test_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The apps' own registered rules (the process app's …) are left out here: these tests are
    about how the check merges what any rule finds."""
    monkeypatch.setattr(extensions, "_HEALTH_RULES", {})


@pytest.fixture
def registered() -> Iterator[None]:
    seen.clear()
    register_health_rule("test-process", fake_check, rules=[NO_PLAN, LATE])
    yield
    unregister_health_rule("test-process")


def test_registered_findings_are_merged_and_sorted(world: World, registered: None) -> None:
    today = date(2026, 3, 15)
    findings = run_health_check(world.testby, today=today)

    assert seen == [today]
    codes = [f.rule for f in findings]
    # The registered error sits among the errors, after the organisation's own error rules.
    errors = [f for f in findings if f.severity == Severity.ERROR]
    assert errors[-1].rule == NO_PLAN.code
    assert codes.index(NO_PLAN.code) < min(
        i for i, f in enumerate(findings) if f.severity == Severity.WARNING
    )
    # The registered warnings after the organisation's warnings, by subject name.
    warnings = [f for f in findings if f.severity == Severity.WARNING]
    assert [f.subject_name for f in warnings if f.rule == LATE.code] == [
        "Fältassistenter",
        "Öka belysningen",
    ]
    assert warnings[-1].rule == LATE.code
    assert all_rules() == [*RULES, NO_PLAN, LATE]


def test_without_registered_rules_nothing_changes(world: World) -> None:
    assert all_rules() == list(RULES)
    assert not any(f.rule.startswith("test_") for f in run_health_check(world.testby))


def test_the_page_shows_them_with_their_links_and_lists_the_rules(
    client, world: World, registered: None
) -> None:
    client.force_login(world.dave)
    url = reverse("organisation:health", kwargs={"municipality": world.testby.slug})

    page = client.get(url).content.decode()

    assert "Ingen beslutad åtgärdsplan" in page
    assert f'<a href="{PLAN_URL}atgarder/2/">Öka belysningen</a>' in page
    # A subject the organisation does not know, without a link of its own: named, not linked.
    assert "Fältassistenter</p>" in page
    assert NO_PLAN.description in page and LATE.description in page


def test_the_api_and_the_export_have_them(client, world: World, registered: None) -> None:
    client.force_login(world.dave)
    api = client.get(f"/api/v1/municipalities/{world.testby.slug}/health/")
    assert api.status_code == 200
    assert NO_PLAN.code in [row["rule"] for row in api.json()]
    export = client.get(
        reverse(
            "organisation:health_export", kwargs={"municipality": world.testby.slug, "fmt": "csv"}
        )
    )
    assert f"http://testserver{PLAN_URL}" in export.content.decode()


def test_check_organisation_fails_on_a_registered_error(registered: None) -> None:
    municipality = make_municipality("Friskby kommun", "friskby")
    make_healthy(municipality, today=timezone.localdate())
    out = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("check_organisation", "friskby", "--format", "json", stdout=out)
    assert exit_.value.code == 1
    rows = json.loads(out.getvalue())
    assert NO_PLAN.code in json.dumps(rows)
