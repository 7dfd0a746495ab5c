"""Forms of the meeting pages. They parse and check what the user typed; the services check the
rules (mandate, locked minutes, who may do what) and their messages are put on the same forms.

Every choice of a related object is limited to the meeting's municipality (and where it matters
to the meeting itself), so an id of another municipality is refused here and again by the service.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.core.forms import (
    DateInput,
    ModelMultipleIdField,
    SingleLineField,
    limit_choices,
    model_select,
)
from samverka.meetings.models import (
    AcuteTrigger,
    AgendaItem,
    AgendaItemKind,
    AgendaItemStatus,
    AttendanceStatus,
    CommitmentStatus,
    Decision,
    DecisionOutcome,
    Meeting,
    MeetingKind,
    Minutes,
    Proposal,
    ProposalStatus,
)
from samverka.meetings.selectors import AgendaEntry
from samverka.organisation.models import GoverningDocument, Group, Organisation, Person

# Meetings are planned for years a calendar can hold; the services say the same for a series.
YEAR_MIN, YEAR_MAX = 2000, 2100
# Two days is the longest meeting the services accept.
DURATION_MAX_MINUTES = 48 * 60


class TimeInput(forms.TimeInput):
    """A native time picker (24-hour in a Swedish browser); the value is HH:MM."""

    input_type = "time"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class MeetingDateField(forms.DateField):
    """A date within the years meetings are planned for (a year 1 or 9999 is a typing error, and
    would not survive the conversion to UTC either)."""

    widget = DateInput

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, date) and not YEAR_MIN <= value.year <= YEAR_MAX:
            raise ValidationError(
                _("Ange ett datum mellan år %(min)s och %(max)s."),
                code="year_range",
                params={"min": YEAR_MIN, "max": YEAR_MAX},
            )


def aware(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def _duration_field(initial: int, label: Any = None) -> forms.IntegerField:
    return forms.IntegerField(
        label=label or _("Längd i minuter"),
        min_value=15,
        max_value=DURATION_MAX_MINUTES,
        initial=initial,
    )


def _location_field() -> forms.CharField:
    return SingleLineField(label=_("Plats"), max_length=200, required=False)


def _video_url_field() -> forms.URLField:
    return forms.URLField(
        label=_("Videolänk"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Visas bara för gruppens medlemmar och kommunens samordnare."),
    )


def _text(label: Any, *, required: bool = True, rows: int = 4, max_length: int = 10_000) -> Any:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


# --- Lists and filters -----------------------------------------------------------------------


class YearForm(forms.Form):
    """The year picker of a group's meetings (``?ar=2026``)."""

    ar = forms.IntegerField(label=_("År"), min_value=YEAR_MIN, max_value=YEAR_MAX, required=False)


class MeetingFilterForm(forms.Form):
    """The filter above the list of upcoming meetings."""

    mina = forms.BooleanField(label=_("Bara möten i grupper där jag är med"), required=False)
    grupp = model_select(_("Grupp"), Group, required=False, empty_label=_("Alla"))

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, grupp=groups)


class CommitmentFilterForm(forms.Form):
    """The filters of the commitments list: whose, and which."""

    OPEN, ALL = "", "alla"
    grupp = model_select(_("Ansvarig grupp"), Group, required=False, empty_label=_("Alla"))
    aktor = model_select(_("Ansvarig aktör"), Organisation, required=False, empty_label=_("Alla"))
    person = model_select(_("Ansvarig person"), Person, required=False, empty_label=_("Alla"))
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (OPEN, _("Öppna (ej påbörjade och pågående)")),
            (ALL, _("Alla")),
            *CommitmentStatus.choices,
        ],
    )
    forsenade = forms.BooleanField(label=_("Bara försenade"), required=False)

    def __init__(self, *args: Any, municipality: Municipality, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            grupp=groups,
            aktor=Organisation.objects.filter(municipality=municipality),
            person=Person.objects.filter(municipality=municipality),
        )


# --- Planning ---------------------------------------------------------------------------------

_DATE_SEPARATORS = re.compile(r"[\s,;]+")
MAX_CUSTOM_DATES = 200


