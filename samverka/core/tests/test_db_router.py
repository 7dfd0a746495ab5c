"""The replica router sends only the configured lag-tolerant reads to the replica."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings

from samverka.core.db_router import PRIMARY, REPLICA, ReplicaRouter
from samverka.incidents.models import Incident
from samverka.stats.models import StatValue

# Django warns that overriding DATABASES can surprise; the router only reads its keys.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")

WITH_REPLICA = {"default": {"ENGINE": "django.db.backends.sqlite3"}, "replica": {}}


def test_without_a_replica_every_read_stays_on_the_primary() -> None:
    router = ReplicaRouter()
    with override_settings(SAMVERKA_REPLICA_MODELS=["stats.statvalue"]):
        assert router.db_for_read(StatValue) is None


def test_listed_models_are_read_from_the_replica_and_others_are_not() -> None:
    router = ReplicaRouter()
    with override_settings(DATABASES=WITH_REPLICA, SAMVERKA_REPLICA_MODELS=["stats.StatValue"]):
        assert router.db_for_read(StatValue) == REPLICA
        # An incident just reported must be visible at once: never from a lagging replica.
        assert router.db_for_read(Incident) is None


@pytest.mark.django_db
def test_a_transaction_reads_its_own_writes_from_the_primary() -> None:
    router = ReplicaRouter()
    with (
        override_settings(DATABASES=WITH_REPLICA, SAMVERKA_REPLICA_MODELS=["stats.statvalue"]),
        transaction.atomic(),
    ):
        assert router.db_for_read(StatValue) is None


def test_writes_go_to_the_primary_and_the_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    with override_settings(DATABASES=WITH_REPLICA, SAMVERKA_REPLICA_MODELS=["stats.statvalue"]):
        assert router.db_for_write(StatValue) == PRIMARY
    assert router.allow_migrate(REPLICA, "stats") is False
    assert router.allow_migrate(PRIMARY, "stats") is True
