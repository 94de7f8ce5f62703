"""The second factor: set up with an authenticator app, then asked after the password; required for the
province's staff and operators, optional for others, and no page opens before it is given."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.test import Client, override_settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from quantriet.orgs import services
from quantriet.orgs.models import AuditEntry, LoginAttempt, Role, Unit
from tests.conftest import PASSWORD, World

SETUP = "/accounts/two-factor/"
VERIFY = "/accounts/two-factor/verify/"


def code_for(key: bytes, after_t: int = -1) -> str:
    """The code an app holding ``key`` shows now, or at the next step if now's was already used."""
    totp = TOTP(key)
    totp.time = max(time.time(), (after_t + 1) * 30 + 1)
    return f"{totp.token():06d}"


def password_step(username: str, next_url: str = "") -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/" + (f"?next={next_url}" if next_url else ""),
        {"username": username, "password": PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    return client


def shown_key(client: Client) -> bytes:
    page = client.get(SETUP)
    assert page.status_code == 200
    text = page.content.decode()
    assert "<svg" in text  # the QR code
    match = re.search(r'<code id="otp-key">([A-Z2-7 ]+)</code>', text)
    assert match is not None
    raw = match.group(1).replace(" ", "")
    return base64.b32decode(raw + "=" * (-len(raw) % 8))


def recovery_codes_shown(response: HttpResponse, next_url: str) -> list[str]:
    """The set-up's answer once the code matched: the new recovery codes, shown once, then on to
    ``next_url``."""
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    text = response.content.decode()
    assert f'<a class="button" href="{next_url}">' in text
    codes = re.findall(r"<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>", text)
    assert len(codes) == 10 and len(set(codes)) == 10
    return codes


def enrol(client: Client) -> bytes:
    key = shown_key(client)
    response = client.post(SETUP, {"otp_token": code_for(key), "next": "/"})
    recovery_codes_shown(response, "/")
    return key


def test_province_staff_must_set_up_the_second_factor_before_any_page(world: World) -> None:
    client = password_step("alice", "/members/")
    for url in ("/", "/members/", f"/units/{world.xa.pk}/", "/documents/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(SETUP), url
    api = client.get("/api/v1/members/")
    assert api.status_code == 403 and api.json()["error"]["code"] == "second_factor_required"
    assert not TOTPDevice.objects.exists()  # looking at the set-up page stores nothing
    key = shown_key(client)
    assert shown_key(client) == key  # the same key until confirmed
    wrong = client.post(SETUP, {"otp_token": "000000"})
    assert wrong.status_code == 200 and "Mã chưa đúng" in wrong.content.decode()
    assert client.get("/").status_code == 302
    response = client.post(SETUP, {"otp_token": code_for(key), "next": "/members/"})
    recovery_codes_shown(response, "/members/")
    assert client.get("/members/").status_code == 200
    assert client.get("/api/v1/members/").status_code == 200
    assert TOTPDevice.objects.get(user=world.alice).confirmed
    assert AuditEntry.objects.filter(action="account.second_factor", actor=world.alice).exists()


def test_after_set_up_the_code_is_asked_after_the_password(world: World) -> None:
    key = enrol(password_step("alice"))
    client = password_step("alice", "/members/")
    response = client.get("/members/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    # With only the password, the second factor cannot be replaced by a new phone either.
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"otp_token": "123456", "next": "/members/"})
    assert wrong.status_code == 200 and "Mã chưa đúng" in wrong.content.decode()
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 1
    too_soon = client.post(VERIFY, {"otp_token": "123456"})  # django-otp pauses 1 s, doubling per failure
    assert "Hãy chờ" in too_soon.content.decode()
    TOTPDevice.objects.filter(user=world.alice).update(throttling_failure_timestamp=None)
    device = TOTPDevice.objects.get(user=world.alice)
    right = client.post(VERIFY, {"otp_token": code_for(key, device.last_t), "next": "/members/"})
    assert right.status_code == 302 and right["Location"] == "/members/"
    assert client.get("/members/").status_code == 200


def test_a_used_code_does_not_sign_in_again(world: World) -> None:
    key = enrol(password_step("alice"))
    device = TOTPDevice.objects.get(user=world.alice)
    first = password_step("alice")
    code = code_for(key, device.last_t)
    assert first.post(VERIFY, {"otp_token": code})["Location"] == "/"
    second = password_step("alice")
    refused = second.post(VERIFY, {"otp_token": code})
    assert refused.status_code == 200 and "đã dùng" in refused.content.decode()


def test_odd_codes_are_refused_with_a_message(world: World) -> None:
    enrol(password_step("alice"))
    client = password_step("alice")
    for odd in ("١٢٣٤٥٦", "²²²²²²", "12345\x00", "9" * 19, "'; --", ""):
        response = client.post(VERIFY, {"otp_token": odd})
        assert response.status_code == 200, odd
    assert client.get("/").status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(world: World) -> None:
    key = enrol(password_step("alice"))
    client = password_step("alice")
    for _ in range(5):
        client.post(VERIFY, {"otp_token": "000000"})
    # Past django-otp's own pause, the sign-in lock still holds.
    TOTPDevice.objects.filter(user=world.alice).update(throttling_failure_timestamp=None)
    device = TOTPDevice.objects.get(user=world.alice)
    refused = client.post(VERIFY, {"otp_token": code_for(key, device.last_t)})
    assert "Đăng nhập sai quá nhiều lần" in refused.content.decode()
    assert client.get("/").status_code == 302


def test_operators_need_it_for_the_admin(world: World) -> None:
    User.objects.create_superuser("root", "root@example.org", PASSWORD)
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    enrol(client)
    assert client.get("/admin/").status_code == 200


def test_a_role_below_the_province_needs_no_second_factor_but_may_use_one(world: World) -> None:
    client = password_step("charlie")  # organisation staff of a commune
    assert client.get("/").status_code == 200
    key = enrol(client)
    again = password_step("charlie")
    assert again.get("/")["Location"].startswith(VERIFY)
    device = TOTPDevice.objects.get(user=world.charlie)
    again.post(VERIFY, {"otp_token": code_for(key, device.last_t)})
    assert again.get("/").status_code == 200


def test_any_role_at_a_root_of_the_tree_needs_it_whatever_its_level(world: World) -> None:
    district = Unit.objects.create(name="Huyện ủy độc lập", code="ROOT2", level="intermediate")
    services.grant_role(None, world.eve, district, Role.OFFICE)
    assert password_step("eve").get("/")["Location"].startswith(SETUP)


def test_deleting_the_device_ends_the_sessions_it_verified(world: World) -> None:
    client = password_step("alice")
    enrol(client)
    assert client.get("/").status_code == 200
    TOTPDevice.objects.filter(user=world.alice).delete()  # a lost phone, removed by an operator
    assert client.get("/")["Location"].startswith(SETUP)


@override_settings(OTP_REQUIRED=False)
def test_with_the_requirement_off_province_staff_sign_in_with_the_password(world: World) -> None:
    assert password_step("alice").get("/").status_code == 200


def test_the_next_address_never_leads_off_site(world: World) -> None:
    client = password_step("alice")
    key = shown_key(client)
    response = client.post(SETUP, {"otp_token": code_for(key), "next": "https://evil.example/"})
    recovery_codes_shown(response, "/")


@pytest.mark.parametrize("target", ["²", "members", "javascript:alert(1)", "//evil.example/"])
def test_a_next_address_that_is_not_a_local_path_leads_home(world: World, target: str) -> None:
    client = password_step("alice")
    key = shown_key(client)
    response = client.post(SETUP, {"otp_token": code_for(key), "next": target})
    recovery_codes_shown(response, "/")


def test_the_password_page_leads_to_the_second_factor(world: World) -> None:
    page = world.client_for(world.bob).get("/accounts/password/").content.decode()
    assert f'href="{SETUP}"' in page


def test_the_user_menu_leads_to_the_second_factor_on_every_page(world: World) -> None:
    page = world.client_for(world.charlie).get("/").content.decode()
    menu = page[page.index('class="usermenu"') : page.index("</header>")]
    assert f'href="{SETUP}"' in menu and "Xác thực hai lớp" in menu
    assert f'href="{SETUP}"' not in Client().get("/accounts/login/").content.decode()
