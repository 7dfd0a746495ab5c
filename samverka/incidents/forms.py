"""Forms of the incident pages. They parse and check input; the services decide the rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.imports.table import FIELDS
from samverka.incidents.models import Category, ImportFormat, ReviewStatus, Setting, Source
from samverka.incidents.places import AreaLocator
from samverka.incidents.selectors import category_tree
from samverka.organisation.models import Organisation

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
MAX_UPLOAD = 20 * 1024 * 1024
UPLOAD_SUFFIXES = {".csv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".json": "polisen"}

M = TypeVar("M", bound=Model)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; the value is ISO without a time zone (local)."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def category_choices(municipality: Municipality, *, current: Category | None = None) -> list[Any]:
    """One select for category and subcategory: an option group per category."""
    choices: list[Any] = [("", _("Välj kategori"))]
    current_ids = set()
    if current is not None:
        current_ids = {current.pk, current.parent_id}
    for top, children in category_tree(municipality):
        if not top.is_active and top.pk not in current_ids:
            continue
        options = [(str(top.pk), _("%(name)s – annat/ospecificerat") % {"name": top.name})]
        options += [(str(c.pk), c.name) for c in children if c.is_active or c.pk in current_ids]
        if len(options) == 1:
            choices.append((str(top.pk), top.name))
        else:
            choices.append((top.name, options))
    return choices


def area_choices(municipality: Municipality) -> list[tuple[str, str]]:
    """Areas in tree order, indented, so a reporter finds their primärområde under its district."""
    areas = list(Area.objects.filter(municipality=municipality).order_by("name"))
    children: dict[int | None, list[Area]] = {}
    for area in areas:
        children.setdefault(area.parent_id, []).append(area)
    ids = {a.pk for a in areas}
    result: list[tuple[str, str]] = [("", _("Välj område"))]
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for area in children.get(parent, []):
            if area.pk in seen:
                continue
            seen.add(area.pk)
            result.append((str(area.pk), "\u2003" * depth + area.name))
            walk(area.pk, depth + 1)

    walk(None, 0)
    for area in areas:  # orphans (a parent in a cycle): still selectable
        if area.pk not in seen and area.parent_id in ids:
            result.append((str(area.pk), area.name))
    return result


def _optional_choice(
    label: Any, blank: Any, choices: list[tuple[str, Any]], **kwargs: Any
) -> forms.ChoiceField:
    """A select that may be left at its first option, ``blank`` (the value "")."""
    return forms.ChoiceField(label=label, required=False, choices=[("", blank), *choices], **kwargs)


def _chosen(queryset: QuerySet[M], value: Any, message: str) -> M:
    """The row picked in a select, looked up again within its municipality (a tampered or stale
    id gets the form's message, not a 500)."""
    found = queryset.filter(pk=value).first()
    if found is None:
        raise forms.ValidationError(message)
    return found


def _listed_organisation(organisations: dict[str, Organisation], value: Any) -> Organisation | None:
    """One of the organisations the user reports for, or none when left blank."""
    if not value:
        return None
    if value not in organisations:
        raise forms.ValidationError(_("Välj en aktör i listan."))
    return organisations[value]


def _in_years(value: Any, message: str) -> Any:
    """A date or time from the years 2000 to 2100; any other year is a typing error."""
    if value is not None and not 2000 <= value.year <= 2100:
        raise forms.ValidationError(message)
    return value


class IncidentForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Vad hände?"))
    area = forms.ChoiceField(
        label=gettext_lazy("Var? Område"),
        required=False,
        help_text=gettext_lazy("Välj område, eller markera platsen under ”Punkt på kartan”."),
    )
    place_name = forms.CharField(
        label=gettext_lazy("Plats"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "Till exempel ”Trapphuset Storgatan 3” eller ”Gångtunneln vid skolan”."
        ),
    )
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("När?"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput()
    )
    event_count = forms.IntegerField(
        label=gettext_lazy("Antal händelser"), min_value=1, max_value=10_000, initial=1
    )
    description = forms.CharField(
        label=gettext_lazy("Beskrivning"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Beskriv platsen och situationen – aldrig personer: inga namn och inga personnummer."
        ),
    )
    organisation = forms.ChoiceField(label=gettext_lazy("Rapporterar för"), required=False)
    # "Mer om händelsen": useful, never needed to send a report.
    occurred_until = forms.DateTimeField(
        label=gettext_lazy("Pågick till"),
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=gettext_lazy("Fyll i om det pågick under en period."),
    )
    setting = _optional_choice(gettext_lazy("Miljö"), gettext_lazy("Inte angivet"), Setting.choices)
    latitude = forms.FloatField(
        label=gettext_lazy("Latitud"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=gettext_lazy(
            "WGS84 i grader, t.ex. 57.7965. Området väljs då utifrån gränserna."
        ),
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitud"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
        help_text=gettext_lazy("T.ex. 12.049."),
    )
    assessment = forms.CharField(
        label=gettext_lazy("Din bedömning"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Till exempel om det är ett återkommande problem."),
    )
    police_reported = _optional_choice(
        gettext_lazy("Polisanmält?"),
        gettext_lazy("Vet ej"),
        [("yes", gettext_lazy("Ja")), ("no", gettext_lazy("Nej"))],
    )

    # The page shows WHERE (with the map picker's point after it), then WHEN and WHAT, then more.
    WHERE = ("category", "area", "place_name")
    POINT = ("latitude", "longitude")
    MAIN = ("occurred_at", "event_count", "description")
    MORE = ("organisation", "occurred_until", "setting", "assessment", "police_reported")

    def __init__(
        self,
        *args: Any,
        municipality: Municipality,
        organisations: list[Organisation],
        current_category: Category | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["category"].choices = category_choices(municipality, current=current_category)  # type: ignore[attr-defined]
        self.fields["area"].choices = area_choices(municipality)  # type: ignore[attr-defined]
        self.organisations = {str(o.pk): o for o in organisations}
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Ingen särskild aktör")),
            *((pk, o.name) for pk, o in self.organisations.items()),
        ]
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)

    def where_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.WHERE]

    def point_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.POINT]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN]

    @property
    def point_open(self) -> bool:
        """Show the point section open when it holds a value or an error."""
        return any(self[name].errors or self[name].value() not in (None, "") for name in self.POINT)

    def more_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MORE]

    @property
    def more_has_errors(self) -> bool:
        return any(self[name].errors for name in self.MORE)

    def clean_category(self) -> Category:
        return _chosen(
            Category.objects.filter(municipality=self.municipality),
            self.cleaned_data["category"],
            _("Välj en kategori i listan."),
        )

    def clean_area(self) -> Area | None:
        value = self.cleaned_data.get("area")
        if not value:
            return None
        return _chosen(
            Area.objects.filter(municipality=self.municipality),
            value,
            _("Välj ett område i listan."),
        )

    def clean_organisation(self) -> Organisation | None:
        return _listed_organisation(self.organisations, self.cleaned_data.get("organisation"))

    def _reasonable(self, name: str) -> Any:
        return _in_years(
            self.cleaned_data.get(name), _("Ange en tidpunkt från år 2000 eller senare.")
        )

    def clean_occurred_at(self) -> Any:
        return self._reasonable("occurred_at")

    def clean_occurred_until(self) -> Any:
        return self._reasonable("occurred_until")

    def clean_police_reported(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("police_reported") or "")

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        category: Category = data.pop("category")
        if category.parent_id is not None:
            data["category"], data["subcategory"] = category.parent, category
        else:
            data["category"], data["subcategory"] = category, None
        return data


