"""Agendas: the group's standing agenda copied into each meeting, items added by the officers,
items suggested by members and accepted or declined by the officers."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.core.validators import SINGLE_LINE_MESSAGE, has_control_characters
from samverka.meetings.models import (
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AgendaTemplateItem,
    Meeting,
)
from samverka.meetings.services._common import (
    require_manager,
    require_member,
    require_not_cancelled,
    require_unlocked,
)
from samverka.organisation.models import GoverningDocument, Group, GroupKind

# The standing agendas a group starts with until its officers change them. The beredningsgrupp's
# follows the fact sheet: lägesbild, proposals to the steering group, follow-up, working groups.
_OPENING = (gettext_lazy("Mötets öppnande och val av justerare"), AgendaItemKind.PLAIN)
_CLOSING = (gettext_lazy("Övriga frågor"), AgendaItemKind.PLAIN)
DEFAULT_TEMPLATES: dict[str, list[tuple[object, str]]] = {
    GroupKind.PREPARATION: [
        _OPENING,
        (gettext_lazy("Senaste lägesbilden"), AgendaItemKind.SITUATION),
        (gettext_lazy("Förslag till styrgruppen"), AgendaItemKind.PLAIN),
        (gettext_lazy("Uppföljning av åtaganden"), AgendaItemKind.COMMITMENTS),
        (gettext_lazy("Rapporter från arbetsgrupperna"), AgendaItemKind.REPORTS),
        _CLOSING,
    ],
    GroupKind.STEERING: [
        _OPENING,
        (gettext_lazy("Lägesbild"), AgendaItemKind.SITUATION),
        (gettext_lazy("Förslag för beslut"), AgendaItemKind.PROPOSALS),
        (gettext_lazy("Uppföljning av åtaganden"), AgendaItemKind.COMMITMENTS),
        _CLOSING,
    ],
}
DEFAULT_TEMPLATE = [
    _OPENING,
    (gettext_lazy("Uppföljning av åtaganden"), AgendaItemKind.COMMITMENTS),
    _CLOSING,
]


def agenda_template_for(group: Group) -> list[tuple[str, str]]:
    """The group's standing agenda as (title, kind): its own, or the default for its kind."""
    own = list(AgendaTemplateItem.objects.filter(group=group).values_list("title", "kind"))
    if own:
        return own
    if group.may_decide and group.kind not in DEFAULT_TEMPLATES:
        return [(str(t), k) for t, k in DEFAULT_TEMPLATES[GroupKind.STEERING]]
    return [(str(t), k) for t, k in DEFAULT_TEMPLATES.get(group.kind, DEFAULT_TEMPLATE)]


@transaction.atomic
def agenda_template_set(
    *, group: Group, items: Sequence[tuple[str, str]], user: AnyUser | None
) -> None:
    """Replace the group's standing agenda; later meetings start from it."""
    require_manager(user, group)
    errors = []
    for number, (title, kind) in enumerate(items, start=1):
        if not title.strip():
            errors.append(_("Punkt %(n)s saknar rubrik.") % {"n": number})
        if kind not in AgendaItemKind.values:
            errors.append(_("Punkt %(n)s har en okänd typ.") % {"n": number})
    if errors:
        raise ValidationError(errors)
    AgendaTemplateItem.objects.filter(group=group).delete()
    AgendaTemplateItem.objects.bulk_create(
        AgendaTemplateItem(group=group, position=n, title=title.strip()[:200], kind=kind)
        for n, (title, kind) in enumerate(items)
    )
    audit(
        municipality=group.municipality,
        user=user,
        action="agenda_template_set",
        obj=group,
        summary=f"{group.name}: {len(items)} stående punkter",
    )


def agenda_build(meeting: Meeting) -> None:
    """Give a new meeting the group's standing agenda (acute meetings get a short one)."""
    if meeting.is_acute:
        template: list[tuple[str, str]] = [
            (str(_("Vad har hänt? Polisens och kommunens bild")), AgendaItemKind.PLAIN),
            (str(_("Åtgärder de närmaste dygnen")), AgendaItemKind.PLAIN),
            (str(_("Kommunikation till invånare och medarbetare")), AgendaItemKind.PLAIN),
        ]
    else:
        template = agenda_template_for(meeting.group)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n * 10, title=title, kind=kind)
        for n, (title, kind) in enumerate(template)
    )


def _next_position(meeting: Meeting, parent: AgendaItem | None) -> int:
    top = AgendaItem.objects.filter(meeting=meeting, parent=parent).aggregate(Max("position"))
    return (top["position__max"] or 0) + 10