class SeriesPlanForm(forms.Form):
    """A year's ordinary meetings from the group's cadence (or from dates typed in)."""

    DEFAULT, YES, NO = "", "ja", "nej"
    year = forms.IntegerField(label=_("År"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    start = forms.TimeField(label=_("Börjar klockan"), initial=time(9, 0), widget=TimeInput)
    duration = _duration_field(120)
    location = _location_field()
    skip_summer = forms.ChoiceField(
        label=_("Uppehåll under sommaren (vecka 27–32)"),
        required=False,
        choices=[
            (DEFAULT, _("Som mötesfrekvensen brukar: uppehåll vid n gånger per år, inte annars")),
            (YES, _("Ja, inga möten på sommaren")),
            (NO, _("Nej, möten även på sommaren")),
        ],
    )
    skip_christmas = forms.BooleanField(
        label=_("Uppehåll under jul och nyår"), required=False, initial=True
    )
    custom_dates = forms.CharField(
        label=_("Egna mötesdagar"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "För en grupp som inte har en regelbunden mötesfrekvens, eller för att välja dagarna "
            "själv: ett datum per rad, till exempel 2026-03-10. Lämna tomt för att följa "
            "gruppens mötesfrekvens."
        ),
    )

    def clean_custom_dates(self) -> list[date]:
        text = self.cleaned_data.get("custom_dates") or ""
        days, errors = [], []
        for number, word in enumerate((w for w in _DATE_SEPARATORS.split(text) if w), start=1):
            try:
                day = date.fromisoformat(word) if len(word) == 10 else None
            except ValueError:
                day = None
            if day is None:
                errors.append(
                    _("Datum %(n)s, ”%(text)s”, är inget datum. Skriv ÅÅÅÅ-MM-DD.")
                    % {"n": number, "text": word[:20]}
                )
            else:
                days.append(day)
        if len(days) > MAX_CUSTOM_DATES:
            errors.append(_("Högst %(n)s mötesdagar åt gången.") % {"n": MAX_CUSTOM_DATES})
        if errors:
            raise ValidationError(errors)
        return days

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        skip_summer = {self.YES: True, self.NO: False}.get(data["skip_summer"])
        return {
            "year": data["year"],
            "start": data["start"],
            "duration": timedelta(minutes=data["duration"]),
            "location": data["location"],
            "skip_summer": skip_summer,
            "skip_christmas": data["skip_christmas"],
            "custom_dates": data["custom_dates"],
        }


class MeetingForm(forms.Form):
    """A single meeting: an extra one (or one of a group without a regular cadence), or the
    changes to a planned one (move it, give it a place or a video link)."""

    kind = forms.ChoiceField(
        label=_("Typ av möte"),
        choices=[
            (MeetingKind.EXTRA, MeetingKind.EXTRA.label),
            (MeetingKind.ORDINARY, MeetingKind.ORDINARY.label),
        ],
        initial=MeetingKind.EXTRA,
    )
    title = SingleLineField(
        label=_("Rubrik"),
        max_length=200,
        required=False,
        help_text=_("Lämna tomt för att visa gruppens namn."),
    )
    date = MeetingDateField(label=_("Datum"))
    start = forms.TimeField(label=_("Börjar klockan"), widget=TimeInput, initial=time(9, 0))
    end = forms.TimeField(label=_("Slutar klockan"), widget=TimeInput, initial=time(11, 0))
    location = _location_field()
    video_url = _video_url_field()

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]

    @classmethod
    def initial_for(cls, meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        return {
            "title": meeting.title,
            "date": starts.date(),
            "start": starts.time().replace(second=0, microsecond=0),
            "end": ends.time().replace(second=0, microsecond=0),
            "location": meeting.location,
            "video_url": meeting.video_url,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("Mötet måste sluta efter att det har börjat."))
        return data

    def times(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return aware(data["date"], data["start"]), aware(data["date"], data["end"])


class AcuteForm(forms.Form):
    """Convene an acute meeting within hours, after a shooting, an explosion, social unrest."""

    group = model_select(_("Grupp"), Group)
    trigger = forms.ChoiceField(
        label=_("Vad har hänt?"), choices=AcuteTrigger.choices, widget=forms.RadioSelect
    )
    trigger_note = forms.CharField(
        label=_("Kort om händelsen"),
        max_length=300,
        required=False,
        help_text=_("Obligatoriskt vid annan allvarlig händelse. Skriv inga namn på personer."),
    )
    date = MeetingDateField(label=_("Datum"))
    start = forms.TimeField(label=_("Börjar klockan"), widget=TimeInput)
    duration = _duration_field(60)
    location = _location_field()
    video_url = _video_url_field()

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, group=groups)

    @staticmethod
    def default_start(now: datetime | None = None) -> datetime:
        """Two hours from now, on the next quarter hour: the default for "at once"."""
        moment = timezone.localtime(now or timezone.now()) + timedelta(hours=2)
        moment = moment.replace(second=0, microsecond=0)
        return moment + timedelta(minutes=(15 - moment.minute % 15) % 15)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "group": data["group"],
            "trigger": data["trigger"],
            "trigger_note": data["trigger_note"],
            "starts_at": aware(data["date"], data["start"]),
            "duration": timedelta(minutes=data["duration"]),
            "location": data["location"],
            "video_url": data["video_url"],
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Skäl till att mötet ställs in"),
        max_length=300,
        required=False,
        help_text=_("Skickas till gruppens medlemmar tillsammans med beskedet."),
    )


# --- Agenda -----------------------------------------------------------------------------------


class AgendaItemForm(forms.Form):
    """A new item from the officers, or an item's new wording."""

    title = SingleLineField(label=_("Rubrik"), max_length=200)
    description = _text(_("Beskrivning"), required=False, rows=3)
    parent = model_select(
        _("Underpunkt till"), AgendaItem, required=False, empty_label=_("Ingen: en egen punkt")
    )
    document = model_select(
        _("Styrande dokument"), GoverningDocument, required=False, empty_label=_("Inget")
    )

    def __init__(self, *args: Any, meeting: Meeting, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            document=GoverningDocument.objects.filter(municipality_id=meeting.municipality_id),
        )
        if editing:
            del self.fields["parent"]
        else:
            limit_choices(
                self,
                parent=AgendaItem.objects.filter(
                    meeting=meeting, parent=None, status=AgendaItemStatus.ACCEPTED
                ).order_by("position", "pk"),
            )


class AgendaSuggestForm(forms.Form):
    """A member's suggestion; the convener accepts or declines it."""

    title = SingleLineField(label=_("Punkt du vill ta upp"), max_length=200)
    description = _text(_("Varför, och vad du vill att gruppen gör"), required=False, rows=3)


class AgendaActionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[
            ("accept", _("Ta upp")),
            ("decline", _("Ta inte upp")),
            ("up", _("Flytta upp")),
            ("down", _("Flytta ned")),
            ("delete", _("Ta bort")),
        ],
        error_messages={"required": _("Ange vad som ska göras med punkten.")},
    )


class AgendaTemplateRowForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Slags punkt"),
        choices=AgendaItemKind.choices,
        initial=AgendaItemKind.PLAIN,
        help_text=_(
            "Förslag för beslut samlar förslagen till gruppen; uppföljning av åtaganden listar "
            "gruppens öppna åtaganden."
        ),
    )


AgendaTemplateFormSet = forms.formset_factory(
    AgendaTemplateRowForm,
    extra=2,
    can_order=True,
    can_delete=True,
    max_num=40,
    validate_max=True,
    absolute_max=60,
)


def agenda_template_rows(formset: Any) -> list[tuple[str, str]]:
    """The rows in the chosen order (rows without a number last, as listed), leaving out
    deleted and empty rows."""
    rows = []
    for form in formset.ordered_forms:
        title = (form.cleaned_data.get("title") or "").strip()
        if title:
            rows.append((title, form.cleaned_data["kind"]))
    return rows


# --- Minutes ----------------------------------------------------------------------------------


def note_field_name(item_id: int) -> str:
    return f"note_{item_id}"


class MinutesForm(forms.Form):
    """The general notes and one note per agenda item, in the agenda's order."""

    summary = _text(_("Allmänna anteckningar"), required=False, rows=4)

    def __init__(self, *args: Any, entries: list[AgendaEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            self.fields[note_field_name(entry.item.pk)] = _text(
                _("Anteckning till punkt %(n)s: %(title)s")
                % {"n": entry.number, "title": entry.item.title},
                required=False,
                rows=3,
            )

    def notes(self) -> dict[int, str]:
        return {
            entry.item.pk: self.cleaned_data.get(note_field_name(entry.item.pk)) or ""
            for entry in self.entries
        }


class AttendanceRowForm(forms.Form):
    organisation = model_select(_("Aktör"), Organisation, required=False)
    person = model_select(_("Person"), Person, required=False)
    status = forms.ChoiceField(
        label=_("Närvaro"),
        required=False,
        choices=[("", _("Ta bort raden")), *AttendanceStatus.choices],
    )
    substitute_name = SingleLineField(label=_("Ersättarens namn"), max_length=200, required=False)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            organisation=Organisation.objects.filter(municipality=municipality),
            person=Person.objects.filter(municipality=municipality),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A row without a status is left out ("ta bort raden"); one with a status needs a who.
        if data.get("status") and not (data.get("organisation") or data.get("person")):
            self.add_error("organisation", _("Ange aktör eller person för raden."))
        return data


AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm, extra=2, max_num=200, validate_max=True, absolute_max=250
)


class AdjustersForm(forms.Form):
    adjusters = ModelMultipleIdField(
        label=_("Justerare"),
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Justerarna godkänner protokollet var för sig. När alla har justerat låses det. "
            "Ändrade justerare nollställer de godkännanden som redan har lämnats."
        ),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, adjusters=Person.objects.filter(memberships__group=group).order_by("name")
        )


