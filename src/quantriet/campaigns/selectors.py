"""Reads of campaigns, always scoped through ``orgs.access``.

Who sees what: a campaign, its conferences and every point's board belong to the organising unit
(VIEW_CAMPAIGNS on it; MANAGE_CAMPAIGNS to change them). The staff of a bridge point (CHECK_IN on
its host unit) see that point only: its delegates, its check-in page and its board, never the other
points. Anything out of reach answers 404, as elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext_lazy

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import (
    KEY_CADRE_CATEGORIES,
    Absence,
    AttendanceStatus,
    Audience,
    BridgePoint,
    Campaign,
    Category,
    CheckIn,
    Conference,
    Delegate,
    ImplementationPlan,
    MakeUpAttendance,
    MakeUpSession,
    PlanStatus,
    Reminder,
)
from quantriet.orgs import access
from quantriet.orgs import selectors as org_selectors
from quantriet.orgs.access import AnyUser
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Level, Member, MemberStatus, Unit, UnitLink

# Members who take part in party activities (a suspended member does not).
INVITABLE_STATUSES = (MemberStatus.PROBATIONARY, MemberStatus.FULL)


def _get(queryset: QuerySet[Any], pk: int | str) -> Any:
    try:
        return queryset.get(pk=int(pk))
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- campaigns and conferences --------------------------------------------------------------------


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    return Campaign.objects.filter(organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))


def campaign_or_404(user: AnyUser, campaign_id: int | str) -> Campaign:
    found = visible_campaigns(user).select_related("organising_unit", "scope_unit")
    campaign: Campaign = _get(found, campaign_id)
    return campaign


def may_create(user: AnyUser) -> bool:
    return access.has_any(user, C.MANAGE_CAMPAIGNS)


def may_manage(user: AnyUser, campaign: Campaign) -> bool:
    return access.can(user, C.MANAGE_CAMPAIGNS, campaign.organising_unit_id)


def organising_units(user: AnyUser) -> QuerySet[Unit]:
    return access.units(user, C.MANAGE_CAMPAIGNS).filter(valid_to__isnull=True)


def conference_or_404(user: AnyUser, conference_id: int | str) -> Conference:
    found = Conference.objects.filter(campaign__in=visible_campaigns(user)).select_related(
        "campaign__organising_unit", "campaign__scope_unit"
    )
    conference: Conference = _get(found, conference_id)
    return conference


# --- bridge points --------------------------------------------------------------------------------


def staffed_points(user: AnyUser) -> QuerySet[BridgePoint]:
    """Points whose host unit the user checks in for (their "own" points)."""
    return BridgePoint.objects.filter(host_unit__in=access.units(user, C.CHECK_IN))


def own_invitations(user: AnyUser) -> QuerySet[Delegate]:
    """The user's own invitations (through the member record linked to the account), newest first.

    Each carries ``present`` (checked in), ``made_up`` (attended a make-up session) and the absence's
    ``absence_reason`` (None when no absence was recorded).
    """
    if not user.is_authenticated:
        return Delegate.objects.none()
    return (
        Delegate.objects.filter(member__user_id=user.pk)
        .select_related("conference__campaign__organising_unit", "point", "member", "unit")
        .annotate(
            present=Exists(CheckIn.objects.filter(delegate=OuterRef("pk"))),
            made_up=Exists(MakeUpAttendance.objects.filter(delegate=OuterRef("pk"))),
            absence_reason=Subquery(Absence.objects.filter(delegate=OuterRef("pk")).values("reason")[:1]),
        )
        .order_by("-conference__held_on", "-conference__starts_at", "-id")
    )


def point_or_404(user: AnyUser, point_id: int | str) -> BridgePoint:
    """A point the user may see: as staff of the point, or of the organising unit."""
    found = BridgePoint.objects.filter(
        Q(host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    ).select_related("conference__campaign__organising_unit", "host_unit", "person_in_charge")
    point: BridgePoint = _get(found, point_id)
    return point


def may_check_in(user: AnyUser, point: BridgePoint) -> bool:
    return access.can(user, C.CHECK_IN, point.host_unit_id) or may_manage(user, point.conference.campaign)


def may_see_campaign(user: AnyUser, campaign: Campaign) -> bool:
    return access.can(user, C.VIEW_CAMPAIGNS, campaign.organising_unit_id)


def delegate_or_404(user: AnyUser, delegate_id: int | str) -> Delegate:
    """A delegate whose invitation the user may print: organisers, and the staff of their point."""
    found = Delegate.objects.filter(
        Q(point__host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.MANAGE_CAMPAIGNS))
    ).select_related("member", "unit", "point__host_unit", "conference__campaign")
    delegate: Delegate = _get(found, delegate_id)
    return delegate


def delegates_of(point: BridgePoint) -> QuerySet[Delegate]:
    checked = CheckIn.objects.filter(delegate=OuterRef("pk"))
    return (
        point.delegates.select_related("member", "unit")
        .annotate(present=Exists(checked))
        .order_by("unit__name_sort", "member__name_sort", "guest_name", "id")
    )


# --- proposing delegates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    member: Member
    category: str

    @property
    def category_label(self) -> str:
        return str(Category(self.category).label)


def _wanted(campaign: Campaign) -> set[str] | None:
    """Categories the audience asks for; None for everyone."""
    if campaign.audience == Audience.ALL_MEMBERS:
        return None
    if campaign.audience == Audience.KEY_CADRES:
        return {c.value for c in KEY_CADRE_CATEGORIES}
    return set(campaign.categories)


def propose(user: AnyUser, point: BridgePoint, *, query: str = "", limit: int = 2000) -> list[Candidate]:
    """Members the platform proposes for ``point``: the host unit's subtree, by the campaign's audience.

    With ``query`` it searches the whole scope of the campaign by name instead (to add someone by hand),
    whatever their category. Members already invited to the conference are left out.
    """
    conference = point.conference
    campaign = conference.campaign
    invited = Delegate.objects.filter(conference=conference, member__isnull=False).values("member_id")
    within = campaign.scope_unit if query else point.host_unit
    found = (
        org_selectors.search_members(user, within=within, query=query)
        .filter(status__in=INVITABLE_STATUSES)
        .exclude(pk__in=invited)
    )
    members = list(found[:limit])
    categories = categories_of(m.pk for m in members)
    wanted = None if query else _wanted(campaign)
    return [Candidate(m, categories[m.pk]) for m in members if wanted is None or categories[m.pk] in wanted]


# --- attendance boards ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    label: str
    expected: int
    present: int

    @property
    def percent(self) -> int:
        return round(100 * self.present / self.expected) if self.expected else 0


@dataclass
class Board:
    total: Tally
    by_unit: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)
    by_point: list[Tally] = field(default_factory=list)
    from_other_points: int = 0
    guests: int = 0
    late: int = 0
    recent: list[CheckIn] = field(default_factory=list)


def _tallies(delegates: QuerySet[Delegate], present: Q) -> tuple[Tally, list[Tally], list[Tally]]:
    """Totals, by unit and by category, in two grouped queries."""
    by_unit = (
        delegates.values("unit__name", "unit__name_sort")
        .annotate(expected=Count("id"), present=Count("id", filter=present))
        .order_by("unit__name_sort")
    )
    units = [
        Tally(row["unit__name"] or str(Category.GUEST.label), row["expected"], row["present"])
        for row in by_unit
    ]
    labels = dict(Category.choices)
    rank = list(Category.values)
    by_category = sorted(
        delegates.values("category").annotate(expected=Count("id"), present=Count("id", filter=present)),
        key=lambda row: rank.index(row["category"]),
    )
    categories = [Tally(str(labels[row["category"]]), row["expected"], row["present"]) for row in by_category]
    total = Tally("", sum(t.expected for t in units), sum(t.present for t in units))
    return total, units, categories


def point_board(point: BridgePoint) -> Board:
    """Invited to this point and checked in here; arrivals from other points and guests beside."""
    delegates = Delegate.objects.filter(point=point)
    total, units, categories = _tallies(delegates, Q(check_ins__point=point))
    here = CheckIn.objects.filter(point=point)
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
        recent=list(here.select_related("delegate__member").order_by("-at", "-id")[:10]),
    )


def conference_board(conference: Conference) -> Board:
    """Every delegate of the conference, present wherever they checked in; each point's own count."""
    delegates = Delegate.objects.filter(conference=conference)
    total, units, categories = _tallies(delegates, Q(check_ins__isnull=False))
    points = conference.points.annotate(
        expected=Count("delegates", distinct=True),
        present=Count("check_ins", filter=Q(check_ins__delegate__isnull=False), distinct=True),
    ).order_by("-is_main", "name", "id")
    here = CheckIn.objects.filter(conference=conference)
    return Board(
        total=total,
        by_unit=units,
        by_category=categories,
        by_point=[Tally(p.name, p.expected, p.present) for p in points],
        from_other_points=here.filter(other_point=True).count(),
        guests=here.filter(delegate__isnull=True).count(),
        late=here.filter(late=True).count(),
    )


