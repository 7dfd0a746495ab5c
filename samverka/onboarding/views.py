"""Thin pages over ``samverka.onboarding.services``: the platform administrator's new
municipality and invitation, the invited person's password, and the coordinator's guided start."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality, Role
from samverka.core.forms import add_service_errors
from samverka.onboarding import services
from samverka.onboarding.forms import (
    AcceptInvitationForm,
    ActorSuggestionForm,
    InviteForm,
    MunicipalityCreateForm,
)
from samverka.organisation.health import Severity
from samverka.organisation.models import Group, Organisation


def _require_platform_admin(request: HttpRequest) -> None:
    if not getattr(request.user, "is_platform_admin", False):
        raise PermissionDenied(_("Bara en plattformsadministratör kan starta en ny kommun."))


# --- the platform administrator --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def municipality_create(request: HttpRequest) -> HttpResponse:
    _require_platform_admin(request)
    form = MunicipalityCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                municipality = services.create_municipality_from_reference(
                    code=form.cleaned_data["code"], created_by=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(m)s är skapad. Bjud nu in kommunens första samordnare.")
                    % {"m": municipality.name},
                )
                return redirect("onboarding:invite", slug=municipality.slug)
        return render(request, "onboarding/municipality_form.html", {"form": form}, status=400)
    return render(request, "onboarding/municipality_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    _require_platform_admin(request)
    place = get_object_or_404(Municipality, slug=slug)
    form = InviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invitation = services.invite_coordinator(
                    municipality=place,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    invited_by=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Inbjudan är skickad till %(email)s. Länken gäller till och med "
                        "%(until)s och fungerar en gång."
                    )
                    % {"email": data["email"], "until": invitation.valid_until.isoformat()},
                )
                return redirect("onboarding:invite", slug=place.slug)
        status = 400
    coordinators = place.user_roles.filter(role=Role.COORDINATOR).select_related("user")
    return render(
        request,
        "onboarding/invite_form.html",
        {
            "place": place,
            "form": form,
            "coordinators": coordinators,
            "police_region": services.police_region_name(place),
        },
        status=status,
    )


# --- the invited person ----------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    user = services.user_for_invitation(token)
    if user is None:
        return render(request, "onboarding/accept_invalid.html", status=400)
    form = AcceptInvitationForm(user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                user = services.accept_invitation(
                    token=token, password=form.cleaned_data["new_password1"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _("Ditt lösenord är sparat. Koppla nu en app för tvåstegsverifiering."),
                )
                role = user.municipality_roles.select_related("municipality").first()
                if role is not None:
                    # The second factor comes first (the middleware sends the user there and
                    # back here): then the guided start.
                    return redirect("onboarding_start:index", municipality=role.municipality.slug)
                return redirect("core:home")
        return render(
            request, "onboarding/accept.html", {"form": form, "invited": user}, status=400
        )
    return render(request, "onboarding/accept.html", {"form": form, "invited": user})


# --- the coordinator's guided start ----------------------------------------------------------

STEP_KEYS = ("omraden", "aktorer", "grupper", "halsokontroll")


def _context(request: HttpRequest, step: str) -> dict[str, object]:
    access = access_of(request).require_coordinator()
    place = access.municipality
    steps = services.guided_steps(place)
    index = STEP_KEYS.index(step) if step in STEP_KEYS else -1
    return {
        "municipality": place,
        "nav": "onboarding",
        "steps": steps,
        "step": step,
        "step_title": next((s.title for s in steps if s.key == step), ""),
        "number": index + 1,
        "count": len(STEP_KEYS),
        "done_count": sum(1 for s in steps if s.done),
        "next_step": STEP_KEYS[index + 1] if 0 <= index < len(STEP_KEYS) - 1 else "",
        "previous_step": STEP_KEYS[index - 1] if index > 0 else "",
    }


@require_http_methods(["GET"])
def index(request: HttpRequest, municipality: str) -> HttpResponse:
    context = _context(request, "")
    return render(request, "onboarding/start_index.html", context)


@require_http_methods(["GET"])
def step(request: HttpRequest, municipality: str, step: str) -> HttpResponse:
    if step not in STEP_KEYS:
        raise Http404
    context = _context(request, step)
    place = context["municipality"]
    assert isinstance(place, Municipality)
    if step == "omraden":
        context["root_area"] = services.root_area(place)
        context["areas"] = place.areas.order_by("name")
    elif step == "aktorer":
        suggestions = services.suggested_actors(place)
        context["form"] = _actor_form(suggestions)
        context["suggestions"] = suggestions
        context["organisations"] = Organisation.objects.filter(municipality=place).order_by("name")
    elif step == "grupper":
        context["template_applied"] = services.structure_template_applied(place)
        context["groups"] = Group.objects.filter(municipality=place).order_by("name")
    else:
        findings = services.organisation_findings(place)
        context["errors"] = [f for f in findings if f.severity == Severity.ERROR]
        context["others"] = [f for f in findings if f.severity != Severity.ERROR]
        context["work"] = services.work_findings(place)
    return render(request, f"onboarding/step_{step}.html", context)


def _actor_form(
    suggestions: list[services.SuggestedActor], data: object = None
) -> ActorSuggestionForm:
    return ActorSuggestionForm(
        data,
        choices=[(s.key, s.name) for s in suggestions if not s.exists],
        initial={"actors": [s.key for s in suggestions if not s.exists]},
    )


@require_POST
def root_area_create(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    try:
        area = services.create_root_area(municipality=access.municipality, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("onboarding_start:step", municipality=municipality, step="omraden")
    messages.success(request, _("Kommunområdet %(name)s är skapat.") % {"name": area.name})
    return redirect("onboarding_start:step", municipality=municipality, step="omraden")


@require_POST
def actors_create(request: HttpRequest, municipality: str) -> HttpResponse:
    context = _context(request, "aktorer")
    place = context["municipality"]
    assert isinstance(place, Municipality)
    suggestions = services.suggested_actors(place)
    form = _actor_form(suggestions, request.POST)
    if form.is_valid():
        try:
            made = services.create_suggested_actors(
                municipality=place, keys=form.cleaned_data["actors"], user=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("%(n)s aktörer är tillagda.") % {"n": len(made)} if made else _("Klart.")
            )
            return redirect("onboarding_start:step", municipality=municipality, step="aktorer")
    context.update(
        form=form,
        suggestions=suggestions,
        organisations=Organisation.objects.filter(municipality=place).order_by("name"),
    )
    return render(request, "onboarding/step_aktorer.html", context, status=400)


@require_POST
def structure_apply(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    try:
        groups = services.apply_structure_template(
            municipality=access.municipality, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(n)s grupper är skapade efter Brås förslag. Lägg till medlemmar i varje grupp.")
            % {"n": len(groups)},
        )
    return redirect("onboarding_start:step", municipality=municipality, step="grupper")
