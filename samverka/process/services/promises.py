"""Writes of the medborgarlöfte life cycle and of the dialogues behind it.

Input from citizen and staff dialogues → the promise with its goals and activities → signed by
every party of its governing document → a public progress page → renewal for the next period.

Rules kept here (pages, API and commands all come through these functions):

- Only planners write (the coordinators and the beredningsgrupp, ``access.require_planner``).
- A promise is a ``GoverningDocument`` of kind medborgarlöfte plus its public side: creating a
  promise creates the document, or links an existing medborgarlöfte document without a promise.
- Signing: each party of the document signs once (name and date); when every party has signed
  the promise is SIGNED. A promise without parties or without activities cannot be signed.
- A signed promise's text is frozen: its title, area, period, public text and the activities'
  titles and texts can no longer be changed (whether it is shown publicly and an activity's own
  progress can: that is the follow-up).
- Renewal copies the goals and activities into the next period's promise and document; the old
  promise becomes RENEWED and stays readable, linked both ways (``previous`` / ``renewal``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samverka.accounts.access import Access
from samverka.accounts.audit import audit, changes_between
from samverka.areas.models import Area
from samverka.organisation.models import DocumentKind, GoverningDocument, Organisation
from samverka.process.access import require_planner
from samverka.process.models import (
    CitizenPromise,
    DialogueKind,
    DialogueNote,
    Goal,
    Measure,
    PromiseActivity,
    PromiseSignature,
    PromiseStatus,
)

FROZEN_FIELDS = ("title", "area", "period_start", "period_end", "public_text")
MAX_TEXT = 20_000


def _user(access: Access) -> Any:
    return access.user if access.user is not None and access.user.is_authenticated else None


def _check_area(access: Access, area: Area | None) -> None:
    if area is not None and area.municipality_id != access.municipality.pk:
        raise ValidationError({"area": _("Området hör inte till kommunen.")})


def _check_text(name: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        raise ValidationError({name: _("Texten får vara högst 20 000 tecken.")})


# --- Dialogues ---------------------------------------------------------------------------------


DIALOGUE_FIELDS = ("kind", "title", "held_on", "area", "participants", "summary", "promise")


def _check_dialogue(access: Access, values: dict[str, Any]) -> None:
    if values.get("kind") not in DialogueKind.values:
        raise ValidationError({"kind": _("Välj en typ av dialog.")})
    if not str(values.get("title") or "").strip():
        raise ValidationError({"title": _("Ge dialogen en rubrik.")})
    if not str(values.get("summary") or "").strip():
        raise ValidationError({"summary": _("Skriv vad som kom fram.")})
    _check_text("summary", values["summary"])
    _check_area(access, values.get("area"))
    promise = values.get("promise")
    if promise is not None and promise.municipality_id != access.municipality.pk:
        raise ValidationError({"promise": _("Medborgarlöftet hör inte till kommunen.")})


@transaction.atomic
def dialogue_create(
    *,
    access: Access,
    kind: str,
    title: str,
    held_on: date,
    summary: str,
    area: Area | None = None,
    participants: int | None = None,
    promise: CitizenPromise | None = None,
    is_example: bool = False,
) -> DialogueNote:
    """Record the notes of one dialogue (or survey or safety walk)."""
    require_planner(access)
    values = {
        "kind": kind,
        "title": title.strip(),
        "held_on": held_on,
        "area": area,
        "participants": participants,
        "summary": summary.strip(),
        "promise": promise,
    }
    _check_dialogue(access, values)
    dialogue = DialogueNote.objects.create(
        municipality=access.municipality, created_by=_user(access), is_example=is_example, **values
    )
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.dialogue_create",
        obj=dialogue,
        summary=dialogue.title,
    )
    return dialogue


@transaction.atomic
def dialogue_update(*, access: Access, dialogue: DialogueNote, **values: Any) -> DialogueNote:
    """Change a dialogue's notes (any of ``DIALOGUE_FIELDS``)."""
    require_planner(access)
    unknown = set(values) - set(DIALOGUE_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = {f: getattr(dialogue, f) for f in DIALOGUE_FIELDS}
    after = {**before, **values}
    after["title"] = str(after["title"]).strip()
    after["summary"] = str(after["summary"]).strip()
    _check_dialogue(access, after)
    for name, value in after.items():
        setattr(dialogue, name, value)
    dialogue.save()
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.dialogue_update",
        obj=dialogue,
        summary=dialogue.title,
        changes=changes_between(
            {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
        ),
    )
    return dialogue


# --- Promises ----------------------------------------------------------------------------------


def _unique_slug(access: Access, base: str, *, exclude: int | None = None) -> str:
    excluded = {} if exclude is None else {"pk": exclude}
    stem = (slugify(base) or "medborgarlofte")[:70].strip("-") or "medborgarlofte"
    taken = set(
        CitizenPromise.objects.filter(municipality=access.municipality)
        .exclude(**excluded)
        .values_list("public_slug", flat=True)
    )
    slug, n = stem, 2
    while slug in taken:
        slug = f"{stem}-{n}"
        n += 1
    return slug


def _clean_slug(access: Access, slug: str, *, exclude: int | None = None) -> str:
    """The slug as an address (lower case, a–z, digits, hyphens); refused when taken."""
    slug = slugify(slug)[:80].strip("-_")
    if not slug:
        return ""
    clash = (
        CitizenPromise.objects.filter(municipality=access.municipality, public_slug=slug)
        .exclude(**({} if exclude is None else {"pk": exclude}))
        .exists()
    )
    if clash:
        raise ValidationError({"public_slug": _("Adressen används redan av ett annat löfte.")})
    return slug


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("Löftet kan inte sluta innan det börjar.")})


