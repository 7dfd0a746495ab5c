"""Applying a checked organisation file to the database, all or nothing.

The file is the full description of the municipality's organisation: what is in it is
created or updated in place (matched by natural keys: the municipality's slug; names of
areas, actors, people and groups within the municipality; titles of documents; group + person
for memberships; group + name for specialist functions), and what is missing from it is
removed. Set-up answers are the exception: they are history, so a new answer row is added only
when the text has changed and older answers are never removed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from django.core.files import File
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.accounts.access import AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaPopulation, Place
from samverka.organisation.models import (
    DocumentCommitment,
    GoverningDocument,
    Group,
    Membership,
    Organisation,
    OrganisationMembership,
    Person,
    SetupAnswer,
    SpecialistFunction,
)
from samverka.organisation.orgfile.errors import FileError, OrganisationFileError
from samverka.organisation.orgfile.parse import ParsedOrganisation

# progress(section label, done, total): the commands draw a bar; the web pages pass nothing.
Progress = Callable[[str, int, int], None]

SECTION_LABELS = {
    "municipality": gettext_lazy("kommun"),
    "areas": gettext_lazy("områden"),
    "populations": gettext_lazy("folkmängd"),
    "places": gettext_lazy("platser"),
    "organisations": gettext_lazy("aktörer"),
    "people": gettext_lazy("personer"),
    "groups": gettext_lazy("grupper"),
    "memberships": gettext_lazy("medlemskap"),
    "organisation_memberships": gettext_lazy("deltagande aktörer utan person"),
    "specialist_functions": gettext_lazy("specialistfunktioner"),
    "documents": gettext_lazy("styrande dokument"),
    "setup_answers": gettext_lazy("svar på uppstartsfrågor"),
}


@dataclass
class SectionCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    """What an import did (or, with ``dry_run``, would have done)."""

    municipality: str
    dry_run: bool
    sections: dict[str, SectionCounts] = field(
        default_factory=lambda: {key: SectionCounts() for key in SECTION_LABELS}
    )
    warnings: list[FileError] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.removed for c in self.sections.values())

    def lines(self) -> list[str]:
        head = (
            _("Provkörning för %(slug)s – inget har sparats:")
            if self.dry_run
            else _("Importerat till %(slug)s:")
        ) % {"slug": self.municipality}
        lines = [head]
        for key, counts in self.sections.items():
            lines.append(
                _("  %(label)s: %(c)s nya, %(u)s ändrade, %(r)s borttagna, %(s)s oförändrade")
                % {
                    "label": SECTION_LABELS[key],
                    "c": counts.created,
                    "u": counts.updated,
                    "r": counts.removed,
                    "s": counts.unchanged,
                }
            )
        lines += [_("Varning: %(warning)s") % {"warning": w} for w in self.warnings]
        return lines

    def __str__(self) -> str:
        return "\n".join(self.lines())


M = TypeVar("M", bound=Model)


def _assign(obj: Model, values: dict[str, Any], log: dict[str, list[Any]] | None = None) -> bool:
    """Set the fields that differ; True when anything changed. ``log`` gets each change as
    ``"<model> <name>.<field>": [before, after]`` for the import's audit event."""
    changed = False
    for name, value in values.items():
        before = getattr(obj, name)
        if before != value:
            setattr(obj, name, value)
            changed = True
            if log is not None and len(log) < AUDIT_CHANGES_CAP:
                log[f"{_label(obj)}.{name}"] = [before, value]
    return changed


def _label(obj: Model) -> str:
    """A row's name in the audit event, read from its own fields (str() may query)."""
    name = getattr(obj, "name", None) or getattr(obj, "title", None) or obj.pk or "ny"
    return f"{obj._meta.model_name} {name}"


# The audit event lists at most this many changed fields (on PostgreSQL the capture trigger
# records every row in full anyway); a whole first import of a big city stays one sane row.
AUDIT_CHANGES_CAP = 2000


