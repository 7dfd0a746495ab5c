"""Writing a municipality's organisation as one file (YAML or JSON).

The output is deterministic: sections, items and keys always come in the same order and
nothing time-dependent is written, so export → import → export gives the same bytes and a
diff between two exports shows exactly what changed.
"""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from django.utils import timezone
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, Place
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    GroupKind,
    MembershipRole,
    Organisation,
    Person,
    SetupAnswer,
)
from samverka.organisation.orgfile.parse import FORMAT_VERSION, WEEKDAY_NAMES
from samverka.organisation.setup_questions import QUESTIONS

FORMATS = ("yaml", "json")

_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}", "é": "e", "ü": "y"})


def swedish_key(text: str) -> str:
    """Sort key putting å, ä, ö after z as in Swedish; identical on every machine (no locale)."""
    return text.casefold().translate(_SWEDISH_ORDER)


def _tree_order(items: list[Any], name: Any, parent_name: Any) -> list[Any]:
    """Parents before their children, siblings by name; so the file reads top-down."""
    children: dict[str | None, list[Any]] = {}
    known = {name(item) for item in items}
    for item in items:
        parent = parent_name(item)
        children.setdefault(parent if parent in known else None, []).append(item)
    ordered: list[Any] = []
    seen: set[str] = set()

    def visit(key: str | None) -> None:
        for item in sorted(children.get(key, []), key=lambda i: swedish_key(name(i))):
            if name(item) not in seen:
                seen.add(name(item))
                ordered.append(item)
                visit(name(item))

    visit(None)
    # Anything left sits in a parent cycle (the services prevent it); still export it.
    ordered += sorted((i for i in items if name(i) not in seen), key=lambda i: swedish_key(name(i)))
    return ordered


def _area(area: Area) -> dict[str, Any]:
    return {
        "name": area.name,
        "kind": area.kind,
        "parent": area.parent.name if area.parent else None,
        "scb_code": area.scb_code,
        "deso_code": area.deso_code,
        "regso_code": area.regso_code,
        "local_code": area.local_code,
        "description": area.description,
        "population": [
            {"year": p.year, "population": p.population, "source": p.source}
            for p in sorted(area.populations.all(), key=lambda p: p.year)
        ],
        "centroid": (
            {"lat": area.centroid_lat, "lon": area.centroid_lon}
            if area.centroid_lat is not None and area.centroid_lon is not None
            else None
        ),
        "boundary": area.boundary or None,
    }


def _place(place: Place) -> dict[str, Any]:
    return {
        "name": place.name,
        "kind": place.kind,
        "area": place.area.name if place.area else None,
        "description": place.description,
        "geometry": place.geometry or None,
    }


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "parent": organisation.parent.name if organisation.parent else None,
        "reference_code": organisation.reference_code,
        "website": organisation.website,
        "description": organisation.description,
    }


def _person(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "title": person.title,
        "organisation": person.organisation.name if person.organisation else None,
        "kind": person.kind,
        "email": person.email,
        "phone": person.phone,
        "is_public_contact": person.is_public_contact,
    }


_ROLE_ORDER = {value: index for index, value in enumerate(MembershipRole.values)}
_KIND_ORDER = {value: index for index, value in enumerate(GroupKind.values)}


def _group(group: Group) -> dict[str, Any]:
    members = sorted(
        group.memberships.all(),
        key=lambda m: (_ROLE_ORDER.get(m.role, 99), swedish_key(m.person.name)),
    )
    return {
        "name": group.name,
        "short_name": group.short_name,
        "kind": group.kind,
        "mandate": group.mandate,
        "area": group.area.name if group.area else None,
        "reports_to": group.reports_to.name if group.reports_to else None,
        "appointed_by": group.appointed_by.name if group.appointed_by else None,
        "coordinates": sorted((g.name for g in group.coordinates.all()), key=swedish_key),
        "convening_organisation": (
            group.convening_organisation.name if group.convening_organisation else None
        ),
        "purpose": group.purpose,
        "cadence": group.cadence,
        "meetings_per_year": group.meetings_per_year,
        "interval_weeks": group.interval_weeks,
        "meeting_weekday": WEEKDAY_NAMES.get(group.meeting_weekday or 0),
        "cadence_note": group.cadence_note,
        "acute_triggers": group.acute_trigger_list(),
        "start_date": group.start_date,
        "end_date": group.end_date,
        "internal_notes": group.internal_notes,
        "members": [
            {
                "person": m.person.name,
                "organisation": m.organisation.name if m.organisation else None,
                "role": m.role,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in members
        ]
        + [
            # Actors taking part without a named person, after the people.
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "start_date": m.start_date,
                "end_date": m.end_date,
            }
            for m in sorted(
                group.organisation_memberships.all(),
                key=lambda m: (_ROLE_ORDER.get(m.role, 99), swedish_key(m.organisation.name)),
            )
        ],
        "specialist_functions": [
            {
                "name": f.name,
                "description": f.description,
                "coordinator": f.coordinator.name if f.coordinator else None,
            }
            for f in sorted(group.specialist_functions.all(), key=lambda f: swedish_key(f.name))
        ],
    }


