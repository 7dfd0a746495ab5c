"""The organisation health check: does the municipality's structure follow Brå's guidance?

Every rule here is drawn from Brå's fact sheet "Organisera lokalt brottsförebyggande arbete"
(2021), whose example is one large city district: someone must hold the decision mandate; every
group needs a chair or convener; a preparation group links the steering group's decisions to the
working groups, appoints them and follows them up; working groups are often time-limited; in the
example every sub-area has its own trygghetsgrupp and an SSPF group; governing documents are
followed up; the set-up questions are answered.

The check is written for any municipality, so each finding says what it rests on (``Basis``):
a requirement of lag (2023:196) om kommuners ansvar för brottsförebyggande arbete (only the
process app's rules: lägesbild and åtgärdsplan), Brå's guidance — quoted as guidance ("Brå
rekommenderar …") with the fact sheet as its ``source`` — or a fact of the municipality's own
data (a review date that has passed, groups reporting in a circle). Only a requirement may be an
error; guidance is at most a warning, and the example's ways of working (a trygghetsgrupp per
sub-area) are only information. No text names the example's district: a small town reads the
same advice as a big city.

Which groups count: a group whose end date has passed has ended. Ended groups are left out of
the structural rules (a finished working group needs no chair) and reported once, as
information, if they are working groups. A group whose start date lies ahead is planned: it
is checked like any other group (a planned steering group should get its chair before it
starts), but it does not yet give the municipality a decision mandate or a preparation link.
Cycles in "reports to" are checked over all groups, because the chain is broken whether or not
a group in it has ended.

Which areas count: only a municipality divided into at least two sub-areas hears about groups per
sub-area (one town with no sub-areas has nothing to divide). Only "leaf" areas are expected to
have their own trygghetsgrupp and SSPF group, because Brå's example places these groups in the
sub-areas (delområden), not in the district or the whole municipality. The municipality level
itself, and statistical or police geography (DeSO, RegSO, lokalpolisområde) are not areas of
the local organisation, so they are ignored when deciding what is a leaf: a primary area split
into DeSO areas is still a leaf.
A group for a wider area covers the areas within it, so a small municipality with one
trygghetsgrupp for the whole town gets no warning.

All data is read in five queries, whatever the size of the organisation.

Later apps add rules of their own without this module knowing them
(``samverka.core.extensions.register_health_rule``, e.g. the process app's "no decided
åtgärdsplan"): each registered check runs after the rules here, and its findings are sorted into
the same list — by severity, then rule (the organisation's rules first, then the registered ones
in registration order), then subject — for the page, the API and ``check_organisation`` alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind
from samverka.core.extensions import health_rules
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Mandate,
    Membership,
    MembershipRole,
    OrganisationMembership,
    SetupAnswer,
)
from samverka.organisation.setup_questions import QUESTIONS


class Basis(StrEnum):
    """What a finding rests on: the law, Brå's guidance, or the municipality's own data."""

    LAW = "law"
    GUIDANCE = "guidance"
    FACT = "fact"

    @property
    def label(self) -> str:
        return {
            Basis.LAW: _("Krav i lag"),
            Basis.GUIDANCE: _("Brås råd"),
            Basis.FACT: _("Iakttagelse"),
        }[self]


# The source quoted by every guidance finding of this module.
BRA_FACTSHEET = gettext_lazy(
    "Brå, faktabladet ”Organisera lokalt brottsförebyggande arbete” (2021)"
)
# The law the process app's requirements rest on.
LAW_2023_196 = gettext_lazy("Lag (2023:196) om kommuners ansvar för brottsförebyggande arbete")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {
            Severity.ERROR: _("Fel"),
            Severity.WARNING: _("Varning"),
            Severity.INFO: _("Information"),
        }[self]


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    title: str
    explanation: str
    subject_kind: str  # group / area / document / question / municipality, or a later app's
    subject_id: int | str | None
    subject_name: str
    # A path on this site for a subject the organisation does not know (a registered rule's
    # measure, say); the organisation's own subjects are linked by their kind and id.
    url: str = ""
    basis: Basis = Basis.FACT
    # The publication or law a guidance finding or a requirement quotes ("" for a fact).
    source: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: str | Promise


# The order here is the order findings of the same severity are listed in.
RULES: tuple[Rule, ...] = (
    Rule(
        "no_deciding_group",
        Severity.WARNING,
        gettext_lazy("Det finns ingen grupp med beslutsmandat (styrgrupp eller beslutande råd)."),
    ),
    Rule(
        "reports_to_cycle",
        Severity.WARNING,
        gettext_lazy("Grupper rapporterar till varandra i en cirkel."),
    ),
    Rule(
        "no_preparation_link",
        Severity.WARNING,
        gettext_lazy(
            "Det finns arbetsgrupper, trygghetsgrupper eller SSPF-grupper men ingen "
            "beredningsgrupp som rapporterar till en beslutande grupp."
        ),
    ),
    Rule(
        "deciding_group_without_chair",
        Severity.WARNING,
        gettext_lazy("En beslutande grupp saknar ordförande eller sammankallande."),
    ),
    Rule(
        "group_without_chair",
        Severity.WARNING,
        gettext_lazy("En grupp saknar ordförande eller sammankallande."),
    ),
    Rule(
        "working_group_not_appointed",
        Severity.WARNING,
        gettext_lazy("En arbetsgrupp är inte tillsatt av en beredningsgrupp."),
    ),
    Rule(
        "working_group_not_reporting",
        Severity.WARNING,
        gettext_lazy("En arbetsgrupp rapporterar inte till en beredningsgrupp."),
    ),
    Rule(
        "working_group_without_end_date",
        Severity.WARNING,
        gettext_lazy("En arbetsgrupp saknar slutdatum."),
    ),
    Rule(
        "area_without_safety_group",
        Severity.INFO,
        gettext_lazy(
            "Ett delområde saknar trygghetsgrupp (som i Brås exempel; bara i en kommun med "
            "delområden)."
        ),
    ),
    Rule(
        "area_without_sspf",
        Severity.INFO,
        gettext_lazy(
            "Ett delområde saknar SSPF-grupp (som i Brås exempel; bara i en kommun med delområden)."
        ),
    ),
    Rule(
        "document_review_overdue",
        Severity.WARNING,
        gettext_lazy("Ett styrande dokument har passerat datumet för nästa översyn."),
    ),
    Rule(
        "unanswered_setup_questions",
        Severity.WARNING,
        gettext_lazy("Brås uppstartsfrågor är inte alla besvarade."),
    ),
    Rule(
        "document_without_review_date",
        Severity.INFO,
        gettext_lazy("Ett gällande styrande dokument saknar datum för nästa översyn."),
    ),
    Rule(
        "working_group_ended",
        Severity.INFO,
        gettext_lazy("En arbetsgrupp har passerat sitt slutdatum."),
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}

# Groups that carry out work locally and need the preparation group as their link upwards.
OPERATIONAL_KINDS = frozenset({GroupKind.WORKING, GroupKind.AREA_SAFETY, GroupKind.SSPF})
# Areas that are not part of the local organisation's geography (see the module docstring).
NON_ORGANISATIONAL_AREA_KINDS = frozenset(
    {AreaKind.MUNICIPALITY, AreaKind.DESO, AreaKind.REGSO, AreaKind.LOCAL_POLICE_AREA}
)


def run_health_check(municipality: Municipality, *, today: date | None = None) -> list[Finding]:
    """Check the municipality's organisation against Brå's guidance; errors come first."""
    today = today or timezone.localdate()
    groups = list(Group.objects.filter(municipality=municipality).order_by("name", "pk"))
    # A group is led by a person chairing or convening it, or by an actor convening it without a
    # named person (an organisation's membership, as the organisation file allows): one query.
    leading = [
        memberships.filter(
            group__municipality=municipality,
            role__in=[MembershipRole.CHAIR, MembershipRole.CONVENER],
        )
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .order_by()  # a compound query takes no ORDER BY in its parts
        .values_list("group_id", flat=True)
        for memberships in (Membership.objects, OrganisationMembership.objects)
    ]
    led_group_ids = set(leading[0].union(leading[1]))
    areas = list(Area.objects.filter(municipality=municipality).order_by("name", "pk"))
    documents = list(
        GoverningDocument.objects.filter(municipality=municipality).order_by("title", "pk")
    )
    answers = (
        SetupAnswer.objects.filter(municipality=municipality)
        .order_by("question_key", "-answered_at", "-pk")
        .values_list("question_key", "answer")
    )

    active = [group for group in groups if not _has_ended(group, today)]
    in_force = [group for group in active if not _is_planned(group, today)]
    findings: list[Finding] = []
    findings += _check_decision_mandate(municipality, in_force)
    findings += _check_cycles(groups)
    findings += _check_preparation_link(municipality, in_force)
    findings += _check_chairs(active, led_group_ids)
    findings += _check_working_groups(groups, active, today)
    findings += _check_areas(areas, active)
    findings += _check_documents(documents, today)
    findings += _check_setup_questions(answers)
    for registered in health_rules():
        findings += registered.check(municipality, today)
    # Red is kept for what the law requires: guidance and facts are at most a warning.
    findings = [
        replace(f, severity=Severity.WARNING)
        if f.severity == Severity.ERROR and f.basis != Basis.LAW
        else f
        for f in findings
    ]
    order = _rule_order()
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER[f.severity],
            order.get(f.rule, len(order)),
            f.rule,
            f.subject_name.lower(),
        ),
    )


def all_rules() -> list[Rule]:
    """The organisation's rules, then those the later apps register with their checks."""
    return [*RULES, *(rule for registered in health_rules() for rule in registered.rules)]


