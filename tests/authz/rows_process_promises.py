"""Rows of the medborgarlöften: everyone with a role in the municipality reads them; the
coordinators and the beredningsgrupp write (in the test world no one sits in the beredningsgrupp,
so: alice and root). The public page of a signed, published promise is open to everyone, logged
in or not; another municipality's promise under this municipality's address is 404."""

from __future__ import annotations

from datetime import date
from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    API_WRITE,
    EDIT,
    PAGE,
    PUBLIC,
    Row,
    _api,
    _with,
)

PUBLISHED = "Matrisens löfte 2026"
DRAFT = "Matrisens utkast 2027"


def _promise(w: World, title: str) -> int:
    from samverka.process.models import CitizenPromise

    return CitizenPromise.objects.get(municipality=w.testby, title=title).pk


def _published(w: World) -> int:
    return _promise(w, PUBLISHED)


def _draft(w: World) -> int:
    return _promise(w, DRAFT)


def _slug(w: World) -> str:
    from samverka.process.models import CitizenPromise

    return CitizenPromise.objects.get(pk=_published(w)).public_slug


def _draft_activity(w: World) -> int:
    from samverka.process.models import PromiseActivity

    return PromiseActivity.objects.filter(promise_id=_draft(w)).values_list("pk", flat=True)[0]


PUBLISHED_PROMISE = _with(pk=_published)
DRAFT_PROMISE = _with(pk=_draft)
DRAFT_ACTIVITY = _with(pk=_draft, activity=_draft_activity)
PUBLIC_PAGE = _with(public_slug=_slug)

ROWS: list[Row] = [
    Row("process:promise_list", _with(), PAGE),
    Row("process:promise_create", _with(), EDIT),
    Row("process:promise_detail", PUBLISHED_PROMISE, PAGE),
    Row("process:promise_edit", DRAFT_PROMISE, EDIT),
    Row("process:promise_activity_add", DRAFT_PROMISE, EDIT),
    Row("process:promise_activity_edit", DRAFT_ACTIVITY, EDIT),
    Row("process:promise_sign", DRAFT_PROMISE, EDIT),
    Row("process:promise_renew", PUBLISHED_PROMISE, EDIT, note="the empty form is refused"),
    Row(
        "process:promise_public",
        PUBLIC_PAGE,
        {"GET": PUBLIC},
        note="published and signed: open to all; otherwise 404 (test_promises_public)",
    ),
    Row("api-process-promise-list", _api(), {"GET": API_READ, "POST": API_WRITE}),
    Row(
        "api-process-promise-detail",
        _api(pk=_draft),
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
    Row("api-process-promise-sign", _api(pk=_draft), {"POST": API_WRITE}),
]


def _make(municipality: Any, title: str, slug: str, *, sign: bool) -> Any:
    from samverka.accounts.access import Access
    from samverka.organisation.models import Organisation
    from samverka.process.services import promises as services

    access = Access.system(municipality)
    party = Organisation.objects.filter(municipality=municipality).order_by("pk")[0]
    promise = services.promise_create(
        access=access,
        title=title,
        period_start=date(2026, 1, 1) if sign else date(2027, 1, 1),
        period_end=date(2026, 12, 31) if sign else date(2027, 12, 31),
        public_text="Vi lovar.",
        is_public=True,
        public_slug=slug,
        parties=[party],
    )
    services.promise_activity_add(access=access, promise=promise, title="Trygghetsvandring")
    if sign:
        services.promise_sign(
            access=access,
            promise=promise,
            organisation=party,
            signed_by="Matris Namn",
            signed_on=date(2026, 1, 5),
        )
    return promise


def prepare(world: World) -> None:
    """A signed, published promise and a draft with one activity in Testby."""
    _make(world.testby, PUBLISHED, "matrisens-lofte", sign=True)
    _make(world.testby, DRAFT, "matrisens-utkast", sign=False)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's published promise under Testby's addresses: 404."""
    promise = _make(w.annanstad, "Annanstads löfte", "annanstads-lofte", sign=True)
    return {
        "process:promise_detail": {"municipality": "testby", "pk": promise.pk},
        "process:promise_edit": {"municipality": "testby", "pk": promise.pk},
        "process:promise_public": {"municipality": "testby", "public_slug": promise.public_slug},
    }
