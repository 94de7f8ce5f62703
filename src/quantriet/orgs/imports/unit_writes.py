"""Writing an accepted unit list through the audited services, parents before children."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.sheets.errors import ImportRejected, ImportSummary, RowError
from quantriet.orgs import services
from quantriet.orgs.imports.columns import UNIT_LAYOUT
from quantriet.orgs.imports.units import UnitRow
from quantriet.orgs.models import Unit


def apply_units(
    rows: list[UnitRow],
    scope: Unit,
    actor: Actor | None,
    *,
    skipped_empty: int = 0,
    source_name: str = "",
    today: dt.date | None = None,
) -> ImportSummary:
    """Write the rows (already in parent-first order) through the services, in one transaction."""
    today = today or timezone.localdate()
    summary = ImportSummary(skipped_empty=skipped_empty)
    labels = {"name": "name", "code": "code", "parent": "parent_code", "level": "level", "unit": "code"}
    reader_label = {c.field: c.label for c in UNIT_LAYOUT.columns}
    errors: list[RowError] = []
    with transaction.atomic():
        units = {
            u.code: u
            for u in Unit.objects.filter(
                code__in=[r.code for r in rows] + [r.parent_code for r in rows if r.parent_code]
            )
        }
        changed: set[str] = set()
        for row in rows:
            try:
                if _write_unit(row, units, actor, today, refresh=bool(changed)):
                    changed.add(row.code)
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    errors.append(
                        RowError(
                            row=row.row,
                            column=reader_label.get(labels.get(field_name, "code"), field_name),
                            message=" ".join(messages),
                        )
                    )
        for row in sorted(rows, key=lambda r: -r.depth):  # children close before their parents
            unit = units[row.code]
            if row.valid_to and unit.valid_to is None:
                try:
                    services.dissolve_unit(actor, unit, date=row.valid_to)
                    changed.add(row.code)
                except ValidationError as error:
                    errors.extend(
                        RowError(row=row.row, column=reader_label["valid_to"], message=" ".join(m))
                        for m in error.message_dict.values()
                    )
        if errors:
            raise ImportRejected(sorted(errors, key=lambda e: e.row or 0))
        summary.created = sum(1 for r in rows if r.existing is None)
        summary.updated = sum(1 for r in rows if r.existing is not None and r.code in changed)
        summary.unchanged = len(rows) - summary.created - summary.updated
        services.record_audit(
            actor,
            "unit.import",
            scope,
            unit=scope,
            summary=_(
                "Nhập danh sách tổ chức đảng từ tệp %(name)s: thêm %(created)d, cập nhật %(updated)d, giữ "
                "nguyên %(unchanged)d"
            )
            % {
                "name": source_name,
                "created": summary.created,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
            },
            changes={**summary.as_dict(), "file": source_name},
        )
    return summary


def _write_unit(
    row: UnitRow, units: dict[str, Unit], actor: Actor | None, today: dt.date, *, refresh: bool
) -> bool:
    parent = units.get(row.parent_code) if row.parent_code else None
    unit = units.get(row.code)
    if refresh:
        # An earlier move may have shifted the depth of units we hold in memory (the service updates
        # a moved subtree in bulk); the services compute depths from these objects.
        for held in (parent, unit):
            if held is not None and held.pk is not None:
                held.refresh_from_db(fields=["depth", "parent", "valid_to"])
    if unit is None:
        units[row.code] = services.create_unit(
            actor,
            name=row.name,
            code=row.code,
            level=row.level,
            parent=parent,
            valid_from=row.valid_from,
            locality=row.locality,
            note=_("Nhập từ tệp"),
        )
        return True
    changed = False
    if row.name != unit.name:
        services.rename_unit(actor, unit, row.name, date=today, note=_("Cập nhật từ tệp nhập"))
        changed = True
    if parent is not None and parent.pk != unit.parent_id:
        services.move_unit(actor, unit, parent, date=today, note=_("Cập nhật từ tệp nhập"))
        changed = True
    if row.valid_from is not None and row.valid_from != unit.valid_from:
        services.update_unit(actor, unit, valid_from=row.valid_from)
        changed = True
    if row.locality and row.locality != unit.locality:
        services.update_unit(actor, unit, locality=row.locality)
        changed = True
    return changed
