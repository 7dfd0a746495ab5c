"""Finding a geography from a place's name or code as published tables write it.

Brå, SCB and the police name the same municipality in many ways: "Ale", "Ale kommun",
"Arjeplogs kommun" (genitive), "Göteborgs stad", "Region Gotland", "Malung–Sälen" (en dash)
where SCB writes "Malung-Sälen", "0114 Upplands Väsby", with non-breaking spaces from Excel.
``PlaceIndex`` reads the geographies once (one query per file) and resolves such a text:

1. the code when one is given (a code Excel stored as a number, 114, is padded to "0114");
2. "Hela landet", "Riket", "Sverige" → the country;
3. a kind word in front ("lokalpolisområde Täby", "stadsdel Bromma", "polisregion Väst")
   restricts the search to that kind;
4. the name itself; when places of several kinds share it (the municipality Täby and the
   local police area Täby), the municipality wins, then the county, the police region, the
   district, the local police area — the order in which a per-municipality table names them;
5. a municipality in another form: "X kommun", "X stad", "Xs kommun", "Region X", "Kommun X";
6. a city district qualified by its municipality ("Göteborg Centrum", "Malmö: Norr",
   "Norr (Malmö)", "Bromma, Stockholm"), or named alone right after its municipality's row.

A text that matches nothing, or two places of the same kind, raises ``PlaceNotFound`` with a
Swedish message for the row's error; the caller names the line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

from samverka.stats.models import Geography, GeographyKind

COUNTRY_CODE = "00"
COUNTRY_NAMES = {"hela landet", "riket", "hela riket", "sverige", "samtliga kommuner", "totalt"}
# Which kind wins when several places share a name (lower first).
KIND_ORDER: dict[str, int] = {
    GeographyKind.COUNTRY: 0,
    GeographyKind.MUNICIPALITY: 1,
    GeographyKind.COUNTY: 2,
    GeographyKind.POLICE_REGION: 3,
    GeographyKind.DISTRICT: 4,
    GeographyKind.LOCAL_POLICE_AREA: 5,
    GeographyKind.OTHER: 6,
}
KIND_PREFIXES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?:lokalpolisområde|lpo) (.+)$"), GeographyKind.LOCAL_POLICE_AREA),
    (re.compile(r"^(?:stadsdelsområde|stadsdel|stadsområde|stadsdelsnämnd) (.+)$"), "district"),
    (re.compile(r"^(?:polisregion|region) (.+)$"), GeographyKind.POLICE_REGION),
)
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")
_MUNICIPALITY_SUFFIX = re.compile(r" (?:kommun|stad|kommun och stad|stadsförvaltning)$")
_MUNICIPALITY_PREFIX = re.compile(r"^(?:region|kommun|kommunen) ")
_CODE_AND_NAME = re.compile(r"^(\d{4}) (.+)$")


class PlaceNotFound(ValueError):
    """The text names no place, or several; the message is for the user."""


def place_key(text: str) -> str:
    """The form names are compared in: NFC, one plain space, hyphens for every dash (with no
    space around them, "Malung – Sälen"), case folded."""
    text = unicodedata.normalize("NFC", str(text)).replace("\ufeff", "")
    text = _SPACES.sub(" ", _DASHES.sub("-", text)).strip()
    text = re.sub(r" ?- ?", "-", text)
    return text.casefold()


def normalise_code(code: str) -> str:
    """A code as SCB writes it: Excel's 114 is municipality "0114", 1 is county "01"."""
    code = code.strip()
    if code.isdigit() and len(code) == 3:
        return code.zfill(4)
    if code.isdigit() and len(code) == 1:
        return code.zfill(2)
    return code


