# Owned by the province-board part: fill ``operations`` (or leave it empty if this part needs no schema change).
from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0004_attendance_corrections")]

    # Existing campaigns get the default: the units directly below the organiser owe a plan.
    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="campaign",
            name="plans_owed_by",
            field=models.CharField(
                choices=[
                    ("below", "Các đơn vị cấp dưới trực tiếp"),
                    ("grassroots", "Các tổ chức cơ sở đảng"),
                    ("chosen", "Danh sách đơn vị được chọn"),
                ],
                default="below",
                max_length=12,
                verbose_name="đơn vị phải nộp kế hoạch thực hiện",
            ),
        ),
        migrations.AddField(
            model_name="campaign",
            name="chosen_plan_units",
            field=models.ManyToManyField(
                blank=True, related_name="+", to="orgs.unit", verbose_name="các đơn vị phải nộp kế hoạch"
            ),
        ),
    ]
