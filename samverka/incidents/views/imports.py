"""Imports from the web: upload and check, confirm, follow the progress; column mappings.

See ``samverka.incidents.imports.jobs`` for how a confirmed job runs (a task on the queue, one
transaction) and why.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.background.selectors import task_state
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors
from samverka.incidents import services
from samverka.incidents.access import job_for_user, reporting_organisations, require_reporter
from samverka.incidents.forms import ColumnMappingForm, ImportUploadForm
from samverka.incidents.imports.errors import RowError
from samverka.incidents.imports.jobs import job_confirm, job_preview, mapping_for
from samverka.incidents.imports.run import read_upload
from samverka.incidents.imports.table import DEFAULT_HEADINGS, FIELDS
from samverka.incidents.models import ImportJob
from samverka.incidents.views.common import page

RECENT_JOBS = 10
TEMPLATE_ROW = {
    "tidpunkt": "2026-11-20 21:14",
    "kategori": "Skadegörelse",
    "underkategori": "Klotter",
    "plats": "Gångtunneln vid skolan",
    "miljö": "utomhus",
    "antal": "1",
    "beskrivning": "Klotter på tunnelns väggar",
    "bedömning": "Återkommer varje vecka",
    "polisanmäld": "nej",
}


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    require_reporter(access)
    coordinator = access.is_coordinator
    form = ImportUploadForm(
        request.POST or None,
        request.FILES or None,
        organisations=reporting_organisations(access),
        may_import_police=coordinator,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job, _checked = job_preview(
            municipality=m,
            organisation=form.cleaned_data.get("organisation"),
            user=request.user,
            fmt=form.cleaned_data["fmt"],
            filename=upload.name or "fil",
            data=read_upload(upload),
        )
        return redirect("incidents:import_job", municipality=m.slug, pk=job.pk)
    jobs = ImportJob.objects.filter(municipality=m).select_related("organisation", "created_by")
    if not coordinator:
        jobs = jobs.filter(created_by_id=request.user.pk)
    status = 400 if request.method == "POST" else 200
    return page(
        request,
        "incidents/import.html",
        m,
        status=status,
        form=form,
        jobs=jobs[:RECENT_JOBS],
        fields=FIELDS,
    )


@require_GET
def job_page(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    job = job_for_user(access, pk)
    errors = [RowError.from_dict(e) for e in job.errors if isinstance(e, dict)]
    # While the job waits or runs, what the queue says of its task ("Misslyckades, nytt försök
    # kl. 04:12"); a task that has given up ends the polling even if the job never got to.
    task = task_state(job.task_id) if job.is_active else None
    context = {
        "job": job,
        "task": task,
        "polling": job.is_active and not (task is not None and task.is_finished),
        "errors": errors,
        "error_count": int(job.summary.get("error_count") or 0) or len(errors),
        "summary": job.summary,
        "skipped": int(job.summary.get("already_imported") or 0)
        + int(job.summary.get("repeated_in_file") or 0),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "incidents/import_job.html#status", {"municipality": m, **context})
    return page(request, "incidents/import_job.html", m, **context)


@require_POST
def job_confirm_view(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    job = job_for_user(access, pk)
    if not job_confirm(job=job):
        messages.error(request, _("Importen väntar inte på bekräftelse (den har redan körts)."))
    return redirect("incidents:import_job", municipality=m.slug, pk=job.pk)


@require_http_methods(["GET", "POST"])
def column_mapping(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    require_reporter(access)
    organisations = reporting_organisations(access)
    if not organisations:
        raise PermissionDenied("No organisation to keep a column mapping for.")
    chosen = {str(o.pk): o for o in organisations}.get(
        request.POST.get("organisation") or request.GET.get("organisation") or "",
        organisations[0],
    )
    form = ColumnMappingForm(request.POST or None, initial=mapping_for(chosen))
    if request.method == "POST" and form.is_valid():
        try:
            services.column_mapping_save(
                municipality=m, organisation=chosen, mapping=form.mapping(), user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Kolumnmappningen för %(org)s är sparad.") % {"org": chosen}
            )
            return redirect(
                f"{request.path}?organisation={chosen.pk}",
            )
    status = 400 if request.method == "POST" else 200
    return page(
        request,
        "incidents/column_mapping.html",
        m,
        status=status,
        form=form,
        organisations=organisations,
        chosen=chosen,
    )


@require_GET
def import_template(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    example = {
        **TEMPLATE_ROW,
        "område": getattr(m.areas.order_by("-parent", "name").first(), "name", ""),
    }
    row = [example.get(heading, "") for heading in DEFAULT_HEADINGS]
    return table_response(fmt, filename=_("Mall händelser"), headers=DEFAULT_HEADINGS, rows=[row])
