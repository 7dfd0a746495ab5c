"""`samverka bootstrap_demo`: the local demo used by `make run`.

On an empty database it imports the Angered example (examples/angered.yaml) and creates three
demo users in Göteborg, one per role. The password is fixed and printed, because this is a
local demo on the developer's own machine; never run it on a server others can reach.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User
from samverka.core.examples import example_loaders
from samverka.organisation.models import GroupKind, Membership, MembershipRole
from samverka.organisation.orgfile import (
    OrganisationFileError,
    import_organisation,
    parse_organisation_file,
)
from samverka.organisation.orgfile.progress import text_progress

EXAMPLE = Path(settings.BASE_DIR) / "examples" / "angered.yaml"
# A documented local demo password, printed on every run; only set when DEBUG is on.
DEMO_PASSWORD = "samverka-demo"  # noqa: S105
DEMO_URL = "http://127.0.0.1:8000/"
# username, first name, last name, role, what the login hint says about the user
DEMO_USERS = (
    ("samordnare", "Sam", "Samordnare", Role.COORDINATOR, "samordnare, får ändra allt"),
    ("medlem", "Mette", "Medlem", Role.MEMBER, "medlem i beredningsgruppen"),
    ("lasare", "Lars", "Läsare", Role.READER, "läsbehörighet"),
)


class Command(BaseCommand):
    help = (
        "Load the Angered example and demo users (samordnare, medlem, lasare) when the database "
        "has no municipality yet; otherwise only print the demo login."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if Municipality.objects.exists():
            self.stdout.write("Databasen har redan data; inget har ändrats.")
            self._print_login()
            return
        if not settings.DEBUG:
            # Known passwords must never reach a server: the demo is for `make run` only.
            raise CommandError(
                "bootstrap_demo skapar användare med ett känt lösenord och körs bara med DEBUG på."
            )
        try:
            parsed = parse_organisation_file(
                EXAMPLE.read_text(encoding="utf-8"), filename=EXAMPLE.name, base_dir=EXAMPLE.parent
            )
        except OrganisationFileError as exc:
            raise CommandError(f"Exemplet {EXAMPLE} har fel:\n{exc}") from None
        with transaction.atomic():
            summary = import_organisation(parsed, progress=text_progress(self.stderr))
            municipality = Municipality.objects.get(slug=parsed.slug)
            self._create_users(municipality)
            # Meetings, incidents, statistics …: each app's part of the example.
            extra = [
                loader.load(municipality, text_progress(self.stderr))
                for loader in example_loaders()
            ]
        self.stdout.write(f"Laddade exemplet {EXAMPLE.name} ({municipality.name}).")
        for line in summary.lines()[1:] + extra:
            self.stdout.write(line)
        self._print_login()

    def _create_users(self, municipality: Municipality) -> None:
        users = {}
        for username, first, last, role, _hint in DEMO_USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username=username, password=DEMO_PASSWORD, first_name=first, last_name=last
                )
            MunicipalityRole.objects.update_or_create(
                user=user, municipality=municipality, defaults={"role": role}
            )
            users[username] = user
        # The member sits in the preparation group, so group pages show a member's view.
        membership = (
            Membership.objects.filter(
                group__municipality=municipality,
                group__kind=GroupKind.PREPARATION,
                role=MembershipRole.MEMBER,
                person__user__isnull=True,
                person__is_public_contact=False,
            )
            .select_related("person")
            .order_by("person__name")
            .first()
        )
        if membership is not None:
            membership.person.user = users["medlem"]
            membership.person.save(update_fields=["user"])

    def _print_login(self) -> None:
        if not User.objects.filter(username__in=[u[0] for u in DEMO_USERS]).exists():
            return
        names = ", ".join(f"{u[0]} ({u[4]})" for u in DEMO_USERS)
        self.stdout.write(f"Demo: öppna {DEMO_URL} och logga in som {names}.")
        self.stdout.write(f"Lösenord för alla demoanvändare: {DEMO_PASSWORD}")
