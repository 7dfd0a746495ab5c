"""Shared helpers for the organisation-file tests."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from samverka.accounts.models import Municipality, MunicipalityRole, User
from samverka.areas.models import Area, AreaPopulation
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    Membership,
    Organisation,
    Person,
    SetupAnswer,
    SpecialistFunction,
)
from samverka.organisation.orgfile import (
    ImportSummary,
    import_organisation,
    parse_organisation_file,
)

FILES = Path(__file__).parent / "files"
ANGERED = Path(settings.BASE_DIR) / "examples" / "angered.yaml"
MODELS = (
    Municipality,
    Area,
    AreaPopulation,
    Organisation,
    Person,
    Group,
    Membership,
    SpecialistFunction,
    GoverningDocument,
    SetupAnswer,
    User,
    MunicipalityRole,
)


def fixture_text(name: str) -> str:
    return (FILES / name).read_text(encoding="utf-8")


def import_text(text: str, *, filename: str = "test.yaml", **options: object) -> ImportSummary:
    return import_organisation(parse_organisation_file(text, filename=filename), **options)  # type: ignore[arg-type]


def import_angered() -> ImportSummary:
    text = ANGERED.read_text(encoding="utf-8")
    return import_organisation(
        parse_organisation_file(text, filename=ANGERED.name, base_dir=ANGERED.parent)
    )


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def snapshot() -> dict[str, object]:
    """Row counts plus the names and fields a partial write would most likely touch."""
    return {
        "counts": row_counts(),
        "groups": sorted(
            Group.objects.values_list("name", "kind", "reports_to__name", "purpose", "area__name")
        ),
        "areas": sorted(Area.objects.values_list("name", "parent__name", "centroid_lat")),
        "documents": sorted(GoverningDocument.objects.values_list("title", "valid_from")),
    }


def wipe_organisations() -> None:
    """Empty the database of organisations (parents and areas are protected: children first)."""
    Group.objects.all().delete()
    GoverningDocument.objects.all().delete()
    Person.objects.all().delete()
    SetupAnswer.objects.all().delete()
    while Organisation.objects.exists():
        Organisation.objects.filter(children__isnull=True).delete()
    while Area.objects.exists():
        Area.objects.filter(children__isnull=True).delete()
    MunicipalityRole.objects.all().delete()
    Municipality.objects.all().delete()
