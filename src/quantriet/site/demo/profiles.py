"""Invented party member profiles for the demo: home towns, ethnic groups, schooling, CCCD and phone.

Every value is made up. CCCD numbers start with 099, a province code no real province has (they run
to 096), so they look like CCCD numbers and pass the register's check without being anyone's; the
card number in them keeps them unique. Each
member's profile comes from its own generator, seeded by the card number, so adding it leaves the
rest of the demo (names, units, dates) exactly as before.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from quantriet.orgs.profile import Education, PoliticalTheory, Religion

_HOMETOWNS = (
    "Xã An Hòa, tỉnh Sông Lam",
    "Xã Bình Minh, tỉnh Sông Lam",
    "Phường Bến Đò, tỉnh Sông Lam",
    "Xã Tân Lộc, tỉnh Sông Lam",
    "Xã Hòa Tiến, tỉnh Sông Lam",
    "Xã Phú Xuân, tỉnh Núi Hồng",
)
# Mostly Kinh, with the groups of the province's hill communes (codes of the official list).
_ETHNICITIES = (("01", 80), ("03", 7), ("06", 6), ("08", 4), ("05", 1), ("07", 2))
_RELIGIONS = ((Religion.NONE, 82), (Religion.BUDDHISM, 10), (Religion.CATHOLIC, 6), (Religion.PROTESTANT, 2))
_SPECIALTIES = (
    "Cử nhân Luật",
    "Kỹ sư nông nghiệp",
    "Cử nhân Kinh tế",
    "Cao đẳng Sư phạm",
    "Trung cấp Y",
    "Kỹ sư xây dựng",
    "",
)
_OCCUPATIONS = ("Cán bộ, công chức", "Viên chức", "Nông dân", "Công nhân", "Hưu trí", "Lao động tự do")
_THEORY = (
    (PoliticalTheory.ELEMENTARY, 55),
    (PoliticalTheory.INTERMEDIATE, 25),
    (PoliticalTheory.ADVANCED, 5),
    (PoliticalTheory.NONE, 15),
)
_MOBILE_PREFIXES = ("091", "094", "098", "097", "086", "035", "070", "083")


def _weighted(rng: random.Random, pairs: tuple[tuple[Any, int], ...]) -> Any:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def invent_profile(card_number: str, sex: str, birth: dt.date) -> dict[str, Any]:
    """A profile for the demo member with ``card_number`` (the same card, the same profile)."""
    rng = random.Random(f"profile-{card_number}")
    century_digit = (0 if birth.year < 2000 else 2) + (1 if sex == "female" else 0)
    # 099, the sex and century digit, then the 8-digit card number: unique as the cards are.
    id_number = f"099{century_digit}{int(card_number) % 100_000_000:08d}"
    phone = f"{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10_000_000):07d}"
    return {
        "hometown": rng.choice(_HOMETOWNS),
        "ethnicity": _weighted(rng, _ETHNICITIES),
        "religion": str(_weighted(rng, _RELIGIONS)),
        "education": str(Education.G12 if rng.random() < 0.85 else Education.OLD10),
        "specialty": rng.choice(_SPECIALTIES),
        "political_theory": str(_weighted(rng, _THEORY)),
        "occupation": rng.choice(_OCCUPATIONS),
        "id_number": id_number,
        "phone": phone if rng.random() < 0.9 else "",
    }
