"""Opening, refreshing and closing a review period.

Opening a period makes every review row at once: a ``MemberReview`` per member on the roll of the subtree
(and one more at each other unit of the subtree where the member holds a post: a cadre is reviewed at each
place), an ``OrganisationReview`` per grassroots organisation and cell. Each row knows its standing
(exempted, suspended, admitted less than six months before the end: not rated, and why) and what the
platform recorded in the period (``reviews.facts.prefill_members``). Every board and quota is then a
count over one table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet import rules
from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Exemption, Member, Position, Unit, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.models.units import Level as UnitLevel
from quantriet.orgs.services import record_audit
from quantriet.reviews import facts
from quantriet.reviews.models import (
    MemberReview,
    OrganisationReview,
    PeriodKind,
    PeriodState,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
)

BATCH = 2000
# The timetable may run up to this many months after the period's end (ratings of a year close by spring).
TIMETABLE_MONTHS_AFTER = 6
# Units whose members are reviewed where they belong; organisations reviewed in a period.
RATED_UNIT_LEVELS = (UnitLevel.GRASSROOTS, UnitLevel.CELL)
OPENING_LEVELS = (UnitLevel.CENTRAL, UnitLevel.CENTRAL_DIRECT, UnitLevel.INTERMEDIATE, UnitLevel.GRASSROOTS)


def _uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def _check_manage(actor: Actor | None, unit: Unit | int) -> None:
    if actor is not None and not access.can(actor, C.MANAGE_REVIEWS, unit):
        raise Http404


def span_of(kind: str, year: int, quarter: int | None, last_year: int | None) -> rules.Period:
    """The span a period of ``kind`` covers, or a Vietnamese refusal on the field that is wrong."""
    if kind not in PeriodKind.values:
        raise ValidationError({"kind": _("Hãy chọn kỳ đánh giá: năm, quý hoặc nhiệm kỳ.")})
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Năm không hợp lệ.")})
    if kind == PeriodKind.QUARTER:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError({"quarter": _("Hãy chọn quý I, II, III hoặc IV.")})
        return rules.Period.quarter(year, quarter)
    if kind == PeriodKind.TERM:
        if last_year is None or not year < last_year <= year + 10:
            raise ValidationError({"last_year": _("Năm cuối nhiệm kỳ phải sau năm đầu và không quá 10 năm.")})
        return rules.Period.term(year, last_year)
    return rules.Period.year(year)


def months_after(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it has fewer (31/12 → 30/06)."""
    year, month = divmod(day.month - 1 + months, 12)
    first_next = dt.date(day.year + year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return min(
        dt.date(day.year + year, month + 1, 1) + dt.timedelta(days=day.day - 1),
        first_next - dt.timedelta(days=1),
    )


def check_timetable(
    span: rules.Period, self_until: dt.date, meeting_until: dt.date, decisions_until: dt.date
) -> None:
    """The timetable's dates in the prescribed order and inside the period's window."""
    errors: dict[str, str] = {}
    latest = months_after(span.end, TIMETABLE_MONTHS_AFTER)
    for field, day in (
        ("self_assessment_until", self_until),
        ("meeting_until", meeting_until),
        ("decisions_until", decisions_until),
    ):
        if not span.start <= day <= latest:
            errors[field] = _("Ngày phải từ %(a)s đến %(b)s (trong kỳ đánh giá hoặc sáu tháng sau đó).") % {
                "a": f"{span.start:%d/%m/%Y}",
                "b": f"{latest:%d/%m/%Y}",
            }
    if "meeting_until" not in errors and "self_assessment_until" not in errors and meeting_until < self_until:
        errors["meeting_until"] = _("Hạn họp chi bộ không được trước hạn tự đánh giá.")
    if "decisions_until" not in errors and "meeting_until" not in errors and decisions_until < meeting_until:
        errors["decisions_until"] = _("Hạn quyết định xếp loại không được trước hạn họp chi bộ.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_period(
    actor: Actor | None,
    *,
    unit: Unit,
    kind: str,
    year: int,
    quarter: int | None = None,
    last_year: int | None = None,
    title: str = "",
    self_assessment_until: dt.date,
    meeting_until: dt.date,
    decisions_until: dt.date,
    quota_enabled: bool = True,
    quota_share: Decimal = Decimal("0.20"),
) -> ReviewPeriod:
    """Open a period for ``unit``'s subtree and make every member's and organisation's review in it."""
    _check_manage(actor, unit)
    if unit.level not in OPENING_LEVELS:
        raise ValidationError(
            {"unit": _("Đợt đánh giá do cấp ủy từ tổ chức cơ sở đảng trở lên mở; hãy chọn đơn vị khác.")}
        )
    if not unit.is_active:
        raise ValidationError({"unit": _("Đơn vị đã giải thể hoặc sáp nhập.")})
    span = span_of(kind, year, quarter, last_year)
    try:
        rule_set = rules.rule_set_for(span)
    except rules.NoRuleSetError as error:
        raise ValidationError({"kind": error.message_vi}) from None
    check_timetable(span, self_assessment_until, meeting_until, decisions_until)
    try:
        share = Decimal(quota_share)
    except (InvalidOperation, TypeError, ValueError):
        share = Decimal(-1)
    if not Decimal("0.01") <= share <= Decimal("1"):
        raise ValidationError({"quota_share": _("Tỷ lệ HTXS so với HTT phải từ 1% đến 100%.")})
    if ReviewPeriod.objects.filter(unit=unit, kind=kind, start=span.start).exists():
        raise ValidationError(
            {
                "year": _("%(unit)s đã có đợt đánh giá %(span)s; không mở thêm đợt thứ hai.")
                % {"unit": unit.name, "span": span.label_vi}
            }
        )
    title = " ".join(title.split())[:200] or _("Đánh giá, xếp loại chất lượng %(span)s — %(unit)s") % {
        "span": span.label_vi,
        "unit": unit.name,
    }
    try:
        with transaction.atomic():
            period = ReviewPeriod.objects.create(
                unit=unit,
                kind=kind,
                year=year,
                quarter=quarter if kind == PeriodKind.QUARTER else None,
                last_year=last_year if kind == PeriodKind.TERM else None,
                start=span.start,
                end=span.end,
                rule_set=RuleSetCode(rule_set.code),
                title=title[:200],
                self_assessment_until=self_assessment_until,
                meeting_until=meeting_until,
                decisions_until=decisions_until,
                quota_enabled=bool(quota_enabled),
                quota_share=share,
                opened_by_id=_uid(actor),
            )
    except IntegrityError:  # the same period opened at the same moment by someone else
        raise ValidationError(
            {"year": _("%(unit)s đã có đợt đánh giá %(span)s.") % {"unit": unit.name, "span": span.label_vi}}
        ) from None
    members, organisations = _make_reviews(period)
    record_audit(
        actor,
        "reviews.period_opened",
        period,
        unit=unit,
        summary=_("Mở đợt đánh giá: %(title)s (%(m)s đảng viên, %(o)s tổ chức đảng)")
        % {"title": period.title, "m": members, "o": organisations},
        changes={
            "kind": kind,
            "start": span.start,
            "end": span.end,
            "rule_set": rule_set.code,
            "self_assessment_until": self_assessment_until,
            "meeting_until": meeting_until,
            "decisions_until": decisions_until,
            "quota_enabled": bool(quota_enabled),
            "quota_share": str(share),
        },
    )
    return period


def _grassroots_of(unit_ids: Iterable[int]) -> dict[int, int]:
    """Each unit's nearest grassroots organisation (itself when it is one; itself when none is above)."""
    ids = list(unit_ids)
    found: dict[int, int] = {}
    rows = (
        UnitLink.objects.filter(descendant_id__in=ids, ancestor__level=UnitLevel.GRASSROOTS)
        .order_by("descendant_id", "distance")
        .values_list("descendant_id", "ancestor_id")
    )
    for descendant, ancestor in rows:
        found.setdefault(descendant, ancestor)
    return {pk: found.get(pk, pk) for pk in ids}


def _posts(period: ReviewPeriod, subtree: Any) -> dict[tuple[int, int], list[str]]:
    """The posts held in the period at each unit of the subtree, by (member, unit)."""
    held: dict[tuple[int, int], list[str]] = {}
    positions = Position.objects.filter(
        Q(end__isnull=True) | Q(end__gte=period.start), unit_id__in=subtree, start__lte=period.end
    ).order_by("start", "id")
    for position in positions:
        held.setdefault((position.member_id, position.unit_id), []).append(str(position.get_kind_display()))
    return held


def _make_reviews(period: ReviewPeriod, *, only_missing: bool = False) -> tuple[int, int]:
    """Make the reviews of every member at each place and of every rated organisation of the subtree;
    with ``only_missing``, only those the period lacks (members admitted or moved in since opening, a new
    cell), so a refresh adds them without touching reviews already under way."""
    today = timezone.localdate()
    subtree = UnitLink.objects.filter(ancestor_id=period.unit_id).values("descendant_id")
    units = list(
        Unit.objects.filter(id__in=subtree)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=period.start))
        .only("id", "level", "valid_from")
    )
    grassroots = _grassroots_of(u.pk for u in units)
    posts = _posts(period, subtree)
    roll = Member.objects.filter(unit_id__in=subtree, status__in=ON_ROLL_STATUSES).only(
        "id", "unit_id", "status", "admission_date"
    )
    on_roll = {m.pk: m for m in roll.order_by("id")}
    exempted = _exempted_in(period, subtree)
    places: list[tuple[Member, int, str]] = []
    for member in on_roll.values():
        places.append((member, member.unit_id, ", ".join(posts.get((member.pk, member.unit_id), []))))
    for (member_id, unit_id), kinds in posts.items():
        holder = on_roll.get(member_id)
        if holder is not None and unit_id != holder.unit_id and unit_id in grassroots:
            places.append((holder, unit_id, ", ".join(kinds)))
    if only_missing:
        had = set(MemberReview.objects.filter(period=period).values_list("member_id", "unit_id"))
        places = [place for place in places if (place[0].pk, place[1]) not in had]
        had_units = set(OrganisationReview.objects.filter(period=period).values_list("unit_id", flat=True))
        units = [unit for unit in units if unit.pk not in had_units]
    prefill = facts.prefill_members(sorted({member.pk for member, _, _ in places}), period, today)
    rows = []
    for member, unit_id, post in places:
        standing = facts.standing_of(member, period, member.pk in exempted)
        rows.append(
            MemberReview(
                period=period,
                member_id=member.pk,
                unit_id=unit_id,
                grassroots_id=grassroots.get(unit_id, unit_id),
                post=post[:200],
                standing=standing,
                state=ReviewState.PENDING if standing == Standing.RATED else ReviewState.NOT_RATED,
                prefill=prefill[member.pk],
                form=default_form(period, bool(post)),
            )
        )
    MemberReview.objects.bulk_create(rows, batch_size=BATCH)
    rated_units = [u for u in units if u.level in RATED_UNIT_LEVELS]
    unit_prefill = facts.prefill_units([u.pk for u in rated_units], period)
    organisations = []
    for unit in rated_units:
        standing = facts.unit_standing(unit, period)
        organisations.append(
            OrganisationReview(
                period=period,
                unit_id=unit.pk,
                grassroots_id=grassroots.get(unit.pk, unit.pk),
                standing=standing,
                state=ReviewState.PENDING if standing == Standing.RATED else ReviewState.NOT_RATED,
                prefill=unit_prefill[unit.pk],
                form=collective_form(period),
            )
        )
    OrganisationReview.objects.bulk_create(organisations, batch_size=BATCH)
    return len(rows), len(organisations)


