"""Writes to the organisation tree: create, edit, rename, move, merge, split, dissolve.

Units are never deleted: a merged, split or dissolved unit is closed (``valid_to``) and stays in the
history, with the placements of the members who were in it, so past years read as they were.
The closure table (``UnitLink``) is kept in step here and only here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.core.actors import Actor
from quantriet.orgs.models import Member, Placement, Unit, UnitEvent, UnitEventKind, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.models.units import Level, level_may_contain
from quantriet.orgs.services.audit import diff, record_audit
from quantriet.text import clean_name

_BATCH = 2000


@dataclass(frozen=True)
class NewPart:
    """One unit to create when a unit is split."""

    name: str
    code: str
    level: str | None = None


def _clean_code(code: str) -> str:
    return clean_name(code).replace(" ", "")


def _check_parent(level: str, parent: Unit | None, field: str = "parent") -> None:
    if parent is None:
        if level != Level.CENTRAL and level != Level.CENTRAL_DIRECT:
            raise ValidationError(
                {
                    field: _(
                        "Chỉ Trung ương hoặc đảng bộ trực thuộc Trung ương mới được để trống đơn vị cấp trên."
                    )
                }
            )
        return
    if parent.valid_to is not None:
        raise ValidationError(
            {
                field: _(
                    "Đơn vị cấp trên “%(name)s” đã giải thể hoặc sáp nhập; hãy chọn đơn vị đang hoạt động."
                )
                % {"name": parent.name}
            }
        )
    if not level_may_contain(parent.level, level):
        raise ValidationError(
            {
                field: _("Một đơn vị cấp “%(child)s” không thể trực thuộc đơn vị cấp “%(parent)s”.")
                % {"child": Level(level).label, "parent": Level(parent.level).label}
            }
        )


def _check_code_free(code: str, exclude_pk: int | None = None) -> None:
    if not code:
        raise ValidationError({"code": _("Hãy nhập mã đơn vị.")})
    clash = Unit.objects.filter(code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("Mã đơn vị “%(code)s” đã được dùng; mỗi đơn vị cần một mã riêng.") % {"code": code}}
        )


def _insert_links(unit: Unit, parent: Unit | None) -> None:
    links = [UnitLink(ancestor=unit, descendant=unit, distance=0)]
    if parent is not None:
        for ancestor_id, distance in UnitLink.objects.filter(descendant=parent).values_list(
            "ancestor_id", "distance"
        ):
            links.append(UnitLink(ancestor_id=ancestor_id, descendant=unit, distance=distance + 1))
    UnitLink.objects.bulk_create(links)


@transaction.atomic
def create_unit(
    actor: Actor | None,
    *,
    name: str,
    code: str,
    level: str,
    parent: Unit | None,
    valid_from: dt.date | None = None,
    locality: str = "",
    note: str = "",
) -> Unit:
    name, code = clean_name(name), _clean_code(code)
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên đơn vị.")})
    if level not in Level.values:
        raise ValidationError({"level": _("Cấp đơn vị không hợp lệ.")})
    _check_parent(level, parent)
    _check_code_free(code)
    unit = Unit.objects.create(
        name=name,
        code=code,
        level=level,
        parent=parent,
        valid_from=valid_from,
        locality=clean_name(locality)[:100],
        depth=(parent.depth + 1) if parent else 0,
    )
    _insert_links(unit, parent)
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.CREATED,
        date=valid_from or dt.date.today(),
        actor=_user(actor),
        note=note,
    )
    record_audit(
        actor,
        "unit.create",
        unit,
        unit=unit,
        summary=_("Thành lập %(name)s") % {"name": name},
        changes={"name": name, "code": code, "level": level, "parent": parent.pk if parent else None},
    )
    return unit


def _user(actor: Actor | None) -> Any:
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def update_unit(
    actor: Actor | None,
    unit: Unit,
    *,
    code: str | None = None,
    valid_from: dt.date | None = None,
    locality: str | None = None,
) -> Unit:
    """Correct a unit's code, founding date or locality (the place on its papers); renames and moves have
    their own, dated, operations."""
    values: dict[str, Any] = {}
    if locality is not None:
        values["locality"] = clean_name(locality)[:100]
    if code is not None:
        code = _clean_code(code)
        _check_code_free(code, exclude_pk=unit.pk)
        values["code"] = code
    if valid_from is not None:
        values["valid_from"] = valid_from
    changes = diff(unit, values)
    if not changes:
        return unit
    for field, value in values.items():
        setattr(unit, field, value)
    unit.save(update_fields=[*values, "updated_at"])
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.EDITED,
        date=dt.date.today(),
        actor=_user(actor),
        data={"changes": changes},
    )
    record_audit(
        actor,
        "unit.update",
        unit,
        unit=unit,
        summary=_("Sửa thông tin %(name)s") % {"name": unit.name},
        changes=changes,
    )
    return unit


@transaction.atomic
def rename_unit(actor: Actor | None, unit: Unit, new_name: str, *, date: dt.date, note: str = "") -> Unit:
    new_name = clean_name(new_name)
    if not new_name:
        raise ValidationError({"name": _("Hãy nhập tên mới.")})
    if new_name == unit.name:
        return unit
    old_name = unit.name
    unit.name = new_name
    unit.save(update_fields=["name", "updated_at"])
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.RENAMED,
        date=date,
        actor=_user(actor),
        note=note,
        data={"old_name": old_name, "new_name": new_name},
    )
    record_audit(
        actor,
        "unit.rename",
        unit,
        unit=unit,
        summary=_("Đổi tên %(old)s thành %(new)s") % {"old": old_name, "new": new_name},
        changes={"name": [old_name, new_name], "date": date},
    )
    return unit


def _subtree(unit: Unit) -> Any:
    return UnitLink.objects.filter(ancestor=unit).values("descendant_id")


def _relink(unit: Unit, new_parent: Unit) -> None:
    """Re-hang ``unit``'s subtree under ``new_parent`` in the closure table."""
    UnitLink.objects.filter(descendant_id__in=_subtree(unit)).exclude(ancestor_id__in=_subtree(unit)).delete()
    new_ancestors = list(
        UnitLink.objects.filter(descendant=new_parent).values_list("ancestor_id", "distance")
    )
    below = (
        UnitLink.objects.filter(ancestor=unit)
        .values_list("descendant_id", "distance")
        .iterator(chunk_size=_BATCH)
    )
    batch: list[UnitLink] = []
    for descendant_id, down in below:
        batch.extend(
            UnitLink(ancestor_id=ancestor_id, descendant_id=descendant_id, distance=up + 1 + down)
            for ancestor_id, up in new_ancestors
        )
        if len(batch) >= _BATCH:
            UnitLink.objects.bulk_create(batch)
            batch = []
    UnitLink.objects.bulk_create(batch)