def _rule_order() -> dict[str, int]:
    order: dict[str, int] = {}
    for rule in all_rules():
        order.setdefault(rule.code, len(order))
    return order


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity == Severity.ERROR for finding in findings)


def _finding(
    rule: str,
    title: str,
    explanation: str,
    subject_kind: str,
    subject_id: int | str | None,
    subject_name: str,
    *,
    severity: Severity | None = None,
    basis: Basis = Basis.GUIDANCE,
) -> Finding:
    """A finding of this module: Brå's guidance (quoting the fact sheet) unless told it is a
    fact of the municipality's own data."""
    return Finding(
        rule=rule,
        severity=severity or RULES_BY_CODE[rule].severity,
        title=title,
        explanation=explanation,
        subject_kind=subject_kind,
        subject_id=subject_id,
        subject_name=subject_name,
        basis=basis,
        source=str(BRA_FACTSHEET) if basis == Basis.GUIDANCE else "",
    )


def _has_ended(group: Group, today: date) -> bool:
    return group.end_date is not None and group.end_date < today


def _is_planned(group: Group, today: date) -> bool:
    return group.start_date is not None and group.start_date > today


def _is_preparing(group: Group | None) -> bool:
    return group is not None and group.mandate == Mandate.PREPARES


def _check_decision_mandate(municipality: Municipality, in_force: list[Group]) -> list[Finding]:
    if any(group.may_decide for group in in_force):
        return []
    return [
        _finding(
            "no_deciding_group",
            _("Ingen grupp har beslutsmandat"),
            _(
                "Brå rekommenderar att någon har beslutsmandatet – ett brottsförebyggande "
                "råd, en styrgrupp eller en chefsgrupp – som förankrar arbetet, ger mandat och "
                "ser till att åtaganden genomförs. Utan en beslutande grupp stannar förslagen "
                "utan beslut. Ge den grupp som beslutar hos er (rådet, styrgruppen eller "
                "kommunens ledningsgrupp) mandatet ”Beslutar”."
            ),
            "municipality",
            municipality.pk,
            municipality.name,
        )
    ]


