"""Forms for areas and their population; cleaned_data go to ``samverka.areas.services``."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality
from samverka.areas.models import Area, AreaKind, Place, PlaceKind
from samverka.areas.services import place_geometry
from samverka.core.forms import SingleLineField

MAX_BOUNDARY_BYTES = 5 * 1024 * 1024

CRS_CHOICES = [
    ("", _("Känn igen automatiskt")),
    ("EPSG:4326", _("WGS84 (longitud/latitud i grader)")),
    ("EPSG:3006", _("SWEREF 99 TM (meter, som SCB och Lantmäteriet)")),
]

scb_code_validator = RegexValidator(r"^\d{4}$", _("Kommunkoden ska vara fyra siffror, t.ex. 1480."))
deso_code_validator = RegexValidator(
    r"^\d{4}[ABCabc]\d{4}$",  # upper-cased in clean_deso_code
    _(
        "DeSO-koden ska vara nio tecken: fyra siffror, bokstaven A, B eller C och fyra siffror, "
        "t.ex. 1480C1234."
    ),
)


def descendant_ids(area: Area) -> set[int]:
    """Ids of every area below ``area`` (one query; safe against a cycle in the data)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Area.objects.filter(municipality_id=area.municipality_id).values_list(
        "pk", "parent_id"
    ):
        children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    stack = list(children.get(area.pk, []))
    while stack:
        pk = stack.pop()
        if pk not in found and pk != area.pk:
            found.add(pk)
            stack.extend(children.get(pk, []))
    return found


