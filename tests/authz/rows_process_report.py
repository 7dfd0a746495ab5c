"""Rows of the annual follow-up report (årsrapport): everyone with a role in the municipality
reads it as a page, PDF, XLSX and JSON; another municipality's coordinator gets 404; the bare
address redirects to this year's report."""

from __future__ import annotations

from tests.authz.common import LOGIN, PAGE, M, Row, _profile, _with

YEAR = _with(year=lambda w: 2026)
REDIRECT = _profile(anonymous=LOGIN, olle=404, dave=302, carol=302, bob=302, alice=302, root=302)

ROWS: list[Row] = [
    Row("process:annual_report_current", M, {"GET": REDIRECT}),
    Row("process:annual_report", YEAR, PAGE),
    Row("process:annual_report_pdf", YEAR, PAGE),
    Row("process:annual_report_xlsx", YEAR, PAGE),
    Row("process:annual_report_json", YEAR, PAGE),
]