@transaction.atomic
def move_unit(actor: Actor | None, unit: Unit, new_parent: Unit, *, date: dt.date, note: str = "") -> Unit:
    if new_parent.pk == unit.parent_id:
        return unit
    if UnitLink.objects.filter(ancestor=unit, descendant=new_parent).exists():
        raise ValidationError(
            {
                "parent": _(
                    "Không thể chuyển “%(unit)s” vào chính nó hoặc vào một đơn vị trực thuộc nó "
                    "(vòng lặp trong cây tổ chức)."
                )
                % {"unit": unit.name}
            }
        )
    _check_parent(unit.level, new_parent)
    old_parent = unit.parent
    _relink(unit, new_parent)
    delta = new_parent.depth + 1 - unit.depth
    if delta:
        Unit.objects.filter(id__in=_subtree(unit)).update(depth=F("depth") + delta)
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    unit.refresh_from_db()
    event = UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.MOVED,
        date=date,
        actor=_user(actor),
        note=note,
        data={
            "old_parent": old_parent.pk if old_parent else None,
            "old_parent_name": old_parent.name if old_parent else None,
            "new_parent": new_parent.pk,
        },
    )
    event.related.add(new_parent)
    record_audit(
        actor,
        "unit.move",
        unit,
        unit=unit,
        summary=_("Chuyển %(unit)s sang trực thuộc %(parent)s")
        % {"unit": unit.name, "parent": new_parent.name},
        changes={"parent": [old_parent.pk if old_parent else None, new_parent.pk], "date": date},
    )
    return unit


