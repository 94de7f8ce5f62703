"""Implementation plans: which units owe one, who may submit and review it, and the plans board."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from quantriet.campaigns.models import Campaign, ImplementationPlan, PlanObligation, PlanStatus, Reminder
from quantriet.campaigns.selectors.access import _get, may_see_campaign
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Level, Unit, UnitLink
from quantriet.orgs.selectors import PATH_SEPARATOR, unit_paths
from quantriet.text.collation import sort_key


class PlanState(StrEnum):
    """A unit's place on the plans board."""

    MISSING = "missing"
    SUBMITTED = "submitted"
    LATE = "late"
    APPROVED = "approved"
    RETURNED = "returned"


PLAN_STATE_LABELS = {
    PlanState.MISSING: gettext_lazy("Chưa nộp"),
    PlanState.SUBMITTED: gettext_lazy("Đã nộp đúng hạn"),
    PlanState.LATE: gettext_lazy("Nộp muộn"),
    PlanState.APPROVED: gettext_lazy("Đã duyệt"),
    PlanState.RETURNED: gettext_lazy("Trả lại để sửa"),
}
# Cells' groups (tổ đảng) work under their cell's plan.
PLAN_LEVELS_EXCLUDED = (Level.GROUP,)


def plan_units(campaign: Campaign) -> QuerySet[Unit]:
    """Every unit that must submit a plan, as the organisers chose (``Campaign.plans_owed_by``).

    BELOW: the units directly under the organising unit, or the scope unit itself when the campaign is
    held for a unit further down. GRASSROOTS: the grassroots organisations of the scope (a grassroots
    unit inside another, a đảng bộ bộ phận, works under its organisation's plan). CHOSEN: the units the
    organisers listed, as far as they are still in the scope. Only open units, never the organiser.
    """
    scope = UnitLink.objects.filter(ancestor_id=campaign.scope_unit_id).values("descendant_id")
    units = (
        Unit.objects.filter(id__in=scope, valid_to__isnull=True)
        .exclude(pk=campaign.organising_unit_id)
        .exclude(level__in=PLAN_LEVELS_EXCLUDED)
    )
    if campaign.plans_owed_by == PlanObligation.GRASSROOTS:
        units = units.filter(level=Level.GRASSROOTS).exclude(parent__level=Level.GRASSROOTS)
    elif campaign.plans_owed_by == PlanObligation.CHOSEN:
        units = units.filter(id__in=campaign.chosen_plan_units.values("id"))
    elif campaign.scope_unit_id == campaign.organising_unit_id:
        units = units.filter(parent_id=campaign.scope_unit_id)
    else:
        units = units.filter(pk=campaign.scope_unit_id)
    return units.order_by("name_sort", "id")


def may_submit_plan(user: Actor, unit: Unit) -> bool:
    return access.can(user, C.PLAN_WORK, unit)


def may_review_plan(user: Actor, unit: Unit) -> bool:
    """The unit above (anyone holding PLAN_WORK there or higher) approves; never the unit itself."""
    return unit.parent_id is not None and access.can(user, C.PLAN_WORK, unit.parent_id)


def plan_reach(user: Actor, campaign: Campaign) -> QuerySet[Unit]:
    """The plan units the user may see: all for the organisers, else those in their PLAN_WORK reach."""
    units = plan_units(campaign)
    if may_see_campaign(user, campaign):
        return units
    return units.filter(pk__in=access.units(user, C.PLAN_WORK))


def plan_campaign_or_404(user: Actor, campaign_id: int | str) -> Campaign:
    """A campaign whose plans board the user may open: as organiser, or with a plan unit in their reach."""
    campaign: Campaign = _get(Campaign.objects.select_related("organising_unit", "scope_unit"), campaign_id)
    if not may_see_campaign(user, campaign) and not plan_reach(user, campaign).exists():
        raise Http404
    return campaign


def plan_board_unit_or_404(campaign: Campaign, unit_id: str | None) -> Unit | None:
    """The unit whose subtree the plans board shows (``?unit=``): the campaign's scope or below; None
    when none was asked for."""
    if not unit_id:
        return None
    scope = UnitLink.objects.filter(ancestor_id=campaign.scope_unit_id).values("descendant_id")
    unit: Unit = _get(Unit.objects.filter(id__in=scope), unit_id)
    return unit


def plan_unit_or_404(user: Actor, campaign: Campaign, unit_id: int | str) -> Unit:
    unit: Unit = _get(plan_reach(user, campaign).select_related("parent"), unit_id)
    return unit


