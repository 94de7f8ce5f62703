"""The party member profile beyond the roll: choices, the one place CCCD and phone numbers are checked,
and which of its fields are sensitive.

Decree 13/2023/NĐ-CP counts ethnicity, religion and identity documents among personal data needing
care; we add the phone number and the photo, which reach a person directly. Those fields
(``SENSITIVE_FIELDS``) are sent only to those holding ``Capability.VIEW_MEMBER_SENSITIVE`` over the
member (and to the member), and each read says its purpose (``READ_PURPOSES``).
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from quantriet.text import fold

__all__ = [
    "ETHNIC_GROUPS",
    "PROFILE_FIELDS",
    "SENSITIVE_FIELDS",
    "Education",
    "Ethnicity",
    "PoliticalTheory",
    "ReadPurpose",
    "Religion",
    "normalise_id_number",
    "normalise_phone",
]

# The 54 ethnic groups in the order and numbering of the General Statistics Office's list.
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Hoa",
    "Khơ-me",
    "Mường",
    "Nùng",
    "Mông",
    "Dao",
    "Gia-rai",
    "Ngái",
    "Ê-đê",
    "Ba-na",
    "Xơ-đăng",
    "Sán Chay",
    "Cơ-ho",
    "Chăm",
    "Sán Dìu",
    "Hrê",
    "Mnông",
    "Ra-glai",
    "Xtiêng",
    "Bru-Vân Kiều",
    "Thổ",
    "Giáy",
    "Cơ-tu",
    "Giẻ-Triêng",
    "Mạ",
    "Khơ-mú",
    "Co",
    "Tà-ôi",
    "Chơ-ro",
    "Kháng",
    "Xinh-mun",
    "Hà Nhì",
    "Chu-ru",
    "Lào",
    "La Chí",
    "La Ha",
    "Phù Lá",
    "La Hủ",
    "Lự",
    "Lô Lô",
    "Chứt",
    "Mảng",
    "Pà Thẻn",
    "Cơ Lao",
    "Cống",
    "Bố Y",
    "Si La",
    "Pu Péo",
    "Brâu",
    "Ơ Đu",
    "Rơ-măm",
)
assert len(ETHNIC_GROUPS) == 54

# Other spellings met in registers and spreadsheets (folded), for the importer and corrections.
ETHNIC_ALIASES: dict[str, str] = {
    "khmer": "05",
    "kho me": "05",
    "hmong": "08",
    "h'mong": "08",
    "h mong": "08",
    "mong": "08",
    "ede": "12",
    "e de": "12",
    "jrai": "10",
    "gia rai": "10",
    "bana": "13",
    "ba na": "13",
    "xo dang": "14",
    "co ho": "16",
    "k'ho": "16",
    "cham": "17",
    "raglai": "21",
    "ra glai": "21",
    "stieng": "22",
    "van kieu": "23",
    "bru van kieu": "23",
    "co tu": "26",
    "gie trieng": "27",
    "khomu": "29",
    "kho mu": "29",
    "ta oi": "31",
    "cho ro": "32",
    "xinh mun": "34",
    "ha nhi": "35",
    "chu ru": "36",
    "lo lo": "43",
    "pa then": "46",
    "co lao": "47",
    "bo y": "49",
    "si la": "50",
    "pu peo": "51",
    "o du": "53",
    "ro mam": "54",
}


class Ethnicity(models.TextChoices):
    """Dân tộc: the value is the group's two-digit number in the official list (01 Kinh … 54 Rơ-măm)."""

    _ignore_ = ["number", "group"]
    for number, group in enumerate(ETHNIC_GROUPS, start=1):
        locals()[f"E{number:02d}"] = (f"{number:02d}", group)


class Religion(models.TextChoices):
    NONE = "none", _("Không")
    BUDDHISM = "buddhism", _("Phật giáo")
    CATHOLIC = "catholic", _("Công giáo")
    PROTESTANT = "protestant", _("Tin Lành")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Phật giáo Hòa Hảo")
    ISLAM = "islam", _("Hồi giáo")
    BRAHMANISM = "brahmanism", _("Bà-la-môn")
    OTHER = "other", _("Tôn giáo khác")


class Education(models.TextChoices):
    """Trình độ giáo dục phổ thông, as the profile writes it: grade reached over the system's grades."""

    G12 = "12/12", "12/12"
    G11 = "11/12", "11/12"
    G10 = "10/12", "10/12"
    G9 = "9/12", "9/12"
    G8 = "8/12", "8/12"
    G7 = "7/12", "7/12"
    G6 = "6/12", "6/12"
    G5 = "5/12", "5/12"
    OLD10 = "10/10", "10/10"
    OLD9 = "9/10", "9/10"
    OLD8 = "8/10", "8/10"
    OLD7 = "7/10", "7/10"


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("Chưa qua đào tạo")
    ELEMENTARY = "elementary", _("Sơ cấp")
    INTERMEDIATE = "intermediate", _("Trung cấp")
    ADVANCED = "advanced", _("Cao cấp")
    BACHELOR = "bachelor", _("Cử nhân")