def members_in_scope(user: AnyUser, campaign: Campaign) -> QuerySet[Member]:
    """Members the user may see inside the campaign's scope (to pick a presenter or person in charge)."""
    scope = UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id")
    return access.members(user, C.VIEW_MEMBERS).filter(unit_id__in=scope)


# --- attendance after the conference: present, made up, excused, absent -----------------------------


@dataclass(frozen=True)
class AttendanceRow:
    """One line of the attendance report: a point, a unit or the whole."""

    label: str
    invited: int = 0
    present: int = 0
    made_up: int = 0
    excused: int = 0
    absent: int = 0

    @property
    def attended(self) -> int:
        return self.present + self.made_up

    @property
    def percent(self) -> int:
        return round(100 * self.attended / self.invited) if self.invited else 0


def with_status(delegates: QuerySet[Delegate]) -> QuerySet[Delegate]:
    """Delegates annotated with ``status`` inputs: was_present, made_up, excused (each a boolean)."""
    return delegates.annotate(
        was_present=Exists(CheckIn.objects.filter(delegate=OuterRef("pk"))),
        was_made_up=Exists(MakeUpAttendance.objects.filter(delegate=OuterRef("pk"))),
        was_excused=Exists(Absence.objects.filter(delegate=OuterRef("pk")).exclude(reason="")),
    )