def _reassign_members(members: Sequence[Member] | Any, target: Unit, *, date: dt.date, reason: str) -> int:
    """Move members to ``target`` from ``date`` on, closing their current placement (history stays)."""
    ids = (
        list(members.values_list("pk", flat=True))
        if hasattr(members, "values_list")
        else [m.pk for m in members]
    )
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        Placement.objects.filter(member_id__in=chunk, end__isnull=True).update(end=date)
        Placement.objects.bulk_create(
            Placement(member_id=pk, unit=target, start=date, reason=reason) for pk in chunk
        )
        Member.objects.filter(pk__in=chunk).update(unit=target)
    return len(ids)


def _close(unit: Unit, date: dt.date) -> None:
    unit.valid_to = date
    unit.save(update_fields=["valid_to", "updated_at"])


@transaction.atomic
def merge_units(
    actor: Actor | None, sources: Sequence[Unit], target: Unit, *, date: dt.date, note: str = ""
) -> Unit:
    """Merge ``sources`` into ``target``: their sub-units and members move over; they close on ``date``."""
    if not sources:
        raise ValidationError({"sources": _("Hãy chọn ít nhất một đơn vị để sáp nhập.")})
    if target.valid_to is not None:
        raise ValidationError(
            {"target": _("Đơn vị nhận sáp nhập đã giải thể; hãy chọn đơn vị đang hoạt động.")}
        )
    for source in sources:
        if source.pk == target.pk:
            raise ValidationError({"sources": _("Không thể sáp nhập một đơn vị vào chính nó.")})
        if source.valid_to is not None:
            raise ValidationError(
                {"sources": _("“%(name)s” đã giải thể hoặc sáp nhập trước đó.") % {"name": source.name}}
            )
        if UnitLink.objects.filter(ancestor=source, descendant=target).exists():
            raise ValidationError(
                {
                    "target": _("Không thể sáp nhập “%(source)s” vào đơn vị trực thuộc nó.")
                    % {"source": source.name}
                }
            )
    moved_members = 0
    for source in sources:
        for child in source.children.filter(valid_to__isnull=True):
            move_unit(
                actor, child, target, date=date, note=_("Theo sáp nhập %(name)s") % {"name": source.name}
            )
        moved_members += _reassign_members(
            Member.objects.filter(unit=source),
            target,
            date=date,
            reason=_("Sáp nhập %(name)s") % {"name": source.name},
        )
        _close(source, date)
        event = UnitEvent.objects.create(
            unit=source,
            kind=UnitEventKind.MERGED,
            date=date,
            actor=_user(actor),
            note=note,
            data={"into": target.pk, "into_name": target.name},
        )
        event.related.add(target)
    event = UnitEvent.objects.create(
        unit=target,
        kind=UnitEventKind.MERGED,
        date=date,
        actor=_user(actor),
        note=note,
        data={"from": [s.pk for s in sources], "from_names": [s.name for s in sources]},
    )
    event.related.add(*sources)
    record_audit(
        actor,
        "unit.merge",
        target,
        unit=target,
        summary=_("Sáp nhập %(sources)s vào %(target)s")
        % {"sources": ", ".join(s.name for s in sources), "target": target.name},
        changes={"sources": [s.pk for s in sources], "members_moved": moved_members, "date": date},
    )
    return target


