"""Reads for the organisation pages that span several models: the start page's key figures,
groups with member counts, "my groups", the chart's text alternative and the set-up checklist.

Every function takes the municipality the caller has already resolved for the user, so tenancy
is decided once, in the view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.organisation.access import sees_contact_details
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    Membership,
    MembershipRole,
    Organisation,
    Person,
    SetupAnswer,
)
from samverka.organisation.setup_questions import QUESTIONS, SECTIONS, SetupQuestion, SetupSection


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class KeyFigures:
    areas: int
    actors: int
    groups: int
    groups_by_kind: list[KindCount]
    people: int
    documents: int


def municipality_key_figures(*, municipality: Municipality) -> KeyFigures:
    """The counts on the start page; groups are split by kind in the order of ``GroupKind``."""
    per_kind = Counter(
        dict(
            Group.objects.filter(municipality=municipality)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .values_list("kind", "n")
        )
    )
    by_kind = [
        KindCount(kind=value, label=str(label), count=per_kind[value])
        for value, label in GroupKind.choices
        if per_kind[value]
    ]
    return KeyFigures(
        areas=Area.objects.filter(municipality=municipality).count(),
        actors=Organisation.objects.filter(municipality=municipality).count(),
        groups=sum(per_kind.values()),
        groups_by_kind=by_kind,
        people=Person.objects.filter(municipality=municipality).count(),
        documents=GoverningDocument.objects.filter(municipality=municipality).count(),
    )


def group_list_with_counts(
    *, municipality: Municipality, kind: str | None = None, area: Area | None = None
) -> QuerySet[Group]:
    """Groups with what the list shows, in one query: area, reports-to and the member count."""
    groups = (
        Group.objects.filter(municipality=municipality)
        .select_related("area", "reports_to")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )
    if kind:
        groups = groups.filter(kind=kind)
    if area is not None:
        groups = groups.filter(area=area)
    return groups


@dataclass
class KindSection:
    kind: str
    label: str
    groups: list[Group]


def groups_by_kind(groups: QuerySet[Group] | list[Group]) -> list[KindSection]:
    """Split a list of groups into sections in the order of ``GroupKind`` (steering first)."""
    sections = {value: KindSection(value, str(label), []) for value, label in GroupKind.choices}
    for group in groups:
        sections.setdefault(group.kind, KindSection(group.kind, group.kind, [])).groups.append(
            group
        )
    return [section for section in sections.values() if section.groups]


def groups_of_user(*, user: AnyUser, municipality: Municipality) -> list[Membership]:
    """The current user's memberships ("Mina grupper") through the person linked to the account."""
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(person__user=user, group__municipality=municipality)
        .select_related("group")
        .order_by("group__name")
    )


def public_contacts(*, municipality: Municipality) -> list[Person]:
    return list(
        Person.objects.filter(municipality=municipality, is_public_contact=True)
        .select_related("organisation")
        .order_by("name")
    )


@dataclass
class ChartNode:
    group: Group
    children: list[ChartNode] = field(default_factory=list)


def chart_tree(*, municipality: Municipality, today: date) -> list[ChartNode]:
    """The groups as a tree along "reports to": the text alternative of the organisation chart.

    Like the chart, it leaves out groups whose end date has passed. A group whose reports-to
    chain loops (the services prevent it, old data might not) is shown at the top level rather
    than lost; so is one that reports to an ended group.
    """
    groups = list(
        Group.objects.filter(municipality=municipality)
        .exclude(end_date__lt=today)
        .select_related("area", "appointed_by")
        .prefetch_related(Prefetch("coordinates", queryset=Group.objects.order_by("name")))
        .order_by("name")
    )
    nodes = {group.pk: ChartNode(group) for group in groups}
    roots: list[ChartNode] = []
    for group in groups:
        parent = nodes.get(group.reports_to_id) if group.reports_to_id else None
        if parent is None or _reaches(group.pk, group.reports_to_id, nodes):
            roots.append(nodes[group.pk])
        else:
            parent.children.append(nodes[group.pk])
    return roots


def _reaches(start: int, parent_id: int | None, nodes: dict[int, ChartNode]) -> bool:
    """True when following reports-to from ``parent_id`` comes back to ``start`` (a cycle)."""
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        if parent_id == start:
            return True
        seen.add(parent_id)
        node = nodes.get(parent_id)
        parent_id = node.group.reports_to_id if node else None
    return False


@dataclass
class RepresentedOrganisation:
    organisation: Organisation | None
    memberships: list[Membership]


