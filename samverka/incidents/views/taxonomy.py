"""The taxonomy: every user sees it; coordinators add, rename, reorder and deactivate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.core.forms import add_service_errors
from samverka.incidents import services
from samverka.incidents.access import category_in
from samverka.incidents.forms import CategoryForm
from samverka.incidents.models import Category
from samverka.incidents.selectors import category_tree
from samverka.incidents.taxonomy import DEFAULT_TAXONOMY
from samverka.incidents.views.common import page


@require_GET
def category_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    services.ensure_taxonomy(m)
    codes = set(Category.objects.filter(municipality=m).values_list("code", flat=True))
    default_codes = {code for code, _n, children in DEFAULT_TAXONOMY} | {
        child for _c, _n, children in DEFAULT_TAXONOMY for child, _cn in children
    }
    return page(
        request,
        "incidents/category_list.html",
        m,
        tree=category_tree(m),
        missing_defaults=len(default_codes - codes),
    )


@require_http_methods(["GET", "POST"])
def category_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    form = CategoryForm(request.POST or None, municipality=m)
    if request.method == "POST" and form.is_valid():
        try:
            category = services.category_create(
                municipality=m, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kategorin %(name)s är tillagd.") % {"name": category})
            return redirect("incidents:categories", municipality=m.slug)
    status = 400 if request.method == "POST" else 200
    return page(request, "incidents/category_form.html", m, status=status, form=form)


@require_http_methods(["GET", "POST"])
def category_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    category = category_in(access, pk)
    form = CategoryForm(
        request.POST or None,
        municipality=m,
        exclude=category.pk,
        initial={
            "name": category.name,
            "parent": str(category.parent_id or ""),
            "order": category.order,
            "is_active": category.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.category_update(category=category, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kategorin %(name)s är sparad.") % {"name": category})
            return redirect("incidents:categories", municipality=m.slug)
    status = 400 if request.method == "POST" else 200
    return page(
        request, "incidents/category_form.html", m, status=status, form=form, category=category
    )


@require_POST
def categories_install(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    created = services.taxonomy_install_defaults(municipality=m, user=request.user)
    messages.success(request, _("%(n)s standardkategorier har lagts till.") % {"n": created})
    return redirect("incidents:categories", municipality=m.slug)
