"""Rows of the start page ("Mitt arbete"): everyone with a role in the municipality has one, and
it lists only what that person may see (tested in samverka/workbench/tests)."""

from __future__ import annotations

from tests.authz.common import PAGE, M, Row

ROWS: list[Row] = [
    Row("workbench:start", M, PAGE),
]
