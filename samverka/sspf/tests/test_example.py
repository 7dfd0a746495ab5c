"""The SSPF part of the built-in example: synthetic, marked, no identity numbers."""

from __future__ import annotations

import pytest

from samverka.core.examples import example_loaders
from samverka.core.progress import no_progress
from samverka.core.testing import World
from samverka.lib.personnummer import find_identity_numbers
from samverka.sspf.example import MARK, load_example
from samverka.sspf.models import Case, CasePerson
from samverka.sspf.tests.factories import sspf_group

pytestmark = pytest.mark.django_db


def test_the_loader_is_registered() -> None:
    assert "sspf" in [loader.name for loader in example_loaders()]


def test_the_example_is_synthetic_and_marked(world: World) -> None:
    sspf_group(world)
    assert load_example(world.testby, no_progress) == "4 påhittade SSPF-ärenden"
    cases = list(Case.objects.all())
    assert len(cases) == 4
    assert all(case.description.startswith(MARK) for case in cases)
    assert not any(find_identity_numbers(case.description) for case in cases)
    assert CasePerson.objects.count() == 2


def test_without_sspf_groups_the_example_adds_nothing(world: World) -> None:
    assert load_example(world.testby, no_progress) == "inga SSPF-grupper"
    assert not Case.objects.exists()
