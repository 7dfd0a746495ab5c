"""Forms of the evaluation and lessons pages: they parse input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.forms import DateInput, SingleLineField, limit_choices, model_select
from samverka.incidents.models import Category
from samverka.process.models import (
    Evaluation,
    FollowUp,
    Indicator,
    Measure,
    MeasureKind,
    Problem,
)
from samverka.process.services.evaluations import (
    MAX_QUERY_LENGTH,
    MIN_YEAR,
    TEXT_MAX,
    EffectInput,
    LessonInput,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _areas(municipality: Municipality) -> Any:
    return Area.objects.filter(municipality=municipality).order_by("name")


class _EvaluationBase(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    made_on = forms.DateField(label=_("Datum för utvärderingen"), widget=DateInput())
    made_by_name = SingleLineField(
        label=_("Utförd av"),
        max_length=200,
        required=False,
        help_text=_("T.ex. beredningsgruppen eller en extern utvärderare."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"made_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ProcessEvaluationForm(_EvaluationBase):
    as_planned = forms.CharField(
        label=_("Genomfördes åtgärden som planerat?"),
        widget=TEXTAREA,
        max_length=TEXT_MAX,
        help_text=_("Vad gjordes, vad gjordes inte, vad ändrades och varför."),
    )
    reached = forms.CharField(
        label=_("Nådde den dem den var tänkt för?"),
        widget=TEXTAREA,
        max_length=TEXT_MAX,
        help_text=_("Målgrupp, plats och tid: hur många, vilka, hur ofta."),
    )
    conclusions = forms.CharField(
        label=_("Slutsatser"), widget=TEXTAREA, max_length=TEXT_MAX, required=False
    )


class EffectEvaluationForm(_EvaluationBase):
    target_area = model_select(
        _("Målområde"), Area, help_text=_("Området där åtgärden genomfördes.")
    )
    comparison_area = model_select(
        _("Jämförelseområde"),
        Area,
        help_text=_(
            "Ett liknande område där åtgärden inte genomfördes. Det får inte ligga i målområdet."
        ),
    )
    category = model_select(
        _("Kategori"), Category, required=False, empty_label=_("Alla kategorier")
    )
    indicator = model_select(_("Indikator"), Indicator, required=False)
    before_start = forms.DateField(label=_("Före: från"), widget=DateInput())
    before_end = forms.DateField(label=_("Före: till och med"), widget=DateInput())
    after_start = forms.DateField(label=_("Efter: från"), widget=DateInput())
    after_end = forms.DateField(
        label=_("Efter: till och med"),
        widget=DateInput(),
        help_text=_("Perioderna får vara olika långa; de räknas om per dag."),
    )
    conclusions = forms.CharField(
        label=_("Slutsatser"), widget=TEXTAREA, max_length=TEXT_MAX, required=False
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            target_area=_areas(municipality),
            comparison_area=_areas(municipality),
            category=Category.objects.filter(municipality=municipality).order_by("order", "name"),
            indicator=Indicator.objects.filter(municipality=municipality).order_by("name"),
        )

    def effect_input(self) -> EffectInput:
        data = self.cleaned_data
        return EffectInput(
            target_area=data["target_area"],
            comparison_area=data["comparison_area"],
            category=data.get("category"),
            before_start=data["before_start"],
            before_end=data["before_end"],
            after_start=data["after_start"],
            after_end=data["after_end"],
        )


class LessonForm(forms.Form):
    title = SingleLineField(label=_("Lärdom"), max_length=200, help_text=_("En mening."))
    text = forms.CharField(
        label=_("Beskrivning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT_MAX,
        help_text=_("Vad hände, vad lärde ni er, vad bör nästa åtgärd göra annorlunda?"),
    )
    year = forms.IntegerField(label=_("År"), min_value=MIN_YEAR, max_value=2100)
    measure = model_select(_("Åtgärd"), Measure, required=False)
    problem = model_select(
        _("Problem"),
        Problem,
        required=False,
        help_text=_("Tomt: åtgärdens problem, om den har precis ett."),
    )
    measure_kind = forms.ChoiceField(
        label=_("Typ av åtgärd"),
        choices=[("", _("Ingen")), *MeasureKind.choices],
        required=False,
        help_text=_("Med en åtgärd vald gäller åtgärdens typ."),
    )
    evaluation = model_select(_("Utvärdering"), Evaluation, required=False)
    followup = model_select(_("Uppföljning"), FollowUp, required=False)
    tags = SingleLineField(
        label=_("Nyckelord"),
        max_length=300,
        required=False,
        help_text=_("Åtskilda med kommatecken, t.ex. belysning, skolgård, fritidsgård."),
    )

    def __init__(
        self, *args: Any, municipality: Municipality, measures: Any = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        measures = (
            measures
            if measures is not None
            else Measure.objects.filter(municipality=municipality).order_by("title")
        )
        limit_choices(
            self,
            measure=measures,
            problem=Problem.objects.filter(municipality=municipality).order_by("title"),
            evaluation=Evaluation.objects.filter(municipality=municipality).order_by("-made_on"),
            followup=FollowUp.objects.filter(municipality=municipality)
            .select_related("measure")
            .order_by("-made_on"),
        )

    def lesson_input(self) -> LessonInput:
        data = self.cleaned_data
        return LessonInput(
            title=data["title"],
            text=data["text"],
            year=data["year"],
            measure=data.get("measure"),
            problem=data.get("problem"),
            followup=data.get("followup"),
            evaluation=data.get("evaluation"),
            measure_kind=data.get("measure_kind") or "",
            tags=data.get("tags") or "",
        )


class LessonSearchForm(forms.Form):
    q = forms.CharField(label=_("Sök"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(
        label=_("Typ av åtgärd"), choices=[("", _("Alla")), *MeasureKind.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("År"), coerce=int, required=False, empty_value=None)
    problem = model_select(_("Problem"), Problem, required=False, empty_label=_("Alla"))

    def __init__(self, *args: Any, municipality: Municipality, years: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alla")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]
        limit_choices(
            self, problem=Problem.objects.filter(municipality=municipality).order_by("title")
        )
