"""The form for an actor (organisation); its cleaned_data go to the actor services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.core.forms import SingleLineField
from samverka.organisation.models import Organisation, OrganisationKind


class OrganisationForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    short_name = SingleLineField(
        label=_("Kortnamn"),
        max_length=60,
        required=False,
        help_text=_("Används i organisationsschemat, t.ex. LPO eller SDF."),
    )
    kind = forms.ChoiceField(label=_("Typ av aktör"), choices=OrganisationKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Del av"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("(ingen – fristående aktör)"),
        help_text=_("T.ex. en skola som hör till en skolförvaltning."),
    )
    website = forms.URLField(label=_("Webbplats"), required=False, assume_scheme="https")
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        instance: Organisation | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        parents = Organisation.objects.filter(municipality=municipality)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Organisation.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Det finns redan en aktör som heter %(name)s.") % {"name": name}
            )
        return name


def organisation_initial(organisation: Organisation) -> dict[str, Any]:
    return {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "parent": organisation.parent,
        "website": organisation.website,
        "description": organisation.description,
    }
