"""The municipality's users: coordinators add accounts, give roles and remove them.

Every page here is for coordinators only (403 for other roles, 404 outside the municipality).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts import services
from samverka.accounts.access import access_of
from samverka.accounts.forms import UserCreateForm, UserEditForm
from samverka.accounts.models import Municipality, MunicipalityRole
from samverka.core.export import table_response
from samverka.core.forms import add_service_errors


def _role_or_404(municipality: Municipality, pk: int) -> MunicipalityRole:
    # ``user__pk``, not ``user_id``: the user's own id field turns an id larger than any row
    # (a tampered URL) into "no match"; the foreign key column passes it on to the database.
    role = (
        MunicipalityRole.objects.filter(municipality=municipality, user__pk=pk)
        .select_related("user")
        .first()
    )
    if role is None:
        raise Http404("No such user in this municipality")
    return role


def _rows(municipality: Municipality) -> list[dict[str, object]]:
    from samverka.organisation.models import Person  # lazily: organisation builds on accounts

    roles = list(
        MunicipalityRole.objects.filter(municipality=municipality)
        .select_related("user")
        .order_by("user__username")
    )
    people = {
        p.user_id: p
        for p in Person.objects.filter(
            municipality=municipality, user_id__in=[r.user_id for r in roles]
        )
    }
    return [{"role": r, "user": r.user, "person": people.get(r.user_id)} for r in roles]


@require_GET
def user_list(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    return render(
        request,
        "accounts/user_list.html",
        {"municipality": m, "nav": "users", "rows": _rows(m), "is_coordinator": True},
    )


@require_GET
def user_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    headers = [
        _("Användarnamn"),
        _("Namn"),
        _("E-post"),
        _("Roll"),
        _("Kopplad person"),
        _("Senast inloggad"),
    ]
    rows = [
        [
            row["user"].username,  # type: ignore[attr-defined]
            row["user"].get_full_name(),  # type: ignore[attr-defined]
            row["user"].email,  # type: ignore[attr-defined]
            row["role"].get_role_display(),  # type: ignore[attr-defined]
            row["person"] or "",
            row["user"].last_login,  # type: ignore[attr-defined]
        ]
        for row in _rows(m)
    ]
    return table_response(
        fmt, filename=_("Användare %(m)s") % {"m": m.name}, headers=headers, rows=rows
    )


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    form = UserCreateForm(request.POST or None, municipality=m)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = services.user_create_in_municipality(
                    municipality=m,
                    username=data["username"],
                    role=data["role"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    person=data["person"],
                    password=data["password"] or None,
                    is_data_protection_officer=data["is_data_protection_officer"],
                    created_by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Kontot %(u)s är skapat.") % {"u": user.username})
                if not data["password"]:
                    messages.info(
                        request,
                        _(
                            "Kontot har inget lösenord och kan inte logga in ännu. Be en "
                            "plattformsadministratör sätta ett lösenord, eller skapa om kontot "
                            "med ett första lösenord."
                        ),
                    )
                return redirect("users:list", municipality=m.slug)
        status = 400
    return render(
        request,
        "accounts/user_form.html",
        {"municipality": m, "nav": "users", "form": form, "is_coordinator": True},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    role = _role_or_404(m, pk)
    target = role.user
    person = target.person if hasattr(target, "person") else None
    initial = {
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "role": role.role,
        "is_data_protection_officer": role.is_data_protection_officer,
        "person": person if person is not None and person.municipality_id == m.pk else None,
    }
    form = UserEditForm(request.POST or None, initial=initial, municipality=m, user=target)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.user_role_update(
                    municipality=m,
                    user=target,
                    role=data["role"],
                    person=data["person"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    email=data["email"],
                    is_data_protection_officer=data["is_data_protection_officer"],
                    updated_by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Ändringarna för %(u)s är sparade.") % {"u": target})
                return redirect("users:list", municipality=m.slug)
        status = 400
    return render(
        request,
        "accounts/user_form.html",
        {
            "municipality": m,
            "nav": "users",
            "form": form,
            "target": target,
            "is_self": target.pk == request.user.pk,
            "is_coordinator": True,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def user_remove(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request).require_coordinator()
    m = access.municipality
    role = _role_or_404(m, pk)
    target = role.user
    error = None
    if request.method == "POST":
        try:
            deleted = services.user_remove_from_municipality(
                municipality=m, user=target, removed_by=request.user
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if deleted:
                text = _(
                    "%(u)s är borttagen ur kommunen och kontot är stängt, eftersom det inte "
                    "har någon roll i någon annan kommun."
                )
            else:
                text = _("%(u)s har inte längre någon roll i kommunen.")
            messages.success(request, text % {"u": target})
            return redirect("users:list", municipality=m.slug)
    return render(
        request,
        "accounts/user_confirm_remove.html",
        {
            "municipality": m,
            "nav": "users",
            "target": target,
            "role": role,
            "error": error,
            "is_self": target.pk == request.user.pk,
            "is_coordinator": True,
        },
        status=400 if error else 200,
    )
