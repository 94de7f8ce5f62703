"""The annual review's JSON API (``/api/v1/reviews/``), on the core API shell: auth, errors, paging.

The same access rules as the pages: ratings are read by those holding ``VIEW_RATINGS`` over the place a
member is rated at, and by the member themself; a period is listed for those who see some of its reviews
or who work in its line. Writes go through the services (self-assessment, proposal, decision), which
check who may act and refuse in Vietnamese; a refusal by the rules carries the reasons, a refusal by the
quota the count to reduce. Everything out of reach answers 404.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet import rules
from quantriet.core.actors import Actor
from quantriet.core.api.http import ApiError, api_view, invalid, json_response
from quantriet.core.api.parsing import (
    FieldReader,
    paginate,
    query_choice,
    query_int,
    read_json_object,
    reject_unknown,
)
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.api.serialise import unit_ref
from quantriet.orgs.models import Unit
from quantriet.reviews import facts as known
from quantriet.reviews.models import (
    Level,
    MemberReview,
    OrganisationReview,
    PeriodKind,
    PeriodState,
    RatingStep,
    ReviewPeriod,
    ReviewState,
    RuleSetCode,
    Standing,
    StepKind,
)
from quantriet.reviews.selectors import access as reach
from quantriet.reviews.selectors import meeting, results
from quantriet.reviews.services.deciding import decide
from quantriet.reviews.services.proposing import propose
from quantriet.reviews.services.self_assessment import submit_collective_assessment, submit_self_assessment

Review = MemberReview | OrganisationReview
R = TypeVar("R", MemberReview, OrganisationReview)


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _level(value: str) -> str | None:
    return value or None


# --- reach ------------------------------------------------------------------------------------------


def readable_reviews(user: Actor) -> QuerySet[MemberReview]:
    """Member reviews ``user`` may read: at places under their ``VIEW_RATINGS`` roles, and their own."""
    return reach.member_reviews(user, C.VIEW_RATINGS) | reach.own_reviews(user)


def readable_periods(user: Actor) -> QuerySet[ReviewPeriod]:
    """Periods opened in the user's line (above or below a ``VIEW_RATINGS`` role), and the user's own."""
    own = ReviewPeriod.objects.filter(pk__in=reach.own_reviews(user).values("period_id"))
    return reach.periods(user, C.VIEW_RATINGS) | own


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


def readable_organisation_reviews(user: Actor) -> QuerySet[OrganisationReview]:
    """Organisation reviews ``user`` may read: of places under their ``VIEW_RATINGS`` roles."""
    return reach.organisation_reviews(user, C.VIEW_RATINGS)


def organisation_review_or_404(user: Actor, review_id: int) -> OrganisationReview:
    try:
        return (
            readable_organisation_reviews(user)
            .select_related("period", "unit", "grassroots")
            .get(pk=access.id_or_404(review_id))
        )
    except OrganisationReview.DoesNotExist:
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


def _levels(review: Review) -> dict[str, Any]:
    return {
        "standing": review.standing,
        "standing_label": str(Standing(review.standing).label),
        "state": review.state,
        "state_label": str(ReviewState(review.state).label),
        "self_level": _level(review.self_level),
        "proposed_level": _level(review.proposed_level),
        "decided_level": _level(review.decided_level),
    }


def review_item(review: MemberReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "period_id": review.period_id,
        "member": {"id": review.member_id, "full_name": review.member.full_name},
        "unit": unit_ref(review.unit),
        "grassroots": unit_ref(review.grassroots),
        "post": review.post,
        **_levels(review),
        "url": reverse("reviews_api:review", args=[review.pk]),
    }


def organisation_review_item(review: OrganisationReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "period_id": review.period_id,
        "unit": unit_ref(review.unit),
        "collective": review.collective,
        "grassroots": unit_ref(review.grassroots) if review.grassroots is not None else None,
        **_levels(review),
        "url": reverse("reviews_api:organisation_review", args=[review.pk]),
    }


def reason_item(reason: rules.Reason) -> dict[str, Any]:
    return {
        "code": reason.code,
        "effect": reason.effect.value,
        "cap": reason.cap.value if reason.cap is not None else None,
        "text": reason.text_vi,
        "citation": reason.citation,
        "verified": reason.verified,
    }


def rules_answer(review: Review) -> dict[str, Any]:
    """What the period's rule set allows the review now, from its facts and what the platform knows."""
    answer = known.allowance(review)
    return {
        "level": answer.level.value if answer.level is not None else None,
        "rule_set": answer.rule_set,
        "reasons": [reason_item(r) for r in answer.reasons],
        "unknown": list(answer.unknown),
        "explanation": answer.explain_vi(),
    }


def step_item(step: RatingStep) -> dict[str, Any]:
    return {
        "kind": step.kind,
        "kind_label": str(StepKind(step.kind).label),
        "level": _level(step.level),
        "reason": step.reason,
        "at": _when(step.at),
    }


def review_detail(review: MemberReview) -> dict[str, Any]:
    steps = RatingStep.objects.filter(member_review=review)
    return {**review_item(review), **_rated_detail(review, steps)}


