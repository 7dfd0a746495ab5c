"""The English catalogue is complete: every Swedish string has an English text, none is fuzzy,
the placeholders agree, and the compiled .mo holds what the .po says.

``makemessages`` marks a changed string fuzzy (with a guess from a similar one) or leaves it
empty; either way an English reader would see Swedish or a wrong sentence, so both fail here.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"

_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')
# Python's %-placeholders as Django's gettext uses them: %(name)s, %s, %d; %% is a literal.
_PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?([sdifr%])")


@dataclass
class Entry:
    fields: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def msgid(self) -> str:
        return self.fields.get("msgid", "")

    @property
    def msgstrs(self) -> list[str]:
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]


def parse_po(text: str) -> list[Entry]:
    """A small .po reader: enough for what makemessages writes (no obsolete #~ entries)."""
    entries: list[Entry] = []
    current = Entry()
    key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            if current.fields:
                entries.append(current)
            current, key = Entry(), None
            continue
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _FIELD.match(line)
        if match:
            key = match.group(1)
            current.fields[key] = ast.literal_eval(match.group(2))
            current.line = current.line or number
        elif line.startswith('"') and key is not None:
            current.fields[key] += ast.literal_eval(line)
        else:
            raise AssertionError(f"django.po line {number}: cannot read {raw!r}")
    if current.fields:
        entries.append(current)
    return entries


def placeholders(text: str) -> tuple[str, ...]:
    return tuple(
        sorted(f"{name or ''}:{kind}" for name, kind in _PLACEHOLDER.findall(text) if kind != "%")
    )


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return [e for e in parse_po(PO.read_text(encoding="utf-8")) if e.msgid]


def test_the_reader_sees_fuzzy_and_empty_entries() -> None:
    """The checks below rest on the reader; it must see what makemessages leaves behind."""
    sample = (
        'msgid "Ja"\nmsgstr "Yes"\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s möten"\nmsgstr "%(n)s meeting"\n\n'
        'msgid ""\n"Lång "\n"text"\nmsgstr ""\n'
    )
    parsed = parse_po(sample)
    assert [e.msgid for e in parsed] == ["Ja", "%(n)s möten", "Lång text"]
    assert "fuzzy" in parsed[1].flags
    assert parsed[2].msgstrs == [""]


def test_every_string_has_an_english_translation(entries: list[Entry]) -> None:
    missing = [f"line {e.line}: {e.msgid[:70]!r}" for e in entries if "" in e.msgstrs]
    assert not missing, f"{len(missing)} strings lack English:\n" + "\n".join(missing[:40])


def test_no_translation_is_fuzzy(entries: list[Entry]) -> None:
    fuzzy = [f"line {e.line}: {e.msgid[:70]!r}" for e in entries if "fuzzy" in e.flags]
    assert not fuzzy, f"{len(fuzzy)} fuzzy entries (check and remove the flag):\n" + "\n".join(
        fuzzy[:40]
    )


def test_translations_keep_the_placeholders(entries: list[Entry]) -> None:
    wrong = []
    for e in (e for e in entries if "python-format" in e.flags):
        expected = {placeholders(e.msgid), placeholders(e.fields.get("msgid_plural", e.msgid))}
        for text in e.msgstrs:
            found = placeholders(text)
            # The singular of a plural may leave the number out ("One row").
            if found not in expected and not (
                e.fields.get("msgid_plural") and text is e.msgstrs[0]
            ):
                wrong.append(f"line {e.line}: {e.msgid[:50]!r} -> {text[:50]!r}")
    assert not wrong, "\n".join(wrong)


def test_the_compiled_catalogue_matches_the_po(entries: list[Entry]) -> None:
    """Catches a .po edited without `samverka compilemessages -l en`."""
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for e in entries:
        if "msgid_plural" in e.fields or "msgctxt" in e.fields:
            continue
        if catalogue.gettext(e.msgid) != e.msgstrs[0]:
            stale.append(e.msgid[:70])
    assert not stale, f"{len(stale)} strings differ in django.mo:\n" + "\n".join(stale[:20])