def _check_cycles(groups: list[Group]) -> list[Finding]:
    """Each group reports to at most one group, so every cycle is found by walking upwards."""
    by_id = {group.pk: group for group in groups}
    state: dict[int, int] = {}  # 1 = on the current walk, 2 = done
    findings = []
    for start in groups:
        path: list[int] = []
        node: int | None = start.pk
        while node is not None and node in by_id and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = by_id[node].reports_to_id
        if node is not None and state.get(node) == 1:
            cycle = [by_id[pk] for pk in path[path.index(node) :]]
            # Name the cycle from its alphabetically first group so the text is stable.
            first = min(range(len(cycle)), key=lambda i: (cycle[i].name.lower(), cycle[i].pk))
            cycle = cycle[first:] + cycle[:first]
            chain = " → ".join(group.name for group in [*cycle, cycle[0]])
            findings.append(
                _finding(
                    "reports_to_cycle",
                    _("Rapporteringen går i cirkel"),
                    _(
                        "%(chain)s. Rapporteringen ska gå uppåt till den grupp som beslutar; "
                        "i en cirkel når information och förslag aldrig beslutsfattarna. "
                        "Ändra ”rapporterar till” för någon av grupperna."
                    )
                    % {"chain": chain},
                    "group",
                    cycle[0].pk,
                    cycle[0].name,
                    basis=Basis.FACT,
                )
            )
        for pk in path:
            state[pk] = 2
    return findings


