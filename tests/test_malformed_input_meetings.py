"""Malformed input never crashes a meeting page (the pattern of test_malformed_input.py).

That module already posts garbage to every page whose own GET shows its form. Here: the forms
that live on another page (the meeting page's agenda forms, the minutes page's attendance and
adjusters) or on none (a button), read from where they are shown and posted to with bad values;
the query strings the pages read (filters, years, ids to prefill a form) get garbage too; and the
agenda buttons are also pressed the htmx way.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from samverka.core.testing import World
from tests.authz.rows_meetings import STEERING_TITLE
from tests.test_malformed_input import (
    BAD_VALUES,
    _client,
    _Crashes,
    _Form,
    _page_payloads,
    _post_form,
    _send_page,
    _url,
)


def _meeting_pk(w: World) -> int:
    from samverka.meetings.models import Meeting

    return Meeting.objects.get(municipality=w.testby, title=STEERING_TITLE).pk


def _page(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"municipality": "testby", "pk": _meeting_pk(w)})


# Where each POST-only form is shown to alice (a coordinator).
FORM_PAGE: dict[str, Callable[[World], str]] = {
    "meetings:agenda_add": _page("meetings:detail"),
    "meetings:agenda_item_action": _page("meetings:detail"),
    "meetings:minutes_attendance": _page("meetings:minutes_edit"),
    "meetings:minutes_adjusters": _page("meetings:minutes_edit"),
}
# Forms alice is not shown on the prepared meeting (members suggest; a new version needs approved
# minutes; the buttons have no fields): their fields, as the templates name them.
MANUAL_FIELDS: dict[str, dict[str, str]] = {
    "meetings:agenda_suggest": {"forslag-title": "text", "forslag-description": "textarea"},
    "meetings:minutes_new_version": {"reason": "text"},
    "meetings:minutes_start": {},
    "meetings:proposal_withdraw": {},
}


@pytest.mark.parametrize("name", [*FORM_PAGE, *MANUAL_FIELDS])
def test_meeting_form_never_crashes_on_malformed_input(
    prepared_foreign: tuple[World, dict[str, int]], db: None, name: str
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    url = _url(world, name)
    crashes = _Crashes()
    if name in FORM_PAGE:
        page_url = FORM_PAGE[name](world)
        page = client.get(page_url)
        assert page.status_code == 200, page_url
        form = _post_form(page.content.decode(), url, page_url)
        assert form is not None, f"no POST form for {url} on {page_url}"
        # The rows of a formset are alike: the first row and the management form suffice.
        form.fields = {
            field: kind
            for field, kind in form.fields.items()
            if not field.startswith(("narvaro-1-", "narvaro-2-"))
        }
    else:
        form = _Form(url, "post", False)
        form.fields = dict(MANUAL_FIELDS[name])
        form.values = {field: ["Något"] for field in form.fields}
    for data, files in _page_payloads(form, dict(form.values), foreign):
        crashes.check("POST", url, data, partial(_send_page, client, url, data, files))
        if name == "meetings:agenda_item_action":
            crashes.check(
                "POST (htmx)",
                url,
                data,
                partial(_send_htmx, client, url, data),
            )
    crashes.assert_none()


def _send_htmx(client: Client, url: str, data: dict[str, Any]) -> Any:
    return client.post(url, data, HTTP_HX_REQUEST="true")


# The query strings the pages read.
QUERY_PAGES: dict[str, tuple[Callable[[World], str], list[str]]] = {
    "meetings:index": (lambda w: _url(w, "meetings:index"), ["mina", "grupp"]),
    "meetings:index_export": (lambda w: _url(w, "meetings:index_export"), ["mina", "grupp"]),
    "meetings:group": (lambda w: _url(w, "meetings:group"), ["ar"]),
    "meetings:group_export": (lambda w: _url(w, "meetings:group_export"), ["ar"]),
    "meetings:series_plan": (lambda w: _url(w, "meetings:series_plan"), ["ar"]),
    "meetings:acute": (lambda w: _url(w, "meetings:acute"), ["grupp"]),
    "meetings:decision_create": (
        lambda w: _url(w, "meetings:decision_create"),
        ["forslag", "punkt"],
    ),
    "meetings:commitment_create": (
        lambda w: _url(w, "meetings:commitment_create"),
        ["beslut", "punkt"],
    ),
    "meetings:commitments": (
        lambda w: _url(w, "meetings:commitments"),
        ["grupp", "aktor", "person", "status", "forsenade"],
    ),
    "meetings:commitments_export": (
        lambda w: _url(w, "meetings:commitments_export"),
        ["grupp", "aktor", "person", "status", "forsenade"],
    ),
}


@pytest.mark.parametrize("page", sorted(QUERY_PAGES))
def test_query_strings_never_crash_a_page(
    prepared_foreign: tuple[World, dict[str, int]], db: None, page: str
) -> None:
    world, foreign = prepared_foreign
    client = _client(world)
    crashes = _Crashes()
    url_of, params = QUERY_PAGES[page]
    url = url_of(world)
    for value in [*BAD_VALUES, *(str(pk) for pk in foreign.values())]:
        for param in params:
            query = {param: value}
            crashes.check("GET", url, query, partial(client.get, url, query))
        query = dict.fromkeys(params, value)
        crashes.check("GET", url, query, partial(client.get, url, query))
    response = client.get(url, {params[0]: ["1", "2", "abc"]})
    assert response.status_code < 500
    crashes.assert_none()
