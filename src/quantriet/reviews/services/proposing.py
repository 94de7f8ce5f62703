"""The cell meeting's proposals (and the advisory body's, for organisations): the level proposed for each
member or organisation, with the meeting's comment.

A proposal above what the period's rule set allows is refused with the rules' reasons; a proposal that
puts the grassroots organisation over its HTXS quota (or further over) is refused with the count to
reduce. A meeting's proposals are saved all together or not at all (``propose_many``): the quota is
judged on the meeting's final answer, not row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet import rules
from quantriet.core.actors import Actor
from quantriet.orgs.models import Unit
from quantriet.orgs.services import record_audit
from quantriet.reviews.models import (
    LEVEL_SHORT,
    Level,
    MemberReview,
    OrganisationReview,
    RatingStep,
    ReviewState,
    StepKind,
)
from quantriet.reviews.selectors import meeting

Review = MemberReview | OrganisationReview


def uid(actor: Actor | None) -> int | None:
    return int(actor.pk) if actor is not None and actor.is_authenticated else None


def locked(review: Review) -> Review:
    """The review re-read under a row lock, with what the checks read."""
    model = type(review)
    related = (
        ("period", "unit", "grassroots", "member__user") if model is MemberReview else ("period", "unit")
    )
    found: Review = model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=review.pk)
    return found


def check_level(level: str, field: str = "level") -> rules.Level:
    if level not in Level.values:
        raise ValidationError({field: [_("Mức xếp loại không hợp lệ.")]})
    return rules.Level(level)


def check_allowed(review: Review, level: rules.Level, field: str = "level") -> rules.Allowance:
    """Refuse a level the review may not have: not rated at all, or above what the rules allow."""
    refusal = meeting.standing_refusal(review)
    if refusal:
        raise ValidationError({field: [refusal]})
    answer = meeting.allowance(review)
    why = answer.refusal_vi(level)
    if why:
        raise ValidationError({field: [why]})
    return answer


def step(actor: Actor | None, review: Review, kind: str, level: str, reason: str, summary: str) -> RatingStep:
    """The step in the review's history and its audit entry."""
    subject: dict[str, Any] = (
        {"member_review": review} if isinstance(review, MemberReview) else {"organisation_review": review}
    )
    row = RatingStep.objects.create(
        kind=kind, level=level, reason=reason[:4000], actor_id=uid(actor), **subject
    )
    record_audit(
        actor,
        f"reviews.{kind}",
        review,
        unit=review.unit,
        summary=summary,
        changes={"level": LEVEL_SHORT.get(level, ""), "reason": reason[:500]},
    )
    return row


def quota_refusal(period_reviews: Iterable[Review], before: dict[int, int]) -> None:
    """Refuse when a grassroots organisation the change touched ends over its quota, and further over
    than before the change (lowering a level is never refused)."""
    problems: list[str] = []
    seen: set[int] = set()
    for review in period_reviews:
        if not isinstance(review, MemberReview) or review.grassroots_id in seen:
            continue
        seen.add(review.grassroots_id)
        quota = meeting.quota_of(review.period, review.grassroots)
        if quota.exceeded and quota.group.to_reduce > before.get(review.grassroots_id, 0):
            problems.append(quota.message)
    if problems:
        raise ValidationError({"quota": problems})


def quota_before(reviews: Iterable[Review]) -> dict[int, int]:
    """How many HTXS each touched grassroots organisation must lower already, before the change."""
    found: dict[int, int] = {}
    for review in reviews:
        if isinstance(review, MemberReview) and review.grassroots_id not in found:
            quota = meeting.quota_of(review.period, review.grassroots)
            found[review.grassroots_id] = quota.group.to_reduce if quota.exceeded else 0
    return found


def _check_open(review: Review) -> None:
    if not review.period.is_open:
        raise ValidationError(
            _("Đợt đánh giá đã kết thúc: không thể đề xuất nữa; cấp trên có thể xếp loại lại, kèm lý do.")
        )
    if review.state == ReviewState.DECIDED:
        raise ValidationError(
            {
                "level": [
                    _("Đã có quyết định xếp loại: muốn đổi, cấp có thẩm quyền hủy kết quả rồi xếp loại lại.")
                ]
            }
        )


def _may_propose(actor: Actor | None, review: Review) -> None:
    if actor is not None and not meeting.may_propose(actor, review.unit_id):
        raise Http404


