"""What every refusal of a corpus file must look like: Swedish words, no library's English."""

from __future__ import annotations

import re

from django.apps import apps

# Words of the messages libraries raise (csv, json, ruamel, openpyxl, zipfile, Python itself).
ENGLISH = re.compile(
    r"\b(the|line|error|expected|unexpected|invalid|could|found|character|exception|traceback|"
    r"field|not a|is not|must|cannot|failed|while|scanning|parsing|limit|exceeds|digits|"
    r"decode|codec|byte|position|none)\b",
    re.IGNORECASE,
)
SWEDISH = re.compile(
    r"[åäöÅÄÖ]|\b(filen|fil|rad|raden|inte|kan|ett|en|som|för|har|finns|ange|värdet|saknas|"
    r"tom|talet|kolumn|kolumnen|arbetsboken|arbetsbladet|händelsen|id:t|fältet|får|ska|"
    r"ligger|och|på|av|till|med|det|den|att|eller|fel|inget|sparats)\b",
    re.IGNORECASE,
)


def assert_swedish(messages: list[str], where: str) -> None:
    assert messages, f"{where}: refused without a message"
    for message in messages:
        assert SWEDISH.search(message), f"{where}: not Swedish: {message[:300]!r}"
        english = ENGLISH.search(message)
        assert english is None, f"{where}: English ({english.group(0)!r}): {message[:300]!r}"


def table_counts(*app_labels: str, exclude: tuple[str, ...] = ()) -> dict[str, int]:
    """Rows per table of the apps an import writes to (the import records themselves left out
    where named: a refused incident file leaves its refusal on an import job)."""
    counts = {}
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in exclude:
                continue
            counts[model._meta.label] = model._default_manager.count()
    return counts