def _check_parties(access: Access, parties: Iterable[Organisation]) -> list[Organisation]:
    parties = list(parties)
    if any(p.municipality_id != access.municipality.pk for p in parties):
        raise ValidationError({"parties": _("Parterna måste vara aktörer i kommunen.")})
    return parties


@transaction.atomic
def promise_create(
    *,
    access: Access,
    title: str,
    period_start: date,
    period_end: date,
    area: Area | None = None,
    public_text: str = "",
    is_public: bool = False,
    public_slug: str = "",
    parties: Iterable[Organisation] = (),
    goals: str = "",
    document: GoverningDocument | None = None,
    is_example: bool = False,
) -> CitizenPromise:
    """Create a medborgarlöfte and its governing document (kind medborgarlöfte) — or link an
    existing medborgarlöfte document of the municipality that has no promise yet.

    ``parties`` and ``goals`` (one goal per line, promoted to goal rows on the goals page) go on
    a new document; a linked document keeps its own."""
    require_planner(access)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Ge löftet en rubrik.")})
    _check_period(period_start, period_end)
    _check_area(access, area)
    _check_text("public_text", public_text)
    _check_text("goals", goals)
    public_slug = _clean_slug(access, public_slug)
    party_list = _check_parties(access, parties)
    if document is None:
        if GoverningDocument.objects.filter(municipality=access.municipality, title=title).exists():
            raise ValidationError(
                {"title": _("Det finns redan ett styrande dokument med den rubriken.")}
            )
        document = GoverningDocument.objects.create(
            municipality=access.municipality,
            title=title,
            kind=DocumentKind.CITIZEN_PROMISE,
            area=area,
            goals=goals.strip(),
            summary=public_text.strip(),
            valid_from=period_start,
            valid_until=period_end,
        )
        document.parties.set(party_list)
    else:
        if document.municipality_id != access.municipality.pk:
            raise ValidationError({"document": _("Dokumentet hör inte till kommunen.")})
        if document.kind != DocumentKind.CITIZEN_PROMISE:
            raise ValidationError({"document": _("Dokumentet är inte ett medborgarlöfte.")})
        if CitizenPromise.objects.filter(document=document).exists():
            raise ValidationError({"document": _("Dokumentet har redan ett medborgarlöfte.")})
    promise = CitizenPromise.objects.create(
        municipality=access.municipality,
        document=document,
        title=title,
        area=area,
        period_start=period_start,
        period_end=period_end,
        public_text=public_text.strip(),
        is_public=is_public,
        public_slug=public_slug or _unique_slug(access, f"{title}"),
        created_by=_user(access),
        is_example=is_example,
    )
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_create",
        obj=promise,
        summary=promise.title,
    )
    return promise


