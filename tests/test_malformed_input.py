"""Malformed input never crashes a page or the API: every form and endpoint alice (coordinator of
Testby) may write to in the authorization matrix gets garbage, and answers with a message — a 4xx
or the form again — never a 500. A refused write (400/403/404) leaves the database as it was.

Pages: the form's field names (and current values) are read from the page's HTML; then every field
at once, and every field on its own on top of otherwise valid values, gets each bad value.
API: POST to the list endpoints and PATCH to the detail endpoints with wrongly typed JSON.

A crash is collected (URL, payload, traceback) rather than raised, so one run lists them all.
"""

from __future__ import annotations

import itertools
import json
import traceback
from collections.abc import Callable, Iterator
from functools import partial
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from samverka.accounts.models import User
from samverka.areas.models import Area, Place
from samverka.core.testing import World, make_person
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    Membership,
    Organisation,
    Person,
    SpecialistFunction,
)
from tests.test_authorization_matrix import DONE, MATRIX, Row, _counts, _snapshot

HUGE = "x" * 10_000
NUL = "ab\x00c"
# Values every form field gets, all at once and one field at a time.
BAD_VALUES: list[str] = [
    HUGE,
    "abc",
    "-1",
    "2026-02-31",
    "31/02/2026",
    "999999",
    "2147483648",  # one more than a 32-bit integer column holds
    "99999999999999999999",  # more than a 64-bit integer holds
    "nan",
    "inf",
    NUL,
    "",
]
REFUSED_STATUSES = (400, 403, 404)


def _foreign_ids(w: World) -> dict[str, int]:
    """Primary keys of objects of Annanstad (the municipality alice has no role in)."""
    person = make_person(w.annanstad, "Annanstadsbo")
    document = GoverningDocument.objects.create(
        municipality=w.annanstad, title="Annanstads plan", kind="policy"
    )
    return {
        "area": w.other_area.pk,
        "group": w.other_group.pk,
        "organisation": w.other_organisation.pk,
        "person": person.pk,
        "document": document.pk,
        "user": w.olle.pk,
    }


# --- Parsing the form out of a page ---------------------------------------------------------


class _Form:
    def __init__(self, action: str, method: str, multipart: bool) -> None:
        self.action = action
        self.method = method
        self.multipart = multipart
        self.fields: dict[str, str] = {}  # name -> input type ("select", "textarea", …)
        self.values: dict[str, list[str]] = {}  # the values the browser would send as is


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[_Form] = []
        self._form: _Form | None = None
        self._select: str | None = None
        self._option_value: str | None = None
        self._option_selected = False
        self._option_text = ""
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = _Form(
                a.get("action", ""),
                a.get("method", "get").lower(),
                "multipart" in a.get("enctype", ""),
            )
            self.forms.append(self._form)
            return
        form, name = self._form, a.get("name")
        if form is None:
            return
        if tag in ("input", "button") and name:
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            form.fields.setdefault(name, kind)
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.values.setdefault(name, []).append(a.get("value") or "on")
            elif kind not in ("file", "submit", "button", "image", "reset"):
                form.values.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            form.fields.setdefault(name, "select")
            self._select = name
        elif tag == "option" and self._select:
            self._option_value = a.get("value")
            self._option_selected = "selected" in a
            self._option_text = ""
        elif tag == "textarea" and name:
            form.fields.setdefault(name, "textarea")
            self._textarea, self._text = name, ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data
        if self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if tag == "form":
            self._form = None
        elif form is None:
            return
        elif tag == "option" and self._select is not None:
            if self._option_selected:
                value = self._option_value
                form.values.setdefault(self._select, []).append(
                    value if value is not None else self._option_text.strip()
                )
            self._option_value, self._option_selected = None, False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            form.values.setdefault(self._textarea, []).append(self._text.removeprefix("\n"))
            self._textarea = None


