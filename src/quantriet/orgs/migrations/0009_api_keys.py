# Owned by the API part: personal API keys made on the web expire when their holder chose.
from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0008_unit_tree")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hết hạn lúc"),
        ),
    ]
