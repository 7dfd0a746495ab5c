"""Rows of SSPF: the cases exist only for the members of their SSPF group (bob here); everyone
else — the coordinator alice and the platform admin included — gets 404, and the refused read
is logged. The counts are for the coordinators and the SSPF members; the settings for the
coordinators."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from samverka.core.testing import World
from tests.authz.common import (
    COORDINATOR_PAGE,
    COORDINATOR_WRITE,
    DONE,
    LOGIN,
    NOT_ALLOWED,
    REFUSED,
    M,
    Row,
    _api,
    _profile,
    _with,
)

# Need-to-know: only bob sits in the SSPF group.
CASE_READ = _profile(anonymous=LOGIN, olle=404, dave=404, carol=404, bob=200, alice=404, root=404)
CASE_WRITE = _profile(anonymous=LOGIN, olle=404, dave=404, carol=404, bob=DONE, alice=404, root=404)
COUNTS = _profile(anonymous=LOGIN, olle=404, dave=403, carol=403, bob=200, alice=200, root=200)
API_CASE_READ = _profile(
    anonymous=REFUSED, olle=404, dave=404, carol=404, bob=200, alice=404, root=404
)
API_CASE_WRITE = _profile(
    anonymous=REFUSED, olle=404, dave=404, carol=404, bob=DONE, alice=404, root=404
)
API_COUNTS = _profile(
    anonymous=REFUSED, olle=404, dave=403, carol=403, bob=200, alice=200, root=200
)

CASE_PAGE = {"GET": CASE_READ, "POST": CASE_WRITE}


def _case(w: World) -> int:
    from samverka.sspf.models import Case

    return Case.objects.filter(municipality=w.testby).values_list("pk", flat=True).first()  # type: ignore[return-value]


def _person(w: World) -> int:
    from samverka.sspf.models import CasePerson

    return CasePerson.objects.filter(case_id=_case(w)).values_list("pk", flat=True).first()  # type: ignore[return-value]


def _action(w: World) -> int:
    from samverka.sspf.models import Action

    return Action.objects.filter(case_id=_case(w)).values_list("pk", flat=True).first()  # type: ignore[return-value]


CASE = _with(pk=_case)
PERSON = _with(pk=_case, person=_person)
ACTION = _with(pk=_case, action=_action)
API_CASE = _api(pk=_case)

ROWS: list[Row] = [
    Row("sspf:case_list", M, {"GET": CASE_READ}),
    Row("sspf:case_create", M, CASE_PAGE),
    Row("sspf:case_detail", CASE, {"GET": CASE_READ}),
    Row("sspf:case_edit", CASE, CASE_PAGE),
    Row("sspf:person_add", CASE, CASE_PAGE),
    Row("sspf:consent_add", PERSON, CASE_PAGE),
    Row("sspf:person_reveal", PERSON, CASE_PAGE, note="the name only in a POST's answer"),
    Row("sspf:action_add", CASE, CASE_PAGE),
    Row(
        "sspf:action_done",
        ACTION,
        {
            "GET": NOT_ALLOWED,
            "POST": _profile(
                anonymous=LOGIN, olle=404, dave=404, carol=404, bob=302, alice=404, root=404
            ),
        },
    ),
    Row("sspf:follow_up_add", CASE, CASE_PAGE),
    Row("sspf:counts", M, {"GET": COUNTS}, note="numbers only, small ones hidden"),
    Row("sspf:settings", M, {"GET": COORDINATOR_PAGE, "POST": COORDINATOR_WRITE}),
    Row("api-sspf-case-list", _api(), {"GET": API_CASE_READ, "POST": API_CASE_WRITE}),
    Row("api-sspf-case-detail", API_CASE, {"GET": API_CASE_READ, "PATCH": API_CASE_WRITE}),
    Row("api-sspf-person-list", API_CASE, {"POST": API_CASE_WRITE}),
    Row("api-sspf-action-list", API_CASE, {"POST": API_CASE_WRITE}),
    Row("api-sspf-follow-up-list", API_CASE, {"POST": API_CASE_WRITE}),
    Row("api-sspf-counts", _api(), {"GET": API_COUNTS}),
]


def _sspf_case(w: World, municipality: Any, user: Any, name: str) -> Any:
    from samverka.core.testing import make_group, make_membership, make_person
    from samverka.organisation.models import GroupKind, Mandate
    from samverka.sspf import services
    from samverka.sspf.models import ConsentKind, Sector, Subject

    group = make_group(municipality, name, kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT)
    member = w.bob_person if municipality == w.testby else make_person(municipality, user=user)
    make_membership(group, member)
    today = timezone.localdate()
    case = services.case_create(
        municipality=municipality,
        user=user,
        group=group,
        raised_on=today,
        sector=Sector.SCHOOL,
        subject=Subject.INDIVIDUAL,
        description="Oro för en elev (matrisens exempel).",
    )
    services.person_add(
        case=case,
        user=user,
        name="Matris Ungdom",
        birth_date=date(today.year - 13, 1, 1),
        consents=[
            services.ConsentInput(
                ConsentKind.GUARDIAN, today, today + timedelta(days=90), "Utbyte inom SSPF"
            )
        ],
    )
    services.action_add(case=case, user=user, what="Samtal", due_on=today)
    return case


def prepare(world: World) -> None:
    """An SSPF group in Testby with bob as its only member, and a case with a person."""
    _sspf_case(world, world.testby, world.bob, "SSPF Norra Testby")


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's SSPF case under Testby's URLs: 404 even for Testby's coordinator."""
    case = _sspf_case(w, w.annanstad, w.olle, "SSPF Annanstad")
    person = case.persons.get()
    return {
        "sspf:case_detail": {"municipality": "testby", "pk": case.pk},
        "sspf:case_edit": {"municipality": "testby", "pk": case.pk},
        "sspf:person_reveal": {"municipality": "testby", "pk": case.pk, "person": person.pk},
    }
