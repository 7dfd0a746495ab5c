"""The form for one text of the fact sheet's library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

MAX_BODY = 10_000


class FactSheetTextForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Stycken skiljs åt med en tom rad. En rad som börjar med ”- ” blir en punkt i en lista."
        ),
    )