def incident_initial(incident: Any) -> dict[str, Any]:
    return {
        "category": str(incident.subcategory_id or incident.category_id),
        "area": str(incident.area_id),
        "place_name": incident.place_name,
        "occurred_at": timezone.localtime(incident.occurred_at),
        "occurred_until": timezone.localtime(incident.occurred_until)
        if incident.occurred_until
        else None,
        "event_count": incident.event_count,
        "description": incident.description,
        "organisation": str(incident.organisation_id or ""),
        "setting": incident.setting,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
        "assessment": incident.assessment,
        "police_reported": {True: "yes", False: "no"}.get(incident.police_reported, ""),
    }


@dataclass(frozen=True)
class Placement:
    """Where the map picker's point falls; ``chosen`` is the area picked in the list, if any."""

    area: Area | None
    chosen: Area | None
    has_boundaries: bool


class PointForm(forms.Form):
    """The map picker's question: which area does this point fall in? Field names are the
    entry form's, so the picker sends the form's own values."""

    latitude = forms.FloatField(
        min_value=-90,
        max_value=90,
        error_messages={
            "required": gettext_lazy("Ange latitud."),
            "invalid": gettext_lazy("Latitud ska vara ett tal i grader, t.ex. 57.7965."),
            "min_value": gettext_lazy("Latitud ska vara mellan -90 och 90 grader."),
            "max_value": gettext_lazy("Latitud ska vara mellan -90 och 90 grader."),
        },
    )
    longitude = forms.FloatField(
        min_value=-180,
        max_value=180,
        error_messages={
            "required": gettext_lazy("Ange longitud."),
            "invalid": gettext_lazy("Longitud ska vara ett tal i grader, t.ex. 12.049."),
            "min_value": gettext_lazy("Longitud ska vara mellan -180 och 180 grader."),
            "max_value": gettext_lazy("Longitud ska vara mellan -180 och 180 grader."),
        },
    )
    area = forms.CharField(required=False, max_length=20)

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean_area(self) -> Area | None:
        value = self.cleaned_data.get("area") or ""
        if not value.isdigit():
            return None  # nothing chosen (or not from the list): the point alone decides
        return Area.objects.filter(municipality=self.municipality, pk=value).first()

    def placement(self) -> Placement:
        locator = AreaLocator(self.municipality)
        area_id = locator.area_id(self.cleaned_data["latitude"], self.cleaned_data["longitude"])
        return Placement(
            area=Area.objects.filter(pk=area_id).first() if area_id is not None else None,
            chosen=self.cleaned_data.get("area"),
            has_boundaries=locator.has_boundaries,
        )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Granskning"), choices=ReviewStatus.choices)


