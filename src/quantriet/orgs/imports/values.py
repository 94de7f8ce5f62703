"""Reading the units' and members' own cells: Nam/Nữ, levels and statuses in their Vietnamese names."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from quantriet.core.sheets.values import FILE_LANGUAGE, choose, keyed
from quantriet.orgs.models import MemberStatus, Sex
from quantriet.orgs.models.units import Level

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
