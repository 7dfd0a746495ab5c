"""`samverka adopt_plan MUNICIPALITY PLAN_ID --decision DECISION_ID --user USERNAME`: register that
a recorded decision adopted an åtgärdsplan. Refused, as on the page, unless the decision is of a
group with the mandate to decide in the same municipality, with bifall or bifall med ändring (the
message names who decides), and unless the user may plan (a coordinator or a member of the
beredningsgrupp). Exit code 1 and nothing written when refused."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from samverka.accounts.access import Access
from samverka.meetings.models import Decision
from samverka.process.access import may_plan
from samverka.process.management.commands.action_plan import find_municipality, find_plan
from samverka.process.services.plans import plan_adopt


class Command(BaseCommand):
    help = (
        "Adopt an åtgärdsplan by a recorded decision of a group with the mandate to decide; "
        "the plan is frozen as a new version."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("municipality", help="the municipality's slug")
        parser.add_argument("plan", type=int, help="the plan's id")
        parser.add_argument("--decision", type=int, required=True, help="the decision's id")
        parser.add_argument("--user", required=True, help="who registers it (username)")
        parser.add_argument("--note", default="", help="what changed since the last version")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = find_municipality(options["municipality"])
        plan = find_plan(municipality, options["plan"])
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare {options['user']!r}.")
        access = Access.for_user(user, municipality)
        if not access.has_role or not may_plan(access):
            raise CommandError(
                f"{user.get_username()} får inte anta planer i {municipality.name}: det är "
                "samordnarna och beredningsgruppens medlemmar som registrerar beslutet."
            )
        decision = (
            Decision.objects.filter(pk=options["decision"])
            .select_related("meeting__group", "meeting__municipality")
            .first()
        )
        if decision is None:
            raise CommandError(f"Det finns inget beslut med id {options['decision']}.")
        try:
            version = plan_adopt(plan=plan, decision=decision, user=user, note=options["note"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"{plan.title} antagen som version {version.number} genom "
            f"{decision.meeting.group.name} § {decision.number} ({decision.title})."
        )