def _exempted_in(period: ReviewPeriod, subtree: Any) -> set[int]:
    return set(
        Exemption.objects.filter(
            Q(end__isnull=True) | Q(end__gte=period.start), member__unit_id__in=subtree, start__lte=period.end
        ).values_list("member_id", flat=True)
    )


def default_form(period: ReviewPeriod, leader: bool) -> str:
    """Mẫu 2A for cadres and leaders, 2B for other members (2C chosen by the member) under qd366."""
    if period.rule_set == RuleSetCode.QD366:
        return "2A" if leader else "2B"
    return period.rule_set


def collective_form(period: ReviewPeriod) -> str:
    return "01" if period.rule_set == RuleSetCode.QD366 else f"{period.rule_set}-tc"


@transaction.atomic
def refresh_prefill(actor: Actor | None, period: ReviewPeriod) -> int:
    """Read again what the platform knows for every review of an open period; the standing of reviews
    not yet proposed follows (a member exempted since opening is no longer rated). Members on the roll
    since opening (admitted, moved in) and new organisations get their reviews. Returns the number of
    member reviews added."""
    _check_manage(actor, period.unit_id)
    period = ReviewPeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("Đợt đánh giá đã kết thúc; không cập nhật lại thông tin."))
    today = timezone.localdate()
    subtree = UnitLink.objects.filter(ancestor_id=period.unit_id).values("descendant_id")
    exempted = _exempted_in(period, subtree)
    reviews = list(MemberReview.objects.filter(period=period).select_related("member").order_by("id"))
    prefill = facts.prefill_members(sorted({r.member_id for r in reviews}), period, today)
    changed = []
    for review in reviews:
        review.prefill = prefill[review.member_id]
        if review.state in (ReviewState.PENDING, ReviewState.SELF_ASSESSED, ReviewState.NOT_RATED):
            review.standing = facts.standing_of(review.member, period, review.member_id in exempted)
            if review.standing != Standing.RATED:
                review.state = ReviewState.NOT_RATED
            elif review.state == ReviewState.NOT_RATED:
                review.state = ReviewState.SELF_ASSESSED if review.self_assessed_at else ReviewState.PENDING
        changed.append(review)
    MemberReview.objects.bulk_update(changed, ["prefill", "standing", "state"], batch_size=BATCH)
    organisations = list(OrganisationReview.objects.filter(period=period).order_by("id"))
    unit_prefill = facts.prefill_units([o.unit_id for o in organisations], period)
    for organisation in organisations:
        organisation.prefill = unit_prefill[organisation.unit_id]
    OrganisationReview.objects.bulk_update(organisations, ["prefill"], batch_size=BATCH)
    added_members, added_units = _make_reviews(period, only_missing=True)
    record_audit(
        actor,
        "reviews.period_refreshed",
        period,
        unit=period.unit,
        summary=_("Cập nhật thông tin đánh giá: %(title)s") % {"title": period.title},
        changes={
            "member_reviews": len(changed),
            "organisation_reviews": len(organisations),
            "member_reviews_added": added_members,
            "organisation_reviews_added": added_units,
        },
    )
    return added_members


@transaction.atomic
def close_period(actor: Actor | None, period: ReviewPeriod) -> ReviewPeriod:
    """Close the period: no more self-assessments, proposals or decisions (only re-rating from above)."""
    _check_manage(actor, period.unit_id)
    period = ReviewPeriod.objects.select_for_update(of=("self",)).select_related("unit").get(pk=period.pk)
    if not period.is_open:
        raise ValidationError(_("Đợt đánh giá này đã kết thúc từ trước."))
    undecided = (
        MemberReview.objects.filter(period=period)
        .exclude(state__in=[ReviewState.DECIDED, ReviewState.NOT_RATED])
        .count()
    )
    period.state = PeriodState.CLOSED
    period.closed_by_id = _uid(actor)
    period.closed_at = timezone.now()
    period.save(update_fields=["state", "closed_by", "closed_at"])
    record_audit(
        actor,
        "reviews.period_closed",
        period,
        unit=period.unit,
        summary=_("Kết thúc đợt đánh giá: %(title)s (%(n)s đảng viên chưa có quyết định)")
        % {"title": period.title, "n": undecided},
        changes={"state": [PeriodState.OPEN, PeriodState.CLOSED], "undecided": undecided},
    )
    return period
