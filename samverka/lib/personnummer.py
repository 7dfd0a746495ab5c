"""Finding Swedish personal identity numbers (personnummer and samordningsnummer) in free text.

Incident reports describe places and situations, never persons, so free text that contains an
identity number is refused. A number counts when it has the shape (10 or 12 digits, optionally
with "-" or "+" before the last four), a real date (a samordningsnummer adds 60 to the day) and
a valid check digit (the Luhn algorithm over the last ten digits). A phone number or an order
number of ten digits is therefore taken for one only when it happens to pass all three checks,
which is rare, and even then the reporter is asked to leave it out.

People (and programs) write the separator in many ways, and a number that only has to get past
a filter is written in all of them: an en or em dash, a minus sign, a dot or a slash instead of
"-", spaces around it, invisible characters (a zero-width space) between the digits, or the date
in one field and the last four in the next. All of these are read as the number they spell.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence

# Characters that show nothing (zero-width space and joiners, word joiner, soft hyphen, BOM,
# direction marks): removed before searching, so that "811218\u200b-9876" is seen as written.
_INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Between the date and the last four: "-" and "+", every dash and hyphen, the minus sign, a dot
# or a slash, with up to two spaces of any kind on either side.
_SEPARATORS = "-+\u2010-\u2015\u2212\u2043\ufe58\ufe63\uff0d./"
_SPACE = "[\\s\u00a0\u2000-\u200a\u202f\u205f\u3000]{0,2}"
# Not inside a longer run of digits; 12 digits (century included) or 10, separator optional.
_SIX_DIGITS = re.compile(r"\d{6}")
_CANDIDATE = re.compile(
    rf"(?<![\d])((?:18|19|20)?\d{{6}}){_SPACE}([{_SEPARATORS}]?){_SPACE}(\d{{4}})(?![\d])"
)
# A field that ends with the date part, and one that starts with the last four.
_DATE_AT_END = re.compile(r"(?<![\d])((?:18|19|20)?\d{6})[^\w]{0,3}$")
_SERIAL_AT_START = re.compile(rf"^[{_SEPARATORS}\s]{{0,3}}(\d{{4}})(?![\d])")


def luhn_ok(digits: str) -> bool:
    """The Luhn check over a string of digits (the last one is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _date_ok(year: int, month: int, day: int) -> bool:
    if day > 60:  # samordningsnummer: the day of birth plus 60
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False
    return day <= monthrange(year, month)[1]


def is_identity_number(date_part: str, serial: str) -> bool:
    """``date_part`` is YYMMDD or YYYYMMDD, ``serial`` the last four digits."""
    if len(date_part) == 8:
        year = int(date_part[:4])
        short = date_part[2:]
    elif len(date_part) == 6:
        short = date_part
        # The century does not matter for the check, only for leap days: 2000 was a leap year,
        # 1900 was not; accept a leap day if either century allows it.
        year = 2000 + int(date_part[:2])
    else:
        return False
    month, day = int(short[2:4]), int(short[4:6])
    century_ok = len(date_part) == 6 and _date_ok(year - 100, month, day)
    if not _date_ok(year, month, day) and not century_ok:
        return False
    return luhn_ok(short + serial)


def find_identity_numbers(text: str) -> list[str]:
    """Every personnummer or samordningsnummer in ``text``, as written there (invisible
    characters left out)."""
    if not text:
        return []
    text = _INVISIBLE.sub("", text)
    if not _SIX_DIGITS.search(text):  # the common case, decided in C
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        date_part, _separator, serial = match.groups()
        if is_identity_number(date_part, serial):
            found.append(match.group(0).strip())
    return found


def _digit_near_start(text: str) -> bool:
    return any(char.isdigit() for char in text[:8])


def find_split_identity_numbers(fields: Sequence[str | None]) -> list[tuple[int, str]]:
    """Identity numbers split across two neighbouring fields: the date part at the end of one
    and the last four at the start of the next ("811218" | "9876 vid entrén").

    ``fields`` are a row's values in the order of the file; None marks a field not to join
    (one whose neighbour is expected to hold digits, such as a time after a date). Returns
    (index of the first of the two fields, the number) per number found.
    """
    found = []
    for index in range(len(fields) - 1):
        left, right = fields[index], fields[index + 1]
        # The common case, cheaply: the next field does not start with a digit nearby.
        if not left or not right or not _digit_near_start(right):
            continue
        left = _INVISIBLE.sub("", left).rstrip()
        right = _INVISIBLE.sub("", right).lstrip()
        date_match = _DATE_AT_END.search(left[-16:])
        serial_match = _SERIAL_AT_START.match(right[:12])
        if date_match is None or serial_match is None:
            continue
        if is_identity_number(date_match.group(1), serial_match.group(1)):
            found.append((index, f"{date_match.group(1)}-{serial_match.group(1)}"))
    return found


def mask(number: str) -> str:
    """The number with every digit hidden ("********-****"), so that an error message or a
    stored import report never repeats it."""
    return re.sub(r"\d", "*", number)
