"""What campaigns add to the home page (``core.home``), each part for those it concerns:

* a member: their coming invitations, each leading to the personal QR code;
* the staff of a unit that owes implementation plans (a cell's secretary, a commune's committee): the
  plans due or returned, and the plans of the units below waiting for their approval;
* point staff: the check-in desks of the coming days;
* organisers: the campaigns they run, with what is late (plans owed after the deadline).

Reads are bounded: a fixed number of queries, plus one per campaign shown (at most ``CAMPAIGNS_SHOWN``)
for what the tree decides (which units owe a plan), never one per unit or per member.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.campaigns import selectors
from quantriet.campaigns.models import BridgePoint, Campaign, Conference, ImplementationPlan, PlanStatus
from quantriet.core.actors import Actor, is_operator
from quantriet.core.home import Section, Task
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.selectors import unit_paths

SHOWN = 5
CAMPAIGNS_SHOWN = 5
# A plan still missing this long after its deadline stops being a to-do of the home page (the plans
# board keeps it); a campaign is followed on the home page until this long after its report deadline.
PLAN_DAYS_AFTER = 60
FOLLOW_DAYS_AFTER = 30
DESK_DAYS_AHEAD = 7
SOON_DAYS = 3


def _day(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def sections(user: Actor) -> list[Section]:
    if not user.is_authenticated:
        return []
    found: list[Section | None] = [_invitations(user)]
    if access.has_any(user, C.PLAN_WORK) and not is_operator(user):
        found += [_plans_due(user), _plans_to_approve(user)]
    if access.has_any(user, C.CHECK_IN) and not is_operator(user):
        found.append(_desks(user))
    if access.has_any(user, C.MANAGE_CAMPAIGNS):
        found.append(_organised(user))
    return [s for s in found if s is not None]


def _invitations(user: AbstractBaseUser) -> Section | None:
    today = timezone.localdate()
    coming = list(
        selectors.own_invitations(user)
        .filter(conference__held_on__gte=today)
        .order_by("conference__held_on", "conference__starts_at", "id")[:SHOWN]
    )
    tasks = [
        Task(
            label=_("Dự %(conference)s") % {"conference": d.conference.title},
            url=reverse("campaigns:my_invitations") + f"#inv-{d.pk}",
            detail=_("%(time)s ngày %(day)s tại %(point)s — mở để lấy mã QR điểm danh")
            % {
                "time": d.conference.starts_at.strftime("%H:%M"),
                "day": _day(d.conference.held_on),
                "point": d.point.name,
            },
            urgent=(d.conference.held_on - today).days <= SOON_DAYS,
        )
        for d in coming
        if not getattr(d, "present", False)
    ]
    return Section(
        key="invitations",
        title=_("Giấy mời dự hội nghị"),
        tasks=tasks,
        order=10,
        more_url=reverse("campaigns:my_invitations"),
        more_label=_("Đợt học tập của tôi"),
    )


def _plans_due(user: AbstractBaseUser) -> Section | None:
    """Plans the person's own units owe (missing, or returned to be corrected)."""
    today = timezone.localdate()
    campaigns = list(
        selectors.plan_campaigns(user)
        .filter(plan_deadline__gte=today - dt.timedelta(days=PLAN_DAYS_AFTER))
        .select_related("scope_unit", "organising_unit")
        .order_by("plan_deadline", "id")[:CAMPAIGNS_SHOWN]
    )
    if not campaigns:
        return None
    own = access.root_unit_ids(user, C.PLAN_WORK)
    owing: dict[int, list[int]] = {
        c.pk: list(selectors.plan_units(c).filter(pk__in=own).values_list("pk", flat=True)) for c in campaigns
    }
    if not any(owing.values()):
        return None
    plans = {
        (p.campaign_id, p.unit_id): p
        for p in ImplementationPlan.objects.filter(
            campaign_id__in=[c.pk for c in campaigns], unit_id__in=own
        ).only("id", "campaign_id", "unit_id", "status")
    }
    paths = unit_paths({u for units in owing.values() for u in units})
    tasks = []
    for campaign in campaigns:
        for unit_id in owing[campaign.pk]:
            plan = plans.get((campaign.pk, unit_id))
            if plan is not None and plan.status != PlanStatus.RETURNED:
                continue
            late = campaign.plan_deadline < today
            label = (
                _("Sửa và nộp lại kế hoạch thực hiện: %(campaign)s")
                if plan is not None
                else _("Nộp kế hoạch thực hiện: %(campaign)s")
            )
            detail = _("%(unit)s · hạn %(day)s") % {
                "unit": paths[unit_id],
                "day": _day(campaign.plan_deadline),
            }
            if late:
                detail += " · " + _("đã quá hạn")
            tasks.append(
                Task(
                    label=label % {"campaign": campaign.title},
                    url=reverse("campaigns:plan", args=[campaign.pk, unit_id]),
                    detail=detail,
                    urgent=plan is not None or (campaign.plan_deadline - today).days <= SOON_DAYS,
                )
            )
    return Section(key="plans-due", title=_("Kế hoạch thực hiện phải nộp"), tasks=tasks, order=20)