class PaperApprovalForm(forms.Form):
    """A coordinator records that adjusters approved (justerade) the printed minutes."""

    people = ModelMultipleIdField(
        label=_("Vem justerade på papper?"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj vem eller vilka som justerade på papper.")},
    )
    approved_on = MeetingDateField(
        label=_("Datum för justeringen"),
        help_text=_("Dagen då protokollet skrevs under, enligt pappret."),
    )

    def __init__(self, *args: Any, minutes: Minutes, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pending = minutes.adjusters.exclude(pk__in=minutes.approvals.values("person_id"))
        limit_choices(self, people=pending.order_by("name"))


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label=_("Varför ändras protokollet?"),
        max_length=300,
        help_text=_("Den justerade versionen finns kvar och går att läsa."),
    )


# --- Decisions, proposals, commitments --------------------------------------------------------


def _accepted_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    """The meeting's agenda items that were taken up, in the agenda's order."""
    return AgendaItem.objects.filter(meeting=meeting, status=AgendaItemStatus.ACCEPTED).order_by(
        "position", "pk"
    )


class DecisionForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    text = _text(_("Beslut"), rows=5)
    outcome = forms.ChoiceField(
        label=_("Utfall"), choices=DecisionOutcome.choices, initial=DecisionOutcome.APPROVED
    )
    proposal = model_select(
        _("Beslut på förslag"), Proposal, required=False, empty_label=_("Inget förslag")
    )
    agenda_item = model_select(
        _("Dagordningspunkt"), AgendaItem, required=False, empty_label=_("Ingen särskild punkt")
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            proposal=Proposal.objects.filter(
                to_group_id=meeting.group_id, status=ProposalStatus.PENDING
            ).select_related("from_group"),
            agenda_item=_accepted_items(meeting),
        )


class ProposalForm(forms.Form):
    title = SingleLineField(label=_("Rubrik"), max_length=200)
    text = _text(_("Förslag till beslut"), rows=6)
    to_group = model_select(
        _("Till"), Group, help_text=_("Förslaget hamnar på den gruppens nästa dagordning.")
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            to_group=Group.objects.filter(municipality_id=meeting.municipality_id)
            .deciding()
            .exclude(pk=meeting.group_id),
        )


class CommitmentForm(forms.Form):
    """An åtagande made at a meeting: what, who, by when, and which group follows it up."""

    title = SingleLineField(label=_("Vad ska göras?"), max_length=300)
    description = _text(_("Beskrivning"), required=False, rows=3)
    owner_person = model_select(_("Ansvarig person"), Person, required=False)
    owner_organisation = model_select(
        _("Ansvarig aktör"),
        Organisation,
        required=False,
        help_text=_("Lämna tomt för den ansvariga personens arbetsgivare."),
    )
    due_date = MeetingDateField(label=_("Klart senast"), required=False)
    group = model_select(
        _("Följs upp av"),
        Group,
        help_text=_("Gruppen vars möten följer upp åtagandet tills det är klart."),
    )
    decision = model_select(
        _("Från beslut"), Decision, required=False, empty_label=_("Inget beslut")
    )
    origin_item = model_select(
        _("Från dagordningspunkt"),
        AgendaItem,
        required=False,
        empty_label=_("Ingen särskild punkt"),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality_id = meeting.municipality_id
        limit_choices(
            self,
            owner_person=Person.objects.filter(municipality_id=municipality_id),
            owner_organisation=Organisation.objects.filter(municipality_id=municipality_id),
            group=Group.objects.filter(municipality_id=municipality_id),
            decision=Decision.objects.filter(meeting=meeting),
            origin_item=_accepted_items(meeting),
        )


class CommitmentUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices)
    note = _text(_("Kommentar"), required=False, rows=3)
    due_date = MeetingDateField(
        label=_("Nytt slutdatum"),
        required=False,
        help_text=_("Lämna tomt för att behålla slutdatumet."),
    )
