"""Pages of the reports: the list of areas, each area's fact sheet (page and PDF), and the
fact sheet's text library that coordinators edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import (
    access_of,
)
from samverka.areas.access import area_for_user
from samverka.areas.models import Area
from samverka.core.forms import add_service_errors
from samverka.reports.factsheet import area_heading, build_fact_sheet, text_library
from samverka.reports.forms import FactSheetTextForm
from samverka.reports.jobs import fact_sheet_pdf_job
from samverka.reports.rendering import fact_sheet_html, fact_sheet_pdf
from samverka.reports.services import fact_sheet_text_reset, fact_sheet_text_set
from samverka.reports.texts import DEFAULTS_BY_KEY


@require_GET
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    by_pk = {a.pk: a for a in Area.objects.filter(municipality=m).select_related("municipality")}

    def path(area: Area) -> list[str]:
        # Names from the root down, read from memory (the tree is one query), cycle-safe.
        names: list[str] = []
        seen: set[int] = set()
        node: Area | None = area
        while node is not None and node.pk not in seen:
            names.insert(0, node.name)
            seen.add(node.pk)
            node = by_pk.get(node.parent_id) if node.parent_id else None
        return names

    paths = sorted(((path(a), a) for a in by_pk.values()), key=lambda item: item[0])
    areas = [
        {"area": area, "heading": area_heading(area), "depth": len(names) - 1}
        for names, area in paths
    ]
    return render(
        request,
        "reports/index.html",
        {
            "municipality": m,
            "nav": "reports",
            "areas": areas,
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def factsheet(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    area = area_for_user(access, pk)
    sheet = build_fact_sheet(area)
    html = fact_sheet_html(
        sheet, for_print=False, request=request, is_coordinator=access.is_coordinator
    )
    return HttpResponse(html)


@require_GET
def factsheet_pdf(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    area = area_for_user(access, pk)
    pdf = fact_sheet_pdf(build_fact_sheet(area))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(f"faktablad {area.name}") or "faktablad"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def factsheet_pdf_job(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    """The way to the PDF: queued for printing in the background, with the queue's state and
    the progress, or at once when the data have not changed since the last print (see
    ``samverka.reports.jobs``). POST (the button after a failure) queues the printing again."""
    access = access_of(request)
    area = area_for_user(access, pk)
    kwargs = {"municipality": access.municipality.slug, "pk": area.pk}
    again = request.method == "POST"
    job = fact_sheet_pdf_job(build_fact_sheet(area), again=again)
    if again:
        return redirect(reverse("reports:factsheet_pdf_job", kwargs=kwargs))
    pdf_url = reverse("reports:factsheet_pdf", kwargs=kwargs)
    htmx = bool(getattr(request, "htmx", False))
    if job.is_done and not htmx:
        return redirect(pdf_url)
    context = {
        "municipality": access.municipality,
        "nav": "reports",
        "area": area,
        "heading": area_heading(area),
        "job": job,
        "pdf_url": pdf_url,
    }
    template = "reports/factsheet_pdf_job.html"
    return render(request, f"{template}#status" if htmx else template, context)


@require_GET
def text_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    library = text_library(m)
    rows = [
        {"text": library[key], "help": default.help} for key, default in DEFAULTS_BY_KEY.items()
    ]
    return render(
        request, "reports/text_list.html", {"municipality": m, "nav": "reports", "rows": rows}
    )


def _key(key: str) -> str:
    if key not in DEFAULTS_BY_KEY:
        raise Http404
    return key


@require_http_methods(["GET", "POST"])
def text_edit(request: HttpRequest, municipality: str, key: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    text = text_library(m)[_key(key)]
    status = 200
    if request.method == "POST":
        form = FactSheetTextForm(request.POST)
        if form.is_valid():
            try:
                fact_sheet_text_set(
                    municipality=m,
                    key=key,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    user=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Texten ”%(title)s” är sparad.") % {"title": text.title}
                )
                return redirect("reports:text_list", municipality=m.slug)
        status = 400
    else:
        form = FactSheetTextForm(initial={"title": text.title, "body": text.body})
    return render(
        request,
        "reports/text_form.html",
        {
            "municipality": m,
            "nav": "reports",
            "text": text,
            "default": DEFAULTS_BY_KEY[key],
            "form": form,
        },
        status=status,
    )


@require_POST
def text_reset(request: HttpRequest, municipality: str, key: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    fact_sheet_text_reset(municipality=m, key=_key(key), user=request.user)
    messages.success(
        request,
        _("Texten ”%(title)s” är återställd till Brås text.")
        % {"title": DEFAULTS_BY_KEY[key].title},
    )
    return redirect("reports:text_list", municipality=m.slug)