def status_of(delegate: Delegate) -> str:
    """The delegate's ``AttendanceStatus`` (on a row from ``with_status``): the first that holds wins."""
    if getattr(delegate, "was_present", False):
        return AttendanceStatus.PRESENT
    if getattr(delegate, "was_made_up", False):
        return AttendanceStatus.MADE_UP
    if getattr(delegate, "was_excused", False):
        return AttendanceStatus.EXCUSED
    return AttendanceStatus.ABSENT


def _row(label: str, statuses: list[str]) -> AttendanceRow:
    return AttendanceRow(
        label=label,
        invited=len(statuses),
        present=statuses.count(AttendanceStatus.PRESENT),
        made_up=statuses.count(AttendanceStatus.MADE_UP),
        excused=statuses.count(AttendanceStatus.EXCUSED),
        absent=statuses.count(AttendanceStatus.ABSENT),
    )


@dataclass
class Attendance:
    total: AttendanceRow
    by_point: list[AttendanceRow]
    by_unit: list[AttendanceRow]


def attendance(delegates: QuerySet[Delegate]) -> Attendance:
    """The four counts for every point and every unit of ``delegates`` (guests count under their point)."""
    rows = with_status(delegates).select_related("point", "unit").order_by("point__name", "id")
    by_point: dict[str, list[str]] = {}
    by_unit: dict[tuple[str, str], list[str]] = {}
    every: list[str] = []
    for d in rows:
        status = status_of(d)
        every.append(status)
        by_point.setdefault(d.point.name, []).append(status)
        unit = (
            (d.unit.name_sort, d.unit.name) if d.unit is not None else ("\uffff", str(Category.GUEST.label))
        )
        by_unit.setdefault(unit, []).append(status)
    return Attendance(
        total=_row("", every),
        by_point=[_row(name, s) for name, s in sorted(by_point.items())],
        by_unit=[_row(key[1], s) for key, s in sorted(by_unit.items())],
    )


def campaign_attendance(campaign: Campaign) -> Attendance:
    return attendance(Delegate.objects.filter(conference__campaign=campaign))


def absentees(point: BridgePoint) -> list[Delegate]:
    """The delegates of ``point`` who did not check in at the conference, with their status and reason."""
    found = (
        with_status(point.delegates.filter(check_ins__isnull=True))
        .select_related("member", "unit", "absence", "makeup__session")
        .order_by("unit__name_sort", "member__name_sort", "guest_name", "id")
    )
    return list(found)


def makeup_or_404(user: AnyUser, session_id: int | str) -> MakeUpSession:
    """A make-up session whose point the user may see (as its staff or the organiser's)."""
    found = MakeUpSession.objects.filter(
        Q(point__host_unit__in=access.units(user, C.CHECK_IN))
        | Q(conference__campaign__organising_unit__in=access.units(user, C.VIEW_CAMPAIGNS))
    ).select_related("point__host_unit", "conference__campaign")
    session: MakeUpSession = _get(found, session_id)
    return session


# --- implementation plans -------------------------------------------------------------------------


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


def may_submit_plan(user: AnyUser, unit: Unit) -> bool:
    return access.can(user, C.PLAN_WORK, unit)


def may_review_plan(user: AnyUser, unit: Unit) -> bool:
    """The unit above (anyone holding PLAN_WORK there or higher) approves; never the unit itself."""
    return unit.parent_id is not None and access.can(user, C.PLAN_WORK, unit.parent_id)


def plan_reach(user: AnyUser, campaign: Campaign) -> QuerySet[Unit]:
    """The plan units the user may see: all for the organisers, else those in their PLAN_WORK reach."""
    units = plan_units(campaign)
    if may_see_campaign(user, campaign):
        return units
    return units.filter(pk__in=access.units(user, C.PLAN_WORK))


def plan_campaign_or_404(user: AnyUser, campaign_id: int | str) -> Campaign:
    """A campaign whose plans board the user may open: as organiser, or with a plan unit in their reach."""
    campaign: Campaign = _get(Campaign.objects.select_related("organising_unit", "scope_unit"), campaign_id)
    if not may_see_campaign(user, campaign) and not plan_reach(user, campaign).exists():
        raise Http404
    return campaign


def plan_unit_or_404(user: AnyUser, campaign: Campaign, unit_id: int | str) -> Unit:
    unit: Unit = _get(plan_reach(user, campaign).select_related("parent"), unit_id)
    return unit


def plan_campaigns(user: AnyUser) -> QuerySet[Campaign]:
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
