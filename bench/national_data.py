"""national_data: a whole country on one samverka, for the load test and the scaling figures.

A bench tool, not a test and not a benchmark of its own (``make bench`` runs ``bench_*.py``
only). It fills the PostgreSQL database of ``DATABASE_URL`` with every municipality of the
reference geography (``samverka.stats.reference.reference_municipalities()``), each with:

- its organisation, through the onboarding services a coordinator's guided start uses: the
  municipality from the reference, the root area and four sub-areas, the suggested actors (the
  administration and the local police) plus a housing company and the social services, Brå's
  structure template (styrgrupp, beredningsgrupp, arbetsgrupp) and one trygghetsgrupp per
  sub-area, the default incident taxonomy;
- people (twelve) and their memberships, and four bench users with a known password
  (``BENCH_PASSWORD``): ``bench-<slug>-samordnare`` (coordinator, with an authenticator-app
  device whose key is ``totp_key(slug)``, so a load-test client computes the code like a phone
  does: no bench bypass of the second factor in the application), ``-medlem`` (member, sits in
  the beredningsgrupp), ``-lasare`` (reader) and ``-api`` (a read-scoped API key,
  ``api_key(slug)``);
- five years of meetings (styrgrupp six a year, beredningsgrupp every other week, the other
  groups monthly), approved minutes for those that have begun;
- incidents in proportion to population, ten million in all at ``--scale 1``, written with the
  import's own binary ``COPY`` (``samverka.incidents.imports.run.insert_rows``), so the
  lägesbild's statement triggers keep its counts as for any import;
- statistics: reported offences (count and per 100 000) for the municipality, five years.

Services where they are fast enough (a few hundred municipalities), ``bulk_create`` and ``COPY``
where a service per row would take hours (people, memberships, meetings, minutes, incidents,
statistics). Users get one password hash computed once: hashing per user is a second each.
Everything runs as a command does, with the database scope ``'all'`` (``samverka.core.rls``).

The reference data has no population: ``POPULATION`` holds the approximate population (SCB,
2024, rounded) of the largest municipalities; the others get a deterministic share of the
rest of Sweden's 10.5 million, spread like the real distribution (most between 3 000 and
50 000). Good enough for load, not for statistics.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_national \\
        .venv/bin/python bench/national_data.py --municipalities 290 --scale 0.01 --seed 7

Refuses to run twice on the same database (bench users exist): drop and create the database to
start again. Prints the time of each phase and the rows written.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_PASSWORD = "bench-lösenord-för-lasttest"  # noqa: S105 (bench users only)
TEN_MILLION = 10_000_000
SWEDEN = 10_550_000
YEARS = 5
SUB_AREAS = ("centrum", "norr", "söder", "väster")
PEOPLE = 12

# Approximate population (SCB, 31 december 2024, rounded to the thousand) of the largest
# municipalities, by SCB code. The others share the rest (see ``populations``).
POPULATION = {
    "0180": 988_000,
    "1480": 605_000,
    "1280": 362_000,
    "0380": 245_000,
    "0580": 167_000,
    "1880": 158_000,
    "1980": 158_000,
    "1283": 152_000,
    "0581": 145_000,
    "0680": 145_000,
    "2480": 131_000,
    "1281": 129_000,
    "0126": 115_000,
    "1490": 115_000,
    "0182": 108_000,
    "1380": 105_000,
    "0181": 104_000,
    "2180": 103_000,
    "2281": 99_000,
    "0780": 97_000,
    "0127": 96_000,
    "1780": 95_000,
    "1290": 87_000,
    "0184": 86_000,
    "2580": 79_000,
    "0163": 76_000,
    "0880": 72_000,
    "1080": 66_000,
    "2380": 65_000,
    "2080": 60_000,
}


def totp_key(slug: str) -> bytes:
    """The bench coordinator's authenticator key (20 bytes), known to the load test."""
    return hashlib.sha256(f"samverka-bench-totp:{slug}".encode()).digest()[:20]


