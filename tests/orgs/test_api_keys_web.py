"""Personal API keys on the web: listed, created (shown once; with the current second-factor code when the
account has one) and revoked by their holder, audited; accounts without a role have none."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from quantriet.orgs.models import ApiToken, AuditEntry, LoginAttempt
from quantriet.orgs.services.tokens import create_token
from tests.conftest import World

PAGE = "/accounts/api-keys/"
SHOWN = re.compile(r'id="api-key">(qt_[^<]+)<')


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key)
    totp.time = max(time.time(), (device.last_t + 1) * 30 + 1)
    return f"{totp.token():06d}"


def test_a_secretary_creates_a_key_that_is_shown_once_and_works(world: World) -> None:
    bob = world.client_for(world.bob)  # secretary of XA1; no second factor
    response = bob.post(PAGE, {"name": "Bảng tính của chi bộ", "lifetime": "90"})
    assert response.status_code == 200
    found = SHOWN.search(response.content.decode())
    assert found is not None
    key = found.group(1)
    token = ApiToken.objects.get(user=world.bob)
    assert token.name == "Bảng tính của chi bộ" and key not in token.key_hash
    assert key not in bob.get(PAGE).content.decode()  # once only
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me/")
    assert api.status_code == 200 and api.json()["username"] == "bob"
    assert AuditEntry.objects.filter(action="token.create", actor=world.bob).count() == 1


def test_the_holder_revokes_a_key_and_scripts_get_401(world: World) -> None:
    bob = world.client_for(world.bob)
    key = SHOWN.search(bob.post(PAGE, {"name": "Thử", "lifetime": "90"}).content.decode())
    assert key is not None
    token = ApiToken.objects.get(user=world.bob)
    response = bob.post(f"/accounts/api-keys/{token.pk}/revoke/", follow=True)
    assert "Đã thu hồi khóa “Thử”" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key.group(1)}").get("/api/v1/me/").status_code == 401
    assert AuditEntry.objects.filter(action="token.revoke", actor=world.bob).count() == 1


def test_no_one_revokes_or_sees_another_accounts_key(world: World) -> None:
    bob = world.client_for(world.bob)
    bob.post(PAGE, {"name": "Khóa của Bob", "lifetime": "90"})
    token = ApiToken.objects.get(user=world.bob)
    charlie = world.client_for(world.charlie)
    assert "Khóa của Bob" not in charlie.get(PAGE).content.decode()
    charlie.post(f"/accounts/api-keys/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_account_with_the_second_factor_gives_its_current_code_to_create_a_key(world: World) -> None:
    alice = world.client_for(world.alice)  # province staff: signed in with the second factor
    page = alice.get(PAGE).content.decode()
    assert 'name="otp_token"' in page
    refused = alice.post(PAGE, {"name": "Báo cáo tỉnh", "lifetime": "90"})
    assert refused.status_code == 400
    assert "hãy nhập mã đang hiện trong ứng dụng" in refused.content.decode()
    wrong = alice.post(PAGE, {"name": "Báo cáo tỉnh", "lifetime": "90", "otp_token": "000000"})
    assert wrong.status_code == 400 and not ApiToken.objects.exists()
    assert (
        LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 1
    )  # guesses are throttled
    # django-otp slows guessing down after a wrong code; a moment later the right one is taken.
    TOTPDevice.objects.filter(user=world.alice).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    done = alice.post(
        PAGE, {"name": "Báo cáo tỉnh", "lifetime": "90", "otp_token": current_code(world.alice)}
    )
    assert done.status_code == 200 and SHOWN.search(done.content.decode()) is not None
    assert ApiToken.objects.filter(user=world.alice).count() == 1


def test_a_member_without_a_role_gets_a_clear_refusal(world: World) -> None:
    dave = world.client_for(world.dave)  # a member of XA2 with an account, no role
    response = dave.get(PAGE)
    assert response.status_code == 403
    assert dave.post(PAGE, {"name": "Thử", "lifetime": "90"}).status_code == 403
    assert not ApiToken.objects.filter(user=world.dave).exists()


def test_a_nameless_key_is_refused_and_nothing_is_created(world: World) -> None:
    response = world.client_for(world.bob).post(PAGE, {"name": "", "lifetime": "90"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_account_page_leads_to_the_api_keys(world: World) -> None:
    assert PAGE in world.client_for(world.bob).get("/accounts/password/").content.decode()


def test_a_web_key_expires_when_its_holder_chose(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    bob = world.client_for(world.bob)
    shown = SHOWN.search(bob.post(PAGE, {"name": "Tạm thời", "lifetime": "30"}).content.decode())
    assert shown is not None
    token = ApiToken.objects.get(user=world.bob)
    assert token.expires_at is not None
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    key = Client(HTTP_AUTHORIZATION=f"Bearer {shown.group(1)}")
    assert key.get("/api/v1/me/").status_code == 200
    later = timezone.now() + dt.timedelta(days=31)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert key.get("/api/v1/me/").status_code == 401
    assert "Đã hết hạn" in world.client_for(world.bob).get(PAGE).content.decode()


def test_a_lifetime_not_offered_is_refused(world: World) -> None:
    response = world.client_for(world.bob).post(PAGE, {"name": "Mãi mãi", "lifetime": "36500"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_those_who_manage_a_units_roles_revoke_its_accounts_keys(world: World) -> None:
    _token, key = create_token(None, world.bob, "Máy tính xách tay")  # bob: secretary of XA1
    _other, dave_key = create_token(None, world.dave, "Điện thoại")  # dave: member of XA2
    alice = world.client_for(world.alice)  # organisation staff of the province
    page = alice.get(f"/units/{world.xa.pk}/api-keys/").content.decode()
    assert "Máy tính xách tay" in page and "Điện thoại" in page
    token = ApiToken.objects.get(user=world.bob)
    response = alice.post(f"/units/{world.xa.pk}/api-keys/", {"token": str(token.pk)}, follow=True)
    assert "Đã thu hồi khóa “Máy tính xách tay” của bob" in response.content.decode()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/me/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {dave_key}").get("/api/v1/me/").status_code == 200
    assert AuditEntry.objects.filter(action="token.revoke", actor=world.alice).count() == 1


def test_a_unit_keys_page_shows_nothing_of_another_commune(world: World) -> None:
    create_token(None, world.bob, "Máy tính xách tay")
    charlie = world.client_for(world.charlie)  # organisation staff of XB
    assert charlie.get(f"/units/{world.xa.pk}/api-keys/").status_code == 404
    assert "Máy tính xách tay" not in charlie.get(f"/units/{world.xb.pk}/api-keys/").content.decode()
    token = ApiToken.objects.get(user=world.bob)
    charlie.post(f"/units/{world.xb.pk}/api-keys/", {"token": str(token.pk)})
    token.refresh_from_db()
    assert token.revoked_at is None
    assert world.client_for(world.bob).get(f"/units/{world.xa1.pk}/api-keys/").status_code == 403


def test_a_unit_keys_page_costs_the_same_queries_for_one_key_as_for_many(
    world: World, django_assert_num_queries: Any
) -> None:
    create_token(None, world.bob, "Một")
    alice = world.client_for(world.alice)
    url = f"/units/{world.xa.pk}/api-keys/"
    alice.get(url)
    # session, user, the unit and the right to manage its roles (roles, two subtree checks), the keys, menu
    with django_assert_num_queries(8):
        alice.get(url)
    for n in range(4):
        create_token(None, world.dave, f"Khóa {n}")
    with django_assert_num_queries(8):
        assert alice.get(url).content.decode().count("Khóa ") >= 4
