"""Sign-in throttling on every path: the main form, the admin's login, look-alike names, behind the proxy."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.contrib.auth import authenticate
from django.test import Client, override_settings
from django.utils import timezone

from quantriet.orgs.models import LoginAttempt
from quantriet.orgs.services.accounts import prune_sign_in_attempts
from tests.conftest import PASSWORD, World

LOCKED = "Đăng nhập sai quá nhiều lần"


def sign_in(
    client: Client, username: str, password: str, path: str = "/accounts/login/", **extra: str
) -> str:
    response = client.post(path, {"username": username, "password": password}, **extra)  # type: ignore[arg-type]
    if response.status_code == 302:
        return "signed in"
    assert response.status_code == 200
    return response.content.decode()


def test_the_main_form_locks_after_the_limit_and_says_how_long(world: World) -> None:
    client = Client()
    for _ in range(5):
        assert LOCKED not in sign_in(client, "alice", "sai-mat-khau")
    page = sign_in(client, "alice", PASSWORD)
    assert LOCKED in page and "thử lại sau 15 phút" in page


@override_settings(LOGIN_FAILURE_WINDOW_SECONDS=45 * 60)
def test_the_message_states_the_configured_window(world: World) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, "alice", "sai-mat-khau")
    assert "thử lại sau 45 phút" in sign_in(client, "alice", PASSWORD)


def test_thirty_wrong_tries_on_the_admin_login_then_the_right_password_stay_refused(world: World) -> None:
    world.alice.is_staff = True
    world.alice.is_superuser = True
    world.alice.save()
    client = Client()
    for _ in range(30):
        assert sign_in(client, "alice", "sai-mat-khau", "/admin/login/") != "signed in"
    page = sign_in(client, "alice", PASSWORD, "/admin/login/")
    assert page != "signed in" and LOCKED in page
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() >= 5
    # The lock is one lock: the main form refuses too.
    assert LOCKED in sign_in(Client(), "alice", PASSWORD)


def test_failures_on_the_admin_login_lock_the_main_form(world: World) -> None:
    for _ in range(5):
        sign_in(Client(), "alice", "sai-mat-khau", "/admin/login/")
    assert LOCKED in sign_in(Client(), "alice", PASSWORD)


def test_a_look_alike_name_is_counted_and_refused_as_the_account_it_reaches(world: World) -> None:
    look_alike = "\uff41lice"  # FULLWIDTH LATIN SMALL LETTER A + "lice": NFKC gives "alice"
    for _ in range(3):
        sign_in(Client(), look_alike, "sai-mat-khau")
    for _ in range(2):
        sign_in(Client(), "ALICE\u200b", "sai-mat-khau")
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 5
    assert LOCKED in sign_in(Client(), look_alike, PASSWORD)
    assert LOCKED in sign_in(Client(), "alice", PASSWORD)


def test_other_authentication_paths_are_counted_and_refused_too(world: World) -> None:
    for _ in range(5):
        assert authenticate(None, username="\uff41lice", password="sai-mat-khau") is None
    assert authenticate(None, username="alice", password=PASSWORD) is None
    assert Client().login(username="alice", password=PASSWORD) is False
    # Refusals while locked are not new failures: the lock ends when the window has passed.
    assert LoginAttempt.objects.filter(username="alice", succeeded=False).count() == 5
    assert authenticate(None, username="bob", password="sai") is None
    assert LoginAttempt.objects.filter(username="bob", succeeded=False).count() == 1


def test_an_unlocked_user_still_signs_in_on_both_forms(world: World) -> None:
    assert sign_in(Client(), "alice", PASSWORD) == "signed in"
    world.eve.is_staff = True
    world.eve.save()
    assert sign_in(Client(), "eve", PASSWORD, "/admin/login/") == "signed in"
    assert LoginAttempt.objects.filter(succeeded=True).count() == 2


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_one_guesser_does_not_lock_out_another_client(world: World) -> None:
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(20):
        sign_in(
            Client(),
            f"x{uuid.uuid4().hex[:8]}",
            "sai-mat-khau",
            HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.9",
            **proxy,
        )
    # The guesser's own (rightmost, proxy-written) address is locked, whatever it claims on the left ...
    assert LOCKED in sign_in(
        Client(), "bob", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9", **proxy
    )
    # ... a different real client through the same proxy is not.
    assert sign_in(Client(), "bob", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50", **proxy) == "signed in"
    assert set(LoginAttempt.objects.values_list("address", flat=True)) == {"203.0.113.9", "203.0.113.50"}


def test_without_the_proxy_setting_the_forwarded_header_is_ignored(world: World) -> None:
    sign_in(Client(), "alice", "sai", HTTP_X_FORWARDED_FOR="198.51.100.1", REMOTE_ADDR="192.0.2.7")
    assert list(LoginAttempt.objects.values_list("address", flat=True)) == ["192.0.2.7"]


@override_settings(BEHIND_TLS_PROXY=True)
def test_the_personal_data_log_records_the_client_not_the_proxy(world: World) -> None:
    from quantriet.orgs.models import AccessLog

    client = world.client_for(world.alice)
    response = client.get(
        f"/members/{world.m_xa1.pk}/", HTTP_X_FORWARDED_FOR="203.0.113.77", REMOTE_ADDR="10.0.0.2"
    )
    assert response.status_code == 200
    assert AccessLog.objects.filter(member=world.m_xa1).latest("pk").address == "203.0.113.77"


def test_old_attempts_are_pruned_and_recent_ones_kept(world: World) -> None:
    for _ in range(3):
        sign_in(Client(), "alice", "sai")
    old = LoginAttempt.objects.first()
    assert old is not None
    LoginAttempt.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=100))
    assert prune_sign_in_attempts(timezone.now() - dt.timedelta(days=90)) == 1
    assert LoginAttempt.objects.count() == 2


@pytest.mark.parametrize("header", ["", "not-an-address", "203.0.113.9:51234", "[2001:db8::1]:443"])
@override_settings(BEHIND_TLS_PROXY=True)
def test_odd_forwarded_headers_fall_back_or_lose_their_port(world: World, header: str) -> None:
    sign_in(Client(), "alice", "sai", HTTP_X_FORWARDED_FOR=header, REMOTE_ADDR="10.0.0.2")
    expected = {"": "10.0.0.2", "not-an-address": "10.0.0.2"}.get(header, header)
    expected = {"203.0.113.9:51234": "203.0.113.9", "[2001:db8::1]:443": "2001:db8::1"}.get(
        expected, expected
    )
    assert LoginAttempt.objects.get().address == expected