# Suggestions for the free-text occupation (a datalist in the form): what profiles usually say.
OCCUPATION_SUGGESTIONS = (
    _("Cán bộ, công chức"),
    _("Viên chức"),
    _("Công nhân"),
    _("Nông dân"),
    _("Lực lượng vũ trang"),
    _("Doanh nhân"),
    _("Lao động tự do"),
    _("Học sinh, sinh viên"),
    _("Hưu trí"),
)

PROFILE_FIELDS = (
    "hometown",
    "ethnicity",
    "religion",
    "education",
    "specialty",
    "political_theory",
    "occupation",
    "id_number",
    "phone",
    "email",
)
# Sent only with VIEW_MEMBER_SENSITIVE (or to the member); the photo is a separate model, also sensitive.
SENSITIVE_FIELDS = ("id_number", "religion", "ethnicity", "phone")
PHOTO = "photo"


class ReadPurpose(models.TextChoices):
    """Why sensitive data is read (decree 13/2023: processing for a stated purpose)."""

    PERSONNEL = "personnel", _("Công tác cán bộ, đảng viên")
    TRANSFER = "transfer", _("Chuyển sinh hoạt đảng")
    VERIFY = "verify", _("Xác minh, đối chiếu hồ sơ")
    INSPECTION = "inspection", _("Kiểm tra, giám sát")
    CONTACT = "contact", _("Liên hệ với đảng viên")
    EDIT = "edit", _("Cập nhật hồ sơ")
    OTHER = "other", _("Mục đích khác (ghi rõ)")


_ID_NUMBER = re.compile(r"^\d{12}$")
# Mobile prefixes in use since the 2018 renumbering (03x, 05x, 07x, 08x, 09x); the rest are landlines.
_MOBILE = re.compile(r"^0(3[2-9]|5[25689]|7[06-9]|8[1-9]|9\d)\d{7}$")


def normalise_id_number(raw: str | None) -> str | None:
    """A citizen identity card (CCCD) number: exactly 12 digits, spaces and dots ignored; blank is None.

    Raises:
        ValueError: with a Vietnamese sentence saying what a CCCD number looks like.
    """
    text = re.sub(r"[\s.\-]", "", raw or "")
    if not text:
        return None
    if not _ID_NUMBER.match(text):
        raise ValueError(str(_("Số CCCD gồm đúng 12 chữ số (ví dụ 036085001234); hãy chép lại từ thẻ.")))
    return text


def normalise_phone(raw: str | None) -> str:
    """A Vietnamese mobile number written as ten digits from 0 (``0912345678``); blank is "".

    Accepts +84 / 84 / 0084 in front, spaces, dots, dashes and brackets.

    Raises:
        ValueError: with a Vietnamese sentence saying what is accepted.
    """
    text = re.sub(r"[\s.\-()]", "", raw or "")
    if not text:
        return ""
    for prefix in ("+84", "0084", "84"):
        if text.startswith(prefix) and len(text) == len(prefix) + 9:
            text = "0" + text[len(prefix) :]
            break
    if not _MOBILE.match(text):
        raise ValueError(
            str(
                _(
                    "Số điện thoại di động gồm 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09 "
                    "(ví dụ 0912345678)."
                )
            )
        )
    return text


def ethnicity_from_text(raw: str) -> str | None:
    """The code of an ethnic group named in words ("Khmer", "H'Mông", "Ê Đê", "05"); None if unknown."""
    key = fold(raw).replace("-", " ").strip()
    if not key:
        return None
    if key.isdigit() and 1 <= int(key) <= 54:
        return f"{int(key):02d}"
    for index, name in enumerate(ETHNIC_GROUPS, start=1):
        if fold(name).replace("-", " ") == key:
            return f"{index:02d}"
    return ETHNIC_ALIASES.get(key) or ETHNIC_ALIASES.get(key.replace(" ", ""))


CHOICE_FIELDS: dict[str, type[models.TextChoices]] = {
    "ethnicity": Ethnicity,
    "religion": Religion,
    "education": Education,
    "political_theory": PoliticalTheory,
}


def choice_from_text(field: str, raw: str) -> str | None:
    """The code of a choice field's value written in words ("Phật giáo", "sơ cấp", "12/12"); None if unknown.

    Labels are matched in the file language's spelling and without accents, and codes are accepted too.
    """
    if field == "ethnicity":
        return ethnicity_from_text(raw)
    choices = CHOICE_FIELDS[field]
    key = fold(raw).replace(" ", "")
    for value, label in choices.choices:
        if key in (fold(str(value)).replace(" ", ""), fold(str(label)).replace(" ", "")):
            return str(value)
    if field == "religion" and key in ("khong", "none", "khongtheotongiaonao"):
        return str(Religion.NONE)
    return None


def choice_label(field: str, value: str) -> str:
    """A stored code as the profile prints it ("08" → "Mông"); "" for blank, the code itself if unknown."""
    if not value:
        return ""
    labels = dict(CHOICE_FIELDS[field].choices)
    return str(labels.get(value, value))
