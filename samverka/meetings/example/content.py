"""The invented content of the Angered example's year of meetings.

Everything here is made up for the example (the fact sheet says how often the groups meet, not
what they say): lägesbild notes, the beredningsgrupp's proposals to the Ledningsgrupp, the
decisions on them, the commitments that follow and how each is followed up. Texts use
``{year}`` and ``{next_year}`` so that the example stays current.

Stories refer to meetings by their index in the group's year (the Ledningsgrupp's third ordinary
meeting, the beredningsgrupp's tenth) rather than by date, because the dates come from the
cadence and move from year to year.
"""

from __future__ import annotations

from dataclasses import dataclass

from samverka.meetings.models import CommitmentStatus
from samverka.organisation.models import GroupKind

DONE = CommitmentStatus.DONE
IN_PROGRESS = CommitmentStatus.IN_PROGRESS


@dataclass(frozen=True)
class Step:
    """At the ``after``-th later ordinary meeting of the group that follows the commitment up,
    its status becomes ``status`` (with ``note``)."""

    after: int
    status: str
    note: str = ""


@dataclass(frozen=True)
class Task:
    """A commitment (åtagande): what, who (a person of the example), due ``due_days`` after the
    meeting, and how it is followed up. No steps: it stays open and carries over."""

    title: str
    owner: str
    due_days: int
    steps: tuple[Step, ...] = ()
    # The kind of group whose meetings follow it up; "" for the group of the meeting itself.
    follow_up_by: str = ""


def done_at(after: int, note: str = "") -> tuple[Step, ...]:
    return (Step(after, DONE, note),)


@dataclass(frozen=True)
class ProposalStory:
    """A proposal of the beredningsgrupp, made at its last meeting a week or more before the
    Ledningsgrupp's ordinary meeting number ``at`` (0-based), and decided there."""

    at: int
    title: str
    text: str
    # None: the Ledningsgrupp tables it (bordlägger); the proposal stays pending.
    outcome: str | None
    decision_title: str = ""
    decision_text: str = ""
    note: str = ""
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class DecisionStory:
    """A decision of the Ledningsgrupp on an item of its own (not a proposal)."""

    at: int
    item: str
    title: str
    text: str
    outcome: str
    note: str
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class AcuteStory:
    """A serious event and the Ledningsgrupp's acute meeting after it."""

    month: int
    day: int
    hour: int
    trigger: str
    trigger_note: str
    # How the minutes of later meetings refer to it: "skjutningen vid Hjällbo torg".
    event: str
    location: str
    # Notes on the acute agenda's three items: what happened, measures, communication.
    notes: tuple[str, str, str]
    decision_title: str
    decision_text: str
    tasks: tuple[Task, ...]


# --- Standing agendas ------------------------------------------------------------------------
# (title, kind); set for each group before its year is planned.
OPENING = "Mötets öppnande och val av justerare"
CLOSING = "Övriga frågor"
FOLLOW_UP = "Uppföljning av åtaganden"

LG_SITUATION = "Lägesbild"
LG_PROPOSALS = "Förslag för beslut"
BER_SITUATION = "Senaste lägesbilden"
BER_PROPOSALS = "Förslag till ledningsgruppen"
BER_REPORTS = "Rapporter från trygghetsgrupperna och arbetsgrupperna"
TR_SITUATION = "Lägesbild för Angered"
TR_NEWS = "Aktuellt från ledningsgruppen"
TR_DIALOGUE = "Dialog: ungdomsrådet, företagarföreningen och bostadsbolagen"
AREA_SITUATION = "Läget i området"
AREA_PLACES = "Platser och åtgärder"
AREA_REPORT = "Rapport till beredningsgruppen"
AG_TASKS = "Åtgärder enligt uppdraget"
SSPF_SITUATION = "Aktuellt läge bland unga i området"
SSPF_CASES = "Ärenden enligt SSPF-rutinen"

