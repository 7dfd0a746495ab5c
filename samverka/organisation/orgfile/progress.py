"""A plain text progress bar for the commands: one line per section, redrawn in place."""

from __future__ import annotations

from typing import TextIO

from django.core.management.base import OutputWrapper

from samverka.organisation.orgfile.importer import Progress

WIDTH = 30


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
