"""Following up the access log of personal data: the coordinators' and the data protection
officer's page, its export and the retention setting.

Who may: coordinators (and platform administrators) and the municipality's data protection
officer (``MunicipalityRole.is_data_protection_officer``); everyone else in the municipality
gets 403, everyone outside it 404. Looking at the log is itself audited (``view_access_log``,
``export_access_log``): whoever follows up others is followed up too.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from samverka.accounts.access import is_coordinator, municipality_for_editor
from samverka.accounts.access_log import municipality_for_follow_up, retention_update
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality, PersonalDataAccess
from samverka.core.export import table_response

PAGE_SIZE = 50
SAMPLE_MAX = 500
EXPORT_LIMIT = 100_000
# The shortest retention a coordinator may set: a log that can be emptied by next week would let
# a reader cover his tracks by shortening it. The database guard honours whatever is set here.
MIN_RETENTION_DAYS = 180


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("Användare"), required=False, max_length=150)
    kind = forms.ChoiceField(label=gettext_lazy("Slag"), required=False)
    object_id = forms.CharField(label=gettext_lazy("Id"), required=False, max_length=40)
    start = forms.DateField(
        label=gettext_lazy("Från och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    refused = forms.BooleanField(label=gettext_lazy("Bara nekade läsningar"), required=False)
    sample = forms.IntegerField(
        label=gettext_lazy("Slumpmässigt stickprov (antal rader)"),
        required=False,
        min_value=1,
        max_value=SAMPLE_MAX,
        help_text=gettext_lazy("Tomt: alla rader, sida för sida."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = (
            PersonalDataAccess.objects.filter(municipality=municipality)
            .order_by("kind")
            .values_list("kind", flat=True)
            .distinct()
        )
        self.fields["kind"].choices = [("", _("Alla")), *((k, k) for k in kinds)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatumet ligger före startdatumet."))
        return data


def _filtered(
    m: Municipality, params: Any
) -> tuple[AccessLogFilterForm, QuerySet[PersonalDataAccess]]:
    form = AccessLogFilterForm(params or None, municipality=m)
    rows = PersonalDataAccess.objects.filter(municipality=m).order_by("-at", "-pk")
    if not form.is_valid():
        return form, rows.none() if params else rows
    data = form.cleaned_data
    if data["user"]:
        rows = rows.filter(username__iexact=data["user"].strip())
    if data["kind"]:
        rows = rows.filter(kind=data["kind"])
    if data["object_id"]:
        rows = rows.filter(object_id=data["object_id"].strip())
    tz = timezone.get_current_timezone()
    if data["start"]:
        rows = rows.filter(at__gte=datetime.combine(data["start"], time.min, tzinfo=tz))
    if data["end"]:
        end = datetime.combine(data["end"] + timedelta(days=1), time.min, tzinfo=tz)
        rows = rows.filter(at__lt=end)
    if data["refused"]:
        rows = rows.filter(granted=False)
    return form, rows


def _description(form: AccessLogFilterForm) -> str:
    if not form.is_bound or not form.is_valid():
        return _("hela loggen")
    parts = [f"{k}={v}" for k, v in form.cleaned_data.items() if v not in (None, "", False)]
    return ", ".join(parts) or _("hela loggen")


@require_GET
def access_log(request: HttpRequest, municipality: str) -> HttpResponse:
    m = municipality_for_follow_up(request.user, municipality)
    form, rows = _filtered(m, request.GET)
    sample = form.cleaned_data.get("sample") if form.is_bound and form.is_valid() else None
    if sample:
        # A spot check: N rows drawn at random from the filtered log, shown all at once.
        page = None
        shown = list(rows.order_by("?")[:sample])
        shown.sort(key=lambda r: (r.at, r.pk), reverse=True)
    else:
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("sida"))
        shown = list(page.object_list)
    audit(
        municipality=m,
        user=request.user,
        action="view_access_log",
        obj=m,
        summary=_("Åtkomstloggen visad: %(what)s") % {"what": _description(form)},
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "accounts/access_log.html",
        {
            "municipality": m,
            "nav": "access_log",
            "form": form,
            "rows": shown,
            "page": page,
            "sample": sample,
            "query": query.urlencode(),
            "retention_days": m.access_log_retention_days,
            "is_coordinator": is_coordinator(request.user, m),
        },
    )


@require_GET
def access_log_export(request: HttpRequest, municipality: str, fmt: str) -> HttpResponse:
    m = municipality_for_follow_up(request.user, municipality)
    form, rows = _filtered(m, request.GET)
    audit(
        municipality=m,
        user=request.user,
        action="export_access_log",
        obj=m,
        summary=_("Åtkomstloggen exporterad (%(fmt)s): %(what)s")
        % {"fmt": fmt, "what": _description(form)},
    )
    headers = [
        _("Tidpunkt"),
        _("Användare"),
        _("Slag"),
        _("Id"),
        _("Vad"),
        _("Skäl"),
        _("Beviljad"),
        _("Kanal"),
    ]
    data = (
        [r.at, r.username, r.kind, r.object_id, r.description, r.reason, r.granted, r.channel]
        for r in rows[:EXPORT_LIMIT].iterator()
    )
    return table_response(
        fmt, filename=_("Åtkomstlogg %(m)s") % {"m": m.name}, headers=headers, rows=data
    )


class RetentionForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("Lagringstid för åtkomstloggen (dagar)"),
        min_value=MIN_RETENTION_DAYS,
        max_value=365 * 20,
        help_text=gettext_lazy(
            "Hur länge loggen över läsningar av personuppgifter sparas innan den rensas. "
            "Minst %(min)s dagar."
        )
        % {"min": MIN_RETENTION_DAYS},
    )


@require_http_methods(["GET", "POST"])
def access_log_retention(request: HttpRequest, municipality: str) -> HttpResponse:
    """Coordinators set the retention; the change is audited with before and after."""
    m = municipality_for_editor(request.user, municipality)
    form = RetentionForm(request.POST or None, initial={"days": m.access_log_retention_days})
    if request.method == "POST" and form.is_valid():
        retention_update(municipality=m, days=form.cleaned_data["days"], user=request.user)
        messages.success(request, _("Lagringstiden är sparad."))
        return redirect("users:access_log", municipality=m.slug)
    return render(
        request,
        "accounts/access_log_retention.html",
        {"municipality": m, "nav": "access_log", "form": form, "is_coordinator": True},
        status=400 if request.method == "POST" else 200,
    )
