"""Reading the units' and members' own cells: Nam/Nữ, levels and statuses in their Vietnamese names."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from quantriet.core.sheets.values import FILE_LANGUAGE, CellError, choose, keyed, text
from quantriet.orgs.models import MemberStatus, Sex
from quantriet.orgs.models.units import Level
from quantriet.orgs.profile import (
    CHOICE_FIELDS,
    PoliticalTheory,
    Religion,
    choice_from_text,
    normalise_id_number,
    normalise_phone,
)

_SEX = {"nam": Sex.MALE, "nu": Sex.FEMALE, "male": Sex.MALE, "female": Sex.FEMALE}


def parse_sex(value: Any) -> str:
    return choose(_SEX, value, lambda: (_("Giới tính “%(value)s” không hợp lệ."), _("Ghi “Nam” hoặc “Nữ”.")))


_LEVELS = keyed(
    {
        Level.CENTRAL: ["Trung ương", "central"],
        Level.CENTRAL_DIRECT: [
            "Tỉnh ủy",
            "Thành ủy",
            "Đảng bộ tỉnh",
            "Đảng bộ thành phố",
            "Đảng bộ trực thuộc TW",
            "Đảng bộ trực thuộc Trung ương",
            "Trực thuộc Trung ương",
            "central_direct",
        ],
        Level.INTERMEDIATE: [
            "Cấp trên cơ sở",
            "Đảng bộ cấp trên cơ sở",
            "Đảng ủy cấp trên cơ sở",
            "Huyện ủy",
            "Quận ủy",
            "Thị ủy",
            "Đảng bộ huyện",
            "intermediate",
        ],
        Level.GRASSROOTS: [
            "Đảng bộ cơ sở",
            "Chi bộ cơ sở",
            "Tổ chức cơ sở đảng",
            "Cơ sở",
            "TCCS",
            "grassroots",
        ],
        Level.CELL: ["Chi bộ", "Chi bộ trực thuộc", "Chi bộ trực thuộc đảng ủy cơ sở", "cell"],
        Level.GROUP: ["Tổ đảng", "group"],
    }
)


def parse_level(value: Any) -> str:
    return choose(
        _LEVELS,
        value,
        lambda: (
            _("Cấp “%(value)s” không hợp lệ."),
            _(
                "Ghi một trong: Đảng bộ trực thuộc TW (Tỉnh ủy), Cấp trên cơ sở, Đảng bộ cơ sở, "
                "Chi bộ cơ sở, Chi bộ, Tổ đảng."
            ),
        ),
    )


_STATUSES = keyed(
    {
        MemberStatus.PROBATIONARY: ["Dự bị", "Đảng viên dự bị", "probationary"],
        MemberStatus.FULL: ["Chính thức", "Đảng viên chính thức", "full"],
        MemberStatus.SUSPENDED: ["Đình chỉ sinh hoạt đảng", "Đình chỉ sinh hoạt", "Đình chỉ", "suspended"],
        MemberStatus.TRANSFERRED_OUT: [
            "Đã chuyển sinh hoạt đi",
            "Chuyển sinh hoạt đi",
            "Đã chuyển đi",
            "Chuyển đi",
            "transferred_out",
        ],
        MemberStatus.REMOVED: ["Đã ra khỏi Đảng", "Ra khỏi Đảng", "removed"],
        MemberStatus.DECEASED: ["Từ trần", "Đã từ trần", "Đã mất", "deceased"],
    }
)


def _file_words(choices: type[MemberStatus]) -> str:
    with translation.override(FILE_LANGUAGE):
        return ", ".join(str(choice.label) for choice in choices)


def parse_status(value: Any) -> str:
    return choose(
        _STATUSES,
        value,
        lambda: (
            _("Tình trạng “%(value)s” không hợp lệ."),
            _("Ghi một trong: %(choices)s; hoặc để trống.") % {"choices": _file_words(MemberStatus)},
        ),
    )


# The profile's cells: choices in words, CCCD and phone through the one place that checks them.
PROFILE_TEXT_FIELDS = ("hometown", "specialty", "occupation", "email")
_CHOICE_HINTS = {
    "ethnicity": lambda: _("Ghi tên dân tộc như trong danh mục 54 dân tộc, ví dụ Kinh, Tày, Mông."),
    "religion": lambda: _("Ghi một trong: %(choices)s.") % {"choices": _choice_words(Religion)},
    "education": lambda: _("Ghi trình độ giáo dục phổ thông dạng lớp/hệ, ví dụ 12/12 hoặc 10/10."),
    "political_theory": lambda: (
        _("Ghi một trong: %(choices)s.") % {"choices": _choice_words(PoliticalTheory)}
    ),
}


def _choice_words(choices: type[Religion] | type[PoliticalTheory]) -> str:
    with translation.override(FILE_LANGUAGE):
        return ", ".join(str(choice.label) for choice in choices)


def _digits_of_number_cell(value: Any, length: int) -> str:
    """A CCCD or phone typed into Excel as a number loses its leading 0; put it back."""
    raw = text(value)
    if (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and raw.isdigit()
        and len(raw) == length - 1
    ):
        return "0" + raw
    return raw


def parse_profile(field: str, value: Any) -> Any:
    """One profile cell as the register stores it; raises ``CellError`` with a hint."""
    if field in CHOICE_FIELDS:
        raw = text(value)
        if field == "education":
            raw = raw.replace(" ", "").removeprefix("Lớp").removeprefix("lớp")
            raw = f"{raw}/12" if raw.isdigit() else raw
        code = choice_from_text(field, raw)
        if code is None:
            raise CellError(
                _("“%(value)s” không có trong danh sách.") % {"value": text(value)}, _CHOICE_HINTS[field]()
            )
        return code
    if field == "id_number":
        try:
            return normalise_id_number(_digits_of_number_cell(value, 12))
        except ValueError as error:
            raise CellError(
                str(error), _("Số CCCD có 12 chữ số; nếu Excel bỏ số 0 đầu, hãy định dạng ô là văn bản.")
            ) from None
    if field == "phone":
        try:
            return normalise_phone(_digits_of_number_cell(value, 10))
        except ValueError as error:
            raise CellError(str(error), _("Ghi số di động 10 chữ số, ví dụ 0912345678.")) from None
    return text(value)
