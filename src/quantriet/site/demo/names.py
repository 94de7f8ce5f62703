"""Word lists for inventing demo people and places.

Vietnamese family, middle and given names are common words shared by millions of people; combined at
random (with a fixed seed) they make names of nobody in particular. Place names are built the same way
from common words, so the demo province and its communes are invented too.
"""

from __future__ import annotations

import random

# Family names weighted roughly as they occur, so searches such as "nguyen van" find plenty.
FAMILY_NAMES: tuple[tuple[str, int], ...] = (
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Lương", 1),
    ("Trịnh", 1),
    ("Đào", 1),
)
MALE_MIDDLE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Thanh", "Công", "Đình", "Ngọc")
FEMALE_MIDDLE = ("Thị", "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Kim", "Minh")
MALE_GIVEN = (
    "An",
    "Bảo",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Định",
    "Đông",
    "Giang",
    "Hải",
    "Hiếu",
    "Hòa",
    "Hoàng",
    "Hùng",
    "Huy",
    "Khánh",
    "Khoa",
    "Kiên",
    "Lâm",
    "Long",
    "Lợi",
    "Mạnh",
    "Minh",
    "Nam",
    "Nghĩa",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thịnh",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
)
FEMALE_GIVEN = (
    "Anh",
    "Châu",
    "Chi",
    "Diệp",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Tâm",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Xuân",
    "Yến",
)

# Two-syllable place names: a common first word and a common second word.
PLACE_FIRST = (
    "An",
    "Bình",
    "Tân",
    "Phú",
    "Hòa",
    "Thạnh",
    "Long",
    "Vĩnh",
    "Hưng",
    "Thuận",
    "Phước",
    "Quang",
    "Minh",
    "Hải",
    "Sơn",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thanh",
    "Xuân",
    "Kim",
    "Hồng",
)
PLACE_SECOND = (
    "Hòa",
    "Lộc",
    "Phú",
    "Thịnh",
    "Hưng",
    "Thành",
    "Lợi",
    "Khánh",
    "Đức",
    "Mỹ",
    "Tiến",
    "Phong",
    "Lâm",
    "Điền",
    "Giang",
    "Hải",
    "Sơn",
    "Bình",
    "An",
    "Trạch",
    "Xuyên",
    "Yên",
    "Định",
    "Châu",
)
VILLAGE_WORDS = (
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Thượng",
    "Hạ",
    "Trung",
    "Tiền",
    "Hậu",
    "Đình",
    "Chợ",
    "Bến",
    "Gò",
    "Bàu",
    "Đồng",
    "Cầu",
    "Rừng",
    "Bãi",
)
# Grassroots cells outside villages: schools, clinics, the commune police and the like.
INSTITUTION_CELLS = (
    "Chi bộ Trường Tiểu học",
    "Chi bộ Trường Trung học cơ sở",
    "Chi bộ Trạm Y tế",
    "Chi bộ Công an xã",
    "Chi bộ Quân sự",
    "Chi bộ Hợp tác xã nông nghiệp",
)
# Chi bộ cơ sở under the province's agency committees.
AGENCY_CELLS = (
    "Sở Nông nghiệp và Môi trường",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Nội vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Báo Sông Lam",
    "Trường Chính trị tỉnh",
    "Ủy ban Mặt trận Tổ quốc tỉnh",
    "Hội Nông dân tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
)


def weighted_family(rng: random.Random) -> str:
    names, weights = zip(*FAMILY_NAMES, strict=True)
    family: str = rng.choices(names, weights=weights)[0]
    return family


def invent_person(rng: random.Random, sex: str) -> str:
    """A full name in Vietnamese order: family, middle, given."""
    if sex == "female":
        return f"{weighted_family(rng)} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
    return f"{weighted_family(rng)} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"


def invent_places(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """``count`` distinct two-word place names, none of them in ``taken``."""
    taken = set(taken or ())
    pairs = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(pairs)
    chosen = [p for p in pairs if p not in taken][:count]
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} place names available, {count} asked")
    return chosen
