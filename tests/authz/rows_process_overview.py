"""Rows of the process overview, the law & method view and the dialogues: everyone with a role
in the municipality reads; the beredningsgrupp and the coordinators write dialogues; only the
coordinators confirm a step of Brå's checklist."""

from __future__ import annotations

from tests.authz.common import PAGE, M, Row

ROWS: list[Row] = [
    Row("process:index", M, PAGE),
]
