"""Identity numbers in free text: found when real, not when a number merely has ten digits."""

from __future__ import annotations

import pytest

from samverka.lib.personnummer import find_identity_numbers, luhn_ok, mask

# Valid check digits (Luhn over YYMMDDNNN): the Swedish Tax Agency's test-number pattern.
VALID = "811218-9876"


@pytest.mark.parametrize(
    "text",
    [
        "Pojken 811218-9876 var där",
        "personnummer 8112189876.",
        "19811218-9876",
        "198112189876",
        "811218+9876",  # over a hundred years old
        "samordningsnummer 811278-9873",  # day 18 + 60
        "(20000229-0005)",  # a leap day
    ],
)
def test_identity_numbers_are_found(text: str) -> None:
    assert find_identity_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "8112189875",  # ten digits that fail the Luhn check
        "0701234568",  # a phone number
        "811318-9875",  # month 13 (the check digit is right)
        "811232-9878",  # day 32 (the check digit is right)
        "1981121898761",  # thirteen digits: part of something longer
        "Ordernummer 4711-2026",
        "2026-11-20 21:14",
        "",
    ],
)
def test_other_numbers_are_not_taken_for_identity_numbers(text: str) -> None:
    assert find_identity_numbers(text) == []


def test_luhn() -> None:
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


def test_mask_hides_every_digit() -> None:
    assert mask(VALID) == "******-****"
