"""What the learning reports add to the home page (``core.home``):

* a member: the reports to write, to rewrite, a copying case to explain, and the recent decisions about
  their reports (passed, returned, graded, concluded);
* a reviewer (a cell's secretary, a committee's staff): the reports handed in and waiting to be read, and
  the copying cases of their members, those waiting for their conclusion first;
* organisers: the campaigns past their report deadline with reports still missing.

A fixed number of queries. The counts use the (campaign, status, ...) indexes of ``LearningReport`` for
the few newest campaigns only, so they stay fast at 100,000 reports.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import BooleanField, Count, Q, Value, When
from django.db.models import Case as Choose
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quantriet.campaigns.models import Campaign
from quantriet.core.actors import Actor, is_operator
from quantriet.core.home import Section, Task
from quantriet.orgs import access as org_access
from quantriet.orgs.access import Capability as C
from quantriet.reports.models import (
    Case,
    CaseState,
    EventKind,
    LatePolicy,
    LearningReport,
    ReportEvent,
    ReportStatus,
)
from quantriet.reports.selectors import access

SHOWN = 5
CAMPAIGNS_SHOWN = 5
DECISION_DAYS = 30
SOON_DAYS = 3
COMMENT_CHARS = 160
# What a member is told about their report on the home page ("recent decisions").
DECISION_KINDS = (EventKind.PASSED, EventKind.RETURNED, EventKind.GRADED, EventKind.DECIDED)


def _day(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _short(text: str) -> str:
    """A reviewer's comment on one line of the phone's screen or two; the report's page has it whole."""
    return Truncator(" ".join(text.split())).chars(COMMENT_CHARS)


def sections(user: Actor) -> list[Section]:
    if not user.is_authenticated:
        return []
    found: list[Section | None] = [*_own(user)]
    if access.may_review_any(user):
        found += [_to_review(user), _cases(user)]
    if org_access.has_any(user, C.MANAGE_CAMPAIGNS):
        found.append(_lagging(user))
    return [s for s in found if s is not None]


# --- the member ------------------------------------------------------------------------------------


def _own(user: AbstractBaseUser) -> list[Section]:
    today = timezone.localdate()
    open_reports = list(
        LearningReport.objects.filter(
            member__user_id=user.pk,
            status__in=[ReportStatus.REQUIRED, ReportStatus.RETURNED],
            campaign__report_requirement__isnull=False,
        )
        .select_related("campaign__report_requirement")
        .only(
            "id",
            "status",
            "rewrite_by",
            "comment",
            "campaign__id",
            "campaign__title",
            "campaign__report_requirement__deadline",
            "campaign__report_requirement__late_policy",
        )
        .order_by("campaign__report_requirement__deadline", "id")[:SHOWN]
    )
    tasks = []
    for report in open_reports:
        requirement = report.campaign.report_requirement
        if report.status == ReportStatus.RETURNED:
            due = report.rewrite_by or requirement.deadline
            tasks.append(
                Task(
                    label=_("Viết lại bài thu hoạch: %(campaign)s") % {"campaign": report.campaign.title},
                    url=reverse("reports:write", args=[report.pk]),
                    detail=_("Bài được trả lại; hạn viết lại %(day)s") % {"day": _day(due)}
                    + (f" — {_short(report.comment)}" if report.comment else ""),
                    urgent=True,
                )
            )
            continue
        late = today > requirement.deadline
        if late and requirement.late_policy == LatePolicy.REFUSE:
            continue  # nothing left to do: the campaign takes no late report
        detail = _("hạn nộp %(day)s") % {"day": _day(requirement.deadline)}
        if late:
            detail += " · " + _("đã quá hạn, bài nộp sẽ bị ghi là muộn")
        tasks.append(
            Task(
                label=_("Viết bài thu hoạch: %(campaign)s") % {"campaign": report.campaign.title},
                url=reverse("reports:write", args=[report.pk]),
                detail=detail,
                urgent=(requirement.deadline - today).days <= SOON_DAYS,
            )
        )
    awaiting = Case.objects.filter(report__member__user_id=user.pk, state=CaseState.AWAITING_ANSWER)
    for case in awaiting.select_related("report__campaign").order_by("answer_by", "id")[:SHOWN]:
        tasks.insert(
            0,
            Task(
                label=_("Giải trình về bài thu hoạch: %(campaign)s")
                % {"campaign": case.report.campaign.title},
                url=reverse("reports:case", args=[case.pk]),
                detail=_("hạn giải trình %(day)s") % {"day": _day(case.answer_by)},
                urgent=True,
            ),
        )
    mine = Section(
        key="my-reports",
        title=_("Bài thu hoạch của tôi"),
        tasks=tasks,
        order=12,
        more_url=reverse("reports:mine"),
        more_label=_("Mọi bài thu hoạch của tôi"),
    )
    return [mine, _decisions(user)]


