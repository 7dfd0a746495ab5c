"""The agenda and minutes of a meeting as one document: the same context for the page
("Utskriftsvänlig version"), for a minutes version, and for the PDF, so that all of them show the
same thing. The template is ``meetings/meeting_document.html``; with ``for_print`` it stands
alone (no site navigation, print styles inline) for WeasyPrint.

Need-to-know is applied here, once: the notes, the attendance and the approvals are internal to
the group's members and the coordinators (``minutes`` is dropped for everyone else); the agenda,
the decisions, the proposals and the commitments are not.
"""

from __future__ import annotations

from typing import Any

from samverka.accounts.access import Access
from samverka.meetings.models import Meeting, Minutes
from samverka.meetings.selectors import Agenda, agenda_for


def attach_notes(agenda: Agenda, notes: dict[int, str]) -> Agenda:
    """Give each agenda entry its minutes note as ``entry.note`` (a template cannot look a key
    up in a dict)."""
    for entry in agenda.flat():
        entry.note = notes.get(entry.item.pk, "")  # type: ignore[attr-defined]
    return agenda


def document_context(
    meeting: Meeting,
    minutes: Minutes | None,
    viewer: Access,
    *,
    for_print: bool = False,
    base_url: str = "",
) -> dict[str, Any]:
    """The context of ``meetings/meeting_document.html``.

    ``minutes`` is the version to show (or None for the agenda alone); ``base_url``
    ("https://samverka.example.se") makes the links absolute, as a PDF needs.
    """
    sees_minutes = viewer.sees_internals(meeting.group_id)
    if not sees_minutes or (minutes is not None and minutes.meeting_id != meeting.pk):
        minutes = None
    notes: dict[int, str] = {}
    attendance: list[Any] = []
    adjusters: list[dict[str, Any]] = []
    if minutes is not None:
        notes = {n.agenda_item_id: n.text for n in minutes.item_notes.all()}
        attendance = list(minutes.attendance.select_related("organisation", "person"))
        approved = {a.person_id: a.approved_at for a in minutes.approvals.all()}
        adjusters = [
            {"person": person, "approved_at": approved.get(person.pk)}
            for person in minutes.adjusters.order_by("name")
        ]
    return {
        "municipality": meeting.municipality,
        "meeting": meeting,
        "agenda": attach_notes(agenda_for(meeting), notes),
        "minutes": minutes,
        "notes": notes,
        "attendance": attendance,
        "adjusters": adjusters,
        "decisions": list(
            meeting.decisions.select_related("proposal__from_group", "agenda_item").order_by(
                "number"
            )
        ),
        "proposals": list(meeting.proposals_made.select_related("to_group")),
        "commitments": list(
            meeting.commitments_made.select_related(
                "owner_person", "owner_organisation", "group", "decision"
            ).order_by("due_date", "pk")
        ),
        "sees_minutes": sees_minutes,
        "for_print": for_print,
        "base_url": base_url.rstrip("/"),
    }