def members_by_organisation(*, group: Group) -> list[RepresentedOrganisation]:
    """The group's members grouped by the organisation they represent, chair and convener first."""
    role_order = {value: index for index, value in enumerate(MembershipRole.values)}
    memberships = sorted(
        Membership.objects.filter(group=group).select_related(
            "person", "person__organisation", "organisation"
        ),
        key=lambda m: (role_order.get(m.role, 99), m.person.name),
    )
    groups: dict[int | None, RepresentedOrganisation] = {}
    for membership in memberships:
        key = membership.organisation_id
        if key not in groups:
            groups[key] = RepresentedOrganisation(membership.organisation, [])
        groups[key].memberships.append(membership)
    # Named organisations alphabetically, members who represent no organisation last.
    return sorted(
        groups.values(),
        key=lambda r: (r.organisation is None, r.organisation.name if r.organisation else ""),
    )


def contact_visibility(
    *, access: Access, group: Group, memberships: list[Membership]
) -> dict[int, bool]:
    """Per membership: may the one looking see that person's e-mail and phone?

    The rule is ``organisation.access.sees_contact_details``, answered for the whole member
    list in at most two queries.
    """
    if access.sees_internals(group.pk):
        # Coordinators see everything; a member of this group shares it with every member.
        return {membership.pk: True for membership in memberships}
    groups_of: dict[int, set[int]] = {}
    for person_id, group_id in Membership.objects.filter(
        person_id__in=[m.person_id for m in memberships], group_id__in=access.group_ids
    ).values_list("person_id", "group_id"):
        groups_of.setdefault(person_id, set()).add(group_id)
    return {
        m.pk: sees_contact_details(access, m.person, groups_of.get(m.person_id, set()))
        for m in memberships
    }


def group_leaders(*, group: Group) -> list[Membership]:
    """Chair and convener, from the memberships."""
    return list(
        Membership.objects.filter(
            group=group, role__in=[MembershipRole.CHAIR, MembershipRole.CONVENER]
        )
        .select_related("person")
        .order_by("role", "person__name")
    )


def group_detail_relations(*, group: Group) -> Group:
    """The group again, with everything its page shows next to it loaded in a few queries."""
    return (
        Group.objects.select_related("area", "reports_to", "appointed_by", "convening_organisation")
        .prefetch_related(
            Prefetch("coordinates", queryset=Group.objects.order_by("name")),
            Prefetch("reporting_groups", queryset=Group.objects.order_by("name")),
            Prefetch("appointed_groups", queryset=Group.objects.order_by("name")),
            Prefetch("coordinated_by", queryset=Group.objects.order_by("name")),
            "specialist_functions__coordinator",
        )
        .get(pk=group.pk)
    )


def is_past_end(group: Group, *, today: date) -> bool:
    """A working group is time-limited: flag it once its end date has passed."""
    return group.is_time_limited and group.end_date is not None and group.end_date < today


# --- Brå's set-up checklist ---------------------------------------------------------------


@dataclass
class ChecklistItem:
    question: SetupQuestion
    current: SetupAnswer | None

    @property
    def is_answered(self) -> bool:
        # A blank newest answer counts as unanswered, as in the health check.
        return self.current is not None and bool(self.current.answer.strip())


@dataclass
class ChecklistSection:
    section: SetupSection
    items: list[ChecklistItem]

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.is_answered)


@dataclass
class Checklist:
    sections: list[ChecklistSection]

    @property
    def total(self) -> int:
        return sum(len(section.items) for section in self.sections)

    @property
    def answered(self) -> int:
        return sum(section.answered for section in self.sections)


def current_setup_answers(*, municipality: Municipality) -> dict[str, SetupAnswer]:
    """The newest answer per question (older rows are history)."""
    current: dict[str, SetupAnswer] = {}
    rows = SetupAnswer.objects.filter(municipality=municipality).order_by(
        "question_key", "-answered_at", "-pk"
    )
    for row in rows:
        current.setdefault(row.question_key, row)
    return current


def setup_checklist(*, municipality: Municipality) -> Checklist:
    """Brå's sections in order, each question with its current answer."""
    current = current_setup_answers(municipality=municipality)
    return Checklist(
        sections=[
            ChecklistSection(
                section=section,
                items=[
                    ChecklistItem(question, current.get(question.key))
                    for question in QUESTIONS
                    if question.section == section.key
                ],
            )
            for section in SECTIONS
        ]
    )


def setup_answer_history(*, municipality: Municipality, question_key: str) -> list[SetupAnswer]:
    """All answers to one question, newest first; the first one is the current answer."""
    return list(
        SetupAnswer.objects.filter(municipality=municipality, question_key=question_key)
        .select_related("answered_by")
        .order_by("-answered_at", "-pk")
    )
