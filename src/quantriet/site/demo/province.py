"""The invented province of the demo: its tree, its members and its 2025 restructuring.

    Ban Chấp hành Trung ương (TW)
    └── Tỉnh ủy Sông Lam (SL)
        ├── 96 đảng bộ xã/phường, each with village and institution cells
        ├── Đảng bộ các cơ quan Đảng tỉnh, Đảng bộ Ủy ban nhân dân tỉnh: 20 chi bộ cơ sở
        ├── 3 communes formed on 1/7/2025 by merging the communes of Huyện ủy Bến Đò
        ├── Đảng bộ phường Lam Hải: a commune of Bến Đò moved up, renamed and given a neighbour
        └── Huyện ủy Bến Đò (closed 1/7/2025, kept for past years)

The restructuring goes through ``orgs.services`` (merge, move, rename, dissolve) so its history is the
real thing: events, closed units and members' placements dated 1/7/2025.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from quantriet.orgs import services
from quantriet.orgs.models import (
    Exemption,
    Level,
    Member,
    MemberStatus,
    Position,
    PositionKind,
    Unit,
    UnitEventKind,
    UnitLink,
)
from quantriet.site.demo import names
from quantriet.site.demo.bulk import MemberSpec, UnitSpec, bulk_create_members, bulk_create_units
from quantriet.site.demo.profiles import invent_profile

CENTRAL_CODE = "TW"
PROVINCE_CODE = "SL"
PROVINCE_NAME = "Tỉnh ủy Sông Lam"
RESTRUCTURING = dt.date(2025, 7, 1)
COMMUNES = 96
WARD_SHARE = 0.2


@dataclass
class Province:
    """The units the demo accounts are attached to."""

    central: Unit
    province: Unit
    district: Unit
    merged_commune: Unit  # Đảng bộ xã Bến Đò, formed on 1/7/2025
    merged_cell: Unit  # a cell of it that absorbed another on 1/7/2025


@dataclass
class _Layout:
    specs: list[UnitSpec]
    member_units: list[tuple[UnitSpec, tuple[int, int]]]  # where members live, and how many
    old_communes: list[UnitSpec]
    new_communes: list[UnitSpec]
    district: UnitSpec
    province: UnitSpec


def _cells(commune: UnitSpec, rng: random.Random, ward: bool, villages: int) -> list[UnitSpec]:
    if ward:
        words = [f"khu phố {i}" for i in range(1, villages + 1)]
    else:
        words = [f"thôn {w}" for w in rng.sample(names.VILLAGE_WORDS, villages)]
    cells = [
        UnitSpec(f"Chi bộ {w}", f"{commune.code}-{i:02d}", Level.CELL, commune)
        for i, w in enumerate(words, 1)
    ]
    for name in rng.sample(names.INSTITUTION_CELLS, rng.randint(1, 2)):
        cells.append(UnitSpec(name, f"{commune.code}-{len(cells) + 1:02d}", Level.CELL, commune))
    return cells


def _layout(rng: random.Random, central: Unit) -> _Layout:
    province = UnitSpec(
        PROVINCE_NAME, PROVINCE_CODE, Level.CENTRAL_DIRECT, central, dt.date(1976, 2, 15), locality="Sông Lam"
    )
    specs = [province]
    members: list[tuple[UnitSpec, tuple[int, int]]] = []
    places = names.invent_places(rng, COMMUNES + 14, taken={"Bến Đò", "Lam Hải"})
    for index in range(COMMUNES):
        ward = rng.random() < WARD_SHARE
        kind = "phường" if ward else "xã"
        commune = UnitSpec(
            f"Đảng bộ {kind} {places[index]}",
            f"SL-X{index + 1:03d}",
            Level.GRASSROOTS,
            province,
            locality=places[index],
        )
        cells = _cells(commune, rng, ward, rng.randint(3, 5))
        specs += [commune, *cells]
        members += [
            (cell, (4, 10) if "thôn" in cell.name or "khu phố" in cell.name else (3, 7)) for cell in cells
        ]
    for code, name, agencies in (
        ("SL-CQD", "Đảng bộ các cơ quan Đảng tỉnh", names.AGENCY_CELLS[10:]),
        ("SL-UB", "Đảng bộ Ủy ban nhân dân tỉnh", names.AGENCY_CELLS[:10]),
    ):
        bloc = UnitSpec(name, code, Level.INTERMEDIATE, province, RESTRUCTURING)
        specs.append(bloc)
        for i, agency in enumerate(agencies, 1):
            cell = UnitSpec(f"Chi bộ {agency}", f"{code}-{i:02d}", Level.GRASSROOTS, bloc)
            specs.append(cell)
            members.append((cell, (8, 25)))
    district = UnitSpec("Huyện ủy Bến Đò", "SL-BD", Level.INTERMEDIATE, province, dt.date(1977, 3, 1))
    specs.append(district)
    old_communes = [
        UnitSpec("Đảng bộ thị trấn Bến Đò", "SL-BD-TT", Level.GRASSROOTS, district, dt.date(1986, 5, 1))
    ]
    old_communes.append(
        UnitSpec("Đảng bộ xã Lam Hải", "SL-BD-01", Level.GRASSROOTS, district, dt.date(1977, 3, 1))
    )
    for i, place in enumerate(places[COMMUNES : COMMUNES + 8], 2):
        old_communes.append(
            UnitSpec(f"Đảng bộ xã {place}", f"SL-BD-{i:02d}", Level.GRASSROOTS, district, dt.date(1977, 3, 1))
        )
    for i, commune in enumerate(old_communes):
        cells = _cells(commune, rng, ward=i == 0, villages=rng.randint(3, 4))
        specs += [commune, *cells]
        members += [(cell, (4, 9)) for cell in cells]
    new_communes = [
        UnitSpec(
            f"Đảng bộ xã {place}",
            f"SL-X{COMMUNES + i:03d}",
            Level.GRASSROOTS,
            province,
            RESTRUCTURING,
            locality=place,
        )
        for i, place in enumerate(["Bến Đò", *places[COMMUNES + 8 : COMMUNES + 10]], 1)
    ]
    specs += new_communes
    return _Layout(specs, members, old_communes, new_communes, district, province)


def _birth_and_admission(
    rng: random.Random, today: dt.date, admitted_before: dt.date
) -> tuple[dt.date, dt.date]:
    birth = today - dt.timedelta(days=rng.randint(20 * 365, 88 * 365))
    earliest = birth + dt.timedelta(days=18 * 365 + 10)
    latest = min(admitted_before, birth + dt.timedelta(days=50 * 365)) - dt.timedelta(days=1)
    if latest <= earliest:  # too young to have been admitted before the cut-off: admit at 18
        return birth, earliest
    return birth, earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


def _members(rng: random.Random, layout: _Layout, today: dt.date) -> list[MemberSpec]:
    old_cells = {
        id(s) for s in layout.specs if isinstance(s.parent, UnitSpec) and s.parent in layout.old_communes
    }
    cards = iter(rng.sample(range(10_000_000, 100_000_000), 6000))
    people: list[MemberSpec] = []
    for spec, (low, high) in layout.member_units:
        assert spec.unit is not None
        # Members of Bến Đò were admitted before the restructuring, so their history runs through it.
        cut_off = RESTRUCTURING if id(spec) in old_cells else today
        for _ in range(rng.randint(low, high)):
            sex = "female" if rng.random() < 0.42 else "male"
            if cut_off == today and rng.random() < 0.05:
                birth = today - dt.timedelta(days=rng.randint(19 * 365, 35 * 365))
                admitted, full, status = (
                    today - dt.timedelta(days=rng.randint(20, 330)),
                    None,
                    MemberStatus.PROBATIONARY,
                )
            else:
                birth, admitted = _birth_and_admission(rng, today, cut_off)
                full, status = admitted + dt.timedelta(days=365), MemberStatus.FULL
            card = str(next(cards))
            people.append(
                MemberSpec(
                    names.invent_person(rng, sex),
                    birth,
                    sex,
                    admitted,
                    full,
                    card,
                    spec.unit,
                    status,
                    invent_profile(card, sex, birth),
                )
            )
    return people


def _inserted(specs: list[UnitSpec]) -> list[Unit]:
    units = [spec.unit for spec in specs]
    if any(unit is None for unit in units):
        raise ValueError("units must be inserted first")
    return [unit for unit in units if unit is not None]


def _restructure(layout: _Layout) -> tuple[Unit, Unit]:
    """1/7/2025: the district closes; its communes merge into three, one moves up as a ward."""
    old, new = _inserted(layout.old_communes), _inserted(layout.new_communes)
    province, district = _inserted([layout.province, layout.district])
    day, note = RESTRUCTURING, "Sắp xếp đơn vị hành chính năm 2025"
    services.merge_units(None, [old[0], old[2], old[3]], new[0], date=day, note=note)
    services.merge_units(None, old[4:7], new[1], date=day, note=note)
    services.merge_units(None, old[7:9], new[2], date=day, note=note)
    lam_hai = old[1]
    services.move_unit(None, lam_hai, province, date=day, note=note)
    services.rename_unit(None, lam_hai, "Đảng bộ phường Lam Hải", date=day, note=note)
    services.merge_units(None, old[9:10], lam_hai, date=day, note=note)
    district.refresh_from_db()
    services.dissolve_unit(None, district, date=day, note=note)
    # Two neighbourhoods of the old town become one cell: their members' placements change that day.
    town_cells = list(
        Unit.objects.filter(code__startswith="SL-BD-TT-", level=Level.CELL).order_by("code")[:2]
    )
    services.merge_units(None, town_cells[:1], town_cells[1], date=day, note=note)
    _rename_clashing_cells([*new, lam_hai], old, day)
    return new[0], town_cells[1]


def _rename_clashing_cells(targets: list[Unit], old: list[Unit], day: dt.date) -> None:
    """Merged communes get several "Chi bộ thôn Đông": each takes its old commune's name, as offices do."""
    old_places = {unit.pk: unit.name.split(" ", 3)[-1] for unit in old}
    for target in targets:
        cells = list(target.children.filter(valid_to__isnull=True).order_by("code"))
        counts = Counter(cell.name for cell in cells)
        for cell in cells:
            place = old_places.get(_old_parent_id(cell))
            if counts[cell.name] > 1 and place:
                services.rename_unit(
                    None,
                    cell,
                    f"{cell.name} {place}",
                    date=day,
                    note="Phân biệt chi bộ trùng tên sau sáp nhập",
                )


