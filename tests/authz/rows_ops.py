"""Rows of operations (docs/operations.md): the probes are public, /metrics belongs to no account.

/metrics answers only its token or an allowed address (samverka/core/tests/test_operations.py);
unconfigured, as here, it is off for everybody, a platform admin included.
"""

from __future__ import annotations

from tests.authz.common import PUBLIC, Row, _profile

NOBODY_404 = _profile(anonymous=404, olle=404, dave=404, carol=404, bob=404, alice=404, root=404)

ROWS: list[Row] = [
    Row("health-live", None, {"GET": PUBLIC}),
    Row("health-ready", None, {"GET": PUBLIC}),
    Row("metrics", None, {"GET": NOBODY_404}),
]
