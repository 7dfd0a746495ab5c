"""Rows of the statistics: pages under /k/<m>/statistik/ and the API under statistics/."""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    AREA,
    COORDINATOR_PAGE,
    EDIT,
    EXPORT,
    PAGE,
    REFUSED,
    M,
    Row,
    _api,
    _fmt,
    _profile,
    _with,
)

# Shared reference data: anyone signed in reads it (it is the same for every municipality).
API_ANY_ACCOUNT = _profile(
    anonymous=REFUSED, olle=200, dave=200, carol=200, bob=200, alice=200, root=200
)


def _series(w: World) -> int:
    from samverka.stats.models import Series

    return Series.objects.get(category="samtliga-brott", municipality__isnull=True).pk


def _import(w: World) -> int:
    from samverka.stats.models import StatisticsImport

    return StatisticsImport.objects.get(municipality=w.testby).pk


ROWS: list[Row] = [
    Row("stats:index", M, PAGE),
    Row("stats:value_export", EXPORT, PAGE),
    Row("stats:compare", M, PAGE),
    Row("stats:compare_export", EXPORT, PAGE),
    Row("stats:series_detail", _with(pk=_series), PAGE),
    Row("stats:series_export", _with(pk=_series, fmt=_fmt), PAGE),
    Row("stats:geography_list", M, PAGE),
    Row("stats:area_link", AREA, EDIT, note="coordinators link areas to statistics"),
    Row("stats:import", M, EDIT, note="coordinators import statistics files"),
    Row("stats:import_detail", _with(pk=_import), {"GET": COORDINATOR_PAGE}),
    Row("api-stats-series-list", _api(), {"GET": API_READ}),
    Row("api-stats-series-detail", _api(pk=_series), {"GET": API_READ}),
    Row("api-stats-value-list", _api(), {"GET": API_READ}),
    Row("api-stats-reference", _api(pk=lambda w: w.area.pk), {"GET": API_READ}),
    Row("api-stats-geography-list", None, {"GET": API_ANY_ACCOUNT}),
    Row("api-stats-shared-series-list", None, {"GET": API_ANY_ACCOUNT}),
    Row("api-stats-shared-value-list", None, {"GET": API_ANY_ACCOUNT}),
]


def prepare(world: World) -> None:
    """A shared series with a value, and one import run of Testby."""
    from samverka.stats.models import ImportStatus, StatisticsImport
    from samverka.stats.reference import ensure_reference_geographies
    from samverka.stats.testing import make_value

    make_value(
        source="bra",
        category="samtliga-brott",
        unit="per_100k",
        year=2024,
        value=14300,
        name="Samtliga brott",
        geography=ensure_reference_geographies(),
    )
    StatisticsImport.objects.create(
        municipality=world.testby,
        format="bra",
        filename="brott.csv",
        sha256="0" * 64,
        status=ImportStatus.DONE,
    )


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's objects under Testby URLs: each must answer 404."""
    from samverka.stats.models import ImportStatus, Provenance, Series, StatisticsImport, StatValue

    job = StatisticsImport.objects.create(
        municipality=w.annanstad,
        format="survey",
        filename="enkat.csv",
        sha256="1" * 64,
        status=ImportStatus.DONE,
    )
    series = Series.objects.create(
        municipality=w.annanstad, source="survey", category="otrygg", name="Otrygg", unit="percent"
    )
    StatValue.objects.create(
        series=series,
        municipality=w.annanstad,
        area=w.other_area,
        year=2024,
        value=30,
        sample_size=100,
        provenance=Provenance.objects.create(municipality=w.annanstad, publisher="Annanstad"),
    )
    return {
        "stats:area_link": {"municipality": "testby", "pk": w.other_area.pk},
        "stats:import_detail": {"municipality": "testby", "pk": job.pk},
        "stats:series_detail": {"municipality": "testby", "pk": series.pk},
    }