def _set_proposal(
    actor: Actor | None, review: Review, level: str, comment: str, facts: dict[str, Any] | None
) -> Review:
    chosen = check_level(level)
    _check_open(review)
    if facts is not None:
        review.facts = facts
    answer = check_allowed(review, chosen)
    changed = review.proposed_level != level or review.meeting_comment != comment
    review.proposed_level = level
    review.meeting_comment = comment
    review.proposed_by_id = uid(actor)
    review.proposed_at = timezone.now()
    review.state = ReviewState.PROPOSED
    review.allowed_level = answer.level.value if answer.level is not None else ""
    review.allowed_reasons = [r.text_vi for r in answer.reasons]
    review.save(
        update_fields=[
            "facts",
            "proposed_level",
            "meeting_comment",
            "proposed_by",
            "proposed_at",
            "state",
            "allowed_level",
            "allowed_reasons",
            "updated_at",
        ]
    )
    if changed:
        step(
            actor,
            review,
            StepKind.PROPOSAL,
            level,
            comment,
            _("Đề xuất %(l)s: %(s)s")
            % {
                "l": LEVEL_SHORT[level],
                "s": review,
            },
        )
    return review


@transaction.atomic
def propose(
    actor: Actor | None,
    review: Review,
    *,
    level: str,
    comment: str = "",
    facts: dict[str, Any] | None = None,
) -> Review:
    """Record the meeting's proposed ``level`` (and comment) for one member or organisation.

    Raises:
        Http404: ``actor`` may not propose at the review's place.
        ValidationError: the period closed, the review decided, not rated, above the rules' allowance,
            or over the grassroots organisation's quota.
    """
    current = locked(review)
    _may_propose(actor, current)
    before = quota_before([current])
    _set_proposal(actor, current, level, comment.strip(), facts)
    quota_refusal([current], before)
    return current


def row_key(review: Review) -> str:
    """How a form and a refusal name a review's row: ``m<id>`` (a member's), ``o<id>`` (an organisation's)."""
    return ("m" if isinstance(review, MemberReview) else "o") + str(review.pk)


def each_or_none(
    reviews: Sequence[Review], levels: Sequence[str], apply: Callable[[Review, int], Review | bool]
) -> list[Review]:
    """Apply ``apply`` to each review given a level; collect every row's refusal, keyed by its row, and
    refuse them all together (the caller's transaction then saves nothing). Returns the reviews changed."""
    errors: dict[str, list[str]] = {}
    saved: list[Review] = []
    for i, review in enumerate(reviews):
        if not levels[i]:
            continue
        try:
            changed = apply(review, i)
        except ValidationError as error:
            errors.setdefault(row_key(review), []).extend(error.messages)
            continue
        if isinstance(changed, (MemberReview, OrganisationReview)):
            saved.append(changed)
    if errors:
        raise ValidationError(errors)
    return saved


@dataclass(frozen=True)
class Proposed:
    """One row of a meeting's form."""

    review: Review
    level: str
    comment: str = ""


def _proposal_changed(review: Review, row: Proposed) -> bool:
    return review.proposed_level != row.level or review.meeting_comment != row.comment.strip()


@transaction.atomic
def propose_many(
    actor: Actor | None, rows: Sequence[Proposed], *, place: Unit | None = None, meeting_comment: str = ""
) -> list[Review]:
    """A meeting's proposals, all saved or none: row errors are keyed ``<m|o><id>``, the quota's ``quota``.

    Rows left without a level are skipped; rows whose level and comment did not change write nothing.
    ``meeting_comment`` (the minutes' general remark) is kept as the meeting's audit entry at ``place``.
    """
    current = [locked(row.review) for row in rows]
    for review in current:
        _may_propose(actor, review)
    before = quota_before(current)
    saved = each_or_none(
        current,
        [row.level for row in rows],
        lambda review, i: (
            _proposal_changed(review, rows[i])
            and _set_proposal(actor, review, rows[i].level, rows[i].comment.strip(), None)
        ),
    )
    quota_refusal(saved, before)
    remark = meeting_comment.strip()
    if (
        place is not None
        and current
        and remark
        and remark != meeting.meeting_remark(current[0].period, place)
    ):
        record_audit(
            actor,
            "reviews.meeting",
            current[0].period,
            unit=place,
            summary=remark[:500],
            changes={"proposals": len(saved)},
        )
    return saved
