"""The incidents part of the Angered example: approximate boundaries, a roster, three years of
synthetic incidents with a planted surge — loaded once (it takes a few seconds) and checked."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.examples import example_loaders
from samverka.core.progress import no_progress
from samverka.incidents import example
from samverka.incidents.models import Incident, NothingToReport, RosterEntry, Source
from samverka.incidents.places import area_for_point
from samverka.incidents.selectors import incidents_in, week_range
from samverka.organisation.orgfile import import_organisation, parse_organisation_file

EXAMPLE = Path(settings.BASE_DIR) / "examples" / "angered.yaml"


def test_the_loader_is_registered_after_the_organisation() -> None:
    loader = next(lo for lo in example_loaders() if lo.name == "incidents")
    assert loader.order == 20


def test_the_surge_weeks_are_two_consecutive_weeks_before_today() -> None:
    assert example.surge_weeks(date(2026, 11, 25)) == ("2026-W44", "2026-W45")


def test_the_angered_example(db: None) -> None:
    parsed = parse_organisation_file(
        EXAMPLE.read_text(encoding="utf-8"), filename=EXAMPLE.name, base_dir=EXAMPLE.parent
    )
    import_organisation(parsed)
    angered = Municipality.objects.get(slug=parsed.slug)
    summary = example.load_example(angered, no_progress)
    assert "syntetiska" in summary

    # Every primärområde has an approximate boundary around its centre.
    areas = Area.objects.filter(municipality=angered, parent__name="Angered")
    assert areas.count() == 11
    for area in areas:
        assert "ungefärlig" in area.description
        assert area.centroid_lat is not None and area.centroid_lon is not None
        assert area_for_point(angered, area.centroid_lat, area.centroid_lon) == area

    # A roster, synthetic incidents placed inside the areas they are filed under.
    incidents = Incident.objects.filter(municipality=angered)
    assert incidents.count() > 20_000
    assert set(incidents.values_list("source", flat=True).distinct()) == {Source.SYNTHETIC}
    assert RosterEntry.objects.filter(municipality=angered).count() >= 44
    assert NothingToReport.objects.filter(municipality=angered).exists()
    for incident in incidents.exclude(latitude=None).order_by("pk")[:200]:
        assert incident.latitude is not None and incident.longitude is not None
        assert area_for_point(angered, incident.latitude, incident.longitude) == incident.area

    # The planted surge: about three times the usual vandalism and fires in Hammarkullen.
    first, second = example.surge_weeks(timezone.localdate())
    start, _ = week_range(first)
    _, end = week_range(second)
    area = Area.objects.get(municipality=angered, name=example.SURGE_AREA)

    def count(start_: object, end_: object) -> int:
        return (
            incidents_in(area, start_, end_)  # type: ignore[arg-type]
            .filter(category__code__in=["skadegorelse", "brand"])
            .count()
        )

    before = [
        count(start - timedelta(weeks=2 * k), end - timedelta(weeks=2 * k)) for k in range(2, 12)
    ]
    assert count(start, end) > 2.2 * (sum(before) / len(before))

    # Loading again adds nothing.
    assert "finns redan" in example.load_example(angered, no_progress)
    assert Incident.objects.filter(municipality=angered).count() == incidents.count()


def test_the_example_files_import_into_the_example(db: None) -> None:
    from samverka.incidents.imports import import_file
    from samverka.organisation.models import Organisation

    parsed = parse_organisation_file(
        EXAMPLE.read_text(encoding="utf-8"), filename=EXAMPLE.name, base_dir=EXAMPLE.parent
    )
    import_organisation(parsed)
    angered = Municipality.objects.get(slug=parsed.slug)
    folder = Path(settings.BASE_DIR) / "examples" / "incidents"
    housing = Organisation.objects.get(municipality=angered, name__startswith="Bostadsbolag Norr")
    checked = import_file(
        (folder / "handelser-bostadsbolag.csv").read_bytes(),
        fmt="csv",
        municipality=angered,
        organisation=housing,
        user=None,
        filename="handelser-bostadsbolag.csv",
    )
    assert checked.new_count == 5
    checked = import_file(
        (folder / "polisen-handelser.json").read_bytes(),
        fmt="polisen",
        municipality=angered,
        organisation=None,
        user=None,
        filename="polisen-handelser.json",
    )
    # Without the example's boundaries the police's points fall back to "Göteborg" by name;
    # the event in Kungälv is outside either way.
    assert (checked.new_count, checked.outside) == (2, 1)
