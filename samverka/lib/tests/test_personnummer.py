"""The identity-number filter against the ways round it (issue 10, item 11, Medium).

Each bypass once let a personnummer through: an en dash, an em dash, a dot, a slash, a minus
sign, a zero-width space, a number split across two fields. Ordinary dates, phone numbers and
case numbers stay accepted.
"""

from __future__ import annotations

import pytest

from samverka.lib.personnummer import find_identity_numbers, find_split_identity_numbers

# 811218-9876 has a valid check digit (the Tax Agency's test-number pattern).


@pytest.mark.parametrize(
    "text",
    [
        "811218\u20139876",  # en dash
        "811218\u20149876",  # em dash
        "811218.9876",  # dot
        "811218/9876",  # slash
        "811218\u22129876",  # minus sign
        "811218\u200b-9876",  # zero-width space before the dash
        "8112\u200b18\u200b9876",  # zero-width spaces between the digits
        "81121\u200d89876",  # zero-width joiner
        "811218\u00ad-9876",  # soft hyphen
        "811218 \u2013 9876",  # spaced en dash
        "811218\u00a0-\u00a09876",  # no-break spaces
        "19811218\u20109876",  # hyphen, with the century
        "Pojken (811218\u20139876) stod vid entrén.",
    ],
    ids=[
        "en-dash",
        "em-dash",
        "dot",
        "slash",
        "minus",
        "zwsp",
        "zwsp-inside",
        "zwj",
        "soft-hyphen",
        "spaced",
        "nbsp",
        "hyphen-century",
        "in-a-sentence",
    ],
)
def test_each_bypass_is_caught(text: str) -> None:
    assert find_identity_numbers(text)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-20 21:14",
        "20.11.2026 kl. 21.14",
        "2026/11/20",
        "Ring 031-365 00 00 eller 070-123 45 67",
        "+46 70 123 45 67",
        "Ärende 5000-K123456-24",
        "Diarienummer KS 2024/1234",
        "Dnr 2024.1234",
        "Ordernummer 4711-2026",
        "811218\u20139875",  # a wrong check digit stays a number like any other
        "811318.9875",  # no such month
        "Postnummer 424 65, gatunummer 12",
    ],
)
def test_ordinary_numbers_are_still_accepted(text: str) -> None:
    assert find_identity_numbers(text) == []


@pytest.mark.parametrize(
    "fields",
    [
        ["811218", "9876"],
        ["Född 811218", "9876 vid entrén"],
        ["19811218", "-9876"],
        ["811218\u2013", "9876"],
        ["Skadegörelse", "811218", "9876", "Entrén"],
    ],
)
def test_a_number_split_across_two_fields_is_caught(fields: list[str]) -> None:
    found = find_split_identity_numbers(fields)
    assert found and found[0][1].endswith("9876")


@pytest.mark.parametrize(
    "fields",
    [
        ["2026-11-20", "2114"],  # a date and a time
        ["811218", "9875"],  # a wrong check digit
        ["811218", None, "9876"],  # not neighbours (the caller left a field out)
        ["Entré 3", "12 personer"],
        ["20261120", "21:14"],
        ["", "9876"],
    ],
)
def test_neighbouring_fields_that_are_no_number_are_accepted(fields: list[str | None]) -> None:
    assert find_split_identity_numbers(fields) == []
