"""A card number already held: said plainly inside one's scope, never confirmed outside it (issue 9).

In the test world Charlie is organisation staff of commune XB (card 10000003 is his cell's Cường); Alice
is organisation staff of the whole province; card 10000001 is An's, of XA1, outside Charlie's reach.
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from quantriet.orgs.models import CorrectionRequest, Member
from tests.conftest import World
from tests.orgs.test_api import send
from tests.orgs.test_views_members import new_member_data

NEUTRAL = "không dùng được"
TAKEN = "đã thuộc về một đảng viên khác"
AN = ("Nguyễn Văn An", "Chi bộ thôn 1", "XA1")


def _form(client: Client, unit_id: int, card: str) -> str:
    url = reverse("orgs:member_create", kwargs={"unit_id": unit_id})
    response = client.post(url, new_member_data(card_number=card))
    assert response.status_code in (200, 400)
    return str(response.content.decode())


def _api_create(client: Client, unit_id: int, card: str) -> Any:
    body = {
        "full_name": "Hoàng Thị Lan",
        "date_of_birth": "1990-04-12",
        "sex": "female",
        "admission_date": "2015-02-03",
        "card_number": card,
        "unit": unit_id,
    }
    response = send(client, "post", "/api/v1/members/", body)
    assert response.status_code == 400, response.content
    return response.json()["error"]


def test_a_card_held_outside_the_users_scope_is_not_confirmed_by_the_form_or_the_api(world: World) -> None:
    charlie = world.client_for(world.charlie)
    page = _form(charlie, world.xb1.pk, "10000001")
    assert NEUTRAL in page and "liên hệ cấp ủy cấp trên" in page and TAKEN not in page
    assert not any(word in page for word in AN)
    created = _api_create(charlie, world.xb1.pk, "10000001")
    patched = send(charlie, "patch", f"/api/v1/members/{world.m_xb1.pk}/", {"card_number": "10000001"})
    assert patched.status_code == 400
    for error in (created, patched.json()["error"]):
        text = str(error)
        assert NEUTRAL in error["fields"]["card_number"] and TAKEN not in text
        assert not any(word in text for word in AN)
    assert not Member.objects.filter(full_name="Hoàng Thị Lan").exists()
    assert Member.objects.get(pk=world.m_xb1.pk).card_number == "10000003"


def test_a_card_held_inside_the_users_scope_is_named_with_its_holder(world: World) -> None:
    charlie = world.client_for(world.charlie)
    page = _form(charlie, world.xb1.pk, "10000003")  # Cường, of Charlie's own commune
    assert TAKEN in page and "Lê Hoàng Cường" in page
    alice = world.client_for(world.alice)  # the province sees both communes
    error = _api_create(alice, world.xb1.pk, "10000001")
    assert TAKEN in error["fields"]["card_number"] and "Nguyễn Văn An" in error["fields"]["card_number"]


def test_a_members_correction_request_does_not_confirm_anothers_card(world: World) -> None:
    dave = world.client_for(world.dave)  # a member of XA2 asking to correct his own record
    response = dave.post(
        reverse("orgs:my_corrections"),
        {"field": "card_number", "proposed_value": "10000003", "reason": "Theo thẻ đảng viên"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and NEUTRAL in page
    assert TAKEN not in page and "Lê Hoàng Cường" not in page
    assert not CorrectionRequest.objects.exists()