@transaction.atomic
def split_unit(
    actor: Actor | None,
    source: Unit,
    parts: Sequence[NewPart],
    *,
    member_targets: Mapping[int, int],
    child_targets: Mapping[int, int] | None = None,
    date: dt.date,
    note: str = "",
) -> list[Unit]:
    """Split ``source`` into new units under the same parent; every member and sub-unit must be assigned.

    ``member_targets`` and ``child_targets`` map a member or sub-unit id to an index into ``parts``.
    """
    child_targets = child_targets or {}
    if source.valid_to is not None:
        raise ValidationError({"source": _("Đơn vị này đã giải thể hoặc sáp nhập.")})
    if len(parts) < 2:
        raise ValidationError({"parts": _("Chia tách cần ít nhất hai đơn vị mới.")})
    members = list(
        Member.objects.filter(unit=source, status__in=ON_ROLL_STATUSES).values_list("pk", flat=True)
    )
    children = list(source.children.filter(valid_to__isnull=True).values_list("pk", flat=True))
    missing = [pk for pk in members if pk not in member_targets] + [
        pk for pk in children if pk not in child_targets
    ]
    if missing:
        raise ValidationError(
            {
                "assignments": ngettext(
                    "Còn %(n)d đảng viên hoặc đơn vị trực thuộc chưa được phân về đơn vị mới.",
                    "Còn %(n)d đảng viên hoặc đơn vị trực thuộc chưa được phân về đơn vị mới.",
                    len(missing),
                )
                % {"n": len(missing)}
            }
        )
    if any(not 0 <= i < len(parts) for i in [*member_targets.values(), *child_targets.values()]):
        raise ValidationError({"assignments": _("Có đảng viên được phân về một đơn vị mới không tồn tại.")})
    codes = [_clean_code(p.code) for p in parts]
    if len(set(codes)) != len(codes):
        raise ValidationError({"parts": _("Các đơn vị mới phải có mã khác nhau.")})
    new_units = [
        create_unit(
            actor,
            name=p.name,
            code=p.code,
            level=p.level or source.level,
            parent=source.parent,
            valid_from=date,
            note=_("Chia tách từ %(name)s") % {"name": source.name},
        )
        for p in parts
    ]
    for child_id, index in child_targets.items():
        move_unit(actor, Unit.objects.get(pk=child_id), new_units[index], date=date)
    for index, unit in enumerate(new_units):
        chosen = [pk for pk, i in member_targets.items() if i == index and pk in members]
        _reassign_members(
            Member.objects.filter(pk__in=chosen),
            unit,
            date=date,
            reason=_("Chia tách %(name)s") % {"name": source.name},
        )
    _close(source, date)
    event = UnitEvent.objects.create(
        unit=source,
        kind=UnitEventKind.SPLIT,
        date=date,
        actor=_user(actor),
        note=note,
        data={"into": [u.pk for u in new_units], "into_names": [u.name for u in new_units]},
    )
    event.related.add(*new_units)
    record_audit(
        actor,
        "unit.split",
        source,
        unit=source,
        summary=_("Chia tách %(name)s thành %(parts)s")
        % {"name": source.name, "parts": ", ".join(u.name for u in new_units)},
        changes={"into": [u.pk for u in new_units], "date": date},
    )
    return new_units


@transaction.atomic
def dissolve_unit(actor: Actor | None, unit: Unit, *, date: dt.date, note: str = "") -> Unit:
    if unit.valid_to is not None:
        raise ValidationError({"unit": _("Đơn vị này đã giải thể hoặc sáp nhập.")})
    if unit.children.filter(valid_to__isnull=True).exists():
        raise ValidationError(
            {"unit": _("Đơn vị còn đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể chúng trước.")}
        )
    if Member.objects.filter(unit=unit, status__in=ON_ROLL_STATUSES).exists():
        raise ValidationError(
            {"unit": _("Đơn vị còn đảng viên sinh hoạt; hãy chuyển sinh hoạt cho họ trước.")}
        )
    _close(unit, date)
    UnitEvent.objects.create(
        unit=unit, kind=UnitEventKind.DISSOLVED, date=date, actor=_user(actor), note=note
    )
    record_audit(
        actor,
        "unit.dissolve",
        unit,
        unit=unit,
        summary=_("Giải thể %(name)s") % {"name": unit.name},
        changes={"date": date},
    )
    return unit
