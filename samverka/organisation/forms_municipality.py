"""Forms for the municipality's own settings and the set-up checklist answers.

Plain forms (not ModelForms): ``cleaned_data`` goes to the services, which validate and save.
"""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from samverka.core.forms import SingleLineField

scb_code_validator = RegexValidator(
    r"^\d{4}$", _("Kommunkoden ska vara fyra siffror, t.ex. 1480 för Göteborg.")
)


class MunicipalityForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    scb_code = forms.CharField(
        label=_("Kommunkod (SCB)"),
        required=False,
        validators=[scb_code_validator],
        help_text=_("Fyra siffror, t.ex. 1480."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    county = forms.CharField(label=_("Län"), max_length=100, required=False)
    description = forms.CharField(label=_("Beskrivning"), required=False, widget=forms.Textarea)

    def clean_scb_code(self) -> str:
        return self.cleaned_data["scb_code"].strip()


class SetupAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Ert svar"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Skriv ett svar.")},
    )