def totp_code(key: bytes, at: float | None = None, step: int = 30) -> str:
    """RFC 6238's six-digit code for ``key`` now: what the coordinator's phone would show."""
    import hmac
    import struct

    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def api_key_name(slug: str) -> str:
    return f"bench-{slug}"


def populations(codes: list[str], seed: int) -> dict[str, int]:
    """Population per code: the table where known, else a lognormal share of the rest."""
    rng = random.Random(seed)  # noqa: S311 (bench data)
    known = {code: POPULATION[code] for code in codes if code in POPULATION}
    others = [code for code in codes if code not in POPULATION]
    # Median ~15 000, the real shape of Sweden's smaller municipalities.
    weights = {code: rng.lognormvariate(9.6, 0.75) for code in others}
    rest = (SWEDEN - sum(POPULATION.values())) * len(others) / max(1, 290 - len(POPULATION))
    total = sum(weights.values()) or 1.0
    known.update({code: max(2_500, int(rest * w / total)) for code, w in weights.items()})
    return known


def _setup() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("national_data needs DATABASE_URL=postgres://… (a database created for the run)")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SAMVERKA_DATA_DIR", tempfile.mkdtemp(prefix="samverka-bench-"))
    import django

    django.setup()


class Phases:
    """Seconds and rows per phase, summed over municipalities."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}
        self._started = 0.0

    def start(self) -> None:
        self._started = time.perf_counter()

    def stop(self, name: str, rows: int = 0) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - self._started
        self.rows[name] = self.rows.get(name, 0) + rows
        self._started = time.perf_counter()


def _bar(done: int, total: int, started: float, label: str) -> None:
    width = 30
    filled = width * done // max(total, 1)
    elapsed = time.perf_counter() - started
    left = elapsed / done * (total - done) if done else 0.0
    sys.stderr.write(
        f"\r{label:<12} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
        f"{elapsed:6.0f} s, ~{left:5.0f} s left"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _organisation(geo: Any, phases: Phases) -> dict[str, Any]:
    """The municipality and its structure, through the onboarding and organisation services."""
    from django.core.exceptions import ValidationError
    from django.utils.text import slugify

    from samverka.accounts.models import Municipality
    from samverka.areas.models import AreaKind
    from samverka.areas.services import area_create
    from samverka.incidents.services.taxonomy import ensure_taxonomy
    from samverka.onboarding.services import (
        apply_structure_template,
        create_municipality_from_reference,
        create_root_area,
        create_suggested_actors,
        suggested_actors,
    )
    from samverka.organisation.models import GroupKind, Mandate, OrganisationKind
    from samverka.organisation.services.actors import organisation_create
    from samverka.organisation.services.groups import group_create

    phases.start()
    try:
        municipality = create_municipality_from_reference(code=geo.code, created_by=None)
    except ValidationError:
        # Håbo and Habo both slugify to "habo": the onboarding refuses the second (reported
        # in docs/scaling.md). The bench keeps every municipality, the second one by its code.
        municipality = Municipality.objects.create(
            name=f"{geo.name} kommun",
            slug=f"{slugify(geo.name)}-{geo.code}",
            scb_code=geo.code,
            county=geo.parent.name if geo.parent else "",
        )
    root = create_root_area(municipality=municipality, user=None)
    areas = [
        area_create(
            municipality=municipality,
            user=None,
            name=f"{geo.name} {suffix}",
            parent=root,
            kind=AreaKind.PRIMARY_AREA,
        )
        for suffix in SUB_AREAS
    ]
    actors = create_suggested_actors(
        municipality=municipality,
        keys=[s.key for s in suggested_actors(municipality)],
        user=None,
    )
    actors += [
        organisation_create(
            municipality=municipality, user=None, name=f"{geo.name}s bostäder", kind=kind
        )
        if kind == OrganisationKind.HOUSING_COMPANY
        else organisation_create(
            municipality=municipality, user=None, name=f"Socialtjänsten i {geo.name}", kind=kind
        )
        for kind in (OrganisationKind.HOUSING_COMPANY, OrganisationKind.SOCIAL_SERVICES)
    ]
    groups = apply_structure_template(municipality=municipality, user=None)
    preparation = next(g for g in groups if g.kind == GroupKind.PREPARATION)
    groups += [
        group_create(
            municipality=municipality,
            user=None,
            name=f"Trygghetsgruppen {area.name}",
            kind=GroupKind.AREA_SAFETY,
            mandate=Mandate.CARRIES_OUT,
            area=area,
            reports_to=preparation,
        )
        for area in areas[:2]
    ]
    ensure_taxonomy(municipality)
    phases.stop("organisation (services)", 1 + len(areas) + 1 + len(actors) + len(groups))
    return {
        "municipality": municipality,
        "root": root,
        "areas": areas,
        "actors": actors,
        "groups": groups,
        "preparation": preparation,
    }


def _people(
    org: dict[str, Any], password_hash: str, rng: random.Random, phases: Phases
) -> dict[str, Any]:
    """Bench users, their roles, second factor and API key; people and memberships."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from samverka.accounts.models import MunicipalityRole, Role, User
    from samverka.accounts.tokens import api_token_create
    from samverka.organisation.models import Membership, MembershipRole, Person

    phases.start()
    municipality = org["municipality"]
    slug = municipality.slug
    roles = {
        "samordnare": Role.COORDINATOR,
        "medlem": Role.MEMBER,
        "lasare": Role.READER,
        "api": Role.READER,
    }
    users = User.objects.bulk_create(
        User(
            username=f"bench-{slug}-{suffix}",
            password=password_hash,
            first_name=suffix.title(),
            last_name=municipality.name,
            email=f"bench-{slug}-{suffix}@example.org",
        )
        for suffix in roles
    )
    by_suffix = dict(zip(roles, users, strict=True))
    MunicipalityRole.objects.bulk_create(
        MunicipalityRole(user=by_suffix[s], municipality=municipality, role=role)
        for s, role in roles.items()
    )
    TOTPDevice.objects.create(
        user=by_suffix["samordnare"],
        name="Bench",
        key=totp_key(slug).hex(),
        confirmed=True,
        # The load test logs a coordinator in once per simulated user; a code may be reused
        # within its step by another simulated user of the same municipality only by waiting.
        tolerance=1,
    )
    api_token_create(
        user=by_suffix["api"],
        name=api_key_name(slug),
        scope="read",
        expires_at=datetime.now(UTC) + timedelta(days=365),
        created_by=None,
    )
    phases.stop("users (bulk + services)", len(users))
    actors = org["actors"]
    people = Person.objects.bulk_create(
        Person(
            municipality=municipality,
            name=f"Person {i + 1} {municipality.name}",
            organisation=actors[i % len(actors)],
            email=f"person{i + 1}.{slug}@example.org",
            user=by_suffix["medlem"] if i == 0 else None,
        )
        for i in range(PEOPLE)
    )
    memberships = []
    for group in org["groups"]:
        chosen = rng.sample(people, 6)
        if group is org["preparation"] and people[0] not in chosen:
            chosen[0] = people[0]  # the member user sits in the beredningsgrupp
        memberships += [
            Membership(
                group=group,
                person=person,
                organisation=person.organisation,
                role=MembershipRole.CHAIR if i == 0 else MembershipRole.MEMBER,
            )
            for i, person in enumerate(chosen)
        ]
    Membership.objects.bulk_create(memberships)
    phases.stop("people (bulk)", len(people) + len(memberships))
    return {"users": by_suffix, "people": people}