TEMPLATES: dict[str, list[tuple[str, str]]] = {
    GroupKind.STEERING: [
        (OPENING, "plain"),
        (LG_SITUATION, "situation"),
        (LG_PROPOSALS, "proposals"),
        (FOLLOW_UP, "commitments"),
        (CLOSING, "plain"),
    ],
    GroupKind.PREPARATION: [
        (OPENING, "plain"),
        (BER_SITUATION, "situation"),
        (BER_PROPOSALS, "plain"),
        (FOLLOW_UP, "commitments"),
        (BER_REPORTS, "reports"),
        (CLOSING, "plain"),
    ],
    GroupKind.COUNCIL: [
        (OPENING, "plain"),
        (TR_SITUATION, "situation"),
        (TR_NEWS, "plain"),
        (TR_DIALOGUE, "plain"),
        (FOLLOW_UP, "commitments"),
        (CLOSING, "plain"),
    ],
    GroupKind.WORKING: [
        (OPENING, "plain"),
        (AREA_SITUATION, "situation"),
        (AG_TASKS, "plain"),
        (FOLLOW_UP, "commitments"),
        (AREA_REPORT, "plain"),
        (CLOSING, "plain"),
    ],
    GroupKind.AREA_SAFETY: [
        (OPENING, "plain"),
        (AREA_SITUATION, "situation"),
        (AREA_PLACES, "plain"),
        (FOLLOW_UP, "commitments"),
        (AREA_REPORT, "plain"),
        (CLOSING, "plain"),
    ],
    # SSPF: no commitments and nothing about individuals in the notes (a later issue covers
    # SSPF's own records).
    GroupKind.SSPF: [
        (OPENING, "plain"),
        (SSPF_SITUATION, "plain"),
        (SSPF_CASES, "plain"),
        (CLOSING, "plain"),
    ],
}

# --- Places and times ------------------------------------------------------------------------
# (start hour, start minute, minutes long, location, video link)
SETTINGS: dict[str, tuple[int, int, int, str, str]] = {
    GroupKind.STEERING: (
        13,
        0,
        120,
        "Angereds stadsdelshus, sammanträdesrum Lärjeån",
        "https://video.example.org/ledningsgruppen-trygg-i-angered",
    ),
    GroupKind.PREPARATION: (
        9,
        0,
        90,
        "Trygghetssamordningen, Angereds stadsdelshus",
        "",
    ),
    GroupKind.COUNCIL: (17, 30, 120, "Angereds stadsdelshus, stora salen", ""),
    GroupKind.WORKING: (14, 0, 90, "Träffpunkten i Hammarkullen", ""),
    GroupKind.AREA_SAFETY: (13, 0, 90, "Bostadsbolagets områdeskontor i {area}", ""),
    GroupKind.SSPF: (8, 30, 90, "Skolan i {area}", ""),
}

# --- Ledningsgruppen -------------------------------------------------------------------------
LG_SITUATIONS = (
    "Nyårshelgen var lugnare än föregående år, med färre bränder i containrar och soprum. "
    "Anmälningarna om skadegörelse i Angereds Centrum har minskat, medan oron för mopedåkning "
    "på gångvägar i Hammarkullen och Rannebergen består.",
    "Polisen bedömer att risken för våldshändelser är förhöjd under våren. Trygghetsgrupperna "
    "rapporterar ökad oro bland boende i Hjällbo och Eriksbo; i övriga delområden är läget "
    "oförändrat.",
    "Vårens trygghetsvandringar i Hjällbo och Hammarkullen är genomförda. De vanligaste "
    "synpunkterna gäller belysning, buskage som skymmer sikten och nedskräpning. Enligt "
    "bostadsbolagen har boende uppskattat polisens ökade närvaro.",
    "Sommaren var lugnare än befarat. Sommarlovsaktiviteterna hade många deltagare, särskilt "
    "kvällsfotbollen och simskolan. Några bränder i soprum i Gårdstensberget i juli; "
    "bostadsbolaget har bytt lås.",
    "Skolstarten har gått lugnt. Polisen ser tecken på att unga rekryteras till kriminella "
    "nätverk via sociala medier och vill samordna informationen till föräldrar med skolorna. "
    "Den lokala trygghetsmätningen visar en liten förbättring i Hammarkullen jämfört med i fjol.",
    "Hösten har varit utan nya allvarliga våldshändelser. Anmälningarna om skadegörelse ligger "
    "på samma nivå som i fjol. Inför nyårshelgen förbereder aktörerna samordnad närvaro.",
)
LG_OTHER = (
    "Camilla Åberg informerade om kulturförvaltningens program för unga i Angered.",
    "Jonas Hedlund informerade om räddningstjänstens kampanj om brandvarnare i flerbostadshus.",
    "Inga övriga frågor.",
    "Anders Nilsson informerade om skolornas trygghetsenkät bland elever.",
    "Mats Olofsson informerade om stadens nya rutin för krisledning.",
    "Ulf Bergström informerade om fältverksamhetens utökade kvällstider.",
)
LG_FUTURE_ITEMS = (
    "Förslag till verksamhetsplan för Trygg i Angered {next_year}",
    "Uppföljning av medborgarlöftet",
)

