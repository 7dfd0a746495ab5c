"""Swedish public holidays (helgdagar) and the eves when offices are closed, for meeting planning.

Computed, not listed, so every year works: Easter by the Gregorian computus (Anonymous Gregorian
algorithm), the rest from fixed dates or fixed weekday windows (Lag 1989:253 om allmänna helgdagar).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _saturday_between(start: date, days: int) -> date:
    return next(start + timedelta(n) for n in range(days) if (start + timedelta(n)).weekday() == 5)


@cache
def swedish_holidays(year: int) -> dict[date, str]:
    """Public holidays plus the eves (midsommarafton, julafton, nyårsafton) that are days off."""
    easter = easter_sunday(year)
    midsummer_day = _saturday_between(date(year, 6, 20), 7)
    all_saints = _saturday_between(date(year, 10, 31), 7)
    return {
        date(year, 1, 1): "Nyårsdagen",
        date(year, 1, 6): "Trettondedag jul",
        easter - timedelta(2): "Långfredagen",
        easter: "Påskdagen",
        easter + timedelta(1): "Annandag påsk",
        date(year, 5, 1): "Första maj",
        easter + timedelta(39): "Kristi himmelsfärdsdag",
        easter + timedelta(49): "Pingstdagen",
        date(year, 6, 6): "Sveriges nationaldag",
        midsummer_day - timedelta(1): "Midsommarafton",
        midsummer_day: "Midsommardagen",
        all_saints: "Alla helgons dag",
        date(year, 12, 24): "Julafton",
        date(year, 12, 25): "Juldagen",
        date(year, 12, 26): "Annandag jul",
        date(year, 12, 31): "Nyårsafton",
    }


def is_day_off(day: date) -> bool:
    return day.weekday() >= 5 or day in swedish_holidays(day.year)