def _count(counts: SectionCounts, created: bool, changed: bool) -> None:
    if created:
        counts.created += 1
    elif changed:
        counts.updated += 1
    else:
        counts.unchanged += 1


class _Run:
    """One import: the upserts in dependency order, then the removals in reverse order."""

    def __init__(
        self, parsed: ParsedOrganisation, summary: ImportSummary, progress: Progress | None
    ):
        self.data = parsed.data
        self.summary = summary
        self.progress = progress or (lambda label, done, total: None)
        self.municipality: Municipality
        self.areas: dict[str, Area] = {}
        self.organisations: dict[str, Organisation] = {}
        self.people: dict[str, Person] = {}
        self.groups: dict[str, Group] = {}
        self.places: dict[str, Place] = {}
        self.removals: list[tuple[str, list[Model]]] = []
        self.documents: dict[str, GoverningDocument] = {}
        self.changed_documents: set[str] = set()
        self.changes: dict[str, list[Any]] = {}  # for the audit event, see _assign

    def assign(self, obj: Model, values: dict[str, Any]) -> bool:
        return _assign(obj, values, self.changes)

    def counts(self, key: str) -> SectionCounts:
        return self.summary.sections[key]

    def each(self, key: str, items: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        label = str(SECTION_LABELS[key])
        total = len(items)
        for index, item in enumerate(items, start=1):
            yield item
            self.progress(label, index, total)

    def upsert(
        self,
        key: str,
        existing: dict[Any, M],
        natural_key: Any,
        make: Callable[[], M],
        values: dict[str, Any],
    ) -> tuple[M, bool]:
        obj = existing.get(natural_key)
        created = obj is None
        if obj is None:
            obj = make()
        changed = self.assign(obj, values)
        if created or changed:
            obj.save()
        _count(self.counts(key), created, changed)
        return obj, created or changed

    # -- sections ---------------------------------------------------------------------------
    def municipality_(self) -> None:
        values = dict(self.data["municipality"])
        slug = values.pop("slug")
        clash = Municipality.objects.filter(name=values["name"]).exclude(slug=slug).first()
        if clash is not None:
            raise OrganisationFileError(
                [
                    FileError(
                        "municipality.name",
                        None,
                        _('en annan kommun (kortnamn "%(slug)s") heter redan "%(name)s"')
                        % {"slug": clash.slug, "name": clash.name},
                    )
                ]
            )
        existing = {m.slug: m for m in Municipality.objects.filter(slug=slug)}
        self.municipality, _changed = self.upsert(
            "municipality", existing, slug, lambda: Municipality(slug=slug), values
        )

    def tree_(
        self,
        key: str,
        model: type[Area] | type[Organisation],
        registry: dict[str, Any],
        values_of: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> None:
        """Upsert a tree of named rows (areas, actors): rows first, parents once all exist, so
        that a child may come before its parent in the file."""
        items = self.data[key]
        existing = {o.name: o for o in model.objects.filter(municipality=self.municipality)}
        changed: set[str] = set()
        for item in self.each(key, items):
            obj = existing.get(item["name"])
            created = obj is None
            if obj is None:
                obj = model(municipality=self.municipality, name=item["name"])
            if self.assign(obj, values_of(item)) or created:
                obj.save()
                changed.add(item["name"])
            registry[item["name"]] = obj
        for item in items:
            obj = registry[item["name"]]
            parent = registry[item["parent"]] if item["parent"] else None
            if self.assign(obj, {"parent_id": parent.pk if parent else None}):
                obj.save(update_fields=["parent"])
                changed.add(item["name"])
        for item in items:
            _count(self.counts(key), item["name"] not in existing, item["name"] in changed)
        self.removals.append((key, [o for n, o in existing.items() if n not in registry]))

    def areas_(self) -> None:
        def values(item: dict[str, Any]) -> dict[str, Any]:
            point = item["centroid"] or {}
            return {
                "kind": item["kind"],
                "scb_code": item["scb_code"],
                "deso_code": item["deso_code"],
                "regso_code": item["regso_code"],
                "local_code": item["local_code"],
                "description": item["description"],
                "boundary": item["boundary"],
                "centroid_lat": point.get("lat"),
                "centroid_lon": point.get("lon"),
            }

        self.tree_("areas", Area, self.areas, values)
        self.populations_()

    def populations_(self) -> None:
        counts = self.counts("populations")
        for item in self.data["areas"]:
            area = self.areas[item["name"]]
            existing = {p.year: p for p in AreaPopulation.objects.filter(area=area)}
            for row in item["population"]:
                values = {"population": row["population"], "source": row["source"]}
                self.upsert(
                    "populations",
                    existing,
                    row["year"],
                    partial(AreaPopulation, area=area, year=row["year"]),
                    values,
                )
            years = {row["year"] for row in item["population"]}
            stale = [p for year, p in existing.items() if year not in years]
            for population in stale:
                population.delete()  # rows of an area, not referenced by anything else
            counts.removed += len(stale)

    def places_(self) -> None:
        existing = {p.name: p for p in Place.objects.filter(municipality=self.municipality)}
        for item in self.each("places", self.data.get("places", [])):
            values = {
                "kind": item["kind"],
                "area_id": self.areas[item["area"]].pk if item["area"] else None,
                "description": item["description"],
                "geometry": item["geometry"],
            }
            self.places[item["name"]], _changed = self.upsert(
                "places",
                existing,
                item["name"],
                partial(Place, municipality=self.municipality, name=item["name"]),
                values,
            )
        self.removals.append(("places", [p for n, p in existing.items() if n not in self.places]))

    def organisations_(self) -> None:
        fields = ("short_name", "kind", "reference_code", "website", "description")
        self.tree_(
            "organisations",
            Organisation,
            self.organisations,
            lambda item: {k: item[k] for k in fields},
        )

    def _organisation_id(self, name: str | None) -> int | None:
        return self.organisations[name].pk if name else None

    def people_(self) -> None:
        existing = {p.name: p for p in Person.objects.filter(municipality=self.municipality)}
        for item in self.each("people", self.data["people"]):
            values = {
                "title": item["title"],
                "organisation_id": self._organisation_id(item["organisation"]),
                "kind": item["kind"],
                "email": item["email"],
                "phone": item["phone"],
                "is_public_contact": item["is_public_contact"],
            }
            self.people[item["name"]], _changed = self.upsert(
                "people",
                existing,
                item["name"],
                partial(Person, municipality=self.municipality, name=item["name"]),
                values,
            )
        self.removals.append(("people", [p for n, p in existing.items() if n not in self.people]))

    def groups_(self) -> None:
        existing = {g.name: g for g in Group.objects.filter(municipality=self.municipality)}
        changed: set[str] = set()
        for item in self.each("groups", self.data["groups"]):
            values = {
                "short_name": item["short_name"],
                "kind": item["kind"],
                "mandate": item["mandate"],
                "area_id": self.areas[item["area"]].pk if item["area"] else None,
                "convening_organisation_id": self._organisation_id(item["convening_organisation"]),
                "purpose": item["purpose"],
                "cadence": item["cadence"],
                "meetings_per_year": item["meetings_per_year"],
                "interval_weeks": item["interval_weeks"],
                "meeting_weekday": item["meeting_weekday"],
                "cadence_note": item["cadence_note"],
                "acute_triggers": "\n".join(item["acute_triggers"]),
                "start_date": item["start_date"],
                "end_date": item["end_date"],
                "internal_notes": item["internal_notes"],
            }
            obj = existing.get(item["name"])
            created = obj is None
            if obj is None:
                obj = Group(municipality=self.municipality, name=item["name"])
            if self.assign(obj, values) or created:
                obj.save()
                changed.add(item["name"])
            self.groups[item["name"]] = obj
        # Links between groups once every group exists.
        for item in self.data["groups"]:
            obj = self.groups[item["name"]]
            links = {
                "reports_to_id": self.groups[item["reports_to"]].pk if item["reports_to"] else None,
                "appointed_by_id": (
                    self.groups[item["appointed_by"]].pk if item["appointed_by"] else None
                ),
            }
            if self.assign(obj, links):
                obj.save(update_fields=["reports_to", "appointed_by"])
                changed.add(item["name"])
            wanted = {self.groups[name].pk for name in item["coordinates"]}
            current = set(obj.coordinates.values_list("pk", flat=True))
            if wanted != current:
                obj.coordinates.set(wanted)
                changed.add(item["name"])
        for item in self.data["groups"]:
            _count(self.counts("groups"), item["name"] not in existing, item["name"] in changed)
        self.removals.append(("groups", [g for n, g in existing.items() if n not in self.groups]))
        self.memberships_()
        self.organisation_memberships_()
        self.specialist_functions_()

    def memberships_(self) -> None:
        existing = {
            (m.group_id, m.person_id): m
            for m in Membership.objects.filter(group__municipality=self.municipality)
        }
        wanted: set[tuple[int, int]] = set()
        rows = [(g, m) for g in self.data["groups"] for m in g["members"]]
        label = str(SECTION_LABELS["memberships"])
        for index, (group_item, item) in enumerate(rows, start=1):
            group = self.groups[group_item["name"]]
            person = self.people[item["person"]]
            key = (group.pk, person.pk)
            wanted.add(key)
            values = {
                "organisation_id": self._organisation_id(item["organisation"]),
                "role": item["role"],
                "start_date": item["start_date"],
                "end_date": item["end_date"],
            }
            self.upsert(
                "memberships",
                existing,
                key,
                partial(Membership, group=group, person=person),
                values,
            )
            self.progress(label, index, len(rows))
        self.removals.append(("memberships", [m for k, m in existing.items() if k not in wanted]))

    def organisation_memberships_(self) -> None:
        existing = {
            (m.group_id, m.organisation_id): m
            for m in OrganisationMembership.objects.filter(group__municipality=self.municipality)
        }
        wanted: set[tuple[int, int]] = set()
        for group_item in self.data["groups"]:
            group = self.groups[group_item["name"]]
            for item in group_item.get("organisation_members", []):
                organisation = self.organisations[item["organisation"]]
                key = (group.pk, organisation.pk)
                wanted.add(key)
                self.upsert(
                    "organisation_memberships",
                    existing,
                    key,
                    partial(OrganisationMembership, group=group, organisation=organisation),
                    {
                        "role": item["role"],
                        "start_date": item["start_date"],
                        "end_date": item["end_date"],
                    },
                )
        self.removals.append(
            ("organisation_memberships", [m for k, m in existing.items() if k not in wanted])
        )

    def specialist_functions_(self) -> None:
        existing = {
            (f.group_id, f.name): f
            for f in SpecialistFunction.objects.filter(group__municipality=self.municipality)
        }
        wanted: set[tuple[int, str]] = set()
        for group_item in self.data["groups"]:
            group = self.groups[group_item["name"]]
            for item in group_item["specialist_functions"]:
                key = (group.pk, item["name"])
                wanted.add(key)
                coordinator = self.people[item["coordinator"]] if item["coordinator"] else None
                self.upsert(
                    "specialist_functions",
                    existing,
                    key,
                    partial(SpecialistFunction, group=group, name=item["name"]),
                    {
                        "description": item["description"],
                        "coordinator_id": coordinator.pk if coordinator else None,
                    },
                )
        self.removals.append(
            ("specialist_functions", [f for k, f in existing.items() if k not in wanted])
        )

    def documents_(self, *, dry_run: bool) -> None:
        existing = {
            d.title: d for d in GoverningDocument.objects.filter(municipality=self.municipality)
        }
        seen: set[str] = set()
        for item in self.each("documents", self.data["documents"]):
            values = {
                "kind": item["kind"],
                "area_id": self.areas[item["area"]].pk if item["area"] else None,
                "summary": item["summary"],
                "goals": "\n".join(item["goals"]),
                "valid_from": item["valid_from"],
                "valid_until": item["valid_until"],
                "adopted_on": item["adopted_on"],
                "adopted_by": item["adopted_by"],
                "next_review": item["next_review"],
                "url": item["url"],
                "valid_in_years": item.get("valid_in_years", False),
            }
            obj = existing.get(item["title"])
            created = obj is None
            if obj is None:
                obj = GoverningDocument(municipality=self.municipality, title=item["title"])
            changed = self.assign(obj, values)
            if created or changed:
                obj.save()
            wanted = {self.organisations[name].pk for name in item["parties"]}
            if created or wanted != set(obj.parties.values_list("pk", flat=True)):
                obj.parties.set(wanted)
                changed = changed or not created
            wanted_areas = {self.areas[name].pk for name in item.get("areas", [])}
            if wanted_areas != set(obj.covers_areas.values_list("pk", flat=True)):
                obj.covers_areas.set(wanted_areas)
                changed = changed or not created
            wanted_places = {self.places[name].pk for name in item.get("places", [])}
            if wanted_places != set(obj.places.values_list("pk", flat=True)):
                obj.places.set(wanted_places)
                changed = changed or not created
            if self.commitments_(obj, item.get("commitments", [])):
                changed = changed or not created
            if item.get("file") and not dry_run and _attach(obj, item["file"]):
                changed = True
            self.documents[item["title"]] = obj
            changed_titles = self.changed_documents
            if changed:
                changed_titles.add(item["title"])
            seen.add(item["title"])
        # Parts once every document exists, so that an appendix may come before its agreement.
        for item in self.data["documents"]:
            obj = self.documents[item["title"]]
            parent = self.documents[item["part_of"]] if item.get("part_of") else None
            if self.assign(obj, {"part_of_id": parent.pk if parent else None}):
                obj.save(update_fields=["part_of"])
                self.changed_documents.add(item["title"])
        for item in self.data["documents"]:
            _count(
                self.counts("documents"),
                item["title"] not in existing,
                item["title"] in self.changed_documents,
            )
        self.removals.append(("documents", [d for t, d in existing.items() if t not in seen]))

    def commitments_(self, document: GoverningDocument, items: list[dict[str, Any]]) -> bool:
        """Replace the document's commitments when they differ (they have no name to match)."""
        wanted = [
            (
                index,
                item["text"],
                item["count"],
                item["per"],
                self._organisation_id(item["organisation"]),
            )
            for index, item in enumerate(items)
        ]
        current = [
            (c.position, c.text, c.count, c.period, c.organisation_id)
            for c in document.commitments.order_by("position")
        ]
        if wanted == current:
            return False
        document.commitments.all().delete()
        DocumentCommitment.objects.bulk_create(
            DocumentCommitment(
                document=document,
                position=position,
                text=text,
                count=count,
                period=period,
                organisation_id=organisation_id,
            )
            for position, text, count, period, organisation_id in wanted
        )
        return True

    def setup_answers_(self) -> None:
        counts = self.counts("setup_answers")
        current: dict[str, SetupAnswer] = {}
        for answer in SetupAnswer.objects.filter(municipality=self.municipality):
            best = current.get(answer.question_key)
            if best is None or (answer.answered_at, answer.pk) > (best.answered_at, best.pk):
                current[answer.question_key] = answer
        for item in self.each("setup_answers", self.data["setup_answers"]):
            latest = current.get(item["question"])
            if latest is not None and latest.answer.strip() == item["answer"]:
                counts.unchanged += 1
                continue
            answered_at = item["answered_at"] or timezone.now()
            if latest is not None and answered_at <= latest.answered_at:
                # The new text must become the current answer, whatever date the file gives.
                answered_at = timezone.now()
            SetupAnswer.objects.create(
                municipality=self.municipality,
                question_key=item["question"],
                answer=item["answer"],
                answered_by_name=item["answered_by"],
                answered_at=answered_at,
            )
            if latest is None:
                counts.created += 1
            else:
                counts.updated += 1

    def remove(self) -> None:
        """Delete what the file no longer lists: dependants first, areas children first."""
        order = [
            "memberships",
            "organisation_memberships",
            "specialist_functions",
            "documents",
            "groups",
            "people",
            "organisations",
            "places",
            "areas",
        ]
        by_key = dict(self.removals)
        errors: list[FileError] = []
        for key in order:
            objects = by_key.get(key, [])
            if key in ("areas", "organisations", "documents"):
                objects = _children_first(objects)
            for obj in objects:
                try:
                    obj.delete()
                except (ProtectedError, RestrictedError) as exc:
                    users = sorted({str(o._meta.verbose_name_plural) for o in _blocking(exc)})
                    errors.append(
                        FileError(
                            key,
                            None,
                            _(
                                '"%(name)s" finns inte längre i filen men kan inte tas bort, '
                                "eftersom det används av: %(users)s. Lägg tillbaka det i filen "
                                "eller ta först bort det som hänvisar till det."
                            )
                            % {"name": obj, "users": ", ".join(users)},
                        )
                    )
                    continue
                self.counts(key).removed += 1
                if len(self.changes) < AUDIT_CHANGES_CAP:
                    self.changes[_label(obj)] = [_("finns"), _("borttagen")]
        if errors:
            raise OrganisationFileError(errors)


def _blocking(exc: ProtectedError | RestrictedError) -> list[Any]:
    if isinstance(exc, ProtectedError):
        return list(exc.protected_objects)
    return list(exc.restricted_objects)


def _children_first(objects: list[M]) -> list[M]:
    """Areas, actors and documents protect their parent: delete the deepest first."""

    def depth(obj: Any) -> int:
        link = "part_of" if isinstance(obj, GoverningDocument) else "parent"
        level, node, seen = 0, obj, set()
        while getattr(node, f"{link}_id", None) and node.pk not in seen:
            seen.add(node.pk)
            node = getattr(node, link)
            level += 1
        return level

    return sorted(objects, key=depth, reverse=True)


def _attach(document: GoverningDocument, path: Path) -> bool:
    """Copy the referenced file in, unless the document already holds the same content."""
    content = path.read_bytes()
    if document.file:
        try:
            with document.file.open("rb") as current:
                if hashlib.sha256(current.read()).digest() == hashlib.sha256(content).digest():
                    return False
        except OSError:
            pass  # the stored file is gone: replace it
    with path.open("rb") as handle:
        document.file.save(path.name, File(handle), save=True)
    return True


class _DryRun(Exception):
    """Raised inside the transaction to undo a dry run."""


def import_organisation(
    parsed: ParsedOrganisation,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    user: AnyUser | None = None,
) -> ImportSummary:
    """Create or update the municipality's whole organisation from a checked file.

    All or nothing, in one transaction: on any error nothing is written and
    ``OrganisationFileError`` is raised. A dry run does everything and then rolls back, so its
    summary shows exactly what a real import would do. A real import leaves one audit event
    (``user`` is None from the command line), whichever way it was started.
    """
    summary = ImportSummary(municipality=parsed.slug, dry_run=dry_run, warnings=parsed.warnings)
    run = _Run(parsed, summary, progress)
    try:
        with transaction.atomic():
            run.municipality_()
            run.areas_()
            run.places_()
            run.organisations_()
            run.people_()
            run.groups_()
            run.documents_(dry_run=dry_run)
            run.setup_answers_()
            run.remove()
            if dry_run:
                raise _DryRun
            audit(
                municipality=run.municipality,
                user=user,
                action="import",
                obj=run.municipality,
                summary=_("Organisationsfil importerad: %(name)s") % {"name": parsed.filename},
                changes=run.changes,
            )
    except _DryRun:
        pass
    return summary