def is_frozen(promise: CitizenPromise) -> bool:
    """A signed promise's text no longer changes (nor that of a renewed or ended one)."""
    return promise.status != PromiseStatus.DRAFT


def frozen_message() -> str:
    return _(
        "Löftet är undertecknat och dess text kan inte längre ändras. Ändringar görs i nästa "
        "periods löfte (förnya löftet)."
    )


@transaction.atomic
def promise_update(*, access: Access, promise: CitizenPromise, **values: Any) -> CitizenPromise:
    """Change a promise. While a draft: everything (``FROZEN_FIELDS``, the parties, the public
    settings). Once signed: only whether and where it is shown publicly."""
    require_planner(access)
    allowed = {*FROZEN_FIELDS, "is_public", "public_slug", "parties"}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    parties = values.pop("parties", None)
    before = {f: getattr(promise, f) for f in (*FROZEN_FIELDS, "is_public", "public_slug")}
    after = {**before, **values}
    if is_frozen(promise):
        changed = [f for f in FROZEN_FIELDS if after[f] != before[f]]
        if parties is not None and {p.pk for p in parties} != set(
            promise.document.parties.values_list("pk", flat=True)
        ):
            changed.append("parties")
        if changed:
            raise ValidationError({changed[0]: frozen_message()})
    after["title"] = str(after["title"]).strip()
    if not after["title"]:
        raise ValidationError({"title": _("Ge löftet en rubrik.")})
    _check_period(after["period_start"], after["period_end"])
    _check_area(access, after["area"])
    _check_text("public_text", after["public_text"])
    after["public_slug"] = _clean_slug(access, after["public_slug"], exclude=promise.pk)
    if not after["public_slug"]:
        after["public_slug"] = _unique_slug(access, after["title"], exclude=promise.pk)
    for name, value in after.items():
        setattr(promise, name, value)
    try:
        with transaction.atomic():
            promise.save()
    except IntegrityError as exc:
        raise ValidationError({"public_slug": _("Adressen används redan.")}) from exc
    if not is_frozen(promise):
        document = promise.document
        document.area = promise.area
        document.valid_from = promise.period_start
        document.valid_until = promise.period_end
        if document.title != promise.title:
            if (
                GoverningDocument.objects.filter(
                    municipality=access.municipality, title=promise.title
                )
                .exclude(pk=document.pk)
                .exists()
            ):
                raise ValidationError(
                    {"title": _("Det finns redan ett styrande dokument med den rubriken.")}
                )
            document.title = promise.title
        document.save()
        if parties is not None:
            document.parties.set(_check_parties(access, parties))
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_update",
        obj=promise,
        summary=promise.title,
        changes=changes_between(
            {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
        ),
    )
    return promise


# --- Activities --------------------------------------------------------------------------------


def _check_activity(
    access: Access, promise: CitizenPromise, goal: Goal | None, measure: Measure | None
) -> None:
    if goal is not None and goal.document_id != promise.document_id:
        raise ValidationError({"goal": _("Målet hör inte till det här löftet.")})
    if measure is not None and measure.municipality_id != access.municipality.pk:
        raise ValidationError({"measure": _("Åtgärden hör inte till kommunen.")})


def _check_progress(progress: int) -> None:
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Ange hur mycket som är genomfört, 0–100 procent.")})


@transaction.atomic
def promise_activity_add(
    *,
    access: Access,
    promise: CitizenPromise,
    title: str,
    public_text: str = "",
    goal: Goal | None = None,
    measure: Measure | None = None,
    progress: int = 0,
    position: int | None = None,
    is_example: bool = False,
) -> PromiseActivity:
    """Add a concrete activity to a draft promise."""
    require_planner(access)
    if is_frozen(promise):
        raise ValidationError(frozen_message())
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Skriv vad som ska göras.")})
    _check_text("public_text", public_text)
    _check_activity(access, promise, goal, measure)
    _check_progress(progress)
    if position is None:
        position = promise.activities.count()
    activity = PromiseActivity.objects.create(
        promise=promise,
        title=title,
        public_text=public_text.strip(),
        goal=goal,
        measure=measure,
        progress=progress,
        position=position,
        is_example=is_example,
    )
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_activity_add",
        obj=activity,
        summary=activity.title,
    )
    return activity


