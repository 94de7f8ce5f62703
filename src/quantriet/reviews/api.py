"""The annual review's JSON API (``/api/v1/reviews/``), on the core API shell: auth, errors, paging.

The same access rules as the pages: ratings are read by those holding ``VIEW_RATINGS`` over the place a
member is rated at, and by the member themself; a period is listed for those who see some of its reviews
or who work in its line. Writes go through the services (self-assessment, proposal, decision), which
check who may act and refuse in Vietnamese; a refusal by the rules carries the reasons, a refusal by the
quota the count to reduce. Everything out of reach answers 404.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from quantriet.core.actors import Actor, is_operator
from quantriet.core.api.http import api_view, json_response
from quantriet.core.api.parsing import paginate, query_choice, query_int
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.api.serialise import unit_ref
from quantriet.orgs.models import Unit, UnitLink
from quantriet.reviews.models import (
    Level,
    MemberReview,
    PeriodKind,
    PeriodState,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _level(value: str) -> str | None:
    return value or None


# --- reach ------------------------------------------------------------------------------------------


def readable_reviews(user: Actor) -> QuerySet[MemberReview]:
    """Member reviews ``user`` may read: at places under their ``VIEW_RATINGS`` roles, and their own."""
    if is_operator(user):
        return MemberReview.objects.all()
    if not user.is_authenticated:
        return MemberReview.objects.none()
    condition = Q(member__user_id=user.pk)
    roots = access.root_unit_ids(user, C.VIEW_RATINGS)
    if roots:
        condition |= Q(unit_id__in=access.subtree_ids(roots))
    return MemberReview.objects.filter(condition)


def readable_periods(user: Actor) -> QuerySet[ReviewPeriod]:
    """Periods opened in the user's line (above or below a ``VIEW_RATINGS`` role), and the user's own."""
    if is_operator(user):
        return ReviewPeriod.objects.all()
    if not user.is_authenticated:
        return ReviewPeriod.objects.none()
    condition = Q(pk__in=MemberReview.objects.filter(member__user_id=user.pk).values("period_id"))
    roots = access.root_unit_ids(user, C.VIEW_RATINGS)
    if roots:
        above = UnitLink.objects.filter(descendant_id__in=roots).values("ancestor_id")
        condition |= Q(unit_id__in=access.subtree_ids(roots)) | Q(unit_id__in=above)
    return ReviewPeriod.objects.filter(condition)


def _period_or_404(user: Actor, period_id: int) -> ReviewPeriod:
    try:
        return readable_periods(user).select_related("unit").get(pk=access.id_or_404(period_id))
    except ReviewPeriod.DoesNotExist:
        raise Http404 from None


def review_or_404(user: Actor, review_id: int) -> MemberReview:
    try:
        return (
            readable_reviews(user)
            .select_related("period", "member", "unit", "grassroots")
            .get(pk=access.id_or_404(review_id))
        )
    except MemberReview.DoesNotExist:
        raise Http404 from None


# --- shapes -----------------------------------------------------------------------------------------


def period_item(period: ReviewPeriod) -> dict[str, Any]:
    return {
        "id": period.pk,
        "title": period.title,
        "kind": period.kind,
        "kind_label": str(PeriodKind(period.kind).label),
        "year": period.year,
        "quarter": period.quarter,
        "last_year": period.last_year,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "rule_set": period.rule_set,
        "rule_set_label": str(RuleSetCode(period.rule_set).label),
        "state": period.state,
        "state_label": str(PeriodState(period.state).label),
        "unit": unit_ref(period.unit),
        "url": reverse("reviews_api:period", args=[period.pk]),
    }


def period_detail(user: Actor, period: ReviewPeriod) -> dict[str, Any]:
    rows = (
        readable_reviews(user).filter(period=period).order_by().values_list("state").annotate(n=Count("id"))
    )
    counts = dict.fromkeys(ReviewState.values, 0) | dict(rows)
    return {
        **period_item(period),
        "timetable": {
            "self_assessment_until": period.self_assessment_until.isoformat(),
            "meeting_until": period.meeting_until.isoformat(),
            "decisions_until": period.decisions_until.isoformat(),
        },
        "quota": {"enabled": period.quota_enabled, "share": float(period.quota_share)},
        "opened_at": _when(period.opened_at),
        "closed_at": _when(period.closed_at),
        "counts": counts,
        "reviews_url": reverse("reviews_api:period_reviews", args=[period.pk]),
        "results_url": reverse("reviews_api:period_results", args=[period.pk]),
    }


def review_item(review: MemberReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "period_id": review.period_id,
        "member": {"id": review.member_id, "full_name": review.member.full_name},
        "unit": unit_ref(review.unit),
        "grassroots": unit_ref(review.grassroots),
        "post": review.post,
        "standing": review.standing,
        "standing_label": str(Standing(review.standing).label),
        "state": review.state,
        "state_label": str(ReviewState(review.state).label),
        "self_level": _level(review.self_level),
        "proposed_level": _level(review.proposed_level),
        "decided_level": _level(review.decided_level),
        "url": reverse("reviews_api:review", args=[review.pk]),
    }


def _stored_reasons(review: MemberReview) -> list[str]:
    """The reasons stored beside the last proposal or decision, one Vietnamese line each."""
    return [str(reason) for reason in review.allowed_reasons or []]


def step_item(step: RatingStep) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "kind_label": str(StepKind(step.kind).label),
        "level": _level(step.level),
        "reason": step.reason,
        "at": _when(step.at),
    }


def review_detail(review: MemberReview) -> dict[str, Any]:
    steps = RatingStep.objects.filter(member_review=review).order_by("at", "id")
    decided = review.decided_level
    return {
        **review_item(review),
        "period": {"id": review.period_id, "title": review.period.title, "rule_set": review.period.rule_set},
        "facts": review.facts,
        "prefill": review.prefill,
        "form": review.form,
        "answers": review.answers,
        "self_assessed_at": _when(review.self_assessed_at),
        "proposal": {
            "level": review.proposed_level,
            "comment": review.meeting_comment,
            "at": _when(review.proposed_at),
        }
        if review.proposed_level
        else None,
        "allowed": {"level": _level(review.allowed_level), "reasons": _stored_reasons(review)},
        "decision": {"level": decided, "reason": review.decision_reason, "at": _when(review.decided_at)}
        if decided
        else None,
        "steps": [step_item(s) for s in steps],
    }


# --- reads ------------------------------------------------------------------------------------------


@api_view("GET")
def periods(request: HttpRequest) -> HttpResponse:
    state = query_choice(request.GET, "state", PeriodState.values)
    found = readable_periods(request.user).select_related("unit").order_by("-end", "unit_id", "pk")
    if state:
        found = found.filter(state=state)
    return json_response(paginate(request, found, period_item))


@api_view("GET")
def period(request: HttpRequest, period_id: int) -> HttpResponse:
    found = _period_or_404(request.user, period_id)
    return json_response(period_detail(request.user, found))


@api_view("GET")
def period_reviews(request: HttpRequest, period_id: int) -> HttpResponse:
    """The member reviews of a period in reach, by place then name; ``?unit=`` a subtree, ``?state=``."""
    found = _period_or_404(request.user, period_id)
    unit_id = query_int(request.GET, "unit")
    state = query_choice(request.GET, "state", ReviewState.values)
    reviews = (
        readable_reviews(request.user)
        .filter(period=found)
        .select_related("member", "unit", "grassroots")
        .order_by("unit__name_sort", "unit_id", "member__name_sort", "pk")
    )
    if unit_id is not None:
        reviews = reviews.filter(unit_id__in=access.subtree_ids([unit_id]))
    if state:
        reviews = reviews.filter(state=state)
    return json_response(paginate(request, reviews, review_item))


@api_view("GET")
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    return json_response(review_detail(review_or_404(request.user, review_id)))


_NOT_RATED = "not_rated"
_UNDECIDED = "undecided"


@api_view("GET")
def period_results(request: HttpRequest, period_id: int) -> HttpResponse:
    """The distribution of decided levels per place in reach (and in total)."""
    found = _period_or_404(request.user, period_id)
    rows = (
        readable_reviews(request.user)
        .filter(period=found)
        .order_by()
        .values_list("unit_id", "state", "decided_level")
        .annotate(n=Count("id"))
    )
    by_unit: dict[int, Counter[str]] = {}
    for unit_id, state, decided, n in rows:
        key = decided or (_NOT_RATED if state == ReviewState.NOT_RATED else _UNDECIDED)
        by_unit.setdefault(unit_id, Counter())[key] += n
    units = Unit.objects.filter(pk__in=by_unit).order_by("name_sort", "pk") if by_unit else []
    keys = [*Level.values, _NOT_RATED, _UNDECIDED]

    def distribution(counter: Counter[str]) -> dict[str, Any]:
        return {"counts": {k: counter[k] for k in keys}, "total": sum(counter.values())}

    total: Counter[str] = Counter()
    for counter in by_unit.values():
        total += counter
    body = {
        "period": period_item(found),
        "units": [{"unit": unit_ref(u), **distribution(by_unit[u.pk])} for u in units],
        "total": distribution(total),
    }
    return json_response(body)
