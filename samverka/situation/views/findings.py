"""From a finding of an adopted lägesbild to a proposal to the deciding group, or a commitment,
in one action (services.finding_act); the lägesbild shows it next to the finding."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverka.accounts.access import access_of
from samverka.core.forms import add_service_errors
from samverka.meetings.services import deciding_group_for
from samverka.situation import services
from samverka.situation.access import report_in, require_actor
from samverka.situation.figures.typed import finding_anchor
from samverka.situation.forms import FindingActionForm
from samverka.situation.models import Colour, SituationReport
from samverka.situation.selectors import KeyFinding, action_meeting, figures_for, key_findings


def _draft_text(report: SituationReport, finding: KeyFinding | None) -> str:
    """What the form starts from: the finding in words, with the area's status and reasons."""
    if finding is None:
        return ""
    lines = [
        _("Lägesbilden för %(area)s, %(period)s (version %(v)s) visar: %(label)s – %(value)s.")
        % {
            "area": report.area.name,
            "period": report.period.label,
            "v": report.version,
            "label": finding.label,
            "value": finding.value,
        }
    ]
    if finding.colour:
        lines.append(
            _("Beredningsgruppen har gett området status %(colour)s.")
            % {"colour": Colour(finding.colour).label.lower()}
            + (f" {finding.reasons}" if finding.reasons else "")
        )
    return "\n".join(lines) + "\n\n"


@require_http_methods(["GET", "POST"])
def act(request: HttpRequest, municipality: str, pk: int) -> HttpResponse:
    access = access_of(request)
    m = access.municipality
    report = report_in(m, pk)
    require_actor(access, report)
    if not report.is_adopted:
        messages.error(
            request,
            _("Fastställ lägesbilden först: förslag och åtaganden görs från en fastställd."),
        )
        return redirect("situation:detail", municipality=m.slug, pk=report.pk)
    figures = figures_for(report)
    key = key_findings(report, figures)
    by_key = {f.key: f for f in key}
    choices = [
        (f.key, f"{f.label} ({Colour(f.colour).label.lower()})" if f.colour else f.label)
        for f in key
    ]
    choices += [(f.key, f.label) for f in figures.findings() if f.key not in by_key]
    decider = deciding_group_for(report.group) if report.group else None
    if request.method == "POST":
        form = FindingActionForm(request.POST, report=report, findings=choices, decider=decider)
        if form.is_valid():
            data = form.cleaned_data
            try:
                action = services.finding_act(
                    report=report,
                    finding_key=data["finding"],
                    kind=data["kind"],
                    title=data["title"],
                    text=data["text"],
                    user=request.user,
                    owner_person=data.get("owner_person"),
                    owner_organisation=data.get("owner_organisation"),
                    due_date=data.get("due_date"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if action.proposal is not None:
                    done = _("Förslaget till %(group)s är lagt. Det står på gruppens nästa möte.")
                    done %= {"group": action.proposal.to_group.name}
                else:
                    done = _("Åtagandet är registrerat och följs upp på gruppens möten.")
                messages.success(request, done)
                url = reverse("situation:detail", kwargs={"municipality": m.slug, "pk": report.pk})
                return redirect(f"{url}#{finding_anchor(action.finding_key)}-atgarder")
        status = 400
    else:
        chosen = request.GET.get("fynd", "")
        finding = by_key.get(chosen)
        if finding is None and chosen:
            plain = figures.finding(chosen)
            if plain is not None:
                finding = KeyFinding(key=plain.key, label=plain.label, value=plain.value)
        initial = {"kind": "proposal"}
        if finding is not None:
            initial.update(
                finding=finding.key,
                title=_("Åtgärder: %(label)s") % {"label": finding.label},
                text=_draft_text(report, finding),
            )
        form = FindingActionForm(initial=initial, report=report, findings=choices, decider=decider)
        status = 200
    return render(
        request,
        "situation/act.html",
        {
            "municipality": m,
            "nav": "situation",
            "report": report,
            "area": report.area,
            "period": report.period,
            "form": form,
            "decider": decider,
            "meeting": action_meeting(report),
        },
        status=status,
    )
