"""Reads of the cell meeting and the decision: who may propose or decide where, each row's allowance,
and the HTXS quota of a grassroots organisation, live.

The quota counts each rated member review of the grassroots organisation at its *current* level: the
decided level once decided, else the proposed one. A page asking "what if" passes the levels its
selects hold (``override``); the services count the same way after writing, so the page and the refusal
always agree.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from quantriet import rules
from quantriet.core.actors import Actor, is_operator
from quantriet.orgs import access
from quantriet.orgs.access import Capability
from quantriet.orgs.models import AuditEntry, Unit, UnitLink
from quantriet.reviews import facts as known
from quantriet.reviews.models import (
    LEVEL_SHORT,
    Discipline,
    MemberReview,
    OrganisationReview,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    Standing,
)

Review = MemberReview | OrganisationReview


# --- the rules: the period's rule set and a review's allowance ----------------------------------------


def rule_set_of(period: ReviewPeriod) -> rules.RuleSet:
    """The period's rule set with the period's own quota settings."""
    share = Fraction(str(period.quota_share)).limit_denominator(10_000)
    return rules.get_rule_set(period.rule_set).with_options(
        quota_enabled=period.quota_enabled, quota_ratio=share
    )


def allowance(review: Review, disciplines: Sequence[Discipline] | None = None) -> rules.Allowance:
    """What the period's rule set allows ``review``, with its reasons (``reviews.facts``).

    ``disciplines`` (the member's decisions in the period), when a page read them for many rows at
    once, saves a query per row. Facts the rules refuse allow nothing, with why.
    """
    if isinstance(review, MemberReview) and disciplines is not None:
        try:
            found = known.member_facts(review, disciplines)
            return rules.allowed_level(found, review.period.rules_period(), rule_set=review.period.rule_set)
        except ValueError:
            pass  # ``known.allowance`` says why
    return known.allowance(review)


def standing_refusal(review: Review) -> str | None:
    """Why ``review`` is not classified at all (exempted, suspended, new), or None."""
    if review.standing != Standing.RATED or review.state == ReviewState.NOT_RATED:
        label = Standing(review.standing).label if review.standing != Standing.RATED else _("Không xếp loại")
        return _("Không xếp loại: %(why)s.") % {"why": label}
    return None


def current_level(review: Review) -> str:
    """The level that counts now: the decided one once decided, else the proposed one."""
    return review.decided_level if review.state == ReviewState.DECIDED else review.proposed_level


# --- who may act where -------------------------------------------------------------------------------


def may_propose(user: Actor, unit: Unit | int) -> bool:
    return access.can(user, Capability.PROPOSE_RATINGS, unit)


def _strictly_above(user: Actor, unit_id: int, distance: int) -> bool:
    if is_operator(user):
        return True
    roots = access.root_unit_ids(user, Capability.DECIDE_RATINGS)
    if not roots:
        return False
    return UnitLink.objects.filter(
        ancestor_id__in=roots, descendant_id=unit_id, distance__gte=distance
    ).exists()


def may_decide(user: Actor, unit: Unit | int) -> bool:
    """DECIDE_RATINGS held at a unit strictly above ``unit`` (the rated place): the competent committee."""
    return _strictly_above(user, unit.pk if isinstance(unit, Unit) else unit, 1)


def may_rerate_closed(user: Actor, unit: Unit | int) -> bool:
    """After the period closed, only the level above the deciding committee re-rates: two levels up."""
    return _strictly_above(user, unit.pk if isinstance(unit, Unit) else unit, 2)


def in_period(period: ReviewPeriod, unit: Unit) -> bool:
    return UnitLink.objects.filter(ancestor_id=period.unit_id, descendant_id=unit.pk).exists()


def period_or_404(period_id: int | str) -> ReviewPeriod:
    try:
        return ReviewPeriod.objects.select_related("unit").get(pk=access.id_or_404(period_id))
    except ReviewPeriod.DoesNotExist:
        raise Http404 from None


def meeting_place_or_404(user: Actor, period_id: int | str, unit_id: int | str) -> tuple[ReviewPeriod, Unit]:
    """The period and the unit whose meeting ``user`` may hold (PROPOSE_RATINGS), else 404."""
    unit = access.unit_or_404(user, Capability.PROPOSE_RATINGS, unit_id)
    period = period_or_404(period_id)
    if not in_period(period, unit):
        raise Http404
    return period, unit


def deciding_place_or_404(user: Actor, period_id: int | str, unit_id: int | str) -> tuple[ReviewPeriod, Unit]:
    """The period and a unit whose reviews ``user`` may decide (strictly above its places), else 404."""
    unit = access.unit_or_404(user, Capability.DECIDE_RATINGS, unit_id)
    period = period_or_404(period_id)
    if not in_period(period, unit):
        raise Http404
    return period, unit


def member_review_or_404(user: Actor, review_id: int | str) -> MemberReview:
    """A member review its member, or staff who read ratings of its place, may open; else 404."""
    try:
        review = MemberReview.objects.select_related("period", "member__user", "unit", "grassroots").get(
            pk=access.id_or_404(review_id)
        )
    except MemberReview.DoesNotExist:
        raise Http404 from None
    own = user.is_authenticated and review.member.user_id == user.pk
    if not own and not access.can(user, Capability.VIEW_RATINGS, review.unit_id):
        raise Http404
    return review


def organisation_review_or_404(user: Actor, review_id: int | str) -> OrganisationReview:
    try:
        review = OrganisationReview.objects.select_related("period", "unit", "grassroots").get(
            pk=access.id_or_404(review_id)
        )
    except OrganisationReview.DoesNotExist:
        raise Http404 from None
    if not access.can(user, Capability.VIEW_RATINGS, review.unit_id):
        raise Http404
    return review


def steps_of(review: Review) -> list[RatingStep]:
    return list(review.steps.select_related("actor").order_by("at", "id"))


# --- the quota --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quota:
    """The HTXS quota of one grassroots organisation, as the page and the refusal say it."""

    grassroots: Unit
    group: rules.GroupQuota
    enabled: bool
    names_to_lower: tuple[str, ...] = field(default=())

    @property
    def exceeded(self) -> bool:
        return self.enabled and self.group.exceeded

    @property
    def message(self) -> str:
        g = self.group
        text = _("%(unit)s: %(x)s HTXS, %(t)s HTT — tối đa %(a)s HTXS (không quá %(p)s%% số HTT; %(c)s)") % {
            "unit": self.grassroots.name,
            "x": g.excellent,
            "t": g.good,
            "a": g.allowed_excellent,
            "p": f"{float(g.ratio) * 100:g}",
            "c": g.citation,
        }
        if not self.enabled:
            return text + _(": đợt này không áp dụng tỷ lệ.")
        if not self.exceeded:
            return text + "."
        return text + _(": vượt tỷ lệ, cần hạ %(n)s mức HTXS xuống HTT (gợi ý: %(names)s).") % {
            "n": g.to_reduce,
            "names": ", ".join(self.names_to_lower),
        }

    def as_json(self) -> dict[str, Any]:
        g = self.group
        return {
            "grassroots": self.grassroots.name,
            "excellent": g.excellent,
            "good": g.good,
            "allowed_excellent": g.allowed_excellent,
            "to_reduce": g.to_reduce if self.enabled else 0,
            "exceeded": self.exceeded,
            "enabled": self.enabled,
            "message": self.message,
        }


def _at(level: str, period: ReviewPeriod, grassroots: Unit) -> Q:
    """Reviews of ``grassroots`` whose current level (decided, else proposed) is ``level``.

    Each branch names the period and the organisation itself, so that each is read from its own index
    ((period, grassroots, decided_level) and (period, grassroots, proposed_level)) rather than by
    walking the whole commune."""
    place = Q(period=period, grassroots_id=grassroots.pk)
    return (place & Q(decided_level=level, state=ReviewState.DECIDED)) | (
        place & Q(proposed_level=level) & ~Q(state=ReviewState.DECIDED)
    )


def quota_of(period: ReviewPeriod, grassroots: Unit, override: Mapping[int, str] | None = None) -> Quota:
    """The quota of ``grassroots`` in ``period``, with ``override`` (review id → level) as if saved.

    HTT are only counted (one aggregate); the HTXS rows are read, with names, to say which to lower.
    A commune of 10,000 reviews thus reads a count and its few HTXS, not every row.
    """
    override = dict(override or {})
    # No ordering: the default one joins the period and sorts by name, for rows only counted or keyed.
    rated = MemberReview.objects.filter(
        period=period, grassroots_id=grassroots.pk, standing=Standing.RATED
    ).order_by()
    imagined: dict[int, str] = {}
    if override:
        imagined = {
            pk: name
            for pk, name in rated.filter(pk__in=list(override)).values_list("id", "member__full_name")
        }
        rated = rated.exclude(pk__in=list(imagined))
    good = rated.filter(_at("htt", period, grassroots)).count()
    names = {
        str(pk): name
        for pk, name in rated.filter(_at("htxs", period, grassroots)).values_list("id", "member__full_name")
    }
    for pk, name in imagined.items():
        if override[pk] == "htxs":
            names[str(pk)] = name
        elif override[pk] == "htt":
            good += 1
    proposals = [rules.Proposal(key, grassroots.name, rules.Level.EXCELLENT) for key in names]
    proposals += _good_proposals(grassroots.name, good)
    rule_set = rule_set_of(period)
    report = rules.check_quota(proposals, rule_set=rule_set)
    group = report.groups[0] if report.groups else _empty_group(grassroots, rule_set)
    return Quota(grassroots, group, report.enabled, tuple(names[key] for key in group.to_lower))


_GOOD: dict[str, list[rules.Proposal]] = {}
_GOOD_LOCK = threading.Lock()


def _good_proposals(group: str, count: int) -> list[rules.Proposal]:
    """``count`` HTT proposals of ``group``, which the rules only count: built once per process and
    reused (building a commune's thousands afresh was 25 ms of every page and live quota)."""
    with _GOOD_LOCK:
        if len(_GOOD) > 1000:  # many organisations' lists: start again rather than grow
            _GOOD.clear()
        made = _GOOD.setdefault(group, [])
        if len(made) < count:
            made.extend(rules.Proposal(f"htt-{i}", group, rules.Level.GOOD) for i in range(len(made), count))
        return made[:count]


def _empty_group(grassroots: Unit, rule_set: rules.RuleSet) -> rules.GroupQuota:
    return rules.GroupQuota(
        grassroots.name, 0, 0, 0, 0, (), rule_set.quota_citation, rule_set.options.quota_ratio
    )


def quota_for(period: ReviewPeriod, grassroots: Unit) -> rules.QuotaReport:
    """The contract's reading: the rules' report for one grassroots organisation's current levels."""
    quota = quota_of(period, grassroots)
    return rules.QuotaReport(period.rule_set, quota.enabled, quota.group.ratio, (quota.group,))


# --- the meeting page's rows --------------------------------------------------------------------------


@dataclass
class MeetingRow:
    review: Review
    allowance: rules.Allowance
    refusal: str | None  # why not rated, when not
    other_places: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        prefix = "m" if isinstance(self.review, MemberReview) else "o"
        return f"{prefix}{self.review.pk}"

    @property
    def self_short(self) -> str:
        return LEVEL_SHORT.get(self.review.self_level, "")

    @property
    def proposed_short(self) -> str:
        return LEVEL_SHORT.get(self.review.proposed_level, "")

    @property
    def allowed_short(self) -> str:
        level = self.allowance.level
        return level.short if level is not None else ""

    @property
    def reasons(self) -> list[str]:
        return [reason.text_vi for reason in self.allowance.reasons]

    @property
    def prefill(self) -> list[str]:
        """What the platform knew of the member (campaigns, reports, disciplines), as sentences."""
        stored = self.review.prefill if isinstance(self.review.prefill, dict) else {}
        try:
            return known.prefill_lines(stored)
        except (KeyError, TypeError, ValueError):
            return []

    @property
    def answers(self) -> list[tuple[str, str]]:
        stored = self.review.answers if isinstance(self.review.answers, dict) else {}
        return [(str(key), str(value)) for key, value in stored.items()]


def _row(review: Review, disciplines: Sequence[Discipline] | None = None) -> MeetingRow:
    return MeetingRow(review, allowance(review, disciplines), standing_refusal(review))


def _member_rows(period: ReviewPeriod, reviews: list[MemberReview]) -> list[MeetingRow]:
    """Rows for member reviews of one period: the period's disciplines read once for all of them."""
    by_member: dict[int, list[Discipline]] = {review.member_id: [] for review in reviews}
    if by_member:
        found = Discipline.objects.filter(
            member_id__in=list(by_member), decided_on__gte=period.start, decided_on__lte=period.end
        )
        for discipline in found:
            assert discipline.member_id is not None
            by_member[discipline.member_id].append(discipline)
    rules_period = period.rules_period()
    judged: dict[rules.MemberFacts, rules.Allowance] = {}
    rows = []
    for review in reviews:
        review.period = period  # one period for every row: no query per row
        try:
            facts = known.member_facts(review, by_member[review.member_id])
        except ValueError:
            rows.append(_row(review, by_member[review.member_id]))  # ``known.allowance`` says why
            continue
        # The same facts (points, standing, no discipline…) recur across a cell: judged once each.
        try:
            answer = judged.get(facts)
        except TypeError:  # a fact not hashable: judged on its own
            answer = rules.allowed_level(facts, rules_period, rule_set=period.rule_set)
        if answer is None:
            answer = judged[facts] = rules.allowed_level(facts, rules_period, rule_set=period.rule_set)
        rows.append(MeetingRow(review, answer, standing_refusal(review)))
    return rows


def member_rows(period: ReviewPeriod, unit: Unit) -> list[MeetingRow]:
    """The members reviewed at ``unit`` in ``period``, each with what the rules allow and why, and the
    other places where the member is reviewed too (a cadre with several posts)."""
    reviews = list(
        MemberReview.objects.filter(period=period, unit=unit)
        .select_related("member", "grassroots")
        .order_by("member__name_sort", "id")
    )
    for review in reviews:
        review.unit = unit
    rows = _member_rows(period, reviews)
    ids = [review.member_id for review in reviews]
    others: dict[int, list[str]] = {}
    if ids:
        found = (
            MemberReview.objects.filter(period=period, member_id__in=ids)
            .exclude(unit=unit)
            .values_list("member_id", "unit__name", "post")
            .order_by("unit__name")
        )
        for member_id, name, post in found:
            others.setdefault(member_id, []).append(f"{name} ({post})" if post else name)
    for row in rows:
        assert isinstance(row.review, MemberReview)
        row.other_places = others.get(row.review.member_id, [])
    return rows


def organisation_rows(period: ReviewPeriod, unit: Unit) -> list[MeetingRow]:
    """The organisation reviews of ``unit``'s children (what the committee proposes for below)."""
    reviews = list(
        OrganisationReview.objects.filter(period=period, unit__parent=unit)
        .select_related("unit")
        .order_by("unit__name_sort", "collective", "id")
    )
    for review in reviews:
        review.period = period
    return [_row(review) for review in reviews]


def decide_member_rows(period: ReviewPeriod, unit: Unit) -> list[MeetingRow]:
    """The member reviews at ``unit`` itself (a cell's members, a committee's post holders)."""
    reviews = list(
        MemberReview.objects.filter(period=period, unit=unit)
        .select_related("member", "unit", "grassroots")
        .order_by("member__name_sort", "id")
    )
    return _member_rows(period, reviews)


def decide_organisation_rows(period: ReviewPeriod, unit: Unit, *, itself: bool) -> list[MeetingRow]:
    """The organisation reviews of the units just below ``unit`` (and of ``unit`` when ``itself``)."""
    place = Q(unit__parent=unit) | Q(unit=unit) if itself else Q(unit__parent=unit)
    reviews = list(
        OrganisationReview.objects.filter(place, period=period)
        .select_related("unit")
        .order_by("unit__name_sort", "collective", "id")
    )
    for review in reviews:
        review.period = period
    return [_row(review) for review in reviews]


def organisation_undecided(review: MemberReview) -> bool:
    """Collectives before members: is the organisation review of the member's place still undecided?"""
    return (
        OrganisationReview.objects.filter(
            period_id=review.period_id, unit_id=review.unit_id, collective=False
        )
        .exclude(state__in=(ReviewState.DECIDED, ReviewState.NOT_RATED))
        .exists()
    )


def meeting_remark(period: ReviewPeriod, unit: Unit) -> str:
    """The meeting's general remark last recorded at ``unit`` for ``period`` (kept as its audit entry)."""
    found = (
        AuditEntry.objects.filter(
            action="reviews.meeting", target_type="reviews.reviewperiod", target_id=str(period.pk), unit=unit
        )
        .order_by("-id")
        .values_list("summary", flat=True)
        .first()
    )
    return found or ""


def level_label(level: str) -> str:
    return LEVEL_SHORT.get(level, "")
