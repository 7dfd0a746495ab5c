"""Forms for groups, memberships and specialist functions.

Every choice of a related object is limited to the current municipality; an id of another
municipality is refused by the form ("Välj ett giltigt alternativ") and again by the service.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.forms import DateInput, ModelMultipleIdField, SingleLineField
from samverka.organisation.models import (
    Cadence,
    Group,
    GroupKind,
    Mandate,
    MembershipRole,
    Organisation,
    Person,
    Weekday,
)


class GroupFilterForm(forms.Form):
    """The GET filter above the group list."""

    kind = forms.ChoiceField(
        label=_("Typ av grupp"),
        required=False,
        choices=[("", _("Alla typer")), *GroupKind.choices],
    )
    area = forms.ModelChoiceField(
        label=_("Område"), required=False, queryset=Area.objects.none(), empty_label=_("Alla")
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class GroupForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    short_name = SingleLineField(label=_("Kortnamn"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Typ av grupp"), choices=GroupKind.choices)
    mandate = forms.ChoiceField(
        label=_("Mandat"),
        choices=Mandate.choices,
        help_text=_(
            "Beslutar: fattar beslut. Bereder och föreslår: förbereder underlag åt en grupp som "
            "beslutar. Genomför: utför det som beslutats. Rådgivande: ger råd men beslutar inte."
        ),
    )
    purpose = forms.CharField(
        label=_("Syfte och uppdrag"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    area = forms.ModelChoiceField(label=_("Område"), required=False, queryset=Area.objects.none())
    reports_to = forms.ModelChoiceField(
        label=_("Rapporterar till"), required=False, queryset=Group.objects.none()
    )
    appointed_by = forms.ModelChoiceField(
        label=_("Tillsatt av"), required=False, queryset=Group.objects.none()
    )
    coordinates = ModelMultipleIdField(
        label=_("Samordnar"),
        required=False,
        queryset=Group.objects.none(),
        help_text=_("Håll ned Ctrl (Cmd på Mac) för att välja flera."),
    )
    convening_organisation = forms.ModelChoiceField(
        label=_("Sammankallande aktör"), required=False, queryset=Organisation.objects.none()
    )
    cadence = forms.ChoiceField(
        label=_("Mötesfrekvens"),
        choices=Cadence.choices,
        initial=Cadence.CUSTOM,
        help_text=_(
            "Fyll i antal möten per år eller antal veckor mellan mötena, beroende på valet."
        ),
    )
    meetings_per_year = forms.IntegerField(
        label=_("Möten per år"), required=False, min_value=1, max_value=52
    )
    interval_weeks = forms.IntegerField(
        label=_("Veckor mellan möten"), required=False, min_value=1, max_value=26
    )
    meeting_weekday = forms.TypedChoiceField(
        label=_("Mötesdag"),
        required=False,
        choices=[("", _("Ingen bestämd dag")), *Weekday.choices],
        coerce=int,
        empty_value=None,
    )
    cadence_note = forms.CharField(label=_("Om mötesfrekvensen"), max_length=200, required=False)
    acute_triggers = forms.CharField(
        label=_("Akuta möten vid"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En händelse per rad, t.ex. skjutning, explosion, social oro."),
    )
    start_date = forms.DateField(label=_("Startdatum"), required=False, widget=DateInput())
    end_date = forms.DateField(
        label=_("Slutdatum"),
        required=False,
        widget=DateInput(),
        help_text=_("En arbetsgrupp är tidsbegränsad: ange när uppdraget slutar."),
    )
    internal_notes = forms.CharField(
        label=_("Interna anteckningar"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Syns bara för gruppens medlemmar och kommunens samordnare."),
    )

    def __init__(
        self, *args: Any, municipality: Municipality, group: Group | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality, self.group = municipality, group
        others = Group.objects.filter(municipality=municipality).order_by("name")
        if group is not None:
            # A group cannot report to, be appointed by or coordinate itself.
            others = others.exclude(pk=group.pk)
        for name in ("reports_to", "appointed_by", "coordinates"):
            self.fields[name].queryset = others  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["convening_organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def clean_name(self) -> str:
        # The database refuses duplicates too, but its message names internal fields.
        name = self.cleaned_data["name"].strip()
        same = Group.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.group is not None:
            same = same.exclude(pk=self.group.pk)
        if same.exists():
            raise forms.ValidationError(
                _("Det finns redan en grupp som heter %(name)s i kommunen."), params={"name": name}
            )
        return name

    @staticmethod
    def initial_for(group: Group) -> dict[str, Any]:
        names = [name for name in GroupForm.base_fields if name != "coordinates"]
        initial = {name: getattr(group, name) for name in names}
        initial["coordinates"] = list(group.coordinates.all())
        return initial

    def service_data(self) -> tuple[dict[str, Any], list[Group]]:
        """The cleaned data as the service's keyword arguments, plus the coordinated groups."""
        data = dict(self.cleaned_data)
        coordinates = list(data.pop("coordinates") or [])
        # The sub-fields of another cadence are cleared, so that a stale value does not stay.
        if data["cadence"] != Cadence.TIMES_PER_YEAR:
            data["meetings_per_year"] = None
        if data["cadence"] != Cadence.EVERY_N_WEEKS:
            data["interval_weeks"] = None
        return data, coordinates


class MembershipForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    organisation = forms.ModelChoiceField(
        label=_("Företräder"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=_("Lämna tomt så används personens egen organisation."),
    )
    role = forms.ChoiceField(
        label=_("Roll i gruppen"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )
    start_date = forms.DateField(label=_("Från"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Till"), required=False, widget=DateInput())

    def __init__(
        self, *args: Any, municipality: Municipality, with_person: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if with_person:
            self.fields["person"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
                municipality=municipality
            ).select_related("organisation")
        else:
            # A membership belongs to one person; to change person, add a new membership.
            del self.fields["person"]
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Till-datum kan inte vara före från-datum."))
        return cleaned


class SpecialistFunctionForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    coordinator = forms.ModelChoiceField(
        label=_("Koordinator"), required=False, queryset=Person.objects.none()
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