def _meeting_days(kind: str, start: date, end: date) -> Iterator[date]:
    from samverka.organisation.models import GroupKind

    step = {GroupKind.STEERING: 61, GroupKind.PREPARATION: 14}.get(kind, 30)  # type: ignore[call-overload]
    day = start + timedelta(days=(7 - start.weekday() + 1) % 7)  # a Tuesday
    while day < end:
        if not (day.month == 7 or (day.month == 12 and day.day > 20)):
            yield day
        day += timedelta(days=step)


def _meetings(org: dict[str, Any], now: datetime, phases: Phases) -> None:
    from samverka.meetings.models import (
        Meeting,
        MeetingKind,
        MeetingStatus,
        Minutes,
        MinutesStatus,
    )

    phases.start()
    municipality = org["municipality"]
    start = (now - timedelta(days=365 * YEARS)).date()
    end = (now + timedelta(days=90)).date()
    meetings = []
    for group in org["groups"]:
        for day in _meeting_days(group.kind, start, end):
            begins = datetime(day.year, day.month, day.day, 8, 30, tzinfo=UTC)
            meetings.append(
                Meeting(
                    municipality=municipality,
                    group=group,
                    kind=MeetingKind.ORDINARY,
                    status=MeetingStatus.HELD if begins < now else MeetingStatus.PLANNED,
                    title=f"{group.name} {day.isoformat()}",
                    starts_at=begins,
                    ends_at=begins + timedelta(hours=2),
                    location="Stadshuset",
                )
            )
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    minutes = [
        Minutes(
            meeting=meeting,
            version=1,
            status=MinutesStatus.APPROVED,
            summary="Lägesbilden gicks igenom. Inga nya åtgärder.",
            approved_at=meeting.ends_at + timedelta(days=3),
        )
        for meeting in meetings
        if meeting.ends_at + timedelta(days=3) < now
    ]
    Minutes.objects.bulk_create(minutes, batch_size=2000)
    phases.stop("meetings (bulk)", len(meetings) + len(minutes))


