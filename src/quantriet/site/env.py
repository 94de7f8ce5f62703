"""Typed readers for settings taken from environment variables.

Each helper fails loudly (``ImproperlyConfigured``) on a value it cannot read, so a typo in a
deployment stops the server at start-up instead of running with a silently wrong setting.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def refuse_weak_secret_key(key: str) -> None:
    """Raise unless ``key`` passes Django's deploy check (security.W009): it signs sessions and resets.

    A key of one repeated letter or Django's generated "django-insecure-" placeholder would let anyone
    who guesses it forge a session for any user.
    """
    problems = []
    if len(key) < 50:
        problems.append(f"it has {len(key)} characters, fewer than 50")
    if len(set(key)) < 5:
        problems.append(f"it uses only {len(set(key))} distinct characters, fewer than 5")
    if key.startswith("django-insecure-"):
        problems.append("it starts with 'django-insecure-', Django's placeholder")
    if problems:
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak: "
            + "; ".join(problems)
            + ". Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
