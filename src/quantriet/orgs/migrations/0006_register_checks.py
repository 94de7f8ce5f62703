# The register-checks part: an import refused for warnings only can be run again with them confirmed.
from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0005_member_profile")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="importjob",
            name="confirm_warnings",
            field=models.BooleanField(default=False),
        ),
    ]
