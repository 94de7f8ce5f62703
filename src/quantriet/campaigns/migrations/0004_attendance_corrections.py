# Owned by the attendance part: fill ``operations`` (or leave it empty if this part needs no schema change).
# A check-in or a make-up mark is reversed (kept, with who, when and why), never deleted; a reversed one
# no longer holds the delegate's place, so the unique constraints only cover the standing ones.
from __future__ import annotations

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0003_implementation_plans")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.RemoveConstraint(model_name="checkin", name="checkin_once_per_delegate"),
        migrations.AddField(
            model_name="checkin",
            name="reversal_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="lý do hủy"),
        ),
        migrations.AddField(
            model_name="checkin",
            name="reversed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm hủy"),
        ),
        migrations.AddField(
            model_name="checkin",
            name="reversed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="makeupattendance",
            name="reversal_reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="lý do hủy"),
        ),
        migrations.AddField(
            model_name="makeupattendance",
            name="reversed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="thời điểm hủy"),
        ),
        migrations.AddField(
            model_name="makeupattendance",
            name="reversed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="makeupattendance",
            name="delegate",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="makeup_marks",
                to="campaigns.delegate",
            ),
        ),
        migrations.AddConstraint(
            model_name="checkin",
            constraint=models.UniqueConstraint(
                condition=models.Q(("delegate__isnull", False), ("reversed_at__isnull", True)),
                fields=("delegate",),
                name="checkin_once_per_delegate",
            ),
        ),
        migrations.AddConstraint(
            model_name="makeupattendance",
            constraint=models.UniqueConstraint(
                condition=models.Q(("reversed_at__isnull", True)),
                fields=("delegate",),
                name="makeup_once_per_delegate",
            ),
        ),
    ]