def _decisions(user: AbstractBaseUser) -> Section:
    since = timezone.now() - dt.timedelta(days=DECISION_DAYS)
    events = (
        ReportEvent.objects.filter(report__member__user_id=user.pk, kind__in=DECISION_KINDS, at__gte=since)
        .select_related("report__campaign")
        .only("id", "kind", "at", "note", "report__id", "report__status", "report__campaign__title")
        .order_by("-at", "-id")[:SHOWN]
    )
    tasks = [
        Task(
            label=f"{event.get_kind_display()}: {event.report.campaign.title}",
            url=reverse("reports:report", args=[event.report.pk]),
            detail=date_format(timezone.localtime(event.at), "d/m/Y H:i")
            + (f" — {_short(event.note)}" if event.note else ""),
        )
        for event in events
    ]
    # What was decided is news, not a task: after everything still to do.
    return Section(key="decisions", title=_("Kết quả gần đây về bài thu hoạch"), tasks=tasks, order=70)


# --- reviewers -------------------------------------------------------------------------------------


def _queue_url(campaign_id: int, state: str) -> str:
    return reverse("reports:queue") + "?" + urlencode({"campaign": campaign_id, "state": state})


def _counts(user: AbstractBaseUser, campaigns: list[Campaign], status: str) -> dict[int, int]:
    """Reports in ``status`` per campaign among the user's reviewable ones: one query.

    A campaign whose whole scope the user reviews needs no unit filter, so its count is read from the
    (campaign, status, ...) index alone, as the review queue does; the others are narrowed to the subtree.
    """
    if not campaigns:
        return {}
    ids = [c.pk for c in campaigns]
    rows = LearningReport.objects.filter(campaign_id__in=ids, status=status)
    if not is_operator(user):
        roots = org_access.root_unit_ids(user, C.REVIEW_REPORTS)
        whole = {c.pk for c in campaigns if c.scope_unit_id in roots}
        partial = [pk for pk in ids if pk not in whole]
        condition = Q(campaign_id__in=whole) if whole else Q(pk__in=[])
        if partial:
            condition |= Q(campaign_id__in=partial, unit_id__in=org_access.subtree_ids(roots))
        rows = rows.filter(condition)
    # No order: the model's default ordering would join the campaign, the unit and the member.
    found = rows.order_by().values("campaign_id").annotate(n=Count("id")).values_list("campaign_id", "n")
    return dict(found)


def _to_review(user: AbstractBaseUser) -> Section | None:
    campaigns = list(
        access.campaigns_with_reports(user)
        .filter(report_requirement__isnull=False)
        .only("id", "title", "scope_unit_id", "conference_date")
        .order_by("-conference_date", "-id")[:CAMPAIGNS_SHOWN]
    )
    counts = _counts(user, campaigns, ReportStatus.SUBMITTED)
    tasks = [
        Task(
            label=ngettext(
                "Đọc %(n)d bài thu hoạch đã nộp: %(campaign)s",
                "Đọc %(n)d bài thu hoạch đã nộp: %(campaign)s",
                counts[c.pk],
            )
            % {"n": counts[c.pk], "campaign": c.title},
            url=_queue_url(c.pk, "submitted"),
            count=counts[c.pk],
        )
        for c in campaigns
        if counts.get(c.pk)
    ]
    return Section(
        key="to-review",
        title=_("Bài thu hoạch chờ xem xét"),
        tasks=tasks,
        order=25,
        more_url=reverse("reports:queue"),
        more_label=_("Danh sách bài thu hoạch"),
    )


