"""Progress reporting shared by every long job (imports, example loaders, report generation).

A job takes a ``progress(label, done, total)`` callback; the CLI passes ``text_progress(stderr)``,
the web passes one that stores the figures on a job row for the page to poll.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from django.core.management.base import OutputWrapper

Progress = Callable[[str, int, int], None]
WIDTH = 30


def no_progress(label: str, done: int, total: int) -> None:
    """The default callback: report nothing."""


def text_progress(stream: OutputWrapper | TextIO) -> Progress:
    """A ``progress`` callback drawing ``områden  [#####.....]  5/11`` on ``stream``."""

    def draw(label: str, done: int, total: int) -> None:
        filled = WIDTH * done // total if total else WIDTH
        bar = "#" * filled + "." * (WIDTH - filled)
        end = "\n" if done >= total else ""
        text = f"\r{label:<24} [{bar}] {done}/{total}{end}"
        if isinstance(stream, OutputWrapper):
            stream.write(text, ending="")  # a command's stderr adds a newline otherwise
        else:
            stream.write(text)
        stream.flush()

    return draw