def _old_parent_id(cell: Unit) -> int:
    moved = cell.events.filter(kind=UnitEventKind.MOVED).order_by("date", "id").first()
    return int(moved.data.get("old_parent") or 0) if moved is not None else 0


def _positions(rng: random.Random, today: dt.date) -> None:
    """A secretary for every cell and grassroots unit, deputies for communes, some presenters."""
    by_unit: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in (
        Member.objects.filter(status=MemberStatus.FULL).order_by("pk").values_list("pk", "unit_id")
    ):
        by_unit[unit_id].append(pk)
    active = Unit.objects.filter(valid_to__isnull=True, level__in=[Level.CELL, Level.GRASSROOTS])
    under: dict[int, list[int]] = defaultdict(list)
    for ancestor_id, descendant_id in UnitLink.objects.filter(ancestor__in=active).values_list(
        "ancestor_id", "descendant_id"
    ):
        under[ancestor_id].extend(by_unit.get(descendant_id, []))
    rows: list[Position] = []
    term = dt.date(2025, 9, 15)  # congresses after the restructuring
    for unit in active.order_by("code"):
        pool = under.get(unit.pk, [])
        if not pool:
            continue
        kinds = [PositionKind.SECRETARY]
        if unit.level == Level.GRASSROOTS and len(pool) > 20:
            kinds += [PositionKind.STANDING_DEPUTY, PositionKind.DEPUTY, PositionKind.PRESENTER]
        holders = rng.sample(pool, min(len(kinds), len(pool))) if unit.level == Level.GRASSROOTS else pool[:1]
        rows += [
            Position(member_id=pk, unit=unit, kind=kind, start=min(term, today))
            for pk, kind in zip(holders, kinds, strict=False)
        ]
    Position.objects.bulk_create(rows)


