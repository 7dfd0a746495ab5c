"""bench_pandas: what an analyst would do instead — export the reports as CSV, read them with
pandas and group them — against samverka answering the same question end to end (the API's
lägesbild for Angered and one two-week period, through Django's full request cycle).

Figures: ``pandas.read_and_group`` (read_csv of the municipality's reports + filtering to the
district's areas and the periods + groupby category, area and period: the same counts as the
lägesbild's), ``pandas.samverka_api`` (GET /api/v1/…/situation/?area=…&period=…, the whole
lägesbild as JSON), and their ratio, bound < 1 (samverka must be faster). The CSV export itself
(COPY … TO) is not timed: the analyst's file is assumed to exist already, which favours pandas.
Uses the data of bench_lagesbild.py (loaded there once).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_lagesbild as base


def main() -> int:
    base.setup()
    municipality = base.ensure_data()

    import pandas as pd
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from samverka.accounts.models import User
    from samverka.areas.models import Area
    from samverka.situation.figures.base import Scope
    from samverka.situation.figures.counts import Windows
    from samverka.situation.periods import MEAN_PERIODS, default_period, parse_period

    area = Area.objects.get(municipality=municipality, name="Angered")
    period = parse_period(base.PERIOD) if base.PERIOD else default_period(timezone.localdate())
    scope = Scope.of(area)
    windows = Windows.around(period, MEAN_PERIODS[period.kind])
    bounds = [p.bounds() for p in windows.buckets()]

    csv_path = Path(tempfile.mkdtemp(prefix="samverka-bench-")) / "incidents.csv"
    with connection.cursor() as cursor, csv_path.open("wb") as out:
        # Our own table, and the id is an integer.
        copy_sql = (
            "COPY (SELECT id, occurred_at, category_id, subcategory_id, area_id, event_count, "  # noqa: S608
            "status, latitude, longitude, place_name, source FROM incidents_incident "
            f"WHERE municipality_id = {int(municipality.pk)}) TO STDOUT WITH CSV HEADER"
        )
        with cursor.cursor.copy(copy_sql) as copy:
            for block in copy:
                out.write(block)
    size_mb = csv_path.stat().st_size / 1e6

    def with_pandas() -> int:
        frame = pd.read_csv(csv_path, parse_dates=["occurred_at"])
        frame = frame[(frame["status"] != "duplicate") & frame["area_id"].isin(scope.area_ids)]
        edges = [(pd.Timestamp(s), pd.Timestamp(e)) for s, e in bounds]
        frame["bucket"] = -1
        for i, (start, end) in enumerate(edges):
            inside = (frame["occurred_at"] >= start) & (frame["occurred_at"] < end)
            frame.loc[inside & (frame["bucket"] < 0), "bucket"] = i
        frame = frame[frame["bucket"] >= 0]
        counts = frame.groupby(
            ["bucket", "category_id", "subcategory_id", "area_id"], dropna=False
        )["event_count"].sum()
        return int(counts.loc[0].sum())

    user = User.objects.filter(is_platform_admin=True).first() or User.objects.create_user(
        "bench-admin", is_platform_admin=True
    )
    client = Client()
    client.force_login(user)
    url = reverse("api-situation-live", kwargs={"municipality_slug": municipality.slug})

    def with_samverka() -> int:
        response = client.get(url, {"area": str(area.pk), "period": period.code})
        assert response.status_code == 200, response.content[:300]
        return int(response.json()["total"]["current"])

    pandas_p50, pandas_p95, pandas_total = base.measure(with_pandas, runs=3)
    api_p50, api_p95, api_total = base.measure(with_samverka, runs=5)
    assert pandas_total == api_total, f"pandas {pandas_total} ≠ samverka {api_total}"
    print(f"CSV of {size_mb:.0f} MB; Angered, {period.code}: {api_total} events either way")
    figures = {
        "read_and_group": {"value": pandas_p50, "p95": pandas_p95, "bound": None, "unit": "ms"},
        "samverka_api": {"value": api_p50, "p95": api_p95, "bound": pandas_p50, "unit": "ms"},
        "samverka_vs_pandas": {"value": api_p50 / pandas_p50, "bound": 1.0, "unit": "×"},
    }
    return base.report("pandas", figures, {"csv_mb": round(size_mb, 1), "period": period.code})


if __name__ == "__main__":
    sys.exit(main())
