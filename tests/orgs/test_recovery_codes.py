"""Recovery codes of the second factor: shown once at set-up, each good for one sign-in, kept as hashes."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantriet.orgs.models import AuditEntry, LoginAttempt
from tests.conftest import World
from tests.orgs.test_signin_second_factor import (
    SETUP,
    VERIFY,
    code_for,
    password_step,
    recovery_codes_shown,
    shown_key,
)

CODES = "/accounts/two-factor/recovery-codes/"


def forget_failures() -> None:
    """As if the user waited: the sign-in throttle's failures and django-otp's pause forgotten."""
    LoginAttempt.objects.all().delete()
    StaticDevice.objects.update(throttling_failure_count=0, throttling_failure_timestamp=None)


def enrolled_with_codes(username: str = "alice") -> list[str]:
    client = password_step(username)
    key = shown_key(client)
    return recovery_codes_shown(client.post(SETUP, {"otp_token": code_for(key), "next": "/"}), "/")


def test_the_codes_are_kept_only_as_hashes_and_the_admin_does_not_list_them(world: World) -> None:
    codes = enrolled_with_codes()
    stored = list(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10
    assert not {c.replace("-", "") for c in codes} & set(stored)
    assert not any(c.replace("-", "") in t or c in t for c in codes for t in stored)
    operator = User.objects.create_superuser("quantri-test", password="x" * 12)
    admin = Client()
    admin.force_login(operator)
    assert admin.get("/admin/otp_static/staticdevice/").status_code == 404


def test_a_recovery_code_signs_in_once_however_it_is_typed(world: World) -> None:
    codes = enrolled_with_codes()
    client = password_step("alice", "/members/")
    typed = "  " + codes[3].upper().replace("-", " – ") + " "
    response = client.post(VERIFY, {"otp_token": typed, "next": "/members/"}, follow=True)
    assert response.redirect_chain[0] == ("/members/", 302)
    assert "còn 9 mã" in response.content.decode()
    assert client.get("/members/").status_code == 200
    assert AuditEntry.objects.filter(action="account.recovery_code_used", actor=world.alice).count() == 1
    # Used: the same code does not open a second session.
    again = password_step("alice")
    refused = again.post(VERIFY, {"otp_token": codes[3]})
    assert refused.status_code == 200
    assert "Mã dự phòng không đúng hoặc đã dùng" in refused.content.decode()
    assert again.get("/")["Location"].startswith(VERIFY)
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 1


def test_wrong_codes_are_slowed_down_and_counted_like_passwords(world: World) -> None:
    codes = enrolled_with_codes()
    client = password_step("alice")
    assert "không đúng" in client.post(VERIFY, {"otp_token": "aaaaa-aaaaa"}).content.decode()
    # django-otp's pause after a failure: even a good code waits, and the try still counts.
    paused = client.post(VERIFY, {"otp_token": codes[0]}).content.decode()
    assert "Nhập sai mã nhiều lần liền" in paused
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 2
    assert client.get("/")["Location"].startswith(VERIFY)


def test_a_new_set_replaces_the_old_one(world: World) -> None:
    old = enrolled_with_codes()
    client = password_step("alice")
    client.post(VERIFY, {"otp_token": old[0]})
    page = client.get(CODES).content.decode()
    assert "Còn 9 mã dự phòng chưa dùng" in page and "<code>" not in page
    new = recovery_codes_shown(client.post(CODES, {"next": "/documents/"}), "/documents/")
    assert not set(new) & set(old)
    assert AuditEntry.objects.filter(action="account.recovery_codes", actor=world.alice).count() == 2
    stale = password_step("alice")
    assert "Mã dự phòng không đúng" in stale.post(VERIFY, {"otp_token": old[1]}).content.decode()
    forget_failures()  # django-otp's pause after the wrong code, as if the user waited
    fresh = password_step("alice")
    assert fresh.post(VERIFY, {"otp_token": new[1]})["Location"] == "/"


def test_the_last_code_says_to_make_a_new_set(world: World) -> None:
    codes = enrolled_with_codes()
    for left, code in zip(range(9, 0, -1), codes[:9], strict=True):
        response = password_step("alice").post(VERIFY, {"otp_token": code}, follow=True)
        assert f"còn {left} mã" in response.content.decode()
    response = password_step("alice").post(VERIFY, {"otp_token": codes[9]}, follow=True)
    assert response.redirect_chain and "mã dự phòng cuối cùng" in response.content.decode()
    assert not StaticToken.objects.exists()


def test_the_page_needs_the_app_and_the_second_factor_given(world: World) -> None:
    # bob has no app set up: sent to set it up, nothing made.
    bob = world.client_for(world.bob)
    assert bob.post(CODES)["Location"].startswith(SETUP)
    assert not StaticToken.objects.exists()
    enrolled_with_codes()
    before = set(StaticToken.objects.values_list("token", flat=True))
    password_only = password_step("alice")
    assert password_only.post(CODES)["Location"].startswith(VERIFY)
    assert set(StaticToken.objects.values_list("token", flat=True)) == before


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=40))
def test_any_text_typed_as_a_code_is_answered_and_never_signs_in(world: World, typed: str) -> None:
    if not StaticToken.objects.exists():
        enrolled_with_codes()
    forget_failures()
    client = password_step("alice")
    response = client.post(VERIFY, {"otp_token": typed})
    assert response.status_code == 200
    assert re.search(r'class="errorlist', response.content.decode())
    assert client.get("/")["Location"].startswith(VERIFY)
