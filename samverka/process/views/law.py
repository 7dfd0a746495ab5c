"""The law & method page and a coordinator's confirmation of one of Brå's steps."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from samverka.accounts.access import access_of
from samverka.core.validators import validate_single_line
from samverka.process import law as law_rules


class ConfirmForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Hur det är uppfyllt (kommentar)"),
        max_length=300,
        required=False,
        validators=[validate_single_line],
    )
    withdraw = forms.BooleanField(required=False)


@require_GET
def law(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request)
    status = law_rules.law_status(access.municipality, timezone.localdate())
    return render(
        request,
        "process/law.html",
        {
            "municipality": access.municipality,
            "nav": "process",
            "status": status,
            "may_confirm": access.is_coordinator,
            "form": ConfirmForm(),
        },
    )


@require_POST
def law_confirm(request: HttpRequest, municipality: str, criterion: str) -> HttpResponse:
    access = access_of(request)
    access.require_coordinator(_("Det är kommunens samordnare som bekräftar stegen."))
    if criterion not in law_rules.CONFIRMABLE:
        raise Http404("No such criterion")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        status = law_rules.law_status(access.municipality, timezone.localdate())
        return render(
            request,
            "process/law.html",
            {
                "municipality": access.municipality,
                "nav": "process",
                "status": status,
                "may_confirm": True,
                "form": ConfirmForm(),
                "failed": criterion,
                "failed_form": form,
            },
            status=400,
        )
    label = law_rules.criterion_label(criterion)
    try:
        if form.cleaned_data["withdraw"]:
            law_rules.step_withdraw(access=access, criterion=criterion)
            messages.success(request, _("Bekräftelsen är borttagen: %(c)s") % {"c": label})
        else:
            law_rules.step_confirm(
                access=access, criterion=criterion, note=form.cleaned_data["note"]
            )
            messages.success(request, _("Bekräftat: %(c)s") % {"c": label})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("process:law", municipality=access.municipality.slug)