def parse_boundary(raw: bytes) -> dict[str, Any]:
    """The geometry object of an uploaded GeoJSON file; a FeatureCollection must hold exactly
    one feature (one area has one boundary). Raises ``forms.ValidationError`` in Swedish."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: absurd nesting
        raise forms.ValidationError(
            _(
                "Filen är inte giltig GeoJSON (JSON-texten går inte att läsa). Spara gränsen som "
                "GeoJSON i UTF-8 och försök igen."
            )
        ) from None
    if not isinstance(data, dict):
        raise forms.ValidationError(_("Filen ska innehålla ett GeoJSON-objekt."))
    if data.get("type") == "FeatureCollection":
        features = data.get("features")
        if not isinstance(features, list) or len(features) != 1:
            raise forms.ValidationError(
                _(
                    "Filen innehåller %(n)s objekt. Ladda upp en fil med exakt ett område "
                    "(en Polygon, MultiPolygon eller Feature)."
                )
                % {"n": len(features) if isinstance(features, list) else 0}
            )
        feature = features[0]
        if not isinstance(feature, dict):
            raise forms.ValidationError(_("Objektet i filen är inte ett GeoJSON-objekt."))
        if "crs" in data and "crs" not in feature:
            # The legacy crs member sits on the collection; keep it for the geometry.
            feature = {**feature, "crs": data["crs"]}
        data = feature
    return data


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ"), choices=AreaKind.choices)
    parent = forms.ModelChoiceField(
        label=_("Ingår i"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("(inget – översta nivån)"),
    )
    scb_code = forms.CharField(
        label=_("Kommunkod (SCB)"),
        required=False,
        max_length=4,
        validators=[scb_code_validator],
        help_text=_("För kommunnivån: fyra siffror, t.ex. 1480."),
    )
    deso_code = forms.CharField(
        label=_("DeSO-kod"),
        required=False,
        max_length=9,
        validators=[deso_code_validator],
        help_text=_("Nio tecken, t.ex. 1480C1234."),
    )
    regso_code = forms.CharField(label=_("RegSO-kod"), required=False, max_length=20)
    local_code = forms.CharField(label=_("Kommunens egen kod"), required=False, max_length=40)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    centroid_lat = forms.FloatField(
        label=_("Mittpunkt, latitud"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("I grader (WGS84), t.ex. 57.7826. Räknas fram ur gränsen om du lämnar tomt."),
    )
    centroid_lon = forms.FloatField(
        label=_("Mittpunkt, longitud"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("I grader (WGS84), t.ex. 12.0286."),
    )
    boundary_file = forms.FileField(
        label=_("Gräns (GeoJSON-fil)"),
        required=False,
        help_text=_(
            "En .geojson- eller .json-fil med en Polygon, MultiPolygon, en Feature eller en "
            "FeatureCollection med ett objekt. Högst 5 MB."
        ),
    )
    boundary_crs = forms.ChoiceField(
        label=_("Koordinatsystem i filen"),
        required=False,
        choices=CRS_CHOICES,
        help_text=_(
            "Känn igen automatiskt fungerar nästan alltid: grader är WGS84, meter är SWEREF 99 TM."
        ),
    )
    remove_boundary = forms.BooleanField(label=_("Ta bort den sparade gränsen"), required=False)

    def __init__(
        self, *args: Any, municipality: Municipality, instance: Area | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        parents = Area.objects.filter(municipality=municipality)
        if instance is not None:
            # An area can sit neither inside itself nor inside one of its own sub-areas.
            parents = parents.exclude(pk__in={instance.pk, *descendant_ids(instance)})
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        if instance is None or not instance.boundary:
            del self.fields["remove_boundary"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Area.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Det finns redan ett område som heter %(name)s.") % {"name": name}
            )
        return name

    def clean_scb_code(self) -> str:
        return self.cleaned_data["scb_code"].strip()

    def clean_deso_code(self) -> str:
        return self.cleaned_data["deso_code"].strip().upper()

    def clean_boundary_file(self) -> dict[str, Any] | None:
        upload = self.cleaned_data.get("boundary_file")
        if not upload:
            return None
        if not str(upload.name).lower().endswith((".geojson", ".json")):
            raise forms.ValidationError(_("Gränsen ska vara en .geojson- eller .json-fil."))
        if upload.size > MAX_BOUNDARY_BYTES:
            raise forms.ValidationError(_("Filen är större än 5 MB. Förenkla gränsen först."))
        return parse_boundary(upload.read())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("centroid_lat"), data.get("centroid_lon")
        both_parsed = not self.has_error("centroid_lat") and not self.has_error("centroid_lon")
        if both_parsed and (lat is None) != (lon is None):
            self.add_error(
                "centroid_lon" if lon is None else "centroid_lat",
                _("Ange både latitud och longitud, eller ingen av dem."),
            )
        return data

    def service_data(self) -> dict[str, Any]:
        """cleaned_data as ``area_create``/``area_update`` take it: the boundary only when it
        changes, with the coordinate system the coordinator chose (None = detect)."""
        data = dict(self.cleaned_data)
        boundary = data.pop("boundary_file", None)
        crs = data.pop("boundary_crs", "") or None
        remove = data.pop("remove_boundary", False)
        if boundary is not None:
            data["boundary"] = boundary
            data["boundary_crs"] = crs
            unchanged = self.instance is not None and (
                data.get("centroid_lat"),
                data.get("centroid_lon"),
            ) == (self.instance.centroid_lat, self.instance.centroid_lon)
            if unchanged:
                # A new boundary moves the centre too; let the service compute it again.
                data["centroid_lat"] = data["centroid_lon"] = None
        elif remove:
            data["boundary"] = None
        return data


def area_initial(area: Area) -> dict[str, Any]:
    fields = [
        "name",
        "kind",
        "parent",
        "scb_code",
        "deso_code",
        "regso_code",
        "local_code",
        "description",
        "centroid_lat",
        "centroid_lon",
    ]
    return {f: getattr(area, f) for f in fields}


class PopulationForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=1900, max_value=2100)
    population = forms.IntegerField(label=_("Folkmängd"), min_value=0)
    source = forms.CharField(
        label=_("Källa"),
        required=False,
        max_length=200,
        help_text=_("T.ex. SCB, folkmängd 31 december. Ett år som redan finns ersätts."),
    )


# --- Places ---------------------------------------------------------------------------------

MAX_GEOMETRY_CHARS = 500_000  # some 20 000 positions: far more than a square or a path needs
# Sweden with a margin (lon, lat): a position outside it that would fall inside it with the two
# numbers swapped was typed latitude first.
SWEDEN_LON = (10.0, 24.5)
SWEDEN_LAT = (55.0, 69.5)
GEOJSON_EXAMPLE = '{"type": "LineString", "coordinates": [[12.0286, 57.7826], [12.031, 57.784]]}'


def _in_sweden(lon: float, lat: float) -> bool:
    return SWEDEN_LON[0] <= lon <= SWEDEN_LON[1] and SWEDEN_LAT[0] <= lat <= SWEDEN_LAT[1]


def looks_swapped(positions: list[tuple[float, float]]) -> bool:
    """True when no position lies in Sweden but every one would, read the other way round."""
    return bool(positions) and all(
        not _in_sweden(lon, lat) and _in_sweden(lat, lon) for lon, lat in positions
    )


def _flat_positions(value: Any) -> list[tuple[float, float]]:
    """The [lon, lat] pairs of a normalised geometry, however deeply nested."""
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, float) for v in value):
        return [(value[0], value[1])]
    if isinstance(value, list):
        return [pair for item in value for pair in _flat_positions(item)]
    return []


def _degree_field(label: Any, low: int, high: int, example: str) -> forms.FloatField:
    # localize: "57,7826" as Swedes write it, and "57.7826" as a map app copies it.
    return forms.FloatField(
        label=label,
        required=False,
        min_value=low,
        max_value=high,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={
            "invalid": _("Skriv %(label)s som ett tal i grader, t.ex. %(example)s.")
            % {"label": str(label).lower(), "example": example},
            "min_value": _("%(label)s ska vara mellan %(low)s och %(high)s grader.")
            % {"label": label, "low": low, "high": high},
            "max_value": _("%(label)s ska vara mellan %(low)s och %(high)s grader.")
            % {"label": label, "low": low, "high": high},
        },
    )


class PlaceFilterForm(forms.Form):
    """The GET filter above the place list."""

    kind = forms.ChoiceField(
        label=_("Typ av plats"), required=False, choices=[("", _("Alla typer")), *PlaceKind.choices]
    )
    area = forms.ModelChoiceField(
        label=_("Område"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("Alla"),
        help_text=_("Med platserna i områdets delområden."),
    )

    def __init__(self, *args: Any, municipality: Municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]


class PlaceForm(forms.Form):
    """A place: a point as latitude and longitude, or any other shape as GeoJSON."""

    name = SingleLineField(label=_("Namn"), max_length=200)
    kind = forms.ChoiceField(label=_("Typ av plats"), choices=PlaceKind.choices)
    area = forms.ModelChoiceField(
        label=_("Ligger i område"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("(inget område)"),
    )
    description = forms.CharField(
        label=_("Beskrivning"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    latitude = _degree_field(_("Latitud"), -90, 90, "57,7826")
    longitude = _degree_field(_("Longitud"), -180, 180, "12,0286")
    geometry = forms.CharField(
        label=_("Annan form (GeoJSON)"),
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "För flera punkter, en linje eller en yta: en GeoJSON-geometri i WGS84 med longitud "
            "först, t.ex. %(example)s. Tillåtna typer: Point, MultiPoint, LineString, "
            "MultiLineString, Polygon och MultiPolygon. Lämna tomt för en punkt."
        )
        % {"example": GEOJSON_EXAMPLE},
    )

    POINT = ("latitude", "longitude")

    def __init__(
        self, *args: Any, municipality: Municipality, instance: Place | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        self.fields["area"].queryset = Area.objects.filter(municipality=municipality)  # type: ignore[attr-defined]
        self.fields["latitude"].help_text = _(
            "En punkt i grader (WGS84), t.ex. 57,7826. Komma eller punkt går bra."
        )
        self.fields["longitude"].help_text = _("T.ex. 12,0286.")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Place.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _("Det finns redan en plats som heter %(name)s.") % {"name": name}
            )
        return name

    def clean_geometry(self) -> dict[str, Any] | None:
        """The pasted GeoJSON as an object (checked in detail by ``services.place_geometry``)."""
        text = self.cleaned_data["geometry"]
        if not text:
            return None
        if len(text) > MAX_GEOMETRY_CHARS:
            raise forms.ValidationError(
                _(
                    "Formen är för stor (högst %(n)s tecken). Förenkla den i ett GIS-program, "
                    "eller dela upp den i flera platser."
                )
                % {"n": "500 000"}
            )
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: absurd nesting
            raise forms.ValidationError(
                _(
                    "Texten är inte giltig GeoJSON: den går inte att läsa som JSON. Kontrollera "
                    "klamrar och kommatecken, t.ex. %(example)s."
                )
                % {"example": GEOJSON_EXAMPLE}
            ) from None
        if isinstance(data, dict) and data.get("type") == "FeatureCollection":
            features = data.get("features")
            if not isinstance(features, list) or len(features) != 1:
                raise forms.ValidationError(
                    _(
                        "Texten innehåller %(n)s objekt. En plats har en geometri: flera "
                        "stationer blir en MultiPoint, flera sträckor en MultiLineString."
                    )
                    % {"n": len(features) if isinstance(features, list) else 0}
                )
            data = features[0]
        if not isinstance(data, dict):
            raise forms.ValidationError(
                _("Texten ska vara ett GeoJSON-objekt, t.ex. %(example)s.")
                % {"example": GEOJSON_EXAMPLE}
            )
        try:
            geometry = place_geometry(data)
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict["geometry"]) from None
        if looks_swapped(_flat_positions(geometry["coordinates"])):
            raise forms.ValidationError(
                _(
                    "Formen hamnar utanför Sverige, men skulle ligga i Sverige med talen i varje "
                    "punkt omkastade. GeoJSON skriver longitud först: [12.0286, 57.7826]."
                )
            )
        return geometry

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        both_parsed = not self.has_error("latitude") and not self.has_error("longitude")
        if both_parsed and (lat is None) != (lon is None):
            self.add_error(
                "longitude" if lon is None else "latitude",
                _("Ange både latitud och longitud, eller ingen av dem."),
            )
        elif lat is not None and lon is not None:
            if data.get("geometry") is not None or self.has_error("geometry"):
                self.add_error(
                    "geometry",
                    _(
                        "Fyll i antingen latitud och longitud (en punkt) eller en annan form "
                        "som GeoJSON, inte båda. Töm det du inte vill spara."
                    ),
                )
            elif looks_swapped([(lon, lat)]):
                self.add_error(
                    "latitude",
                    _(
                        "Punkten hamnar utanför Sverige. Har latitud och longitud bytt plats? "
                        "Latituden är det större talet i Sverige, t.ex. 57,7826."
                    ),
                )
        return data

    def service_data(self) -> dict[str, Any]:
        """cleaned_data as ``place_create``/``place_update`` take them: one geometry."""
        data = dict(self.cleaned_data)
        lat, lon = data.pop("latitude", None), data.pop("longitude", None)
        if lat is not None and lon is not None:
            data["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
        return data


def place_initial(place: Place) -> dict[str, Any]:
    """The edit form's values: a Point in the latitude and longitude fields, anything else as
    its GeoJSON text."""
    initial: dict[str, Any] = {
        "name": place.name,
        "kind": place.kind,
        "area": place.area_id,
        "description": place.description,
    }
    geometry = place.geometry
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        initial |= {"latitude": lat, "longitude": lon}
    elif geometry:
        initial["geometry"] = json.dumps(geometry, ensure_ascii=False)
    return initial