def _committee_officers(today: dt.date) -> None:
    """The province's secretary and deputies, and a secretary for each committee above the grassroots.

    Chosen among members already on the roll (the README's figures stay), without a post or an
    exemption, from the agencies' committees for the province (its leaders belong to agency cells);
    run after ``_statuses`` so that the members it picks from stay the same.
    """
    term = min(dt.date(2025, 10, 15), today)  # the provincial congress after the restructuring
    taken: set[int] = set()

    def free(under: Unit, count: int) -> list[int]:
        below = UnitLink.objects.filter(ancestor=under).values("descendant_id")
        members = Member.objects.filter(
            unit_id__in=below,
            status=MemberStatus.FULL,
            positions__isnull=True,
            exemptions__isnull=True,
            date_of_birth__lte=dt.date(1980, 12, 31),
        ).exclude(pk__in=taken)
        chosen = list(members.order_by("date_of_birth", "pk").values_list("pk", flat=True)[:count])
        taken.update(chosen)
        return chosen

    committees = Unit.objects.filter(
        valid_to__isnull=True, level__in=[Level.CENTRAL_DIRECT, Level.INTERMEDIATE]
    ).order_by("code")
    agencies = committees.filter(level=Level.INTERMEDIATE).first()
    rows: list[Position] = []
    for unit in committees:
        if unit.level == Level.CENTRAL_DIRECT:
            kinds = [PositionKind.SECRETARY, PositionKind.STANDING_DEPUTY, PositionKind.DEPUTY]
            holders = free(agencies or unit, len(kinds))
        else:
            kinds = [PositionKind.SECRETARY]
            holders = free(unit, 1)
        rows += [
            Position(member_id=pk, unit=unit, kind=kind, start=term)
            for pk, kind in zip(holders, kinds, strict=False)
        ]
    Position.objects.bulk_create(rows)


