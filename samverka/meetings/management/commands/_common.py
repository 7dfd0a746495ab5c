"""Shared by the meeting commands: finding a group or a meeting by what an operator types."""

from __future__ import annotations

from django.core.management.base import CommandError, CommandParser

from samverka.accounts.models import Municipality
from samverka.organisation.models import Group


def add_group_arguments(parser: CommandParser) -> None:
    parser.add_argument("group", help="the group: its id, or its name (e.g. Styrgruppen)")
    parser.add_argument(
        "--municipality",
        metavar="SLUG",
        help="the municipality (its slug), when several have a group with that name",
    )


def year_argument(parser: CommandParser, *, required: bool = True) -> None:
    parser.add_argument("--year", type=int, required=required, help="the year, e.g. 2026")


def find_group(text: str, municipality_slug: str | None) -> Group:
    """A group by id or by name (case-insensitive), within one municipality if given."""
    groups = Group.objects.select_related("municipality")
    if municipality_slug:
        municipality = Municipality.objects.filter(slug=municipality_slug).first()
        if municipality is None:
            raise CommandError(f"Det finns ingen kommun ”{municipality_slug}”.")
        groups = groups.filter(municipality=municipality)
    text = text.strip()
    if text.isascii() and text.isdigit():
        found = groups.filter(pk=int(text)).first()
        if found is not None:
            return found
    matches = list(groups.filter(name__iexact=text))
    if not matches:
        matches = list(groups.filter(short_name__iexact=text))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise CommandError(f"Det finns ingen grupp ”{text}”.")
    where = ", ".join(sorted(g.municipality.slug for g in matches))
    raise CommandError(
        f"Flera kommuner har en grupp ”{text}” ({where}). Ange kommunen med --municipality."
    )


def check_year(year: int) -> int:
    if not 2000 <= year <= 2100:
        raise CommandError("Ange ett år mellan 2000 och 2100.")
    return year
