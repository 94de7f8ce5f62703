# Owned by the register-profile part: the party member profile's fields, its photo, and the
# correction requests that cover them.
from __future__ import annotations

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("orgs", "0004_privacy")]

    operations: list[migrations.operations.base.Operation] = [
        migrations.AddField(
            model_name="member",
            name="education",
            field=models.CharField(
                blank=True,
                choices=[
                    ("12/12", "12/12"),
                    ("11/12", "11/12"),
                    ("10/12", "10/12"),
                    ("9/12", "9/12"),
                    ("8/12", "8/12"),
                    ("7/12", "7/12"),
                    ("6/12", "6/12"),
                    ("5/12", "5/12"),
                    ("10/10", "10/10"),
                    ("9/10", "9/10"),
                    ("8/10", "8/10"),
                    ("7/10", "7/10"),
                ],
                max_length=5,
                verbose_name="trình độ giáo dục phổ thông",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="e-mail"),
        ),
        migrations.AddField(
            model_name="member",
            name="ethnicity",
            field=models.CharField(
                blank=True,
                choices=[
                    ("01", "Kinh"),
                    ("02", "Tày"),
                    ("03", "Thái"),
                    ("04", "Hoa"),
                    ("05", "Khơ-me"),
                    ("06", "Mường"),
                    ("07", "Nùng"),
                    ("08", "Mông"),
                    ("09", "Dao"),
                    ("10", "Gia-rai"),
                    ("11", "Ngái"),
                    ("12", "Ê-đê"),
                    ("13", "Ba-na"),
                    ("14", "Xơ-đăng"),
                    ("15", "Sán Chay"),
                    ("16", "Cơ-ho"),
                    ("17", "Chăm"),
                    ("18", "Sán Dìu"),
                    ("19", "Hrê"),
                    ("20", "Mnông"),
                    ("21", "Ra-glai"),
                    ("22", "Xtiêng"),
                    ("23", "Bru-Vân Kiều"),
                    ("24", "Thổ"),
                    ("25", "Giáy"),
                    ("26", "Cơ-tu"),
                    ("27", "Giẻ-Triêng"),
                    ("28", "Mạ"),
                    ("29", "Khơ-mú"),
                    ("30", "Co"),
                    ("31", "Tà-ôi"),
                    ("32", "Chơ-ro"),
                    ("33", "Kháng"),
                    ("34", "Xinh-mun"),
                    ("35", "Hà Nhì"),
                    ("36", "Chu-ru"),
                    ("37", "Lào"),
                    ("38", "La Chí"),
                    ("39", "La Ha"),
                    ("40", "Phù Lá"),
                    ("41", "La Hủ"),
                    ("42", "Lự"),
                    ("43", "Lô Lô"),
                    ("44", "Chứt"),
                    ("45", "Mảng"),
                    ("46", "Pà Thẻn"),
                    ("47", "Cơ Lao"),
                    ("48", "Cống"),
                    ("49", "Bố Y"),
                    ("50", "Si La"),
                    ("51", "Pu Péo"),
                    ("52", "Brâu"),
                    ("53", "Ơ Đu"),
                    ("54", "Rơ-măm"),
                ],
                max_length=2,
                verbose_name="dân tộc",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="hometown",
            field=models.CharField(blank=True, max_length=200, verbose_name="quê quán"),
        ),
        migrations.AddField(
            model_name="member",
            name="id_number",
            field=models.CharField(blank=True, max_length=12, null=True, unique=True, verbose_name="số CCCD"),
        ),
        migrations.AddField(
            model_name="member",
            name="occupation",
            field=models.CharField(blank=True, max_length=120, verbose_name="nghề nghiệp"),
        ),
        migrations.AddField(
            model_name="member",
            name="phone",
            field=models.CharField(blank=True, max_length=10, verbose_name="điện thoại"),
        ),
        migrations.AddField(
            model_name="member",
            name="political_theory",
            field=models.CharField(
                blank=True,
                choices=[
                    ("none", "Chưa qua đào tạo"),
                    ("elementary", "Sơ cấp"),
                    ("intermediate", "Trung cấp"),
                    ("advanced", "Cao cấp"),
                    ("bachelor", "Cử nhân"),
                ],
                max_length=20,
                verbose_name="lý luận chính trị",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="religion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("none", "Không"),
                    ("buddhism", "Phật giáo"),
                    ("catholic", "Công giáo"),
                    ("protestant", "Tin Lành"),
                    ("cao_dai", "Cao Đài"),
                    ("hoa_hao", "Phật giáo Hòa Hảo"),
                    ("islam", "Hồi giáo"),
                    ("brahmanism", "Bà-la-môn"),
                    ("other", "Tôn giáo khác"),
                ],
                max_length=20,
                verbose_name="tôn giáo",
            ),
        ),
        migrations.AddField(
            model_name="member",
            name="specialty",
            field=models.CharField(blank=True, max_length=200, verbose_name="chuyên môn, nghiệp vụ"),
        ),
        migrations.AlterField(
            model_name="correctionrequest",
            name="field",
            field=models.CharField(
                choices=[
                    ("full_name", "Họ và tên"),
                    ("date_of_birth", "Ngày sinh"),
                    ("sex", "Giới tính"),
                    ("admission_date", "Ngày vào Đảng"),
                    ("full_membership_date", "Ngày chính thức"),
                    ("card_number", "Số thẻ đảng viên"),
                    ("hometown", "Quê quán"),
                    ("ethnicity", "Dân tộc"),
                    ("religion", "Tôn giáo"),
                    ("education", "Trình độ giáo dục phổ thông"),
                    ("specialty", "Chuyên môn, nghiệp vụ"),
                    ("political_theory", "Lý luận chính trị"),
                    ("occupation", "Nghề nghiệp"),
                    ("id_number", "Số CCCD"),
                    ("phone", "Điện thoại"),
                    ("email", "E-mail"),
                ],
                max_length=30,
                verbose_name="thông tin cần sửa",
            ),
        ),
        migrations.CreateModel(
            name="MemberPhoto",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("content_type", models.CharField(max_length=20)),
                ("data", models.BinaryField()),
                ("size", models.PositiveIntegerField()),
                ("digest", models.CharField(max_length=64)),
                ("uploaded_at", models.DateTimeField(auto_now=True)),
                (
                    "member",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="photo", to="orgs.member"
                    ),
                ),
            ],
            options={
                "verbose_name": "ảnh đảng viên",
                "verbose_name_plural": "ảnh đảng viên",
            },
        ),
    ]