def _post_form(html: str, url: str, page_url: str) -> _Form | None:
    """The POST form on the page that submits to ``url``."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form.method != "post":
            continue
        target = urlsplit(form.action).path if form.action else urlsplit(page_url).path
        if target == url:
            return form
    return None


# --- The pages ------------------------------------------------------------------------------

# Pages whose form is shown on another page (no GET of their own), or whose own form starts
# empty: where to read the field names and a set of valid values.
FORM_PAGE: dict[str, Callable[[World], str]] = {
    "areas:population_set": lambda w: reverse(
        "areas:detail", kwargs={"municipality": "testby", "pk": w.area.pk}
    ),
    "areas:population_delete": lambda w: reverse(
        "areas:detail", kwargs={"municipality": "testby", "pk": w.area.pk}
    ),
    "accounts:logout": lambda w: reverse(
        "organisation:municipality", kwargs={"municipality": "testby"}
    ),
    "set_language": lambda w: reverse(
        "organisation:municipality", kwargs={"municipality": "testby"}
    ),
}
# A create page starts empty; its edit page's values make a valid base to vary one field of.
VALID_FROM: dict[str, str] = {
    "areas:create": "areas:edit",
    "areas:place_create": "areas:place_edit",
    "users:create": "users:edit",
    "organisation:group_create": "organisation:group_edit",
    "organisation:membership_create": "organisation:membership_edit",
    "organisation:specialist_create": "organisation:specialist_edit",
    "organisation:organisation_create": "organisation:organisation_edit",
    "organisation:person_create": "organisation:person_edit",
    "organisation:document_create": "organisation:document_edit",
}
# Fields that must be unique: a counter keeps the valid base valid on every create.
UNIQUE_FIELDS = ("name", "title", "username", "email")

PAGE_ROWS = [
    row
    for row in MATRIX
    if not row.name.startswith("api-")
    and "POST" in row.expect
    and row.expect["POST"]["alice"] in (DONE, 200, 302)
]


def _row(name: str) -> Row:
    return next(r for r in MATRIX if r.name == name)


def _url(w: World, name: str) -> str:
    row = _row(name)
    return reverse(name, kwargs=row.kwargs(w) if row.kwargs else None)


def _tampered_urls(w: World, name: str, foreign: dict[str, int]) -> Iterator[str]:
    """The row's URL with each id in it replaced by one that does not exist or is Annanstad's."""
    row = _row(name)
    kwargs = row.kwargs(w) if row.kwargs else {}
    # An Annanstad id that happens to be the id of a Testby object of another kind is no tamper.
    own = {
        pk
        for queryset in (
            *(
                model._default_manager.filter(municipality=w.testby)
                for model in (Area, Place, Group, Organisation, Person, GoverningDocument)
            ),
            Membership.objects.filter(group__municipality=w.testby),
            SpecialistFunction.objects.filter(group__municipality=w.testby),
            User.objects.exclude(pk=w.olle.pk),
        )
        for pk in queryset.values_list("pk", flat=True)
    }
    for key, value in kwargs.items():
        if isinstance(value, int) and not isinstance(value, bool):
            ids = [0, 999999, 99999999999999999999, *(i for i in foreign.values() if i not in own)]
            for bad in ids:
                yield reverse(name, kwargs={**kwargs, key: bad})


class _Crashes:
    """Collects every 500 (and every refused request that changed the database)."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.before = _counts()
        assert self.before == _snapshot()

    def check(self, method: str, url: str, payload: Any, send: Callable[[], Any]) -> Any:
        before = self.before
        # A savepoint per request: a database error inside one request (PostgreSQL aborts the
        # transaction) must not spill over into the next one.
        sid = transaction.savepoint()
        response = send()
        if response.status_code >= 500:
            transaction.savepoint_rollback(sid)
            exc_info = getattr(response, "exc_info", None)
            trace = "".join(traceback.format_exception(*exc_info)) if exc_info else "(none)"
            self.problems.append(
                f"{method} {url} → {response.status_code}\n  payload: {_short(payload)}\n{trace}"
            )
            self.before = _counts()
            return response
        transaction.savepoint_commit(sid)
        self.before = _counts()
        if response.status_code in REFUSED_STATUSES and self.before != before:
            changed = {k: (before[k], v) for k, v in self.before.items() if before.get(k) != v}
            self.problems.append(
                f"{method} {url} → {response.status_code} but the database changed: {changed}\n"
                f"  payload: {_short(payload)}"
            )
        return response

    def assert_none(self) -> None:
        assert not self.problems, f"{len(self.problems)} problem(s):\n\n" + "\n\n".join(
            self.problems[:15]
        )


