"""Proposals and decisions through the services: the rules' allowance, the quota, who may act, closed
periods, not-rated members; every change a step and an audit entry, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from quantriet.core.notifications.models import Notification
from quantriet.orgs.models import AuditEntry
from quantriet.reviews.models import MemberReview, PeriodState, RatingStep, ReviewState, StepKind
from quantriet.reviews.selectors import meeting
from quantriet.reviews.services import deciding, proposing
from quantriet.reviews.services.proposing import Proposed
from tests.reviews.fixtures_meeting import MeetingWorld, meeting_world  # noqa: F401

pytestmark = pytest.mark.django_db


def _good(mw: MeetingWorld, count: int = 5) -> None:
    """``count`` of the extra members proposed HTT, so one HTXS fits the quota."""
    for review in mw.extra[:count]:
        proposing.propose(mw.bob if review.unit_id == mw.xa1.pk else mw.olga, review, level="htt")


def test_a_proposal_within_the_rules_is_saved_with_its_step_and_audit(mw: MeetingWorld) -> None:
    review = proposing.propose(mw.bob, mw.reviews["an"], level="htt", comment="Gương mẫu")
    review.refresh_from_db()
    assert (review.proposed_level, review.state, review.meeting_comment) == ("htt", "proposed", "Gương mẫu")
    assert review.proposed_by_id == mw.bob.pk
    steps = list(RatingStep.objects.filter(member_review_id=review.pk))
    assert [(s.kind, s.level, s.actor_id) for s in steps] == [(StepKind.PROPOSAL, "htt", mw.bob.pk)]
    assert AuditEntry.objects.filter(action="reviews.proposal", target_id=str(review.pk)).count() == 1


def test_a_proposal_above_what_the_rules_allow_is_refused_with_their_reason(mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        proposing.propose(mw.olga, mw.reviews["dung"], level="htxs")
    text = " ".join(refused.value.messages)
    assert "tối đa HTT" in text and "80 điểm" in text and "366-QĐ/TW" in text
    assert MemberReview.objects.get(pk=mw.reviews["dung"].pk).proposed_level == ""
    assert not RatingStep.objects.exists()


def test_a_single_htxs_without_five_htt_is_over_the_quota_with_the_count_to_reduce(mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError) as refused:
        proposing.propose(mw.bob, mw.reviews["an"], level="htxs")
    text = " ".join(refused.value.messages)
    assert "cần hạ 1 mức HTXS" in text and "Đảng bộ xã An Hòa" in text
    assert mw.fresh("an").proposed_level == ""
    _good(mw)
    proposing.propose(mw.bob, mw.reviews["an"], level="htxs")
    assert mw.fresh("an").proposed_level == "htxs"
    with pytest.raises(ValidationError) as again:
        proposing.propose(mw.olga, mw.reviews["binh"], level="htxs")
    assert "cần hạ 1 mức HTXS" in " ".join(again.value.messages)
    quota = meeting.quota_of(mw.period, mw.xa)
    assert (quota.group.excellent, quota.group.good, quota.exceeded) == (1, 5, False)


def test_lowering_a_level_is_never_refused_for_the_quota(mw: MeetingWorld) -> None:
    _good(mw)
    proposing.propose(mw.bob, mw.reviews["an"], level="htxs")
    # Lowering an HTT puts XA over (1 HTXS, 4 HTT) but only the raise would be refused:
    with pytest.raises(ValidationError):
        proposing.propose(mw.olga, mw.extra[0], level="ht")
    proposing.propose(mw.bob, mw.reviews["an"], level="htt")
    proposing.propose(mw.olga, mw.extra[0], level="ht")
    assert MemberReview.objects.get(pk=mw.extra[0].pk).proposed_level == "ht"


def test_exempted_suspended_and_new_members_are_not_rated(mw: MeetingWorld) -> None:
    for key, why in (("hoa", "Miễn công tác"), ("khanh", "Đình chỉ"), ("nam", "chưa đủ 6 tháng")):
        with pytest.raises(ValidationError) as refused:
            proposing.propose(mw.olga, mw.reviews[key], level="ht")
        assert why in " ".join(refused.value.messages), key
    assert not RatingStep.objects.exists()


def test_a_proposal_out_of_reach_is_404_and_a_bad_level_refused(mw: MeetingWorld) -> None:
    with pytest.raises(Http404):
        proposing.propose(mw.bob, mw.reviews["binh"], level="ht")  # bob is XA1's secretary
    with pytest.raises(Http404):
        proposing.propose(mw.charlie, mw.reviews["an"], level="ht")
    with pytest.raises(ValidationError):
        proposing.propose(mw.bob, mw.reviews["an"], level="xuat-sac")


def test_a_closed_period_refuses_proposals_and_decisions(mw: MeetingWorld) -> None:
    proposing.propose(mw.bob, mw.reviews["an"], level="htt")
    mw.period.state = PeriodState.CLOSED
    mw.period.save(update_fields=["state"])
    with pytest.raises(ValidationError, match="đã kết thúc"):
        proposing.propose(mw.bob, mw.reviews["an"], level="ht")
    with pytest.raises(ValidationError, match="đã kết thúc"):
        deciding.decide(mw.olga, mw.reviews["an"], level="htt")


def test_a_meeting_saves_all_its_proposals_or_none(mw: MeetingWorld) -> None:
    rows = [Proposed(mw.reviews["binh"], "htt", "Tốt"), Proposed(mw.reviews["dung"], "htxs")]
    with pytest.raises(ValidationError) as refused:
        proposing.propose_many(mw.olga, rows)
    assert set(refused.value.message_dict) == {f"m{mw.reviews['dung'].pk}"}
    assert mw.fresh("binh").proposed_level == "" and not RatingStep.objects.exists()
    # The quota is judged on the meeting's final answer: five HTT and one HTXS together are within it.
    rows = [Proposed(r, "htt") for r in mw.extra[:5]] + [Proposed(mw.reviews["binh"], "htxs")]
    proposing.propose_many(mw.olga, rows, place=mw.xa2, meeting_comment="Chi bộ đoàn kết")
    assert mw.fresh("binh").proposed_level == "htxs"
    assert meeting.meeting_remark(mw.period, mw.xa2) == "Chi bộ đoàn kết"


def test_a_meeting_over_the_quota_saves_nothing(mw: MeetingWorld) -> None:
    rows = [Proposed(r, "htt") for r in mw.extra[:5]] + [
        Proposed(mw.reviews["binh"], "htxs"),
        Proposed(mw.reviews["an"], "htxs"),
    ]
    with pytest.raises(ValidationError) as refused:
        proposing.propose_many(mw.olga, rows)
    assert "cần hạ 1 mức HTXS" in " ".join(refused.value.message_dict["quota"])
    assert not MemberReview.objects.exclude(proposed_level="").exists()


# --- decisions -----------------------------------------------------------------------------------------


def test_only_decide_ratings_strictly_above_the_place_decides(mw: MeetingWorld) -> None:
    proposing.propose(mw.bob, mw.reviews["an"], level="htt")
    # bob holds DECIDE_RATINGS at XA1 itself: not above An's place.
    with pytest.raises(Http404):
        deciding.decide(mw.bob, mw.reviews["an"], level="htt")
    # olga (XA) decides for XA1, but not for An's post at XA itself; alice (province) does.
    with pytest.raises(Http404):
        deciding.decide(mw.olga, mw.reviews["an@xa"], level="htt")
    deciding.decide(mw.olga, mw.reviews["an"], level="htt")
    deciding.decide(mw.alice, mw.reviews["an@xa"], level="htt", reason="Theo kết quả tự đánh giá")
    assert mw.fresh("an").state == ReviewState.DECIDED


def test_a_decision_differing_from_the_proposal_needs_a_reason_and_tells_the_member(
    mw: MeetingWorld, django_capture_on_commit_callbacks: object
) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt")
    with pytest.raises(ValidationError) as refused:
        deciding.decide(mw.olga, mw.reviews["dung"], level="ht")
    assert "cần ghi lý do" in " ".join(refused.value.messages)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        deciding.decide(mw.olga, mw.reviews["dung"], level="ht", reason="Chưa hoàn thành chỉ tiêu phát triển")
    review = mw.fresh("dung")
    assert (review.decided_level, review.decision_reason) == ("ht", "Chưa hoàn thành chỉ tiêu phát triển")
    told = Notification.objects.get(recipient=mw.dave, kind="reviews.rating")
    assert "Hoàn thành nhiệm vụ" in told.title and "chỉ tiêu phát triển" in told.body
    assert told.url == f"/reviews/members/{review.pk}/"


def test_a_decision_above_the_allowance_is_refused(mw: MeetingWorld) -> None:
    with pytest.raises(ValidationError, match="tối đa HTT"):
        deciding.decide(mw.olga, mw.reviews["dung"], level="htxs", reason="Xuất sắc")


def test_cancel_and_rerate_while_open_then_only_the_level_above_after_close(mw: MeetingWorld) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt")
    deciding.decide(mw.olga, mw.reviews["dung"], level="htt")
    with pytest.raises(ValidationError, match="lý do"):
        deciding.cancel_decision(mw.olga, mw.reviews["dung"], reason=" ")
    deciding.cancel_decision(mw.olga, mw.reviews["dung"], reason="Có đơn phản ánh")
    review = mw.fresh("dung")
    assert (review.state, review.decided_level) == (ReviewState.PROPOSED, "")
    deciding.rerate(mw.olga, review, level="ht", reason="Đã xác minh đơn phản ánh")
    mw.period.state = PeriodState.CLOSED
    mw.period.save(update_fields=["state"])
    with pytest.raises(ValidationError, match="đã kết thúc"):
        deciding.cancel_decision(mw.alice, review, reason="Sai")
    with pytest.raises(ValidationError, match="cấp trên"):
        deciding.rerate(mw.olga, review, level="htt", reason="Xem lại")
    deciding.rerate(mw.alice, review, level="htt", reason="Tỉnh ủy xem xét lại")
    kinds = list(RatingStep.objects.filter(member_review=review).values_list("kind", "level"))
    assert kinds == [
        ("proposal", "htt"),
        ("decision", "htt"),
        ("cancel", ""),
        ("rerate", "ht"),
        ("rerate", "htt"),
    ]
    assert (
        AuditEntry.objects.filter(target_type="reviews.memberreview", target_id=str(review.pk)).count() == 5
    )


def test_a_decision_before_the_cells_organisation_review_is_a_warning_not_a_refusal(mw: MeetingWorld) -> None:
    proposing.propose(mw.olga, mw.reviews["dung"], level="htt")
    assert meeting.organisation_undecided(mw.reviews["dung"])
    deciding.decide(mw.olga, mw.reviews["dung"], level="htt")
    proposing.propose(mw.olga, mw.orgs["XA2"], level="htt")
    deciding.decide(mw.olga, mw.orgs["XA2"], level="htt")
    assert not meeting.organisation_undecided(mw.reviews["dung"])


def test_a_decision_is_held_to_the_quota_again_with_the_count_to_reduce(mw: MeetingWorld) -> None:
    _good(mw)
    proposing.propose(mw.bob, mw.reviews["an"], level="htxs")
    deciding.decide(mw.olga, mw.reviews["an"], level="htxs")
    # Deciding Bình HTXS too (no proposal: a reason is given) puts XA at 2 HTXS for 5 HTT.
    with pytest.raises(ValidationError) as refused:
        deciding.decide(mw.olga, mw.reviews["binh"], level="htxs", reason="Thành tích nổi bật")
    assert "cần hạ 1 mức HTXS" in " ".join(refused.value.messages)
    assert mw.fresh("binh").state != ReviewState.DECIDED
    assert not RatingStep.objects.filter(member_review_id=mw.reviews["binh"].pk).exists()
