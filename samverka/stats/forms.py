"""Forms of the statistics pages: the import (file, format, source) and an area's link."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.core.forms import DateInput
from samverka.stats.importers import Options, ProvenanceInput
from samverka.stats.models import Geography, GeographyKind, ImportFormat

MAX_SIZE = 3 * 1024 * 1024
SUFFIXES = (".csv", ".txt", ".xlsx")
PRELIMINARY_CHOICES = [
    ("", gettext_lazy("Enligt filen")),
    ("ja", gettext_lazy("Ja, alla värden är preliminära")),
    ("nej", gettext_lazy("Nej, alla värden är slutliga")),
]


class StatisticsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy("CSV (.csv) eller Excel (.xlsx), högst 3 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )
    format = forms.ChoiceField(label=gettext_lazy("Format"), choices=ImportFormat.choices)
    shared = forms.BooleanField(
        label=gettext_lazy("Dela som referensdata med alla kommuner"),
        required=False,
        help_text=gettext_lazy("Bara för plattformens administratörer."),
    )
    year = forms.IntegerField(
        label=gettext_lazy("År"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=gettext_lazy("För Brås årsfil utan årskolumn, t.ex. 2024."),
    )
    preliminary = forms.ChoiceField(
        label=gettext_lazy("Preliminära värden"), choices=PRELIMINARY_CHOICES, required=False
    )
    publisher = forms.CharField(
        label=gettext_lazy("Utgivare"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Tomt: filens uppgift, annars Brå eller SCB efter formatet."),
    )
    table = forms.CharField(
        label=gettext_lazy("Tabell eller publikation"), max_length=300, required=False
    )
    url = forms.URLField(
        label=gettext_lazy("Adress (URL)"), max_length=500, required=False, assume_scheme="https"
    )
    retrieved_on = forms.DateField(
        label=gettext_lazy("Hämtad"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Tomt: filens uppgift, annars dagens datum."),
    )
    retrieved_by = forms.CharField(label=gettext_lazy("Hämtad av"), max_length=200, required=False)
    is_synthetic = forms.BooleanField(
        label=gettext_lazy("Påhittade exempelvärden (aldrig fakta)"), required=False
    )

    def __init__(self, *args: Any, may_share: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_share:
            del self.fields["shared"]

    def clean(self) -> dict[str, Any]:
        """Adds ``data``: the file's bytes."""
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        name = upload.name or ""
        if not name.lower().endswith(SUFFIXES):
            self.add_error("file", _("Filen måste vara en CSV-fil (.csv) eller Excel-fil (.xlsx)."))
        elif upload.size is not None and upload.size > MAX_SIZE:
            self.add_error("file", _("Filen är för stor; den får vara högst 3 MB."))
        else:
            cleaned["data"] = upload.read()
        return cleaned

    def options(self) -> Options:
        preliminary = {"ja": True, "nej": False}.get(self.cleaned_data.get("preliminary") or "")
        return Options(year=self.cleaned_data.get("year"), preliminary=preliminary)

    def provenance(self) -> ProvenanceInput:
        data = self.cleaned_data
        return ProvenanceInput(
            publisher=data.get("publisher") or "",
            table=data.get("table") or "",
            url=data.get("url") or "",
            retrieved_on=data.get("retrieved_on"),
            retrieved_by=data.get("retrieved_by") or "",
            is_synthetic=True if data.get("is_synthetic") else None,
        )

    def settings(self) -> dict[str, Any]:
        """The choices, as JSON-safe values to keep in the session between the two steps."""
        data = self.cleaned_data
        return {
            "format": data["format"],
            "shared": bool(data.get("shared")),
            "year": data.get("year"),
            "preliminary": data.get("preliminary") or "",
            "publisher": data.get("publisher") or "",
            "table": data.get("table") or "",
            "url": data.get("url") or "",
            "retrieved_on": data["retrieved_on"].isoformat() if data.get("retrieved_on") else "",
            "retrieved_by": data.get("retrieved_by") or "",
            "is_synthetic": bool(data.get("is_synthetic")),
        }


def _geography_choices() -> Any:
    return Geography.objects.exclude(kind=GeographyKind.COUNTY).order_by("kind", "name")


class GeographyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Geography) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.get_kind_display().lower()}, {obj.code})"

    def to_python(self, value: Any) -> Any:
        # An id too large for the database is as unknown as any other id.
        try:
            if value not in self.empty_values and not 0 < int(str(value)) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                )
        except ValueError:
            pass
        return super().to_python(value)


class AreaGeographyForm(forms.Form):
    geography = GeographyChoiceField(
        label=gettext_lazy("Statistikområde"),
        queryset=Geography.objects.none(),
        required=False,
        empty_label=gettext_lazy("(inget)"),
        help_text=gettext_lazy("Det område som Brås och SCB:s statistik gäller för området."),
    )
    survey_geography = GeographyChoiceField(
        label=gettext_lazy("Område i NTU"),
        queryset=Geography.objects.none(),
        required=False,
        empty_label=gettext_lazy("(samma som statistikområdet)"),
        help_text=gettext_lazy(
            "Det minsta område som Nationella trygghetsundersökningen redovisar och som "
            "täcker området, oftast lokalpolisområdet."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("geography", "survey_geography"):
            self.fields[name].queryset = _geography_choices()  # type: ignore[attr-defined]
