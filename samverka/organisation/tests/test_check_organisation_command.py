from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from samverka.core.testing import make_municipality
from samverka.organisation.health import RULES
from samverka.organisation.tests.test_health import make_broken, make_healthy


def run(*args: str) -> tuple[int, str]:
    """Run the command as the CLI would and return (exit status, stdout)."""
    out = StringIO()
    try:
        call_command("check_organisation", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def healthy(db):  # type: ignore[no-untyped-def]
    municipality = make_municipality("Friskby kommun", "friskby")
    make_healthy(municipality, today=timezone.localdate())
    return municipality


@pytest.fixture
def broken(db):  # type: ignore[no-untyped-def]
    municipality = make_municipality("Brustad kommun", "brustad")
    make_broken(municipality, today=timezone.localdate())
    return municipality


def test_it_prints_brås_guidance_as_warnings_without_failing(broken):
    """Only the law's requirements are errors; the organisation's rules are Brå's guidance."""
    status, output = run("brustad")

    assert status == 0
    assert "Brustad kommun: 0 fel" in output
    assert "[VARNING] Ingen grupp har beslutsmandat – Brustad kommun" in output
    assert "[VARNING] Arbetsgruppen saknar slutdatum – Lös arbetsgrupp" in output
    assert "[INFORMATION] Arbetsgruppens uppdrag har gått ut – Avslutad arbetsgrupp" in output
    # The explanation says why it matters, indented under its finding.
    assert "    Brå rekommenderar att någon har beslutsmandatet" in output
    assert output.index("[VARNING]") < output.index("[INFORMATION]")


def test_it_exits_with_status_0_when_all_is_well(healthy):
    status, output = run("friskby")

    assert status == 0
    assert "Friskby kommun: inga avvikelser hittades." in output


def test_warnings_alone_do_not_fail_the_check(healthy):
    healthy.setup_answers.filter(question_key="ekonomi").delete()

    status, output = run("friskby")

    assert status == 0
    assert "[VARNING] 1 av Brås uppstartsfrågor är obesvarad" in output


def test_json_output_lists_every_finding(broken):
    status, output = run("brustad", "--format", "json")

    data = json.loads(output)
    assert status == 0
    assert data["municipality"] == "brustad"
    assert data["has_errors"] is False
    assert {finding["rule"] for finding in data["findings"]} == {rule.code for rule in RULES}
    first = data["findings"][0]
    assert set(first) == {
        "rule",
        "severity",
        "title",
        "subject_kind",
        "subject_id",
        "subject_name",
        "explanation",
    }
    assert first["severity"] == "warning"


def test_json_output_of_a_healthy_organisation(healthy):
    status, output = run("friskby", "--format", "json")

    assert status == 0
    assert json.loads(output) == {"municipality": "friskby", "has_errors": False, "findings": []}


def test_an_unknown_municipality_is_a_clear_error(db):
    with pytest.raises(CommandError) as error:
        call_command("check_organisation", "finns-inte")

    assert str(error.value) == "Det finns ingen kommun med kortnamnet ”finns-inte”."
    # run_from_argv turns a CommandError into this exit status.
    assert error.value.returncode == 1


def test_an_unknown_format_is_rejected(healthy):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("check_organisation", "friskby", "--format", "xml")
