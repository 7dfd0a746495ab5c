"""Forms of the lägesbild pages: choose area and period, start a draft, write the assessment."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.validators import validate_single_line
from samverka.organisation.models import Group, GroupKind, Organisation, Person
from samverka.situation.models import AreaStatus, Colour, SituationReport
from samverka.situation.periods import (
    Period,
    PeriodError,
    PeriodKind,
    latest_complete,
    parse_period,
)
from samverka.situation.services import MAX_MEAN_PERIODS, MAX_TEXT


class _AreaChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display().lower()})"

    def to_python(self, value: Any) -> Any:
        # An id too large for the database is just an unknown choice, not an overflow.
        if value not in self.empty_values:
            try:
                if not 0 < int(str(value)) < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice"
                    )
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class _GroupChoice(_AreaChoice):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _period_field() -> forms.CharField:
    return forms.CharField(
        label=_("Eller skriv perioden"),
        max_length=40,
        required=False,
        help_text=_(
            "Tertial som 2026-T3, år som 2026 (också 2026-W45/2026-W46, 2026-W45, 2026-11). "
            "Tomt: den senaste hela perioden."
        ),
    )


def _picker(kind: str, label: Any, help_text: Any) -> forms.CharField:
    # A native week or month picker; browsers without one show a text box, hence the format.
    return forms.CharField(
        label=label,
        max_length=20,
        required=False,
        help_text=help_text,
        widget=forms.TextInput(attrs={"type": kind}),
    )


def _clean_period(value: str, kind: str) -> Period:
    if not value:
        return latest_complete(kind or PeriodKind.BIWEEK, timezone.localdate())
    try:
        return parse_period(value)
    except PeriodError as exc:
        raise ValidationError(str(exc)) from None


def _one(value: str, kind: str, message: Any) -> str:
    """The ISO code of one week or one month as typed or picked; ValidationError otherwise."""
    try:
        period = parse_period(value)
    except PeriodError:
        raise ValidationError(message) from None
    if period.kind != kind:
        raise ValidationError(message)
    return period.code


class ChooseForm(forms.Form):
    """Which lägesbild to look at (a GET form: the choice is part of the URL).

    The period comes from the week pickers (two weeks or one), the month picker, or as text
    (tertials and years, and links written by hand); ``clean`` turns them into one ``Period``.
    """

    area = _AreaChoice(label=_("Område"), queryset=Area.objects.none())
    kind = forms.ChoiceField(
        label=_("Periodtyp"),
        choices=PeriodKind.choices,
        initial=PeriodKind.BIWEEK,
        required=False,
    )
    week_from = _picker(
        "week",
        _("Från vecka"),
        _("Skriv veckan som 2026-W45 om du inte får en väljare."),
    )
    week_to = _picker(
        "week",
        _("Till och med vecka"),
        _("För två veckor. Tomt: veckan efter den första."),
    )
    month = _picker("month", _("Månad"), _("Skriv månaden som 2026-11 om du inte får en väljare."))
    period = _period_field()

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        initial = dict(kwargs.pop("initial", None) or {})
        if initial.get("period"):
            # Show a known period in the pickers rather than as text.
            try:
                known = parse_period(str(initial["period"]))
            except PeriodError:
                known = None
            if known is not None and known.kind in (PeriodKind.BIWEEK, PeriodKind.WEEK):
                weeks = known.code.split("/")
                initial.update(week_from=weeks[0], week_to=weeks[-1] if len(weeks) > 1 else "")
                initial["period"] = ""
            elif known is not None and known.kind == PeriodKind.MONTH:
                initial.update(month=known.code, period="")
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        area_field = cast(forms.ModelChoiceField, self.fields["area"])
        area_field.queryset = Area.objects.filter(municipality=municipality).order_by("name")

    def clean_week_from(self) -> str:
        value = self.cleaned_data.get("week_from") or ""
        return _one(value, PeriodKind.WEEK, _("Ange veckan som 2026-W45.")) if value else ""

    def clean_week_to(self) -> str:
        value = self.cleaned_data.get("week_to") or ""
        return _one(value, PeriodKind.WEEK, _("Ange veckan som 2026-W46.")) if value else ""

    def clean_month(self) -> str:
        value = self.cleaned_data.get("month") or ""
        return _one(value, PeriodKind.MONTH, _("Ange månaden som 2026-11.")) if value else ""

    def _picked(self, data: dict[str, Any]) -> tuple[str, str] | None:
        """The period the pickers give, with the field an error belongs to; None when unused.

        The chosen period type decides which picker counts; tertials and years are text only.
        """
        kind = data.get("kind") or ""
        first, last, month = data.get("week_from"), data.get("week_to"), data.get("month")
        if kind == PeriodKind.MONTH:
            return (month, "month") if month else None
        if kind == PeriodKind.WEEK:
            return (first, "week_from") if first else None
        if kind == PeriodKind.BIWEEK or (not kind and first):
            if not first:
                return None
            if not last:
                last = parse_period(first).shifted(1).code if kind == PeriodKind.BIWEEK else ""
            return (f"{first}/{last}" if last else first), "week_to"
        if not kind and month:
            return month, "month"
        return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(name in self.errors for name in ("week_from", "week_to", "month")):
            return data
        picked = self._picked(data)
        if picked is not None:
            value, field = picked
            try:
                data["period"] = _clean_period(value, data.get("kind") or "")
            except ValidationError as exc:
                self.add_error(field, exc)
                data.pop("period", None)
        elif "period" in data:
            try:
                data["period"] = _clean_period(data["period"], data.get("kind") or "")
            except ValidationError as exc:
                self.add_error("period", exc)
        return data


class CreateForm(ChooseForm):
    """Start compiling: a draft lägesbild for the area and period."""

    group = _GroupChoice(
        label=_("Sammanställs av"),
        queryset=Group.objects.none(),
        required=False,
        help_text=_("Tomt: kommunens beredningsgrupp för området."),
    )
    mean_periods = forms.IntegerField(
        label=_("Medelvärde över antal perioder"),
        min_value=1,
        max_value=MAX_MEAN_PERIODS,
        required=False,
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, municipality=municipality, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = Group.objects.filter(
            municipality=municipality, kind=GroupKind.PREPARATION
        ).order_by("name")


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ValidationError(_("Null-tecken är inte tillåtna."))


class AssessmentForm(forms.Form):
    """The beredningsgrupp's text, and a colour with reasons for each area."""

    assessment = forms.CharField(
        label=_("Bedömning"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_TEXT,
        required=False,
        validators=[_no_nul],
        help_text=_(
            "Vad visar siffrorna, vad säger rapportörerna, vad behöver göras? Beskriv platser "
            "och situationer, aldrig personer."
        ),
    )
    sources_note = forms.CharField(
        label=_("Källor som inte använts"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_TEXT,
        required=False,
        validators=[_no_nul],
        help_text=SituationReport._meta.get_field("sources_note").help_text,
    )

    def __init__(
        self, *args: Any, report: SituationReport, statuses: list[AreaStatus], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.status_rows = []
        for status in statuses:
            colour = f"colour_{status.area_id}"
            reasons = f"reasons_{status.area_id}"
            self.fields[colour] = forms.ChoiceField(
                label=_("Status för %(area)s") % {"area": status.area.name},
                choices=Colour.choices,
                widget=forms.RadioSelect,
                initial=status.colour,
            )
            self.fields[reasons] = forms.CharField(
                label=_("Skäl för %(area)s") % {"area": status.area.name},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=MAX_TEXT,
                required=False,
                validators=[_no_nul],
                initial=status.reasons,
            )
            self.status_rows.append((status.area, self[colour], self[reasons]))

    def statuses(self) -> dict[int, tuple[str, str]]:
        result = {}
        for area, colour, reasons in self.status_rows:
            result[area.pk] = (
                self.cleaned_data[colour.name],
                self.cleaned_data.get(reasons.name) or "",
            )
        return result


class _NamedChoice(forms.ModelChoiceField):
    """A person or an actor by name; an id too large for the database is an unknown choice."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            try:
                if not 0 < int(str(value)) < 2**63:
                    raise ValueError
            except ValueError:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice"
                ) from None
        return super().to_python(value)


class FindingActionForm(forms.Form):
    """From a finding: a proposal to the deciding group, or a commitment the compiling group
    follows up (``services.finding_act``)."""

    finding = forms.ChoiceField(label=_("Fynd i lägesbilden"))
    kind = forms.ChoiceField(label=_("Vad vill ni göra?"), widget=forms.RadioSelect)
    title = forms.CharField(
        label=_("Rubrik"), max_length=200, validators=[_no_nul, validate_single_line]
    )
    text = forms.CharField(
        label=_("Förslag eller beskrivning"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
        validators=[_no_nul],
        help_text=_(
            "Vad ska göras, var och varför. Beskriv platser och situationer, aldrig personer."
        ),
    )
    owner_organisation = _NamedChoice(
        label=_("Ansvarig aktör (för ett åtagande)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    owner_person = _NamedChoice(
        label=_("Ansvarig person (för ett åtagande)"),
        queryset=Person.objects.none(),
        required=False,
    )
    due_date = forms.DateField(
        label=_("Klart senast (för ett åtagande)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("ÅÅÅÅ-MM-DD"),
    )

    def __init__(
        self,
        *args: Any,
        report: SituationReport,
        findings: list[tuple[str, str]],
        decider: Group | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["finding"]).choices = findings
        to = decider.name if decider else _("den beslutande gruppen")
        follows = report.group.name if report.group else _("beredningsgruppen")
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            ("proposal", _("Förslag till %(group)s") % {"group": to}),
            ("commitment", _("Åtagande som %(group)s följer upp") % {"group": follows}),
        ]
        m = report.municipality
        cast(
            forms.ModelChoiceField, self.fields["owner_organisation"]
        ).queryset = Organisation.objects.filter(municipality=m).order_by("name")
        cast(forms.ModelChoiceField, self.fields["owner_person"]).queryset = Person.objects.filter(
            municipality=m
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "commitment" and not (
            data.get("owner_person") or data.get("owner_organisation")
        ):
            self.add_error(
                "owner_organisation",
                _("Ange vem som ansvarar för åtagandet: en aktör, en person eller båda."),
            )
        return data