def _incident_rows(
    org: dict[str, Any], count: int, now: datetime, rng: random.Random
) -> Iterator[tuple[Any, ...]]:
    """Value tuples in ``insert_rows``' COLUMNS order: spread over five years and the areas.
    Queries first: the rows are made while the COPY runs on the same connection."""
    from samverka.incidents.models import Category

    municipality = org["municipality"]
    subs = list(
        Category.objects.filter(municipality=municipality, parent__isnull=False).values_list(
            "parent_id", "pk"
        )
    )
    areas = [a.pk for a in org["areas"]] + [org["root"].pk]
    reporter = org["actors"][0].pk
    span = int(timedelta(days=365 * YEARS).total_seconds())
    first = now - timedelta(seconds=span)
    return _rows(municipality.pk, subs, areas, reporter, first, span, count, rng)


def _rows(
    municipality_id: int,
    subs: list[tuple[int, int]],
    areas: list[int],
    reporter: int,
    first: datetime,
    span: int,
    count: int,
    rng: random.Random,
) -> Iterator[tuple[Any, ...]]:
    for i in range(count):
        category, sub = rng.choice(subs)
        when = first + timedelta(seconds=rng.randrange(span))
        yield (
            municipality_id,
            category,
            sub,
            rng.choice(areas),
            57.0 + rng.random(),
            12.0 + rng.random(),
            f"Gatan {rng.randrange(1, 80)}",
            "",
            when,
            None,
            rng.choice((1, 1, 1, 2, 3)),
            "Skadegörelse på fasad" if i % 3 == 0 else "",
            "",
            rng.choice((True, False, None)),
            None,
            reporter,
            "new",
            "file",
            f"N{municipality_id}-{i}",
            None,
            when,
            None,
            "",
        )


def _incidents(
    org: dict[str, Any], count: int, now: datetime, rng: random.Random, phases: Phases
) -> None:
    from django.db import transaction

    from samverka.incidents.imports.run import insert_rows

    phases.start()
    with transaction.atomic():
        written = insert_rows(_incident_rows(org, count, now, rng), total=count)
    phases.stop("incidents (COPY)", written)


