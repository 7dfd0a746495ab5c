"""The lägesbild in the beredningsgrupp's meeting: on its agenda with the key findings, adopted
at the meeting (and the minutes say so), and from a finding — a red area — a proposal to the
steering group or a commitment in one action, linked both ways."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from samverka.areas.models import Area
from samverka.core.testing import World, make_area
from samverka.meetings import services as meetings
from samverka.meetings.models import AgendaItemKind, Meeting, Proposal
from samverka.meetings.selectors import agenda_for
from samverka.situation import services
from samverka.situation.agenda import lagesbild_entries
from samverka.situation.models import FindingAction, SituationReport
from samverka.situation.periods import parse_period
from samverka.situation.testing import at, make_category, make_incident

PERIOD = parse_period("2026-W45/2026-W46")  # 2 – 15 November 2026


@dataclass
class Scene:
    report: SituationReport  # a draft with its assessment written, Kvarteret Eken red
    block: Area
    meeting: Meeting  # the beredningsgrupp's meeting in the period, already begun
    steering_meeting: Meeting  # the steering group's next meeting


@pytest.fixture
def scene(world: World) -> Scene:
    block = make_area(world.testby, "Kvarteret Eken", parent=world.area)
    vandalism = make_category(world.testby, "skadegorelse", "Skadegörelse")
    for fortnight in range(1, 7):
        for i in range(2):
            make_incident(block, vandalism, PERIOD.start - timedelta(days=14 * fortnight - i))
    for i in range(12):
        make_incident(block, vandalism, at(PERIOD.start + timedelta(days=i % 5), 21))
    report = services.report_create(
        municipality=world.testby, area=world.area, period=PERIOD, user=world.alice
    )
    services.report_update(
        report=report,
        user=world.alice,
        assessment="Mycket klotter vid skolan i Kvarteret Eken.",
        statuses={block.pk: ("red", "Klotter varje kväll")},
    )
    start = at(PERIOD.start + timedelta(days=10), 9)
    meeting = meetings.meeting_create(
        group=world.preparation, starts_at=start, ends_at=start + timedelta(hours=2), user=None
    )
    later = timezone.now() + timedelta(days=7)
    steering_meeting = meetings.meeting_create(
        group=world.steering, starts_at=later, ends_at=later + timedelta(hours=2), user=None
    )
    return Scene(report=report, block=block, meeting=meeting, steering_meeting=steering_meeting)


def _from_sources(meeting: Meeting) -> list[object]:
    agenda = agenda_for(meeting)
    follow_up = next(e for e in agenda.entries if e.item.kind == AgendaItemKind.COMMITMENTS)
    return list(follow_up.from_sources)


def _finding_key(scene: Scene) -> str:
    return f"subarea:{scene.block.pk}"


# --- The agenda ---------------------------------------------------------------------------------


def test_the_beredningsgrupp_agenda_lists_the_lagesbild_of_its_period_with_key_findings(
    world: World, scene: Scene
) -> None:
    (entry,) = _from_sources(scene.meeting)
    assert entry.title == "Lägesbild Norra Testby, v. 45–46 2026 (version 1)"  # type: ignore[attr-defined]
    assert "Utkast, att fastställa." in entry.detail  # type: ignore[attr-defined]
    assert "Alla händelser i Kvarteret Eken: röd" in entry.detail  # type: ignore[attr-defined]
    assert "säker ökning" in entry.detail  # type: ignore[attr-defined]
    assert entry.url == (  # type: ignore[attr-defined]
        reverse("situation:detail", kwargs={"municipality": "testby", "pk": scene.report.pk})
        + f"?mote={scene.meeting.pk}"
    )


def test_the_steering_group_agenda_does_not_carry_the_beredningsgrupp_lagesbild(
    scene: Scene,
) -> None:
    assert list(lagesbild_entries(scene.steering_meeting)) == []


def test_a_meeting_after_the_period_lists_the_latest_draft_waiting_to_be_adopted(
    world: World, scene: Scene
) -> None:
    start = at(PERIOD.end + timedelta(days=3), 9)
    after = meetings.meeting_create(
        group=world.preparation, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    (entry,) = lagesbild_entries(after)
    assert entry.key == f"situation.report:{scene.report.pk}"


def test_a_cancelled_meeting_lists_nothing(world: World, scene: Scene) -> None:
    meetings.meeting_cancel(meeting=scene.meeting, user=None, reason="Sjukdom")
    scene.meeting.refresh_from_db()
    assert list(lagesbild_entries(scene.meeting)) == []


# --- Adopted at the meeting ---------------------------------------------------------------------


def test_adopting_at_the_meeting_is_recorded_on_the_report_and_in_the_minutes(
    world: World, scene: Scene, client: Client, tmp_path: Path
) -> None:
    report = services.report_adopt(report=scene.report, user=world.alice, meeting=scene.meeting)
    assert report.is_adopted and report.adopted_at_meeting == scene.meeting
    (entry,) = _from_sources(scene.meeting)
    assert entry.detail.startswith("Fastställd vid detta möte.")  # type: ignore[attr-defined]

    meetings.minutes_start(meeting=scene.meeting, user=None)
    client.force_login(world.alice)
    minutes = client.get(
        reverse(
            "meetings:minutes_version",
            kwargs={"municipality": "testby", "pk": scene.meeting.pk, "version": 1},
        )
    )
    assert minutes.status_code == 200
    assert "Fastställd vid detta möte." in minutes.content.decode()
    pdf = client.get(
        reverse(
            "meetings:minutes_pdf",
            kwargs={"municipality": "testby", "pk": scene.meeting.pk, "version": 1},
        )
    )
    assert pdf.status_code == 200
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Fastställd vid detta möte" in " ".join(text.split())

    page = client.get(
        reverse("situation:detail", kwargs={"municipality": "testby", "pk": report.pk})
    ).content.decode()
    assert "Fastställd vid" in page
    assert (
        reverse("meetings:detail", kwargs={"municipality": "testby", "pk": scene.meeting.pk})
        in page
    )


def test_a_meeting_not_yet_begun_cannot_adopt(world: World, scene: Scene) -> None:
    later = timezone.now() + timedelta(days=2)
    coming = meetings.meeting_create(
        group=world.preparation, starts_at=later, ends_at=later + timedelta(hours=1), user=None
    )
    with pytest.raises(ValidationError, match="inte börjat"):
        services.report_adopt(report=scene.report, user=world.alice, meeting=coming)
    scene.report.refresh_from_db()
    assert scene.report.is_draft


def test_another_groups_meeting_cannot_adopt(world: World, scene: Scene) -> None:
    start = at(PERIOD.start + timedelta(days=9), 9)
    steering = meetings.meeting_create(
        group=world.steering, starts_at=start, ends_at=start + timedelta(hours=1), user=None
    )
    with pytest.raises(ValidationError, match="sammanställs av Beredningsgruppen"):
        services.report_adopt(report=scene.report, user=world.alice, meeting=steering)


def test_from_the_meeting_the_page_offers_to_adopt_at_it(
    world: World, scene: Scene, client: Client
) -> None:
    client.force_login(world.alice)
    url = reverse("situation:detail", kwargs={"municipality": "testby", "pk": scene.report.pk})
    page = client.get(f"{url}?mote={scene.meeting.pk}").content.decode()
    assert "Fastställ vid detta möte" in page
    response = client.post(
        reverse("situation:adopt", kwargs={"municipality": "testby", "pk": scene.report.pk}),
        {"meeting": scene.meeting.pk},
    )
    assert response.status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.adopted_at_meeting_id == scene.meeting.pk


def test_a_reader_sees_no_adopt_button_and_a_bad_meeting_id_adopts_nothing(
    world: World, scene: Scene, client: Client
) -> None:
    client.force_login(world.dave)
    url = reverse("situation:detail", kwargs={"municipality": "testby", "pk": scene.report.pk})
    page = client.get(f"{url}?mote={scene.meeting.pk}").content.decode()
    assert "Fastställ vid detta möte" not in page
    client.force_login(world.alice)
    for bad in ("x", "99999999999999999999", str(scene.steering_meeting.pk + 1000)):
        response = client.post(
            reverse("situation:adopt", kwargs={"municipality": "testby", "pk": scene.report.pk}),
            {"meeting": bad},
        )
        assert response.status_code == 302
    scene.report.refresh_from_db()
    assert scene.report.is_draft


# --- From a finding to a proposal or a commitment ---------------------------------------------


@pytest.fixture
def adopted(world: World, scene: Scene) -> Scene:
    services.report_adopt(report=scene.report, user=world.alice, meeting=scene.meeting)
    scene.report.refresh_from_db()
    return scene


def test_a_red_area_becomes_a_proposal_to_the_steering_group_in_one_action(
    world: World, adopted: Scene
) -> None:
    action = services.finding_act(
        report=adopted.report,
        finding_key=_finding_key(adopted),
        kind="proposal",
        title="Kameror och belysning vid skolan",
        text="Beredningsgruppen föreslår belysning vid skolan i Kvarteret Eken.",
        user=world.alice,
    )
    proposal = action.proposal
    assert proposal is not None and action.commitment is None
    assert proposal.to_group == world.steering and proposal.from_group == world.preparation
    assert proposal.meeting == adopted.meeting  # proposed at the meeting that adopted it
    assert action.finding_label == "Alla händelser i Kvarteret Eken"
    assert adopted.steering_meeting.agenda_items.filter(proposal=proposal).exists()


def test_a_finding_becomes_a_commitment_with_an_owner(world: World, adopted: Scene) -> None:
    action = services.finding_act(
        report=adopted.report,
        finding_key=_finding_key(adopted),
        kind="commitment",
        title="Städa bort klottret",
        text="",
        user=world.alice,
        owner_organisation=world.administration,
    )
    assert action.commitment is not None
    assert action.commitment.group == world.preparation
    assert action.commitment.owner_organisation == world.administration


def test_a_commitment_without_an_owner_is_refused_and_nothing_is_made(
    world: World, adopted: Scene
) -> None:
    with pytest.raises(ValidationError):
        services.finding_act(
            report=adopted.report,
            finding_key=_finding_key(adopted),
            kind="commitment",
            title="Städa",
            text="",
            user=world.alice,
        )
    assert not FindingAction.objects.exists()


def test_a_draft_or_an_unknown_finding_is_refused(world: World, scene: Scene) -> None:
    with pytest.raises(ValidationError, match="Fastställ lägesbilden först"):
        services.finding_act(
            report=scene.report,
            finding_key="total",
            kind="proposal",
            title="x",
            text="y",
            user=world.alice,
        )
    services.report_adopt(report=scene.report, user=world.alice)
    scene.report.refresh_from_db()
    with pytest.raises(ValidationError, match="Fyndet finns inte"):
        services.finding_act(
            report=scene.report,
            finding_key="subarea:0",
            kind="proposal",
            title="x",
            text="y",
            user=world.alice,
        )
    assert not Proposal.objects.exists()


def test_a_member_who_is_no_officer_of_the_beredningsgrupp_may_not_propose(
    world: World, adopted: Scene
) -> None:
    with pytest.raises(PermissionDenied):
        services.finding_act(
            report=adopted.report,
            finding_key="total",
            kind="proposal",
            title="x",
            text="y",
            user=world.bob,
        )
    assert not Proposal.objects.exists()


def test_the_proposal_and_the_finding_link_to_each_other_on_their_pages(
    world: World, adopted: Scene, client: Client
) -> None:
    client.force_login(world.alice)
    act_url = reverse("situation:act", kwargs={"municipality": "testby", "pk": adopted.report.pk})
    form = client.get(act_url, {"fynd": _finding_key(adopted)}).content.decode()
    assert "Förslag till Styrgruppen" in form and "Klotter varje kväll" in form
    response = client.post(
        act_url,
        {
            "finding": _finding_key(adopted),
            "kind": "proposal",
            "title": "Belysning vid skolan",
            "text": "Belysning vid skolan i Kvarteret Eken.",
        },
    )
    assert response.status_code == 302
    action = FindingAction.objects.get()
    assert response["Location"].endswith(f"#finding-subarea-{adopted.block.pk}-atgarder")
    proposal_url = reverse(
        "meetings:proposal", kwargs={"municipality": "testby", "pk": action.proposal_id}
    )

    client.force_login(world.dave)  # a reader sees both ends
    report_url = reverse(
        "situation:detail", kwargs={"municipality": "testby", "pk": adopted.report.pk}
    )
    page = client.get(report_url).content.decode()
    assert "Förslag till Styrgruppen:" in page
    assert f'href="{proposal_url}"' in page
    assert "Förslag till Styrgruppen eller åtagande" not in page  # no action for a reader
    proposal_page = client.get(proposal_url).content.decode()
    assert "Underlag: lägesbild Norra Testby, v. 45–46 2026 (version 1)" in proposal_page
    assert f'href="{report_url}#finding-subarea-{adopted.block.pk}-atgarder"' in proposal_page


def test_the_commitment_page_links_back_to_the_finding(
    world: World, adopted: Scene, client: Client
) -> None:
    action = services.finding_act(
        report=adopted.report,
        finding_key=_finding_key(adopted),
        kind="commitment",
        title="Städa bort klottret",
        text="",
        user=world.alice,
        owner_organisation=world.administration,
    )
    client.force_login(world.carol)
    page = client.get(
        reverse(
            "meetings:commitment", kwargs={"municipality": "testby", "pk": action.commitment_id}
        )
    ).content.decode()
    assert "Underlag: lägesbild Norra Testby" in page


def test_the_form_refuses_a_commitment_without_owner_with_a_message(
    world: World, adopted: Scene, client: Client
) -> None:
    client.force_login(world.alice)
    act_url = reverse("situation:act", kwargs={"municipality": "testby", "pk": adopted.report.pk})
    response = client.post(
        act_url,
        {"finding": "total", "kind": "commitment", "title": "Städa", "text": "Städa."},
    )
    assert response.status_code == 400
    assert "Ange vem som ansvarar" in response.content.decode()
    assert not FindingAction.objects.exists()


def test_the_api_tells_the_adopting_meeting_and_what_the_findings_led_to(
    world: World, adopted: Scene, client: Client
) -> None:
    action = services.finding_act(
        report=adopted.report,
        finding_key=_finding_key(adopted),
        kind="proposal",
        title="Belysning vid skolan",
        text="Belysning.",
        user=world.alice,
    )
    client.force_login(world.dave)
    data = client.get(
        reverse(
            "api-situation-report-detail",
            kwargs={"municipality_slug": "testby", "pk": adopted.report.pk},
        )
    ).json()
    assert data["adopted_at_meeting"] == adopted.meeting.pk
    assert data["finding_actions"] == [
        {
            "id": action.pk,
            "finding_key": _finding_key(adopted),
            "finding_label": "Alla händelser i Kvarteret Eken",
            "proposal": action.proposal_id,
            "commitment": None,
            "created_at": data["finding_actions"][0]["created_at"],
        }
    ]


def test_from_a_meeting_not_yet_begun_the_page_says_why_it_cannot_adopt(
    world: World, scene: Scene, client: Client
) -> None:
    later = timezone.now() + timedelta(days=2)
    coming = meetings.meeting_create(
        group=world.preparation, starts_at=later, ends_at=later + timedelta(hours=1), user=None
    )
    foreign = meetings.meeting_create(
        group=world.other_group,
        starts_at=at(PERIOD.start, 9),
        ends_at=at(PERIOD.start, 10),
        user=None,
    )
    client.force_login(world.alice)
    url = reverse("situation:detail", kwargs={"municipality": "testby", "pk": scene.report.pk})
    page = client.get(f"{url}?mote={coming.pk}").content.decode()
    assert "Mötet har inte börjat ännu" in page
    assert "Fastställ vid detta möte" not in page
    page = client.get(f"{url}?mote={foreign.pk}").content.decode()
    assert "Fastställ vid detta möte" not in page and "Annanstad" not in page


@pytest.mark.parametrize(
    "bad",
    [
        {"finding": "nope"},
        {"kind": "decision"},
        {"title": "två\nrader"},
        {"title": "nul\x00"},
        {"text": "x" * 20_001},
        {"kind": "commitment", "owner_person": "99999999999999999999"},
        {"kind": "commitment", "owner_organisation": "-1"},
        {"kind": "commitment", "owner_organisation": "1", "due_date": "0001-01-01"},
        {"kind": "commitment", "owner_organisation": "1", "due_date": "20260-01-01"},
    ],
)
def test_malformed_input_to_the_action_is_a_400_and_makes_nothing(
    world: World, adopted: Scene, client: Client, bad: dict[str, str]
) -> None:
    client.force_login(world.alice)
    url = reverse("situation:act", kwargs={"municipality": "testby", "pk": adopted.report.pk})
    data = {"finding": "total", "kind": "proposal", "title": "Belysning", "text": "Belysning."}
    if bad.get("owner_organisation") == "1":
        bad = {**bad, "owner_organisation": str(world.administration.pk)}
    response = client.post(url, {**data, **bad})
    assert response.status_code == 400
    assert 'class="error' in response.content.decode()
    assert not FindingAction.objects.exists()


def test_the_lagesbild_pdf_names_the_meeting_that_adopted_it(
    world: World, adopted: Scene, client: Client, tmp_path: Path
) -> None:
    client.force_login(world.dave)
    response = client.get(
        reverse("situation:pdf", kwargs={"municipality": "testby", "pk": adopted.report.pk})
    )
    path = tmp_path / "lagesbild.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    day = timezone.localtime(adopted.meeting.starts_at).day
    assert f"vid Beredningsgruppen, mötet {day} november 2026" in " ".join(text.split())
