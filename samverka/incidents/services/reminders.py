"""E-mail reminders to the organisations that have not reported for a week.

A reporter is a person in the organisation register (``Person``) who belongs to the
organisation (``Person.organisation``), is linked to a user account (``Person.user``) that is
active and has the role member or coordinator in the municipality. The reminder goes to the
person's e-mail address, or the account's when the person has none; public contact persons
never get mail from samverka. One reminder per organisation and week: running the command
again sends nothing new unless asked to (``again``).
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, MunicipalityRole, Role
from samverka.incidents.models import ReminderLog
from samverka.incidents.selectors import MISSING, week_coverage
from samverka.organisation.models import Organisation, Person

logger = logging.getLogger(__name__)


@dataclass
class Reminder:
    organisation: Organisation
    areas: list[str]
    recipients: list[str]
    already_sent: bool = False


@dataclass
class ReminderResult:
    week: str
    reminders: list[Reminder] = field(default_factory=list)
    sent: int = 0  # e-mails sent
    error: str = ""  # the mail server refused: what it said (the rest was not sent)

    @property
    def without_recipients(self) -> list[Reminder]:
        return [r for r in self.reminders if not r.recipients]


def reporter_addresses(
    municipality: Municipality, organisation_ids: list[int]
) -> dict[int, list[str]]:
    """Organisation id → the e-mail addresses of its reporters (see the module docstring)."""
    reporting_users = MunicipalityRole.objects.filter(
        municipality=municipality, role__in=[Role.MEMBER, Role.COORDINATOR]
    ).values("user_id")
    people = (
        Person.objects.filter(
            municipality=municipality,
            organisation_id__in=organisation_ids,
            user__isnull=False,
            user__is_active=True,
            user_id__in=reporting_users,
            is_public_contact=False,
        )
        .select_related("user")
        .order_by("name")
    )
    found: dict[int, list[str]] = {}
    for person in people:
        address = person.email or (person.user.email if person.user else "")
        if address and person.organisation_id is not None:
            found.setdefault(person.organisation_id, []).append(address)
    return found


def missing_reporters(municipality: Municipality, week: str) -> list[Reminder]:
    """The organisations with at least one roster area not reported for the week."""
    by_org: dict[int, Reminder] = {}
    for row in week_coverage(municipality, week):
        if row.state != MISSING:
            continue
        org = row.entry.organisation
        by_org.setdefault(org.pk, Reminder(organisation=org, areas=[], recipients=[]))
        by_org[org.pk].areas.append(row.entry.area.name)
    addresses = reporter_addresses(municipality, list(by_org))
    sent_before = set(
        ReminderLog.objects.filter(
            municipality=municipality, week=week, organisation_id__in=list(by_org)
        ).values_list("organisation_id", flat=True)
    )
    reminders = sorted(by_org.values(), key=lambda r: r.organisation.name)
    for reminder in reminders:
        reminder.recipients = addresses.get(reminder.organisation.pk, [])
        reminder.already_sent = reminder.organisation.pk in sent_before
    return reminders


def _message(municipality: Municipality, week: str, reminder: Reminder, to: str) -> EmailMessage:
    # An absolute link needs the site's address, which only the deployment knows.
    base = str(getattr(settings, "SAMVERKA_BASE_URL", "")).rstrip("/")
    path = base + reverse("incidents:round", kwargs={"municipality": municipality.slug})
    body = _(
        "Hej!\n\n%(org)s har inte rapporterat för vecka %(week)s i: %(areas)s.\n\n"
        "Rapportera händelser – eller ”inget att rapportera” om veckan var lugn – i samverka:\n"
        "%(path)s?week=%(week)s\n\n"
        "En lugn vecka är också viktig information för lägesbilden.\n\n"
        "Det här är en automatisk påminnelse från samverka, %(municipality)s."
    ) % {
        "org": reminder.organisation.name,
        "week": week,
        "areas": ", ".join(reminder.areas),
        "path": path,
        "municipality": municipality.name,
    }
    subject = _("Påminnelse: händelserapport för vecka %(week)s") % {"week": week}
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def remind_reporters(
    *,
    municipality: Municipality,
    week: str,
    user: AnyUser | None = None,
    dry_run: bool = False,
    again: bool = False,
) -> ReminderResult:
    """Send one reminder per organisation missing a report for the week (see module docs)."""
    result = ReminderResult(week=week, reminders=missing_reporters(municipality, week))
    if dry_run:
        return result
    connection = None
    for reminder in result.reminders:
        if not reminder.recipients or (reminder.already_sent and not again):
            continue
        messages = [_message(municipality, week, reminder, to) for to in reminder.recipients]
        connection = connection or get_connection()
        # Sent first, recorded after: a mail server that refuses leaves the organisation
        # unrecorded, so the task's next try (or tomorrow's) reminds it, and nobody is
        # recorded as reminded who was not.
        try:
            result.sent += connection.send_messages(messages) or 0
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("Reminders for %s %s not sent: %s", municipality.slug, week, exc)
            result.error = _(
                "E-postservern tog inte emot påminnelserna (%(error)s). De som inte skickades "
                "har inte markerats som skickade: försök igen senare."
            ) % {"error": exc}
            break
        with transaction.atomic():
            log, _created = ReminderLog.objects.update_or_create(
                municipality=municipality,
                organisation=reminder.organisation,
                week=week,
                defaults={"recipients": len(reminder.recipients)},
            )
            audit(
                municipality=municipality,
                user=user,
                action="remind",
                obj=log,
                summary=_("Påminnelse %(week)s till %(org)s (%(n)s mottagare)")
                % {"week": week, "org": reminder.organisation, "n": len(reminder.recipients)},
            )
    return result
