"""The default incident taxonomy, from EST practice (the method many municipalities use for
weekly incident reporting: Effektiv samordning för trygghet), and the police's event types
mapped onto it.

Each municipality gets its own copy (``Category`` rows) on first use, which coordinators may
then rename, extend or deactivate. Codes are stable identifiers used by imports and the API;
a subcategory's code is unique within the municipality, so it carries its own name
("skadegorelse-brand" is arson as vandalism, "brand" the top-level category of fires).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

OTHER = "ovrigt"

# (code, name, [(code, name), …]) in the order EST lists them.
DEFAULT_TAXONOMY: list[tuple[str, Promise, list[tuple[str, Promise]]]] = [
    (
        "skadegorelse",
        _("Skadegörelse"),
        [
            ("klotter", _("Klotter")),
            ("glaskross", _("Glaskross")),
            ("skadegorelse-brand", _("Brand")),
        ],
    ),
    (
        "otrygghetsskapande-samling",
        _("Otrygghetsskapande samling"),
        [
            ("samling-trapphus", _("Trapphus")),
            ("samling-kallare", _("Källare")),
            ("samling-centrum", _("Centrum")),
            ("samling-garage", _("Garage")),
            ("samling-utomhus", _("Utomhus")),
        ],
    ),
    (
        "ordningsstorning",
        _("Ordningsstörning"),
        [
            ("brak", _("Bråk")),
            ("vald", _("Våld")),
            ("inbrott", _("Inbrott")),
            ("ran", _("Rån")),
            ("droghantering", _("Misstänkt droghantering")),
            ("olovligt-boende", _("Olovligt boende")),
            ("olovlig-trafik", _("Olovlig trafik/moped")),
            ("vapen-stenhogar", _("Fynd av vapen eller stenhögar")),
        ],
    ),
    (
        "otrygg-plats",
        _("Otrygg plats"),
        [
            ("belysning", _("Belysning")),
            ("insyn", _("Insyn")),
            ("nedskrapning", _("Nedskräpning")),
            ("odslig-plats", _("Ödslig plats")),
        ],
    ),
    (
        "brand",
        _("Brand"),
        [
            ("anlagd-brand", _("Anlagd brand")),
            ("bilbrand", _("Bilbrand")),
            ("containerbrand", _("Containerbrand")),
        ],
    ),
    (
        "allvarligt-vald",
        _("Allvarligt våld"),
        [
            ("skottlossning", _("Skottlossning")),
            ("explosion", _("Explosion")),
        ],
    ),
    (OTHER, _("Övrigt"), []),
]

# The police's event types (the "type" of https://polisen.se/api/events) → (category code,
# subcategory code or None). Matched without regard to case; a type not listed here falls back
# to its first word ("Rån väpnat" → "Rån"), then to "övrigt". Documented in
# docs/incident-formats.md.
POLICE_TYPES: dict[str, tuple[str, str | None]] = {
    "skadegörelse": ("skadegorelse", None),
    "brand": ("brand", None),
    "mordbrand": ("brand", "anlagd-brand"),
    "skottlossning": ("allvarligt-vald", "skottlossning"),
    "skottlossning, misstänkt": ("allvarligt-vald", "skottlossning"),
    "explosion": ("allvarligt-vald", "explosion"),
    "detonation": ("allvarligt-vald", "explosion"),
    "mord/dråp": ("allvarligt-vald", None),
    "mord/dråp, försök": ("allvarligt-vald", None),
    "rån": ("ordningsstorning", "ran"),
    "rån väpnat": ("ordningsstorning", "ran"),
    "rån övrigt": ("ordningsstorning", "ran"),
    "rån, försök": ("ordningsstorning", "ran"),
    "inbrott": ("ordningsstorning", "inbrott"),
    "inbrott, försök": ("ordningsstorning", "inbrott"),
    "stöld/inbrott": ("ordningsstorning", "inbrott"),
    "bråk": ("ordningsstorning", "brak"),
    "misshandel": ("ordningsstorning", "vald"),
    "misshandel, grov": ("ordningsstorning", "vald"),
    "våld/hot mot tjänsteman": ("ordningsstorning", "vald"),
    "olaga hot": ("ordningsstorning", "vald"),
    "narkotikabrott": ("ordningsstorning", "droghantering"),
    "vapenlagen": ("ordningsstorning", "vapen-stenhogar"),
    "olovlig körning": ("ordningsstorning", "olovlig-trafik"),
    "trafikbrott": ("ordningsstorning", "olovlig-trafik"),
    "rattfylleri": ("ordningsstorning", "olovlig-trafik"),
    "ordningslagen": ("ordningsstorning", None),
    "fylleri/lob": ("ordningsstorning", None),
    "polisinsats/kommendering": ("ordningsstorning", None),
}


def police_type_codes(police_type: str) -> tuple[str, str | None]:
    """The (category, subcategory) codes of a police event type; unknown types are "övrigt"."""
    key = " ".join(police_type.lower().split())
    if key in POLICE_TYPES:
        return POLICE_TYPES[key]
    head = key.split(",")[0].split(" ")[0]
    return POLICE_TYPES.get(head, (OTHER, None))
