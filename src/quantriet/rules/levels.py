"""The words the rating rules speak: levels, criterion grades, discipline kinds.

Each is a string enum ordered by the rank it carries, so a level can be compared (``Level.GOOD <
Level.EXCELLENT``) and stored as its value ("htxs", "htt", …).
"""

from __future__ import annotations

import enum

__all__ = ["DisciplineKind", "Grade", "Level"]


_RANKS: dict[object, int] = {}


class _Ranked(enum.StrEnum):
    """A string enum whose members compare by their position in the class (first = lowest)."""

    @property
    def rank(self) -> int:
        """0 for the lowest member, counting up."""
        rank = _RANKS.get(self)
        if rank is None:
            _RANKS.update((member, i) for i, member in enumerate(type(self)))
            rank = _RANKS[self]
        return rank

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ranked)
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ranked)
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ranked)
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Ranked)
        return self.rank >= other.rank


class Level(_Ranked):
    """A rating level, the same four in every rule set, lowest first.

    >>> Level.GOOD < Level.EXCELLENT, Level.NOT_DONE.short
    (True, 'KHT')
    """

    NOT_DONE = "kht"
    DONE = "ht"
    GOOD = "htt"
    EXCELLENT = "htxs"

    @property
    def short(self) -> str:
        """The abbreviation used in the texts and on forms: "HTXS", "HTT", "HT", "KHT"."""
        return self.value.upper()

    @property
    def label_vi(self) -> str:
        """The level's full Vietnamese name."""
        return _LEVEL_LABELS[self]


_LEVEL_LABELS = {
    Level.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
    Level.GOOD: "Hoàn thành tốt nhiệm vụ",
    Level.DONE: "Hoàn thành nhiệm vụ",
    Level.NOT_DONE: "Không hoàn thành nhiệm vụ",
}


class Grade(_Ranked):
    """The grade one criterion receives (hd21, qd124), lowest first: Kém, Trung bình, Tốt, Xuất sắc."""

    POOR = "kem"
    AVERAGE = "trung_binh"
    GOOD = "tot"
    EXCELLENT = "xuat_sac"

    @property
    def label_vi(self) -> str:
        """The grade's Vietnamese name."""
        return {"kem": "Kém", "trung_binh": "Trung bình", "tot": "Tốt", "xuat_sac": "Xuất sắc"}[self.value]


class DisciplineKind(_Ranked):
    """Party discipline for a member, lightest first (khiển trách … khai trừ).

    Organisations are disciplined with khiển trách, cảnh cáo or giải tán; ``REMOVAL`` stands for the
    dissolution of an organisation as well as the removal of a member from a post, both the third step.
    """

    REPRIMAND = "khien_trach"
    WARNING = "canh_cao"
    REMOVAL = "cach_chuc"
    EXPULSION = "khai_tru"

    @property
    def label_vi(self) -> str:
        """The discipline's Vietnamese name."""
        return {
            "khien_trach": "khiển trách",
            "canh_cao": "cảnh cáo",
            "cach_chuc": "cách chức",
            "khai_tru": "khai trừ",
        }[self.value]
