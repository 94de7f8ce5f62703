"""What the unit and member importers share: the scope's units, by code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from quantriet.orgs.access import subtree_ids
from quantriet.orgs.models import Unit


@dataclass(frozen=True)
class ScopeUnit:
    id: int
    code: str
    name: str
    level: str
    parent_id: int | None
    valid_from: Any
    valid_to: Any


def scope_units(scope: Unit) -> dict[str, ScopeUnit]:
    """Every unit under (and including) ``scope``, by code, in one query."""
    rows = Unit.objects.filter(id__in=subtree_ids([scope.pk])).values_list(
        "id", "code", "name", "level", "parent_id", "valid_from", "valid_to"
    )
    return {row[1]: ScopeUnit(*row) for row in rows}
