"""Who may call the API: bearer tokens, the session with CSRF, and the reach of each user."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, ApiToken, Member
from tests.conftest import World
from tests.orgs.test_api import send

GOOD = {
    "full_name": "Phạm Thị Hoa",
    "date_of_birth": "1990-02-28",
    "sex": "female",
    "admission_date": "2015-05-19",
}


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_a_token_authenticates_as_its_user_and_only_its_hash_is_stored(world: World) -> None:
    token, key = services.create_token(None, world.bob, "báo cáo tự động")
    assert key.startswith("qt_") and key not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    data = Client().get("/api/v1/me/", **bearer(key)).json()
    assert (data["username"], data["authentication"]) == ("bob", "token")
    members = Client().get("/api/v1/members/", **bearer(key)).json()
    assert [m["id"] for m in members["results"]] == [world.m_xa1.pk]


@pytest.mark.parametrize(
    "header", ["Bearer qt_wrongwrongwrongwrong", "Bearer ", "Basic YWxpY2U6eA==", "Bearer nothing"]
)
def test_a_wrong_token_or_scheme_gets_401_even_with_a_session(world: World, header: str) -> None:
    response = world.client_for(world.alice).get("/api/v1/me/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["error"]["code"] in {"invalid_token", "unauthenticated"}


def test_a_revoked_token_is_refused(world: World) -> None:
    token, key = services.create_token(None, world.alice, "cũ")
    services.revoke_token(world.alice, token)
    response = Client().get("/api/v1/units/", **bearer(key))
    assert response.status_code == 401 and "thu hồi" in response.json()["error"]["message"]


def test_a_token_of_a_locked_account_is_refused(world: World) -> None:
    _token, key = services.create_token(None, world.alice, "khóa")
    world.alice.is_active = False
    world.alice.save(update_fields=["is_active"])
    assert Client().get("/api/v1/units/", **bearer(key)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(world: World) -> None:
    token, key = services.create_token(None, world.alice, "đếm")
    client = Client()
    client.get("/api/v1/me/", **bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/me/", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - dt.timedelta(minutes=2))
    client.get("/api/v1/me/", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first - dt.timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()


def test_anonymous_requests_get_401_json(world: World) -> None:
    for url in (
        "/api/v1/units/",
        f"/api/v1/units/{world.xa.pk}/",
        "/api/v1/members/",
        f"/api/v1/members/{world.m_xa1.pk}/",
        "/api/v1/me/",
    ):
        response = Client().get(url)
        assert response.status_code == 401, url
        assert response.json()["error"]["code"] == "unauthenticated"


def test_a_session_post_needs_the_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    body = {**GOOD, "unit": world.xa2.pk}
    refused = send(client, "post", "/api/v1/members/", body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "csrf"
    assert not Member.objects.filter(full_name="Phạm Thị Hoa").exists()
    secret = "abcdefghijklmnopqrstuvwxyzABCDEF"  # what the csrftoken cookie of a signed-in page holds
    client.cookies["csrftoken"] = secret
    accepted = send(client, "post", "/api/v1/members/", body, HTTP_X_CSRFTOKEN=secret)
    assert accepted.status_code == 201, accepted.content
    patched = send(client, "patch", accepted["Location"], {"card_number": "99"})
    assert patched.status_code == 403
    assert (
        send(
            client, "patch", accepted["Location"], {"card_number": "99"}, HTTP_X_CSRFTOKEN=secret
        ).status_code
        == 200
    )


def test_a_token_post_needs_no_csrf(world: World) -> None:
    _token, key = services.create_token(None, world.alice, "nhập liệu")
    client = Client(enforce_csrf_checks=True)
    response = send(client, "post", "/api/v1/members/", {**GOOD, "unit": world.xa2.pk}, **bearer(key))
    assert response.status_code == 201, response.content


def test_charlie_cannot_read_or_change_the_sibling_commune(world: World) -> None:
    client = world.client_for(world.charlie)
    for url in (
        f"/api/v1/units/{world.xa.pk}/",
        f"/api/v1/units/{world.xa1.pk}/",
        f"/api/v1/members/{world.m_xa1.pk}/",
        f"/api/v1/units/?parent={world.xa.pk}",
        f"/api/v1/members/?unit={world.xa.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert "An Hòa" not in client.get("/api/v1/units/?q=an hoa").content.decode()
    before = list(Member.objects.values())
    assert (
        send(client, "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"full_name": "Bị sửa"}).status_code
        == 404
    )
    assert send(client, "post", "/api/v1/members/", {**GOOD, "unit": world.xa1.pk}).status_code == 404
    assert list(Member.objects.values()) == before
    assert not AccessLog.objects.exists()


def test_bob_sees_his_cell_but_not_the_neighbouring_one(world: World) -> None:
    client = world.client_for(world.bob)
    assert client.get(f"/api/v1/units/{world.xa1.pk}/").status_code == 200
    assert client.get(f"/api/v1/units/{world.xa2.pk}/").status_code == 404
    assert client.get(f"/api/v1/members/{world.m_xa2.pk}/").status_code == 404
    assert client.get(f"/api/v1/members/?unit={world.xa2.pk}").status_code == 404
    # A secretary reads but does not edit: his own cell answers 403, not 404.
    assert send(client, "post", "/api/v1/members/", {**GOOD, "unit": world.xa1.pk}).status_code == 403
    assert send(client, "patch", f"/api/v1/members/{world.m_xa1.pk}/", {"full_name": "X"}).status_code == 403
    assert send(client, "patch", f"/api/v1/members/{world.m_xa2.pk}/", {"full_name": "X"}).status_code == 404


def run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def test_the_command_issues_a_working_token_and_revokes_it(world: World) -> None:
    output = run_command("alice", "kịch bản báo cáo")
    key = next(line for line in output.splitlines() if line.startswith("qt_"))
    assert Client().get("/api/v1/me/", **bearer(key)).json()["username"] == "alice"
    token = ApiToken.objects.get(user=world.alice)
    assert "Đã thu hồi" in run_command("alice", "--revoke", token.prefix)
    assert Client().get("/api/v1/me/", **bearer(key)).status_code == 401


def test_a_key_prefix_never_starts_like_a_command_line_option(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    bodies = iter(["-" + "a" * 42, "_" + "b" * 42, "Cc" + "d" * 41])
    monkeypatch.setattr("quantriet.orgs.services.tokens.secrets.token_urlsafe", lambda _size: next(bodies))
    run_command("alice", "kịch bản")
    token = ApiToken.objects.get(user=world.alice)
    assert token.prefix.startswith("Cc")
    assert "Đã thu hồi" in run_command("alice", "--revoke", token.prefix)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nobody", "x"), "Không có tài khoản"),
        (("alice", "  "), "Hãy đặt tên"),
        (("alice", "--revoke", "zzzz"), "không có khóa"),
    ],
)
def test_the_command_explains_its_errors(world: World, args: Any, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run_command(*args)
