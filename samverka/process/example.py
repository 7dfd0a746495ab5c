"""The Angered example of the knowledge-based process, built only through the process services.

From the medborgarlöfte's three goals (less insecurity in Hammarkullen, a police that is felt to be
present, more trust in the police, the district administration and the housing company):

- dialogues (a citizen dialogue, a safety walk, a staff dialogue) and the problems they and the
  latest adopted lägesbild of Angered point at, with evidence (the lägesbild's finding for
  Hammarkullen, the local safety survey's statistics series, the dialogue notes);
- the beredningsgrupp's priorities, confirmed by the Ledningsgrupp's decision "Verksamhetsplan för
  Trygg i Angered <year>" of the meetings example (its first decision of the year);
- a cause analysis per problem (Brå's triangle and a cause tree with evidence and certainty);
- goals promoted from this year's medborgarlöfte and the samverkansöverenskommelse, sub-goals and
  indicators (counted from the incident reports, entered by hand from the survey and approved by
  another user, read from a statistics series);
- the year's åtgärdsplan with six measures, adopted by that decision, and a year of follow-ups up
  to today (some late, one measure overdue today), with lessons;
- a process and an effect evaluation (Hammarkullen against Gårdstensberget on the synthetic
  incidents), lessons, and the medborgarlöfte signed by its parties with a public page.

The medborgarlöfte is a new one for the current year (its own governing document, the same three
goals as "Medborgarlöfte Angered 2020", which stays as it is): the public page must show a promise
in force whose activities are this year's measures; the 2020 document's period ended long ago.

Everything is marked as example and the texts are invented. Deterministic: no randomness, dates
are counted from the adopting decision and today. Loading twice changes nothing: a municipality
that already has example problems is left alone. Outside the Angered example (no Hammarkullen
under Angered, no Ledningsgrupp Trygg i Angered) the loader does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality, User
from samverka.areas.models import Area
from samverka.core.progress import Progress
from samverka.incidents.models import Category
from samverka.meetings.models import Decision, DecisionOutcome
from samverka.organisation.models import GoverningDocument, Group, Organisation
from samverka.process.models import (
    ActivityStatus,
    AsPlanned,
    Certainty,
    DialogueKind,
    Direction,
    Evaluation,
    EvidenceKind,
    Goal,
    IndicatorPeriod,
    IndicatorSource,
    Lesson,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
    Problem,
    TriangleSide,
)
from samverka.process.services import evaluations as evaluation_services
from samverka.process.services import goals as goal_services
from samverka.process.services import plans as plan_services
from samverka.process.services import problems as problem_services
from samverka.process.services import promises as promise_services
from samverka.process.services.evaluations import EffectInput, LessonInput
from samverka.process.services.plans import ActivityInput, MeasureInput
from samverka.situation.models import ReportStatus, SituationReport

DISTRICT = "Angered"
TARGET = "Hammarkullen"
COMPARISON = "Gårdstensberget"
LEADERSHIP = "Ledningsgruppen Trygg i Angered"
PREPARATION = "Beredningsgruppen Trygg i Angered"
WORKING_GROUP = "Arbetsgrupp Trygg i Hammarkullen"
AGREEMENT = "Samverkansöverenskommelse mellan Göteborgs Stad och polisområde Storgöteborg"
OLD_PROMISE = "Medborgarlöfte Angered 2020"
DECISION_TITLE = "Verksamhetsplan för Trygg i Angered {year}"
POLICE = "Lokalpolisområde Nordöstra Göteborg"
DISTRICT_BOARD = "Stadsdelsnämnden Angered"
ADMINISTRATION = "Stadsdelsförvaltningen Angered"
PARKS = "Park- och naturförvaltningen"
HOUSING = "Bostadsbolag Öster (påhittat namn)"
CIVIL_SOCIETY = "Civilsamhället i Angered"
SAMLING = "otrygghetsskapande-samling"
SURVEY_SERIES = "kanner-sig-otrygg-ute-sent-en-kvall-i-sitt-bostadsomrade"
CRIME_SERIES = ("samtliga-brott", "per_100k")
CRIME_GEOGRAPHY = "1480-angered"
MARK = "Exempel: "
# Demo users of bootstrap_demo: the member enters survey values, the coordinator approves them.
ENTERER, APPROVER = "medlem", "samordnare"

PROMISE_GOALS = (
    "Minskat problem med otrygghet i Hammarkullen",
    "Upplevelse av en mer närvarande polis i området",
    "Ökat förtroende för polis, stadsdelsförvaltning och bostadsbolaget hos invånarna",
)
# The survey's share who feel unsafe out late in Hammarkullen: 2023 is the statistics example's
# figure; the other years are invented for the example.
SURVEY_VALUES = {-3: "41.7", -2: "40.2", -1: "38.9", 0: "36.8"}
TRUST_VALUES = {-2: "44.0", -1: "46.5", 0: "49.0"}


def _org(municipality: Municipality, name: str) -> Organisation | None:
    return Organisation.objects.filter(municipality=municipality, name=name).first()


def _group(municipality: Municipality, name: str) -> Group | None:
    return Group.objects.filter(municipality=municipality, name=name).first()


def _user(municipality: Municipality, username: str) -> User | None:
    return User.objects.filter(
        username=username, municipality_roles__municipality=municipality
    ).first()


def _mark(row: Evaluation | Lesson) -> None:
    """Mark an evaluation or a lesson as example data: their services take no ``is_example``."""
    type(row).objects.filter(pk=row.pk).update(is_example=True)
    row.is_example = True


def adopting_decision(municipality: Municipality, leadership: Group, year: int) -> Decision | None:
    """The Ledningsgrupp's decision on the year's verksamhetsplan (its first decision of the year),
    if it has been taken; else None."""
    decisions = Decision.objects.filter(
        meeting__municipality=municipality,
        meeting__group=leadership,
        meeting__starts_at__year=year,
        outcome__in=(DecisionOutcome.APPROVED, DecisionOutcome.AMENDED),
    ).order_by("meeting__starts_at", "number")
    return decisions.filter(title=DECISION_TITLE.format(year=year)).first() or decisions.first()


@dataclass
class _World:
    municipality: Municipality
    district: Area
    target: Area
    comparison: Area | None
    leadership: Group
    preparation: Group | None
    today: date


def _world(municipality: Municipality, today: date) -> _World | None:
    district = Area.objects.filter(municipality=municipality, name=DISTRICT).first()
    target = Area.objects.filter(municipality=municipality, name=TARGET, parent=district).first()
    leadership = _group(municipality, LEADERSHIP)
    if district is None or target is None or leadership is None or not leadership.may_decide:
        return None
    return _World(
        municipality=municipality,
        district=district,
        target=target,
        comparison=Area.objects.filter(
            municipality=municipality, name=COMPARISON, parent=district
        ).first(),
        leadership=leadership,
        preparation=_group(municipality, PREPARATION),
        today=today,
    )


def load_example(
    municipality: Municipality, progress: Progress, *, today: date | None = None
) -> str:
    """Build the Angered example of the process; returns one summary line ("" elsewhere)."""
    today = today or timezone.localdate()
    world = _world(municipality, today)
    if world is None:
        return ""
    if Problem.objects.filter(municipality=municipality, is_example=True).exists():
        return "Åtgärdsarbete: exemplet finns redan; inget har lagts till."
    with transaction.atomic():
        return _Builder(world, progress).build()


STEPS = (
    "dialoger",
    "problem",
    "orsaksanalyser",
    "mål och indikatorer",
    "åtgärdsplan",
    "uppföljningar",
    "utvärderingar",
    "medborgarlöfte",
)


class _Builder:
    def __init__(self, world: _World, progress: Progress) -> None:
        self.w = world
        self.m = world.municipality
        self.progress = progress
        self.access = Access.system(self.m)
        self.year = world.today.year
        self.enterer = _user(self.m, ENTERER)
        self.approver = _user(self.m, APPROVER)
        self.decision = adopting_decision(self.m, world.leadership, self.year)
        self.problems: dict[str, Problem] = {}
        self.causes: dict[str, Any] = {}
        self.goals: dict[str, Goal] = {}
        self.measures: dict[str, Measure] = {}
        self.counts: dict[str, int] = {}

    def step(self, index: int) -> None:
        self.progress("åtgärdsarbete", index, len(STEPS))

    def build(self) -> str:
        self.step(0)
        self.promise = self._promise()
        self.dialogues = self._dialogues()
        self.step(1)
        self._problems()
        self.step(2)
        self._causes()
        self.step(3)
        self._goals()
        self.step(4)
        plan = self._plan()
        self.step(5)
        followups = self._followups()
        self.step(6)
        evaluations = self._evaluations()
        self.step(7)
        self._promise_activities()
        self._sign_promise()
        self.step(len(STEPS))
        adopted = "antagen" if plan.versions.exists() else "inte antagen än"
        return (
            f"Åtgärdsarbete: {len(self.problems)} problem med orsaksanalyser, "
            f"{len(self.goals)} mål, åtgärdsplan {self.year} med {len(self.measures)} åtgärder "
            f"({adopted}), {followups} uppföljningar, {evaluations} utvärderingar, "
            "ett medborgarlöfte."
        )

    # --- dialogues and the medborgarlöfte ---------------------------------------------------

    def _promise(self) -> Any:
        parties = [o for o in (_org(self.m, POLICE), _org(self.m, DISTRICT_BOARD)) if o]
        return promise_services.promise_create(
            access=self.access,
            title=f"Medborgarlöfte Angered {self.year}",
            period_start=date(self.year, 1, 1),
            period_end=date(self.year, 12, 31),
            area=self.w.district,
            public_text=(
                "Polisen och Stadsdelsnämnden Angered lovar invånarna i Angered att tillsammans "
                "arbeta för att Hammarkullen ska bli tryggare, att polisen ska märkas mer i "
                "området och att förtroendet för polis, stadsdelsförvaltning och bostadsbolag ska "
                "öka. Löftet bygger på vad invånare och medarbetare sagt i dialoger och "
                "trygghetsvandringar. (Exempel med påhittade uppgifter.)"
            ),
            is_public=True,
            public_slug=f"angered-{self.year}",
            parties=parties,
            goals="\n".join(PROMISE_GOALS),
            is_example=True,
        )

    def _dialogues(self) -> dict[str, Any]:
        last = self.year - 1
        rows = (
            (
                "citizen",
                DialogueKind.CITIZEN,
                "Medborgardialog på Hammarkullens torg",
                date(last, 10, 14),
                64,
                "Många säger att de undviker torget och gångtunneln vid spårvagnshållplatsen "
                "efter mörkrets inbrott. Grupper av unga vuxna samlas i trapphus och vid "
                "garagen. Flera säger att de aldrig ser polisen till fots och inte vet vem de "
                "ska vända sig till hos bostadsbolaget.",
            ),
            (
                "walk",
                DialogueKind.WALK,
                "Trygghetsvandring i Hammarkullen",
                date(last, 11, 4),
                22,
                "Trasig belysning längs gångstråket mot skolan, igenvuxna buskage vid "
                "gångtunneln och nedskräpade miljörum. Bostadsbolaget och park- och "
                "naturförvaltningen tog med sig en lista med 31 platser.",
            ),
            (
                "staff",
                DialogueKind.STAFF,
                "Medarbetardialog med fältsekreterare och fritidsledare",
                date(last, 11, 20),
                14,
                "Fältsekreterarna beskriver att samma grupp unga vuxna återkommer kvällstid och "
                "att yngre barn dras med. Fritidsgården har stängt tisdagar och torsdagar. "
                "Personalen efterfrågar fler vuxna ute kvällar och helger.",
            ),
        )
        notes = {}
        for key, kind, title, held_on, participants, summary in rows:
            notes[key] = promise_services.dialogue_create(
                access=self.access,
                kind=kind,
                title=title,
                held_on=held_on,
                summary=MARK + summary,
                area=self.w.target,
                participants=participants,
                promise=self.promise,
                is_example=True,
            )
        return notes

    def _sign_promise(self) -> None:
        signers = {POLICE: "Stefan Wikström, lokalområdespolischef", DISTRICT_BOARD: "Eva Strand"}
        day = date(self.year, 2, 10)
        if day > self.w.today:
            return
        for organisation in self.promise.document.parties.order_by("name"):
            promise_services.promise_sign(
                access=self.access,
                promise=self.promise,
                organisation=organisation,
                signed_by=signers.get(organisation.name, organisation.name),
                signed_on=day,
                is_example=True,
            )

    # --- problems, evidence and priorities --------------------------------------------------

    def _problems(self) -> None:
        rows = (
            (
                "insecurity",
                "Otrygghet i Hammarkullen",
                "Invånare känner sig otrygga i Hammarkullen kvällstid, särskilt vid torget, "
                "gångtunneln och i trapphusen. Otrygghetsskapande samlingar rapporteras oftare "
                "än i andra delar av Angered.",
            ),
            (
                "presence",
                "Polisen upplevs som frånvarande i Hammarkullen",
                "Invånare säger att de sällan ser polisen i området utom vid utryckningar och "
                "inte vet vem de kan vända sig till.",
            ),
            (
                "trust",
                "Lågt förtroende för polis, stadsdelsförvaltning och bostadsbolag",
                "Många invånare tror inte att det lönar sig att anmäla eller felanmäla, eftersom "
                "de inte ser att något händer. Det gör att problem inte når dem som kan åtgärda "
                "dem.",
            ),
        )
        for key, title, description in rows:
            self.problems[key] = problem_services.problem_create(
                municipality=self.m,
                user=None,
                title=title,
                areas=[self.w.target],
                description=MARK + description,
                since=date(self.year - 3, 1, 1),
                prepared_by=self.w.preparation,
                is_example=True,
            )
        self._evidence()
        problem_services.prioritise(
            municipality=self.m,
            user=None,
            priorities={p: index for index, p in enumerate(self.problems.values(), start=1)},
            prepared_by=self.w.preparation,
        )
        if self.decision is not None:
            for problem in self.problems.values():
                problem.refresh_from_db()
                problem_services.confirm_priority(
                    problem=problem, decision=self.decision, user=None
                )

    def _evidence(self) -> None:
        insecurity = self.problems["insecurity"]
        report = (
            SituationReport.objects.filter(
                municipality=self.m, area=self.w.district, status=ReportStatus.ADOPTED
            )
            .order_by("-period_start", "-version")
            .first()
        )
        if report is not None:
            self._situation_evidence(insecurity, report)
        series = self._survey_series()
        if series is not None:
            problem_services.evidence_add(
                problem=insecurity,
                user=None,
                kind=EvidenceKind.STATISTICS,
                title="Lokal trygghetsundersökning: otrygga ute sent en kväll",
                note=MARK + "41,7 procent i Hammarkullen känner sig otrygga ute sent en kväll, "
                "mot 33,1 procent i hela Angered (2023).",
                series=series,
                is_example=True,
            )
        problem_services.evidence_add(
            problem=insecurity,
            user=None,
            kind=EvidenceKind.DIALOGUE,
            dialogue=self.dialogues["citizen"],
            note="Invånarna undviker torget och gångtunneln efter mörkrets inbrott.",
            is_example=True,
        )
        problem_services.evidence_add(
            problem=insecurity,
            user=None,
            kind=EvidenceKind.DIALOGUE,
            dialogue=self.dialogues["walk"],
            note="31 platser med trasig belysning, igenvuxen växtlighet eller nedskräpning.",
            is_example=True,
        )
        problem_services.evidence_add(
            problem=self.problems["presence"],
            user=None,
            kind=EvidenceKind.DIALOGUE,
            dialogue=self.dialogues["citizen"],
            note="Flera säger att de aldrig ser polisen till fots i området.",
            is_example=True,
        )
        problem_services.evidence_add(
            problem=self.problems["presence"],
            user=None,
            kind=EvidenceKind.SURVEY,
            title="Trygghetsundersökningen: synlig polis",
            note=MARK + "En av fyra svarande i Hammarkullen har sett polisen till fots i "
            "området det senaste halvåret.",
            observed_on=date(self.year - 1, 10, 1),
            is_example=True,
        )
        problem_services.evidence_add(
            problem=self.problems["trust"],
            user=None,
            kind=EvidenceKind.SURVEY,
            title="Trygghetsundersökningen: förtroende",
            note=MARK + "46,5 procent har ganska eller mycket stort förtroende för polisen; "
            "för bostadsbolagets felanmälan är andelen lägre.",
            observed_on=date(self.year - 1, 10, 1),
            is_example=True,
        )
        problem_services.evidence_add(
            problem=self.problems["trust"],
            user=None,
            kind=EvidenceKind.DIALOGUE,
            dialogue=self.dialogues["staff"],
            note="Personalen hör att det inte lönar sig att anmäla.",
            is_example=True,
        )

    def _situation_evidence(self, problem: Problem, report: SituationReport) -> None:
        from samverka.process.findings import findings_of

        keys = {f.key for f in findings_of(report)}
        samling = Category.objects.filter(municipality=self.m, code=SAMLING).first()
        wanted = [f"subarea:{self.w.target.pk}"]
        if samling is not None:
            wanted.insert(0, f"subarea:{self.w.target.pk}/category:{samling.pk}")
        for key in wanted:
            if key in keys:
                problem_services.evidence_add(
                    problem=problem,
                    user=None,
                    kind=EvidenceKind.SITUATION,
                    situation_report=report,
                    figure_key=key,
                    note="Beredningsgruppens lägesbild visar Hammarkullen för sig.",
                    is_example=True,
                )

    def _survey_series(self) -> Any:
        from samverka.stats.models import Series

        return (
            Series.objects.visible_to(self.m)
            .filter(category=SURVEY_SERIES)
            .order_by("-municipality_id", "pk")
            .first()
        )

    # --- cause analyses ---------------------------------------------------------------------

    def _causes(self) -> None:
        analyses = {
            "insecurity": dict(
                offender="En grupp unga vuxna (omkring 15 personer) som samlas kvällstid vid "
                "torget, i trapphus och vid garagen; yngre barn dras med.",
                target="Boende som ska till och från spårvagnen, skolan och affären, särskilt "
                "kvinnor och äldre kvällstid.",
                place="Torget, gångtunneln vid hållplatsen, gångstråket mot skolan och "
                "trapphusen i två kvarter.",
                handler="Föräldrar, fältsekreterare, fritidsledare och socialtjänsten.",
                guardian="Grannar, nattvandrare, butikspersonal och polisen.",
                place_manager="Bostadsbolaget (trapphus, garage, miljörum), park- och "
                "naturförvaltningen (gångstråk, belysning) och Västtrafik (hållplatsen).",
                summary="Otryggheten hänger ihop med samlingar på några få platser, dålig "
                "belysning och få vuxna ute kvällstid.",
            ),
            "presence": dict(
                offender="–",
                target="Invånare som vill kunna prata med polisen utan att ringa 114 14.",
                place="Hammarkullen, särskilt torget och skolan.",
                handler="–",
                guardian="Kommunpoliserna och områdespoliserna.",
                place_manager="Lokalpolisområdet som planerar patrulleringen.",
                summary="Polisen finns i området, men mest i bil och vid utryckning.",
            ),
            "trust": dict(
                offender="–",
                target="Invånare som inte anmäler eller felanmäler.",
                place="Hela Hammarkullen.",
                handler="–",
                guardian="Polisen, stadsdelsförvaltningen och bostadsbolaget.",
                place_manager="Bostadsbolaget (felanmälan) och stadsdelsförvaltningen.",
                summary="Invånarna får sällan veta vad som händer efter en anmälan.",
            ),
        }
        for key, fields in analyses.items():
            problem_services.analysis_update(
                problem=self.problems[key], user=None, **{k: v for k, v in fields.items()}
            )
        trees: dict[str, tuple[tuple[str, str | None, str, str, str, str], ...]] = {
            # key, parent key, side, certainty, title, evidence
            "insecurity": (
                (
                    "samling",
                    None,
                    TriangleSide.OFFENDER,
                    Certainty.ESTABLISHED,
                    "Samlingar av unga vuxna kvällstid på några få platser",
                    "Lägesbildens otrygghetsskapande samlingar; medborgardialogen.",
                ),
                (
                    "fritid",
                    "samling",
                    TriangleSide.CONTEXT,
                    Certainty.LIKELY,
                    "Få öppna fritidsverksamheter kvällstid",
                    "Fritidsgården har stängt två kvällar i veckan (medarbetardialogen).",
                ),
                (
                    "belysning",
                    None,
                    TriangleSide.PLACE,
                    Certainty.ESTABLISHED,
                    "Mörka och igenvuxna gångstråk och gångtunnel",
                    "Trygghetsvandringen hittade 31 platser.",
                ),
                (
                    "vuxna",
                    None,
                    TriangleSide.TARGET,
                    Certainty.LIKELY,
                    "Få vuxna i utemiljön kvällstid",
                    "Fältsekreterarnas iakttagelser.",
                ),
                (
                    "trapphus",
                    "samling",
                    TriangleSide.PLACE,
                    Certainty.ASSUMED,
                    "Olåsta trapphus och garage",
                    "Bostadsbolagets felanmälningar; ännu inte kartlagt.",
                ),
            ),
            "presence": (
                (
                    "bil",
                    None,
                    TriangleSide.PLACE,
                    Certainty.LIKELY,
                    "Polisen patrullerar mest i bil",
                    "Lokalpolisområdets planering; medborgardialogen.",
                ),
                (
                    "kontakt",
                    None,
                    TriangleSide.TARGET,
                    Certainty.ESTABLISHED,
                    "Invånarna vet inte vem de kan vända sig till hos polisen",
                    "Medborgardialogen; trygghetsundersökningen.",
                ),
                (
                    "bemanning",
                    "bil",
                    TriangleSide.CONTEXT,
                    Certainty.ASSUMED,
                    "Områdespoliserna dras till ärenden i andra områden",
                    "Kommunpolisernas bedömning.",
                ),
            ),
            "trust": (
                (
                    "aterkoppling",
                    None,
                    TriangleSide.TARGET,
                    Certainty.ESTABLISHED,
                    "Ingen återkoppling efter anmälan eller felanmälan",
                    "Medarbetardialogen; trygghetsundersökningen.",
                ),
                (
                    "felanmalan",
                    "aterkoppling",
                    TriangleSide.PLACE,
                    Certainty.LIKELY,
                    "Felanmälda skador lagas sent",
                    "Bostadsbolagets statistik över åtgärdstider.",
                ),
                (
                    "sprak",
                    None,
                    TriangleSide.CONTEXT,
                    Certainty.LIKELY,
                    "Information når inte alla på de språk som talas i området",
                    "Civilsamhällets representanter i trygghetsgruppen.",
                ),
            ),
        }
        for problem_key, rows in trees.items():
            for key, parent, side, certainty, title, evidence in rows:
                self.causes[key] = problem_services.cause_add(
                    problem=self.problems[problem_key],
                    user=None,
                    title=title,
                    side=side,
                    certainty=certainty,
                    evidence=evidence,
                    parent=self.causes[parent] if parent else None,
                    is_example=True,
                )

    # --- goals and indicators ---------------------------------------------------------------

    def _goals(self) -> None:
        promised = goal_services.goals_promote(document=self.promise.document, is_example=True)
        keys = ("insecurity", "presence", "trust")
        for key, goal in zip(keys, promised, strict=False):
            self.goals[key] = goal_services.goal_update(
                goal=goal,
                user=None,
                title=goal.title,
                description=goal.description,
                document=goal.document,
                parent=None,
                problems=[self.problems[key]],
                weight=2 if key == "insecurity" else 1,
                position=goal.position,
            )
        agreement = GoverningDocument.objects.filter(municipality=self.m, title=AGREEMENT).first()
        if agreement is not None:
            for goal in goal_services.goals_promote(document=agreement, is_example=True):
                key = "safer" if "trygg" in goal.title.lower() else "crime"
                self.goals[key] = goal
        subgoals: tuple[tuple[str, str, str], ...] = (
            ("insecurity", "fewer_gatherings", "Färre otrygghetsskapande samlingar i Hammarkullen"),
            ("insecurity", "fewer_unsafe", "Färre invånare i Hammarkullen känner sig otrygga"),
            ("trust", "more_trust", "Fler invånare har förtroende för polisen"),
        )
        if "crime" in self.goals:
            subgoals += (("crime", "crime_angered", "Färre anmälda brott i Angered"),)
        for parent, key, title in subgoals:
            self.goals[key] = goal_services.goal_create(
                municipality=self.m,
                user=None,
                title=title,
                parent=self.goals[parent],
                problems=[self.problems[parent]] if parent in self.problems else [],
                is_example=True,
            )
        self._indicators()

    def _indicators(self) -> None:
        samling = Category.objects.filter(municipality=self.m, code=SAMLING).first()
        counted = goal_services.indicator_create(
            goal=self.goals["fewer_gatherings"],
            user=None,
            name="Rapporterade otrygghetsskapande samlingar i Hammarkullen",
            unit="händelser per kvartal",
            source=IndicatorSource.INCIDENTS,
            period=IndicatorPeriod.QUARTER,
            direction=Direction.DECREASE,
            area=self.w.target,
            category=samling,
            description="Räknas ur aktörernas händelserapporter, som lägesbilden.",
            is_example=True,
        )
        points = [
            p
            for p in goal_services.indicator_values(counted, today=self.w.today)
            if p.period_start.year == self.year - 1
        ]
        if points:
            baseline = sum((p.value for p in points), Decimal(0)) / len(points)
            baseline = baseline.quantize(Decimal("0.1"))
            goal_services.indicator_update(
                indicator=counted,
                user=None,
                name=counted.name,
                unit=counted.unit,
                source=counted.source,
                description=counted.description,
                period=counted.period,
                direction=counted.direction,
                area=counted.area,
                category=counted.category,
                baseline_value=baseline,
                baseline_label=f"medel per kvartal {self.year - 1}",
                target_value=(baseline * Decimal("0.8")).quantize(Decimal("0.1")),
                deadline=date(self.year + 1, 12, 31),
            )
        surveyed = goal_services.indicator_create(
            goal=self.goals["fewer_unsafe"],
            user=None,
            name="Andel som känner sig otrygga ute sent en kväll i Hammarkullen",
            unit="procent",
            source=IndicatorSource.MANUAL,
            period=IndicatorPeriod.YEAR,
            direction=Direction.DECREASE,
            baseline_value=Decimal("41.7"),
            baseline_label=str(self.year - 3),
            target_value=Decimal("35"),
            deadline=date(self.year + 1, 12, 31),
            description="Ur den lokala trygghetsundersökningen (påhittade värden i exemplet).",
            is_example=True,
        )
        self._values(surveyed, SURVEY_VALUES, survey_done=date(self.year, 10, 15))
        trust = goal_services.indicator_create(
            goal=self.goals["more_trust"],
            user=None,
            name="Andel med stort förtroende för polisen i Hammarkullen",
            unit="procent",
            source=IndicatorSource.MANUAL,
            period=IndicatorPeriod.YEAR,
            direction=Direction.INCREASE,
            baseline_value=Decimal("44"),
            baseline_label=str(self.year - 2),
            target_value=Decimal("55"),
            deadline=date(self.year + 1, 12, 31),
            description="Ur den lokala trygghetsundersökningen (påhittade värden i exemplet).",
            is_example=True,
        )
        self._values(trust, TRUST_VALUES, survey_done=date(self.year, 10, 15))
        self._statistics_indicator()

    def _values(self, indicator: Any, values: dict[int, str], *, survey_done: date) -> None:
        for offset, value in sorted(values.items()):
            if offset == 0 and self.w.today < survey_done:
                continue
            row = goal_services.value_enter(
                indicator=indicator,
                user=self.enterer,
                year=self.year + offset,
                value=value,
                note="Exempel: påhittat värde.",
                is_example=True,
            )
            # The running year's value waits for a second coordinator's approval.
            if offset < 0 and self.approver is not None and self.enterer is not None:
                goal_services.value_approve(value=row, user=self.approver)

    def _statistics_indicator(self) -> None:
        from samverka.stats.models import Geography, Series

        if "crime_angered" not in self.goals:
            return
        series = (
            Series.objects.visible_to(self.m)
            .filter(category=CRIME_SERIES[0], unit=CRIME_SERIES[1])
            .order_by("pk")
            .first()
        )
        geography = Geography.objects.filter(code=CRIME_GEOGRAPHY).first()
        if series is None or geography is None:
            return
        goal_services.indicator_create(
            goal=self.goals["crime_angered"],
            user=None,
            name="Anmälda brott per 100 000 invånare i Angered",
            unit="per 100 000 invånare",
            source=IndicatorSource.STATISTICS,
            period=IndicatorPeriod.YEAR,
            direction=Direction.DECREASE,
            series=series,
            geography=geography,
            description="Brås statistik över anmälda brott (faktabladets siffra).",
            is_example=True,
        )

    # --- the action plan --------------------------------------------------------------------

    def _plan(self) -> Any:
        plan = plan_services.plan_create(
            municipality=self.m,
            user=None,
            title=f"Åtgärdsplan Trygg i Angered {self.year}",
            period_start=date(self.year, 1, 1),
            period_end=date(self.year, 12, 31),
            area=self.w.district,
            prepared_by=self.w.preparation,
            summary=MARK
            + "Beredningsgruppens förslag till åtgärder för de tre prioriterade problemen i "
            "Hammarkullen, i linje med medborgarlöftet och verksamhetsplanen.",
            is_example=True,
        )
        decided = (
            timezone.localdate(self.decision.meeting.starts_at)
            if self.decision is not None
            else date(self.year, 2, 1)
        )
        working = _group(self.m, WORKING_GROUP)
        end = date(self.year, 12, 31)
        measures: tuple[dict[str, Any], ...] = (
            dict(
                key="light",
                title="Belysning och röjning längs gångstråken i Hammarkullen",
                kind=MeasureKind.SITUATIONAL,
                term=MeasureTerm.SHORT,
                causes=["belysning"],
                goals=["insecurity"],
                org=PARKS,
                group=working,
                start=decided + timedelta(weeks=3),
                end=date(self.year, 10, 31),
                budget=450_000,
                weight=2,
                every=6,
                logic=(
                    "Byta trasig belysning och röja buskage på de 31 platser som "
                    "trygghetsvandringen hittade.",
                    "31 åtgärdade platser.",
                    "Färre platser som upplevs som otrygga kvällstid.",
                    "Minskat problem med otrygghet i Hammarkullen.",
                ),
                activities=(
                    ("Inventering med bostadsbolaget", 1),
                    ("Byte av armaturer längs gångstråket mot skolan", 2),
                    ("Röjning vid gångtunneln", 1),
                ),
            ),
            dict(
                key="evenings",
                title="Fler vuxna ute kvällstid: fältarbete och nattvandring",
                kind=MeasureKind.SOCIAL,
                term=MeasureTerm.LONG,
                causes=["vuxna", "samling"],
                goals=["insecurity"],
                org=ADMINISTRATION,
                group=working,
                start=decided + timedelta(weeks=4),
                end=end,
                budget=380_000,
                weight=3,
                every=8,
                logic=(
                    "Fältsekreterare och nattvandrare ute fredag och lördag kväll vid torget "
                    "och hållplatsen.",
                    "Två kvällar i veckan med vuxna i utemiljön.",
                    "Färre otrygghetsskapande samlingar.",
                    "Minskat problem med otrygghet i Hammarkullen.",
                ),
                activities=(
                    ("Schema för fältsekreterare fredag och lördag kväll", 2),
                    ("Nattvandring med civilsamhället", 1),
                ),
            ),
            dict(
                key="youth",
                title="Öppen fritidsgård fem kvällar i veckan",
                kind=MeasureKind.SOCIAL,
                term=MeasureTerm.LONG,
                causes=["fritid"],
                goals=["insecurity"],
                org=ADMINISTRATION,
                group=None,
                start=decided + timedelta(weeks=6),
                end=end,
                budget=620_000,
                weight=2,
                every=8,
                logic=(
                    "Fritidsgården håller öppet även tisdag och torsdag kväll.",
                    "Fem öppna kvällar i veckan.",
                    "Färre unga som dras med i samlingarna.",
                    "Minskat problem med otrygghet i Hammarkullen.",
                ),
                activities=(
                    ("Rekrytering av två fritidsledare", 1),
                    ("Utökade öppettider", 2),
                ),
            ),
            dict(
                key="foot",
                title="Polisens fotpatrullering och öppet hus på torget",
                kind=MeasureKind.SITUATIONAL,
                term=MeasureTerm.SHORT,
                causes=["bil", "kontakt"],
                goals=["presence"],
                org=POLICE,
                group=None,
                start=decided + timedelta(weeks=3),
                end=end,
                budget=None,
                weight=2,
                every=6,
                logic=(
                    "Områdespoliserna patrullerar till fots två pass i veckan och håller öppet "
                    "hus på torget en gång i månaden.",
                    "Åtta pass och ett öppet hus i månaden.",
                    "Invånarna vet vem de kan vända sig till.",
                    "Upplevelse av en mer närvarande polis i området.",
                ),
                activities=(
                    ("Fotpatrullering två pass i veckan", 2),
                    ("Öppet hus på torget en gång i månaden", 1),
                ),
            ),
            dict(
                key="feedback",
                title="Återkoppling till boende efter felanmälan och anmälan",
                kind=MeasureKind.SOCIAL,
                term=MeasureTerm.LONG,
                causes=["aterkoppling", "felanmalan"],
                goals=["trust"],
                org=HOUSING,
                group=working,
                start=max(decided + timedelta(weeks=8), date(self.year, 9, 1)),
                end=end,
                budget=150_000,
                weight=1,
                every=6,
                logic=(
                    "Bostadsbolaget och polisen berättar i trapphusen och på torget vad som "
                    "hänt efter anmälningar och felanmälningar.",
                    "Ett anslag per kvartal och ett samtal på torget i månaden.",
                    "Fler anmäler och felanmäler.",
                    "Ökat förtroende för polis, stadsdelsförvaltning och bostadsbolaget.",
                ),
                activities=(
                    ("Anslag i trapphusen varje kvartal", 1),
                    ("Samtal på torget med polis och bostadsbolag", 1),
                ),
            ),
            dict(
                key="languages",
                title="Trygghetsinformation på flera språk med civilsamhället",
                kind=MeasureKind.SOCIAL,
                term=MeasureTerm.SHORT,
                causes=["sprak"],
                goals=["trust"],
                org=CIVIL_SOCIETY,
                group=None,
                start=decided + timedelta(weeks=10),
                end=date(self.year, 11, 30),
                budget=60_000,
                weight=1,
                every=8,
                logic=(
                    "Föreningarna översätter och sprider information om hur man anmäler och "
                    "felanmäler.",
                    "Information på sex språk.",
                    "Fler vet hur de anmäler.",
                    "Ökat förtroende för polis, stadsdelsförvaltning och bostadsbolaget.",
                ),
                activities=(("Översättning och spridning", 1),),
            ),
        )
        for position, spec in enumerate(measures, start=1):
            logic = spec["logic"]
            measure = plan_services.measure_create(
                plan=plan,
                user=None,
                data=MeasureInput(
                    title=spec["title"],
                    kind=spec["kind"],
                    term=spec["term"],
                    description=MARK + str(logic[0]),
                    causes=[self.causes[c] for c in spec["causes"]],
                    goals=[self.goals[g] for g in spec["goals"] if g in self.goals],
                    responsible_organisation=_org(self.m, spec["org"]),
                    working_group=spec["group"],
                    start=spec["start"],
                    end=spec["end"],
                    budget=Decimal(spec["budget"]) if spec["budget"] else None,
                    logic_activity=logic[0],
                    logic_output=logic[1],
                    logic_outcome=logic[2],
                    logic_goal=logic[3],
                    weight=spec["weight"],
                    followup_every_weeks=spec["every"],
                    position=position,
                ),
                is_example=True,
            )
            for index, (title, weight) in enumerate(spec["activities"], start=1):
                plan_services.activity_create(
                    measure=measure,
                    user=None,
                    data=ActivityInput(
                        title=title,
                        responsible_organisation=_org(self.m, spec["org"]),
                        planned_start=spec["start"],
                        planned_end=spec["end"],
                        status=ActivityStatus.PLANNED,
                        weight=weight,
                        position=index,
                    ),
                    is_example=True,
                )
            self.measures[spec["key"]] = measure
        if self.decision is not None:
            plan_services.plan_adopt(
                plan=plan,
                decision=self.decision,
                user=self.approver,
                note="Antagen med verksamhetsplanen.",
                is_example=True,
            )
        return plan

    # --- follow-ups -------------------------------------------------------------------------

    # The measure whose follow-up is left overdue today (the working group's summer slipped).
    OVERDUE = "youth"
    # (outputs, deviations, lessons) by measure; the lessons go to the lessons library.
    TEXTS: dict[str, tuple[str, str, str]] = {
        "light": (
            "Armaturer bytta och buskage röjda på de platser som var planerade till i dag.",
            "Två platser väntar på el-leverantören.",
            "Gör trygghetsvandringen tillsammans med den som äger platsen, så blir listan "
            "en arbetsorder direkt.",
        ),
        "evenings": (
            "Fältsekreterare ute fredag och lördag kväll; nattvandrare tre helger i månaden.",
            "Nattvandringen föll bort under sommaren när volontärerna var bortresta.",
            "Planera sommaren särskilt: volontärer behöver ersättare när skolan slutar.",
        ),
        "youth": (
            "Fritidsgården har öppet fyra kvällar; en fritidsledare rekryterad.",
            "Den andra fritidsledaren är inte rekryterad än.",
            "Rekrytera före sommaren; utökade öppettider utan personal blir inte av.",
        ),
        "foot": (
            "Fotpatrullering två pass i veckan; öppet hus på torget varje månad.",
            "Fyra pass ställdes in när områdespoliserna drogs till Hjällbo efter skjutningen.",
            "Säg till i förväg när ett pass ställs in, annars tappar öppet hus förtroende.",
        ),
        "feedback": (
            "Anslag uppsatta i trapphusen; första samtalet på torget hölls.",
            "",
            "Boende vill hellre få återkoppling på torget än på anslag.",
        ),
        "languages": (
            "Information översatt till fyra av sex språk och spridd via föreningarna.",
            "Två språk saknas: översättaren blev sjuk.",
            "Föreningarna når fler än broschyrerna; ge dem material tidigt.",
        ),
    }

    def _followups(self) -> int:
        made = 0
        for key, measure in self.measures.items():
            measure.refresh_from_db()
            if measure.status == MeasureStatus.PROPOSED:
                continue
            made += self._follow_up(key, measure)
        light = self.measures["light"]
        light.refresh_from_db()
        if light.end and light.end < self.w.today and light.status == MeasureStatus.IN_PROGRESS:
            plan_services.measure_update(
                measure=light,
                user=None,
                data=plan_services.measure_input_of(light),
                status=MeasureStatus.DONE,
            )
        return made

    def _follow_up(self, key: str, measure: Measure) -> int:
        today = self.w.today
        outputs, deviations, lessons = self.TEXTS[key]
        activities = list(measure.activities.order_by("position", "pk"))
        interval = timedelta(weeks=measure.followup_every_weeks)
        # The overdue measure's follow-ups stop more than an interval and a week before today.
        last_day = today - interval - timedelta(days=7) if key == self.OVERDUE else today
        start = measure.start or today
        end = measure.end or today
        count = 0
        while True:
            due = measure.next_followup_due
            if due is None or due > today:
                break
            # Every third follow-up is ten days late; the others are made a few days early.
            late = count % 3 == 2
            made_on = due + timedelta(days=10) if late else due - timedelta(days=count % 4)
            made_on = min(made_on, today)
            if made_on > last_day:
                break
            activity = activities[count % len(activities)] if activities else None
            span = max((end - start).days, 1)
            share = min(100, max(5, int(100 * (made_on - start).days / span) // 5 * 5 + 10))
            plan_services.followup_record(
                measure=measure,
                user=None,
                made_on=made_on,
                as_planned=AsPlanned.PARTLY if late else AsPlanned.YES,
                outputs=MARK + outputs,
                deviations=deviations if late else "",
                indicator_movement=(
                    "Samlingarna vid torget har blivit färre enligt lägesbilden."
                    if key in ("light", "evenings") and count % 2
                    else ""
                ),
                lessons=lessons if count % 3 == 1 else "",
                activity=activity,
                progress=share if activity is not None else None,
                is_example=True,
                today=today,
            )
            measure.refresh_from_db()
            count += 1
        return count

    # --- evaluations and lessons ------------------------------------------------------------

    def _evaluations(self) -> int:
        made = 0
        today = self.w.today
        foot = self.measures["foot"]
        foot.refresh_from_db()
        if foot.status != MeasureStatus.PROPOSED and foot.start and foot.start < today:
            evaluation = evaluation_services.process_evaluation_create(
                municipality=self.m,
                user=None,
                measure=foot,
                title="Processutvärdering av fotpatrulleringen",
                made_on=today - timedelta(days=14) if today.day > 14 else today,
                made_by_name="Trygghetssamordningen (exempel)",
                as_planned="Till största delen: 88 av 96 planerade pass genomfördes; fyra "
                "ställdes in efter skjutningen i Hjällbo och fyra under semestern.",
                reached="Öppet hus på torget nådde främst äldre och föräldrar; unga kom sällan. "
                "Trygghetsundersökningen visar att fler har sett polisen till fots.",
                conclusions="Fortsätt, och lägg ett öppet hus vid fritidsgården för att nå unga.",
            )
            _mark(evaluation)
            lesson = evaluation_services.lesson_create(
                municipality=self.m,
                user=None,
                data=LessonInput(
                    title="Öppet hus når inte unga på torget",
                    text="Lägg polisens öppna hus där de unga redan är, till exempel vid "
                    "fritidsgården, och i samarbete med fritidsledarna.",
                    year=self.year,
                    measure=foot,
                    problem=self.problems["presence"],
                    evaluation=evaluation,
                    measure_kind=foot.kind,
                    tags="polis, unga, närvaro",
                ),
            )
            _mark(lesson)
            made += 1
        made += self._effect_evaluation()
        return made

    def _effect_evaluation(self) -> int:
        measure = self.measures["evenings"]
        measure.refresh_from_db()
        today = self.w.today
        if self.w.comparison is None or measure.status == MeasureStatus.PROPOSED:
            return 0
        start = measure.start or today
        after_end = min(start + timedelta(days=181), today - timedelta(days=1))
        if (after_end - start).days + 1 < 28:
            return 0
        samling = Category.objects.filter(municipality=self.m, code=SAMLING).first()
        data = EffectInput(
            target_area=self.w.target,
            comparison_area=self.w.comparison,
            before_start=start - timedelta(days=182),
            before_end=start - timedelta(days=1),
            after_start=start,
            after_end=after_end,
            category=samling,
        )
        indicator = self.goals["fewer_gatherings"].indicators.first()
        evaluation = evaluation_services.effect_evaluation_create(
            municipality=self.m,
            user=None,
            measure=measure,
            title="Effektutvärdering: samlingar i Hammarkullen före och efter kvällsinsatsen",
            made_on=today,
            data=data,
            made_by_name="Trygghetssamordningen (exempel)",
            indicator=indicator,
            conclusions="Skattningen bygger på syntetiska händelser i exemplet. Jämför med "
            "trygghetsundersökningen innan slutsatser dras.",
        )
        _mark(evaluation)
        lesson = evaluation_services.lesson_create(
            municipality=self.m,
            user=None,
            data=LessonInput(
                title="Välj jämförelseområde innan insatsen börjar",
                text="Bestäm jämförelseområde och perioder innan insatsen startar, så att "
                "effektutvärderingen inte anpassas efter resultatet.",
                year=self.year,
                measure=measure,
                problem=self.problems["insecurity"],
                evaluation=evaluation,
                measure_kind=measure.kind,
                tags="utvärdering, metod",
            ),
        )
        _mark(lesson)
        return 1

    def _promise_activities(self) -> None:
        rows = (
            (
                "evenings",
                "insecurity",
                "Fler vuxna ute på kvällarna",
                "Fältsekreterare och nattvandrare är ute fredag och lördag kväll.",
            ),
            (
                "light",
                "insecurity",
                "Ljusare gångstråk",
                "Belysningen byts och buskagen röjs längs gångstråken.",
            ),
            (
                "foot",
                "presence",
                "Polisen till fots",
                "Polisen går till fots i området två gånger i veckan och har öppet hus på torget.",
            ),
            (
                "feedback",
                "trust",
                "Besked om vad som händer",
                "Polisen och bostadsbolaget berättar vad som hänt efter anmälningar.",
            ),
        )
        for position, (measure, goal, title, text) in enumerate(rows, start=1):
            promise_services.promise_activity_add(
                access=self.access,
                promise=self.promise,
                title=title,
                public_text=text,
                goal=self.goals.get(goal),
                measure=self.measures[measure],
                position=position,
                is_example=True,
            )
