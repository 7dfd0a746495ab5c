"""The form for a governing document; its cleaned_data go to the document services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.forms import DateInput, ModelMultipleIdField, SingleLineField
from samverka.organisation.models import DocumentKind, GoverningDocument, Organisation
from samverka.organisation.services.documents import ALLOWED_SUFFIXES

MULTI_HELP = _("Håll ned Ctrl (Cmd på Mac) för att välja flera.")


class DocumentForm(forms.Form):
    title = SingleLineField(label=_("Titel"), max_length=300)
    kind = forms.ChoiceField(label=_("Typ"), choices=DocumentKind.choices)
    area = forms.ModelChoiceField(
        label=_("Gäller område"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("(hela kommunen)"),
    )
    parties = ModelMultipleIdField(
        label=_("Parter"),
        required=False,
        queryset=Organisation.objects.none(),
        help_text=MULTI_HELP,
    )
    summary = forms.CharField(
        label=_("Syfte och innehåll"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    goals = forms.CharField(
        label=_("Mål"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ett mål per rad."),
    )
    valid_from = forms.DateField(label=_("Gäller från"), required=False, widget=DateInput())
    valid_until = forms.DateField(label=_("Gäller till"), required=False, widget=DateInput())
    adopted_on = forms.DateField(label=_("Antagen datum"), required=False, widget=DateInput())
    adopted_by = forms.CharField(
        label=_("Antagen av"),
        max_length=200,
        required=False,
        help_text=_("T.ex. kommunstyrelsen och lokalpolisområdeschefen."),
    )
    next_review = forms.DateField(label=_("Nästa översyn"), required=False, widget=DateInput())
    url = forms.URLField(label=_("Länk"), required=False, assume_scheme="https")
    file = forms.FileField(label=_("Fil"), required=False)
    remove_file = forms.BooleanField(label=_("Ta bort den bifogade filen"), required=False)

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        instance: GoverningDocument | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["parties"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        self.fields["file"].help_text = _("Högst 20 MB. Tillåtna filtyper: %(types)s") % {
            "types": ", ".join(ALLOWED_SUFFIXES)
        }
        if instance is None or not instance.file:
            del self.fields["remove_file"]

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        taken = GoverningDocument.objects.filter(
            municipality=self.municipality, title__iexact=title
        )
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Det finns redan ett dokument som heter %(title)s.") % {"title": title}
            )
        return title

    def service_data(self) -> dict[str, Any]:
        """cleaned_data as the service takes it: no file key unless the file changes."""
        data = dict(self.cleaned_data)
        remove = data.pop("remove_file", False)
        if data.get("file") is None:
            data.pop("file", None)
            if remove:
                data["file"] = None
        return data


def document_initial(document: GoverningDocument) -> dict[str, Any]:
    fields = [
        "title",
        "kind",
        "area",
        "summary",
        "goals",
        "valid_from",
        "valid_until",
        "adopted_on",
        "adopted_by",
        "next_review",
        "url",
    ]
    initial = {f: getattr(document, f) for f in fields}
    initial["parties"] = list(document.parties.all())
    return initial
