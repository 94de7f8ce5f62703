"""Settings read from the environment: safe defaults, loud failures, and the demo from a bare folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG, "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_SECURE": settings.CSRF_COOKIE_SECURE, "ENGINE": db["ENGINE"], "NAME": str(db["NAME"]),
    "LOGIN_MAX_FAILURES": settings.LOGIN_MAX_FAILURES, "IMPORT_MAX_BYTES": settings.IMPORT_MAX_BYTES,
    "OTP_REQUIRED": settings.OTP_REQUIRED, "BEHIND_TLS_PROXY": settings.BEHIND_TLS_PROXY,
}))
"""


STRONG_KEY = "k3y-for-tests-only-aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789"


def _env(tmp_path: Path, **values: str) -> dict[str, str]:
    keep = {
        k: v for k, v in os.environ.items() if not k.startswith(("QUANTRIET_", "DJANGO_", "DATABASE_URL"))
    }
    keep = {
        k: v
        for k, v in keep.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "SECURE_COOKIES", "TASKS_BACKEND", "OTP_REQUIRED"}
    }
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "quantriet.site.settings",
        "QUANTRIET_DATA_DIR": str(tmp_path),
        **values,
    }


def _run(tmp_path: Path, code: str, **values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=_env(tmp_path, **values),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_a_secret_key_the_server_refuses_to_start(tmp_path: Path) -> None:
    result = _run(tmp_path, PRINT_SETTINGS)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("x" * 62, "distinct characters"),
        ("aB3-" * 12, "fewer than 50"),
        ("django-insecure-" + "q9Zr2KxW7mPvL4tN8sYbC1hJ6dFgA0eU5oRi3TnM", "django-insecure-"),
    ],
)
def test_a_weak_secret_key_stops_the_start_and_says_why(tmp_path: Path, key: str, why: str) -> None:
    result = _run(tmp_path, PRINT_SETTINGS, SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr and why in result.stderr
    assert key not in result.stderr  # the key itself is never printed into a log


def test_production_defaults_are_safe(tmp_path: Path) -> None:
    result = _run(tmp_path, PRINT_SETTINGS, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == []
    assert values["SECURE"] is True and values["CSRF_SECURE"] is True
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["NAME"] == str(tmp_path / "quantriet.sqlite3")
    assert values["OTP_REQUIRED"] is True and values["BEHIND_TLS_PROXY"] is False


def test_database_url_chooses_postgresql(tmp_path: Path) -> None:
    url = "postgres://quantriet:secret@db.example:5432/registry"
    result = _run(tmp_path, PRINT_SETTINGS, SECRET_KEY=STRONG_KEY, DATABASE_URL=url)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["NAME"] == "registry"


@pytest.mark.parametrize(
    ("name", "value"),
    [("SECURE_COOKIES", "maybe"), ("LOGIN_MAX_FAILURES", "five"), ("IMPORT_MAX_BYTES", "20MB")],
)
def test_a_setting_that_cannot_be_read_stops_the_start_and_names_itself(
    tmp_path: Path, name: str, value: str
) -> None:
    result = _run(tmp_path, PRINT_SETTINGS, SECRET_KEY=STRONG_KEY, **{name: value})
    assert result.returncode != 0
    assert name in result.stderr and value in result.stderr


def test_environment_values_reach_the_settings(tmp_path: Path) -> None:
    result = _run(
        tmp_path,
        PRINT_SETTINGS,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="a.example, b.example",
        SECURE_COOKIES="off",
        LOGIN_MAX_FAILURES="3",
        IMPORT_MAX_BYTES="1000",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert values["SECURE"] is False
    assert (values["LOGIN_MAX_FAILURES"], values["IMPORT_MAX_BYTES"]) == (3, 1000)


def test_quantriet_demo_builds_its_database_in_a_bare_folder_and_prints_the_logins(tmp_path: Path) -> None:
    env = _env(tmp_path)
    del env["DJANGO_SETTINGS_MODULE"]
    command = [sys.executable, "-m", "quantriet", "demo", "--no-serve"]
    first = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "quantriet.sqlite3").exists()
    assert "Đã nạp tỉnh mẫu" in first.stdout and "tochuc.tinh" in first.stdout
    assert "KHÔNG bắt buộc xác thực hai lớp" in first.stdout  # the demo's one relaxation, said loudly
    second = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "đã có sẵn" in second.stdout and "tochuc.tinh" in second.stdout
