"""The knowledge-based process in a real browser: a coordinator writes a cause analysis, a plan is
adopted only by a deciding group's decision, a working group records a follow-up by keyboard
alone, and the steering group reads the annual report — each page on the way passing axe-core
(WCAG 2.1 A/AA). Every other page of the process app: test_process_browser_axe.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from samverka.core.testing import World
from samverka.process.models import (
    AsPlanned,
    Cause,
    EvidenceKind,
    Measure,
    ProblemEvidence,
    TriangleSide,
)
from samverka.process.services import plans as plan_services
from samverka.process.services import problems as problem_services
from tests.browser.test_process_browser_world import (
    build_process,
    load_angered,
    make_decision,
    make_problem,
    page_url,
    plan_with_measure,
)

pytestmark = pytest.mark.browser

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


# ---- 1. a cause analysis ------------------------------------------------------------------------


def test_a_coordinator_writes_a_cause_analysis(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = make_problem(world)
    login(page, "alice")
    page.goto(page_url("problem_detail", pk=problem.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Otrygghet vid Torget")
    page.get_by_role("link", name="Skriv orsaksanalysen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orsaksanalys: Otrygghet vid Torget")
    assert_no_axe_violations(page)

    page.get_by_label("Gärningsperson", exact=True).fill("Unga vuxna som samlas kvällstid.")
    page.get_by_label("Offer eller mål", exact=True).fill("Boende och handlare vid torget.")
    page.get_by_label("Plats", exact=True).fill("Torget med mörka passager mot busshållplatsen.")
    page.get_by_label("Påverkare (nära gärningspersonen)", exact=True).fill(
        "Fältassistenter och föräldrar."
    )
    page.get_by_label("Väktare (skyddar offret eller målet)", exact=True).fill("Butikspersonal.")
    page.get_by_label("Platsansvarig", exact=True).fill("Bostadsbolaget Hem.")
    page.get_by_role("button", name="Spara triangeln").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaksanalysen är sparad")
    expect(page.get_by_label("Platsansvarig")).to_have_value("Bostadsbolaget Hem.")

    # An empty title is refused on the form, in Swedish, and nothing is saved.
    page.get_by_role("link", name="Lägg till orsak").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny orsak")
    assert_no_axe_violations(page)
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Spara").click()
    assert posted.value.status == 400
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny orsak")
    error = page.locator(".field--error .error")
    expect(error).to_have_count(1)
    expect(error).to_have_text("Det här fältet är obligatoriskt.")
    expect(page.get_by_label(re.compile("^Orsak"))).to_have_attribute("aria-invalid", "true")
    assert not Cause.objects.exists()
    assert_no_axe_violations(page)

    page.get_by_label(re.compile("^Orsak")).fill("Mörka passager")
    page.get_by_label(re.compile("^Sida i triangeln")).select_option(label="Plats")
    page.get_by_label(re.compile("^Hur säker")).select_option(label="Belagd")
    page.get_by_label("Underlag").fill("Trygghetsvandringen i maj: tre passager utan ljus.")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaken är tillagd")

    # The second cause explains the first: it hangs under it.
    page.get_by_role("link", name="Lägg till förklaring till Mörka passager").click()
    expect(page.get_by_label(re.compile("^Förklarar"))).to_have_value(
        str(Cause.objects.get(title="Mörka passager").pk)
    )
    page.get_by_label(re.compile("^Orsak")).fill("Trasig belysning som inte lagas")
    page.get_by_label(re.compile("^Sida i triangeln")).select_option(label="Plats")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status").first).to_contain_text("Orsaken är tillagd")
    parent, child = Cause.objects.order_by("pk")
    assert child.parent == parent
    nested = page.locator(f"#orsak-{parent.pk} > ul > li#orsak-{child.pk}")
    expect(nested).to_contain_text("Trasig belysning som inte lagas")
    assert_no_axe_violations(page)

    # The problem shows the picture (an accessible SVG) and the same content as text.
    page.get_by_role("link", name="Tillbaka till problemet").click()
    figure = page.get_by_role("img", name="Orsaksanalys: Otrygghet vid Torget")
    expect(figure).to_be_visible()
    expect(figure.locator("text").filter(has_text="Mörka passager")).not_to_have_count(0)
    expect(page.get_by_role("heading", name="Problemanalystriangeln (text)")).to_be_visible()
    expect(page.locator(".triangle-texts")).to_contain_text("Bostadsbolaget Hem.")
    tree = page.locator(".cause-tree")
    expect(tree.locator(f"#orsak-{parent.pk}")).to_contain_text("[Belagd] Mörka passager")
    expect(tree.locator(f"#orsak-{parent.pk} #orsak-{child.pk}")).to_contain_text(
        "[Trolig] Trasig belysning som inte lagas"
    )
    assert_no_axe_violations(page)


# ---- 2. adopting a plan -------------------------------------------------------------------------


def test_only_a_deciding_groups_decision_adopts_the_plan(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = make_problem(world)
    cause = problem_services.cause_add(
        problem=problem, user=world.alice, title="Mörka passager", side=TriangleSide.PLACE
    )
    plan, measure = plan_with_measure(world, [cause])
    preparing = make_decision(world.preparation, "Beredningen föreslår planen", days_ago=10)
    deciding = make_decision(world.steering, "Åtgärdsplan Norra Testby antas")

    login(page, "alice")
    page.goto(page_url("plan_detail", pk=plan.pk))
    expect(page.locator("main")).to_contain_text("Planen är inte antagen")
    page.get_by_role("link", name="Anta planen med beslut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Anta ”Åtgärdsplan Norra Testby” med beslut"
    )
    expect(
        page.get_by_role("table", name=re.compile("beslutsmandat|mandat att besluta"))
    ).to_contain_text("Åtgärdsplan Norra Testby antas")
    assert_no_axe_violations(page)

    # Beredningsgruppen prepares, it does not decide: refused, naming who decides.
    page.get_by_label(re.compile("^Beslut")).select_option(value=str(preparing.pk))
    with page.expect_response(lambda r: r.request.method == "POST") as posted:
        page.get_by_role("button", name="Anta med beslutet").click()
    assert posted.value.status == 400
    expect(page.locator(".field--error .error")).to_have_text(
        "Beredningsgruppen har inget mandat att fatta beslut. Åtgärdsplanen antas genom ett "
        "beslut av Styrgruppen."
    )
    assert not plan.versions.exists()
    measure.refresh_from_db()
    assert measure.status == "proposed" and measure.adopted_decision is None
    assert_no_axe_violations(page)

    # Styrgruppen's approved decision adopts it.
    page.get_by_label(re.compile("^Beslut")).select_option(value=str(deciding.pk))
    page.get_by_label("Vad som ändrats sedan förra versionen").fill("Första versionen.")
    page.get_by_role("button", name="Anta med beslutet").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Åtgärdsplanen är antagen som version 1 genom § 1."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Åtgärdsplan Norra Testby")
    main = page.locator("main")
    expect(main).to_contain_text(
        "Antagen som version 1 genom beslut § 1 ”Åtgärdsplan Norra Testby antas” i Styrgruppen"
    )
    expect(page.get_by_role("link", name="Läs den antagna version 1")).to_be_visible()
    row = page.get_by_role("row", name=re.compile("Belysning på Torget"))
    expect(row).to_contain_text("Beslutad")
    expect(row).to_contain_text("§ 1 Styrgruppen")
    assert_no_axe_violations(page)

    version = plan.versions.get()
    assert version.number == 1 and version.decision == deciding
    measure.refresh_from_db()
    assert measure.adopted_decision == deciding

    page.get_by_role("link", name="Läs den antagna version 1").click()
    expect(page.locator("main")).to_contain_text("Belysning på Torget")
    expect(page.locator("main")).to_contain_text("Styrgruppen")
    assert_no_axe_violations(page)


# ---- 3. a follow-up, by keyboard only -----------------------------------------------------------


def _tab_to(page: Page, name: str, role: str, *, limit: int = 120) -> None:
    """Press Tab until the element with ``role`` and accessible ``name`` has the focus."""
    target = page.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail(f"Tab never reached the {role} {name!r} on {page.url}", pytrace=False)


def test_a_working_group_member_records_a_follow_up_by_keyboard(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    problem = make_problem(world)
    cause = problem_services.cause_add(
        problem=problem, user=world.alice, title="Mörka passager", side=TriangleSide.PLACE
    )
    plan, measure = plan_with_measure(world, [cause])
    plan_services.plan_adopt(
        plan=plan, decision=make_decision(world.steering, "Planen antas"), user=world.alice
    )
    measure.refresh_from_db()
    today = timezone.localdate()
    assert measure.next_followup_due == today - timedelta(weeks=2)

    login(page, "carol")
    page.goto(page_url("measure_detail", pk=measure.pk))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Uppföljningen är försenad.")
    expect(alert).to_contain_text((today - timedelta(weeks=2)).isoformat())

    _tab_to(page, "Skriv en uppföljning", "link")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning av Belysning på Torget")
    expect(page.locator("main .lead")).to_contain_text("Försenad.")
    assert_no_axe_violations(page)

    _tab_to(page, "Ja", "radio")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Ja", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Prestationer"))).to_be_focused()
    page.keyboard.type("Tolv nya lampor vid passagerna.")
    page.keyboard.press("Tab")
    expect(page.get_by_label(re.compile("^Avvikelser"))).to_be_focused()
    page.keyboard.type("Två lampor väntar på reservdelar.")
    _tab_to(page, "Spara uppföljningen", "button")
    page.keyboard.press("Enter")

    due = today + timedelta(weeks=4)
    expect(page.get_by_role("status").first).to_contain_text(
        f"Uppföljningen är sparad. Nästa uppföljning senast {due.isoformat()}."
    )
    expect(page.locator("main")).to_contain_text("Tolv nya lampor vid passagerna.")
    assert_no_axe_violations(page)

    measure.refresh_from_db()
    assert measure.next_followup_due == due
    followup = measure.followups.get()
    assert followup.as_planned == AsPlanned.YES and followup.made_on == today

    # The measure is no longer overdue: no alert, the new date, off the overdue list.
    page.goto(page_url("measure_detail", pk=measure.pk))
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(f"nästa senast {due.isoformat()}")
    followups = page.get_by_role("table", name="Uppföljningar, senaste först")
    expect(followups.locator("tbody tr")).to_have_count(1)
    page.goto(page_url("followups_overdue"))
    expect(page.locator("main")).not_to_contain_text("Belysning på Torget")
    assert_no_axe_violations(page)


# ---- 4. the annual report -----------------------------------------------------------------------


def test_the_steering_group_reads_the_annual_report(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    p = build_process(world)
    year = timezone.localdate().year
    login(page, "bob")
    page.goto(page_url("index"))
    page.get_by_role("link", name="Årsrapport", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Årlig uppföljning {year}")
    assert_no_axe_violations(page)

    main = page.locator("main")
    measures = page.get_by_role("table", name="Åtgärder med genomförande, vikt och uppföljning")
    row = measures.get_by_role("row", name=re.compile("Belysning på Torget"))
    expect(row).to_contain_text("Försenad")
    expect(row).to_contain_text("Arbetsgrupp Torget")
    followups = page.get_by_role("table", name=re.compile("uppföljningar: .* i tid"))
    if p.followup.made_on.year == year:  # five weeks ago: last year in January
        expect(followups).to_contain_text("Bostadsbolaget kom inte till första mötet.")
    indicators = page.get_by_role("table", name=re.compile(f"^Indikatorer: .* {year}"))
    expect(indicators).to_contain_text("Andel som känner sig trygga vid torget")
    # The latest complete period: this year's value counts once the year is over.
    expect(indicators).to_contain_text(f"58 ({year - 1})")
    expect(main).to_contain_text("Processutvärdering av belysningen")
    expect(main).to_contain_text("Effektutvärdering av belysningen")
    expect(main).to_contain_text("Belysning kräver en plan för driften")
    expect(main).to_contain_text("Antagen genom")

    # From the report to the measure and why it exists.
    row.get_by_role("link", name="Belysning på Torget").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Belysning på Torget")
    expect(page.get_by_role("link", name="Otrygghet vid Torget")).to_be_visible()

    xlsx = page.request.get(page_url("annual_report_xlsx", year=year))
    assert xlsx.status == 200
    assert xlsx.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


# ---- traceability: a lägesbild finding to every follow-up, and back -----------------------------


def test_from_a_lagesbild_finding_to_every_follow_up_and_back(
    page: Page, world: World, login: Login, assert_no_axe_violations: AxeCheck
) -> None:
    """In the Angered demo: the lägesbild's 'Används i' leads to the problem citing it, the
    problem to each measure against its causes, each measure to every one of its follow-ups;
    and a measure leads back through its problem to the finding on the lägesbild."""
    # Late in the year, when the example has its adopted plan and a year of follow-ups.
    angered = load_angered(today=date(2026, 11, 25))
    evidence = (
        ProblemEvidence.objects.filter(
            problem__municipality=angered, kind=EvidenceKind.SITUATION, figure_key__gt=""
        )
        .select_related("problem", "situation_report")
        .order_by("problem__priority", "pk")
        .first()
    )
    assert evidence is not None and evidence.situation_report is not None
    problem, report = evidence.problem, evidence.situation_report
    measures = list(
        Measure.objects.filter(causes__analysis__problem=problem).distinct().order_by("pk")
    )
    assert measures and any(m.followups.exists() for m in measures)
    problem_url = reverse(
        "process:problem_detail", kwargs={"municipality": angered.slug, "pk": problem.pk}
    )

    login(page, "lasare")
    page.goto(reverse("situation:detail", kwargs={"municipality": angered.slug, "pk": report.pk}))
    used_in = page.get_by_role("region", name="Används i")
    used_in.get_by_role("link", name=problem.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(problem.title)

    for measure in measures:
        page.goto(problem_url)
        page.locator("main").get_by_role("link", name=measure.title, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(measure.title)
        followups = list(measure.followups.order_by("-made_on", "-pk"))
        if not followups:
            expect(page.locator("main")).to_contain_text("Inga uppföljningar ännu.")
            continue
        table = page.get_by_role("table", name="Uppföljningar, senaste först")
        links = table.get_by_role("link")
        expect(links).to_have_count(len(followups))
        for n, followup in enumerate(followups):
            links.nth(n).click()
            expect(page.get_by_role("heading", level=1)).to_have_text(
                f"Uppföljning av {measure.title} {followup.made_on.isoformat()}"
            )
            page.go_back()
    assert_no_axe_violations(page)

    # And back: from the measure to why it exists, down to the finding on the lägesbild.
    page.get_by_role("heading", name=re.compile("^Problem:")).get_by_role(
        "link", name=problem.title
    ).first.click()
    page.locator("#underlag").locator("xpath=following-sibling::ul[1]").get_by_role(
        "link", name=evidence.title
    ).first.click()
    expect(page).to_have_url(re.compile(rf"/{report.pk}/#"))
    anchor = page.url.split("#", 1)[1]
    expect(page.locator(f"[id='{anchor}']")).to_be_attached()
    expect(page.get_by_role("region", name="Används i")).to_contain_text(problem.title)
