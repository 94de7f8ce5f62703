"""The JSON API's rate limits (core.api.ratelimit): per person, and per address for failed authentication."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from typing import Any
from unittest import mock

import pytest
from django.test import Client, override_settings

from quantriet.orgs import services
from quantriet.orgs.api.openapi import build_spec
from quantriet.orgs.models import Member
from tests.conftest import World

REDIS = "redis://127.0.0.1:6379/15"
LOW = override_settings(API_RATE_LIMIT="3/m", API_FAILED_AUTH_RATE_LIMIT="2/m")


def bearer(key: str, address: str = "10.0.0.1") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "REMOTE_ADDR": address}


def assert_limited(response: Any) -> None:
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert f"Hãy chờ {response['Retry-After']} giây" in error["message"]


@LOW
def test_a_person_gets_429_past_the_limit_on_every_key_and_session_and_others_are_not_held_up(
    world: World,
) -> None:
    _token, key = services.create_token(None, world.bob, "đồng bộ")
    _token2, second_key = services.create_token(None, world.bob, "một khóa nữa")
    client = Client()
    assert [client.get("/api/v1/me/", **bearer(key)).status_code for _ in range(3)] == [200, 200, 200]
    assert_limited(client.get("/api/v1/me/", **bearer(key)))
    # Counted on the account: another key of the same person, another address, the browser session.
    assert_limited(client.get("/api/v1/units/", **bearer(second_key, "10.9.9.9")))
    assert_limited(world.client_for(world.bob).get("/api/v1/me/"))
    # Someone else, from the same address, is not held up.
    _other, alice_key = services.create_token(None, world.alice, "tỉnh")
    assert client.get("/api/v1/me/", **bearer(alice_key)).status_code == 200


@LOW
def test_a_refused_write_writes_nothing(world: World) -> None:
    _token, key = services.create_token(None, world.alice, "nhập")
    client = Client()
    for _ in range(3):
        assert client.get("/api/v1/me/", **bearer(key)).status_code == 200
    before = Member.objects.count()
    body = {
        "unit_id": world.xa1.pk,
        "full_name": "Phạm Thị Hoa",
        "date_of_birth": "1990-02-28",
        "sex": "female",
    }
    response = client.post("/api/v1/members/", body, content_type="application/json", **bearer(key))
    assert_limited(response)
    assert Member.objects.count() == before


@LOW
def test_failed_keys_from_one_address_are_refused_before_any_lookup(
    world: World, django_assert_num_queries: Any
) -> None:
    _token, key = services.create_token(None, world.bob, "đúng")
    client = Client()
    for _ in range(2):
        response = client.get("/api/v1/me/", **bearer("qt_guessguessguessguess"))
        assert response.status_code == 401
    # The address has spent its failures: even a good key waits, and nothing reaches the database.
    with django_assert_num_queries(0):
        assert_limited(client.get("/api/v1/me/", **bearer(key)))
    assert_limited(client.get("/api/v1/me/", REMOTE_ADDR="10.0.0.1"))  # no key at all: the same
    # Another address is not affected.
    assert client.get("/api/v1/me/", **bearer(key, "10.0.0.2")).status_code == 200


@LOW
def test_public_endpoints_are_not_counted(db: Any) -> None:
    client = Client()
    assert {client.get("/api/v1/openapi.json", REMOTE_ADDR="10.0.0.3").status_code for _ in range(6)} == {200}


@LOW
def test_a_failing_cache_lets_requests_through(world: World) -> None:
    _token, key = services.create_token(None, world.bob, "đồng bộ")
    with mock.patch("quantriet.core.api.ratelimit.get_usage", side_effect=ConnectionError("cache down")):
        statuses = [Client().get("/api/v1/me/", **bearer(key)).status_code for _ in range(5)]
    assert statuses == [200] * 5


def test_every_operation_that_authenticates_documents_429_with_retry_after() -> None:
    spec = build_spec()
    operations = [
        op
        for item in spec["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "responses" in op
    ]
    authenticated = [op for op in operations if "401" in op["responses"]]
    assert authenticated and all("429" in op["responses"] for op in authenticated)
    assert all("Retry-After" in op["responses"]["429"]["headers"] for op in authenticated)
    assert not any("429" in op["responses"] for op in operations if "401" not in op["responses"])


@pytest.mark.parametrize("value", ["many", "0/m", "10/w", "10/m; drop", "1200"])
def test_a_malformed_limit_stops_the_server_from_starting(value: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "quantriet.site.settings", "API_RATE_LIMIT": value}
    done = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True
    )
    assert done.returncode != 0 and "API_RATE_LIMIT must look like 1200/m" in done.stderr


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379 (CACHE_URL's shared count)")
def test_with_cache_url_the_count_lives_in_redis_for_every_server_process(world: World) -> None:
    import redis

    prefix = f"quantriet-test-{uuid.uuid4().hex}:"
    shared = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS}}
    _token, key = services.create_token(None, world.bob, "đồng bộ")
    with override_settings(CACHES=shared, RATELIMIT_CACHE_PREFIX=prefix, API_RATE_LIMIT="3/m"):
        statuses = [Client().get("/api/v1/me/", **bearer(key)).status_code for _ in range(3)]
        # Another server process would read the same count: it is in Redis, not in this process's memory.
        client = redis.Redis.from_url(REDIS)
        stored = list(client.scan_iter(match=f"*{prefix}*"))
        # bob's three requests, and his address's failed authentications (none)
        assert statuses == [200, 200, 200]
        assert sorted(int(client.get(k) or -1) for k in stored) == [0, 3]
        assert_limited(Client().get("/api/v1/me/", **bearer(key)))
        client.delete(*stored)
