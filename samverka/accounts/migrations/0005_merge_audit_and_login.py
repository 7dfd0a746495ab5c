# Two 0004s were written side by side (the audit trail; login, tokens and OIDC): no conflict
# between them, only two leaves to join.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_audit_changes_append_only"),
        ("accounts", "0004_security_stamp_api_tokens_oidc"),
    ]

    operations = []
