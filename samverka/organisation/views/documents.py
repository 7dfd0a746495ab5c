"""Pages for the governing documents: agreements, citizen promises, action plans, budgets."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import (
    access_of,
)
from samverka.accounts.models import Municipality
from samverka.core.export import table_response
from samverka.core.views import delete_page, saved_or_none
from samverka.organisation import services
from samverka.organisation.access import document_in
from samverka.organisation.forms_documents import DocumentForm, document_initial
from samverka.organisation.models import DocumentKind, GoverningDocument


def _documents(municipality: Municipality) -> QuerySet[GoverningDocument]:
    return (
        GoverningDocument.objects.filter(municipality=municipality)
        .select_related("area")
        .prefetch_related("parties")
    )


def is_review_overdue(document: GoverningDocument, today: date) -> bool:
    return document.next_review is not None and document.next_review < today


@require_GET
def document_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    today = timezone.localdate()
    documents = list(_documents(m))
    sections = []
    for kind, label in DocumentKind.choices:
        rows = [(d, is_review_overdue(d, today)) for d in documents if d.kind == kind]
        if rows:
            sections.append({"kind": kind, "label": label, "rows": rows})
    return render(
        request,
        "organisation/document_list.html",
        {
            "municipality": m,
            "nav": "documents",
            "sections": sections,
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def document_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    today = timezone.localdate()
    headers = [
        _("Titel"),
        _("Typ"),
        _("Område"),
        _("Gäller från"),
        _("Gäller till"),
        _("Antagen datum"),
        _("Antagen av"),
        _("Nästa översyn"),
        _("Översyn försenad"),
        _("Parter"),
        _("Länk"),
    ]
    rows = [
        [
            d.title,
            d.get_kind_display(),
            d.area or "",
            d.valid_from,
            d.valid_until,
            d.adopted_on,
            d.adopted_by,
            d.next_review,
            is_review_overdue(d, today),
            ", ".join(p.name for p in d.parties.all()),
            d.url,
        ]
        for d in _documents(m).order_by("kind", "title")
    ]
    return table_response(
        fmt, filename=_("Styrande dokument %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_GET
def document_detail(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    document = document_in(access, pk)
    return render(
        request,
        "organisation/document_detail.html",
        {
            "municipality": m,
            "nav": "documents",
            "document": document,
            "parties": document.parties.order_by("name"),
            "overdue": is_review_overdue(document, timezone.localdate()),
            "file_name": PurePosixPath(document.file.name or "").name if document.file else "",
            "is_coordinator": access.is_coordinator,
        },
    )


@require_GET
def document_file(request: HttpRequest, municipality: str, pk: int) -> FileResponse:
    """The attached file, for anyone with a role in the municipality (media is not served
    statically, so this check is the only way to the file)."""
    access = access_of(request)
    document = document_in(access, pk)
    if not document.file:
        raise Http404("The document has no file")
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    return FileResponse(
        handle, as_attachment=True, filename=PurePosixPath(document.file.name or "").name
    )


def _form_page(
    request: HttpRequest,
    m: Municipality,
    form: DocumentForm,
    document: GoverningDocument | None,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "organisation/document_form.html",
        {
            "municipality": m,
            "nav": "documents",
            "form": form,
            "document": document,
            "is_coordinator": True,
        },
        status=status,
    )


def _detail_url(m: Municipality, document: GoverningDocument) -> str:
    return reverse(
        "organisation:document_detail", kwargs={"municipality": m.slug, "pk": document.pk}
    )


@require_http_methods(["GET", "POST"])
def document_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    if request.method != "POST":
        return _form_page(request, m, DocumentForm(municipality=m), None, 200)
    form = DocumentForm(request.POST, request.FILES, municipality=m)

    def save() -> GoverningDocument:
        data = form.service_data()
        parties = data.pop("parties")
        return services.document_create(municipality=m, user=request.user, parties=parties, **data)

    done = saved_or_none(
        request,
        form,
        save,
        message=lambda document: _("%(title)s är tillagt.") % {"title": document},
        to=lambda document: _detail_url(m, document),
    )
    return done or _form_page(request, m, form, None, 400)


@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    document = document_in(access, pk)
    if request.method != "POST":
        form = DocumentForm(municipality=m, instance=document, initial=document_initial(document))
        return _form_page(request, m, form, document, 200)
    form = DocumentForm(request.POST, request.FILES, municipality=m, instance=document)

    def save() -> None:
        data = form.service_data()
        parties = data.pop("parties")
        services.document_update(document=document, user=request.user, parties=parties, **data)

    done = saved_or_none(
        request,
        form,
        save,
        message=lambda _result: _("Ändringarna är sparade."),
        to=lambda _result: _detail_url(m, document),
        refresh=document,
    )
    return done or _form_page(request, m, form, document, 400)


@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    document = document_in(access, pk)
    return delete_page(
        request,
        delete=lambda: services.document_delete(document=document, user=request.user),
        message=_("%(title)s är borttaget.") % {"title": document},
        to=reverse("organisation:document_list", kwargs={"municipality": m.slug}),
        template="organisation/document_confirm_delete.html",
        context={
            "municipality": m,
            "nav": "documents",
            "document": document,
            "is_coordinator": True,
        },
    )
