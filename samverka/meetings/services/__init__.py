"""Every write about meetings goes through these functions: pages, API, CLI and the example all
call them, so the rules (mandate, locked minutes, carry-over) hold everywhere.

``user=None`` means the system itself (a command run by an operator on the server, the example
loader): the rules of the organisation still apply, the per-user permission checks do not.
"""

from samverka.meetings.services._common import MeetingNotStarted, StateConflict
from samverka.meetings.services.agenda import (
    agenda_item_accept,
    agenda_item_add,
    agenda_item_decline,
    agenda_item_delete,
    agenda_item_move,
    agenda_item_suggest,
    agenda_item_update,
    agenda_template_for,
    agenda_template_set,
)
from samverka.meetings.services.commitments import commitment_create, commitment_update
from samverka.meetings.services.decisions import (
    DecisionRefused,
    deciding_group_for,
    decision_record,
    proposal_create,
    proposal_withdraw,
)
from samverka.meetings.services.feeds import feed_create, feed_for_token, feed_revoke
from samverka.meetings.services.minutes import (
    attendance_set,
    minutes_approve,
    minutes_current,
    minutes_new_version,
    minutes_record_paper_approval,
    minutes_set_adjusters,
    minutes_start,
    minutes_update,
)
from samverka.meetings.services.planning import (
    meeting_cancel,
    meeting_convene_acute,
    meeting_create,
    meeting_update,
    series_plan,
)

__all__ = [
    "DecisionRefused",
    "MeetingNotStarted",
    "StateConflict",
    "agenda_item_accept",
    "agenda_item_add",
    "agenda_item_decline",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_suggest",
    "agenda_item_update",
    "agenda_template_for",
    "agenda_template_set",
    "attendance_set",
    "commitment_create",
    "commitment_update",
    "deciding_group_for",
    "decision_record",
    "feed_create",
    "feed_for_token",
    "feed_revoke",
    "meeting_cancel",
    "meeting_convene_acute",
    "meeting_create",
    "meeting_update",
    "minutes_approve",
    "minutes_current",
    "minutes_new_version",
    "minutes_record_paper_approval",
    "minutes_set_adjusters",
    "minutes_start",
    "minutes_update",
    "proposal_create",
    "proposal_withdraw",
    "series_plan",
]
