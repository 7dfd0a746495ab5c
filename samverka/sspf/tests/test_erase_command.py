"""`samverka erase_sspf`: the daily erasure on the command line."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from samverka.core.testing import World
from samverka.sspf.models import Case, CaseCount, CasePerson
from samverka.sspf.tests.factories import add_person, make_case
from samverka.sspf.tests.test_services import _close

pytestmark = pytest.mark.django_db


def test_the_command_erases_what_is_due_and_leaves_the_counts(world: World) -> None:
    case = make_case(world)
    add_person(case, world)
    _close(case, timezone.localdate() - timedelta(days=800))
    out, err = StringIO(), StringIO()
    call_command("erase_sspf", "--dry-run", stdout=out, stderr=err)
    assert "Skulle radera 1 ärenden och 0 personer" in out.getvalue()
    assert Case.objects.exists()

    call_command("erase_sspf", stdout=out, stderr=err)
    assert "Raderade 1 ärenden" in out.getvalue()
    assert "1/1" in err.getvalue()  # the progress bar
    assert not Case.objects.exists() and not CasePerson.objects.exists()
    assert CaseCount.objects.get().persons == 1

    again = StringIO()
    call_command("erase_sspf", stdout=again, stderr=StringIO())
    assert "Raderade 0 ärenden och 0 personer" in again.getvalue()
