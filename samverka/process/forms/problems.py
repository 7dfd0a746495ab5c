"""Forms of the problem pages: they parse input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.forms import DateInput, ModelMultipleIdField, SingleLineField, model_select
from samverka.meetings.models import Decision
from samverka.organisation.models import Group, GroupKind
from samverka.process.findings import findings_of
from samverka.process.models import (
    Cause,
    CauseAnalysis,
    Certainty,
    DialogueNote,
    EvidenceKind,
    Problem,
    TriangleSide,
)
from samverka.situation.models import SituationReport
from samverka.stats.models import Series

TEXT = forms.Textarea(attrs={"rows": 4})
LATEST_VERSIONS = 10


class ProblemForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), widget=TEXT, required=False, max_length=10000
    )
    areas = ModelMultipleIdField(
        label=_("Områden"),
        queryset=Area.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ett eller flera av kommunens områden."),
        error_messages={"required": _("Välj minst ett område som problemet gäller.")},
    )
    since = forms.DateField(
        label=_("Sedan"), widget=DateInput(), required=False, help_text=_("Ungefär sedan när.")
    )
    prepared_by = model_select(_("Beretts av"), Group, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        ).order_by("name")
        self.fields["prepared_by"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, kind=GroupKind.PREPARATION
        ).order_by("name")


class ProblemEditForm(ProblemForm):
    close = forms.BooleanField(
        label=_("Avsluta problemet"),
        required=False,
        help_text=_("Problemet är löst eller arbetas inte längre med."),
    )


def finding_choices(municipality: Municipality) -> list[tuple[str, Any]]:
    """“version — finding” options of the latest adopted lägesbild versions, grouped by
    version; values are ``<report pk>|<key>`` (``status:<pk>`` for an area's colour)."""
    reports = list(
        SituationReport.objects.in_municipality(municipality)
        .adopted()
        .select_related("area")
        .order_by("-period_start", "-version")[:LATEST_VERSIONS]
    )
    groups: list[tuple[str, Any]] = []
    for report in reports:
        options = [(f"{report.pk}|{f.key}", f"{f.label}: {f.value}") for f in findings_of(report)]
        options += [
            (f"{report.pk}|status:{s.pk}", f"Status {s.area.name}: {s.get_colour_display()}")
            for s in report.area_statuses.select_related("area")
        ]
        if options:
            groups.append((str(report), options))
    return groups


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ av underlag"), choices=EvidenceKind.choices)
    finding = forms.ChoiceField(
        label=_("Fynd i lägesbilden"),
        required=False,
        help_text=_("För underlag från lägesbilden: version och siffra eller områdesstatus."),
    )
    series = model_select(_("Statistikserie"), Series, required=False)
    dialogue = model_select(_("Dialog eller undersökning"), DialogueNote, required=False)
    title = SingleLineField(
        label=_("Rubrik"),
        max_length=200,
        required=False,
        help_text=_("Tomt för lägesbild, statistik och dialog: hämtas från källan."),
    )
    note = forms.CharField(
        label=_("Vad underlaget visar"), widget=TEXT, required=False, max_length=10000
    )
    source_url = forms.URLField(
        label=_("Länk till källan"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Valfri, https://"),
    )
    observed_on = forms.DateField(label=_("Gäller datum"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["finding"].choices = [  # type: ignore[attr-defined]
            ("", "---------"),
            *finding_choices(municipality),
        ]
        self.fields["series"].queryset = Series.objects.filter(  # type: ignore[attr-defined]
            Q(municipality=municipality) | Q(municipality__isnull=True)
        ).order_by("name", "unit")
        self.fields["dialogue"].queryset = DialogueNote.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        finding = data.pop("finding") or ""
        data.update(situation_report=None, figure_key="", area_status=None)
        if finding and data["kind"] == EvidenceKind.SITUATION:
            pk, _sep, key = finding.partition("|")
            report = SituationReport.objects.filter(
                municipality=self.municipality, pk=int(pk)
            ).first()
            data["situation_report"] = report
            if key.startswith("status:") and report is not None:
                data["area_status"] = report.area_statuses.filter(
                    pk=int(key.removeprefix("status:"))
                ).first()
            else:
                data["figure_key"] = key
        data["title"] = data["title"] or ""
        data["note"] = data["note"] or ""
        data["source_url"] = data["source_url"] or ""
        return data


class PrioritiseForm(forms.Form):
    prepared_by = model_select(_("Beredningsgrupp"), Group, required=False)

    def __init__(
        self, *args: Any, municipality: Municipality, problems: list[Problem], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.problems = problems
        self.fields["prepared_by"].queryset = Group.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality, kind=GroupKind.PREPARATION
        ).order_by("name")
        for problem in problems:
            self.fields[f"priority_{problem.pk}"] = forms.IntegerField(
                label=problem.title,
                required=False,
                min_value=1,
                max_value=999,
                initial=problem.priority,
            )

    def priorities(self) -> dict[Problem, int | None]:
        return {p: self.cleaned_data.get(f"priority_{p.pk}") for p in self.problems}


class ConfirmForm(forms.Form):
    decision = model_select(
        _("Beslut"),
        Decision,
        help_text=_("Beslutet av en grupp med mandat att besluta som bekräftar prioriteringen."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = (  # type: ignore[attr-defined]
            Decision.objects.filter(meeting__municipality=municipality)
            .select_related("meeting__group")
            .order_by("-meeting__starts_at", "-number")
        )
        self.fields["decision"].label_from_instance = (  # type: ignore[attr-defined]
            lambda d: f"{d.meeting.group.name} {d.meeting.starts_at:%Y-%m-%d}: {d}"
        )


class AnalysisForm(forms.Form):
    offender = forms.CharField(
        label=_("Gärningsperson"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Vilka begår brotten, och varför just här?"),
    )
    target = forms.CharField(
        label=_("Offer eller mål"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Vem eller vad drabbas, och vad gör dem sårbara?"),
    )
    place = forms.CharField(
        label=_("Plats"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Vad med platsen gör det möjligt?"),
    )
    handler = forms.CharField(
        label=_("Påverkare (nära gärningspersonen)"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Föräldrar, lärare, fältassistenter, tränare …"),
    )
    guardian = forms.CharField(
        label=_("Väktare (skyddar offret eller målet)"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Grannar, personal, väktare, polis …"),
    )
    place_manager = forms.CharField(
        label=_("Platsansvarig"),
        widget=TEXT,
        required=False,
        max_length=4000,
        help_text=_("Fastighetsägare, butiksägare, kommunens förvaltningar …"),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"), widget=TEXT, required=False, max_length=4000
    )


class CauseForm(forms.Form):
    title = SingleLineField(label=_("Orsak"), max_length=200)
    side = forms.ChoiceField(label=_("Sida i triangeln"), choices=TriangleSide.choices)
    certainty = forms.ChoiceField(
        label=_("Hur säker"), choices=Certainty.choices, initial=Certainty.LIKELY
    )
    parent = model_select(
        _("Förklarar"),
        Cause,
        required=False,
        empty_label=_("– (en huvudorsak)"),
        help_text=_("Den orsak som den här orsaken förklarar."),
    )
    description = forms.CharField(
        label=_("Beskrivning"), widget=TEXT, required=False, max_length=10000
    )
    evidence = forms.CharField(label=_("Underlag"), widget=TEXT, required=False, max_length=10000)

    def __init__(
        self, *args: Any, analysis: CauseAnalysis, cause: Cause | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        causes = Cause.objects.filter(analysis=analysis) if analysis.pk else Cause.objects.none()
        if cause is not None:
            causes = causes.exclude(pk=cause.pk)
        self.fields["parent"].queryset = causes.order_by("position", "pk")  # type: ignore[attr-defined]
