"""Forms of the åtgärdsplan pages: they parse input; the rules are in ``services.plans``.

No form offers the status "beslutad": a measure is adopted only through the adopt pages, which
take a decision of a group with the mandate to decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.forms import (
    DateInput,
    ModelMultipleIdField,
    SingleLineField,
    limit_choices,
    model_select,
)
from samverka.meetings.models import Decision
from samverka.organisation.models import GoverningDocument, Group, GroupKind, Organisation
from samverka.process.models import (
    Activity,
    ActivityStatus,
    AsPlanned,
    Cause,
    Goal,
    Measure,
    MeasureKind,
    MeasureStatus,
    MeasureTerm,
)
from samverka.process.services.plans import (
    MAX_INTERVAL_WEEKS,
    MAX_WEIGHT,
    STATUS_STEPS,
    ActivityInput,
    MeasureInput,
)

TEXTAREA = {"rows": 3}


class PlanForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    period_start = forms.DateField(label=_("Gäller från"), widget=DateInput())
    period_end = forms.DateField(label=_("Gäller till"), widget=DateInput())
    area = model_select(_("Område"), Area, required=False, help_text=_("Tomt: hela kommunen."))
    prepared_by = model_select(_("Bereds av"), Group, required=False)
    document = model_select(_("Styrande dokument"), GoverningDocument, required=False)
    summary = forms.CharField(
        label=_("Inledning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            prepared_by=Group.objects.filter(municipality=municipality).order_by("name"),
            document=GoverningDocument.objects.filter(municipality=municipality).order_by("title"),
        )


def _cause_label(cause: Cause) -> str:
    return f"{cause.analysis.problem.title}: {cause.title}"


class CauseChoiceField(ModelMultipleIdField):
    def label_from_instance(self, obj: Any) -> str:
        return _cause_label(obj)


class MeasureForm(forms.Form):
    title = SingleLineField(label=_("Åtgärd"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    causes = CauseChoiceField(
        label=_("Orsaker som åtgärden riktar sig mot"),
        queryset=Cause.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = ModelMultipleIdField(
        label=_("Mål som åtgärden bidrar till"),
        queryset=Goal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(label=_("Typ"), choices=MeasureKind.choices)
    term = forms.ChoiceField(label=_("Sikt"), choices=MeasureTerm.choices)
    responsible_organisation = model_select(_("Ansvarig aktör"), Organisation, required=False)
    working_group = model_select(
        _("Arbetsgrupp"),
        Group,
        required=False,
        help_text=_("En tidsbegränsad arbetsgrupp som beredningsgruppen tillsätter."),
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Slut"), required=False, widget=DateInput())
    budget = forms.DecimalField(
        label=_("Budget (kr)"), required=False, min_value=0, max_digits=12, decimal_places=0
    )
    logic_activity = forms.CharField(
        label=_("Aktivitet (vad görs)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    logic_output = forms.CharField(
        label=_("Prestation (vad det ger)"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    logic_outcome = forms.CharField(
        label=_("Effekt (vad som förändras)"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    logic_goal = forms.CharField(
        label=_("Bidrar till målet"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    weight = forms.IntegerField(
        label=_("Vikt"),
        min_value=1,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=_("Hur mycket åtgärden väger när framstegen räknas ihop för planen och målen."),
    )
    followup_every_weeks = forms.IntegerField(
        label=_("Följs upp var n:e vecka"), min_value=1, max_value=MAX_INTERVAL_WEEKS, initial=8
    )
    position = forms.IntegerField(
        label=_("Ordning i planen"), min_value=0, max_value=32767, initial=0
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            causes=Cause.objects.filter(analysis__problem__municipality=municipality)
            .select_related("analysis__problem")
            .order_by("analysis__problem__title", "position", "pk"),
            goals=Goal.objects.filter(municipality=municipality).order_by("title"),
            responsible_organisation=Organisation.objects.filter(
                municipality=municipality
            ).order_by("name"),
            working_group=Group.objects.filter(
                municipality=municipality, kind=GroupKind.WORKING
            ).order_by("name"),
        )

    def measure_input(self) -> MeasureInput:
        data = self.cleaned_data
        return MeasureInput(
            title=data["title"],
            kind=data["kind"],
            term=data["term"],
            description=data["description"],
            causes=list(data["causes"]),
            goals=list(data["goals"]),
            responsible_organisation=data["responsible_organisation"],
            working_group=data["working_group"],
            start=data["start"],
            end=data["end"],
            budget=data["budget"],
            logic_activity=data["logic_activity"],
            logic_output=data["logic_output"],
            logic_outcome=data["logic_outcome"],
            logic_goal=data["logic_goal"],
            weight=data["weight"],
            followup_every_weeks=data["followup_every_weeks"],
            position=data["position"],
        )

    @staticmethod
    def initial_of(measure: Measure) -> dict[str, Any]:
        initial = {
            name: getattr(measure, name)
            for name in (
                "title",
                "description",
                "kind",
                "term",
                "responsible_organisation",
                "working_group",
                "start",
                "end",
                "budget",
                "logic_activity",
                "logic_output",
                "logic_outcome",
                "logic_goal",
                "weight",
                "followup_every_weeks",
                "position",
                "status",
            )
        }
        initial["causes"] = list(measure.causes.values_list("pk", flat=True))
        initial["goals"] = list(measure.goals.values_list("pk", flat=True))
        return initial


class MeasureEditForm(MeasureForm):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = STATUS_STEPS.get(measure.status, (measure.status,))
        # "Beslutad" is offered only to a measure already adopted (keeping its status).
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in MeasureStatus.choices if value in allowed
        ]
        self.fields["status"].help_text = _(
            "En åtgärd blir beslutad bara genom ett beslut av en grupp med mandat att besluta "
            "(Anta med beslut)."
        )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        meeting = obj.meeting
        day = timezone.localdate(meeting.starts_at).isoformat()
        return (
            f"{meeting.group.name} {day}, § {obj.number} {obj.title} ({obj.get_outcome_display()})"
        )


class AdoptForm(forms.Form):
    decision = DecisionChoiceField(
        label=_("Beslut"),
        queryset=Decision.objects.none(),
        empty_label=_("Välj beslut"),
        help_text=_(
            "Ett protokollfört beslut av en grupp med mandat att besluta (t.ex. styrgruppen), "
            "med bifall eller bifall med ändring."
        ),
    )
    note = forms.CharField(
        label=_("Vad som ändrats sedan förra versionen"), required=False, max_length=300
    )

    def __init__(
        self, *args: Any, municipality: Municipality, with_note: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        # Every decision of the municipality is accepted here, so that a decision without the
        # mandate gets the service's refusal that names who decides.
        limit_choices(
            self,
            decision=Decision.objects.filter(meeting__municipality=municipality)
            .select_related("meeting__group")
            .order_by("-meeting__starts_at", "-number"),
        )
        if not with_note:
            del self.fields["note"]


class ActivityForm(forms.Form):
    title = SingleLineField(label=_("Aktivitet"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    responsible_organisation = model_select(_("Ansvarig aktör"), Organisation, required=False)
    planned_start = forms.DateField(label=_("Planerad start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planerat slut"), required=False, widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActivityStatus.choices)
    progress = forms.IntegerField(
        label=_("Genomfört (procent)"), min_value=0, max_value=100, initial=0
    )
    weight = forms.IntegerField(
        label=_("Vikt"),
        min_value=1,
        max_value=MAX_WEIGHT,
        initial=1,
        help_text=_("Hur mycket aktiviteten väger i åtgärdens framsteg."),
    )
    position = forms.IntegerField(label=_("Ordning"), min_value=0, max_value=32767, initial=0)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            responsible_organisation=Organisation.objects.filter(
                municipality=municipality
            ).order_by("name"),
        )

    def activity_input(self) -> ActivityInput:
        return ActivityInput(**self.cleaned_data)

    @staticmethod
    def initial_of(activity: Activity) -> dict[str, Any]:
        return {
            name: getattr(activity, name)
            for name in (
                "title",
                "description",
                "responsible_organisation",
                "planned_start",
                "planned_end",
                "status",
                "progress",
                "weight",
                "position",
            )
        }


class FollowUpForm(forms.Form):
    made_on = forms.DateField(label=_("Uppföljningsdatum"), widget=DateInput())
    as_planned = forms.ChoiceField(
        label=_("Genomfört som planerat?"), choices=AsPlanned.choices, widget=forms.RadioSelect
    )
    outputs = forms.CharField(
        label=_("Prestationer"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Vad som blev gjort: antal, platser, deltagare."),
    )
    deviations = forms.CharField(
        label=_("Avvikelser"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    indicator_movement = forms.CharField(
        label=_("Hur indikatorerna rört sig"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    lessons = forms.CharField(
        label=_("Lärdomar"),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("Sparas också i lärdomsbiblioteket (första raden blir rubrik)."),
    )
    activity = model_select(_("Aktivitet"), Activity, required=False)
    progress = forms.IntegerField(
        label=_("Aktivitetens framsteg efter uppföljningen (procent)"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("Tomt: oförändrat."),
    )

    def __init__(self, *args: Any, measure: Measure, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"made_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        limit_choices(self, activity=measure.activities.order_by("position", "pk"))