# --- Beredningsgruppen -----------------------------------------------------------------------
BER_POLICE = (
    "Kommunpoliserna redovisade händelserna sedan förra mötet: några anmälningar om "
    "skadegörelse på tvättstugor i Lövgärdet, i övrigt lugnt.",
    "Kommunpoliserna rapporterade fortsatt mopedåkning på gångvägar i Rannebergen och "
    "Gårdstensberget.",
    "Polisen har haft ökad närvaro vid Hjällbo torg kvällstid; inga nya våldshändelser.",
    "Två anmälningar om rån mot unga vid Angereds Centrum; polisen förstärker närvaron vid "
    "hållplatsen.",
    "Fler anmälningar om bedrägerier mot äldre; polisen informerar via föreningarna.",
    "Lugn period utan allvarliga händelser i något delområde.",
    "Bränder i soprum i Gårdstensberget; räddningstjänsten och bostadsbolaget följer upp.",
    "Polisen ser tecken på att unga rekryteras via sociala medier och delar bilden med skolorna.",
)
BER_COORDINATION = (
    "Fältsekreterarna har mött fler unga vid centrum sent på fredagar.",
    "Föreningarnas läxhjälp har fler deltagare än i fjol.",
    "Avhopparverksamheten har fått fler förfrågningar via socialtjänsten.",
    "Bostadsbolagen rapporterar färre felanmälningar om belysning.",
    "Skolorna rapporterar lugn i korridorerna men oro bland föräldrar efter händelser i "
    "grannområden.",
    "Nattvandrarna har varit ute varje helg i Hammarkullen och Hjällbo.",
    "Enkäten till den lokala trygghetsmätningen är ute; svarsfrekvensen är hittills 38 procent.",
)
BER_OTHER = (
    "Inga övriga frågor.",
    "Leyla Demir informerade om civilsamhällets nätverksträff.",
    "Nora Karlsson påminde om utbildningen om hedersrelaterat våld och förtryck.",
    "Maria Sjöberg informerade om ny vägledning om våldsbejakande extremism.",
    "Ahmed Yusuf informerade om avhopparverksamhetens nya kontaktvägar.",
    "Inga övriga frågor.",
)
BER_FUTURE_ITEMS = (
    "Planering inför nyårshelgen",
    "Årets uppföljning och planering för {next_year}",
    "Lägesbild inför ledningsgruppens nästa möte",
    "Planering av vårens trygghetsvandringar",
)
# (the beredningsgrupp's meeting number, its own commitment)
BER_TASKS = (
    (
        1,
        Task(
            "Anmälningsstatistik om skadegörelse per primärområde sammanställs",
            "Anna Fors",
            21,
            done_at(1, "Statistiken redovisades på mötet."),
        ),
    ),
    (
        3,
        Task(
            "Platser där unga samlas kvällstid kartläggs",
            "Elin Forsberg",
            42,
            (Step(1, IN_PROGRESS), Step(3, DONE, "Kartläggningen är delad med fältsekreterarna.")),
        ),
    ),
    (5, Task("Kontaktlistan för akuta händelser uppdateras", "Maria Sjöberg", 14, done_at(1))),
    (
        7,
        Task(
            "Trygghetsgruppernas rapporter samlas in inför halvårsuppföljningen",
            "Peter Holm",
            60,
            (Step(2, IN_PROGRESS), Step(4, DONE)),
        ),
    ),
    (
        9,
        Task(
            "Informationsblad om avhopparverksamheten till skolorna",
            "Ahmed Yusuf",
            45,
            done_at(2, "Bladet är skickat till alla skolor i Angered."),
        ),
    ),
    (
        12,
        Task(
            "Medborgarlöftets mål för Hammarkullen följs upp",
            "Peter Holm",
            56,
            (Step(2, IN_PROGRESS, "Enkäten till boende är utskickad; svaren sammanställs."),),
        ),
    ),
    (
        14,
        Task(
            "Utbildningsdag om hedersrelaterat våld och förtryck för trygghetsgrupperna",
            "Nora Karlsson",
            70,
            (Step(2, IN_PROGRESS), Step(4, DONE, "Utbildningsdagen hölls med 45 deltagare.")),
        ),
    ),
    (
        17,
        Task(
            "Stödmaterial om våld i nära relationer till bostadsbolagens personal",
            "Fatima Ali",
            90,
            (Step(2, IN_PROGRESS),),
        ),
    ),
    (
        19,
        Task("Lägesbild och närvaro inför nyårshelgen planeras", "Robert Lind", 60),
    ),
    (21, Task("Årets uppföljning av verksamhetsplanen sammanställs", "Peter Holm", 45)),
)

