"""Kiosk keys: a point's desk staff create, rotate and revoke them on the web (audited, only the hash kept);
a kiosk checks people in with one, at that point only, while the conference takes check-ins."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from typing import Any

import pytest
from django.test import Client

from quantriet.campaigns import services
from quantriet.campaigns.models import CheckIn, KioskKey
from quantriet.orgs import services as org_services
from quantriet.orgs.models import AuditEntry, Role
from tests.campaigns.conftest import HELD_ON, Clock, Setup, local

pytestmark = pytest.mark.usefixtures("clock")
KEY = re.compile(r'id="kiosk-key">(qtk_[^<]+)<')


def create_key(client: Client, point_id: int, name: str = "Máy tính bảng cửa chính") -> str:
    response = client.post(f"/campaigns/points/{point_id}/kiosk-keys/", {"action": "create", "name": name})
    assert response.status_code == 200, response.content.decode()[:500]
    found = KEY.search(response.content.decode())
    assert found is not None
    return found.group(1)


def kiosk_post(point_id: int, key: str | None, body: Any, **headers: Any) -> Any:
    extra: dict[str, Any] = {"HTTP_X_KIOSK_KEY": key} if key is not None else {}
    return Client(**headers).post(
        f"/api/v1/campaigns/points/{point_id}/kiosk/check-in/",
        json.dumps(body),
        content_type="application/json",
        **extra,
    )


def body(code: str, client_id: uuid.UUID | None = None, method: str = "scan") -> dict[str, str]:
    return {"code": code, "client_id": str(client_id or uuid.uuid4()), "method": method}


def test_desk_staff_create_a_key_shown_once_and_only_its_hash_is_kept(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)  # office staff of XA: runs the XA point's desk
    key = create_key(eve, setup.point_xa.pk)
    stored = KioskKey.objects.get()
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in json.dumps(list(KioskKey.objects.values()), default=str)
    page = eve.get(f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/").content.decode()
    assert "Máy tính bảng cửa chính" in page and key not in page and stored.prefix in page
    entry = AuditEntry.objects.get(action="kiosk_key.create")
    assert entry.unit_id == setup.world.xa.pk and key not in json.dumps(entry.changes)


def test_a_kiosk_checks_a_delegate_in_with_its_key_once_per_client_id(setup: Setup) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    key = create_key(setup.world.client_for(setup.world.eve), setup.point_xa.pk)
    client_id = uuid.uuid4()
    first = kiosk_post(setup.point_xa.pk, key, body(services.qr_payload(an), client_id))
    assert first.status_code == 201, first.json()
    assert (first.json()["name"], first.json()["replayed"]) == ("Nguyễn Văn An", False)
    again = kiosk_post(setup.point_xa.pk, key, body(services.qr_payload(an), client_id))
    assert again.status_code == 200 and again.json()["replayed"] is True
    check_in = CheckIn.objects.get()
    assert check_in.recorded_by == setup.world.eve and check_in.method == "scan"
    other = kiosk_post(setup.point_xa.pk, key, body(an.code))
    assert other.status_code == 409 and other.json()["error"]["code"] == "already"
    assert KioskKey.objects.get().last_used_at is not None


def test_a_key_opens_only_its_own_point(setup: Setup) -> None:
    world = setup.world
    (cuong,) = setup.invite(setup.point_xb, world.m_xb1)
    key = create_key(world.client_for(world.eve), setup.point_xa.pk)
    response = kiosk_post(setup.point_xb.pk, key, body(cuong.code))
    assert response.status_code == 401 and response.json()["error"]["code"] == "invalid_kiosk_key"
    assert not CheckIn.objects.exists()


def test_a_personal_api_key_or_a_session_is_no_kiosk_key(setup: Setup) -> None:
    world = setup.world
    (an,) = setup.invite(setup.point_xa, world.m_xa1)
    _token, api_key = org_services.create_token(None, world.eve, "script")
    as_bearer = kiosk_post(setup.point_xa.pk, None, body(an.code), HTTP_AUTHORIZATION=f"Bearer {api_key}")
    assert as_bearer.status_code == 401
    session = world.client_for(world.eve).post(
        f"/api/v1/campaigns/points/{setup.point_xa.pk}/kiosk/check-in/",
        json.dumps(body(an.code)),
        content_type="application/json",
    )
    assert session.status_code == 403 and session.json()["error"]["code"] == "kiosk_only"
    assert kiosk_post(setup.point_xa.pk, "qtk_forgedkeyforgedkey", body(an.code)).status_code == 401
    assert not CheckIn.objects.exists()


def test_a_key_takes_check_ins_only_in_the_conference_window(setup: Setup, clock: Clock) -> None:
    (an,) = setup.invite(setup.point_xa, setup.world.m_xa1)
    key = create_key(setup.world.client_for(setup.world.eve), setup.point_xa.pk)
    clock.set(local(HELD_ON, 5, 0))  # hours before the desk opens
    early = kiosk_post(setup.point_xa.pk, key, body(an.code))
    assert early.status_code == 422
    clock.set(local(HELD_ON + dt.timedelta(days=1), 9, 0))  # the day after
    late = kiosk_post(setup.point_xa.pk, key, body(an.code))
    assert late.status_code == 422
    assert not CheckIn.objects.exists()


def test_a_revoked_key_stops_at_once_and_a_rotated_one_is_replaced(setup: Setup) -> None:
    world = setup.world
    an, binh = setup.invite(setup.point_xa, world.m_xa1, world.m_xa2)
    eve = world.client_for(world.eve)
    key = create_key(eve, setup.point_xa.pk)
    stored = KioskKey.objects.get()
    rotated = eve.post(
        f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/", {"action": "rotate", "key": str(stored.pk)}
    )
    new_key = KEY.search(rotated.content.decode())
    assert new_key is not None and new_key.group(1) != key
    assert kiosk_post(setup.point_xa.pk, key, body(an.code)).status_code == 401
    assert kiosk_post(setup.point_xa.pk, new_key.group(1), body(an.code)).status_code == 201
    live = KioskKey.objects.get(revoked_at__isnull=True)
    eve.post(f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/", {"action": "revoke", "key": str(live.pk)})
    assert kiosk_post(setup.point_xa.pk, new_key.group(1), body(binh.code)).status_code == 401
    actions = list(
        AuditEntry.objects.filter(action__startswith="kiosk_key.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["kiosk_key.create", "kiosk_key.create", "kiosk_key.revoke", "kiosk_key.revoke"]


def test_a_key_stops_when_its_creator_no_longer_runs_the_desk(setup: Setup) -> None:
    world = setup.world
    (an,) = setup.invite(setup.point_xa, world.m_xa1)
    key = create_key(world.client_for(world.eve), setup.point_xa.pk)
    role = world.eve.role_assignments.get(role=Role.OFFICE)
    org_services.revoke_role(None, role)
    response = kiosk_post(setup.point_xa.pk, key, body(an.code))
    assert response.status_code == 401
    assert not CheckIn.objects.exists()


def test_only_those_who_run_the_desk_manage_its_keys(setup: Setup) -> None:
    world = setup.world
    charlie = world.client_for(world.charlie)  # runs XB's point, not XA's
    assert charlie.get(f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/").status_code == 404
    response = charlie.post(
        f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/", {"action": "create", "name": "Máy lạ"}
    )
    assert response.status_code == 404
    assert (
        world.client_for(world.charlie).get(f"/campaigns/points/{setup.point_xb.pk}/kiosk-keys/").status_code
        == 200
    )
    assert not KioskKey.objects.exists()


def test_a_nameless_key_is_refused_with_a_message(setup: Setup) -> None:
    eve = setup.world.client_for(setup.world.eve)
    response = eve.post(
        f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/", {"action": "create", "name": "  "}
    )
    assert response.status_code == 400
    assert "Hãy đặt tên cho máy" in response.content.decode()
    assert not KioskKey.objects.exists()


def test_a_bad_body_names_each_wrong_field(setup: Setup) -> None:
    key = create_key(setup.world.client_for(setup.world.eve), setup.point_xa.pk)
    response = kiosk_post(setup.point_xa.pk, key, {"code": 5, "client_id": "x", "method": "name"})
    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {"code", "client_id", "method"}


def test_the_points_page_leads_its_desk_staff_to_the_kiosk_keys(setup: Setup) -> None:
    url = f"/campaigns/points/{setup.point_xa.pk}/kiosk-keys/"
    assert (
        url
        in setup.world.client_for(setup.world.eve)
        .get(f"/campaigns/points/{setup.point_xa.pk}/")
        .content.decode()
    )
