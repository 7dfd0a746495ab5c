"""Small factories for the SSPF tests: an SSPF group in Testby with bob as its member, and cases
made through the services."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from samverka.core.testing import World, make_group, make_membership
from samverka.organisation.models import Group, GroupKind, Mandate
from samverka.sspf import services
from samverka.sspf.models import Case, CasePerson, ConsentKind, Sector, Subject


def sspf_group(world: World, name: str = "SSPF Norra Testby") -> Group:
    group = Group.objects.filter(municipality=world.testby, name=name).first()
    if group is None:
        group = make_group(
            world.testby, name, kind=GroupKind.SSPF, mandate=Mandate.CARRIES_OUT, area=world.area
        )
        make_membership(group, world.bob_person)
    return group


def make_case(world: World, **extra: object) -> Case:
    fields: dict[str, object] = {
        "municipality": world.testby,
        "user": world.bob,
        "group": sspf_group(world),
        "raised_on": timezone.localdate() - timedelta(days=10),
        "sector": Sector.SCHOOL,
        "subject": Subject.INDIVIDUAL,
        "description": "Skolan oroar sig för en elev som ofta är borta.",
    }
    fields.update(extra)
    return services.case_create(**fields)  # type: ignore[arg-type]


def consents_for(
    age: int, *, today: date | None = None, days: int = 180
) -> list[services.ConsentInput]:
    today = today or timezone.localdate()
    items = []
    if age < 18:
        items.append(
            services.ConsentInput(
                ConsentKind.GUARDIAN, today, today + timedelta(days=days), "Utbyte inom SSPF"
            )
        )
    if age >= 15:
        items.append(
            services.ConsentInput(
                ConsentKind.OWN, today, today + timedelta(days=days), "Utbyte inom SSPF"
            )
        )
    return items


def born_years_ago(age: int, *, today: date | None = None) -> date:
    today = today or timezone.localdate()
    return (
        date(today.year - age - 1, 12, 31)
        if (today.month, today.day) != (12, 31)
        else date(today.year - age, 12, 31)
    )


def add_person(
    case: Case, world: World, *, name: str = "Test Ungdom", age: int = 14, **extra: object
) -> CasePerson:
    fields: dict[str, object] = {
        "case": case,
        "user": world.bob,
        "name": name,
        "birth_date": born_years_ago(age),
        "consents": consents_for(age),
    }
    fields.update(extra)
    return services.person_add(**fields)  # type: ignore[arg-type]