class PlaceIndex:
    """Every geography by code and by name (see the module docstring for the rules)."""

    def __init__(self, geographies: Iterable[Geography] | None = None) -> None:
        if geographies is None:
            geographies = Geography.objects.all()
        self.by_code: dict[str, Geography] = {}
        self.by_name: dict[str, list[Geography]] = {}
        self.by_pk: dict[int, Geography] = {}
        for geography in geographies:
            self.by_code[geography.code.lower()] = geography
            self.by_name.setdefault(place_key(geography.name), []).append(geography)
            self.by_pk[geography.pk] = geography

    # --- codes ---------------------------------------------------------------------------

    def by_code_text(self, code: str) -> Geography:
        found = self.by_code.get(normalise_code(code).lower())
        if found is None:
            raise PlaceNotFound(
                _("Okänd områdeskod ”%(code)s”. Koderna finns under Statistik → Statistikområden.")
                % {"code": code[:40]}
            )
        return found

    # --- names ---------------------------------------------------------------------------

    def _pick(self, candidates: list[Geography], text: str) -> Geography:
        best = min(KIND_ORDER.get(g.kind, 9) for g in candidates)
        top = [g for g in candidates if KIND_ORDER.get(g.kind, 9) == best]
        if len(top) > 1:
            raise PlaceNotFound(
                _("Flera statistikområden heter ”%(name)s”; ange koden i en kolumn Regionkod.")
                % {"name": text[:60]}
            )
        return top[0]

    def _named(self, key: str, *kinds: str) -> list[Geography]:
        return [g for g in self.by_name.get(key, []) if not kinds or g.kind in kinds]

    def municipality(self, key: str) -> Geography | None:
        """A municipality named ``key`` in any of the forms tables use, or None."""
        forms = [key]
        base = _MUNICIPALITY_PREFIX.sub("", _MUNICIPALITY_SUFFIX.sub("", key))
        if base != key:
            forms.append(base)
        # The genitive before "kommun"/"stad": "Arjeplogs kommun"; a name ending in s takes
        # none ("Alingsås kommun"), so the name as written is tried first.
        forms.extend(form[:-1] for form in list(forms) if form.endswith("s"))
        for form in forms:
            found = self._named(form, GeographyKind.MUNICIPALITY)
            if len(found) == 1:
                return found[0]
        return None

    def _district_of(self, municipality: Geography, key: str) -> Geography | None:
        found = [
            g
            for g in self._named(key, GeographyKind.DISTRICT)
            if g.parent_id == municipality.pk
            or (g.parent_id in self.by_pk and self.by_pk[g.parent_id].parent_id == municipality.pk)
        ]
        return found[0] if len(found) == 1 else None

    def _qualified_district(self, key: str) -> Geography | None:
        """ "Göteborg Centrum", "Malmö: Norr", "Norr (Malmö)", "Bromma, Stockholm"."""
        pairs: list[tuple[str, str]] = []
        if match := re.fullmatch(r"(.+?) ?\((.+)\)", key):
            pairs.append((match.group(2), match.group(1)))
        for separator in (":", ",", "/"):
            if separator in key:
                first, _sep, second = key.partition(separator)
                pairs += [(first.strip(), second.strip()), (second.strip(), first.strip())]
        words = key.split(" ")
        for cut in range(1, len(words)):
            pairs.append((" ".join(words[:cut]), " ".join(words[cut:])))
        for city, district in pairs:
            municipality = self.municipality(city)
            if municipality is not None:
                found = self._district_of(municipality, district)
                if found is not None:
                    return found
        return None

    def resolve(self, text: str, *, after: Geography | None = None) -> Geography:
        """The place ``text`` names; ``after`` is the municipality named on the row above,
        whose districts a table lists under it by their names alone."""
        key = place_key(text)
        if not key:
            raise PlaceNotFound(_("Området saknas."))
        if key in COUNTRY_NAMES and COUNTRY_CODE in self.by_code:
            return self.by_code[COUNTRY_CODE]
        if match := _CODE_AND_NAME.match(key):  # "0114 Upplands Väsby"
            return self.by_code_text(match.group(1))
        candidates = self._named(key)
        if candidates:
            if after is not None and len(candidates) > 1:
                # Two cities' "Centrum": the one under the city on the row above.
                district = self._district_of(after, key)
                if district is not None:
                    return district
            return self._pick(candidates, text)
        for pattern, kind in KIND_PREFIXES:
            if match := pattern.match(key):
                rest = match.group(1)
                kinds = (GeographyKind.DISTRICT,) if kind == "district" else (kind,)
                found = self._named(rest, *kinds) or self._named(key, *kinds)
                if kind == GeographyKind.POLICE_REGION and not found:
                    found = self._named(f"polisregion {rest}", kind)
                if found:
                    return self._pick(found, text)
        municipality = self.municipality(key)
        if municipality is not None:
            return municipality
        district = self._qualified_district(key)
        if district is not None:
            return district
        if after is not None:
            district = self._district_of(after, key)
            if district is not None:
                return district
        raise PlaceNotFound(
            _(
                "Okänt område ”%(name)s”: ingen kommun, inget län, ingen stadsdel och inget "
                "lokalpolisområde heter så. Stava som SCB, eller ange koden i en kolumn Regionkod."
            )
            % {"name": text[:60]}
        )

    def find(self, code: str, name: str, *, after: Geography | None = None) -> Geography:
        """By code when one is given, otherwise by name."""
        if code:
            return self.by_code_text(code)
        return self.resolve(name, after=after)
