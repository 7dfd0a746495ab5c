"""Reads that tolerate lag go to a PostgreSQL read replica; everything else stays on the primary.

Off unless configured: with no ``replica`` database in ``DATABASES`` (the default), or with
``SAMVERKA_REPLICA_MODELS`` empty, every query goes to ``default`` as before. To turn it on:

    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASE_ROUTERS = ["samverka.core.db_router.ReplicaRouter"]
    SAMVERKA_REPLICA_MODELS = ["stats.statvalue", "stats.series", "stats.geography", ...]

Only the models listed (``app_label.model_name``) are read from the replica: reference
statistics and other data a coordinator does not expect to see the instant it is written. An
incident just reported, a meeting just planned or a session must never be read from a replica
that may be seconds behind, so those models are not on the list and reads inside a transaction
stay on the primary too (a transaction that wrote and then reads must see its own write).

Row-level security (``samverka.core.rls``) applies on the replica as on the primary: the
scope is set per connection by ``connection_created``, which fires for every alias.
Writes, relations and migrations always go to ``default``; the replica follows it by streaming
replication, so both hold the same rows and relations between them are allowed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model

REPLICA = "replica"
PRIMARY = "default"


def _replica_models() -> frozenset[str]:
    return frozenset(m.lower() for m in getattr(settings, "SAMVERKA_REPLICA_MODELS", ()))


class ReplicaRouter:
    """Django database router: lag-tolerant reads to ``replica``, the rest to ``default``."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        if REPLICA not in settings.DATABASES:
            return None
        if model._meta.label_lower not in _replica_models():
            return None
        # Inside a transaction on the primary, read what the transaction wrote.
        if connections[PRIMARY].in_atomic_block:
            return None
        return REPLICA

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        # The replica is a copy of the primary: objects from either may be related.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica gets its schema by replication, never by ``migrate``.
        return db != REPLICA
