"""Decree 13/2023: a member asks for a correction; the staff of their unit accept or refuse it."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from quantriet.orgs.models import AuditEntry, CorrectionRequest, Member
from tests.conftest import World

MINE = "/me/corrections/"
QUEUE = "/members/corrections/"


def ask(client: Client, field: str, value: str, reason: str = "Theo giấy khai sinh") -> int:
    response = client.post(MINE, {"field": field, "proposed_value": value, "reason": reason})
    return response.status_code


def decide_url(correction: CorrectionRequest) -> str:
    return f"{QUEUE}{correction.pk}/"


def test_a_member_asks_and_staff_accept_through_the_audited_member_edit(world: World) -> None:
    dave = world.client_for(world.dave)
    assert ask(dave, "date_of_birth", "18/05/1985") == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.current_value, correction.proposed_value) == ("1985-05-17", "1985-05-18")
    alice = world.client_for(world.alice)
    queue = alice.get(QUEUE).content.decode()
    assert "Đặng Văn Dũng" in queue and "18/05/1985" in queue
    response = alice.post(decide_url(correction), {"decision": "accept", "decision_note": ""})
    assert response.status_code == 302
    world.m_dave.refresh_from_db()
    assert world.m_dave.date_of_birth == dt.date(1985, 5, 18)
    edit = AuditEntry.objects.get(action="member.update", target_id=str(world.m_dave.pk))
    assert edit.actor == world.alice and edit.changes == {"date_of_birth": ["1985-05-17", "1985-05-18"]}
    mine = dave.get(MINE).content.decode()
    assert "Đã chấp nhận và sửa hồ sơ" in mine


def test_a_refusal_needs_a_reason_which_the_member_then_reads(world: World) -> None:
    dave = world.client_for(world.dave)
    assert ask(dave, "full_name", "Đặng Văn Dũ") == 302
    correction = CorrectionRequest.objects.get()
    alice = world.client_for(world.alice)
    refused = alice.post(decide_url(correction), {"decision": "refuse", "decision_note": ""})
    assert refused.status_code == 400
    assert "Hãy ghi lý do không chấp nhận" in refused.content.decode()
    assert (
        alice.post(
            decide_url(correction), {"decision": "refuse", "decision_note": "Sai chính tả"}
        ).status_code
        == 302
    )
    world.m_dave.refresh_from_db()
    assert world.m_dave.full_name == "Đặng Văn Dũng"
    mine = dave.get(MINE).content.decode()
    assert "Không chấp nhận" in mine and "Sai chính tả" in mine
    again = alice.post(decide_url(correction), {"decision": "accept"})
    assert again.status_code == 400 and "Đề nghị này đã được xử lý rồi." in again.content.decode()
    assert "Lưu quyết định" not in again.content.decode()  # a decided request shows without the form
    world.m_dave.refresh_from_db()
    assert world.m_dave.full_name == "Đặng Văn Dũng"


def test_bad_proposals_get_a_vietnamese_message_and_keep_what_was_typed(world: World) -> None:
    dave = world.client_for(world.dave)
    response = dave.post(MINE, {"field": "date_of_birth", "proposed_value": "31/02/1985", "reason": "Sửa"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "không hợp lệ; hãy ghi theo dạng ngày/tháng/năm" in html and 'value="31/02/1985"' in html
    future = dave.post(MINE, {"field": "admission_date", "proposed_value": "01/01/2999", "reason": "x"})
    assert "Ngày không được ở tương lai." in future.content.decode()
    same = dave.post(MINE, {"field": "sex", "proposed_value": "Nam", "reason": "x"})
    assert "giống hồ sơ hiện tại" in same.content.decode()
    no_reason = dave.post(MINE, {"field": "sex", "proposed_value": "Nữ", "reason": ""})
    assert no_reason.status_code == 400
    assert not CorrectionRequest.objects.exists()


def test_a_member_cannot_flood_the_queue(world: World) -> None:
    dave = world.client_for(world.dave)
    for day in range(1, 6):
        assert ask(dave, "date_of_birth", f"{day:02d}/01/1985") == 302
    response = dave.post(MINE, {"field": "date_of_birth", "proposed_value": "09/01/1985", "reason": "x"})
    assert response.status_code == 400 and "5 đề nghị chờ xử lý" in response.content.decode()
    assert CorrectionRequest.objects.count() == 5


def test_an_acceptance_the_record_can_no_longer_take_leaves_the_request_open(world: World) -> None:
    dave = world.client_for(world.dave)
    assert ask(dave, "card_number", "99999999") == 302
    correction = CorrectionRequest.objects.get()
    Member.objects.filter(pk=world.m_xa1.pk).update(card_number="99999999")
    response = world.client_for(world.alice).post(decide_url(correction), {"decision": "accept"})
    assert response.status_code == 400
    correction.refresh_from_db()
    world.m_dave.refresh_from_db()
    assert correction.state == "open" and world.m_dave.card_number == "10000004"


def test_staff_see_only_the_requests_of_members_they_may_edit(world: World) -> None:
    assert ask(world.client_for(world.dave), "sex", "Nữ") == 302
    correction = CorrectionRequest.objects.get()
    charlie = world.client_for(world.charlie)  # organisation staff of the sibling commune
    queue = charlie.get(QUEUE)
    assert queue.status_code == 200 and "Đặng Văn Dũng" not in queue.content.decode()
    assert charlie.get(decide_url(correction)).status_code == 404
    assert charlie.post(decide_url(correction), {"decision": "accept"}).status_code == 404
    bob = world.client_for(world.bob)  # a cell secretary edits no records
    assert bob.get(QUEUE).status_code == 404
    world.m_dave.refresh_from_db()
    assert world.m_dave.sex == "male"


def test_an_account_without_a_record_cannot_ask(world: World) -> None:
    eve = world.client_for(world.eve)
    assert eve.get(MINE).status_code == 200
    assert ask(eve, "sex", "Nữ") == 404
    assert not CorrectionRequest.objects.exists()
