"""Importing a statistics file from the web: upload, review what would change, confirm.

The reviewed file is kept in the session (bound to the municipality, with its sha256) and the
confirm step imports exactly those bytes with the reviewed settings, never anything the browser
sends back. The import runs within the confirm request (a file of a few thousand rows takes a
second or two) and leaves a job row; the result page shows its determinate progress bar and
summary, and while a run is still going (seen from another window) the bar polls the job row.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.stats.access import import_in
from samverka.stats.forms import StatisticsImportForm
from samverka.stats.importers import (
    ImportResult,
    Options,
    ProvenanceInput,
    StatisticsFileError,
    import_statistics,
)
from samverka.stats.importers.formats import COLUMNS
from samverka.stats.models import ImportFormat, ImportStatus, Series

TEMPLATE = "stats/import.html"


def _session_key(place: Municipality) -> str:
    return f"stats_import:{place.pk}"


def _may_share(request: HttpRequest) -> bool:
    return bool(getattr(request.user, "is_platform_admin", False))


def _page(
    request: HttpRequest, place: Municipality, status: int = 200, **context: Any
) -> HttpResponse:
    context.setdefault("form", StatisticsImportForm(may_share=_may_share(request)))
    formats = [
        {"label": label, "columns": [c.label for c in COLUMNS[ImportFormat(value)]]}
        for value, label in ImportFormat.choices
    ]
    return render(
        request,
        TEMPLATE,
        {"municipality": place, "nav": "stats", "formats": formats, **context},
        status=status,
    )


def _refused(
    request: HttpRequest, place: Municipality, heading: str, errors: list[str], **context: Any
) -> HttpResponse:
    return _page(request, place, status=400, error_heading=heading, errors=errors, **context)


def _options(settings: dict[str, Any]) -> tuple[Options, ProvenanceInput]:
    preliminary = {"ja": True, "nej": False}.get(settings.get("preliminary") or "")
    retrieved = settings.get("retrieved_on") or ""
    return (
        Options(year=settings.get("year"), preliminary=preliminary),
        ProvenanceInput(
            publisher=settings.get("publisher", ""),
            table=settings.get("table", ""),
            url=settings.get("url", ""),
            retrieved_on=date.fromisoformat(retrieved) if retrieved else None,
            retrieved_by=settings.get("retrieved_by", ""),
            is_synthetic=True if settings.get("is_synthetic") else None,
        ),
    )


def _run(
    request: HttpRequest,
    place: Municipality,
    data: bytes,
    filename: str,
    settings: dict[str, Any],
    *,
    dry_run: bool,
) -> ImportResult:
    options, provenance = _options(settings)
    return import_statistics(
        data,
        filename=filename,
        fmt=settings["format"],
        municipality=place,
        shared=bool(settings.get("shared")) and _may_share(request),
        user=request.user,
        provenance=provenance,
        options=options,
        dry_run=dry_run,
    )


@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, place)
    if request.method != "POST":
        return _page(request, place)
    form = StatisticsImportForm(request.POST, request.FILES, may_share=_may_share(request))
    if not form.is_valid():
        return _page(request, place, status=400, form=form)
    data: bytes = form.cleaned_data["data"]
    filename = form.cleaned_data["file"].name
    settings = form.settings()
    try:
        result = _run(request, place, data, filename, settings, dry_run=True)
    except StatisticsFileError as exc:
        heading = _("Filen har %(n)s fel; inget har sparats.") % {"n": len(exc.errors)}
        return _refused(request, place, heading, [str(e) for e in exc.errors], form=form)
    digest = hashlib.sha256(data).hexdigest()
    request.session[_session_key(place)] = {
        "data": base64.b64encode(data).decode("ascii"),
        "sha256": digest,
        "filename": filename,
        "settings": settings,
    }
    return _page(
        request,
        place,
        result=result,
        filename=filename,
        sha256=digest,
        format_label=ImportFormat(settings["format"]).label,
        series=Series.objects.filter(pk__in=result.series).order_by("name")
        if result.series
        else [],
        shared=bool(settings.get("shared")) and _may_share(request),
        form=form,
    )


def _confirm(request: HttpRequest, place: Municipality) -> HttpResponse:
    key = _session_key(place)
    stored = request.session.get(key)
    gone = _(
        "Den granskade filen finns inte kvar – du kan ha varit utloggad eller väntat för "
        "länge. Ladda upp filen igen och granska den."
    )
    if not isinstance(stored, dict) or not stored.get("data"):
        return _refused(request, place, _("Inget har importerats."), [gone])
    try:
        data = base64.b64decode(str(stored["data"]))
    except ValueError:
        return _refused(request, place, _("Inget har importerats."), [gone])
    posted = request.POST.get("sha256", "").encode("utf-8")
    if not (
        hmac.compare_digest(posted, str(stored.get("sha256", "")).encode("utf-8"))
        and hmac.compare_digest(posted, hashlib.sha256(data).hexdigest().encode("ascii"))
    ):
        return _refused(
            request,
            place,
            _("Inget har importerats."),
            [
                _(
                    "Filen du bekräftade är inte den som granskades senast (har du granskat en "
                    "annan fil i ett annat fönster?). Ladda upp filen igen och granska den."
                )
            ],
        )
    del request.session[key]
    settings = stored.get("settings") or {}
    try:
        result = _run(
            request, place, data, str(stored.get("filename", "")), settings, dry_run=False
        )
    except StatisticsFileError as exc:
        heading = _("Filen har %(n)s fel; inget har sparats.") % {"n": len(exc.errors)}
        return _refused(request, place, heading, [str(e) for e in exc.errors])
    messages.success(request, result.line())
    assert result.job is not None
    return redirect("stats:import_detail", municipality=place.slug, pk=result.job.pk)


@require_GET
def import_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    job = import_in(access, pk)
    template = "stats/import_detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    return render(
        request,
        template,
        {
            "municipality": place,
            "nav": "stats",
            "job": job,
            "running": job.status == ImportStatus.RUNNING,
        },
    )
