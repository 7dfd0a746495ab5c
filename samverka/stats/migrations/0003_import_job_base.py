"""StatisticsImport now inherits samverka.core.models.ImportJobBase: who started a run and when
take the shared names (renamed, so the values stay), and the file name the shared label."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0002_reference_geographies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("statisticsimport", "started_by", "created_by"),
        migrations.RenameField("statisticsimport", "started_at", "created_at"),
        migrations.AlterModelOptions(
            name="statisticsimport",
            options={
                "ordering": ["-created_at", "-pk"],
                "verbose_name": "import av statistik",
                "verbose_name_plural": "importer av statistik",
            },
        ),
        migrations.AlterField(
            model_name="statisticsimport",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="skapad av",
            ),
        ),
        migrations.AlterField(
            model_name="statisticsimport",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="skapad"),
        ),
        migrations.AlterField(
            model_name="statisticsimport",
            name="filename",
            field=models.CharField(max_length=255, verbose_name="filnamn"),
        ),
    ]