def _cases(user: AbstractBaseUser) -> Section | None:
    """Open copying cases: those the user concludes (their unit is the one above the case's unit), then
    those about the members of their own units and the units directly below (waiting for the member's
    explanation or the conclusion above). Staff higher up may conclude too, but it is not their next task.
    """
    if is_operator(user):
        deciding = Q(state=CaseState.AWAITING_DECISION)
        watched = ~Q(state=CaseState.DECIDED)
    else:
        own = org_access.root_unit_ids(user, C.REVIEW_REPORTS)
        deciding = Q(state=CaseState.AWAITING_DECISION) & (
            Q(unit__parent_id__in=own) | Q(unit__parent__isnull=True, unit_id__in=own)
        )
        watched = ~Q(state=CaseState.DECIDED) & (
            Q(report__unit_id__in=own) | Q(report__unit__parent_id__in=own)
        )
    found = list(
        Case.objects.filter(deciding | watched)
        .annotate(
            to_decide=Choose(
                When(deciding, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .select_related("report__member", "report__campaign")
        .only(
            "id",
            "state",
            "answer_by",
            "unit_id",
            "report__id",
            "report__member__full_name",
            "report__campaign__title",
        )
        .order_by("-to_decide", "opened_at", "id")[:SHOWN]
    )
    tasks = []
    for case in found:
        about = {"member": case.report.member.full_name, "campaign": case.report.campaign.title}
        if case.to_decide:
            label = _("Kết luận vụ việc nghi sao chép: %(member)s — %(campaign)s") % about
            detail = _("Đảng viên đã giải trình")
        else:
            label = _("Theo dõi vụ việc nghi sao chép: %(member)s — %(campaign)s") % about
            detail = str(case.get_state_display())
            if case.state == CaseState.AWAITING_ANSWER:
                detail += " · " + _("hạn %(day)s") % {"day": _day(case.answer_by)}
        tasks.append(
            Task(
                label=label,
                url=reverse("reports:case", args=[case.pk]),
                detail=detail,
                urgent=case.to_decide,
            )
        )
    return Section(key="cases", title=_("Vụ việc nghi sao chép"), tasks=tasks, order=27)


# --- organisers ------------------------------------------------------------------------------------


def _lagging(user: AbstractBaseUser) -> Section | None:
    """Organised campaigns past their report deadline with reports still missing."""
    today = timezone.localdate()
    organised = Campaign.objects.filter(
        report_requirement__deadline__lt=today,
        report_requirement__deadline__gte=today - dt.timedelta(days=DECISION_DAYS * 2),
    )
    if not is_operator(user):
        organised = organised.filter(organising_unit__in=org_access.units(user, C.MANAGE_CAMPAIGNS))
    campaigns = list(
        organised.select_related("report_requirement")
        .only("id", "title", "scope_unit_id", "report_requirement__deadline")
        .order_by("-report_requirement__deadline", "-id")[:CAMPAIGNS_SHOWN]
    )
    if not campaigns:
        return None
    # The organisers see the whole campaign: no unit filter, the index alone counts.
    missing = dict(
        LearningReport.objects.filter(campaign_id__in=[c.pk for c in campaigns], status=ReportStatus.REQUIRED)
        .order_by()
        .values("campaign_id")
        .annotate(n=Count("id"))
        .values_list("campaign_id", "n")
    )
    tasks = [
        Task(
            label=ngettext(
                "%(n)d bài thu hoạch chưa nộp: %(campaign)s",
                "%(n)d bài thu hoạch chưa nộp: %(campaign)s",
                missing[c.pk],
            )
            % {"n": missing[c.pk], "campaign": c.title},
            url=reverse("reports:board", args=[c.pk]),
            detail=_("hạn nộp %(day)s đã qua") % {"day": _day(c.report_requirement.deadline)},
            count=missing[c.pk],
            urgent=True,
        )
        for c in campaigns
        if missing.get(c.pk)
    ]
    return Section(key="reports-lagging", title=_("Bài thu hoạch còn thiếu"), tasks=tasks, order=42)
