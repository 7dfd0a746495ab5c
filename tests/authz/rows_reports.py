"""Rows of the reports: the fact sheet (page, PDF, JSON) and its text library."""

from __future__ import annotations

from typing import Any

from samverka.core.testing import World
from tests.authz.common import (
    API_READ,
    AREA,
    COORDINATOR_PAGE,
    DONE,
    EDIT,
    LOGIN,
    PAGE,
    POST_ONLY,
    M,
    Row,
    _api,
    _profile,
    _with,
)

TEXT = _with(key=lambda w: "kom_igang")
# The way to the PDF shows its progress (200) or, once printed, sends the reader to it (302);
# any reader may ask for a print that failed to be tried again (POST, back to the page).
_ANY_READER = _profile(
    anonymous=LOGIN, olle=404, dave=DONE, carol=DONE, bob=DONE, alice=DONE, root=DONE
)
READ_OR_REDIRECT = {"GET": _ANY_READER, "POST": _ANY_READER}

ROWS: list[Row] = [
    Row("reports:index", M, PAGE),
    Row("reports:factsheet", AREA, PAGE),
    Row("reports:factsheet_pdf", AREA, PAGE),
    Row("reports:factsheet_pdf_job", AREA, READ_OR_REDIRECT),
    Row("reports:text_list", M, {"GET": COORDINATOR_PAGE}),
    Row("reports:text_edit", TEXT, EDIT, note="coordinators rewrite Brå's boxes"),
    Row("reports:text_reset", TEXT, POST_ONLY),
    Row("api-factsheet", _api(pk=lambda w: w.area.pk), {"GET": API_READ}),
]


def foreign(w: World) -> dict[str, dict[str, Any]]:
    """An Annanstad area under Testby's fact sheet URLs: 404."""
    return {
        name: {"municipality": "testby", "pk": w.other_area.pk}
        for name in ("reports:factsheet", "reports:factsheet_pdf", "reports:factsheet_pdf_job")
    }
