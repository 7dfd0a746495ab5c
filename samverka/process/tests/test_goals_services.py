"""Goals: promoting a governing document's goal lines to rows (idempotent, the text kept), the
goal tree's rules (same municipality, at most three levels, no cycles) and deleting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samverka.core.testing import World
from samverka.process.models import Goal, IndicatorSource
from samverka.process.services import goals as services

GOALS_TEXT = "Ökad trygghet i Hammarkullen\n\n  Fler poliser som syns  \nFörtroende för polisen\n"


def test_promotion_makes_one_goal_per_line_keeps_the_text_and_is_idempotent(world: World) -> None:
    document = world.document
    document.goals = GOALS_TEXT
    document.save()
    created = services.goals_promote(document=document, user=world.alice)
    assert [g.title for g in created] == [
        "Ökad trygghet i Hammarkullen",
        "Fler poliser som syns",
        "Förtroende för polisen",
    ]
    assert all(g.source_line == g.title for g in created)
    assert [g.position for g in created] == [0, 1, 2]
    document.refresh_from_db()
    assert document.goals == GOALS_TEXT  # the document reads as written
    assert services.goals_promote(document=document, user=world.alice) == []
    assert Goal.objects.filter(document=document).count() == 3
    assert services.unpromoted_lines(document) == []


def test_a_new_line_is_promoted_alone_and_an_edited_goal_title_is_not_promoted_again(
    world: World,
) -> None:
    document = world.document
    document.goals = "Mål ett"
    document.save()
    (goal,) = services.goals_promote(document=document, user=world.alice)
    services.goal_update(
        goal=goal, user=world.alice, title="Mål ett, omformulerat", document=document
    )
    document.goals = "Mål ett\nMål två"
    document.save()
    assert [g.title for g in services.goals_promote(document=document, user=world.alice)] == [
        "Mål två"
    ]


def _goal(world: World, title: str, parent: Goal | None = None) -> Goal:
    return services.goal_create(
        municipality=world.testby, user=world.alice, title=title, parent=parent
    )


def test_a_sub_goal_takes_its_goals_document(world: World) -> None:
    top = services.goal_create(
        municipality=world.testby, user=world.alice, title="Mål", document=world.document
    )
    sub = _goal(world, "Delmål", parent=top)
    assert sub.document == world.document


def test_at_most_three_levels(world: World) -> None:
    top = _goal(world, "Mål")
    sub = _goal(world, "Delmål", parent=top)
    subsub = _goal(world, "Delmål till delmål", parent=sub)
    with pytest.raises(ValidationError, match="högst 3 nivåer"):
        _goal(world, "För djupt", parent=subsub)
    # Moving a goal with a sub-goal under a level-2 goal would make four levels.
    other = _goal(world, "Annat mål")
    _goal(world, "Annat delmål", parent=other)
    with pytest.raises(ValidationError, match="högst 3 nivåer"):
        services.goal_update(goal=other, user=world.alice, title=other.title, parent=sub)


def test_no_cycles(world: World) -> None:
    top = _goal(world, "Mål")
    sub = _goal(world, "Delmål", parent=top)
    with pytest.raises(ValidationError, match="sig självt eller sina delmål"):
        services.goal_update(goal=top, user=world.alice, title="Mål", parent=sub)
    with pytest.raises(ValidationError, match="sig självt"):
        services.goal_update(goal=top, user=world.alice, title="Mål", parent=top)


def test_parent_document_and_problems_of_another_municipality_are_refused(world: World) -> None:
    foreign = services.goal_create(municipality=world.annanstad, user=world.olle, title="Deras")
    with pytest.raises(ValidationError, match="finns inte i den här kommunen"):
        _goal(world, "Vårt", parent=foreign)
    from samverka.organisation.models import GoverningDocument

    their_document = GoverningDocument.objects.create(
        municipality=world.annanstad, title="Deras dokument", kind="budget"
    )
    with pytest.raises(ValidationError, match="Dokumentet finns inte"):
        services.goal_create(
            municipality=world.testby, user=world.alice, title="x", document=their_document
        )


def test_delete_refuses_a_goal_with_sub_goals_or_values(world: World) -> None:
    top = _goal(world, "Mål")
    sub = _goal(world, "Delmål", parent=top)
    with pytest.raises(ValidationError, match="delmål"):
        services.goal_delete(goal=top, user=world.alice)
    indicator = services.indicator_create(
        goal=sub,
        user=world.alice,
        name="Andel trygga",
        unit="procent",
        source=IndicatorSource.MANUAL,
    )
    services.value_enter(indicator=indicator, user=world.alice, year=2025, value="61.5")
    with pytest.raises(ValidationError, match="värden"):
        services.goal_delete(goal=sub, user=world.alice)
    lone = _goal(world, "Ensamt")
    services.goal_delete(goal=lone, user=world.alice)
    assert not Goal.objects.filter(pk=lone.pk).exists()