# --- Trygghetsrådet ----------------------------------------------------------------------------
TR_SITUATIONS = (
    "Trygghetssamordningen presenterade lägesbilden för vintern. Anmälningarna om skadegörelse "
    "har minskat, men många boende upplever fortfarande otrygghet kvällstid i Hammarkullen.",
    "Vårens trygghetsvandringar i Hjällbo och Hammarkullen redovisades. Boende lyfte framför "
    "allt belysning, buskage och nedskräpning.",
    "Sommaren sammanfattades: sommarlovsaktiviteterna hade många deltagare och sommaren var "
    "lugnare än befarat.",
    "Resultaten från den lokala trygghetsmätningen presenterades. Andelen som känner sig trygga "
    "ute kvällstid har ökat något i Hammarkullen men minskat i Hjällbo.",
)
TR_DIALOGUES = (
    "Ungdomsrådet lyfte att unga saknar mötesplatser på kvällar och helger, särskilt i Gunnilse "
    "och Bergum.",
    "Företagarföreningen berättade att handlarna i Angereds Centrum upplever färre snatterier "
    "men oro för rån mot unga vid hållplatsen.",
    "Ungdomsrådet presenterade ungas synpunkter om otrygga platser: gångtunnlar, dåligt "
    "upplysta hållplatser och skogsstigar mellan områdena.",
    "Företagarföreningen och bostadsbolagen diskuterade gemensam vinterbelysning i centrum och "
    "på torgen.",
)
TR_TASKS = (
    Task(
        "Ungas synpunkter om otrygga platser samlas in",
        "Noah Svensson",
        60,
        done_at(1, "Synpunkterna presenterades för rådet."),
    ),
    Task(
        "Handlarna bjuds in till ett trygghetsmöte i Angereds Centrum",
        "Ali Rahimi",
        45,
        done_at(1),
    ),
    Task(
        "Bostadsbolagen redovisar åtgärder efter trygghetsvandringarna",
        "Maja Ström",
        120,
        (Step(1, IN_PROGRESS, "Ett av bostadsbolagen har redovisat; det andra i december."),),
    ),
    Task("Rådets synpunkter på verksamhetsplanen lämnas till stadsdelsnämnden", "Eva Strand", 45),
)
TR_FUTURE_ITEMS = ("Presentation av den lokala trygghetsmätningen",)

# --- Arbetsgrupp Trygg i Hammarkullen ----------------------------------------------------------
AG_SITUATIONS = (
    "Gruppen gick igenom uppdraget från beredningsgruppen och medborgarlöftets mål om minskad "
    "otrygghet i Hammarkullen. Polisen och bostadsbolaget beskrev läget: klotter och "
    "nedskräpning vid centrum, oro kvällstid vid spårvagnshållplatsen.",
    "Läget är lugnare än i somras. Nattvandrarna har varit ute varje helg.",
    "Boende säger att gångtunneln vid centrum känns tryggare efter saneringen.",
    "Polisens ökade närvaro vid hållplatsen har gett färre anmälningar om rån mot unga.",
)
AG_TASKS_BY_MEETING = (
    (
        Task(
            "Klotter i gångtunneln vid Hammarkullens centrum saneras",
            "Erik Sundberg",
            21,
            done_at(1),
        ),
        Task(
            "Buskage längs gångstråket mot spårvagnshållplatsen röjs",
            "Lars Gren",
            45,
            (Step(1, IN_PROGRESS), Step(2, DONE)),
        ),
    ),
    (
        Task(
            "Trygghetsvandring med boende i Hammarkullen",
            "Amina Hassan",
            30,
            done_at(1, "Vandringen genomfördes med 25 boende."),
        ),
    ),
    (Task("Föreningarna planerar kvällsaktiviteter på torget i vinter", "Leyla Demir", 60),),
    (Task("Polisen redovisar effekten av den ökade närvaron", "Anna Fors", 28),),
)
AG_FUTURE_ITEMS = ("Planering av vinterns kvällsaktiviteter",)

# --- Trygghetsgrupperna ----------------------------------------------------------------------
# Who takes a commitment, by the organisation a member represents.
HOUSING, PARK, POLICE, SCHOOL, CONVENER = "housing", "park", "police", "school", "convener"


