"""Issue 13's review cycle in Chromium: a member assesses themselves on a phone; the cell's secretary holds
the meeting, proposes too many HTXS, is refused with the count to lower and corrects it; the commune's
organisation staff decide, one level differently with a reason; the member sees the result and why.

The period is this year's, its deadlines ten to thirty days ahead of today (tests/reviews/conftest.py), so
the run never depends on the date or the hour. Screenshots go to SCREENSHOTS for a person to look at.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, ViewportSize, expect

from quantriet.reviews.models import MemberReview, ReviewState
from tests.browser.conftest import screenshot, sign_in, submit
from tests.conftest import PASSWORD, make_member
from tests.reviews.conftest import build_review_world, open_current

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
REASON = "Chưa có sáng kiến được cấp có thẩm quyền công nhận trong năm."


def test_a_member_self_assesses_the_cell_proposes_within_the_quota_and_the_commune_decides(
    page: Page, transactional_db: Any
) -> None:
    rw = build_review_world()
    tuan_user = User.objects.create_user("tuan", "tuan@example.org", PASSWORD)
    tuan = make_member(rw.xa1, "Ngô Minh Tuấn", "10000021")
    tuan.user = tuan_user
    tuan.save(update_fields=["user"])
    for number, name in enumerate(("Đỗ Thị Lan", "Bùi Văn Hải", "Trịnh Thu Hà", "Lý Quốc Bảo"), start=22):
        make_member(rw.xa1, name, f"100000{number}")
    period = open_current(rw)
    review = MemberReview.objects.get(period=period, member=tuan)
    cell = list(
        MemberReview.objects.filter(period=period, unit=rw.xa1, state=ReviewState.PENDING).order_by("pk")
    )
    assert len(cell) == 6  # An, Tuấn and the four above; the exempted and the suspended are not rated
    page.set_viewport_size(PHONE)

    # The member, on a phone: the list of their reviews, then the form (Mẫu 2B), scored 95.
    sign_in(page, "tuan", PASSWORD)
    page.goto("/reviews/self/")
    page.locator(f"a[href='/reviews/self/{review.pk}/']").first.click()
    for key in ("uu_diem", "ket_qua", "han_che", "nguyen_nhan", "bien_phap"):
        page.fill(f"#id_{key}", "Hoàn thành các việc chi bộ giao; còn chậm học tập nghị quyết.")
    page.fill("#id_points", "95")
    page.fill("#id_tasks_on_time_share", "100")
    page.fill("#id_tasks_exceeded_share", "40")
    page.fill("#id_shortcomings_remedied_share", "100")
    page.select_option("#id_level", "htxs")
    page.click("form.self-assessment button[type=submit]")
    expect(page.locator(".badge.state-self_assessed")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "reviews-self-360")
    page.context.clear_cookies()

    # The secretary's meeting: three HTXS of six is over the quota (at most 20% of HTT): refused, with
    # the count to lower; nothing is saved. Two lowered to HTT, and it is recorded.
    sign_in(page, "bob", PASSWORD)
    meeting = f"/reviews/{period.pk}/meeting/{rw.xa1.pk}/"
    page.goto(meeting)
    levels = ["htxs", "htxs", "htxs", "htt", "htt", "htt"]
    ordered = [review, *[r for r in cell if r.pk != review.pk]]
    for row, level in zip(ordered, levels, strict=True):
        page.select_option(f"#id_level_m{row.pk}", level)
    page.fill(f"#id_comment_m{review.pk}", "Tiêu biểu trong chi bộ, nhiều việc vượt kế hoạch.")
    page.click("#meeting-form button[type=submit]")
    refusal = page.locator(".errorlist", has_text="cần hạ")
    expect(refusal.first).to_be_visible()
    assert re.search(r"cần hạ 2\b", refusal.first.inner_text())
    assert not MemberReview.objects.filter(period=period, state=ReviewState.PROPOSED).exists()
    screenshot(page, "reviews-quota-refused-360")
    for row in ordered[1:3]:
        page.select_option(f"#id_level_m{row.pk}", "htt")
    submit(page, "#meeting-form button[type=submit]")
    proposed = MemberReview.objects.filter(period=period, unit=rw.xa1, state=ReviewState.PROPOSED)
    assert proposed.count() == 6
    assert list(proposed.filter(proposed_level="htxs").values_list("pk", flat=True)) == [review.pk]
    page.context.clear_cookies()

    # The commune decides (strictly above the cell): Tuấn lowered to HTT with a reason, the rest as proposed.
    sign_in(page, "olga", PASSWORD)
    page.goto(f"/reviews/{period.pk}/decide/{rw.xa1.pk}/")
    for row in ordered:
        page.select_option(f"#id_level_m{row.pk}", "htt")
    page.fill(f"#id_reason_m{review.pk}", REASON)
    submit(page, "form.stack button[type=submit]")
    review.refresh_from_db()
    assert review.state == ReviewState.DECIDED and review.decided_level == "htt"
    assert review.decision_reason == REASON
    assert MemberReview.objects.filter(period=period, unit=rw.xa1, state=ReviewState.DECIDED).count() == 6
    page.context.clear_cookies()

    # The member reads the result and the reason, on the phone.
    sign_in(page, "tuan", PASSWORD)
    page.goto(f"/reviews/members/{review.pk}/")
    body = page.locator("main").inner_text()
    assert "Hoàn thành tốt nhiệm vụ" in body and REASON in body
    page.goto("/reviews/results/mine/")
    expect(page.locator("main")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "reviews-result-360")
