"""Implementation plans: which units owe one, who may submit and review it, and the plans board."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from quantriet.campaigns.models import Campaign, ImplementationPlan, PlanStatus, Reminder
from quantriet.campaigns.selectors.access import _get, may_see_campaign
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Level, Unit, UnitLink


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
    """Every unit that must submit a plan: the open units of the scope below the organising unit."""
    scope = UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id")
    return (
        Unit.objects.filter(id__in=scope, valid_to__isnull=True)
        .exclude(pk=campaign.organising_unit_id)
        .exclude(level__in=PLAN_LEVELS_EXCLUDED)
        .order_by("name_sort", "id")
    )


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


def plan_unit_or_404(user: Actor, campaign: Campaign, unit_id: int | str) -> Unit:
    unit: Unit = _get(plan_reach(user, campaign).select_related("parent"), unit_id)
    return unit


def plan_campaigns(user: Actor) -> QuerySet[Campaign]:
    """Campaigns that ask a plan of a unit in the user's PLAN_WORK reach (for the list page)."""
    mine = access.units(user, C.PLAN_WORK)
    above = UnitLink.objects.filter(descendant__in=access.top_units(user, C.PLAN_WORK)).values("ancestor_id")
    return Campaign.objects.filter(Q(scope_unit__in=mine) | Q(scope_unit_id__in=above)).exclude(
        organising_unit__in=mine
    )


@dataclass(frozen=True)
class PlanRow:
    unit: Unit
    plan: ImplementationPlan | None
    state: PlanState
    reminders: int

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
    """One row per unit that owes a plan: its plan (if any), its state and how often it was reminded."""
    unit_list = list(units.select_related("parent"))
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
        rows.append(PlanRow(unit, plan, state_of(plan), reminded.get(unit.pk, 0)))
    return rows


def plan_counts(rows: list[PlanRow]) -> dict[str, int]:
    return {state.value: sum(1 for r in rows if r.state == state) for state in PlanState}
