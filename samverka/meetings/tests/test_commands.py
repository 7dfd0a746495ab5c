"""The meeting commands: calendar, meetings, plan_meetings, decide and send_notices — thin over
the services, so the same rules hold (a trygghetsgrupp cannot decide from the command line
either)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
from django.utils import timezone

from samverka.core.testing import World, make_group
from samverka.meetings import services
from samverka.meetings.models import (
    AcuteTrigger,
    Decision,
    Meeting,
    MeetingSeries,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.tests.test_ics import assert_valid_ics, calcurse_import
from samverka.organisation.models import Cadence, GroupKind, Mandate


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_from_shell(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """As `samverka …` on a shell: the exit code, stdout and stderr."""
    command = load_command_class("samverka.meetings", argv[0])
    code = 0
    # The command closes the database connections when it ends; the test still needs its own.
    with mock.patch("django.core.management.base.connections.close_all"):
        try:
            command.run_from_argv(["samverka", *argv])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _meeting(group, starts, hours: int = 2, **extra) -> Meeting:  # type: ignore[no-untyped-def]
    extra.setdefault("location", "Stadshuset")  # a notice says where (and is refused without)
    return services.meeting_create(
        group=group, starts_at=starts, ends_at=starts + timedelta(hours=hours), user=None, **extra
    )


def _local(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


class TestPlanMeetings:
    def test_the_steering_group_gets_six_meetings(self, world: World) -> None:
        out, _err = run("plan_meetings", "Styrgruppen", "--year", "2027")
        assert "Styrgruppen, 2027: 6 möten planerade." in out
        assert Meeting.objects.filter(group=world.steering).count() == 6

    def test_every_other_week_gives_about_26(self, world: World) -> None:
        run("plan_meetings", str(world.preparation.pk), "--year", "2027", "--start", "13:00")
        meetings = Meeting.objects.filter(group=world.preparation)
        assert 24 <= meetings.count() <= 27
        assert {timezone.localtime(m.starts_at).hour for m in meetings} == {13}

    def test_a_dry_run_lists_the_dates_and_plans_nothing(self, world: World) -> None:
        out, _err = run("plan_meetings", "styrgruppen", "--year", "2027", "--dry-run")
        assert "6 möten (provkörning, inget sparat)" in out
        assert out.count("  2027-") == 6
        assert "v. " in out
        assert not Meeting.objects.exists()
        assert not MeetingSeries.objects.exists()

    def test_planning_twice_is_refused(self, world: World) -> None:
        run("plan_meetings", "Styrgruppen", "--year", "2027")
        with pytest.raises(CommandError, match="redan en planerad mötesserie"):
            run("plan_meetings", "Styrgruppen", "--year", "2027")
        assert Meeting.objects.count() == 6

    def test_a_group_without_a_cadence_is_told_what_to_do(self, world: World) -> None:
        with pytest.raises(CommandError, match="ingen regelbunden mötesfrekvens"):
            run("plan_meetings", "Trygghetsgruppen Norra", "--year", "2027")

    def test_the_same_name_in_two_municipalities_needs_the_municipality(self, world: World) -> None:
        make_group(
            world.annanstad,
            "Styrgruppen",
            kind=GroupKind.STEERING,
            mandate=Mandate.DECIDES,
            cadence=Cadence.TIMES_PER_YEAR,
            meetings_per_year=4,
        )
        with pytest.raises(CommandError, match="--municipality"):
            run("plan_meetings", "Styrgruppen", "--year", "2027")
        run("plan_meetings", "Styrgruppen", "--year", "2027", "--municipality", "annanstad")
        assert Meeting.objects.filter(municipality=world.annanstad).count() == 4

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("Finns inte", "--year", "2027"), "ingen grupp"),
            (("Styrgruppen", "--year", "1999"), "mellan 2000 och 2100"),
            (("Styrgruppen", "--year", "2027", "--start", "nio"), "ingen tid"),
            (("Styrgruppen", "--year", "2027", "--municipality", "x"), "ingen kommun"),
        ],
    )
    def test_bad_arguments_get_a_message(
        self, world: World, args: tuple[str, ...], message: str
    ) -> None:
        with pytest.raises(CommandError, match=message):
            run("plan_meetings", *args)
        assert not Meeting.objects.exists()


class TestMeetingsList:
    def test_a_year_as_a_list_with_weeks(self, world: World) -> None:
        _meeting(world.steering, _local(date(2027, 3, 2)), location="Stadshuset")
        acute = services.meeting_convene_acute(
            group=world.steering,
            trigger=AcuteTrigger.EXPLOSION,
            user=None,
            starts_at=_local(date(2027, 5, 4), 18),
            notify=False,
        )
        services.meeting_cancel(meeting=acute, user=None)
        _meeting(world.steering, _local(date(2028, 1, 11)))
        out, _err = run("meetings", "Styrgruppen", "--year", "2027")
        lines = out.splitlines()
        assert lines[0] == "Styrgruppen (Testby kommun), 2027: 2 möten"
        assert lines[1].split() == ["Datum", "Vecka", "Tid", "Typ", "Status", "Plats"]
        assert "2027-03-02  v. 9" in lines[2]
        assert "09.00–11.00" in lines[2]
        assert "Extra möte" in lines[2] and "Planerat" in lines[2] and "Stadshuset" in lines[2]
        assert "2027-05-04  v. 18" in lines[3]
        assert "Akut möte" in lines[3] and "Inställt" in lines[3]
        assert "2028" not in out


class TestCalendar:
    def test_the_file_passes_the_strict_checker_and_calcurse(
        self, world: World, tmp_path: Path, settings
    ) -> None:
        settings.SAMVERKA_BASE_URL = "https://samverka.example.se"
        _meeting(world.steering, _local(date(2027, 3, 2)), title="Styrgruppen, mars")
        _meeting(world.steering, _local(date(2027, 8, 24), 13), title="Styrgruppen, augusti")
        path = tmp_path / "styrgruppen.ics"
        out, _err = run("calendar", "Styrgruppen", "--year", "2027", "-o", str(path))
        assert "2 möten för Styrgruppen 2027" in out
        data = path.read_bytes()
        calendar = assert_valid_ics(data)
        assert str(calendar["X-WR-CALNAME"]) == "Styrgruppen 2027 – Testby kommun"
        # Links point at the configured address, since the command has no request to ask.
        assert b"URL:https://samverka.example.se/k/testby/moten/" in data
        listed = calcurse_import(data, "2027-01-01", 365)
        assert "2027-03-02 09:00|2027-03-02 11:00|Styrgruppen, mars" in listed
        assert "2027-08-24 13:00|2027-08-24 15:00|Styrgruppen, augusti" in listed

    def test_video_links_stay_out_of_the_file(self, world: World, tmp_path: Path) -> None:
        _meeting(world.steering, _local(date(2027, 3, 2)), video_url="https://v.example/hemlig")
        path = tmp_path / "s.ics"
        run("calendar", "Styrgruppen", "--year", "2027", "-o", str(path))
        assert b"hemlig" not in path.read_bytes()

    def test_an_unwritable_file_is_a_clear_error(self, world: World, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="kan inte skrivas"):
            run("calendar", "Styrgruppen", "--year", "2027", "-o", str(tmp_path / "no" / "x.ics"))


class TestDecide:
    def test_the_steering_group_decides(self, world: World) -> None:
        meeting = _meeting(world.steering, timezone.now() - timedelta(days=3))
        out, _err = run("decide", str(meeting.pk), "--title", "Belysning", "--text", "Ja.")
        assert "§ 1 Belysning" in out
        assert Decision.objects.get().meeting == meeting

    def test_a_safety_group_cannot_decide_and_is_told_who_does(
        self, world: World, capsys: pytest.CaptureFixture[str]
    ) -> None:
        meeting = _meeting(world.safety_group, timezone.now() + timedelta(days=3))
        before = (Decision.objects.count(), Proposal.objects.count())
        code, out, err = run_from_shell(
            capsys, "decide", str(meeting.pk), "--title", "Belysning", "--text", "Ja."
        )
        assert code == 1
        assert "Trygghetsgruppen Norra har inget mandat att fatta beslut" in err
        assert "Det är Styrgruppen som beslutar" in err
        assert out == ""
        assert (Decision.objects.count(), Proposal.objects.count()) == before

    def test_a_decision_on_a_proposal_settles_it(self, world: World) -> None:
        prepared = _meeting(world.preparation, timezone.now() - timedelta(days=5))
        deciding = _meeting(world.steering, timezone.now() - timedelta(days=1))
        proposal = services.proposal_create(
            meeting=prepared, title="Trygghetsvandring", text="Vi föreslår.", user=None
        )
        run(
            "decide",
            str(deciding.pk),
            "--title",
            "Trygghetsvandring",
            "--text",
            "Bifall.",
            "--proposal",
            str(proposal.pk),
        )
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.DECIDED
        assert Decision.objects.get().proposal == proposal

    def test_an_unknown_meeting_or_proposal(self, world: World) -> None:
        with pytest.raises(CommandError, match="inget möte med id 999"):
            run("decide", "999", "--title", "A", "--text", "B")
        meeting = _meeting(world.steering, timezone.now() + timedelta(days=3))
        with pytest.raises(CommandError, match="inget förslag med id 999"):
            run("decide", str(meeting.pk), "--title", "A", "--text", "B", "--proposal", "999")
        assert not Decision.objects.exists()


@pytest.fixture
def _locmem_mail(settings):  # type: ignore[no-untyped-def]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.usefixtures("_locmem_mail")
class TestSendNotices:
    def test_meetings_in_the_coming_days_get_their_notice_once(self, world: World) -> None:
        soon = _meeting(world.steering, timezone.now() + timedelta(days=3))
        _meeting(world.steering, timezone.now() + timedelta(days=20))
        out, _err = run("send_notices", "--days", "7")
        assert "1 kallelser skickade." in out
        assert [m.to for m in mail.outbox] == [["bob@example.org"]]
        soon.refresh_from_db()
        assert soon.notice_sent_at is not None
        out, _err = run("send_notices", "--days", "7")
        assert "0 kallelser skickade." in out
        assert len(mail.outbox) == 1

    def test_cancelled_and_acute_meetings_are_left_alone(self, world: World) -> None:
        cancelled = _meeting(world.steering, timezone.now() + timedelta(days=2))
        services.meeting_cancel(meeting=cancelled, user=None)
        services.meeting_convene_acute(
            group=world.steering, trigger=AcuteTrigger.SHOOTING, user=None, notify=False
        )
        out, _err = run("send_notices", "--days", "7")
        assert "0 kallelser skickade." in out
        assert mail.outbox == []

    def test_a_dry_run_sends_nothing(self, world: World) -> None:
        _meeting(world.steering, timezone.now() + timedelta(days=3))
        out, _err = run("send_notices", "--days", "7", "--dry-run")
        assert "1 kallelser skulle skickas" in out
        assert mail.outbox == []

    def test_a_meeting_without_recipients_is_reported(self, world: World) -> None:
        _meeting(world.safety_group, timezone.now() + timedelta(days=3))  # carol has no address
        out, _err = run("send_notices", "--days", "7")
        assert "0 kallelser skickade, 1 möten utan mottagare eller med fel." in out

    def test_days_out_of_range(self, world: World) -> None:
        with pytest.raises(CommandError, match="mellan 1 och 365"):
            run("send_notices", "--days", "0")
