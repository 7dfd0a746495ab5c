"""The Swedish UI follows the house rules in docs/language.md; this guards the commonest slips.

Read from the sources themselves (templates and the strings marked for translation in Python),
so a new string is checked before anyone runs makemessages:

- no English genitive apostrophe ("Angered's", "polisen's"): Swedish writes "Angereds";
- no everyday English UI words ("Dashboard", "Submit", "Cancel", "Loading" …) in Swedish text;
- clock times with a full stop, "kl. 09.00", also in templates' ``time`` filters.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "samverka").glob("*/templates"))]
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
# English words a Swedish UI text should never contain (whole words, as written).
ENGLISH = re.compile(
    r"\b(Dashboard|Submit|Cancel|Loading|Save|Delete|Edit|Login|Log in|Logout|Log out|Sign in|"
    r"Sign out|Upload|Download|Settings|Click here|Welcome|Profile|Password|Username|Please|"
    r"Search|Previous|Next|Back|Close|Error|Warning|Success|Submit|Overview|Home|Help|Menu|"
    r"Email|e-mail|deadline|workshop|feedback|checklist|Heatmap|Timeline)\b"
)
# A genitive with an apostrophe after a Swedish-looking word; "%(name)s" placeholders aside.
APOSTROPHE_GENITIVE = re.compile(r"\b[A-Za-zÅÄÖåäöÉé]{2,}['’]s\b")
COLON_CLOCK = re.compile(r"\bkl\.\s*\d{1,2}:\d{2}\b")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{.*?\}\}|\{\w*\}")


def _python_strings() -> Iterator[tuple[str, str]]:
    """Every string literal passed to a gettext function in samverka and config."""
    for path in [
        *sorted((ROOT / "samverka").rglob("*.py")),
        *sorted((ROOT / "config").rglob("*.py")),
    ]:
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in GETTEXT_NAMES:
                continue
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", arg.value


_TRANSLATE = re.compile(r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<text>.*?)(?P=q).*?%\}""")
_BLOCK = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}(?P<text>.*?)\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)


def _template_texts() -> Iterator[tuple[str, str]]:
    """The Swedish a template shows: its translate strings and its text outside tags."""
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            where = str(path.relative_to(ROOT))
            source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
            source = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", source, flags=re.S)
            for match in _TRANSLATE.finditer(source):
                yield where, match.group("text")
            for match in _BLOCK.finditer(source):
                yield where, match.group("text")
            text = _BLOCK.sub(" ", _TRANSLATE.sub(" ", source))
            text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
            text = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", " ", text, flags=re.S)
            yield where, text


def _all_texts() -> list[tuple[str, str]]:
    return [
        (where, PLACEHOLDER.sub(" ", text))
        for where, text in [*_python_strings(), *_template_texts()]
    ]


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, str]]:
    return _all_texts()


def test_the_guard_reads_strings_from_python_and_templates(texts: list[tuple[str, str]]) -> None:
    """A guard that read nothing could not fail: it must see known strings of both kinds."""
    joined = "\n".join(text for _where, text in texts)
    assert "Mitt arbete" in joined  # a Python string (the start page's title)
    assert "Lägesbild" in joined  # a template's translate tag


def test_no_apostrophe_genitive(texts: list[tuple[str, str]]) -> None:
    wrong = [
        f"{where}: {m.group(0)}"
        for where, text in texts
        for m in APOSTROPHE_GENITIVE.finditer(text)
    ]
    assert not wrong, "Swedish genitive takes no apostrophe (Angereds, Polisens):\n" + "\n".join(
        wrong
    )


def test_no_english_ui_words(texts: list[tuple[str, str]]) -> None:
    wrong = [f"{where}: {m.group(0)}" for where, text in texts for m in ENGLISH.finditer(text)]
    assert not wrong, "English in the Swedish UI (see docs/language.md):\n" + "\n".join(wrong)


def test_no_genitive_glued_to_a_name() -> None:
    """``{{ name }}s`` gives "Boråss" for a name ending in s (and a Swedish genitive inside the
    English translation); write around it: "mötena för {{ name }}", "beslut i {{ group }}"."""
    glued = re.compile(r"\{\{\s*[\w.|:\"]+\s*\}\}s\b|%\(\w+\)ss\b")
    raw = [*_python_strings(), *_template_texts_raw()]
    wrong = [f"{where}: {m.group(0)}" for where, text in raw for m in glued.finditer(text)]
    assert not wrong, "\n".join(wrong)


def _template_texts_raw() -> Iterator[tuple[str, str]]:
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def test_clock_times_use_a_full_stop(texts: list[tuple[str, str]]) -> None:
    wrong = [f"{where}: {m.group(0)}" for where, text in texts for m in COLON_CLOCK.finditer(text)]
    assert not wrong, "Write kl. 09.00, not kl. 09:00:\n" + "\n".join(wrong)


def test_templates_show_clock_times_with_a_full_stop() -> None:
    """``|time:"H:i"`` shows 09:00; Swedish running text writes 09.00 (``"H.i"``)."""
    wrong = []
    for folder in TEMPLATE_DIRS:
        for path in sorted(folder.rglob("*.html")):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"\|time:\"[GH]:i\"", line):
                    wrong.append(f"{path.relative_to(ROOT)}:{number}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Angered's lägesbild", APOSTROPHE_GENITIVE),
        ("Polisen’s rapport", APOSTROPHE_GENITIVE),
        ("Klicka på Submit", ENGLISH),
        ("Loading …", ENGLISH),
        ("Mötet börjar kl. 09:00", COLON_CLOCK),
    ],
)
def test_the_rules_catch_the_mistakes_they_name(text: str, rule: re.Pattern[str]) -> None:
    assert rule.search(text)


@pytest.mark.parametrize(
    "text", ["Angereds lägesbild", "Polisens rapport", "kl. 09.00", "Spara", "%(name)s"]
)
def test_the_rules_let_good_swedish_through(text: str) -> None:
    cleaned = PLACEHOLDER.sub(" ", text)
    assert not any(rule.search(cleaned) for rule in (APOSTROPHE_GENITIVE, ENGLISH, COLON_CLOCK))
