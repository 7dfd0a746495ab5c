"""`samverka decide MEETING --title T --text X [--proposal PK]`: record a decision of a meeting.

Only a group whose mandate is to decide may; any other gets the refusal that names the group
that decides, exit code 1, and nothing is written."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.meetings import services
from samverka.meetings.models import DecisionOutcome, Meeting, Proposal


class Command(BaseCommand):
    help = (
        "Record a decision (beslut) of a meeting. Only a meeting of a group whose mandate is "
        "to decide records one; a preparing group makes a proposal to the deciding group."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("meeting", type=int, help="the meeting's id")
        parser.add_argument("--title", required=True, help="the decision's heading")
        parser.add_argument("--text", required=True, help="what was decided")
        parser.add_argument(
            "--proposal", type=int, help="the id of the proposal the decision answers"
        )
        parser.add_argument(
            "--outcome",
            choices=DecisionOutcome.values,
            default=DecisionOutcome.APPROVED,
            help="approved (default), amended, rejected, returned, noted",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        meeting = (
            Meeting.objects.select_related("group", "municipality")
            .filter(pk=options["meeting"])
            .first()
        )
        if meeting is None:
            raise CommandError(f"Det finns inget möte med id {options['meeting']}.")
        proposal = None
        if options["proposal"] is not None:
            proposal = Proposal.objects.filter(
                pk=options["proposal"], municipality=meeting.municipality
            ).first()
            if proposal is None:
                raise CommandError(
                    f"Det finns inget förslag med id {options['proposal']} i "
                    f"{meeting.municipality.name}."
                )
        try:
            decision = services.decision_record(
                meeting=meeting,
                title=options["title"],
                text=options["text"],
                outcome=options["outcome"],
                proposal=proposal,
                user=None,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{meeting.group.name}, {meeting.starts_at:%Y-%m-%d}: § {decision.number} "
            f"{decision.title} (id {decision.pk})."
        )