def _plans_to_approve(user: AbstractBaseUser) -> Section | None:
    """Plans of the units directly below the person's own units, submitted and waiting for approval.

    Staff higher up may approve them too (``selectors.may_review_plan``), but it is not their next task.
    """
    own = access.root_unit_ids(user, C.PLAN_WORK)
    waiting = list(
        ImplementationPlan.objects.filter(status=PlanStatus.SUBMITTED, unit__parent_id__in=own)
        .values("campaign_id", "campaign__title")
        .annotate(n=Count("id"), oldest=Min("submitted_at"))
        .order_by("oldest")[:SHOWN]
    )
    tasks = [
        Task(
            label=ngettext(
                "Duyệt %(n)d kế hoạch thực hiện: %(campaign)s",
                "Duyệt %(n)d kế hoạch thực hiện: %(campaign)s",
                row["n"],
            )
            % {"n": row["n"], "campaign": row["campaign__title"]},
            url=reverse("campaigns:plans", args=[row["campaign_id"]]),
            detail=_("nộp từ %(day)s") % {"day": _day(timezone.localtime(row["oldest"]).date())},
            count=row["n"],
        )
        for row in waiting
    ]
    return Section(key="plans-approve", title=_("Kế hoạch thực hiện chờ duyệt"), tasks=tasks, order=30)


def _desks(user: AbstractBaseUser) -> Section | None:
    """The check-in desks of the person's own units in the coming days.

    Only points hosted by the units where they hold the role, not every point below: a province's staff
    may check in anywhere in the province, but their own desk is the main point.
    """
    today = timezone.localdate()
    own = access.root_unit_ids(user, C.CHECK_IN)
    points = list(
        BridgePoint.objects.filter(host_unit_id__in=own)
        .filter(
            conference__held_on__gte=today, conference__held_on__lte=today + dt.timedelta(DESK_DAYS_AHEAD)
        )
        .select_related("conference")
        .order_by("conference__held_on", "conference__starts_at", "id")[:SHOWN]
    )
    tasks = [
        Task(
            label=_("Điểm danh tại %(point)s") % {"point": point.name},
            url=reverse("campaigns:check_in", args=[point.pk]),
            detail=_("%(conference)s · %(time)s ngày %(day)s")
            % {
                "conference": point.conference.title,
                "time": point.conference.starts_at.strftime("%H:%M"),
                "day": _day(point.conference.held_on),
            },
            urgent=point.conference.held_on == today,
        )
        for point in points
    ]
    return Section(key="desks", title=_("Bàn điểm danh sắp mở"), tasks=tasks, order=15)


def _organised(user: AbstractBaseUser) -> Section | None:
    """The campaigns the person organises that are still running, with what is late in each."""
    today = timezone.localdate()
    running = Campaign.objects.filter(report_deadline__gte=today - dt.timedelta(days=FOLLOW_DAYS_AFTER))
    if not is_operator(user):
        running = running.filter(organising_unit__in=access.units(user, C.MANAGE_CAMPAIGNS))
    campaigns = list(
        running.select_related("scope_unit", "organising_unit").order_by("conference_date", "id")[
            :CAMPAIGNS_SHOWN
        ]
    )
    if not campaigns:
        return None
    ids = [c.pk for c in campaigns]
    next_conference = dict(
        Conference.objects.filter(campaign_id__in=ids, held_on__gte=today)
        .order_by()
        .values("campaign_id")
        .annotate(day=Min("held_on"))
        .values_list("campaign_id", "day")
    )
    tasks = []
    for campaign in campaigns:
        parts = []
        urgent = False
        day = next_conference.get(campaign.pk)
        if day is not None:
            parts.append(_("hội nghị ngày %(day)s") % {"day": _day(day)})
        if campaign.plan_deadline < today:
            owed = _plans_owed(campaign)
            if owed:
                urgent = True
                parts.append(
                    ngettext(
                        "%(n)d đơn vị chưa nộp kế hoạch (hạn %(day)s)",
                        "%(n)d đơn vị chưa nộp kế hoạch (hạn %(day)s)",
                        owed,
                    )
                    % {"n": owed, "day": _day(campaign.plan_deadline)}
                )
        else:
            parts.append(_("hạn nộp kế hoạch %(day)s") % {"day": _day(campaign.plan_deadline)})
        tasks.append(
            Task(
                label=campaign.title,
                url=(
                    reverse("campaigns:plans", args=[campaign.pk]) + "?state=missing"
                    if urgent
                    else campaign.get_absolute_url()
                ),
                detail=" · ".join(parts),
                urgent=urgent,
            )
        )
    return Section(
        key="organised",
        title=_("Đợt học tập đồng chí tổ chức"),
        tasks=tasks,
        order=40,
        more_url=reverse("campaigns:list"),
        more_label=_("Mọi đợt học tập"),
    )


def _plans_owed(campaign: Campaign) -> int:
    """How many units that owe ``campaign`` a plan have none yet: one query."""
    handed_in = ImplementationPlan.objects.filter(campaign=campaign).values("unit_id")
    return selectors.plan_units(campaign).exclude(pk__in=handed_in).count()
