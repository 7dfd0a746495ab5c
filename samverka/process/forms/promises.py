"""Forms of the dialogue and medborgarlöfte pages: they parse input; the rules are the services'."""

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
from samverka.organisation.models import DocumentKind, GoverningDocument, Organisation
from samverka.process.models import (
    CitizenPromise,
    DialogueKind,
    Goal,
    Measure,
)

TEXT = 20_000


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Typ"), choices=DialogueKind.choices)
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    held_on = forms.DateField(label=_("Datum"), widget=DateInput())
    area = model_select(_("Område"), Area, required=False)
    participants = forms.IntegerField(
        label=_("Antal deltagare"), required=False, min_value=0, max_value=1_000_000
    )
    summary = forms.CharField(
        label=_("Vad som kom fram"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=TEXT,
        help_text=_("Beskriv platser och situationer, aldrig enskilda personer."),
    )
    promise = model_select(_("Underlag till medborgarlöfte"), CitizenPromise, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            promise=CitizenPromise.objects.filter(municipality=municipality).order_by(
                "-period_start", "title"
            ),
        )


class PromiseForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    area = model_select(_("Område"), Area, required=False)
    period_start = forms.DateField(label=_("Gäller från"), widget=DateInput())
    period_end = forms.DateField(label=_("Gäller till"), widget=DateInput())
    parties = ModelMultipleIdField(
        label=_("Parter (de som skriver under)"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    goals = forms.CharField(
        label=_("Mål, ett per rad"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT,
        required=False,
        help_text=_("Målen blir målrader på målsidan, där de kan få indikatorer."),
    )
    document = model_select(
        _("Eller: befintligt medborgarlöfte (styrande dokument)"),
        GoverningDocument,
        required=False,
        help_text=_("Välj om dokumentet redan finns; då används dess parter och mål."),
    )
    public_text = forms.CharField(
        label=_("Text för invånare"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=TEXT,
        required=False,
        help_text=_("Visas på den öppna sidan. Skriv inget internt här."),
    )
    is_public = forms.BooleanField(
        label=_("Visa löftet öppet när det är undertecknat"), required=False
    )
    public_slug = forms.SlugField(
        label=_("Adress för den öppna sidan"),
        max_length=80,
        required=False,
        help_text=_("Små bokstäver, siffror och bindestreck. Tomt: bildas av rubriken."),
    )

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        promise: CitizenPromise | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            area=Area.objects.filter(municipality=municipality).order_by("name"),
            parties=Organisation.objects.filter(municipality=municipality).order_by("name"),
            document=GoverningDocument.objects.filter(
                municipality=municipality,
                kind=DocumentKind.CITIZEN_PROMISE,
                citizen_promise__isnull=True,
            ).order_by("title"),
        )
        if promise is not None:
            # Editing: the document is the promise's own, its goals are edited as goal rows.
            del self.fields["document"]
            del self.fields["goals"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Löftet kan inte sluta innan det börjar."))
        return data


class PromiseActivityForm(forms.Form):
    title = SingleLineField(label=_("Aktivitet"), max_length=200)
    public_text = forms.CharField(
        label=_("Text för invånare"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT,
        required=False,
        help_text=_("Visas på den öppna sidan."),
    )
    goal = model_select(_("Mål"), Goal, required=False)
    measure = model_select(
        _("Åtgärd i åtgärdsplanen"),
        Measure,
        required=False,
        help_text=_("Med en åtgärd visas åtgärdens framsteg; annars det som anges nedan."),
    )
    progress = forms.IntegerField(
        label=_("Genomfört (procent)"), min_value=0, max_value=100, initial=0
    )
    position = forms.IntegerField(label=_("Ordning"), min_value=0, max_value=1000, required=False)

    def __init__(self, *args: Any, promise: CitizenPromise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            goal=Goal.objects.filter(document=promise.document).order_by("position", "pk"),
            measure=Measure.objects.filter(municipality=promise.municipality).order_by(
                "plan__title", "position", "title"
            ),
        )


class SignForm(forms.Form):
    organisation = model_select(_("Part"), Organisation)
    signed_by = SingleLineField(label=_("Undertecknat av (namn och befattning)"), max_length=200)
    signed_on = forms.DateField(label=_("Datum"), widget=DateInput())

    def __init__(self, *args: Any, parties: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        limit_choices(self, organisation=parties)


class RenewForm(forms.Form):
    title = SingleLineField(label=_("Rubrik för nästa period"), max_length=200)
    period_start = forms.DateField(label=_("Gäller från"), widget=DateInput())
    period_end = forms.DateField(label=_("Gäller till"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Löftet kan inte sluta innan det börjar."))
        return data
