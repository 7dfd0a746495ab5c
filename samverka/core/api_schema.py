"""The OpenAPI schema says what the API really answers, errors included.

drf-spectacular documents the success of each operation only, yet every operation can answer 400
(a refused filter, body or NUL byte; ``samverka.core.middleware``), 401/403 (no login, no right)
and 404 (no such municipality, object or page); every operation with a body can answer 415 (a
body that is not JSON) and every delete 409 (other data still depends on the object). The error
bodies have the shapes of ``samverka.core.api.exception_handler``: an object with ``detail`` for
a refusal, and for invalid input an object of messages per field, a list of messages, or that
``detail``. This post-processing hook adds them to every operation that does not document them
itself, so clients, the docs and the fuzzing in tests/test_api_fuzz.py see one truth.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from drf_spectacular.utils import OpenApiParameter

from samverka.core.year_patterns import year_list, year_range

DETAIL = "ErrorDetail"
VALIDATION = "ValidationErrors"
HTTP_METHODS = ("get", "put", "post", "patch", "delete", "head", "options", "trace")

COMPONENTS: dict[str, dict[str, Any]] = {
    DETAIL: {
        "type": "object",
        "description": "A refusal with a message in Swedish (or English, if the user chose it).",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
    VALIDATION: {
        "description": (
            "Invalid input: messages per field (a field's messages, or the errors of a nested "
            "object or of each item of a list), a list of messages, or one ``detail``."
        ),
        "oneOf": [
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {"type": "string"}},
        ],
    },
}

# Status code, description and component, for every operation.
ALWAYS: list[tuple[str, str, str]] = [
    ("400", "Invalid input: a parameter, the body or a character that is not allowed.", VALIDATION),
    ("401", "Not signed in, or the API key is not valid.", DETAIL),
    ("403", "Signed in, but without the right to do this.", DETAIL),
    ("404", "No such municipality, object or page of results (or not one of yours).", DETAIL),
]
WITH_BODY: list[tuple[str, str, str]] = [
    ("415", "The body is not JSON (Content-Type application/json).", DETAIL),
]
ON_DELETE: list[tuple[str, str, str]] = [
    ("409", "Refused: other data still depends on this (e.g. sub-areas).", DETAIL),
]


def _response(description: str, component: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{component}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> Any:
    """drf-spectacular post-processing hook (``POSTPROCESSING_HOOKS``)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        schemas.setdefault(name, component)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in HTTP_METHODS:
                continue
            responses = operation.setdefault("responses", {})
            extra = ALWAYS + (WITH_BODY if "requestBody" in operation else [])
            extra += ON_DELETE if method == "delete" else []
            for status, description, ref in extra:
                responses.setdefault(status, _response(description, ref))
    _bound_urls(result)
    return result


# Django's URLValidator (as ``django.core.validators.URLValidator`` builds it, case written
# out): http(s) or ftp(s); a user and password; an IPv4 address, localhost or a domain whose
# top level is two to 63 letters (or punycode); a port; a path. (Django also takes an IPv6
# address in brackets; the schema leaves that out rather than describe IPv6 as a regex.)
# Django's classes ``[a-z\u00a1-\uffff0-9]`` (and with "-") written as what they leave out: a
# range of 65 000 characters costs every regex engine that expands it (the fuzzer's took minutes),
# the complement below 0xA1 costs nothing. The one difference: characters beyond U+FFFF, which
# Django refuses and these classes let through (the fuzzing's WEB_ADDRESS rule says so).
_ALNUM = r"[^\x00-/:-@\[-`{-\xa0]"  # a letter or digit of Django's
_ALNUM_DASH = r"[^\x00-,./:-@\[-`{-\xa0]"  # … or "-"
_ALPHA = r"[^\x00-@\[-`{-\xa0]"  # a letter of Django's
_ALPHA_DASH = r"[^\x00-,.-@\[-`{-\xa0]"  # … or "-"
_IPV4_PART = r"(?:0|25[0-5]|2[0-4][0-9]|1[0-9]?[0-9]?|[1-9][0-9]?)"
# Labels of up to 60 characters, at most three and the top level: within the 253 characters
# Django allows a host name (narrower than Django: what the schema promises is taken).
_LABEL = rf"{_ALNUM}(?:{_ALNUM_DASH}{{0,58}}{_ALNUM})?"
_TLD = rf"(?:{_ALPHA}(?:{_ALPHA_DASH}{{0,61}}{_ALPHA})|xn--[a-zA-Z0-9]{{1,59}})"
_HOST = (
    rf"(?:{_IPV4_PART}(?:\.{_IPV4_PART}){{3}}|localhost"
    rf"|{_LABEL}(?:\.{_LABEL}){{0,2}}\.{_TLD}\.?)"
)
URL_PATTERN = (
    r"^(?:[hH][tT][tT][pP][sS]?|[fF][tT][pP][sS]?)://(?:[^\s:@/]+(?::[^\s:@/]*)?@)?"
    + _HOST
    + r"(?::[0-9]{1,5})?(?:[/?#]\S*)?$"
)


