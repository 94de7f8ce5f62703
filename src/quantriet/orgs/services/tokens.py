"""API tokens: create, revoke and authenticate bearer tokens for scripts using the JSON API.

Only the SHA-256 of a token is stored, like a password: the plain key is shown once, when it is
created. A short public prefix finds the candidate rows without scanning every hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs.models import ApiToken
from quantriet.orgs.services.audit import record_audit

TOKEN_MARK = "qt_"  # noqa: S105 - a public marker that tells our keys apart, not a secret
PREFIX_LENGTH = 8
# Writing last_used_at on every request would turn each read into a write; once a minute is enough
# to tell a live script from a forgotten token.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _prefix(key: str) -> str:
    return key.removeprefix(TOKEN_MARK)[:PREFIX_LENGTH]


def _secret() -> str:
    """The random part of a key. Its prefix is typed after ``--revoke`` on the command line, so it must not
    begin with "-" (argparse would read it as an option) or "_"."""
    while True:
        body = secrets.token_urlsafe(32)
        if body[0].isalnum():
            return body


@transaction.atomic  # the key and its audit entry together: no key nobody knows was issued
def create_token(
    actor: Actor | None, user: User, name: str, *, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns the row and the plain key, which is never stored.

    ``expires_at``: when the key stops working by itself (None: never).
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho khóa API (ví dụ: tên chương trình sẽ dùng nó).")})
    if len(name) > 100:
        raise ValidationError({"name": _("Tên khóa API dài quá 100 ký tự.")})
    if not user.is_active:
        raise ValidationError({"user": _("Tài khoản này đã bị khóa; không thể cấp khóa API.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("Ngày hết hạn của khóa phải ở tương lai.")})
    key = TOKEN_MARK + _secret()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=_prefix(key), key_hash=_hash(key), expires_at=expires_at
    )
    record_audit(
        actor,
        "token.create",
        token,
        unit=None,
        summary=_("Cấp khóa API “%(name)s” cho %(user)s") % {"name": name, "user": user.get_username()},
        changes={
            "user": user.pk,
            "prefix": token.prefix,
            "expires_at": expires_at.isoformat() if expires_at is not None else None,
        },
    )
    return token, key


@transaction.atomic
def revoke_token(actor: Actor | None, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_audit(
        actor,
        "token.revoke",
        token,
        unit=None,
        summary=_("Thu hồi khóa API “%(name)s” của %(user)s")
        % {"name": token.name, "user": token.user.get_username()},
        changes={"user": token.user_id, "prefix": token.prefix},
    )
    return token


def authenticate_token(key: str) -> ApiToken | None:
    """The live token matching ``key`` (with its user), or None for unknown, revoked, expired or locked-out
    keys."""
    key = key.strip()
    if not key.startswith(TOKEN_MARK) or len(key) < len(TOKEN_MARK) + PREFIX_LENGTH:
        return None
    wanted = _hash(key)
    live = Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
    candidates = ApiToken.objects.select_related("user").filter(
        live, prefix=_prefix(key), revoked_at__isnull=True
    )
    for token in candidates:
        if hmac.compare_digest(token.key_hash, wanted) and token.user.is_active:
            _touch(token)
            return token
    return None


def _touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return
    # Conditional UPDATE: concurrent requests of the same script write once, not once each.
    stale = ApiToken.objects.filter(pk=token.pk).exclude(last_used_at__gt=now - LAST_USED_RESOLUTION)
    stale.update(last_used_at=now)
    token.last_used_at = now
