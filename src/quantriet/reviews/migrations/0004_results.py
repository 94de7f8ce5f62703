# The result boards' counts, read from an index alone (bench/reviews_results.py measures it).
from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_meeting")]
    operations: list[migrations.operations.base.Operation] = [
        migrations.AddIndex(
            model_name="memberreview",
            index=models.Index(
                fields=["period", "unit", "state", "decided_level"], name="member_review_results"
            ),
        ),
    ]
