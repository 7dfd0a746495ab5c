"""Forms of the goal and indicator pages: they parse input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
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
from samverka.incidents.models import Category
from samverka.organisation.models import GoverningDocument
from samverka.process.models import (
    Direction,
    Goal,
    IndicatorPeriod,
    IndicatorSource,
    Problem,
)
from samverka.process.services.goals import MAX_VALUE, MAX_YEAR, MIN_YEAR
from samverka.stats.models import Geography, Series

NUMBER_HELP = _("Ett tal, t.ex. 12 eller 4,5.")


def _decimal_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.Field:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=14,
        decimal_places=3,
        max_value=MAX_VALUE,
        min_value=-MAX_VALUE,
        localize=True,
        help_text=help_text or NUMBER_HELP,
        error_messages={
            "invalid": _("Ange ett tal, t.ex. 12 eller 4,5."),
            "max_digits": _("Talet får ha högst 11 siffror före decimaltecknet."),
            "max_decimal_places": _("Talet får ha högst 3 decimaler."),
            "max_whole_digits": _("Talet får ha högst 11 siffror före decimaltecknet."),
        },
    )


class GoalForm(forms.Form):
    title = SingleLineField(label=_("Mål"), max_length=300)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, max_length=4000, widget=forms.Textarea({"rows": 4})
    )
    document = model_select(
        _("Styrande dokument"),
        GoverningDocument,
        required=False,
        help_text=_("Ett delmål hör till samma dokument som sitt mål."),
    )
    parent = model_select(
        _("Delmål till"), Goal, required=False, help_text=_("Tomt: ett mål på översta nivån.")
    )
    problems = ModelMultipleIdField(
        label=_("Problem som målet gäller"),
        queryset=Problem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weight = forms.IntegerField(
        label=_("Vikt"),
        min_value=1,
        max_value=100,
        initial=1,
        help_text=_("Hur mycket delmålet väger när framstegen räknas samman till målet."),
    )
    position = forms.IntegerField(label=_("Ordning"), min_value=0, max_value=1000, initial=0)

    def __init__(self, *args: Any, municipality: Municipality, goal: Goal | None = None, **kw: Any):
        super().__init__(*args, **kw)
        parents: QuerySet[Goal] = Goal.objects.filter(municipality=municipality)
        if goal is not None:
            parents = parents.exclude(pk=goal.pk)
        limit_choices(
            self,
            document=GoverningDocument.objects.filter(municipality=municipality).order_by("title"),
            parent=parents.order_by("title"),
            problems=Problem.objects.filter(municipality=municipality).order_by("title"),
        )


class IndicatorForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, max_length=4000, widget=forms.Textarea({"rows": 3})
    )
    unit = SingleLineField(
        label=_("Enhet"), max_length=60, help_text=_("T.ex. ”antal händelser” eller ”procent”.")
    )
    source = forms.ChoiceField(label=_("Källa"), choices=IndicatorSource.choices)
    period = forms.ChoiceField(
        label=_("Period"),
        choices=IndicatorPeriod.choices,
        initial=IndicatorPeriod.YEAR,
        help_text=_("Statistik läses per år."),
    )
    direction = forms.ChoiceField(label=_("Riktning"), choices=Direction.choices)
    area = model_select(
        _("Område (händelserapporter)"),
        Area,
        required=False,
        help_text=_("Rapporterna från området och dess delområden räknas, dubbletter undantagna."),
    )
    category = model_select(
        _("Kategori (händelserapporter)"),
        Category,
        required=False,
        empty_label=_("Alla kategorier"),
    )
    series = model_select(_("Statistikserie"), Series, required=False)
    geography = model_select(_("Geografi (statistik)"), Geography, required=False)
    baseline_value = _decimal_field(_("Utgångsvärde"))
    baseline_label = SingleLineField(
        label=_("Utgångsvärdet gäller"),
        max_length=60,
        required=False,
        help_text=_("T.ex. ”2025” eller ”medel 2023–2025”."),
    )
    target_value = _decimal_field(_("Målvärde"))
    deadline = forms.DateField(label=_("Målet ska nås senast"), required=False, widget=DateInput())

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            category=Category.objects.filter(municipality=municipality).order_by("order", "name"),
            series=Series.objects.visible_to(municipality).order_by("name", "unit"),
            geography=Geography.objects.order_by("code"),
        )

    def clean_deadline(self) -> Any:
        day = self.cleaned_data.get("deadline")
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise forms.ValidationError(
                _("Ange ett datum mellan år %(a)s och %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}
            )
        return day


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    part = forms.IntegerField(
        label=_("Period under året"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Månad 1–12, kvartal 1–4 eller halvår 1–2; tomt för ett helt år."),
    )
    value = _decimal_field(_("Värde"), required=True)
    note = forms.CharField(label=_("Kommentar"), required=False, max_length=300)

    def __init__(self, *args: Any, period: str, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)
        if period == IndicatorPeriod.YEAR:
            del self.fields["part"]
        elif period == IndicatorPeriod.QUARTER:
            self.fields["part"].label = _("Kvartal (1–4)")
            self.fields["part"].required = True
            self.fields["part"].help_text = ""
        elif period == IndicatorPeriod.HALF_YEAR:
            self.fields["part"].label = _("Halvår (1–2)")
            self.fields["part"].required = True
            self.fields["part"].help_text = ""
        else:
            self.fields["part"].label = _("Månad (1–12)")
            self.fields["part"].required = True
            self.fields["part"].help_text = ""
