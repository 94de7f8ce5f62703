"""Issue 13's review cycle in the demo province, on a phone: ``dangvien`` assesses themselves;
``bithu.chibo`` holds Chi bộ khu phố 2's meeting, proposes too many HTXS for the grassroots quota, is
refused with the count to lower (nothing saved) and proposes within it; ``tochuc.xa`` decides; the member
sees the decided level.

The demo opens this year's period with deadlines weeks after the day it is loaded, so the run depends on
neither the date nor the hour.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from quantriet.reviews.models import Level, MemberReview, ReviewState
from quantriet.site.demo import DEMO_PASSWORD
from tests.browser.conftest import screenshot, sign_in, submit
from tests.demo_province import committed_demo

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 360, "height": 740}
TEXT = "Hoàn thành các việc chi bộ giao; còn chậm học tập nghị quyết."


def test_the_demo_cell_is_refused_over_the_quota_then_proposes_within_it_and_the_commune_decides(
    page: Page, transactional_db: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with committed_demo(tmp_path_factory):
        walk_through_the_review(page)


def walk_through_the_review(page: Page) -> None:
    review = MemberReview.objects.get(member__user__username="dangvien", state=ReviewState.PENDING)
    period, cell = review.period, review.unit
    assert MemberReview.objects.filter(
        period=period, unit=cell, member__user__username="bithu.chibo", state=ReviewState.PENDING
    ).exists()
    page.set_viewport_size(PHONE)

    # The member, on a phone, writes their self-assessment.
    sign_in(page, "dangvien", DEMO_PASSWORD)
    page.goto("/reviews/self/")
    page.locator(f"a[href='/reviews/self/{review.pk}/']").first.click()
    form = page.locator("form.self-assessment")
    for area in form.locator("textarea").all():
        area.fill(TEXT)
    for key, value in (
        ("points", "95"),
        ("tasks_on_time_share", "100"),
        ("tasks_exceeded_share", "40"),
        ("shortcomings_remedied_share", "100"),
    ):
        if page.locator(f"#id_{key}").count():
            page.fill(f"#id_{key}", value)
    page.select_option("#id_level", "htxs")
    page.click("form.self-assessment button[type=submit]")
    expect(page.locator(".badge.state-self_assessed")).to_be_visible()
    review.refresh_from_db()
    assert review.state == ReviewState.SELF_ASSESSED
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.context.clear_cookies()

    # The secretary proposes HTXS for every member of the cell: over the grassroots quota, refused with
    # the count to lower, nothing saved.
    sign_in(page, "bithu.chibo", DEMO_PASSWORD)
    page.goto(f"/reviews/{period.pk}/meeting/{cell.pk}/")
    selects = page.locator("#meeting-form select[id^='id_level_m']")
    ids = [s.get_attribute("id") or "" for s in selects.all()]
    rows = [int(i.removeprefix("id_level_m")) for i in ids]
    assert review.pk in rows and len(rows) >= 6
    before = MemberReview.objects.filter(period=period, state=ReviewState.PROPOSED).count()
    for pk in rows:
        page.select_option(f"#id_level_m{pk}", "htxs")
    page.click("#meeting-form button[type=submit]")
    refusal = page.locator(".errorlist", has_text="cần hạ")
    expect(refusal.first).to_be_visible()
    found = re.search(r"cần hạ (\d+)\b", refusal.first.inner_text())
    assert found is not None
    to_reduce = int(found.group(1))
    assert 0 < to_reduce < len(rows)
    assert not MemberReview.objects.filter(period=period, unit=cell, state=ReviewState.PROPOSED).exists()
    assert MemberReview.objects.filter(period=period, state=ReviewState.PROPOSED).count() == before
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "reviews-demo-quota-refused-360")

    # Lowered by exactly the count shown (the member kept HTXS): recorded.
    lowered = [pk for pk in rows if pk != review.pk][-to_reduce:]
    for pk in lowered:
        page.select_option(f"#id_level_m{pk}", "htt")
    submit(page, "#meeting-form button[type=submit]")
    proposed = MemberReview.objects.filter(pk__in=rows, state=ReviewState.PROPOSED)
    assert proposed.count() == len(rows)
    assert set(proposed.filter(proposed_level="htt").values_list("pk", flat=True)) == set(lowered)
    page.context.clear_cookies()

    # The commune's organisation staff decide as proposed.
    sign_in(page, "tochuc.xa", DEMO_PASSWORD)
    page.goto(f"/reviews/{period.pk}/decide/{cell.pk}/")
    for pk in rows:
        page.select_option(f"#id_level_m{pk}", "htt" if pk in lowered else "htxs")
    submit(page, "form.stack button[type=submit]")
    review.refresh_from_db()
    assert review.state == ReviewState.DECIDED and review.decided_level == Level.EXCELLENT
    assert MemberReview.objects.filter(pk__in=rows, state=ReviewState.DECIDED).count() == len(rows)
    page.context.clear_cookies()

    # The member sees the decided level, on the phone.
    sign_in(page, "dangvien", DEMO_PASSWORD)
    page.goto(f"/reviews/members/{review.pk}/")
    expect(page.locator("main")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    page.goto("/reviews/results/mine/")
    expect(page.locator("main")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "reviews-demo-result-360")
