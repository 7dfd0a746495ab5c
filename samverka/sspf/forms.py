"""Forms of the SSPF pages: they parse input; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.areas.models import Area
from samverka.core.forms import DateInput, limit_choices, model_select
from samverka.organisation.models import Group, Organisation
from samverka.sspf.models import CaseStatus, ConsentKind, Sector, Subject
from samverka.sspf.services import ConsentInput

NO_NUMBERS = _("Skriv inga person- eller samordningsnummer här.")


class CaseForm(forms.Form):
    group = model_select(_("SSPF-grupp"), Group)
    area = model_select(_("Område"), Area, required=False, help_text=_("Tomt: gruppens område."))
    raised_on = forms.DateField(label=_("Datum"), widget=DateInput())
    raised_by = model_select(_("Lyft av (aktör)"), Organisation, required=False)
    sector = forms.ChoiceField(label=_("Sektor"), choices=Sector.choices)
    subject = forms.ChoiceField(label=_("Oron gäller"), choices=Subject.choices)
    description = forms.CharField(
        label=_("Beskrivning av oron"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=NO_NUMBERS,
    )

    def __init__(self, *args: Any, groups: Any, municipality: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"raised_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            group=groups,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            raised_by=Organisation.objects.filter(municipality=municipality).order_by("name"),
        )


class CaseEditForm(CaseForm):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["group"]  # a case stays in the group it was raised in


class ConsentFields(forms.Form):
    kind = forms.ChoiceField(label=_("Samtycke eller lagstöd"), choices=ConsentKind.choices)
    given_on = forms.DateField(label=_("Datum för samtycket"), widget=DateInput())
    ends_on = forms.DateField(label=_("Gäller till"), widget=DateInput())
    scope = forms.CharField(
        label=_("Omfattning"),
        max_length=300,
        help_text=_("Vilka uppgifter som får delas, med vilka, för vad."),
    )


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    birth_date = forms.DateField(
        label=_("Födelsedatum"),
        widget=DateInput(),
        required=False,
        help_text=_("Behövs inte om personnumret anges."),
    )
    personnummer = forms.CharField(
        label=_("Personnummer"),
        required=False,
        max_length=20,
        help_text=_(
            "Valfritt. Numret sparas inte: det blir en pseudonym som knyter ihop samma person i "
            "flera ärenden. Utan nummer knyts personen ihop via namn och födelsedatum."
        ),
    )
    guardian_given_on = forms.DateField(
        label=_("Vårdnadshavares samtycke, datum"), widget=DateInput(), required=False
    )
    own_given_on = forms.DateField(
        label=_("Den unga personens eget samtycke, datum"), widget=DateInput(), required=False
    )
    ground_given_on = forms.DateField(
        label=_("Lagstöd OSL 10 kap. 18 a §, datum"),
        widget=DateInput(),
        required=False,
        help_text=_("Bara när socialtjänsten informerar polisen om en person under 21 år."),
    )
    ends_on = forms.DateField(label=_("Samtycket eller lagstödet gäller till"), widget=DateInput())
    scope = ConsentFields.base_fields["scope"]

    def consents(self) -> list[ConsentInput]:
        """The consents the three dates say there are, all with the same end and scope."""
        data = self.cleaned_data
        given = (
            (ConsentKind.GUARDIAN, data.get("guardian_given_on")),
            (ConsentKind.OWN, data.get("own_given_on")),
            (ConsentKind.OSL_10_18A, data.get("ground_given_on")),
        )
        return [ConsentInput(kind, on, data["ends_on"], data["scope"]) for kind, on in given if on]


class ConsentForm(ConsentFields):
    def consent(self) -> ConsentInput:
        data = self.cleaned_data
        return ConsentInput(data["kind"], data["given_on"], data["ends_on"], data["scope"])


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl"),
        max_length=300,
        help_text=_("Varför du behöver se namnet nu. Skälet loggas med din läsning."),
    )


class ActionForm(forms.Form):
    what = forms.CharField(label=_("Vad"), max_length=300, help_text=NO_NUMBERS)
    responsible = model_select(_("Ansvarig aktör"), Organisation, required=False)
    due_on = forms.DateField(label=_("Klart senast"), widget=DateInput())

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            responsible=Organisation.objects.filter(municipality=municipality).order_by("name"),
        )


class FollowUpForm(forms.Form):
    noted_on = forms.DateField(label=_("Datum"), widget=DateInput())
    text = forms.CharField(
        label=_("Uppföljning"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=NO_NUMBERS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"noted_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class SettingsForm(forms.Form):
    own_consent_age = forms.IntegerField(
        label=_("Eget samtycke från ålder"), min_value=12, max_value=18
    )
    retention_months = forms.IntegerField(
        label=_("Gallring, månader efter avslut"), min_value=1, max_value=120
    )


class CountsFilterForm(forms.Form):
    area = model_select(_("Område"), Area, required=False, empty_label=_("Hela kommunen"))
    start = forms.DateField(label=_("Från"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Till"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, area=Area.objects.filter(municipality=municipality).order_by("name"))