def _short(payload: Any) -> str:
    text = repr(payload)
    return text if len(text) < 600 else text[:600] + "…"


def _client(w: World) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(w.alice)
    return client


def _fixed(values: dict[str, list[str]], counter: Iterator[int]) -> dict[str, Any]:
    """A copy of the valid values with the unique fields made unique again."""
    n = next(counter)
    data: dict[str, Any] = {k: list(v) for k, v in values.items()}
    for name in UNIQUE_FIELDS:
        if data.get(name) and data[name][0]:
            first = data[name][0]
            data[name] = [f"n{n}.{first}" if name == "email" else f"{first} {n}"]
    return data


# Per-field bad values by the kind of input: each on top of otherwise valid values, so that it
# gets past the rest of the form to the service and the database.
FIELD_VALUES: dict[str, list[str]] = {
    "select": ["abc", "-1", "999999", "99999999999999999999", "1\x00"],
    "number": ["abc", "-1", "2147483648", "99999999999999999999", "nan", "inf", "1e400"],
    "date": ["2026-02-31", "31/02/2026", "0001-01-01", "9999-12-31", "99999-01-01"],
    "checkbox": ["abc", NUL],
    "text": [HUGE, NUL],
}
FIELD_KIND = {"select": "select", "hidden": "select", "radio": "select", "number": "number"}
FIELD_KIND |= {"date": "date", "checkbox": "checkbox"}