def _statuses(rng: random.Random, today: dt.date) -> None:
    """Some old members exempted from activities; one member suspended."""
    elderly = list(
        Member.objects.filter(status=MemberStatus.FULL, date_of_birth__lt=today - dt.timedelta(days=75 * 365))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    chosen = rng.sample(elderly, min(len(elderly), 60))
    Exemption.objects.bulk_create(
        Exemption(
            member_id=pk,
            start=today - dt.timedelta(days=rng.randint(30, 900)),
            reason="Tuổi cao, sức khỏe yếu",
        )
        for pk in chosen
    )
    candidate = Member.objects.filter(
        status=MemberStatus.FULL, positions__isnull=True, exemptions__isnull=True
    ).order_by("pk")[37]
    services.change_status(
        None,
        candidate,
        MemberStatus.SUSPENDED,
        date=today - dt.timedelta(days=40),
        note="Đang xem xét kỷ luật",
    )


def build_province(rng: random.Random) -> Province:
    """Create the whole province (the caller holds a transaction and has checked it is not there yet)."""
    today = timezone.localdate()
    central = Unit.objects.filter(code=CENTRAL_CODE).first() or services.create_unit(
        None,
        name="Ban Chấp hành Trung ương",
        code=CENTRAL_CODE,
        level=Level.CENTRAL,
        parent=None,
        valid_from=dt.date(1930, 2, 3),
    )
    layout = _layout(rng, central)
    bulk_create_units(layout.specs)
    bulk_create_members(_members(rng, layout, today))
    merged_commune, merged_cell = _restructure(layout)
    _positions(rng, today)
    _statuses(rng, today)
    _committee_officers(today)
    province, district = _inserted([layout.province, layout.district])
    return Province(central, province, district, merged_commune, merged_cell)


def find_province() -> Province | None:
    province = Unit.objects.filter(code=PROVINCE_CODE).select_related("parent").first()
    if province is None or province.parent is None:
        return None
    district = Unit.objects.get(code="SL-BD")
    commune = Unit.objects.get(code=f"SL-X{COMMUNES + 1:03d}")
    cell = (
        Unit.objects.filter(code__startswith="SL-BD-TT-", level=Level.CELL, valid_to__isnull=True)
        .order_by("code")
        .first()
    )
    assert cell is not None
    return Province(province.parent, province, district, commune, cell)