def _statistics(
    orgs: list[dict[str, Any]], pops: dict[str, int], rng: random.Random, phases: Phases
) -> None:
    """Reported offences per municipality and year, as shared reference values (Brå's)."""
    from samverka.stats.models import Provenance, Series, Source, StatValue, Unit
    from samverka.stats.reference import municipality_by_code

    phases.start()
    provenance = Provenance.objects.create(
        publisher="samverka bench",
        table="Anmälda brott (syntetiska värden för lasttest)",
        is_synthetic=True,
    )
    count, rate = (
        Series.objects.get_or_create(
            source=Source.BRA,
            category="samtliga-brott",
            unit=unit,
            municipality=None,
            defaults={"name": "Samtliga anmälda brott"},
        )[0]
        for unit in (Unit.COUNT, Unit.PER_100K)
    )
    this_year = date.today().year
    values = []
    for org in orgs:
        code = org["municipality"].scb_code
        geography = municipality_by_code(code)
        for year in range(this_year - YEARS, this_year):
            per_100k = rng.uniform(8_000, 16_000)
            for series, value in (
                (count, round(per_100k * pops[code] / 100_000)),
                (rate, round(per_100k, 1)),
            ):
                values.append(
                    StatValue(
                        series=series,
                        geography=geography,
                        year=year,
                        value=value,
                        provenance=provenance,
                    )
                )
    StatValue.objects.bulk_create(values, batch_size=2000, ignore_conflicts=True)
    phases.stop("statistics (bulk)", len(values))


def generate(municipalities: int, scale: float, seed: int) -> Phases:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from samverka.accounts.models import User
    from samverka.stats.reference import reference_municipalities

    phases = Phases()
    phases.start()
    call_command("migrate", verbosity=0)
    if not reference_municipalities().exists():
        call_command("update_reference_geography", verbosity=0)
    phases.stop("migrate + reference")
    if User.objects.filter(username__startswith="bench-").exists():
        sys.exit(
            "This database already holds bench data (users bench-…). Drop and create the "
            "database to generate again."
        )
    geographies = list(reference_municipalities()[:municipalities])
    pops = populations([g.code for g in reference_municipalities()], seed)
    total_incidents = int(TEN_MILLION * scale)
    national = sum(pops.values())
    rng = random.Random(seed)  # noqa: S311 (bench data)
    password_hash = make_password(BENCH_PASSWORD)
    now = datetime.now(UTC).replace(microsecond=0)
    orgs = []
    started = time.perf_counter()
    for done, geo in enumerate(geographies, start=1):
        with transaction.atomic():
            org = _organisation(geo, phases)
            _people(org, password_hash, rng, phases)
            _meetings(org, now, phases)
        _incidents(org, round(total_incidents * pops[geo.code] / national), now, rng, phases)
        orgs.append(org)
        _bar(done, len(geographies), started, "kommuner")
    _statistics(orgs, pops, rng, phases)
    phases.start()
    with transaction.atomic():
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    phases.stop("analyze")
    return phases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--municipalities", type=int, default=290, help="how many (default 290)")
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="fraction of ten million incidents in all (default 1 = 10 000 000)",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _setup()
    started = time.perf_counter()
    phases = generate(args.municipalities, args.scale, args.seed)
    elapsed = time.perf_counter() - started
    from django.db import connection

    print(f"database: {connection.settings_dict['NAME']} ({connection.vendor})")
    for name, seconds in phases.seconds.items():
        rows = phases.rows.get(name, 0)
        rate = f", {rows / seconds:,.0f} rows/s" if rows and seconds else ""
        print(f"national_data.{name}: {seconds:.1f} s, {rows:,} rows{rate}")
    print(f"national_data.total: {elapsed:.1f} s")
    # The key as an authenticator app shows it, for a person trying the bench data by hand.
    print(
        f"bench coordinators' TOTP key of a slug: base32 of totp_key(slug), e.g. "
        f"{base64.b32encode(totp_key('example')).decode()} for 'example'"
    )


if __name__ == "__main__":
    main()
