"""Test helpers shared by every app: named users in two municipalities, and small factories.

The world (see ``conftest.py``):
  Testby kommun (slug ``testby``)            Annanstad kommun (slug ``annanstad``)
    alice  – coordinator                        olle – coordinator (of the other municipality)
    bob    – member, sits in Styrgruppen
    carol  – member, sits in Trygghetsgruppen (a member of another group)
    dave   – reader
  root – platform admin
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from samverka.accounts.models import Municipality, MunicipalityRole, Role, User
from samverka.areas.models import Area, AreaKind, AreaPopulation
from samverka.organisation.models import (
    Cadence,
    GoverningDocument,
    Group,
    GroupKind,
    Mandate,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    Person,
)

PASSWORD = "korrekt-häst-batteri-häftklammer"  # noqa: S105 (test-only password)
_counter = itertools.count(1)


def make_user(username: str, **extra: object) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, **extra)  # type: ignore[arg-type]


def make_municipality(name: str, slug: str, scb_code: str = "") -> Municipality:
    return Municipality.objects.create(name=name, slug=slug, scb_code=scb_code)


def grant(user: User, municipality: Municipality, role: str) -> MunicipalityRole:
    return MunicipalityRole.objects.create(user=user, municipality=municipality, role=role)


def make_area(municipality: Municipality, name: str = "", **extra: object) -> Area:
    extra.setdefault("kind", AreaKind.PRIMARY_AREA)
    return Area.objects.create(
        municipality=municipality, name=name or f"Område {next(_counter)}", **extra
    )


def make_organisation(municipality: Municipality, name: str = "", **extra: object) -> Organisation:
    extra.setdefault("kind", OrganisationKind.MUNICIPAL_ADMINISTRATION)
    return Organisation.objects.create(
        municipality=municipality, name=name or f"Aktör {next(_counter)}", **extra
    )


def make_group(municipality: Municipality, name: str = "", **extra: object) -> Group:
    extra.setdefault("kind", GroupKind.WORKING)
    extra.setdefault("mandate", Mandate.CARRIES_OUT)
    return Group.objects.create(
        municipality=municipality, name=name or f"Grupp {next(_counter)}", **extra
    )


def make_person(municipality: Municipality, name: str = "", **extra: object) -> Person:
    return Person.objects.create(
        municipality=municipality, name=name or f"Person {next(_counter)}", **extra
    )


def make_membership(group: Group, person: Person, **extra: object) -> Membership:
    extra.setdefault("role", MembershipRole.MEMBER)
    return Membership.objects.create(group=group, person=person, **extra)


@dataclass
class World:
    testby: Municipality
    annanstad: Municipality
    alice: User
    bob: User
    carol: User
    dave: User
    olle: User
    root: User
    root_area: Area
    area: Area
    police: Organisation
    administration: Organisation
    steering: Group
    preparation: Group
    safety_group: Group
    other_group: Group
    other_area: Area
    other_organisation: Organisation
    document: GoverningDocument
    bob_person: Person
    carol_person: Person

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def make_world() -> World:
    testby = make_municipality("Testby kommun", "testby", "9999")
    annanstad = make_municipality("Annanstad kommun", "annanstad", "9998")
    alice, bob, carol, dave, olle = (
        make_user(n, first_name=n.title()) for n in ("alice", "bob", "carol", "dave", "olle")
    )
    root = make_user("root", is_platform_admin=True, is_staff=True, is_superuser=True)
    grant(alice, testby, Role.COORDINATOR)
    grant(bob, testby, Role.MEMBER)
    grant(carol, testby, Role.MEMBER)
    grant(dave, testby, Role.READER)
    grant(olle, annanstad, Role.COORDINATOR)

    root_area = make_area(testby, "Testby", kind=AreaKind.MUNICIPALITY, scb_code="9999")
    area = make_area(testby, "Norra Testby", parent=root_area)
    AreaPopulation.objects.create(area=area, year=2024, population=12345)
    police = make_organisation(testby, "Polisen LPO Testby", kind=OrganisationKind.POLICE)
    administration = make_organisation(testby, "Stadsdelsförvaltningen")
    steering = make_group(
        testby,
        "Styrgruppen",
        kind=GroupKind.STEERING,
        mandate=Mandate.DECIDES,
        cadence=Cadence.TIMES_PER_YEAR,
        meetings_per_year=6,
        internal_notes="Hemlig anteckning för styrgruppen",
    )
    preparation = make_group(
        testby,
        "Beredningsgruppen",
        kind=GroupKind.PREPARATION,
        mandate=Mandate.PREPARES,
        reports_to=steering,
        cadence=Cadence.EVERY_N_WEEKS,
        interval_weeks=2,
    )
    safety_group = make_group(
        testby,
        "Trygghetsgruppen Norra",
        kind=GroupKind.AREA_SAFETY,
        mandate=Mandate.CARRIES_OUT,
        area=area,
        reports_to=preparation,
        internal_notes="Intern anteckning för trygghetsgruppen",
    )
    bob_person = make_person(
        testby, "Bob Berg", user=bob, organisation=police, email="bob@example.org"
    )
    carol_person = make_person(testby, "Carol Ek", user=carol, organisation=administration)
    make_membership(steering, bob_person, organisation=police, role=MembershipRole.CHAIR)
    make_membership(safety_group, carol_person, organisation=administration)
    document = GoverningDocument.objects.create(
        municipality=testby,
        title="Samverkansöverenskommelse 2026",
        kind="collaboration_agreement",
        valid_from=date(2026, 1, 1),
        next_review=date(2027, 1, 1),
    )

    other_area = make_area(annanstad, "Annanstad centrum")
    other_organisation = make_organisation(annanstad, "Annanstads förvaltning")
    other_group = make_group(
        annanstad, "Annanstads styrgrupp", kind=GroupKind.STEERING, mandate=Mandate.DECIDES
    )
    return World(
        testby=testby,
        annanstad=annanstad,
        alice=alice,
        bob=bob,
        carol=carol,
        dave=dave,
        olle=olle,
        root=root,
        root_area=root_area,
        area=area,
        police=police,
        administration=administration,
        steering=steering,
        preparation=preparation,
        safety_group=safety_group,
        other_group=other_group,
        other_area=other_area,
        other_organisation=other_organisation,
        document=document,
        bob_person=bob_person,
        carol_person=carol_person,
    )


def make_api_key(user: User, *, scope: str = "read", name: str = "Test") -> str:
    """An API key of ``user`` valid for 30 days; returns the key itself (``svk_…``)."""
    from datetime import timedelta

    from django.utils import timezone

    from samverka.accounts.tokens import api_token_create

    return api_token_create(
        user=user,
        name=name,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=30),
        created_by=user,
    ).key


def run_settings_process(
    code: str, *args: str, data_dir: Path, drop: tuple[str, ...] = (), **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh Python process with ``config.settings`` read anew: what one app
    server, started with ``env``, does. Its own data folder and SQLite database in ``data_dir``;
    the names in ``drop`` (and DATABASE_URL) are taken out of the inherited environment first,
    so the settings under test come only from ``env``."""
    removed = {"DATABASE_URL", *drop}
    inherited = {k: v for k, v in os.environ.items() if k not in removed}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=Path(__file__).resolve().parents[2],
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SAMVERKA_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'db.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
