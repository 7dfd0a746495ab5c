"""Reading and checking an organisation file (YAML or JSON) before anything is written.

Every problem is collected, not only the first, each with its path in the file and its line,
so that a coordinator can fix the whole file in one go. The result is plain data in the same
shape the exporter writes (see ``docs/organisation-format.md``), which the importer applies.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email, validate_slug
from django.db.models import Choices
from django.utils import timezone
from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.scanner import RoundTripScanner

from samverka.areas.models import AreaKind, PlaceKind
from samverka.core.validators import has_control_characters
from samverka.lib.geo import GeometryError, centroid, normalise_geometry
from samverka.organisation.models import (
    Cadence,
    CommitmentPeriod,
    DocumentKind,
    GroupKind,
    Mandate,
    MembershipRole,
    OrganisationKind,
    PersonKind,
)
from samverka.organisation.orgfile.errors import FileError, OrganisationFileError
from samverka.organisation.orgfile.places import normalise_place_geometry
from samverka.organisation.setup_questions import QUESTIONS, QUESTIONS_BY_KEY

FORMAT_VERSION = 1
NAME_LENGTH = 200

SECTIONS = (
    "version",
    "municipality",
    "areas",
    "places",
    "organisations",
    "people",
    "groups",
    "documents",
    "setup_answers",
)
MUNICIPALITY_KEYS = ("name", "slug", "scb_code", "county", "description", "is_example")
AREA_KEYS = (
    "name",
    "kind",
    "parent",
    "scb_code",
    "deso_code",
    "regso_code",
    "local_code",
    "description",
    "population",
    "centroid",
    "boundary",
)
POPULATION_KEYS = ("year", "population", "source")
CENTROID_KEYS = ("lat", "lon")
PLACE_KEYS = ("name", "kind", "area", "description", "geometry")
ORGANISATION_KEYS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "reference_code",
    "website",
    "description",
)
PERSON_KEYS = (
    "name",
    "title",
    "organisation",
    "kind",
    "email",
    "phone",
    "is_public_contact",
)
GROUP_KEYS = (
    "name",
    "short_name",
    "kind",
    "mandate",
    "area",
    "reports_to",
    "appointed_by",
    "coordinates",
    "convening_organisation",
    "purpose",
    "cadence",
    "meetings_per_year",
    "interval_weeks",
    "meeting_weekday",
    "cadence_note",
    "acute_triggers",
    "start_date",
    "end_date",
    "internal_notes",
    "members",
    "specialist_functions",
)
MEMBER_KEYS = ("person", "organisation", "role", "start_date", "end_date")
SPECIALIST_KEYS = ("name", "description", "coordinator")
DOCUMENT_KEYS = (
    "title",
    "kind",
    "part_of",
    "area",
    "areas",
    "places",
    "parties",
    "summary",
    "goals",
    "valid_from",
    "valid_until",
    "valid_years",
    "commitments",
    "adopted_on",
    "adopted_by",
    "next_review",
    "url",
    "file",
)
COMMITMENT_KEYS = ("text", "count", "per", "organisation")
ANSWER_KEYS = ("question", "answer", "answered_by", "answered_at")

# Weekdays as a coordinator writes them; the database stores 1–5 (Weekday).
WEEKDAYS = {"måndag": 1, "tisdag": 2, "onsdag": 3, "torsdag": 4, "fredag": 5}
WEEKDAY_NAMES = {number: name for name, number in WEEKDAYS.items()}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ParsedOrganisation:
    """A checked organisation file: plain data plus the warnings to show before importing."""

    data: dict[str, Any]
    filename: str
    warnings: list[FileError] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return str(self.data["municipality"]["slug"])


class _Constructor(RoundTripConstructor):
    """Keeps dates as text, so that "2021-13-45" becomes our own Swedish error, not a crash."""


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


# ruamel's messages are English; these are the ones coordinators actually meet.
_YAML_HINTS = (
    ("found character '\\t'", "tabbtecken får inte användas för indrag – använd mellanslag"),
    (
        "mapping values are not allowed",
        "ett kolon står på fel ställe – sätt texten inom citattecken",
    ),
    ("could not find expected ':'", "ett kolon saknas efter ett fältnamn"),
    ("found duplicate key", "samma fält förekommer två gånger"),
    ("expected ',' or ']'", "en hakparentes [ stängs inte med ]"),
    ("expected ',' or '}'", "en klammerparentes { stängs inte med }"),
    ("expected <block end>", "indraget stämmer inte med raderna ovanför"),
    ("found unexpected end of stream", "filen tar slut mitt i ett värde – saknas ett citattecken?"),
)


def _yaml_error(exc: YAMLError) -> FileError:
    if isinstance(exc, ReaderError):  # a control character such as NUL, or a lone surrogate
        message = _(
            "filen innehåller ett tecken som inte får finnas i en textfil (kod %(code)s) – "
            "spara den som vanlig text i UTF-8"
        ) % {"code": f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"}
        return FileError("", None, message)
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    hint = next((text for needle, text in _YAML_HINTS if needle in problem), None)
    # ruamel's own words are English; the coordinator gets ours and the place in the file.
    message = _("filen är inte giltig YAML: %(hint)s") % {
        "hint": hint or _("kontrollera indrag, kolon och citattecken"),
    }
    if mark is not None:
        message += _(" (kolumn %(column)s)") % {"column": mark.column + 1}
    return FileError("", line, message)


# Tags a file may spell out (``!!str 2024``); any other (``!!python/object``, ``!custom``) is
# refused: an organisation file holds plain text, numbers, lists and mappings only.
_PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
}


MAX_DIGITS = 40
# A plain scalar the loader would read as an integer, of more digits than any field needs.
_LONG_INTEGER = re.compile(rf"[-+]?(?:0[xob])?[0-9_]{{{MAX_DIGITS + 1},}}")


def max_bytes() -> int:
    return int(getattr(settings, "SAMVERKA_ORGFILE_MAX_BYTES", 2 * 1024 * 1024))


def max_depth() -> int:
    return int(getattr(settings, "SAMVERKA_ORGFILE_MAX_DEPTH", 32))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def check_size(size: int) -> None:
    """Refuse a file over the size cap before it is read any further."""
    if size > max_bytes():
        raise OrganisationFileError(
            [
                FileError(
                    "",
                    None,
                    _(
                        "filen är för stor (%(size)s MB); en organisationsfil får vara "
                        "högst %(max)s MB"
                    )
                    % {"size": _megabytes(size), "max": _megabytes(max_bytes())},
                )
            ]
        )


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _BoundedScanner(RoundTripScanner):
    """Stops at the first bracket or indentation level past the cap, while scanning tokens.

    The event stream alone is not early enough for flow collections: after "[" the scanner
    reads ahead to the matching "]" to learn whether it starts a key, and checks every open
    level on each token on the way, so a 100 000-deep JSON list costs seconds before its
    first event. The scanner's own counts of open levels are exact, quoted text included.
    """

    def fetch_flow_collection_start(self, TokenClass: Any, to_push: Any) -> None:
        if len(self.flow_context) >= max_depth():
            raise _TooDeep(self.reader.get_mark().line + 1)
        super().fetch_flow_collection_start(TokenClass, to_push)

    def add_indent(self, column: int) -> bool:
        if len(self.indents) >= max_depth():
            raise _TooDeep(self.reader.get_mark().line + 1)
        return bool(super().add_indent(column))


def _too_deep(line: int | None) -> OrganisationFileError:
    return OrganisationFileError(
        [
            FileError(
                "",
                line,
                _(
                    "filen är nästlad i fler än %(max)s nivåer; en organisationsfil behöver "
                    "inte så många – kontrollera klamrar, hakparenteser och indrag"
                )
                % {"max": max_depth()},
            )
        ]
    )


def _prescan(text: str) -> None:
    """Refuse anchors and aliases, tags and deep nesting while only the parser's events exist.

    Composing the document is what costs: nested aliases (a "billion laughs" of 1.4 KB) expand
    to gigabytes, and the composer recurses once per level (a 100 000-deep JSON list is a
    RecursionError). The event stream is flat and read lazily, so the first anchor, tag or
    level too deep stops it at once, before anything has grown.
    """
    limit = max_depth()
    depth = 0
    try:
        yaml = YAML(typ="rt")
        yaml.Scanner = _BoundedScanner
        for event in yaml.parse(text):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise OrganisationFileError(
                    [
                        FileError(
                            "",
                            line,
                            _(
                                "filen använder YAML-ankare eller alias (&namn, *namn, <<), "
                                "som inte är tillåtna i en organisationsfil – skriv ut värdet "
                                "på varje ställe där det behövs"
                            ),
                        )
                    ]
                )
            tag = getattr(event, "tag", None)
            if tag is not None and str(tag) not in _PLAIN_TAGS:
                raise OrganisationFileError(
                    [
                        FileError(
                            "",
                            line,
                            _(
                                "filen använder YAML-taggen %(tag)s, och taggar är inte tillåtna "
                                "i en organisationsfil – skriv bara värdet"
                            )
                            % {"tag": _quoted(str(tag).replace("tag:yaml.org,2002:", "!!")[:60])},
                        )
                    ]
                )
            if (
                isinstance(event, ScalarEvent)
                and event.style is None  # plain: quoted digits stay text
                and _LONG_INTEGER.fullmatch(event.value)
            ):
                # Python refuses to turn more than 4 300 digits into a number (a ValueError,
                # which was a 500), and no field of the file needs more than a few.
                raise OrganisationFileError(
                    [
                        FileError(
                            "",
                            line,
                            _("ett tal i filen har fler än %(n)s siffror") % {"n": MAX_DIGITS},
                        )
                    ]
                )
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > limit:
                    raise _too_deep(line)
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    except _TooDeep as exc:
        raise _too_deep(exc.line) from None
    except YAMLError as exc:
        raise OrganisationFileError([_yaml_error(exc)]) from None


def _load(text: str) -> Any:
    _prescan(text)
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    try:
        return yaml.load(text)
    except YAMLError as exc:
        raise OrganisationFileError([_yaml_error(exc)]) from None
    except RecursionError:  # cannot happen below the depth cap; a refusal, never a 500
        raise OrganisationFileError(
            [FileError("", None, _("filen är nästlad i för många nivåer"))]
        ) from None


def _quoted(value: object) -> str:
    return f'"{value}"'


def _allowed(choices: type[Choices]) -> str:
    return ", ".join(f"{value} ({label})" for value, label in choices.choices)


def _did_you_mean(value: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(candidates), n=1, cutoff=0.75)
    return _(' (menade du "%(name)s"?)') % {"name": close[0]} if close else ""


_REFERENCE_MESSAGES = {
    "area": _('området "%(name)s" finns inte i filen'),
    "organisation": _('aktören "%(name)s" finns inte i filen'),
    "person": _('personen "%(name)s" finns inte i filen'),
    "group": _('gruppen "%(name)s" finns inte i filen'),
    "place": _('platsen "%(name)s" finns inte i filen'),
    "document": _('dokumentet "%(name)s" finns inte i filen'),
}


class _Checker:
    def __init__(self) -> None:
        self.errors: list[FileError] = []
        self.warnings: list[FileError] = []

    def error(self, path: str, line: int | None, message: str) -> None:
        self.errors.append(FileError(path, line, message))

    def warn(self, path: str, line: int | None, message: str) -> None:
        self.warnings.append(FileError(path, line, message))


class _Map:
    """One mapping in the file, read field by field; every mistake is recorded, none raised."""

    def __init__(
        self, checker: _Checker, raw: Any, path: str, line: int | None, allowed: tuple[str, ...]
    ) -> None:
        self.checker = checker
        self.raw = raw
        self.path = path
        self.line = line
        for key in raw:
            if key not in allowed:
                hint = _did_you_mean(str(key), allowed)
                self.error(
                    key,
                    _("okänt fält %(key)s%(hint)s. Tillåtna fält här: %(allowed)s")
                    % {"key": _quoted(key), "hint": hint, "allowed": ", ".join(allowed)},
                )

    def line_of(self, key: object) -> int | None:
        try:
            return int(self.raw.lc.key(key)[0]) + 1
        except (AttributeError, KeyError, TypeError):
            return self.line

    def sub(self, key: object) -> str:
        return f"{self.path}.{key}" if self.path else str(key)

    def error(self, key: object, message: str) -> None:
        self.checker.error(self.sub(key), self.line_of(key), message)

    def get(self, key: str) -> Any:
        return self.raw.get(key)

    def name(self, key: str = "name") -> str:
        """A name already checked by ``_names``: read without recording its errors twice."""
        value = self.raw.get(key)
        return value.strip() if isinstance(value, str) else ""

    # -- scalars ---------------------------------------------------------------------------
    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(key, _("fältet saknas men måste finnas"))
            return ""
        if not isinstance(value, str):
            self.error(
                key,
                _("ska vara text, inte %(value)s – sätt värdet inom citattecken")
                % {"value": _quoted(value)},
            )
            return ""
        value = str(value).strip()
        if required and not value:
            self.error(key, _("får inte vara tomt"))
        if max_length is not None and len(value) > max_length:
            self.error(
                key,
                _("är för långt (%(n)s tecken, högst %(max)s)")
                % {"n": len(value), "max": max_length},
            )
        # A field with a length limit is one line (a name, title, code or address): a line
        # break in a group's name once broke every calendar feed and notice of the group.
        if max_length is not None and has_control_characters(value):
            self.error(key, _("får inte innehålla radbrytningar eller andra styrtecken"))
        return value

    def integer(
        self,
        key: str,
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                self.error(key, _("fältet saknas men måste finnas"))
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(key, _("ska vara ett heltal, inte %(value)s") % {"value": _quoted(value)})
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(
                key,
                _("%(value)s ligger utanför det tillåtna intervallet %(min)s–%(max)s")
                % {"value": value, "min": minimum, "max": maximum},
            )
            return None
        return int(value)

    def number(self, key: str, *, minimum: float, maximum: float) -> float | None:
        value = self.raw.get(key)
        if value is None:
            self.error(key, _("fältet saknas men måste finnas"))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(key, _("ska vara ett tal, inte %(value)s") % {"value": _quoted(value)})
            return None
        if not minimum <= value <= maximum:
            self.error(
                key,
                _("%(value)s ligger utanför det tillåtna intervallet %(min)s–%(max)s")
                % {"value": value, "min": minimum, "max": maximum},
            )
            return None
        return float(value)

    def boolean(self, key: str) -> bool:
        value = self.raw.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(
                key,
                _("ska vara true (ja) eller false (nej), inte %(value)s")
                % {"value": _quoted(value)},
            )
            return False
        return value

    def date(self, key: str) -> date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, str) and _DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(
            key,
            _("%(value)s är inte ett datum. Skriv datum som ÅÅÅÅ-MM-DD, till exempel 2026-03-01")
            % {"value": _quoted(value)},
        )
        return None

    def timestamp(self, key: str) -> datetime | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            text = value.strip()
            try:
                if _DATE.match(text):
                    moment = datetime.combine(date.fromisoformat(text), datetime.min.time())
                else:
                    moment = datetime.fromisoformat(text)
            except ValueError:
                pass
            else:
                if timezone.is_naive(moment):
                    moment = timezone.make_aware(moment)
                return moment
        self.error(
            key,
            _(
                "%(value)s är inte en tidpunkt. Skriv ÅÅÅÅ-MM-DD eller ÅÅÅÅ-MM-DDTtt:mm, "
                "till exempel 2026-03-01T09:30"
            )
            % {"value": _quoted(value)},
        )
        return None

    def choice(
        self, key: str, choices: type[Choices], what: str, *, default: str | None = None
    ) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if default is None:
                self.error(
                    key,
                    _("fältet saknas men måste finnas. Tillåtna värden: %(allowed)s")
                    % {"allowed": _allowed(choices)},
                )
            return default
        if value not in choices.values:
            hint = _did_you_mean(str(value), [str(v) for v in choices.values])
            self.error(
                key,
                _("okänd %(what)s %(value)s%(hint)s. Tillåtna värden: %(allowed)s")
                % {
                    "what": what,
                    "value": _quoted(value),
                    "hint": hint,
                    "allowed": _allowed(choices),
                },
            )
            return default
        return str(value)

    def reference(self, key: str, kind: str, names: set[str]) -> str | None:
        name = self.text(key)
        if not name:
            return None
        if name not in names:
            self.error(key, _REFERENCE_MESSAGES[kind] % {"name": name} + _did_you_mean(name, names))
            return None
        return name

    # -- lists -----------------------------------------------------------------------------
    def _list(self, key: str) -> list[tuple[Any, str, int | None]]:
        value = self.raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, _("ska vara en lista (rader som börjar med ”- ”)"))
            return []
        result: list[tuple[Any, str, int | None]] = []
        for index, item in enumerate(value):
            line: int | None
            try:
                line = int(value.lc.item(index)[0]) + 1  # type: ignore[attr-defined]
            except (AttributeError, KeyError, TypeError):
                line = self.line_of(key)
            result.append((item, f"{self.sub(key)}[{index}]", line))
        return result

    def text_list(self, key: str) -> list[str]:
        result = []
        for item, path, line in self._list(key):
            if not isinstance(item, str) or not item.strip():
                self.checker.error(path, line, _("ska vara en text"))
                continue
            result.append(item.strip())
        return result

    def reference_list(self, key: str, kind: str, names: set[str]) -> list[str]:
        result: list[str] = []
        for item, path, line in self._list(key):
            if not isinstance(item, str):
                self.checker.error(path, line, _("ska vara ett namn (text)"))
            elif item.strip() not in names:
                name = item.strip()
                message = _REFERENCE_MESSAGES[kind] % {"name": name} + _did_you_mean(name, names)
                self.checker.error(path, line, message)
            elif item.strip() in result:
                self.checker.error(path, line, _("står två gånger i listan"))
            else:
                result.append(item.strip())
        return result

    def maps(self, key: str, allowed: tuple[str, ...]) -> list[_Map]:
        result = []
        for item, path, line in self._list(key):
            if not isinstance(item, dict):
                self.checker.error(
                    path, line, _("ska vara en post med fält (till exempel name: …)")
                )
                continue
            result.append(_Map(self.checker, item, path, line, allowed))
        return result

    def mapping(self, key: str, allowed: tuple[str, ...]) -> _Map | None:
        value = self.raw.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(key, _("ska vara en post med fält"))
            return None
        line: int | None
        try:
            line = int(self.raw.lc.value(key)[0]) + 1
        except (AttributeError, KeyError, TypeError):
            line = self.line_of(key)
        return _Map(self.checker, value, self.sub(key), line, allowed)


def _names(checker: _Checker, items: list[_Map], key: str, what: str) -> set[str]:
    """The names declared in a section; a name used twice is an error at its second use."""
    seen: dict[str, int | None] = {}
    for item in items:
        name = item.text(key, required=True, max_length=300 if key == "title" else NAME_LENGTH)
        if not name:
            continue
        if name in seen:
            item.error(
                key,
                _("%(what)s %(name)s finns redan (rad %(line)s); namn måste vara unika")
                % {"what": what, "name": _quoted(name), "line": seen[name]},
            )
        else:
            seen[name] = item.line_of(key)
    return set(seen)


def _check_cycles(
    checker: _Checker,
    items: list[_Map],
    key: str,
    links: dict[str, str | None],
    message: str,
    name_key: str = "name",
) -> None:
    """Report each cycle in a name → name relation once, at the first member in the file."""
    reported: set[frozenset[str]] = set()
    for item in items:
        start = item.name(name_key)
        chain = [start]
        node = links.get(start)
        while node is not None and node not in chain:
            chain.append(node)
            node = links.get(node)
        if node is None or node != start:
            continue
        cycle = frozenset(chain)
        if cycle in reported:
            continue
        reported.add(cycle)
        item.error(key, message % {"chain": " → ".join([*chain, start])})


def _parse_municipality(root: _Map) -> dict[str, Any]:
    m = root.mapping("municipality", MUNICIPALITY_KEYS)
    if m is None:
        root.error("municipality", _("fältet saknas: filen måste beskriva en kommun"))
        return {}
    slug = m.text("slug", required=True, max_length=60)
    if slug:
        try:
            validate_slug(slug)
        except ValidationError:
            m.error("slug", _("får bara innehålla a–z, siffror, bindestreck och understreck"))
    scb_code = m.text("scb_code", max_length=4)
    if scb_code and not re.fullmatch(r"\d{4}", scb_code):
        m.error("scb_code", _('kommunkoden ska vara fyra siffror inom citattecken, t.ex. "1480"'))
    return {
        "name": m.text("name", required=True, max_length=NAME_LENGTH),
        "slug": slug,
        "scb_code": scb_code,
        "county": m.text("county", max_length=100),
        "description": m.text("description"),
        "is_example": m.boolean("is_example"),
    }


def _parse_area(m: _Map, areas: set[str]) -> dict[str, Any]:
    name = m.name()
    parent = m.reference("parent", "area", areas)
    scb_code = m.text("scb_code", max_length=4)
    if scb_code and not re.fullmatch(r"\d{4}", scb_code):
        m.error("scb_code", _('kommunkoden ska vara fyra siffror inom citattecken, t.ex. "1480"'))
    boundary = None
    raw_boundary = m.get("boundary")
    if raw_boundary is not None:
        try:
            boundary = normalise_geometry(_plain(raw_boundary))
        except GeometryError as exc:
            m.error("boundary", _("gränsen kan inte användas: %(reason)s") % {"reason": exc})
    lat = lon = None
    point = m.mapping("centroid", CENTROID_KEYS)
    if point is not None:
        lat = point.number("lat", minimum=-90, maximum=90)
        lon = point.number("lon", minimum=-180, maximum=180)
    elif boundary is not None:
        lat, lon = centroid(boundary)
    population = []
    years: set[int] = set()
    for row in m.maps("population", POPULATION_KEYS):
        year = row.integer("year", required=True, minimum=1900, maximum=2100)
        count = row.integer("population", required=True, minimum=0, maximum=20_000_000)
        if year in years:
            row.error("year", _("året %(year)s står två gånger för området") % {"year": year})
        elif year is not None and count is not None:
            years.add(year)
            population.append(
                {"year": year, "population": count, "source": row.text("source", max_length=200)}
            )
    return {
        "name": name,
        "kind": m.choice("kind", AreaKind, _("områdestyp")),
        "parent": parent,
        "scb_code": scb_code,
        "deso_code": m.text("deso_code", max_length=9),
        "regso_code": m.text("regso_code", max_length=20),
        "local_code": m.text("local_code", max_length=40),
        "description": m.text("description"),
        "population": sorted(population, key=lambda row: row["year"]),
        "centroid": {"lat": lat, "lon": lon} if lat is not None and lon is not None else None,
        "boundary": boundary,
    }


def _parse_place(m: _Map, areas: set[str]) -> dict[str, Any]:
    geometry = None
    raw = m.get("geometry")
    if raw is not None:
        try:
            geometry = normalise_place_geometry(_plain(raw))
        except GeometryError as exc:
            m.error("geometry", _("läget kan inte användas: %(reason)s") % {"reason": exc})
    return {
        "name": m.name(),
        "kind": m.choice("kind", PlaceKind, _("platstyp")),
        "area": m.reference("area", "area", areas),
        "description": m.text("description"),
        "geometry": geometry,
    }


_REFERENCE_CODE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _reference_code(checker: _Checker, m: _Map, seen: dict[str, int | None]) -> str:
    """A code of the shared reference geography, e.g. "lpo-taby" (see samverka.stats)."""
    code = m.text("reference_code", max_length=40)
    if not code:
        return ""
    if not _REFERENCE_CODE.match(code):
        m.error(
            "reference_code",
            _("koden %(code)s får bara innehålla a–z, siffror och bindestreck, t.ex. lpo-taby")
            % {"code": _quoted(code)},
        )
        return ""
    if code in seen:
        m.error(
            "reference_code",
            _("koden %(code)s används redan av en annan aktör (rad %(line)s)")
            % {"code": _quoted(code), "line": seen[code]},
        )
        return ""
    seen[code] = m.line_of("reference_code")
    from samverka.stats.models import Geography  # the shared reference geography

    if not Geography.objects.filter(code=code).exists():
        checker.warn(
            m.sub("reference_code"),
            m.line_of("reference_code"),
            _("koden %(code)s finns inte (ännu) i referensgeografin; aktören importeras ändå")
            % {"code": _quoted(code)},
        )
    return code


def _plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (for the geometry code)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool | None):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _url(m: _Map, key: str) -> str:
    url = m.text(key, max_length=200)
    if url:
        try:
            URLValidator()(url)
        except ValidationError:
            m.error(
                key,
                _("%(value)s är inte en webbadress (börjar med https://)")
                % {"value": _quoted(url)},
            )
    return url


def _parse_organisation(
    checker: _Checker, m: _Map, organisations: set[str], codes: dict[str, int | None]
) -> dict[str, Any]:
    return {
        "name": m.name(),
        "short_name": m.text("short_name", max_length=60),
        "kind": m.choice("kind", OrganisationKind, _("aktörstyp")),
        "parent": m.reference("parent", "organisation", organisations),
        "reference_code": _reference_code(checker, m, codes),
        "website": _url(m, "website"),
        "description": m.text("description"),
    }


def _parse_person(m: _Map, organisations: set[str]) -> dict[str, Any]:
    email = m.text("email", max_length=254)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            m.error("email", _("%(value)s är inte en e-postadress") % {"value": _quoted(email)})
    return {
        "name": m.name(),
        "title": m.text("title", max_length=200),
        "organisation": m.reference("organisation", "organisation", organisations),
        "kind": m.choice("kind", PersonKind, _("persontyp"), default=PersonKind.OFFICIAL),
        "email": email,
        "phone": m.text("phone", max_length=40),
        "is_public_contact": m.boolean("is_public_contact"),
    }


def _check_period(m: _Map, start: date | None, end: date | None, end_key: str) -> None:
    if start and end and end < start:
        m.error(
            end_key,
            _("slutdatumet %(end)s ligger före startdatumet %(start)s")
            % {"end": end, "start": start},
        )


def _parse_group(m: _Map, names: dict[str, set[str]]) -> dict[str, Any]:
    name = m.name()
    kind = m.choice("kind", GroupKind, _("grupptyp"))
    cadence = m.choice("cadence", Cadence, _("mötesfrekvens"), default=Cadence.CUSTOM)
    meetings_per_year = m.integer("meetings_per_year", minimum=1, maximum=366)
    interval_weeks = m.integer("interval_weeks", minimum=1, maximum=52)
    if (
        cadence == Cadence.TIMES_PER_YEAR
        and meetings_per_year is None
        and "meetings_per_year" not in m.raw
    ):
        m.error("cadence", _("times_per_year kräver fältet meetings_per_year (antal möten per år)"))
    if (
        cadence == Cadence.EVERY_N_WEEKS
        and interval_weeks is None
        and "interval_weeks" not in m.raw
    ):
        m.error("cadence", _("every_n_weeks kräver fältet interval_weeks (veckor mellan mötena)"))
    weekday = None
    raw_weekday = m.get("meeting_weekday")
    if raw_weekday is not None:
        if isinstance(raw_weekday, str) and raw_weekday.strip().lower() in WEEKDAYS:
            weekday = WEEKDAYS[raw_weekday.strip().lower()]
        else:
            m.error(
                "meeting_weekday",
                _("okänd veckodag %(value)s. Tillåtna värden: %(allowed)s")
                % {"value": _quoted(raw_weekday), "allowed": ", ".join(WEEKDAYS)},
            )
    start_date, end_date = m.date("start_date"), m.date("end_date")
    _check_period(m, start_date, end_date, "end_date")
    groups = names["group"]
    reports_to = m.reference("reports_to", "group", groups)
    appointed_by = m.reference("appointed_by", "group", groups)
    coordinates = m.reference_list("coordinates", "group", groups)
    if name and name in coordinates:
        m.error("coordinates", _("en grupp kan inte samordna sig själv"))

    members = []
    organisation_members = []
    seen_people: set[str] = set()
    seen_organisations: set[str] = set()
    for member in m.maps("members", MEMBER_KEYS):
        if "person" not in member.raw and "organisation" in member.raw:
            # An actor taking part without a named person.
            organisation = member.reference("organisation", "organisation", names["organisation"])
            start, end = member.date("start_date"), member.date("end_date")
            _check_period(member, start, end, "end_date")
            role = member.choice("role", MembershipRole, _("roll"), default=MembershipRole.MEMBER)
            if organisation and organisation in seen_organisations:
                member.error(
                    "organisation",
                    _("%(name)s deltar redan i gruppen utan namngiven person")
                    % {"name": _quoted(organisation)},
                )
            elif organisation:
                seen_organisations.add(organisation)
                organisation_members.append(
                    {
                        "organisation": organisation,
                        "role": role,
                        "start_date": start,
                        "end_date": end,
                    }
                )
            continue
        person = member.reference("person", "person", names["person"])
        if "person" not in member.raw:
            member.error(
                "person",
                _(
                    "fältet saknas men måste finnas (eller skriv bara organisation: för en aktör "
                    "som deltar utan namngiven person)"
                ),
            )
        if person and person in seen_people:
            member.error(
                "person", _("%(name)s står redan som medlem i gruppen") % {"name": _quoted(person)}
            )
            continue
        start, end = member.date("start_date"), member.date("end_date")
        _check_period(member, start, end, "end_date")
        entry = {
            "person": person,
            "organisation": member.reference("organisation", "organisation", names["organisation"]),
            "role": member.choice("role", MembershipRole, _("roll"), default=MembershipRole.MEMBER),
            "start_date": start,
            "end_date": end,
        }
        if person:
            seen_people.add(person)
            members.append(entry)

    functions = []
    seen_functions: set[str] = set()
    items = m.maps("specialist_functions", SPECIALIST_KEYS)
    if items and kind and kind != GroupKind.COORDINATION_UNIT:
        m.error(
            "specialist_functions",
            _("specialistfunktioner hör till en samordningsenhet (kind: samordningsenhet)"),
        )
    for item in items:
        function_name = item.text("name", required=True, max_length=NAME_LENGTH)
        if function_name in seen_functions:
            item.error(
                "name",
                _("funktionen %(name)s finns redan i gruppen") % {"name": _quoted(function_name)},
            )
            continue
        seen_functions.add(function_name)
        functions.append(
            {
                "name": function_name,
                "description": item.text("description"),
                "coordinator": item.reference("coordinator", "person", names["person"]),
            }
        )
    return {
        "name": name,
        "short_name": m.text("short_name", max_length=60),
        "kind": kind,
        "mandate": m.choice("mandate", Mandate, _("mandat")),
        "area": m.reference("area", "area", names["area"]),
        "reports_to": reports_to,
        "appointed_by": appointed_by,
        "coordinates": sorted(coordinates),
        "convening_organisation": m.reference(
            "convening_organisation", "organisation", names["organisation"]
        ),
        "purpose": m.text("purpose"),
        "cadence": cadence,
        "meetings_per_year": meetings_per_year,
        "interval_weeks": interval_weeks,
        "meeting_weekday": weekday,
        "cadence_note": m.text("cadence_note", max_length=200),
        "acute_triggers": m.text_list("acute_triggers"),
        "start_date": start_date,
        "end_date": end_date,
        "internal_notes": m.text("internal_notes"),
        "members": members,
        "organisation_members": organisation_members,
        "specialist_functions": functions,
    }


def _parse_document(
    checker: _Checker, m: _Map, names: dict[str, set[str]], base_dir: Path | None
) -> dict[str, Any]:
    valid_from, valid_until = m.date("valid_from"), m.date("valid_until")
    _check_period(m, valid_from, valid_until, "valid_until")
    years = _valid_years(m)
    if years is not None:
        if "valid_from" in m.raw or "valid_until" in m.raw:
            m.error(
                "valid_years",
                _("skriv antingen valid_years eller valid_from/valid_until, inte båda"),
            )
        else:
            valid_from, valid_until = date(years[0], 1, 1), date(years[1], 12, 31)
    title = m.name("title")
    part_of = m.reference("part_of", "document", names["document"])
    if part_of and part_of == title:
        m.error("part_of", _("ett dokument kan inte vara en del av sig självt"))
        part_of = None
    area = m.reference("area", "area", names["area"])
    covers = m.reference_list("areas", "area", names["area"])
    if area and area in covers:
        m.error(
            "areas",
            _("området %(name)s står redan i area; lista bara de andra områdena här")
            % {"name": _quoted(area)},
        )
    file_path = None
    relative = m.text("file", max_length=500)
    if relative:
        pure = PurePosixPath(relative.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts:
            m.error(
                "file",
                _("sökvägen ska vara relativ till organisationsfilens mapp, utan ”..”"),
            )
        elif base_dir is None:
            checker.warn(
                m.sub("file"),
                m.line_of("file"),
                _(
                    "filen %(file)s följer inte med en uppladdad organisationsfil; ladda upp den "
                    "på dokumentets sida"
                )
                % {"file": _quoted(relative)},
            )
        elif not (base_dir / pure).is_file():
            checker.warn(
                m.sub("file"),
                m.line_of("file"),
                _("filen %(file)s finns inte; dokumentet importeras utan fil")
                % {"file": _quoted(relative)},
            )
        else:
            file_path = base_dir / pure
    return {
        "title": title,
        "kind": m.choice("kind", DocumentKind, _("dokumenttyp")),
        "part_of": part_of,
        "area": area,
        "areas": sorted(covers),
        "places": sorted(m.reference_list("places", "place", names["place"])),
        "parties": sorted(m.reference_list("parties", "organisation", names["organisation"])),
        "summary": m.text("summary"),
        "goals": m.text_list("goals"),
        "valid_from": valid_from,
        "valid_until": valid_until,
        "valid_in_years": years is not None and "valid_from" not in m.raw,
        "commitments": _commitments(m, names["organisation"]),
        "adopted_on": m.date("adopted_on"),
        "adopted_by": m.text("adopted_by", max_length=200),
        "next_review": m.date("next_review"),
        "url": _url(m, "url"),
        "file": file_path,
    }


_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–—]\s*(\d{4})\s*)?$")


def _valid_years(m: _Map) -> tuple[int, int] | None:
    """``valid_years: 2025``, ``[2025, 2027]`` or ``"2025–2027"``: whole calendar years."""
    raw = m.get("valid_years")
    if raw is None:
        return None
    first = last = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        first = last = int(raw)
    elif isinstance(raw, list) and len(raw) in (1, 2):
        if all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
            first, last = int(raw[0]), int(raw[-1])
    elif isinstance(raw, str) and (match := _YEARS.match(raw)):
        first = int(match.group(1))
        last = int(match.group(2) or first)
    if first is None or last is None:
        m.error(
            "valid_years",
            _(
                "%(value)s är inte år. Skriv valid_years: [2025, 2027] (första och sista året) "
                "eller valid_years: 2026"
            )
            % {"value": _quoted(_plain(raw))},
        )
        return None
    if not (1900 <= first <= 2100 and 1900 <= last <= 2100):
        m.error("valid_years", _("åren ska ligga mellan 1900 och 2100"))
        return None
    if last < first:
        m.error(
            "valid_years",
            _("sista året %(last)s ligger före första året %(first)s")
            % {"last": last, "first": first},
        )
        return None
    return first, last


def _commitments(m: _Map, organisations: set[str]) -> list[dict[str, Any]]:
    """Commitments with a frequency: ``{text: Trygghetsvandring, count: 1, per: year}``."""
    result = []
    for item in m.maps("commitments", COMMITMENT_KEYS):
        text = item.text("text", required=True, max_length=300)
        count = item.integer("count", minimum=1, maximum=1000)
        per = item.choice("per", CommitmentPeriod, _("period"), default="")
        if "count" in item.raw and "per" not in item.raw:
            item.error("per", _("count kräver per (day, week, month, quarter eller year)"))
        elif "per" in item.raw and "count" not in item.raw:
            item.error("count", _("per kräver count (antal gånger per period)"))
        result.append(
            {
                "text": text,
                "count": count,
                "per": per or "",
                "organisation": item.reference("organisation", "organisation", organisations),
            }
        )
    return result


def _parse_answer(m: _Map, seen: dict[str, int | None]) -> dict[str, Any] | None:
    key = m.text("question", required=True)
    if key and key not in QUESTIONS_BY_KEY:
        m.error(
            "question",
            _("okänd uppstartsfråga %(key)s%(hint)s. Tillåtna frågor: %(allowed)s")
            % {
                "key": _quoted(key),
                "hint": _did_you_mean(key, QUESTIONS_BY_KEY),
                "allowed": ", ".join(q.key for q in QUESTIONS),
            },
        )
        key = ""
    elif key in seen:
        m.error(
            "question",
            _("frågan %(key)s är redan besvarad på rad %(line)s")
            % {"key": _quoted(key), "line": seen[key]},
        )
        key = ""
    answer = {
        "question": key,
        "answer": m.text("answer", required=True),
        "answered_by": m.text("answered_by", max_length=200),
        "answered_at": m.timestamp("answered_at"),
    }
    if not key:
        return None
    seen[key] = m.line_of("question")
    return answer


def parse_organisation_file(
    text: str, *, filename: str, base_dir: Path | None = None
) -> ParsedOrganisation:
    """Check an organisation file and return its content as plain data.

    Raises ``OrganisationFileError`` with every problem found. ``base_dir`` is the folder that
    documents' ``file:`` paths are relative to; without it (an upload through the web) the
    files are skipped with a warning, so that a file can never read from the server's disk.
    """
    # Characters, not bytes: the cap guards the parser's work, and the upload form and the
    # command have refused a file of more bytes before decoding it.
    check_size(len(text))
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark from Windows editors
    raw = _load(text)
    if not isinstance(raw, dict):
        raise OrganisationFileError(
            [FileError("", 1, _("filen ska börja med fält som municipality:, areas:, groups: …"))]
        )
    checker = _Checker()
    root = _Map(checker, raw, "", 1, SECTIONS)
    version = raw.get("version")
    if version is not None and version != FORMAT_VERSION:
        root.error(
            "version",
            _(
                "filformatet version %(v)s stöds inte; den här versionen av samverka "
                "läser version %(ok)s"
            )
            % {"v": version, "ok": FORMAT_VERSION},
        )

    municipality = _parse_municipality(root)
    area_maps = root.maps("areas", AREA_KEYS)
    place_maps = root.maps("places", PLACE_KEYS)
    organisation_maps = root.maps("organisations", ORGANISATION_KEYS)
    person_maps = root.maps("people", PERSON_KEYS)
    group_maps = root.maps("groups", GROUP_KEYS)
    document_maps = root.maps("documents", DOCUMENT_KEYS)
    answer_maps = root.maps("setup_answers", ANSWER_KEYS)

    # Names first, so that references may point forwards in the file.
    names = {
        "area": _names(checker, area_maps, "name", _("området")),
        "organisation": _names(checker, organisation_maps, "name", _("aktören")),
        "person": _names(checker, person_maps, "name", _("personen")),
        "group": _names(checker, group_maps, "name", _("gruppen")),
    }
    names["place"] = _names(checker, place_maps, "name", _("platsen"))
    names["document"] = _names(checker, document_maps, "title", _("dokumentet"))

    areas = [_parse_area(m, names["area"]) for m in area_maps]
    places = [_parse_place(m, names["area"]) for m in place_maps]
    codes: dict[str, int | None] = {}
    organisations = [
        _parse_organisation(checker, m, names["organisation"], codes) for m in organisation_maps
    ]
    people = [_parse_person(m, names["organisation"]) for m in person_maps]
    groups = [_parse_group(m, names) for m in group_maps]
    documents = [_parse_document(checker, m, names, base_dir) for m in document_maps]
    seen_answers: dict[str, int | None] = {}
    answers = [a for m in answer_maps if (a := _parse_answer(m, seen_answers)) is not None]

    _check_cycles(
        checker,
        area_maps,
        "parent",
        {a["name"]: a["parent"] for a in areas},
        _("områdena ingår i varandra i en cirkel: %(chain)s"),
    )
    _check_cycles(
        checker,
        organisation_maps,
        "parent",
        {o["name"]: o["parent"] for o in organisations},
        _("aktörerna är delar av varandra i en cirkel: %(chain)s"),
    )
    _check_cycles(
        checker,
        group_maps,
        "reports_to",
        {g["name"]: g["reports_to"] for g in groups},
        _("grupperna rapporterar till varandra i en cirkel: %(chain)s"),
    )
    _check_cycles(
        checker,
        document_maps,
        "part_of",
        {d["title"]: d["part_of"] for d in documents},
        _("dokumenten är delar av varandra i en cirkel: %(chain)s"),
        name_key="title",
    )
    _check_cycles(
        checker,
        group_maps,
        "appointed_by",
        {g["name"]: g["appointed_by"] for g in groups},
        _("grupperna tillsätter varandra i en cirkel: %(chain)s"),
    )

    if checker.errors:
        errors = sorted(checker.errors, key=lambda e: e.line or 0)
        raise OrganisationFileError(errors)
    data = {
        "version": FORMAT_VERSION,
        "municipality": municipality,
        "areas": areas,
        "places": places,
        "organisations": organisations,
        "people": people,
        "groups": groups,
        "documents": documents,
        "setup_answers": answers,
    }
    return ParsedOrganisation(data=data, filename=filename, warnings=checker.warnings)
