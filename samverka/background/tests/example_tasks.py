"""Tasks for the background tests: each writes a line to a file per try, so a test can count
the tries, and fails as told."""

from __future__ import annotations

from pathlib import Path

from samverka.background.policy import background_task


class Permanent(Exception):
    """A failure another try cannot mend."""


def _tries(path: str) -> int:
    file = Path(path)
    with file.open("a") as handle:
        handle.write("try\n")
    return len(file.read_text().splitlines())


@background_task(max_attempts=3, backoff_seconds=60)
def fail_until(path: str, succeed_on: int) -> int:
    tries = _tries(path)
    if tries < succeed_on:
        raise RuntimeError(f"try {tries} fails")
    return tries


@background_task(max_attempts=3, backoff_seconds=60, give_up_on=(Permanent,))
def fail_for_good(path: str) -> None:
    _tries(path)
    raise Permanent("the file is bad")


@background_task()
def write_line(path: str) -> str:
    _tries(path)
    return "done"


@background_task()
def write_line_every_quarter() -> None:
    """A scheduled task takes no arguments."""