def _bound_urls(node: Any) -> None:
    """Every URL (``format: uri``) is described by what Django's URL validation takes; a
    trimmed text's length is bounded by its pattern alone (``api_fields.TRIMMED``)."""
    if isinstance(node, dict):
        if node.get("format") == "uri" and node.get("type") == "string":
            # Django's grammar, not RFC 3986's (it takes e.g. letters like "ß" in a user name).
            del node["format"]
            node.setdefault("pattern", URL_PATTERN)
        if node.pop("x-trimmed", False):
            node.pop("maxLength", None)
        for value in node.values():
            _bound_urls(value)
    elif isinstance(node, list):
        for value in node:
            _bound_urls(value)


# --- Query parameters as the API parses them ---------------------------------------------------
# An id is a positive bigint (every table's primary key is a BigAutoField); the schema says so,
# so a fuzzer (or a client) knows 0, -1 and 2**63 are refused and every other number is asked.

MAX_ID = 2**63 - 1
ID_SCHEMA: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
_DIGITS = re.compile(r"[0-9]{1,19}")


def id_parameter(name: str, description: str, *, maximum: int = MAX_ID) -> OpenApiParameter:
    """An optional query parameter holding a row's id (``maximum``: where a view reads fewer
    digits)."""
    return OpenApiParameter(name, {**ID_SCHEMA, "maximum": maximum}, description=description)


def integer_parameter(name: str, description: str, *, low: int, high: int) -> OpenApiParameter:
    """An optional query parameter holding a whole number within ``low``–``high``."""
    schema = {"type": "integer", "minimum": low, "maximum": high}
    return OpenApiParameter(name, schema, description=description)


def choice_parameter(name: str, description: str, choices: list[str]) -> OpenApiParameter:
    """An optional query parameter holding one of ``choices``."""
    return OpenApiParameter(
        name, {"type": "string", "enum": list(choices)}, description=description
    )


def parse_id(raw: Any) -> int | None:
    """The id in a query parameter's text, or None when it is not one (ASCII digits, 1–MAX_ID)."""
    text = str(raw)
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def iso_week_pattern(first_year: int, last_year: int) -> str:
    """A regex (unanchored) for an ISO week "2026-W45" (or "2026W45") of ``first_year`` to
    ``last_year`` that exists: week 53 only in the years that have one."""
    years = year_range(first_year, last_year)
    long_years = year_list(
        y for y in range(first_year, last_year + 1) if date(y, 12, 28).isocalendar()[1] == 53
    )
    return rf"(?:{years}-?W(?:0[1-9]|[1-4][0-9]|5[0-2])|{long_years}-?W53)"


# The weeks the incident reports and "nothing to report" take (samverka.incidents.selectors).
WEEK = iso_week_pattern(2000, 2100)
WEEK_PATTERN = rf"^\s*{WEEK}\s*$"


def date_parameter(
    name: str, description: str, *, first_year: int, last_year: int, blank: bool = False
) -> OpenApiParameter:
    """An optional query parameter holding a day, ÅÅÅÅ-MM-DD, of ``first_year``–``last_year``
    (or, with ``blank``, nothing at all: "?start=" is no filter)."""
    day = rf"{year_range(first_year, last_year)}-[0-9]{{2}}-[0-9]{{2}}"
    schema: dict[str, Any] = {"type": "string", "format": "date", "pattern": rf"^{day}$"}
    if blank:  # "?start=" is no filter
        schema = {"oneOf": [schema, {"type": "string", "maxLength": 0}]}
    return OpenApiParameter(name, schema, description=description)


def period_pattern(first_year: int, last_year: int) -> str:
    """The periods of ``samverka.situation.periods.parse_period`` (any case, blanks around):
    two weeks "2026-W45/2026-W46", a week "2026-W45", a month "2026-11", a tertial "2026-T3"
    or a year "2026"; or nothing (the default period)."""
    year = year_range(first_year, last_year)
    long_years = year_list(
        y for y in range(first_year, last_year + 1) if date(y, 12, 28).isocalendar()[1] == 53
    )
    week = rf"(?:{year}-?[Ww](?:0?[1-9]|[1-4][0-9]|5[0-2])|{long_years}-?[Ww]53)"
    kinds = [
        rf"{week}/{week}",
        week,
        rf"(?:{year})-(?:0?[1-9]|1[0-2])",
        rf"(?:{year})-?[Tt][1-3]",
        rf"(?:{year})",
    ]
    return rf"^(?:\s*(?:{'|'.join(kinds)})\s*)?$"