class IncidentFilterForm(forms.Form):
    """The list's filters (GET). Invalid values are ignored, never an error page."""

    area = forms.ChoiceField(label=gettext_lazy("Område"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Kategori"), required=False)
    start = forms.DateField(
        label=gettext_lazy("Från"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("Till och med"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    status = _optional_choice(
        gettext_lazy("Granskning"), gettext_lazy("Alla"), ReviewStatus.choices
    )
    source = _optional_choice(gettext_lazy("Källa"), gettext_lazy("Alla"), Source.choices)

    def _day(self, name: str) -> Any:
        return _in_years(self.cleaned_data.get(name), _("Ange ett datum från år 2000 till 2100."))

    def clean_start(self) -> Any:
        return self._day("start")

    def clean_end(self) -> Any:
        return self._day("end")

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = area_choices(municipality)
        self.fields["area"].choices = [("", _("Alla områden")), *areas[1:]]  # type: ignore[attr-defined]
        categories = [("", _("Alla kategorier"))]
        for top, children in category_tree(municipality):
            categories.append((str(top.pk), top.name))
            categories += [(str(c.pk), "\u2003" + c.name) for c in children]
        self.fields["category"].choices = categories  # type: ignore[attr-defined]


class CategoryForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn"), max_length=120)
    parent = forms.ChoiceField(
        label=gettext_lazy("Underkategori till"),
        required=False,
        help_text=gettext_lazy("Lämna tomt för en huvudkategori."),
    )
    order = forms.IntegerField(
        label=gettext_lazy("Ordning"),
        min_value=0,
        max_value=100_000,
        initial=100,
        help_text=gettext_lazy("Lägre tal visas först."),
    )
    is_active = forms.BooleanField(
        label=gettext_lazy("Aktiv (kan väljas i nya rapporter)"), required=False, initial=True
    )

    def __init__(
        self, *args: Any, municipality: Municipality, exclude: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        tops = Category.objects.filter(municipality=municipality, parent__isnull=True).order_by(
            "order", "name"
        )
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", _("Ingen – huvudkategori")),
            *((str(c.pk), c.name) for c in tops if c.pk != exclude),
        ]

    def clean_parent(self) -> Category | None:
        value = self.cleaned_data.get("parent")
        if not value:
            return None
        return _chosen(
            Category.objects.filter(municipality=self.municipality, parent__isnull=True),
            value,
            _("Välj en huvudkategori i listan."),
        )


class RosterEntryForm(forms.Form):
    area = forms.ChoiceField(label=gettext_lazy("Område"))
    organisation = forms.ChoiceField(label=gettext_lazy("Aktör"))

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.fields["area"].choices = area_choices(municipality)  # type: ignore[attr-defined]
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Välj aktör")),
            *(
                (str(o.pk), o.name)
                for o in Organisation.objects.filter(municipality=municipality).order_by("name")
            ),
        ]

    def clean_area(self) -> Area:
        return _chosen(
            Area.objects.filter(municipality=self.municipality),
            self.cleaned_data["area"],
            _("Välj ett område i listan."),
        )

    def clean_organisation(self) -> Organisation:
        return _chosen(
            Organisation.objects.filter(municipality=self.municipality),
            self.cleaned_data["organisation"],
            _("Välj en aktör i listan."),
        )


class NothingToReportForm(RosterEntryForm):
    week = forms.CharField(label=gettext_lazy("Vecka"), max_length=8)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fil"),
        help_text=gettext_lazy(
            "CSV (.csv), Excel (.xlsx) eller polisens händelser (.json), högst 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.json"}),
    )
    format = _optional_choice(
        gettext_lazy("Format"), gettext_lazy("Utifrån filens ändelse"), ImportFormat.choices
    )
    organisation = forms.ChoiceField(
        label=gettext_lazy("Rapporterande aktör"),
        required=False,
        help_text=gettext_lazy("Händelserna rapporteras för aktören, med aktörens kolumnmappning."),
    )

    def __init__(
        self, *args: Any, organisations: list[Organisation], may_import_police: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        self.may_import_police = may_import_police
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            *(() if len(organisations) == 1 else (("", _("Ingen särskild aktör")),)),
            *((pk, o.name) for pk, o in self.organisations.items()),
        ]

    def clean_organisation(self) -> Organisation | None:
        return _listed_organisation(self.organisations, self.cleaned_data.get("organisation"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        name = (upload.name or "").lower()
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        fmt = cleaned.get("format") or UPLOAD_SUFFIXES.get(suffix)
        if fmt is None:
            self.add_error("file", _("Filen ska vara .csv, .xlsx eller .json (eller välj format)."))
        elif upload.size is not None and upload.size > MAX_UPLOAD:
            self.add_error("file", _("Filen är för stor; den får vara högst 20 MB."))
        elif fmt == ImportFormat.POLICE and not self.may_import_police:
            self.add_error("format", _("Bara kommunens samordnare importerar polisens händelser."))
        cleaned["fmt"] = fmt
        return cleaned


class ColumnMappingForm(forms.Form):
    """One text field per incident field: the heading of that column in the organisation's file."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in FIELDS:
            self.fields[field.key] = forms.CharField(
                label=field.label,
                required=False,
                max_length=120,
                help_text=_("Känns igen utan mappning: %(headings)s")
                % {"headings": ", ".join(f"”{h}”" for h in field.headings)},
            )

    def mapping(self) -> dict[str, str]:
        return {k: v.strip() for k, v in self.cleaned_data.items() if v and v.strip()}
