"""Rows of the process overview, the law & method view and the dialogues: everyone with a role
in the municipality reads; the beredningsgrupp and the coordinators write dialogues (in the test
world no one sits in the beredningsgrupp: alice and root); only the coordinators confirm a step of
Brå's checklist."""

from __future__ import annotations

from datetime import date
from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    API_WRITE,
    EDIT,
    PAGE,
    POST_ONLY,
    M,
    Row,
    _api,
    _with,
)

DIALOGUE = "Matrisens dialog"


def _dialogue(w: World) -> int:
    from samverka.process.models import DialogueNote

    return DialogueNote.objects.get(municipality=w.testby, title=DIALOGUE).pk


ROWS: list[Row] = [
    Row("process:index", M, PAGE),
    Row("process:law", M, PAGE),
    Row(
        "process:law_confirm",
        _with(criterion=lambda w: "leadership-mandate"),
        POST_ONLY,
        note="coordinators confirm what the data cannot show",
    ),
    Row("process:dialogue_list", M, PAGE),
    Row("process:dialogue_create", M, EDIT),
    Row("process:dialogue_detail", _with(pk=_dialogue), PAGE),
    Row("process:dialogue_edit", _with(pk=_dialogue), EDIT),
    Row("api-process-law-status", _api(), {"GET": API_READ}),
    Row("api-process-dialogue-list", _api(), {"GET": API_READ, "POST": API_WRITE}),
    Row(
        "api-process-dialogue-detail",
        _api(pk=_dialogue),
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
]


def _make(municipality: Any, title: str) -> Any:
    from samverka.accounts.access import Access
    from samverka.process.models import DialogueKind
    from samverka.process.services.promises import dialogue_create

    return dialogue_create(
        access=Access.system(municipality),
        kind=DialogueKind.CITIZEN,
        title=title,
        held_on=date(2026, 2, 1),
        summary="Otryggt vid torget på kvällarna.",
    )


def prepare(world: World) -> None:
    _make(world.testby, DIALOGUE)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    dialogue = _make(w.annanstad, "Annanstads dialog")
    return {
        "process:dialogue_detail": {"municipality": "testby", "pk": dialogue.pk},
        "process:dialogue_edit": {"municipality": "testby", "pk": dialogue.pk},
    }
