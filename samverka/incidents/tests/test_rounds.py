"""Reporting rounds: who reported and who did not, "nothing to report", reminders."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samverka.background.worker import run_queued
from samverka.core.testing import World, make_organisation, make_person
from samverka.incidents.models import NothingToReport, ReminderLog
from samverka.incidents.selectors import MISSING, NOTHING_TO_REPORT, REPORTED, coverage
from samverka.incidents.services import remind_reporters
from samverka.incidents.tasks import remind_reporters as remind_reporters_task
from samverka.incidents.tests.factories import local, make_incident, on_roster
from samverka.lib.dates import week_code

WEEK = "2026-W45"  # 2–8 November 2026


def _setup(world: World) -> object:
    """Police reported, the administration said "nothing", the housing company is silent."""
    housing = make_organisation(world.testby, "Bostadsbolaget", kind="housing_company")
    for org in (world.police, world.administration, housing):
        on_roster(world.area, org)
    make_incident(
        world.testby, world.area, organisation=world.police, occurred_at=local(2026, 11, 4, 22)
    )
    NothingToReport.objects.create(
        municipality=world.testby, area=world.area, organisation=world.administration, week=WEEK
    )
    return housing


def test_coverage_shows_the_organisations_that_did_not_report(world: World) -> None:
    housing = _setup(world)
    rows = {
        row.organisation.name: row.by_week for row in coverage(world.root_area, [WEEK, "2026-W46"])
    }
    assert rows == {
        world.police.name: {WEEK: REPORTED, "2026-W46": MISSING},
        world.administration.name: {WEEK: NOTHING_TO_REPORT, "2026-W46": MISSING},
        housing.name: {WEEK: MISSING, "2026-W46": MISSING},  # type: ignore[attr-defined]
    }


def test_an_incident_just_outside_the_week_does_not_count(world: World) -> None:
    on_roster(world.area, world.police)
    # Sunday 8 November 23:59 local time is in week 45; Monday 00:00 is week 46.
    make_incident(
        world.testby, world.area, organisation=world.police, occurred_at=local(2026, 11, 9, 0, 0)
    )
    [row] = coverage(world.area, [WEEK])
    assert row.by_week == {WEEK: MISSING}


def test_the_round_page_lists_who_is_missing(world: World, client: Client) -> None:
    _setup(world)
    client.force_login(world.dave)
    response = client.get(
        reverse("incidents:round", kwargs={"municipality": "testby"}), {"week": WEEK}
    )
    html = response.content.decode()
    assert "2 av 3 har rapporterat" in html
    assert "Bostadsbolaget" in html and "Saknas" in html


def test_a_member_reports_nothing_for_their_own_organisation(world: World, client: Client) -> None:
    on_roster(world.area, world.administration)
    client.force_login(world.carol)
    url = reverse("incidents:nothing_to_report", kwargs={"municipality": "testby"})
    data = {"area": world.area.pk, "organisation": world.administration.pk, "week": "2026-W46"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # twice: still one
    assert NothingToReport.objects.count() == 1
    assert client.post(url, {**data, "organisation": world.police.pk}).status_code == 400
    assert client.post(url, {**data, "week": "2099-W01"}).status_code == 400
    assert NothingToReport.objects.count() == 1


def test_reminders_go_to_the_missing_organisations_reporters_once(world: World) -> None:
    housing = _setup(world)
    # bob now reports for the housing company; his account's address is used.
    world.bob_person.user = None
    world.bob_person.save()
    make_person(world.testby, "Hanna Hus", organisation=housing, user=world.bob, email="")
    world.bob.email = "bob@example.org"
    world.bob.save()
    # A reader linked to the housing company gets no reminder.
    make_person(
        world.testby, "Dave Dal", organisation=housing, user=world.dave, email="d@example.org"
    )
    make_person(
        world.testby,
        "Hela världen",
        organisation=housing,
        email="alla@example.org",
        is_public_contact=True,
    )

    result = remind_reporters(municipality=world.testby, week=WEEK)
    assert result.sent == 1
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]
    assert "vecka 2026-W45" in message.body and "Norra Testby" in message.body
    assert ReminderLog.objects.get().organisation == housing
    # Once per week, unless asked again.
    assert remind_reporters(municipality=world.testby, week=WEEK).sent == 0
    call_command("remind_reporters", "--week", WEEK, "--again", "--municipality", "testby")
    assert len(mail.outbox) == 2


def test_the_morning_task_reminds_for_last_week_in_every_municipality(world: World) -> None:
    housing = make_organisation(world.testby, "Bostadsbolaget", kind="housing_company")
    on_roster(world.area, housing)  # reported nothing at all
    world.bob_person.user = None  # bob now reports for the housing company
    world.bob_person.save()
    make_person(
        world.testby, "Hanna Hus", organisation=housing, user=world.bob, email="h@example.org"
    )
    last_week = week_code(timezone.localdate() - timedelta(days=7))
    remind_reporters_task.enqueue()  # as the worker's schedule does at 07:00

    assert run_queued() == 1

    [message] = mail.outbox
    assert message.to == ["h@example.org"]
    assert f"vecka {last_week}" in message.body
    [result] = DBTaskResult.objects.all()
    assert result.return_value == {"week": last_week, "sent": {"annanstad": 0, "testby": 1}}
    # Run again the same week (a retry, a second worker): nobody is reminded twice.
    remind_reporters_task.enqueue()
    run_queued()
    assert len(mail.outbox) == 1


def _two_missing_organisations(world: World) -> None:
    """The housing company and the school both silent, each with a reporter's address."""
    housing = _setup(world)
    school = make_organisation(world.testby, "Skolan", kind="school")
    on_roster(world.area, school)
    world.bob_person.user = None
    world.bob_person.save()
    make_person(
        world.testby, "Hanna Hus", organisation=housing, user=world.bob, email="h@example.org"
    )
    world.carol_person.user = None
    world.carol_person.save()
    make_person(
        world.testby, "Sara Skola", organisation=school, user=world.carol, email="s@example.org"
    )