def _document(document: GoverningDocument) -> dict[str, Any]:
    # The attached file itself is not exported: the file describes the organisation, and
    # attachments are kept in the media storage (see docs/organisation-format.md).
    in_years = document.valid_in_years and document.valid_from and document.valid_until
    return {
        "title": document.title,
        "kind": document.kind,
        "part_of": document.part_of.title if document.part_of else None,
        "area": document.area.name if document.area else None,
        "areas": sorted((a.name for a in document.covers_areas.all()), key=swedish_key),
        "places": sorted((p.name for p in document.places.all()), key=swedish_key),
        "parties": sorted((o.name for o in document.parties.all()), key=swedish_key),
        "summary": document.summary,
        "goals": document.goal_list(),
        "valid_from": None if in_years else document.valid_from,
        "valid_until": None if in_years else document.valid_until,
        "valid_years": (
            [document.valid_from.year, document.valid_until.year]
            if in_years and document.valid_from and document.valid_until
            else None
        ),
        "commitments": [
            {
                "text": c.text,
                "count": c.count,
                "per": c.period,
                "organisation": c.organisation.name if c.organisation else None,
            }
            for c in sorted(document.commitments.all(), key=lambda c: c.position)
        ],
        "adopted_on": document.adopted_on,
        "adopted_by": document.adopted_by,
        "next_review": document.next_review,
        "url": document.url,
    }


def _answers(municipality: Municipality) -> list[dict[str, Any]]:
    current: dict[str, SetupAnswer] = {}
    for answer in SetupAnswer.objects.filter(municipality=municipality).select_related(
        "answered_by"
    ):
        best = current.get(answer.question_key)
        if best is None or (answer.answered_at, answer.pk) > (best.answered_at, best.pk):
            current[answer.question_key] = answer
    result = []
    for question in QUESTIONS:
        latest = current.get(question.key)
        if latest is None:
            continue
        by = latest.answered_by_name or (str(latest.answered_by) if latest.answered_by else "")
        result.append(
            {
                "question": question.key,
                "answer": latest.answer,
                "answered_by": by,
                "answered_at": timezone.localtime(latest.answered_at).isoformat(timespec="seconds"),
            }
        )
    return result


def organisation_data(municipality: Municipality) -> dict[str, Any]:
    """The whole organisation as plain data, in the shape ``parse_organisation_file`` returns."""
    areas = list(
        Area.objects.filter(municipality=municipality)
        .select_related("parent")
        .prefetch_related("populations")
    )
    organisations = list(
        Organisation.objects.filter(municipality=municipality).select_related("parent")
    )
    people = Person.objects.filter(municipality=municipality).select_related("organisation")
    groups = (
        Group.objects.filter(municipality=municipality)
        .select_related("area", "reports_to", "appointed_by", "convening_organisation")
        .prefetch_related(
            "coordinates",
            "memberships__person",
            "memberships__organisation",
            "organisation_memberships__organisation",
            "specialist_functions__coordinator",
        )
    )
    documents = (
        GoverningDocument.objects.filter(municipality=municipality)
        .select_related("area", "part_of")
        .prefetch_related("parties", "covers_areas", "places", "commitments__organisation")
    )
    places = Place.objects.filter(municipality=municipality).select_related("area")
    return {
        "version": FORMAT_VERSION,
        "municipality": {
            "name": municipality.name,
            "slug": municipality.slug,
            "scb_code": municipality.scb_code,
            "county": municipality.county,
            "description": municipality.description,
            "is_example": municipality.is_example,
        },
        "areas": [
            _area(a)
            for a in _tree_order(
                areas, lambda a: a.name, lambda a: a.parent.name if a.parent else None
            )
        ],
        "places": [_place(p) for p in sorted(places, key=lambda p: swedish_key(p.name))],
        "organisations": [
            _organisation(o)
            for o in _tree_order(
                organisations, lambda o: o.name, lambda o: o.parent.name if o.parent else None
            )
        ],
        "people": [_person(p) for p in sorted(people, key=lambda p: swedish_key(p.name))],
        "groups": [
            _group(g)
            for g in sorted(
                groups, key=lambda g: (_KIND_ORDER.get(g.kind, 99), swedish_key(g.name))
            )
        ],
        # An agreement's parts follow the agreement (part_of), as they do on paper.
        "documents": [
            _document(d)
            for d in _tree_order(
                list(documents),
                lambda d: d.title,
                lambda d: d.part_of.title if d.part_of else None,
            )
        ],
        "setup_answers": _answers(municipality),
    }


def _compact(value: Any) -> Any:
    """Leave out empty fields, so the file shows only what has been filled in."""
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            item = _compact(item)
            if item is None or item is False or item == "" or item == [] or item == {}:
                continue
            result[key] = item
        return result
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value


def _to_yaml_nodes(value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        node = CommentedMap((k, _to_yaml_nodes(v, k)) for k, v in value.items())
        if key in ("boundary", "centroid", "geometry", "valid_years"):
            node.fa.set_flow_style()  # coordinates as compact arrays, not one number per line
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_to_yaml_nodes(v, key) for v in value)
        if key in ("boundary", "geometry", "valid_years"):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def _json_default(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def export_organisation(municipality: Municipality, *, fmt: str = "yaml") -> str:
    """The municipality's organisation as a YAML (default) or JSON organisation file."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    data = _compact(organisation_data(municipality))
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold text: folding leaves trailing spaces and noisy diffs
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buffer = io.StringIO()
    buffer.write(f"# samverka organisationsfil: {municipality.name}\n")
    buffer.write("# Formatet beskrivs i docs/organisation-format.md\n")
    yaml.dump(_to_yaml_nodes(data), buffer)
    return buffer.getvalue()
