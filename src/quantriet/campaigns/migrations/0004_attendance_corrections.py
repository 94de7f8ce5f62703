# Owned by the attendance part: fill ``operations`` (or leave it empty if this part needs no schema change).
from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_implementation_plans")]

    operations: list[migrations.operations.base.Operation] = []