def _check_parent(meeting: Meeting, parent: AgendaItem | None) -> None:
    if parent is None:
        return
    if parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": _("Punkten hör till ett annat möte.")})
    if parent.parent_id is not None:
        raise ValidationError({"parent": _("En underpunkt kan inte ha egna underpunkter.")})


def _check_document(meeting: Meeting, document: GoverningDocument | None) -> None:
    if document is not None and document.municipality_id != meeting.municipality_id:
        raise ValidationError({"document": _("Valet finns inte i den här kommunen.")})


def _clean_title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Ange en rubrik för punkten.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Rubriken får vara högst 200 tecken.")})
    if has_control_characters(title):
        raise ValidationError({"title": SINGLE_LINE_MESSAGE})
    return title


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    user: AnyUser | None,
    description: str = "",
    parent: AgendaItem | None = None,
    document: GoverningDocument | None = None,
    kind: str = AgendaItemKind.PLAIN,
) -> AgendaItem:
    require_manager(user, meeting.group)
    require_not_cancelled(meeting)
    require_unlocked(meeting)
    _check_parent(meeting, parent)
    _check_document(meeting, document)
    if kind not in AgendaItemKind.values:
        raise ValidationError({"kind": _("Okänd typ av punkt.")})
    item = AgendaItem.objects.create(
        meeting=meeting,
        parent=parent,
        position=_next_position(meeting, parent),
        title=_clean_title(title),
        description=description.strip(),
        document=document,
        kind=kind,
    )
    audit(municipality=meeting.municipality, user=user, action="agenda_item_added", obj=item)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    user: AnyUser | None,
    title: str,
    description: str = "",
    document: GoverningDocument | None = None,
) -> AgendaItem:
    meeting = item.meeting
    require_manager(user, meeting.group)
    require_unlocked(meeting)
    _check_document(meeting, document)
    item.title = _clean_title(title)
    item.description = description.strip()
    item.document = document
    item.save()
    audit(municipality=meeting.municipality, user=user, action="agenda_item_updated", obj=item)
    return item


@transaction.atomic
def agenda_item_suggest(
    *, meeting: Meeting, title: str, user: AnyUser | None, description: str = ""
) -> AgendaItem:
    """A member suggests an item; it waits for the convener to accept it."""
    require_member(user, meeting.group)
    require_not_cancelled(meeting)
    require_unlocked(meeting)
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=_next_position(meeting, None),
        title=_clean_title(title),
        description=description.strip(),
        status=AgendaItemStatus.SUGGESTED,
        suggested_by=user if user is not None and user.is_authenticated else None,
    )
    audit(municipality=meeting.municipality, user=user, action="agenda_item_suggested", obj=item)
    return item


def _decide_suggestion(item: AgendaItem, user: AnyUser | None, status: str, action: str) -> None:
    require_manager(user, item.meeting.group)
    require_unlocked(item.meeting)
    if item.status != AgendaItemStatus.SUGGESTED:
        raise ValidationError(_("Punkten är inte ett förslag som väntar på beslut."))
    item.status = status
    item.save(update_fields=["status"])
    audit(municipality=item.meeting.municipality, user=user, action=action, obj=item)


@transaction.atomic
def agenda_item_accept(*, item: AgendaItem, user: AnyUser | None) -> AgendaItem:
    _decide_suggestion(item, user, AgendaItemStatus.ACCEPTED, "agenda_item_accepted")
    return item


@transaction.atomic
def agenda_item_decline(*, item: AgendaItem, user: AnyUser | None) -> AgendaItem:
    _decide_suggestion(item, user, AgendaItemStatus.DECLINED, "agenda_item_declined")
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, user: AnyUser | None, up: bool) -> None:
    """Swap the item with its neighbour above or below (among its siblings)."""
    require_manager(user, item.meeting.group)
    require_unlocked(item.meeting)
    siblings = list(
        AgendaItem.objects.filter(meeting=item.meeting, parent=item.parent_id).order_by(
            "position", "pk"
        )
    )
    index = next(i for i, s in enumerate(siblings) if s.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for n, sibling in enumerate(siblings):
        if sibling.position != (n + 1) * 10:
            sibling.position = (n + 1) * 10
            sibling.save(update_fields=["position"])


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user: AnyUser | None) -> None:
    meeting = item.meeting
    require_manager(user, meeting.group)
    require_unlocked(meeting)
    if item.decisions.exists():
        raise ValidationError(_("Punkten har beslut och kan inte tas bort."))
    audit(municipality=meeting.municipality, user=user, action="agenda_item_deleted", obj=item)
    item.delete()