ACTIVITY_TEXT = ("title", "public_text", "goal")
ACTIVITY_FIELDS = (*ACTIVITY_TEXT, "measure", "progress", "position")


@transaction.atomic
def promise_activity_update(
    *, access: Access, activity: PromiseActivity, **values: Any
) -> PromiseActivity:
    """Change an activity. Once its promise is signed, only its progress and the measure it
    takes progress from change; its wording is frozen with the promise."""
    require_planner(access)
    unknown = set(values) - set(ACTIVITY_FIELDS)
    if unknown:
        raise ValidationError(_("Okända fält: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = {f: getattr(activity, f) for f in ACTIVITY_FIELDS}
    after = {**before, **values}
    after["title"] = str(after["title"]).strip()
    if is_frozen(activity.promise) and any(after[f] != before[f] for f in ACTIVITY_TEXT):
        raise ValidationError(frozen_message())
    if not after["title"]:
        raise ValidationError({"title": _("Skriv vad som ska göras.")})
    _check_text("public_text", after["public_text"])
    _check_activity(access, activity.promise, after["goal"], after["measure"])
    _check_progress(after["progress"])
    for name, value in after.items():
        setattr(activity, name, value)
    activity.save()
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_activity_update",
        obj=activity,
        summary=activity.title,
        changes=changes_between(
            {k: str(v) for k, v in before.items()}, {k: str(v) for k, v in after.items()}
        ),
    )
    return activity


# --- Signing -----------------------------------------------------------------------------------


def unsigned_parties(promise: CitizenPromise) -> list[Organisation]:
    signed = set(promise.signatures.values_list("organisation_id", flat=True))
    return [p for p in promise.document.parties.order_by("name") if p.pk not in signed]


@transaction.atomic
def promise_sign(
    *,
    access: Access,
    promise: CitizenPromise,
    organisation: Organisation,
    signed_by: str,
    signed_on: date,
    is_example: bool = False,
) -> PromiseSignature:
    """Record that one party signed. When every party of the document has signed, the promise
    is SIGNED (and its text frozen); the document is adopted on the last signature's date."""
    require_planner(access)
    promise = CitizenPromise.objects.select_for_update().get(pk=promise.pk)
    if promise.status != PromiseStatus.DRAFT:
        raise ValidationError({"organisation": _("Löftet är redan undertecknat av alla parter.")})
    parties = set(promise.document.parties.values_list("pk", flat=True))
    if not parties:
        raise ValidationError(
            {
                "organisation": _(
                    "Löftet har inga parter. "
                    "Ange vilka aktörer som står bakom det innan det skrivs under."
                )
            }
        )
    if organisation.municipality_id != access.municipality.pk or organisation.pk not in parties:
        raise ValidationError({"organisation": _("Aktören är inte part i löftet.")})
    if not promise.activities.exists():
        raise ValidationError(
            {
                "activities": _(
                    "Löftet har inga aktiviteter. Ett medborgarlöfte lovar något konkret."
                )
            }
        )
    signed_by = signed_by.strip()
    if not signed_by:
        raise ValidationError({"signed_by": _("Skriv vem som skrev under.")})
    if promise.signatures.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("Aktören har redan skrivit under.")})
    signature = PromiseSignature.objects.create(
        promise=promise,
        organisation=organisation,
        signed_by=signed_by,
        signed_on=signed_on,
        is_example=is_example,
    )
    signed = set(promise.signatures.values_list("organisation_id", flat=True))
    if parties <= signed:
        promise.status = PromiseStatus.SIGNED
        promise.save(update_fields=["status", "updated_at"])
        document = promise.document
        last = max(promise.signatures.values_list("signed_on", flat=True))
        document.adopted_on = document.adopted_on or last
        document.save(update_fields=["adopted_on"])
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_sign",
        obj=signature,
        summary=f"{promise.title}: {organisation.name}",
    )
    return signature


# --- Renewal -----------------------------------------------------------------------------------


def next_period(promise: CitizenPromise) -> tuple[date, date]:
    """The next period of the same length, from the day after this one ends."""
    start = promise.period_end + timedelta(days=1)
    try:
        end = promise.period_end.replace(year=promise.period_end.year + 1)
    except ValueError:  # 29 February
        end = promise.period_end + timedelta(days=365)
    if (promise.period_end - promise.period_start).days < 360:
        end = start + (promise.period_end - promise.period_start)
    return start, end


