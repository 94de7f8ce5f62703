"""Bulk loading of units and members for the demo province and the benchmarks.

``orgs.services`` writes one unit or member at a time, with validation and an audit entry each — right
for people, far too slow for 100,000 generated rows. These helpers insert many rows at once while
keeping the invariants the services keep: every unit has its derived name fields, its depth, a
``created`` event and a closure link to itself and to each ancestor; every member has derived name
fields and one open placement in their unit. Callers pass values that are valid by construction.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from quantriet.orgs.models import Member, Placement, Unit, UnitEvent, UnitEventKind, UnitLink
from quantriet.text import fold, person_sort_key

BATCH = 2000


@dataclass
class UnitSpec:
    """A unit to insert; ``parent`` is an existing unit or another spec earlier in the same call."""

    name: str
    code: str
    level: str
    parent: Unit | UnitSpec | None
    valid_from: dt.date | None = None
    unit: Unit | None = field(default=None, repr=False)  # set once inserted
    locality: str = ""  # the place on the unit's papers ("Sông Lam"); blank: its ancestor's


@dataclass(frozen=True)
class MemberSpec:
    full_name: str
    date_of_birth: dt.date
    sex: str
    admission_date: dt.date
    full_membership_date: dt.date | None
    card_number: str | None
    unit: Unit
    status: str
    profile: dict[str, Any] = field(default_factory=dict)  # the party member profile (orgs.profile)


def _generation(spec: UnitSpec, cache: dict[int, int]) -> int:
    key = id(spec)
    if key not in cache:
        parent = spec.parent
        cache[key] = _generation(parent, cache) + 1 if isinstance(parent, UnitSpec) else 0
    return cache[key]


def _parent_unit(spec: UnitSpec) -> Unit | None:
    parent = spec.parent
    if isinstance(parent, UnitSpec):
        if parent.unit is None:
            raise ValueError(f"parent of {spec.code} was not inserted before it")
        return parent.unit
    return parent


@transaction.atomic
def bulk_create_units(specs: Sequence[UnitSpec], *, batch_size: int = BATCH) -> list[Unit]:
    """Insert ``specs`` generation by generation (parents get ids before their children are built)."""
    generations: dict[int, list[UnitSpec]] = defaultdict(list)
    cache: dict[int, int] = {}
    for spec in specs:
        generations[_generation(spec, cache)].append(spec)
    # (ancestor id, distance) chains, self included, for every unit a child may hang under.
    chains: dict[int, list[tuple[int, int]]] = {}
    existing_parents = {s.parent.pk for s in specs if isinstance(s.parent, Unit)}
    for ancestor_id, descendant_id, distance in UnitLink.objects.filter(
        descendant_id__in=existing_parents
    ).values_list("ancestor_id", "descendant_id", "distance"):
        chains.setdefault(descendant_id, []).append((ancestor_id, distance))
    today = timezone.localdate()
    for generation in sorted(generations):
        batch = generations[generation]
        rows: list[Unit] = []
        for spec in batch:
            parent = _parent_unit(spec)
            unit = Unit(
                name=spec.name,
                code=spec.code,
                level=spec.level,
                parent=parent,
                valid_from=spec.valid_from,
                locality=spec.locality,
                depth=parent.depth + 1 if parent is not None else 0,
            )
            unit.refresh_derived_fields()
            rows.append(unit)
        Unit.objects.bulk_create(rows, batch_size=batch_size)
        links: list[UnitLink] = []
        for spec, unit in zip(batch, rows, strict=True):
            spec.unit = unit
            above = chains.get(unit.parent_id, []) if unit.parent_id is not None else []
            chain = [(unit.pk, 0), *((ancestor_id, distance + 1) for ancestor_id, distance in above)]
            chains[unit.pk] = chain
            links.extend(UnitLink(ancestor_id=a, descendant_id=unit.pk, distance=d) for a, d in chain)
        UnitLink.objects.bulk_create(links, batch_size=batch_size)
        UnitEvent.objects.bulk_create(
            [UnitEvent(unit=u, kind=UnitEventKind.CREATED, date=u.valid_from or today) for u in rows],
            batch_size=batch_size,
        )
    return [spec.unit for spec in specs if spec.unit is not None]


@transaction.atomic
def bulk_create_members(
    specs: Iterable[MemberSpec], *, reason: str = "Đăng ký", batch_size: int = BATCH
) -> list[Member]:
    """Insert members and their opening placement (from the admission date, as ``create_member`` does)."""
    members = [
        Member(
            full_name=s.full_name,
            date_of_birth=s.date_of_birth,
            sex=s.sex,
            admission_date=s.admission_date,
            full_membership_date=s.full_membership_date,
            card_number=s.card_number,
            unit=s.unit,
            status=s.status,
            name_folded=fold(s.full_name),
            name_sort=person_sort_key(s.full_name)[:300],
            **s.profile,
        )
        for s in specs
    ]
    Member.objects.bulk_create(members, batch_size=batch_size)
    Placement.objects.bulk_create(
        [Placement(member=m, unit_id=m.unit_id, start=m.admission_date, reason=reason) for m in members],
        batch_size=batch_size,
    )
    return members