def _check_preparation_link(municipality: Municipality, in_force: list[Group]) -> list[Finding]:
    if not any(group.kind in OPERATIONAL_KINDS for group in in_force):
        return []
    by_id = {group.pk: group for group in in_force}
    for group in in_force:
        upper = by_id.get(group.reports_to_id) if group.reports_to_id else None
        if _is_preparing(group) and upper is not None and upper.may_decide:
            return []
    return [
        _finding(
            "no_preparation_link",
            _("Ingen beredningsgrupp länkar styrgruppen och arbetsgrupperna"),
            _(
                "Brå rekommenderar en beredande grupp som länk mellan den beslutande "
                "gruppens beslut och gruppernas utförande: den planerar, följer upp, föreslår "
                "insatser och tillsätter arbetsgrupperna. I en mindre kommun kan det vara "
                "samordnaren och kommunpolisen tillsammans, eller det lokala "
                "brottsförebyggande rådet. Ge en grupp mandatet ”Bereder och föreslår” och låt "
                "den rapportera till den grupp som beslutar."
            ),
            "municipality",
            municipality.pk,
            municipality.name,
        )
    ]


def _check_chairs(active: list[Group], led_group_ids: set[int]) -> list[Finding]:
    findings = []
    for group in active:
        if group.pk in led_group_ids or group.convening_organisation_id is not None:
            continue
        if group.may_decide:
            findings.append(
                _finding(
                    "deciding_group_without_chair",
                    _("Beslutande grupp saknar ordförande eller sammankallande"),
                    _(
                        "Brå rekommenderar att ni bestämmer vem som är ordförande respektive "
                        "sammankallande. En grupp som fattar beslut behöver någon som leder "
                        "mötena och ansvarar för besluten. Lägg till en medlem med rollen "
                        "ordförande eller sammankallande, eller ange en sammankallande aktör."
                    ),
                    "group",
                    group.pk,
                    group.name,
                )
            )
        else:
            findings.append(
                _finding(
                    "group_without_chair",
                    _("Grupp saknar ordförande eller sammankallande"),
                    _(
                        "Brå rekommenderar att ni bestämmer vem som är ordförande respektive "
                        "sammankallande. Utan det blir det oklart vem som kallar till möten och "
                        "driver arbetet. Lägg till en medlem med rollen ordförande eller "
                        "sammankallande, eller ange en sammankallande aktör (till exempel den "
                        "förvaltning som kallar till gruppen)."
                    ),
                    "group",
                    group.pk,
                    group.name,
                )
            )
    return findings


