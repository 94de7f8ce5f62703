# Owned by the papers part: fill ``operations`` (or leave it empty if this part needs no schema change).
from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("orgs", "0006_register_checks")]

    operations: list[migrations.operations.base.Operation] = []
