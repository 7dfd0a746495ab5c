"""Compact regular expressions for ranges of four-digit years, for the API schema's patterns.

Listing every year ("2000|2001|…|2100") says the same, but a 1 400-character alternation costs
every client that compiles it, and the API fuzzer (schemathesis' coverage phase) spent most of
its set-up time walking such alternations. ``year_range(1900, 2100)`` is
``19[0-9]{2}|20[0-9]{2}|2100`` instead.
"""

from __future__ import annotations

from collections.abc import Iterable


def _group(alternatives: list[str]) -> str:
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _digits(low: int, high: int) -> str:
    if low == high:
        return str(low)
    return f"[{low}-{high}]" if high > low + 1 else f"[{low}{high}]"


def _range(low: str, high: str) -> list[str]:
    """Alternatives matching exactly the digit strings from ``low`` to ``high`` (same length)."""
    if low == high:
        return [low]
    if len(low) == 1:
        return [_digits(int(low), int(high))]
    if low[0] == high[0]:
        return [low[0] + _group(_range(low[1:], high[1:]))]
    rest = len(low) - 1
    parts = []
    first_full, last_full = int(low[0]), int(high[0])
    if low[1:] != "0" * rest:
        parts.append(low[0] + _group(_range(low[1:], "9" * rest)))
        first_full += 1
    tail = None
    if high[1:] != "9" * rest:
        tail = high[0] + _group(_range("0" * rest, high[1:]))
        last_full -= 1
    if first_full <= last_full:
        parts.append(
            _digits(first_full, last_full) + ("[0-9]" if rest == 1 else f"[0-9]{{{rest}}}")
        )
    if tail:
        parts.append(tail)
    return parts


def year_range(first: int, last: int) -> str:
    """An unanchored, grouped regex matching the years ``first``–``last`` (four digits)."""
    if not 1000 <= first <= last <= 9999:
        raise ValueError(f"Years must be four digits, first <= last: {first}–{last}")
    return _group(_range(str(first), str(last)))


def year_list(years: Iterable[int]) -> str:
    """An unanchored, grouped regex matching exactly ``years`` (for short irregular lists)."""
    listed = sorted(set(years))
    if not listed:
        return "(?!)"  # matches nothing
    return _group([str(year) for year in listed])


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def leap_years(first: int, last: int) -> str:
    """An unanchored, grouped regex matching the leap years of ``first``–``last``."""
    if not 1000 <= first <= last <= 9999:
        raise ValueError(f"Years must be four digits, first <= last: {first}–{last}")
    parts = []
    for century in range(first // 100, last // 100 + 1):
        start, end = century * 100, century * 100 + 99
        if first <= start and end <= last:
            # Every fourth year; the century year itself only when divisible by 400.
            ends = (
                "[02468][048]|[13579][26]" if century % 4 == 0 else "0[48]|[2468][048]|[13579][26]"
            )
            parts.append(f"{century}(?:{ends})")
        else:
            years = [y for y in range(max(first, start), min(last, end) + 1) if _is_leap(y)]
            if years:
                parts.append(f"{century}" + _group([f"{y % 100:02d}" for y in years]))
    return _group(parts) if parts else "(?!)"