@dataclass(frozen=True)
class Issue:
    concern: str
    action: str
    owner: str
    short: str


ISSUES = (
    Issue(
        "Boende har anmält trasig belysning i gångtunneln vid centrum; platsen upplevs otrygg "
        "kvällstid.",
        "Belysningen i gångtunneln vid {area} centrum lagas",
        PARK,
        "trasig belysning i gångtunneln",
    ),
    Issue(
        "Nedskräpning och grovsopor vid återvinningsstationen.",
        "Extra städning och tömning vid återvinningsstationen i {area}",
        HOUSING,
        "nedskräpning vid återvinningsstationen",
    ),
    Issue(
        "Mopedåkning på gångvägarna kvällstid; flera boende har hört av sig.",
        "Riktade kontroller av mopedåkning på gångvägarna i {area}",
        POLICE,
        "mopedåkning på gångvägar",
    ),
    Issue(
        "Två bränder i soprum sedan förra mötet.",
        "Lås och tömningsschema för soprummen i {area} ses över",
        HOUSING,
        "bränder i soprum",
    ),
    Issue(
        "Klotter på skolans fasad och vid lekplatsen.",
        "Klottret vid skolan i {area} saneras",
        SCHOOL,
        "klotter vid skolan",
    ),
    Issue(
        "Unga samlas sent vid hållplatsen; resenärer upplever otrygghet.",
        "Fler vuxna vid hållplatsen i {area} fredag och lördag kväll",
        CONVENER,
        "otrygghet vid hållplatsen",
    ),
    Issue(
        "Inbrott i källarförråd i flera trapphus.",
        "Boende informeras om förrådsinbrott och låsen till källarförråden byts i {area}",
        HOUSING,
        "inbrott i källarförråd",
    ),
    Issue(
        "Buskage skymmer sikten längs gångstråket till skolan.",
        "Buskage längs gångstråket till skolan i {area} röjs",
        PARK,
        "buskage längs skolvägen",
    ),
)
AREA_SITUATIONS = (
    "Lugnt sedan förra mötet. Polisen har haft ökad närvaro på kvällarna.",
    "Några anmälningar om skadegörelse på bilar på parkeringen; i övrigt lugnt.",
    "Fler unga ute sent under lovet, men inga allvarliga händelser.",
    "Bostadsbolaget rapporterar färre felanmälningar om belysning än i fjol.",
    "Oro bland boende efter händelser i grannområdet; frågor har kommit till bostadsbolagets "
    "kontor.",
    "Skolan rapporterar lugn skolstart och god närvaro.",
    "Nedskräpningen har minskat efter den gemensamma städdagen.",
    "Polisen ser fler anmälningar om bedrägerier mot äldre; informationen sprids via föreningarna.",
)
AREA_OTHER = (
    "Inga övriga frågor.",
    "Nästa trygghetsvandring planeras till våren.",
    "Sammankallande påminde om beredningsgruppens nätverksträff för trygghetsgrupperna.",
    "Inga övriga frågor.",
    "Bostadsbolaget informerade om renoveringen av en av gårdarna.",
)
AREA_FUTURE_ITEMS = (
    "Planering av trygghetsvandring",
    "Inför nyårshelgen: samordnad närvaro",
)

# --- SSPF: nothing about individuals ---------------------------------------------------------
SSPF_SITUATIONS = (
    "Gruppen delade en generell bild av läget bland unga i området. Inga nya mönster sedan "
    "förra mötet.",
    "Fler unga ute sent på helgerna sedan terminsstarten; fritid förstärker kvällsverksamheten.",
    "Skolan rapporterar god närvaro; fältsekreterarna möter fler unga vid centrum.",
    "Oro för att unga rekryteras till kriminalitet via sociala medier; gruppen följer läget.",
    "Lugnt läge. Lovaktiviteterna hade många besökare.",
)
SSPF_CASES_NOTE = (
    "Ärenden behandlades enligt SSPF-rutinen. Uppgifter om enskilda förs inte in i "
    "anteckningarna; de dokumenteras hos respektive verksamhet enligt gällande regler om "
    "sekretess."
)
SSPF_SUMMARY = "Mötet hölls enligt SSPF-rutinen."

# Invented names for substitutes (ersättare) in the attendance.
SUBSTITUTES = (
    "Kim Andersson",
    "Sanna Holmberg",
    "Jesper Lund",
    "Mira Eklund",
    "Tobias Nord",
    "Hanna Berglund",
)
