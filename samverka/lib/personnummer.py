"""Finding Swedish personal identity numbers (personnummer and samordningsnummer) in free text.

Incident reports describe places and situations, never persons, so free text that contains an
identity number is refused. A number counts when it has the shape (10 or 12 digits, optionally
with "-" or "+" before the last four), a real date (a samordningsnummer adds 60 to the day) and
a valid check digit (the Luhn algorithm over the last ten digits). A phone number or an order
number of ten digits is therefore taken for one only when it happens to pass all three checks,
which is rare, and even then the reporter is asked to leave it out.
"""

from __future__ import annotations

import re
from calendar import monthrange

# Not inside a longer run of digits; 12 digits (century included) or 10, separator optional.
_SIX_DIGITS = re.compile(r"\d{6}")
_CANDIDATE = re.compile(r"(?<![\d])((?:18|19|20)?\d{6})\s?([-+]?)\s?(\d{4})(?![\d])")


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
    """Every personnummer or samordningsnummer in ``text``, as written there."""
    if not text or not _SIX_DIGITS.search(text):  # the common case, decided in C
        return []
    found = []
    for match in _CANDIDATE.finditer(text):
        date_part, _separator, serial = match.groups()
        if is_identity_number(date_part, serial):
            found.append(match.group(0).strip())
    return found


def mask(number: str) -> str:
    """The number with every digit hidden ("********-****"), so that an error message or a
    stored import report never repeats it."""
    return re.sub(r"\d", "*", number)
