"""The competent committee's decisions: decide a level, cancel a decision, rate again.

Only someone holding DECIDE_RATINGS at a unit strictly above the rated place decides (others get 404,
as for any object out of reach). A decision may differ from the proposal, with a reason; it is checked
against the rules and the quota again. After the period closed, nothing is decided or cancelled any
more: the level above the deciding committee may only rate again, with a reason. Every change is a
``RatingStep``, an audit entry, and a notification telling the member the result and its reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.notifications.services import notify
from quantriet.reviews.models import LEVEL_SHORT, Level, MemberReview, ReviewState, StepKind
from quantriet.reviews.selectors import meeting
from quantriet.reviews.services.proposing import (
    Review,
    check_allowed,
    check_level,
    each_or_none,
    locked,
    quota_before,
    quota_refusal,
    step,
    uid,
)


def _may_decide(actor: Actor | None, review: Review) -> None:
    if actor is not None and not meeting.may_decide(actor, review.unit_id):
        raise Http404


def _tell(review: Review, title: str, body: str) -> None:
    """Tell the member (after commit) what was decided and why."""
    if not isinstance(review, MemberReview):
        return
    user = review.member.user
    if user is None or not user.is_active:
        return
    url = reverse("reviews:member_review", args=[review.pk])
    key = f"reviews.rating.{review.pk}.{timezone.now():%Y%m%d%H%M%S%f}"
    transaction.on_commit(
        lambda: notify([user], kind="reviews.rating", title=title, body=body, url=url, dedupe_key=key)
    )


def _reasons_text(review: Review, reason: str) -> str:
    lines = [reason] if reason else []
    lines += [f"- {text}" for text in review.allowed_reasons]
    return "\n".join(lines)


def _set_decision(actor: Actor | None, review: Review, level: str, reason: str, kind: str) -> Review:
    chosen = check_level(level)
    answer = check_allowed(review, chosen)
    review.decided_level = level
    review.decision_reason = reason
    review.decided_by_id = uid(actor)
    review.decided_at = timezone.now()
    review.state = ReviewState.DECIDED
    review.allowed_level = answer.level.value if answer.level is not None else ""
    review.allowed_reasons = [r.text_vi for r in answer.reasons]
    review.save(
        update_fields=[
            "decided_level",
            "decision_reason",
            "decided_by",
            "decided_at",
            "state",
            "allowed_level",
            "allowed_reasons",
            "updated_at",
        ]
    )
    label = LEVEL_SHORT[level]
    summary = (
        _("Quyết định xếp loại %(l)s: %(s)s") if kind == StepKind.DECISION else _("Xếp loại lại %(l)s: %(s)s")
    ) % {
        "l": label,
        "s": review,
    }
    step(actor, review, kind, level, reason, summary)
    _tell(
        review,
        _("Kết quả xếp loại %(p)s: %(l)s") % {"p": review.period.title, "l": Level(level).label},
        _reasons_text(review, reason),
    )
    return review


def _reason_needed(review: Review, level: str, reason: str) -> None:
    if level != review.proposed_level and not reason:
        raise ValidationError(
            {
                "reason": [
                    _("Mức quyết định khác mức đề xuất (%(p)s): cần ghi lý do.")
                    % {
                        "p": LEVEL_SHORT.get(review.proposed_level) or _("chưa đề xuất"),
                    }
                ]
            }
        )


def _decide_one(actor: Actor | None, review: Review, level: str, reason: str) -> Review:
    _may_decide(actor, review)
    if not review.period.is_open:
        raise ValidationError(
            _("Đợt đánh giá đã kết thúc: không quyết định được nữa; cấp trên có thể xếp loại lại, kèm lý do.")
        )
    if review.state == ReviewState.DECIDED and review.decided_level == level:
        return review
    if review.state == ReviewState.DECIDED:
        raise ValidationError(
            {
                "level": [
                    _("Đã có quyết định xếp loại (%(l)s): hủy kết quả trước, rồi xếp loại lại.")
                    % {
                        "l": LEVEL_SHORT.get(review.decided_level, ""),
                    }
                ]
            }
        )
    _reason_needed(review, level, reason)
    return _set_decision(actor, review, level, reason, StepKind.DECISION)


@transaction.atomic
def decide(actor: Actor | None, review: Review, *, level: str, reason: str = "") -> Review:
    """Decide ``review``'s level (a reason is required when it differs from the proposal).

    Raises:
        Http404: ``actor`` holds no DECIDE_RATINGS strictly above the review's place.
        ValidationError: the period closed, already decided otherwise, not rated, above the rules'
            allowance, no reason for a different level, or over the quota.
    """
    current = locked(review)
    _may_decide(actor, current)
    before = quota_before([current])
    _decide_one(actor, current, level, reason.strip())
    quota_refusal([current], before)
    return current


@dataclass(frozen=True)
class Decided:
    """One row of the decision page."""

    review: Review
    level: str
    reason: str = ""


@transaction.atomic
def decide_many(actor: Actor | None, rows: Sequence[Decided]) -> list[Review]:
    """Decide several reviews at once, all or none; row errors are keyed ``<m|o><id>``."""
    current = [locked(row.review) for row in rows]
    for review in current:
        _may_decide(actor, review)
    before = quota_before(current)
    saved = each_or_none(
        current,
        [row.level for row in rows],
        lambda review, i: _decide_one(actor, review, rows[i].level, rows[i].reason.strip()),
    )
    quota_refusal(saved, before)
    return saved


@transaction.atomic
def cancel_decision(actor: Actor | None, review: Review, *, reason: str) -> Review:
    """Cancel a decision while the period is open (with a reason); the review goes back to its proposal."""
    current = locked(review)
    _may_decide(actor, current)
    if not current.period.is_open:
        raise ValidationError(
            _("Đợt đánh giá đã kết thúc: không hủy được kết quả; cấp trên có thể xếp loại lại, kèm lý do.")
        )
    if current.state != ReviewState.DECIDED:
        raise ValidationError(_("Chưa có quyết định xếp loại để hủy."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần ghi lý do hủy kết quả xếp loại.")]})
    old = current.decided_level
    current.decided_level = ""
    current.decision_reason = reason
    current.decided_by_id = uid(actor)
    current.decided_at = timezone.now()
    current.state = ReviewState.PROPOSED if current.proposed_level else ReviewState.SELF_ASSESSED
    if not current.proposed_level and not current.self_level:
        current.state = ReviewState.PENDING
    current.save(
        update_fields=["decided_level", "decision_reason", "decided_by", "decided_at", "state", "updated_at"]
    )
    step(
        actor,
        current,
        StepKind.CANCELLATION,
        "",
        reason,
        _("Hủy kết quả xếp loại %(l)s: %(s)s") % {"l": LEVEL_SHORT.get(old, ""), "s": current},
    )
    _tell(current, _("Kết quả xếp loại %(p)s đã bị hủy") % {"p": current.period.title}, reason)
    return current


@transaction.atomic
def rerate(actor: Actor | None, review: Review, *, level: str, reason: str) -> Review:
    """Rate again, with a reason: while open, by the deciding committee (decided or cancelled reviews);
    after the period closed, only by the level above the deciding committee."""
    current = locked(review)
    _may_decide(actor, current)
    if (
        not current.period.is_open
        and actor is not None
        and not meeting.may_rerate_closed(actor, current.unit_id)
    ):
        raise ValidationError(
            _("Đợt đánh giá đã kết thúc: chỉ cấp trên của cấp quyết định mới được xếp loại lại.")
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần ghi lý do xếp loại lại.")]})
    if current.state != ReviewState.DECIDED and not current.decided_at:
        raise ValidationError(_("Chưa có quyết định xếp loại: hãy quyết định thay vì xếp loại lại."))
    before = quota_before([current])
    _set_decision(actor, current, level, reason, StepKind.RERATING)
    quota_refusal([current], before)
    return current


__all__ = ["Decided", "cancel_decision", "decide", "decide_many", "rerate"]
