"""Rows of the foundation: core, accounts, areas and organisation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile

from samverka.core.testing import World
from samverka.organisation.models import SpecialistFunction
from tests.authz.common import (
    ANY_ACCOUNT,
    API_DETAIL,
    API_LIST,
    API_MEMBER_WRITE,
    API_READ,
    API_WRITE,
    AREA,
    COORDINATOR_PAGE,
    DOC,
    EDIT,
    EXPORT,
    GROUP,
    LOGIN,
    MEMBER_WRITE,
    ORG,
    PAGE,
    PERSON,
    POST_ONLY,
    PUBLIC,
    READ,
    READ_INTERNAL,
    REFUSED,
    M,
    Row,
    _api,
    _coordination_unit,
    _fmt,
    _membership,
    _profile,
    _specialist,
    _with,
)

ROWS: list[Row] = [
    # Start: a list of the user's municipalities, or straight to the only one (a redirect).
    Row(
        "core:home",
        None,
        {
            "GET": _profile(
                anonymous=LOGIN, olle=302, dave=302, carol=302, bob=302, alice=302, root=200
            )
        },
    ),
    Row("core:health", None, {"GET": PUBLIC}),
    Row("accounts:login", None, {"GET": PUBLIC}),
    Row(
        "accounts:logout",
        None,
        {
            "POST": _profile(
                anonymous=302, olle=302, dave=302, carol=302, bob=302, alice=302, root=302
            )
        },
    ),
    Row("accounts:password_change", None, {"GET": ANY_ACCOUNT}),
    Row(
        "set_language",
        None,
        {
            "POST": _profile(
                anonymous=302, olle=302, dave=302, carol=302, bob=302, alice=302, root=302
            )
        },
    ),
    # The API's schema and docs: any signed-in user; the schema refuses as the API does.
    Row(
        "api-schema",
        None,
        {
            "GET": _profile(
                anonymous=REFUSED, olle=200, dave=200, carol=200, bob=200, alice=200, root=200
            )
        },
    ),
    Row("api-docs", None, {"GET": ANY_ACCOUNT}),
    # Areas
    Row("areas:list", M, PAGE),
    Row("areas:export", EXPORT, PAGE),
    Row("areas:geojson", M, PAGE),
    Row("areas:create", M, EDIT),
    Row("areas:detail", AREA, PAGE),
    Row("areas:edit", AREA, EDIT),
    Row("areas:delete", AREA, EDIT),
    Row("areas:population_set", AREA, POST_ONLY),
    Row("areas:population_delete", _with(pk=lambda w: w.area.pk, year=lambda w: 2024), POST_ONLY),
    # Users of the municipality
    Row("users:list", M, {"GET": COORDINATOR_PAGE}),
    Row("users:export", EXPORT, {"GET": COORDINATOR_PAGE}),
    Row("users:create", M, EDIT),
    Row("users:edit", _with(pk=lambda w: w.dave.pk), EDIT),
    Row("users:remove", _with(pk=lambda w: w.dave.pk), EDIT),
    # The access log of personal data: coordinators and the data protection officer (nobody
    # in the world is one; accounts/tests/test_access_log_views.py tries the officer)
    Row("users:access_log", M, {"GET": COORDINATOR_PAGE}),
    Row("users:access_log_export", EXPORT, {"GET": COORDINATOR_PAGE}),
    Row("users:access_log_retention", M, EDIT),
    # The municipality, its chart and its organisation file
    Row("organisation:municipality", M, PAGE),
    Row("organisation:municipality_edit", M, EDIT),
    Row("organisation:orgfile_download", _with(fmt=lambda w: "yaml"), {"GET": COORDINATOR_PAGE}),
    Row("organisation:orgfile_import", M, EDIT),
    Row("organisation:chart", M, PAGE),
    Row("organisation:chart_svg", M, PAGE),
    Row("organisation:chart_png", M, PAGE),
    # Groups
    Row("organisation:group_list", M, PAGE),
    Row("organisation:group_export", EXPORT, PAGE),
    Row("organisation:group_create", M, EDIT),
    Row("organisation:group_detail", GROUP, {"GET": READ_INTERNAL}),
    Row("organisation:group_edit", GROUP, EDIT),
    Row("organisation:group_delete", GROUP, EDIT),
    Row("organisation:membership_create", GROUP, EDIT),
    Row("organisation:membership_export", _with(pk=lambda w: w.steering.pk, fmt=_fmt), PAGE),
    Row(
        "organisation:membership_edit",
        _with(pk=lambda w: w.steering.pk, membership_pk=_membership),
        EDIT,
    ),
    Row(
        "organisation:membership_delete",
        _with(pk=lambda w: w.steering.pk, membership_pk=_membership),
        EDIT,
    ),
    Row("organisation:specialist_create", _with(pk=_coordination_unit), EDIT),
    Row(
        "organisation:specialist_edit", _with(pk=_coordination_unit, function_pk=_specialist), EDIT
    ),
    Row(
        "organisation:specialist_delete",
        _with(pk=_coordination_unit, function_pk=_specialist),
        EDIT,
    ),
    # Actors
    Row("organisation:organisation_list", M, PAGE),
    Row("organisation:organisation_export", EXPORT, PAGE),
    Row("organisation:organisation_create", M, EDIT),
    Row("organisation:organisation_detail", ORG, PAGE),
    Row("organisation:organisation_edit", ORG, EDIT),
    Row("organisation:organisation_delete", ORG, EDIT),
    # People
    Row("organisation:person_list", M, PAGE),
    Row("organisation:person_export", EXPORT, PAGE),
    Row("organisation:person_create", M, EDIT),
    Row("organisation:person_detail", PERSON, PAGE),
    Row("organisation:person_edit", PERSON, EDIT),
    Row("organisation:person_delete", PERSON, EDIT),
    # Governing documents
    Row("organisation:document_list", M, PAGE),
    Row("organisation:document_export", EXPORT, PAGE),
    Row("organisation:document_create", M, EDIT),
    Row("organisation:document_detail", DOC, PAGE),
    Row("organisation:document_edit", DOC, EDIT),
    Row("organisation:document_delete", DOC, EDIT),
    Row("organisation:document_file", DOC, PAGE),
    # Brå's set-up questions and the health check
    Row("organisation:checklist", M, PAGE),
    Row("organisation:checklist_export", EXPORT, PAGE),
    Row(
        "organisation:checklist_answer",
        _with(key=lambda w: "malgrupper"),
        {"GET": READ, "POST": MEMBER_WRITE},
        note="members and coordinators answer Brå's questions; readers only read",
    ),
    Row("organisation:health", M, PAGE),
    Row("organisation:health_export", EXPORT, PAGE),
]

API_OBJECTS: dict[str, Callable[[World], Any]] = {
    "area": lambda w: w.area.pk,
    "organisation": lambda w: w.police.pk,
    "group": lambda w: w.preparation.pk,
    "person": lambda w: w.carol_person.pk,
    "membership": _membership,
    "document": lambda w: w.document.pk,
    "specialist-function": _specialist,
}
ROWS += [
    Row(
        "api-municipality-list",
        None,
        {
            "GET": _profile(
                anonymous=REFUSED, olle=200, dave=200, carol=200, bob=200, alice=200, root=200
            )
        },
    ),
    Row(
        "api-municipality-detail",
        lambda w: {"slug": w.testby.slug},
        {"GET": API_READ, "PATCH": API_WRITE},
    ),
    Row("api-setup-answer-list", _api(), {"GET": API_READ, "POST": API_MEMBER_WRITE}),
    Row("api-health", _api(), {"GET": API_READ}),
]
for _name, _pk in API_OBJECTS.items():
    ROWS += [
        Row(f"api-{_name}-list", _api(), API_LIST),
        Row(f"api-{_name}-detail", _api(pk=_pk), API_DETAIL),
    ]


def prepare(world: World) -> None:
    """Objects some rows need: a coordination unit with a specialist function, an attached file."""
    from samverka.core.testing import make_group
    from samverka.organisation.models import GroupKind, Mandate

    unit = make_group(
        world.testby, "Samordningen", kind=GroupKind.COORDINATION_UNIT, mandate=Mandate.CARRIES_OUT
    )
    SpecialistFunction.objects.create(group=unit, name="Ungdomskriminalitet")
    world.document.file.save("overenskommelse.txt", ContentFile(b"Syfte och mal"), save=True)


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """URL kwargs that put an Annanstad object under a Testby URL: each must answer 404."""
    from samverka.core.testing import make_person
    from samverka.organisation.models import GoverningDocument

    person = make_person(w.annanstad, "Annanstadsbo")
    document = GoverningDocument.objects.create(
        municipality=w.annanstad, title="Annanstads plan", kind="policy"
    )
    pks = {
        "areas": w.other_area.pk,
        "group": w.other_group.pk,
        "organisation": w.other_organisation.pk,
        "person": person.pk,
        "document": document.pk,
    }
    by_name = {
        "areas:detail": "areas",
        "areas:edit": "areas",
        "areas:delete": "areas",
        "organisation:group_detail": "group",
        "organisation:group_edit": "group",
        "organisation:group_delete": "group",
        "organisation:membership_create": "group",
        "organisation:organisation_detail": "organisation",
        "organisation:organisation_edit": "organisation",
        "organisation:person_detail": "person",
        "organisation:person_edit": "person",
        "organisation:document_detail": "document",
        "organisation:document_file": "document",
    }
    return {name: {"municipality": "testby", "pk": pks[kind]} for name, kind in by_name.items()}