def _check_working_groups(groups: list[Group], active: list[Group], today: date) -> list[Finding]:
    by_id = {group.pk: group for group in groups}
    findings = []
    for group in active:
        if group.kind != GroupKind.WORKING:
            continue
        if not _is_preparing(by_id.get(group.appointed_by_id or 0)):
            findings.append(
                _finding(
                    "working_group_not_appointed",
                    _("Arbetsgruppen är inte tillsatt av beredningsgruppen"),
                    _(
                        "Brå rekommenderar att beredningsgruppen tillsätter arbetsgrupperna, så "
                        "att de sätts samman utifrån det som har beslutats. Ange "
                        "beredningsgruppen som ”tillsatt av”."
                    ),
                    "group",
                    group.pk,
                    group.name,
                )
            )
        if not _is_preparing(by_id.get(group.reports_to_id or 0)):
            findings.append(
                _finding(
                    "working_group_not_reporting",
                    _("Arbetsgruppen rapporterar inte till beredningsgruppen"),
                    _(
                        "Brå rekommenderar att beredningsgruppen följer upp arbetet och är "
                        "länken till den beslutande gruppen. En arbetsgrupp som rapporterar "
                        "någon annanstans – eller inte alls – hamnar utanför uppföljningen. "
                        "Ange beredningsgruppen som ”rapporterar till”."
                    ),
                    "group",
                    group.pk,
                    group.name,
                )
            )
        if group.end_date is None:
            findings.append(
                _finding(
                    "working_group_without_end_date",
                    _("Arbetsgruppen saknar slutdatum"),
                    _(
                        "Brå beskriver arbetsgrupper som sätts samman utifrån vad som ska göras "
                        "och ofta är tidsbegränsade. Ett slutdatum gör att uppdraget följs upp "
                        "och avslutas i stället för att leva kvar. Ange när uppdraget ska vara "
                        "klart."
                    ),
                    "group",
                    group.pk,
                    group.name,
                )
            )
    for group in groups:
        if group.kind == GroupKind.WORKING and _has_ended(group, today):
            assert group.end_date is not None
            findings.append(
                _finding(
                    "working_group_ended",
                    _("Arbetsgruppens uppdrag har gått ut"),
                    _(
                        "Slutdatumet %(date)s har passerat. Följ upp vad gruppen har uppnått och "
                        "ta vara på lärdomarna, och förläng sedan uppdraget eller låt gruppen "
                        "vara avslutad."
                    )
                    % {"date": date_format(group.end_date, "j F Y")},
                    "group",
                    group.pk,
                    group.name,
                    basis=Basis.FACT,
                )
            )
    return findings


