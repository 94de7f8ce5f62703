"""The party organisation tree.

Subtree queries ("everything under this province") are the most frequent read in the platform, so
the tree is stored twice: ``Unit.parent`` for editing and ``UnitLink`` — a closure table with one row
per (ancestor, descendant) pair — for reading. A subtree is then one indexed lookup on integer
columns, fast on SQLite and PostgreSQL alike at 10^5 units, and independent of collation (unlike a
materialised path compared with LIKE). The table is maintained only by ``orgs.services.units``.

History is kept, not overwritten: units are closed (``valid_to``) rather than deleted, and every
rename, move, merge and split is a ``UnitEvent``, so a past year's name can be told.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quantriet.text import fold, sort_key


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    CENTRAL_DIRECT = "central_direct", _("Đảng bộ trực thuộc Trung ương")
    INTERMEDIATE = "intermediate", _("Cấp trên cơ sở")
    GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")
    CELL = "cell", _("Chi bộ")
    GROUP = "group", _("Tổ đảng")


# Depth order of levels; a child must sit strictly lower, except that intermediate and grassroots
# levels may nest in themselves (a bloc committee inside a provincial one; a đảng bộ bộ phận).
LEVEL_RANK = {
    Level.CENTRAL: 0,
    Level.CENTRAL_DIRECT: 1,
    Level.INTERMEDIATE: 2,
    Level.GRASSROOTS: 3,
    Level.CELL: 4,
    Level.GROUP: 5,
}
SELF_NESTING_LEVELS = {Level.INTERMEDIATE, Level.GRASSROOTS}


def level_may_contain(parent: str, child: str) -> bool:
    parent_rank, child_rank = LEVEL_RANK[Level(parent)], LEVEL_RANK[Level(child)]
    return child_rank > parent_rank or (child_rank == parent_rank and parent in SELF_NESTING_LEVELS)


class Unit(models.Model):
    name = models.CharField(_("tên"), max_length=255)
    code = models.CharField(_("mã"), max_length=64, unique=True)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("ngày thành lập"), null=True, blank=True)
    valid_to = models.DateField(_("ngày giải thể / sáp nhập"), null=True, blank=True)
    # The place written before the date on the unit's papers ("Sông Lam, ngày 05 tháng 12 năm 2026"):
    # the locality of the issuing body; blank means its nearest ancestor's (orgs.papers.paper_place).
    locality = models.CharField(_("địa danh"), max_length=100, blank=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    name_sort = models.CharField(max_length=600, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tổ chức đảng")
        verbose_name_plural = pgettext_lazy("plural", "tổ chức đảng")
        ordering = ["name_sort", "id"]
        indexes = [models.Index(fields=["parent", "name_sort"]), models.Index(fields=["level"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_folded", "name_sort"}
        super().save(*args, **kwargs)

    def refresh_derived_fields(self) -> None:
        self.name_folded = fold(self.name)
        self.name_sort = sort_key(self.name)[:600]

    def is_active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @property
    def is_active(self) -> bool:
        return self.valid_to is None or self.valid_to > dt.date.today()

    def name_on(self, day: dt.date) -> str:
        """The unit's name as it was on ``day`` (names change with the 2025 restructuring)."""
        later_rename = (
            self.events.filter(kind=UnitEventKind.RENAMED, date__gt=day).order_by("date", "id").first()
        )
        if later_rename is None:
            return self.name
        return str(later_rename.data.get("old_name", self.name))


class UnitLink(models.Model):
    """Closure table: one row per (ancestor, descendant), including each unit with itself at distance 0."""

    ancestor = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="descendant_links")
    descendant = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ancestor_links")
    distance = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ancestor", "descendant"], name="unitlink_unique_pair")
        ]
        indexes = [models.Index(fields=["descendant", "ancestor"])]

    def __str__(self) -> str:
        return f"{self.ancestor_id} > {self.descendant_id} ({self.distance})"


class UnitEventKind(models.TextChoices):
    CREATED = "created", _("thành lập")
    RENAMED = "renamed", _("đổi tên")
    MOVED = "moved", _("chuyển trực thuộc")
    MERGED = "merged", _("hợp nhất / sáp nhập")
    SPLIT = "split", _("chia tách")
    DISSOLVED = "dissolved", _("giải thể")
    EDITED = "edited", _("sửa thông tin")


class UnitEvent(models.Model):
    """One change in the life of a unit, with what it was before (``data``) so history can be read back."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=UnitEventKind.choices)
    date = models.DateField()
    related = models.ManyToManyField(Unit, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    note = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey("auth.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("sự kiện của tổ chức")
        verbose_name_plural = _("lịch sử tổ chức")

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_kind_display()} {self.date:%d/%m/%Y}"
