# Owned by the papers part: the place written on a unit's papers.
from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_register_checks")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="unit",
            name="locality",
            field=models.CharField(blank=True, max_length=100, verbose_name="địa danh"),
        ),
    ]