def _check_areas(areas: list[Area], active: list[Group]) -> list[Finding]:
    by_id = {area.pk: area for area in areas}

    def organisational(area_id: int | None) -> int | None:
        """The nearest area at or above this one that belongs to the local organisation."""
        seen: set[int] = set()
        while area_id is not None and area_id in by_id and area_id not in seen:
            seen.add(area_id)
            area = by_id[area_id]
            if area.kind not in NON_ORGANISATIONAL_AREA_KINDS:
                return area_id
            area_id = area.parent_id
        return None

    def self_and_ancestors(area_id: int) -> set[int]:
        chain: set[int] = set()
        node: int | None = area_id
        while node is not None and node in by_id and node not in chain:
            chain.add(node)
            node = by_id[node].parent_id
        return chain

    candidates = [area for area in areas if area.kind not in NON_ORGANISATIONAL_AREA_KINDS]
    parents_of_candidates = {organisational(area.parent_id) for area in candidates}
    leaves = [area for area in candidates if area.pk not in parents_of_candidates]
    if len(leaves) < 2:
        # No sub-areas (one town, or none registered): there is nothing to divide groups by.
        return []

    # Groups without an area, or on the municipality level, cover the whole municipality.
    covered: dict[str, set[int | None]] = {GroupKind.AREA_SAFETY: set(), GroupKind.SSPF: set()}
    for group in active:
        if group.kind in covered:
            covered[group.kind].add(organisational(group.area_id))

    findings = []
    for area in leaves:
        reach = self_and_ancestors(area.pk) | {None}
        if not covered[GroupKind.AREA_SAFETY] & reach:
            findings.append(
                _finding(
                    "area_without_safety_group",
                    _("Området saknar trygghetsgrupp"),
                    _(
                        "I Brås exempel har delområdena egna trygghetsgrupper där förvaltningen, "
                        "bostadsbolag, skolan och polisen möts om tryggheten i området. Passar "
                        "det er, skapa en trygghetsgrupp för området eller en för ett större "
                        "område som det ingår i."
                    ),
                    "area",
                    area.pk,
                    area.name,
                )
            )
        if not covered[GroupKind.SSPF] & reach:
            findings.append(
                _finding(
                    "area_without_sspf",
                    _("Området saknar SSPF-grupp"),
                    _(
                        "I Brås exempel finns SSPF (skola, socialtjänst, polis och fritid) i "
                        "alla områden, så att oro kring grupper eller enskilda ungdomar kan "
                        "lyftas tidigt. Passar det er, skapa en SSPF-grupp för området eller en "
                        "för ett större område som det ingår i."
                    ),
                    "area",
                    area.pk,
                    area.name,
                )
            )
    return findings


def _check_documents(documents: list[GoverningDocument], today: date) -> list[Finding]:
    findings = []
    for document in documents:
        if document.valid_until is not None and document.valid_until < today:
            continue  # historic: it no longer governs anything
        if document.next_review is None:
            findings.append(
                _finding(
                    "document_without_review_date",
                    _("Dokumentet saknar datum för översyn"),
                    _(
                        "Brå rekommenderar att ni bestämmer hur de styrande dokumenten följs "
                        "upp. Ett datum för nästa översyn gör att dokumentet hålls aktuellt. "
                        "Ange ”nästa översyn”."
                    ),
                    "document",
                    document.pk,
                    document.title,
                )
            )
        elif document.next_review < today:
            findings.append(
                _finding(
                    "document_review_overdue",
                    _("Dokumentet skulle ha setts över"),
                    _(
                        "Nästa översyn var planerad till %(date)s. Se över dokumentet så att "
                        "det visar hur aktörerna samverkar i dag, och ange ett nytt datum."
                    )
                    % {"date": date_format(document.next_review, "j F Y")},
                    "document",
                    document.pk,
                    document.title,
                    basis=Basis.FACT,
                )
            )
    return findings


def _check_setup_questions(answers: Iterable[tuple[str, str]]) -> list[Finding]:
    """``answers`` come newest first per question: the newest is current, and a blank newest
    answer (someone cleared it) counts as unanswered."""
    current: dict[str, str] = {}
    for key, text in answers:
        current.setdefault(key, text)
    missing = [q for q in QUESTIONS if not current.get(q.key, "").strip()]
    if not missing:
        return []
    listing = "\n".join(f"– {question.text}" for question in missing)
    return [
        _finding(
            "unanswered_setup_questions",
            ngettext(
                "%(count)d av Brås uppstartsfrågor är obesvarad",
                "%(count)d av Brås uppstartsfrågor är obesvarade",
                len(missing),
            )
            % {"count": len(missing)},
            _(
                "Brå rekommenderar att kommunen tar ställning till de här frågorna när arbetet "
                "organiseras – om syfte och mål, styrande dokument, beslutsmandat och "
                "uppföljning. Obesvarade frågor (%(count)d av %(total)d):\n%(listing)s"
            )
            % {"count": len(missing), "total": len(QUESTIONS), "listing": listing},
            "question",
            None,
            _("Uppstartsfrågor"),
        )
    ]