def _refuse_after(monkeypatch: pytest.MonkeyPatch, accepted: int) -> None:
    """The test mail backend takes ``accepted`` sends, then the mail server refuses."""
    from django.core.mail.backends.locmem import EmailBackend

    send = EmailBackend.send_messages
    calls = {"n": 0}

    def refusing(self: EmailBackend, messages: list[Any]) -> int:
        calls["n"] += 1
        if calls["n"] > accepted:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)


def test_a_refusing_mail_server_records_only_the_reminders_that_went_out(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_missing_organisations(world)
    _refuse_after(monkeypatch, accepted=1)

    result = remind_reporters(municipality=world.testby, week=WEEK)

    assert result.sent == 1
    assert "E-postservern tog inte emot påminnelserna" in result.error
    [message] = mail.outbox
    [log] = ReminderLog.objects.all()  # only the one that went out is recorded as reminded
    assert log.organisation.name in {"Bostadsbolaget", "Skolan"}
    assert {"Bostadsbolaget": "h@example.org", "Skolan": "s@example.org"}[
        log.organisation.name
    ] == message.to[0]
    # The mail server is back: the next run reminds the other one only.
    monkeypatch.undo()
    assert remind_reporters(municipality=world.testby, week=WEEK).sent == 1
    assert ReminderLog.objects.count() == 2
    assert len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"h@example.org", "s@example.org"}


def test_the_coordinator_sees_the_mail_servers_refusal_not_an_error_page(
    world: World, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_missing_organisations(world)
    _refuse_after(monkeypatch, accepted=0)
    client.force_login(world.alice)  # a coordinator

    response = client.post(
        reverse("incidents:remind", kwargs={"municipality": "testby"}), {"week": WEEK}, follow=True
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "0 påminnelser skickade" in html
    assert "E-postservern tog inte emot påminnelserna" in html
    assert ReminderLog.objects.count() == 0


def test_the_morning_task_fails_and_is_tried_again_when_the_mail_server_refuses(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _two_missing_organisations(world)  # silent last week too: the task reminds for it
    _refuse_after(monkeypatch, accepted=0)
    remind_reporters_task.enqueue()

    assert run_queued() == 1

    [result] = DBTaskResult.objects.all()
    assert result.status == TaskResultStatus.READY  # queued again for a later try
    assert result.run_after is not None and result.run_after > timezone.now()
    assert "Påminnelser kunde inte skickas i testby" in str(result.exception_class_path) + str(
        result.traceback
    )
    assert ReminderLog.objects.count() == 0