def plan_campaigns(user: Actor) -> QuerySet[Campaign]:
    """Campaigns that ask a plan of a unit in the user's PLAN_WORK reach (for the list page): ``plan_units``
    of every campaign at once, in one query, so that no listed campaign opens on an empty board."""
    mine = access.units(user, C.PLAN_WORK)
    above = UnitLink.objects.filter(descendant__in=access.top_units(user, C.PLAN_WORK)).values("ancestor_id")
    owing = mine.filter(valid_to__isnull=True).exclude(level__in=PLAN_LEVELS_EXCLUDED)
    scope = OuterRef("scope_unit_id")
    direct = Q(scope_unit=F("organising_unit"))
    below = Q(plans_owed_by=PlanObligation.BELOW)
    grassroots = owing.filter(level=Level.GRASSROOTS, ancestor_links__ancestor_id=scope).exclude(
        parent__level=Level.GRASSROOTS
    )
    chosen = Campaign.chosen_plan_units.through.objects.filter(
        campaign_id=OuterRef("pk"), unit__in=owing, unit__ancestor_links__ancestor_id=scope
    )
    owes = (
        (Exists(owing.filter(parent_id=scope)) & below & direct)
        | (Exists(owing.filter(pk=scope)) & below & ~direct)
        | (Exists(grassroots) & Q(plans_owed_by=PlanObligation.GRASSROOTS))
        | (Exists(chosen) & Q(plans_owed_by=PlanObligation.CHOSEN))
    )
    return (
        Campaign.objects.filter(Q(scope_unit__in=mine) | Q(scope_unit_id__in=above))
        .exclude(organising_unit__in=mine)
        .filter(owes)
    )


@dataclass(frozen=True)
class PlanRow:
    unit: Unit
    plan: ImplementationPlan | None
    state: PlanState
    reminders: int
    # The unit's parent path below the campaign's scope ("Đảng bộ xã Bến Đò › Chi bộ thôn 1"): a
    # province holds dozens of cells with the same name.
    path: str = ""

    @property
    def state_label(self) -> str:
        return str(PLAN_STATE_LABELS[self.state])


def state_of(plan: ImplementationPlan | None) -> PlanState:
    if plan is None:
        return PlanState.MISSING
    if plan.status == PlanStatus.APPROVED:
        return PlanState.APPROVED
    if plan.status == PlanStatus.RETURNED:
        return PlanState.RETURNED
    return PlanState.LATE if plan.late else PlanState.SUBMITTED


def plan_board(campaign: Campaign, units: QuerySet[Unit]) -> list[PlanRow]:
    """One row per unit that owes a plan: its plan (if any), its state, how often it was reminded and its
    path below the campaign's scope; in the order of ``units``."""
    unit_list = list(units.select_related("parent"))
    paths = unit_paths(unit_list, top=campaign.scope_unit) if unit_list else {}
    return _rows(campaign, unit_list, paths)


def _rows(campaign: Campaign, unit_list: list[Unit], paths: dict[int, str]) -> list[PlanRow]:
    """The rows of these units, in their order: two queries (plans, reminders) for any number."""
    plans = {
        p.unit_id: p
        for p in ImplementationPlan.objects.filter(campaign=campaign, unit__in=unit_list).select_related(
            "campaign"
        )
    }
    reminded = dict(
        Reminder.objects.filter(campaign=campaign, unit__in=unit_list)
        .values("unit_id")
        .annotate(n=Count("id"))
        .values_list("unit_id", "n")
    )
    rows = []
    for unit in unit_list:
        plan = plans.get(unit.pk)
        rows.append(
            PlanRow(unit, plan, state_of(plan), reminded.get(unit.pk, 0), paths.get(unit.pk, unit.name))
        )
    return rows


def plan_counts(rows: list[PlanRow]) -> dict[str, int]:
    return {state.value: sum(1 for r in rows if r.state == state) for state in PlanState}


# --- the board grouped by the next level, with drill-down ------------------------------------------


@dataclass(frozen=True)
class PlanTally:
    """How many units owe a plan, and how many are in each state."""

    owed: int = 0
    states: dict[str, int] = field(default_factory=dict)  # PlanState value -> units

    @classmethod
    def of(cls, states: list[PlanState]) -> PlanTally:
        found = Counter(states)
        return cls(len(states), {s.value: found.get(s, 0) for s in PlanState})

    @property
    def missing(self) -> int:
        return self.states.get(PlanState.MISSING, 0)

    @property
    def handed_in(self) -> int:
        """Units that have sent a plan, whatever became of it."""
        return self.owed - self.missing

    @property
    def approved(self) -> int:
        return self.states.get(PlanState.APPROVED, 0)

    @property
    def late(self) -> int:
        return self.states.get(PlanState.LATE, 0)

    @property
    def returned(self) -> int:
        return self.states.get(PlanState.RETURNED, 0)

    @property
    def waiting(self) -> int:
        """Sent and not yet reviewed (on time or late)."""
        return self.states.get(PlanState.SUBMITTED, 0) + self.late


@dataclass(frozen=True)
class PlanGroup:
    """A unit of the next level down holding several units that owe a plan (a row to drill into)."""

    unit: Unit
    path: str
    tally: PlanTally


