"""Rows of the incidents app: reports, taxonomy, reporting rounds, imports and their API.

Who may: everyone with a role reads reports (they describe places, never persons); members and
coordinators report (readers get 403); coordinators review, change others' reports and keep the
taxonomy and the roster; an import job is its uploader's and the coordinators' (404 for others).
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from samverka.core.testing import World
from samverka.incidents.models import (
    Category,
    ImportJob,
    Incident,
    NothingToReport,
    RosterEntry,
)
from tests.authz.common import (
    API_DETAIL,
    API_LIST,
    API_MEMBER_WRITE,
    API_READ,
    API_WRITE,
    DONE,
    EDIT,
    EXPORT,
    LOGIN,
    MEMBER_WRITE,
    NOT_ALLOWED,
    PAGE,
    POST_ONLY,
    M,
    Row,
    _api,
    _profile,
    _with,
)

EXTERNAL_ID = "authz-1"

# Pages for those who report: members and coordinators; a reader is refused.
REPORTER_PAGE = _profile(
    anonymous=LOGIN, olle=404, dave=403, carol=200, bob=200, alice=200, root=200
)
# An import job uploaded by alice: only she and the coordinators see it.
JOB_PAGE = _profile(anonymous=LOGIN, olle=404, dave=403, carol=404, bob=404, alice=200, root=200)
JOB_WRITE = _profile(anonymous=LOGIN, olle=404, dave=403, carol=404, bob=404, alice=DONE, root=DONE)


def _incident(w: World) -> int:
    return Incident.objects.get(municipality=w.testby, external_id=EXTERNAL_ID).pk


def _category(w: World) -> int:
    return Category.objects.get(municipality=w.testby, code="klotter").pk


def _roster_entry(w: World) -> int:
    return RosterEntry.objects.get(area=w.area, organisation=w.police).pk


def _nothing(w: World) -> int:
    return NothingToReport.objects.get(area=w.area, organisation=w.police).pk


def _job(w: World) -> int:
    return ImportJob.objects.get(municipality=w.testby, filename="authz.csv").pk


INCIDENT = _with(pk=_incident)
JOB = _with(pk=_job)

ROWS: list[Row] = [
    Row("incidents:index", M, PAGE),
    Row("incidents:export", EXPORT, PAGE),
    Row("incidents:create", M, {"GET": REPORTER_PAGE, "POST": MEMBER_WRITE}),
    Row("incidents:point_area", M, {"GET": REPORTER_PAGE}, note="the form's map picker"),
    Row("incidents:detail", INCIDENT, PAGE),
    Row("incidents:edit", INCIDENT, EDIT, note="the reporter may too, while unreviewed"),
    Row("incidents:status", INCIDENT, POST_ONLY),
    Row("incidents:delete", INCIDENT, EDIT),
    Row("incidents:categories", M, PAGE),
    Row("incidents:category_create", M, EDIT),
    Row("incidents:category_edit", _with(pk=_category), EDIT),
    Row("incidents:categories_install", M, POST_ONLY),
    Row("incidents:round", M, PAGE),
    Row("incidents:round_export", EXPORT, PAGE),
    Row("incidents:nothing_to_report", M, {"GET": NOT_ALLOWED, "POST": MEMBER_WRITE}),
    Row("incidents:remind", M, POST_ONLY),
    Row("incidents:roster", M, EDIT),
    Row("incidents:roster_entry", _with(pk=_roster_entry), POST_ONLY),
    Row("incidents:import", M, {"GET": REPORTER_PAGE, "POST": MEMBER_WRITE}),
    Row("incidents:import_job", JOB, {"GET": JOB_PAGE}),
    Row("incidents:import_confirm", JOB, {"GET": NOT_ALLOWED, "POST": JOB_WRITE}),
    Row("incidents:column_mapping", M, {"GET": REPORTER_PAGE, "POST": MEMBER_WRITE}),
    Row("incidents:import_template", EXPORT, PAGE),
    # The API
    Row("api-incident-list", _api(), {"GET": API_READ, "POST": API_MEMBER_WRITE}),
    Row("api-incident-detail", _api(pk=_incident), API_DETAIL),
    Row("api-incident-category-list", _api(), API_LIST),
    Row("api-incident-category-detail", _api(pk=_category), API_DETAIL),
    Row("api-incident-roster-entry-list", _api(), API_LIST),
    Row("api-incident-roster-entry-detail", _api(pk=_roster_entry), API_DETAIL),
    Row("api-nothing-to-report-list", _api(), {"GET": API_READ, "POST": API_MEMBER_WRITE}),
    Row("api-nothing-to-report-detail", _api(pk=_nothing), {"GET": API_READ, "DELETE": API_WRITE}),
    Row("api-incident-coverage", _api(), {"GET": API_READ}),
]


def prepare(world: World) -> None:
    """A report (no reporter: only coordinators may change it), two roster lines, a "nothing to
    report", and an import job alice has uploaded and not yet confirmed."""
    from samverka.incidents.tests.factories import make_incident, on_roster

    make_incident(world.testby, world.area, organisation=world.police, external_id=EXTERNAL_ID)
    on_roster(world.area, world.police)
    on_roster(world.area, world.administration)
    NothingToReport.objects.create(
        municipality=world.testby, area=world.area, organisation=world.police, week="2026-W45"
    )
    job = ImportJob.objects.create(
        municipality=world.testby,
        created_by=world.alice,
        format="csv",
        filename="authz.csv",
        total_rows=1,
        summary={"rows": 1, "new": 1, "mapping": {}},
    )
    job.file.save(
        "authz.csv",
        ContentFile("tidpunkt;kategori;område\n2026-11-02 12:00;Klotter;Norra Testby\n".encode()),
        save=True,
    )


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """Annanstad's report, category and import job under Testby URLs: 404."""
    from samverka.incidents.tests.factories import category, make_incident

    incident = make_incident(w.annanstad, w.other_area)
    job = ImportJob.objects.create(municipality=w.annanstad, format="csv", filename="x.csv")
    pks = {
        "incident": incident.pk,
        "category": category(w.annanstad, "klotter").pk,
        "job": job.pk,
    }
    by_name = {
        "incidents:detail": "incident",
        "incidents:edit": "incident",
        "incidents:delete": "incident",
        "incidents:category_edit": "category",
        "incidents:import_job": "job",
    }
    return {name: {"municipality": "testby", "pk": pks[kind]} for name, kind in by_name.items()}


__all__ = ["API_WRITE", "ROWS", "foreign", "prepare"]
