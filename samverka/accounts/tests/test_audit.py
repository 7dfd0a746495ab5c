"""The audit trail (accounts/audit.py): every write is covered, rows carry before and after, and
nobody can change or delete them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from samverka.accounts import audit as audit_module
from samverka.accounts.access_log import log_personal_data_access, purge_expired_access_log
from samverka.accounts.audit import EXEMPT, captured_models, samverka_models
from samverka.accounts.models import AuditEvent, PersonalDataAccess, Role
from samverka.core.testing import World
from samverka.organisation.tests.orgfile_helpers import import_text

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the capture and append-only triggers are PostgreSQL's; SQLite has the services' events",
)


# --- The meta-tests: no model writes without audit ---------------------------------------------


def test_every_samverka_model_is_captured_or_exempt_with_a_reason() -> None:
    labels = {m._meta.label for m in samverka_models()}
    captured = {m._meta.label for m in captured_models()}
    # Every model is on exactly one side, and every exemption names a model that exists.
    assert labels == captured | set(EXEMPT)
    assert not captured & set(EXEMPT)
    assert set(EXEMPT) <= labels, set(EXEMPT) - labels
    assert all(len(reason) > 30 for reason in EXEMPT.values())
    # Many-to-many tables (e.g. a group's coordinating groups) are writes too.
    assert any(m._meta.auto_created for m in captured_models())


@postgres_only
@pytest.mark.django_db
def test_every_captured_table_has_the_capture_trigger_in_the_database() -> None:
    tables = {m._meta.db_table for m in captured_models()}
    missing = tables - audit_module.tables_with_capture(connection)
    assert missing == set()
    exempt_tables = {m._meta.db_table for m in samverka_models() if m._meta.label in EXEMPT}
    assert not exempt_tables & audit_module.tables_with_capture(connection)


# --- Behaviour: the three kinds of write the issue names ---------------------------------------


def _import_with_new_description(world: World) -> None:
    """Export the world's organisation file, change one actor's description, import it."""
    import json

    from samverka.organisation.orgfile import export_organisation

    data = json.loads(export_organisation(world.testby, fmt="json"))
    police = next(a for a in data["organisations"] if a["name"] == world.police.name)
    police["description"] = "Ny beskrivning från filen"
    import_text(json.dumps(data), filename="testby.json", user=world.alice)


@pytest.mark.django_db
def test_an_organisation_file_import_leaves_an_event_with_before_and_after(
    world: World,
) -> None:
    before = world.police.description
    _import_with_new_description(world)
    event = AuditEvent.objects.filter(action="import").latest("pk")
    assert event.user == world.alice and event.username == "alice"
    assert event.municipality == world.testby
    assert event.changes["organisation Polisen LPO Testby.description"] == [
        before,
        "Ny beskrivning från filen",
    ]


@postgres_only
@pytest.mark.django_db
def test_an_organisation_file_import_is_captured_row_by_row_on_postgres(world: World) -> None:
    _import_with_new_description(world)
    row = AuditEvent.objects.filter(
        action="row_update", object_type="organisation_organisation", object_id=str(world.police.pk)
    ).latest("pk")
    assert row.changes["description"][1] == "Ny beskrivning från filen"
    assert row.municipality_id == world.testby.pk
    assert row.source == "cli"  # outside a request: the command line's channel


@pytest.mark.django_db
def test_a_role_change_leaves_an_event_with_before_and_after(client, world: World) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("users:edit", kwargs={"municipality": "testby", "pk": world.dave.pk}),
        {"role": Role.MEMBER, "first_name": "Dave", "is_data_protection_officer": "on"},
    )
    assert response.status_code == 302
    assert response.url == reverse("users:list", kwargs={"municipality": "testby"})
    event = AuditEvent.objects.filter(action="update", object_type="municipalityrole").latest("pk")
    assert event.user == world.alice
    assert event.changes["role"] == [Role.READER, Role.MEMBER]
    assert event.changes["is_data_protection_officer"] == [False, True]


@pytest.mark.django_db
def test_a_page_edit_leaves_an_event_with_before_and_after(client, world: World) -> None:
    client.force_login(world.alice)
    old_name = world.police.name
    response = client.post(
        reverse(
            "organisation:organisation_edit",
            kwargs={"municipality": "testby", "pk": world.police.pk},
        ),
        {"name": "Polisen LPO Testby norra", "kind": world.police.kind, "description": "x"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert "logga-in" not in response.url
    event = AuditEvent.objects.filter(action="update", object_type="organisation").latest("pk")
    assert event.user == world.alice and event.source in ("web", "cli")
    assert event.changes["name"] == [old_name, "Polisen LPO Testby norra"]
    if connection.vendor == "postgresql":
        row = AuditEvent.objects.filter(
            action="row_update", object_type="organisation_organisation"
        ).latest("pk")
        assert row.changes["name"] == [old_name, "Polisen LPO Testby norra"]
        assert row.user_id == world.alice.pk and row.source == "web"


@postgres_only
@pytest.mark.django_db
def test_queryset_update_and_secrets_are_captured_without_the_secret(world: World) -> None:
    from samverka.organisation.models import Organisation

    Organisation.objects.filter(pk=world.police.pk).update(short_name="LPO")  # no save()
    row = AuditEvent.objects.filter(action="row_update").latest("pk")
    assert row.changes == {"short_name": [world.police.short_name, "LPO"]}
    world.dave.set_password("ett-helt-nytt-lösenord")
    world.dave.save()
    row = AuditEvent.objects.filter(action="row_update", object_type="accounts_user").latest("pk")
    assert row.changes["password"] == ["***", "***"]


# --- Nobody can change or delete the trail ---------------------------------------------------


@postgres_only
@pytest.mark.django_db
def test_the_database_refuses_to_change_or_delete_audit_rows(world: World) -> None:
    event = AuditEvent.objects.create(action="x", object_type="y")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


@postgres_only
@pytest.mark.django_db
def test_truncate_is_refused_to_anyone_but_a_superuser(world: World) -> None:
    role = f"samverka_audit_probe_{connection.settings_dict['NAME']}"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE ROLE "{role}" NOLOGIN')
        cursor.execute(f'GRANT ALL ON accounts_auditevent, accounts_personaldataaccess TO "{role}"')
        cursor.execute(f'SET ROLE "{role}"')
    try:
        for table in ("accounts_auditevent", "accounts_personaldataaccess"):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute(f"TRUNCATE {table}")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


@postgres_only
@pytest.mark.django_db
def test_the_access_log_loses_only_rows_past_retention(world: World) -> None:
    recent = log_personal_data_access(
        municipality=world.testby, user=world.bob, kind="incident_text", object_id=1
    )
    with connection.cursor() as cursor:
        # Written as if two and a half years ago (an UPDATE to backdate would be refused).
        cursor.execute(
            "INSERT INTO accounts_personaldataaccess (municipality_id, username, kind, object_id,"
            " description, reason, granted, channel, at) VALUES (%s, 'bob', 'incident_text',"
            " '2', '', '', true, 'web', now() - interval '900 days')",
            [world.testby.pk],
        )
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=recent.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        PersonalDataAccess.objects.filter(pk=recent.pk).update(granted=False)
    assert purge_expired_access_log(dry_run=True) == 1
    assert purge_expired_access_log() == 1
    assert list(PersonalDataAccess.objects.values_list("pk", flat=True)) == [recent.pk]
    purge = AuditEvent.objects.get(action="purge")
    assert purge.changes == {"access_log_rows": [1, 0]}


@pytest.mark.django_db
def test_purge_keeps_rows_within_retention(world: World) -> None:
    log_personal_data_access(municipality=world.testby, user=world.bob, kind="incident_text")
    later = timezone.now() + timedelta(days=world.testby.access_log_retention_days - 1)
    assert purge_expired_access_log(now=later, dry_run=True) == 0


@pytest.mark.django_db
def test_the_admin_offers_no_way_to_change_or_delete_audit_rows(rf, world: World) -> None:
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = world.root  # a superuser
    for model in (AuditEvent, PersonalDataAccess):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
        assert model_admin.get_actions(request) == {}  # no "delete selected"