@dataclass(frozen=True)
class GroupedPlanBoard:
    """The plans board of one subtree: the units of the next level down that hold several units owing a
    plan (``groups``, with their counts), and the units owing one shown singly (``rows``: at the
    bottom level, or a unit of the next level that owes a plan and holds no other)."""

    top: Unit  # the campaign's scope: the board's first page
    root: Unit  # whose subtree is shown
    trail: list[Unit]  # from ``top`` down to ``root``'s parent, to go back up
    groups: list[PlanGroup]
    rows: list[PlanRow]
    tally: PlanTally  # every unit owing a plan under ``root``, however shown
    row_count: int = 0  # the singles in all (``rows`` may be one page of them)
    offset: int = 0  # where ``rows`` start among them


def _state(plan: tuple[str, bool] | None) -> PlanState:
    """``state_of`` from a plan's status and lateness (the board reads no plan objects)."""
    if plan is None:
        return PlanState.MISSING
    status, late = plan
    if status == PlanStatus.APPROVED:
        return PlanState.APPROVED
    if status == PlanStatus.RETURNED:
        return PlanState.RETURNED
    return PlanState.LATE if late else PlanState.SUBMITTED


def _path_key(path: str, keys: dict[str, str]) -> tuple[str, ...]:
    """A path's collation key, name by name (a province repeats its names: each is collated once)."""
    parts = []
    for name in path.split(PATH_SEPARATOR):
        if name not in keys:
            keys[name] = sort_key(name)
        parts.append(keys[name])
    return tuple(parts)


def grouped_plan_board(
    campaign: Campaign,
    units: QuerySet[Unit],
    root: Unit | None = None,
    state: PlanState | None = None,
    *,
    offset: int = 0,
    limit: int | None = None,
) -> GroupedPlanBoard:
    """The board of ``units`` (those owing a plan that the reader may see, e.g. ``plan_reach``) under
    ``root`` (default: the campaign's scope), grouped by the level below ``root``.

    A board that would show a single group and nothing else opens that group at once (a commune's staff
    land on their commune, a province without districts skips a level). With ``state``, every unit in
    that state under ``root`` is listed singly, with its path. The singles are ordered by path; ``offset``
    and ``limit`` choose a page of them (``row_count`` says how many there are). The number of queries
    does not grow with the number of units; each reads the subtree's links or plans once.
    """
    top = campaign.scope_unit
    root = root or top
    owing = units.values("id")
    singles: list[int] = []
    while True:
        group_of = dict(
            UnitLink.objects.filter(ancestor__parent_id=root.pk, descendant__in=owing).values_list(
                "descendant_id", "ancestor_id"
            )
        )
        root_owes = units.filter(pk=root.pk).exists()
        members: dict[int, list[int]] = {}
        for unit_id, group_id in group_of.items():
            members.setdefault(group_id, []).append(unit_id)
        groups = {g: m for g, m in members.items() if m != [g]}
        singles = [root.pk] if root_owes else []
        singles += [g for g, m in members.items() if m == [g]]
        if state is None and not singles and len(groups) == 1:
            (only,) = groups
            root = Unit.objects.get(pk=only)
            continue
        break
    # Late: handed in after the deadline day, in the site's time zone (``ImplementationPlan.late``).
    cutoff = timezone.make_aware(
        dt.datetime.combine(campaign.plan_deadline + dt.timedelta(days=1), dt.time())
    )
    late = ExpressionWrapper(Q(submitted_at__gte=cutoff), output_field=BooleanField())
    plans = {
        unit_id: (status, is_late)
        for unit_id, status, is_late in ImplementationPlan.objects.filter(
            campaign=campaign, unit__ancestor_links__ancestor_id=root.pk
        )
        .annotate(is_late=late)
        .values_list("unit_id", "status", "is_late")
    }
    owed = [root.pk] if root_owes else []
    owed += list(group_of)
    states = {u: _state(plans.get(u)) for u in owed}
    tally = PlanTally.of(list(states.values()))
    if state is not None:
        singles, groups = [u for u in owed if states[u] == state], {}
    paths = unit_paths([*singles, *groups], top=top) if singles or groups else {}
    keys: dict[str, str] = {}
    ordered = sorted(singles, key=lambda u: (u != root.pk, _path_key(paths.get(u, ""), keys), u))
    row_count = len(ordered)
    if limit is not None:
        offset = min(max(offset, 0), max(row_count - 1, 0) // limit * limit)
        ordered = ordered[offset : offset + limit]
    shown = Unit.objects.in_bulk(ordered + list(groups)) if ordered or groups else {}
    rows = _rows(campaign, [shown[u] for u in ordered], paths)
    board_groups = sorted(
        (
            PlanGroup(shown[g], paths.get(g, shown[g].name), PlanTally.of([states[m] for m in groups[g]]))
            for g in groups
        ),
        key=lambda g: (_path_key(g.path, keys), g.unit.pk),
    )
    above = UnitLink.objects.filter(descendant=root, distance__gt=0, ancestor__depth__gte=top.depth)
    trail = (
        [link.ancestor for link in above.select_related("ancestor").order_by("-distance")]
        if root.pk != top.pk
        else []
    )
    return GroupedPlanBoard(top, root, trail, board_groups, rows, tally, row_count, offset)
