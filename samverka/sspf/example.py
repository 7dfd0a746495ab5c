"""The SSPF part of the built-in example (Göteborg with Angered): a few made-up cases in the
example's first SSPF groups, so that the overview has counts. Everything is synthetic and says
so; persons have invented names and birth dates and no identity numbers at all."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.core.progress import Progress
from samverka.organisation.models import Group, GroupKind
from samverka.sspf import services
from samverka.sspf.models import CaseStatus, ConsentKind, Sector, Subject

MARK = "[Påhittat exempel] "
# (sector, subject, days ago, description, persons as (name, age in years))
CASES = (
    (
        Sector.SCHOOL,
        Subject.GROUP,
        20,
        "Skolan ser en grupp högstadieelever som samlas vid centrumet sena kvällar.",
        (),
    ),
    (
        Sector.LEISURE,
        Subject.INDIVIDUAL,
        45,
        "Fritidsgården oroar sig för en ung person som slutat komma och umgås med äldre.",
        (("Exempel Ungdom Ett", 14),),
    ),
    (
        Sector.SOCIAL_SERVICES,
        Subject.INDIVIDUAL,
        70,
        "Socialtjänsten lyfter oro för en ung person med risk att dras in i brott.",
        (("Exempel Ungdom Två", 17),),
    ),
    (
        Sector.POLICE,
        Subject.GROUP,
        120,
        "Polisen ser återkommande skadegörelse av en grupp unga vid skolan.",
        (),
    ),
)


def load_example(municipality: Municipality, progress: Progress) -> str:
    groups = list(
        Group.objects.filter(municipality=municipality, kind=GroupKind.SSPF).order_by("name")[:2]
    )
    if not groups:
        return "inga SSPF-grupper"
    today = timezone.localdate()
    nobody = AnonymousUser()
    made = 0
    for index, (sector, subject, days, text, persons) in enumerate(CASES):
        group = groups[index % len(groups)]
        case = services.case_create(
            municipality=municipality,
            user=nobody,
            group=group,
            raised_on=today - timedelta(days=days),
            sector=sector,
            subject=subject,
            description=MARK + text,
        )
        for name, age in persons:
            born = date(today.year - age, 3, 1)
            consents = [
                services.ConsentInput(
                    ConsentKind.GUARDIAN,
                    today - timedelta(days=days),
                    today + timedelta(days=300),
                    MARK + "Utbyte av uppgifter inom SSPF-gruppen",
                )
            ]
            if age >= 15:
                consents.append(
                    services.ConsentInput(
                        ConsentKind.OWN,
                        today - timedelta(days=days),
                        today + timedelta(days=300),
                        MARK + "Utbyte av uppgifter inom SSPF-gruppen",
                    )
                )
            services.person_add(
                case=case, user=nobody, name=name, birth_date=born, consents=consents
            )
        if index == 3:
            services.case_update(
                case=case,
                user=nobody,
                area=case.area,
                raised_on=case.raised_on,
                raised_by=None,
                sector=sector,
                subject=subject,
                description=case.description,
                status=CaseStatus.CLOSED,
            )
        made += 1
        progress("SSPF", made, len(CASES))
    return f"{made} påhittade SSPF-ärenden"