def organisation_review_detail(review: OrganisationReview) -> dict[str, Any]:
    steps = RatingStep.objects.filter(organisation_review=review)
    return {**organisation_review_item(review), **_rated_detail(review, steps)}


def _rated_detail(review: Review, steps: QuerySet[RatingStep]) -> dict[str, Any]:
    """What a member's and an organisation's review show alike: facts, self-assessment, proposal, decision."""
    decided = review.decided_level
    return {
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
        "allowed": {
            "level": _level(review.allowed_level),
            "reasons": results.reason_texts(review.allowed_reasons),
        },
        "rules": rules_answer(review),
        "decision": {"level": decided, "reason": review.decision_reason, "at": _when(review.decided_at)}
        if decided
        else None,
        "steps": [step_item(s) for s in steps.order_by("at", "id")],
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
    reviews = (
        readable_reviews(request.user)
        .filter(period=found)
        .select_related("member", "unit", "grassroots")
        .order_by("unit__name_sort", "unit_id", "member__name_sort", "pk")
    )
    return json_response(paginate(request, _filtered(request, reviews), review_item))


def _filtered(request: HttpRequest, reviews: QuerySet[R]) -> QuerySet[R]:
    """``reviews`` narrowed to ``?unit=`` (a subtree) and ``?state=``."""
    unit_id = query_int(request.GET, "unit")
    state = query_choice(request.GET, "state", ReviewState.values)
    if unit_id is not None:
        reviews = reviews.filter(unit_id__in=access.subtree_ids([unit_id]))
    if state:
        reviews = reviews.filter(state=state)
    return reviews


@api_view("GET")
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    return json_response(review_detail(review_or_404(request.user, review_id)))


@api_view("GET")
def period_organisation_reviews(request: HttpRequest, period_id: int) -> HttpResponse:
    """The organisation reviews of a period in reach, by place; ``?unit=`` a subtree, ``?state=``."""
    found = _period_or_404(request.user, period_id)
    reviews = (
        readable_organisation_reviews(request.user)
        .filter(period=found)
        .select_related("unit", "grassroots")
        .order_by("unit__name_sort", "unit_id", "collective", "pk")
    )
    return json_response(paginate(request, _filtered(request, reviews), organisation_review_item))


@api_view("GET")
def organisation_review(request: HttpRequest, review_id: int) -> HttpResponse:
    return json_response(organisation_review_detail(organisation_review_or_404(request.user, review_id)))


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


# --- writes -----------------------------------------------------------------------------------------

MAX_TEXT = 4000
_TOO_BIG = gettext_lazy("Có số quá lớn trong các thông tin xếp loại; hãy ghi số trong phạm vi hợp lý.")
_LEVEL_MESSAGE = gettext_lazy("Mức xếp loại phải là một trong htxs, htt, ht, kht (HTXS, HTT, HT, KHT).")


def _acting(
    user: Actor, review_id: int, may: Callable[[Actor, R], bool], find: Callable[[Actor, int], R]
) -> R:
    """The review, when ``user`` may read it (else 404) and act on it (else 403: they see it already)."""
    found = find(user, review_id)
    if not may(user, found):
        raise PermissionDenied
    return found


def _may_propose(user: Actor, review: Review) -> bool:
    return meeting.may_propose(user, review.unit_id)


def _may_decide(user: Actor, review: Review) -> bool:
    return meeting.may_decide(user, review.unit_id)


def _is_own(user: Actor, review: MemberReview) -> bool:
    return user.is_authenticated and review.member.user_id == user.pk


def _text(reader: FieldReader, field: str) -> str:
    """An optional free text (a comment, a reason), at most ``MAX_TEXT`` characters."""
    if field not in reader.data:
        return ""
    text = reader.text(field, multiline=True) or ""
    if len(text) > MAX_TEXT:
        reader.errors[field] = _("Tối đa %(n)s ký tự.") % {"n": f"{MAX_TEXT:,}".replace(",", ".")}
    return text


def _facts(reader: FieldReader, review: Review) -> dict[str, Any] | None:
    """The facts sent with a proposal, checked as the forms check them, over the stored ones."""
    if "facts" not in reader.data:
        return None
    typed = reader.data["facts"]
    if not isinstance(typed, dict):
        reader.errors["facts"] = _("Trường này phải là một đối tượng {…} gồm các thông tin xếp loại.")
        return None
    try:
        cleaned = known.clean_facts(typed)
    except known.FactsError as error:
        reader.errors["facts"] = f"{error.field}: {error.message_vi}"
        return None
    except OverflowError:
        reader.errors["facts"] = str(_TOO_BIG)
        return None
    stored = review.facts if isinstance(review.facts, dict) else {}
    return {**stored, **cleaned}


def _strings(reader: FieldReader, field: str) -> dict[str, str]:
    """An optional object of texts (a form's answers by section)."""
    value = reader.data.get(field, {})
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        reader.errors[field] = _("Trường này phải là một đối tượng {…} mà mỗi giá trị là một chuỗi ký tự.")
        return {}
    return value


def _refused(error: ValidationError) -> ApiError:
    """A service's refusal, its Vietnamese sentences as the message and on the fields they name: the rules'
    reasons for a level above what they allow, the count to lower for the quota."""
    fields: dict[str, str] = {}
    if hasattr(error, "error_dict"):
        fields = {
            name: " ".join(m for e in errors for m in e.messages) for name, errors in error.error_dict.items()
        }
    return ApiError(400, "refused", " ".join(error.messages), fields)


def _run(review: Review, action: Callable[[], object]) -> HttpResponse:
    """Call the service; answer the review as saved, or the service's refusal (nothing saved)."""
    try:
        action()
    except ValidationError as error:
        raise _refused(error) from None
    except OverflowError:  # a number in the facts too large for the rules' arithmetic (rolled back)
        raise invalid({"facts": str(_TOO_BIG)}) from None
    if isinstance(review, OrganisationReview):
        found = OrganisationReview.objects.select_related("period", "unit", "grassroots").get(pk=review.pk)
        return json_response(organisation_review_detail(found))
    saved = MemberReview.objects.select_related("period", "member", "unit", "grassroots").get(pk=review.pk)
    return json_response(review_detail(saved))


@api_view("POST")
def proposal(request: HttpRequest, review_id: int) -> HttpResponse:
    """The cell meeting's proposed level (``PROPOSE_RATINGS`` at the review's place), with its comment."""
    return _propose(request, _acting(request.user, review_id, _may_propose, review_or_404))


@api_view("POST")
def organisation_proposal(request: HttpRequest, review_id: int) -> HttpResponse:
    """The proposed level of an organisation (``PROPOSE_RATINGS`` at its place), with the comment."""
    return _propose(request, _acting(request.user, review_id, _may_propose, organisation_review_or_404))


def _propose(request: HttpRequest, found: Review) -> HttpResponse:
    data = read_json_object(request)
    reject_unknown(data, ("level", "comment", "facts"))
    reader = FieldReader(data, {})
    level = reader.choice("level", Level.values, str(_LEVEL_MESSAGE))
    comment = _text(reader, "comment")
    facts = _facts(reader, found)
    reader.check()
    assert level is not None
    return _run(found, lambda: propose(request.user, found, level=level, comment=comment, facts=facts))


@api_view("POST")
def decision(request: HttpRequest, review_id: int) -> HttpResponse:
    """The competent committee's decision (``DECIDE_RATINGS`` strictly above the review's place)."""
    return _decide(request, _acting(request.user, review_id, _may_decide, review_or_404))


@api_view("POST")
def organisation_decision(request: HttpRequest, review_id: int) -> HttpResponse:
    """The competent committee's decision on an organisation (``DECIDE_RATINGS`` strictly above it)."""
    return _decide(request, _acting(request.user, review_id, _may_decide, organisation_review_or_404))


def _decide(request: HttpRequest, found: Review) -> HttpResponse:
    data = read_json_object(request)
    reject_unknown(data, ("level", "reason"))
    reader = FieldReader(data, {})
    level = reader.choice("level", Level.values, str(_LEVEL_MESSAGE))
    reason = _text(reader, "reason")
    reader.check()
    assert level is not None
    return _run(found, lambda: decide(request.user, found, level=level, reason=reason))


@api_view("POST")
def self_assessment(request: HttpRequest, review_id: int) -> HttpResponse:
    """The member's own self-assessment: the form's answers, the facts it asks for, the level they give."""
    found = _acting(request.user, review_id, _is_own, review_or_404)
    data = read_json_object(request)
    reject_unknown(data, ("level", "answers", "facts", "form"))
    reader = FieldReader(data, {})
    level = reader.choice("level", ["", *Level.values], str(_LEVEL_MESSAGE)) if "level" in data else ""
    answers = _strings(reader, "answers")
    typed = data.get("facts", {})
    if not isinstance(typed, dict):
        reader.errors["facts"] = _("Trường này phải là một đối tượng {…} gồm các thông tin xếp loại.")
    form = reader.text("form") if "form" in data else ""
    reader.check()
    return _run(
        found,
        lambda: submit_self_assessment(
            request.user, found, answers=answers, facts=typed, level=level or "", form=form or ""
        ),
    )


@api_view("POST")
def organisation_self_assessment(request: HttpRequest, review_id: int) -> HttpResponse:
    """Mẫu 01: the organisation's self-assessment, by those who propose at its place (its secretary)."""
    found = _acting(request.user, review_id, _may_propose, organisation_review_or_404)
    data = read_json_object(request)
    reject_unknown(data, ("level", "answers", "facts"))
    reader = FieldReader(data, {})
    level = reader.choice("level", ["", *Level.values], str(_LEVEL_MESSAGE)) if "level" in data else ""
    answers = _strings(reader, "answers")
    typed = data.get("facts", {})
    if not isinstance(typed, dict):
        reader.errors["facts"] = _("Trường này phải là một đối tượng {…} gồm các thông tin xếp loại.")
    reader.check()
    return _run(
        found,
        lambda: submit_collective_assessment(
            request.user, found, answers=answers, facts=typed, level=level or ""
        ),
    )