@dataclass(frozen=True)
class RenewalDefaults:
    title: str
    period_start: date
    period_end: date


def renewal_defaults(promise: CitizenPromise) -> RenewalDefaults:
    start, end = next_period(promise)
    old_year = str(promise.period_start.year)
    title = promise.title
    if old_year in title and start.year != promise.period_start.year:
        title = title.replace(old_year, str(start.year))
    else:
        title = f"{title} ({start.year})"
    return RenewalDefaults(title, start, end)


@transaction.atomic
def promise_renew(
    *,
    access: Access,
    promise: CitizenPromise,
    title: str | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
) -> CitizenPromise:
    """The next period's promise: a new document and promise (a draft) with this one's parties,
    goals and activities; this one becomes RENEWED and stays readable as history."""
    require_planner(access)
    promise = CitizenPromise.objects.select_for_update().get(pk=promise.pk)
    if CitizenPromise.objects.filter(previous=promise).exists():
        raise ValidationError(_("Löftet är redan förnyat."))
    if promise.status not in (PromiseStatus.SIGNED, PromiseStatus.ENDED):
        raise ValidationError(_("Bara ett undertecknat löfte kan förnyas."))
    defaults = renewal_defaults(promise)
    title = (title or defaults.title).strip()
    start = period_start or defaults.period_start
    end = period_end or defaults.period_end
    _check_period(start, end)
    if start <= promise.period_start:
        raise ValidationError(
            {"period_start": _("Nästa period måste börja efter den här periodens början.")}
        )
    old_document = promise.document
    if GoverningDocument.objects.filter(municipality=access.municipality, title=title).exists():
        raise ValidationError(
            {"title": _("Det finns redan ett styrande dokument med den rubriken.")}
        )
    document = GoverningDocument.objects.create(
        municipality=access.municipality,
        title=title,
        kind=DocumentKind.CITIZEN_PROMISE,
        area=old_document.area,
        summary=old_document.summary,
        goals=old_document.goals,
        valid_from=start,
        valid_until=end,
    )
    document.parties.set(old_document.parties.all())
    renewal = CitizenPromise.objects.create(
        municipality=access.municipality,
        document=document,
        title=title,
        area=promise.area,
        period_start=start,
        period_end=end,
        public_text=promise.public_text,
        is_public=False,
        public_slug=_unique_slug(access, title),
        previous=promise,
        created_by=_user(access),
    )
    # Goals (with their sub-goals) are copied; the activities follow their goals.
    goal_map: dict[int, Goal] = {}
    goals = list(Goal.objects.filter(document=old_document).order_by("parent_id", "position", "pk"))
    pending = [g for g in goals]
    while pending:
        progressed = False
        for goal in list(pending):
            if (
                goal.parent_id is not None
                and goal.parent_id not in goal_map
                and goal.parent_id in {g.pk for g in goals}
            ):
                continue
            copy = Goal.objects.create(
                municipality=access.municipality,
                document=document,
                parent=goal_map.get(goal.parent_id) if goal.parent_id else None,
                title=goal.title,
                description=goal.description,
                source_line=goal.source_line,
                weight=goal.weight,
                position=goal.position,
                created_by=_user(access),
            )
            copy.problems.set(goal.problems.all())
            goal_map[goal.pk] = copy
            pending.remove(goal)
            progressed = True
        if not progressed:  # pragma: no cover - a cycle of parents cannot be saved
            break
    for activity in promise.activities.all():
        PromiseActivity.objects.create(
            promise=renewal,
            goal=goal_map.get(activity.goal_id) if activity.goal_id else None,
            title=activity.title,
            public_text=activity.public_text,
            measure=activity.measure,
            progress=0,
            position=activity.position,
        )
    promise.status = PromiseStatus.RENEWED
    promise.save(update_fields=["status", "updated_at"])
    audit(
        municipality=access.municipality,
        user=access.user,
        action="process.promise_renew",
        obj=renewal,
        summary=f"{promise.title} → {renewal.title}",
    )
    return renewal