def _page_payloads(
    form: _Form, base: dict[str, list[str]], foreign: dict[str, int]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """(POST data, files) pairs: the empty POST, every field bad at once, then each field bad on
    its own on top of valid values."""
    counter = itertools.count(1)
    names = [
        n
        for n, kind in form.fields.items()
        if kind not in ("file", "submit") and n != "csrfmiddlewaretoken"
    ]
    file_fields = [n for n, kind in form.fields.items() if kind == "file"]
    yield {}, {}
    yield _fixed(base, counter), {}
    for value in [*BAD_VALUES, *(str(pk) for pk in foreign.values())]:
        yield dict.fromkeys(names, value), {}
    for name in names:
        kind = FIELD_KIND.get(form.fields[name], "text")
        values: list[Any] = list(FIELD_VALUES[kind])
        if kind == "select":
            values += [str(pk) for pk in foreign.values()]
            # Several values, for a single-valued field too (a list of ids for a multiple one).
            values.append(["abc", "-1", str(foreign["group"])])
            values.append(["99999999999999999999"])
        for value in values:
            data = _fixed(base, counter)
            data[name] = value
            yield data, {}
    for name in file_fields:
        for filename, content in [
            ("gräns.geojson", b"\x00\xff\xfe not json"),
            ("gräns.geojson", b'{"type": "Polygon", "coordinates": [[["a", null]]]}'),
            ("gräns.geojson", b'{"type": "FeatureCollection", "features": [[]]}'),
            ("gräns.json", b"[1, 2, 3]"),
            ("x" * 300 + ".txt", b"abc"),
            ("../../etc/passwd", b"abc"),
            ("tom.pdf", b""),
            ("djup.geojson", b"[" * 100_000 + b"]" * 100_000),
            ("gräns.geojson", POLYGON_WITH_BAD_CRS.encode()),
            (
                "gräns.geojson",
                b'{"type": "Polygon", "coordinates": [[[1e400, 57], [13, 57], [13, 58]]]}',
            ),
        ]:
            upload = SimpleUploadedFile(filename, content)
            yield _fixed(base, counter), {name: upload}


def _send_page(client: Client, url: str, data: dict[str, Any], files: dict[str, Any]) -> Any:
    return client.post(url, {**data, **files})


@pytest.mark.parametrize("name", [row.name for row in PAGE_ROWS])
def test_page_form_never_crashes_on_malformed_input(
    prepared_foreign: tuple[World, dict[str, int]], db: None, name: str
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    url = _url(world, name)
    crashes = _Crashes()

    page_url = FORM_PAGE[name](world) if name in FORM_PAGE else url
    form: _Form | None = None
    row = _row(name)
    if name in FORM_PAGE or ("GET" in row.expect and row.expect["GET"]["alice"] == 200):
        page = client.get(page_url)
        assert page.status_code == 200, f"GET {page_url}: {page.status_code}"
        form = _post_form(page.content.decode(), url, page_url)
        assert form is not None, f"no POST form for {url} on {page_url}"
    form = form or _Form(url, "post", False)
    base = dict(form.values)
    if name in VALID_FROM:
        edit_url = _url(world, VALID_FROM[name])
        edit_form = _post_form(client.get(edit_url).content.decode(), edit_url, edit_url)
        assert edit_form is not None
        base = {k: v for k, v in edit_form.values.items() if k in form.fields}
    if name == "organisation:membership_create":
        # bob already sits in the group; carol does not.
        base["person"] = [str(world.carol_person.pk)]

    for data, files in _page_payloads(form, base, foreign):
        if name == "accounts:logout":
            client.force_login(world.alice)
        crashes.check(
            "POST",
            url,
            data | {k: f.name for k, f in files.items()},
            partial(_send_page, client, url, data, files),
        )
    crashes.assert_none()


def test_tampered_id_in_the_url_is_not_found(
    prepared_foreign: tuple[World, dict[str, int]], db: None
) -> None:
    """Every URL with an id in it, read and written with an id that does not exist, is too large
    for the database or is Annanstad's: a 4xx, never a 500 (one world: nothing real is hit)."""
    world, foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    for row in MATRIX:
        for bad_url in _tampered_urls(world, row.name, foreign):
            for method in row.expect:
                body = "{}" if row.name.startswith("api-") else ""
                crashes.check(method, bad_url, {}, partial(_send, client, method, bad_url, body))
    crashes.assert_none()


# --- The API --------------------------------------------------------------------------------


class Raw(str):
    """JSON text put into the body as it is: a number no float holds, nesting deeper than any
    parser's recursion limit."""


API_WRONG_TYPES: list[Any] = [None, {"a": 1}, [1, 2], "abc", "", True, 1.5, HUGE, NUL]
API_BAD_NUMBERS: list[Any] = [-1, 999999, 2**31, 2**63, 10**30, "999999", "nan", "inf"]
API_BAD_NUMBERS += [Raw("1e400"), Raw("-1e400")]  # JSON numbers that parse as infinite floats
API_BAD_LISTS: list[Any] = [["abc"], [{"a": 1}], [None], [2**63]]
API_BAD_DATES = ["2026-02-31", "31/02/2026", "0001-01-01", "10000-01-01", "2026-01-01T12:00:00"]


DEEP = Raw("[" * 100_000 + "]" * 100_000)
SQUARE = [[[12.0, 57.0], [13.0, 57.0], [13.0, 58.0], [12.0, 57.0]]]
POLYGON_WITH_BAD_CRS = json.dumps(
    {"type": "Polygon", "coordinates": SQUARE, "crs": {"type": "name", "properties": "3006"}}
)
# For JSON-valued fields (an area's boundary): objects that look like GeoJSON but are not.
API_BAD_OBJECTS: list[Any] = [
    json.loads(POLYGON_WITH_BAD_CRS),
    {"type": "Polygon", "coordinates": SQUARE, "crs": [1]},
    {"type": "Feature", "geometry": [1]},
    {"type": "FeatureCollection", "features": {"a": 1}},
    {"type": "Polygon", "coordinates": [[["a\x00", None]]]},
    {"type": "MultiPolygon", "coordinates": [[SQUARE[0]] * 3] * 2, "x\x00": "\x00"},
    Raw('{"type": "Polygon", "coordinates": [[[1e400, 57], [13, 57], [13, 58]]]}'),
]


def _body(payload: Any) -> str:
    """The JSON text of ``payload``, with Raw values inserted as they are."""
    raws: list[Raw] = []

    def mark(value: Any) -> Any:
        if isinstance(value, Raw):
            raws.append(value)
            return f"@raw{len(raws) - 1}@"
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        if isinstance(value, list):
            return [mark(v) for v in value]
        return value

    text = json.dumps(mark(payload))
    for i, raw in enumerate(raws):
        text = text.replace(f'"@raw{i}@"', raw)
    return text


def _api_field_values(value: Any, foreign: dict[str, int]) -> list[Any]:
    """Bad values for one field, by the type of its current value (None: could be anything)."""
    values = list(API_WRONG_TYPES)
    if isinstance(value, str):
        if value[:4].isdigit() and value[4:5] == "-":
            values += API_BAD_DATES
        return values
    values += API_BAD_NUMBERS + API_BAD_LISTS + [*foreign.values(), list(foreign.values())]
    if value is None or isinstance(value, dict):
        values += API_BAD_DATES + API_BAD_OBJECTS
    return values


# Whole bodies that are not an object of fields (the raw text is sent as is).
API_BAD_BODIES = [
    "[]",
    '"abc"',
    "null",
    "123",
    "{",
    '{"name": "a\\u0000b"}',
    "\x00",
    "{}",
    '{"name": "\\ud800"}',  # a lone surrogate
    DEEP,
    '{"name": ' + DEEP + "}",
]

API_WRITE_ROWS = [
    (row.name, method)
    for row in MATRIX
    if row.name.startswith("api-")
    for method in ("POST", "PATCH")
    if method in row.expect and row.expect[method]["alice"] == DONE
]


def _api_base(w: World, name: str, client: Client) -> dict[str, Any]:
    """A valid body to vary one field of: the representation of an existing object."""
    if name == "api-setup-answer-list":
        return {"question_key": "malgrupper", "answer": "Ungdomar i Norra Testby"}
    detail = name.removesuffix("-list") + "-detail"
    if not any(row.name == detail for row in MATRIX):
        return {}  # an action (approve, adopt, sign …): no representation to start from
    response = client.get(_url(w, detail))
    if response.status_code == 405:
        return {}  # a detail route that only deletes (a problem's evidence): nothing to read
    assert response.status_code == 200, response.content
    base = dict(response.json())
    base.pop("id", None)
    if name == "api-membership-list":
        base["person"] = w.carol_person.pk  # carol is not in the group yet
    return base


def _api_payloads(
    base: dict[str, Any], foreign: dict[str, int], method: str
) -> Iterator[dict[str, Any]]:
    counter = itertools.count(1)

    def valid() -> dict[str, Any]:
        if method == "PATCH":
            return {}
        n = next(counter)
        data = dict(base)
        for name in UNIQUE_FIELDS:
            if isinstance(data.get(name), str) and data[name]:
                data[name] = f"{data[name]} {n}"
        return data

    for value in [*API_WRONG_TYPES, *API_BAD_NUMBERS, *API_BAD_LISTS, *API_BAD_DATES]:
        yield dict.fromkeys(base, value)
    for name, current in base.items():
        for value in _api_field_values(current, foreign):
            yield valid() | {name: value}
    yield valid() | {"finns_inte": 1}


def _send(client: Client, method: str, url: str, body: str) -> Any:
    return client.generic(method, url, body, content_type="application/json")


@pytest.mark.parametrize(("name", "method"), API_WRITE_ROWS)
def test_api_never_crashes_on_malformed_json(
    prepared_foreign: tuple[World, dict[str, int]], db: None, name: str, method: str
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    if method == "POST":
        url = _url(world, name)
        base = _api_base(world, name, client)
    else:
        url = _url(world, name)
        list_name = name.removesuffix("-detail") + "-list"
        base = (
            _api_base(world, list_name, client)
            if list_name != "api-municipality-list"
            else {k: v for k, v in client.get(url).json().items() if k != "id"}
        )
    crashes = _Crashes()

    def check(payload: Any, body: str) -> None:
        response = crashes.check(method, url, payload, partial(_send, client, method, url, body))
        if response.status_code == 400:
            try:
                parsed = json.loads(response.content)
            except ValueError:
                parsed = None
            if not parsed:
                crashes.problems.append(
                    f"{method} {url} → 400 without a JSON message\n  payload: {_short(payload)}"
                )

    for raw in API_BAD_BODIES:
        check(raw, raw)
    for payload in _api_payloads(base, foreign, method):
        check(payload, _body(payload))
    crashes.assert_none()


def test_page_and_api_rows_are_found() -> None:
    """The parametrisation above covers the matrix's writable rows (it must not go empty)."""
    assert len(PAGE_ROWS) > 20
    assert {name for name, _ in API_WRITE_ROWS} >= {"api-area-list", "api-area-detail"}


def _errors(response: Any) -> list[str]:
    """The field and form messages on a page rendered again with its errors."""
    parser = _ErrorParser()
    parser.feed(response.content.decode())
    return parser.errors


class _ErrorParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self._depth or "error" in classes or "error-summary" in classes:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        self._depth = max(self._depth - 1, 0)

    def handle_data(self, data: str) -> None:
        if self._depth and data.strip():
            self.errors.append(data.strip())


def test_refusals_say_what_is_wrong_in_swedish(world: World) -> None:
    """The crashes found by the tests above, now each a 400 with a message a coordinator reads
    (a NUL byte too: PostgreSQL cannot store one, SQLite could)."""
    client = _client(world)
    before = _counts()

    def api(name: str, body: str) -> Any:
        response = client.post(
            reverse(name, kwargs={"municipality_slug": "testby"}),
            body,
            content_type="application/json",
        )
        assert response.status_code == 400, response.content
        return response.json()

    def page(name: str, data: dict[str, Any]) -> list[str]:
        response = client.post(reverse(name, kwargs={"municipality": "testby"}), data)
        assert response.status_code == 400
        return _errors(response)

    # A NUL is also a control character, which a one-line name refuses with its own message.
    assert (
        "Null-tecken är inte tillåtna."
        in api("api-organisation-list", '{"name": "Polis\\u0000en", "kind": "police"}')["name"]
    )
    assert "Null-tecken är inte tillåtna." in page(
        "organisation:organisation_create", {"name": "Polis\x00en", "kind": "police"}
    )
    # JSON nested deeper than Python's parser goes.
    assert "för många nivåer" in api("api-organisation-list", DEEP)["detail"]
    # 1e400 is an infinite float: no id.
    assert api("api-group-list", '{"name": "Ny", "area": 1e400}')["area"] == [
        "Ange ett id (ett heltal), inte float."
    ]
    # A crs member whose properties are not an object.
    body = {"name": "Ny", "kind": "primaromrade", "boundary": json.loads(POLYGON_WITH_BAD_CRS)}
    assert "crs" in api("api-area-list", json.dumps(body))["boundary"][0]
    area = {"name": "Ny", "kind": "primaromrade"}
    upload = SimpleUploadedFile("gräns.geojson", POLYGON_WITH_BAD_CRS.encode())
    assert any("crs" in e for e in page("areas:create", {**area, "boundary_file": upload}))
    upload = SimpleUploadedFile("gräns.geojson", b"[" * 100_000)
    errors = page("areas:create", {**area, "boundary_file": upload})
    assert any("inte giltig GeoJSON" in e for e in errors), errors
    # An id larger than the database holds, in a multiple choice.
    errors = page(
        "organisation:group_create",
        {"name": "Ny", "kind": "styrgrupp", "mandate": "decides", "coordinates": ["9" * 20]},
    )
    assert any("Välj ett giltigt alternativ" in e for e in errors), errors
    assert _counts() == before
