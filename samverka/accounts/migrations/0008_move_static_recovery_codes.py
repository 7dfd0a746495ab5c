"""Recovery codes from django-otp's static devices (kept in plain text) move to
RecoveryCodeDevice as keyed hashes, and the plain codes are deleted. Each user keeps the codes
they have; one that is used afterwards works as before, once."""

from django.db import migrations

from samverka.accounts.recovery_codes import code_hash


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodeDevice = apps.get_model("accounts", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    for static in StaticDevice.objects.all().iterator():
        tokens = list(static.token_set.values_list("token", flat=True))
        if tokens:
            device, _created = RecoveryCodeDevice.objects.get_or_create(
                user_id=static.user_id,
                name="reservkoder",
                defaults={"confirmed": static.confirmed},
            )
            RecoveryCode.objects.bulk_create(
                [RecoveryCode(device=device, code_hash=code_hash(t)) for t in tokens]
            )
        static.delete()  # and its plain tokens with it


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_recovery_code_hashes_oidc_secret_env"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Backwards leaves the hashes: a plain code cannot be had back from them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
