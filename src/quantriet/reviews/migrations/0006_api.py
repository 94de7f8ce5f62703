# Reserved for one part of the annual review's work (the parts run in parallel; their migrations chain here).
from __future__ import annotations

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reviews", "0005_awards")]
    operations: list[migrations.operations.base.Operation] = []
