"""Reports in every state for the boards' tests, made through the services.

XA1 Nguyễn Văn An: not handed in.  XA2 Đặng Văn Dũng (dave): on time, passed (mark 8.5).
XA2 Trần Thị Bình: handed in late (by the secretary), returned.  XB1 Lê Hoàng Cường: handed in, a case
open.  XB1 Phạm Thu Phương (fiona): a lightly edited copy of Cường's, decided "có sao chép".
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from quantriet.reports.checking.arrival import check_all_pending
from quantriet.reports.models import Decision, Finding, LearningReport
from quantriet.reports.services import reviewing
from quantriet.reports.services.submitting import Handed, submit
from tests.reports.conftest import Reports
from tests.reports.writing import essay, lightly_edited


def every_state(reports: Reports) -> None:
    world = reports.world
    alice = world.alice
    dave = reports.report_of(world.m_dave)
    submit(world.dave, dave, Handed(essay(1)))
    binh = reports.report_of(world.m_xa2)
    submit(alice, binh, Handed(essay(2), on_behalf=True))
    LearningReport.objects.filter(pk=binh.pk).update(late=True)
    cuong = reports.report_of(world.m_xb1)
    submit(alice, cuong, Handed(essay(4), on_behalf=True))
    fiona = reports.report_of(reports.m_fiona)
    submit(reports.fiona, fiona, Handed(lightly_edited(essay(4))))
    check_all_pending()
    reviewing.pass_report(alice, dave, mark=Decimal("8.5"))
    reviewing.return_report(
        alice, binh, comment="Viết thêm phần liên hệ bản thân.", rewrite_by=timezone.localdate()
    )
    found = list(Finding.objects.all())
    case = reviewing.open_case(alice, fiona, reason="Trùng gần hết bài.", findings=found)
    reviewing.answer_case(reports.fiona, case, answer="Tôi có tham khảo.")
    reviewing.decide_case(alice, case, decision=Decision.COPIED, note="Chép bài của đồng chí khác.")
    reviewing.open_case(alice, cuong, reason="Bài bị chép.", findings=found)


# --- the board ----------------------------------------------------------------------------------------

import pytest  # noqa: E402
from django.test import Client  # noqa: E402

from quantriet.orgs.models import BulkAccessLog  # noqa: E402


def board_url(reports: Reports, unit: object = None) -> str:
    url = f"/reports/campaigns/{reports.campaign.pk}/board/"
    return url if unit is None else f"{url}?unit={unit}"


def test_the_province_board_counts_each_commune_with_its_parent_and_the_totals(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    response = world.client_for(world.alice).get(board_url(reports))
    assert response.status_code == 200
    rows = {r.label: r for r in response.context["board"].rows}
    assert set(rows) == {"Đảng bộ xã An Hòa — Tỉnh ủy Mẫu", "Đảng bộ xã Bình Minh — Tỉnh ủy Mẫu"}
    xa = rows["Đảng bộ xã An Hòa — Tỉnh ủy Mẫu"]
    assert (xa.required, xa.on_time, xa.late, xa.missing, xa.passed, xa.returned) == (3, 1, 1, 1, 1, 1)
    xb = rows["Đảng bộ xã Bình Minh — Tỉnh ủy Mẫu"]
    assert (xb.required, xb.on_time, xb.missing, xb.copied, xb.open_cases) == (2, 2, 0, 1, 1)
    total = response.context["board"].total
    assert total.figures() == [5, 3, 1, 1, 1, 1, 1, 1]
    assert xa.drill and xb.drill
    body = response.content.decode()
    assert f"?unit={world.xa.pk}" in body and "Đảng bộ xã An Hòa — Tỉnh ủy Mẫu" in body


def test_drilling_down_to_a_cell_lists_whom_to_chase_and_logs_the_read(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    client = world.client_for(world.alice)
    commune = client.get(board_url(reports, world.xa.pk))
    assert [r.label for r in commune.context["board"].rows] == [
        "Chi bộ thôn 1 — Đảng bộ xã An Hòa",
        "Chi bộ thôn 2 — Đảng bộ xã An Hòa",
    ]
    assert "lagging" not in commune.context
    cell = client.get(board_url(reports, world.xa2.pk))
    assert cell.status_code == 200
    assert [r.label for r in cell.context["board"].rows] == ["Chi bộ thôn 2 — Đảng bộ xã An Hòa"]
    assert [r.member.full_name for r in cell.context["lagging"]] == ["Trần Thị Bình"]
    assert [u.name for u in cell.context["trail"]] == ["Tỉnh ủy Mẫu", "Đảng bộ xã An Hòa"]
    log = BulkAccessLog.objects.get(what="reports.board")
    assert (log.unit_id, log.rows) == (world.xa2.pk, 1)


def test_a_reviewer_sees_their_own_subtree_only(reports: Reports) -> None:
    every_state(reports)
    world = reports.world
    bob = world.client_for(world.bob)  # secretary of XA1
    own = bob.get(board_url(reports))
    assert own.status_code == 200
    assert own.context["unit"] == world.xa1
    assert [r.member.full_name for r in own.context["lagging"]] == ["Nguyễn Văn An"]
    for unit in (world.xa, world.xa2, world.province, world.xb1):
        assert bob.get(board_url(reports, unit.pk)).status_code == 404
    charlie = world.client_for(world.charlie)  # organisation staff of XB: reviews XB
    assert charlie.get(board_url(reports)).context["unit"] == world.xb
    assert charlie.get(board_url(reports, world.xa.pk)).status_code == 404


@pytest.mark.parametrize("who", ["dave", "eve"])
def test_members_and_outsiders_get_404(reports: Reports, who: str) -> None:
    world = reports.world
    client = world.client_for(getattr(world, who))
    campaign = reports.campaign.pk
    for url in (
        board_url(reports),
        f"/reports/campaigns/{campaign}/board.xlsx",
        f"/reports/campaigns/{campaign}/summary.docx",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("raw", ["abc", "²", "-1", "0", "99999999", "1.5", "%00", "", "1e3", "９"])
def test_bad_unit_values_answer_404_or_the_default_never_500(reports: Reports, raw: str) -> None:
    world = reports.world
    response = world.client_for(world.alice).get(board_url(reports) + f"?unit={raw}")
    assert response.status_code in (200, 404)
    if raw == "":
        assert response.context["unit"] == world.province


def test_the_board_answers_in_a_fixed_number_of_queries(
    reports: Reports, django_assert_num_queries: object
) -> None:
    every_state(reports)
    world = reports.world
    client = world.client_for(world.alice)
    client.get(board_url(reports))  # warm the session
    with django_assert_num_queries(8):  # type: ignore[operator]
        client.get(board_url(reports))
    with django_assert_num_queries(13):  # type: ignore[operator]
        client.get(board_url(reports, world.xa2.pk))


def test_anonymous_visitors_are_sent_to_sign_in(reports: Reports) -> None:
    response = Client().get(board_url(reports))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_names_typed_by_users_are_shown_as_text(reports: Reports) -> None:
    world = reports.world
    from quantriet.orgs.models import Unit

    Unit.objects.filter(pk=world.xa.pk).update(name="<script>alert(1)</script>")
    body = world.client_for(world.alice).get(board_url(reports)).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
