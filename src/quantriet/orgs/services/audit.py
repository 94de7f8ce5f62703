"""Writing the audit trail and the personal-data access log."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db import models
from django.http import HttpRequest

from quantriet.core.clientaddr import client_address
from quantriet.orgs.models import AccessLog, AuditEntry, BulkAccessLog, Member, Unit


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _actor(user: AbstractBaseUser | AnonymousUser | None) -> Any:
    return user if user is not None and user.is_authenticated else None


def record_audit(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model,
    *,
    unit: Unit | None,
    summary: str,
    changes: Mapping[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=_actor(actor),
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        unit=unit,
        summary=summary[:500],
        changes={key: _jsonable(value) for key, value in (changes or {}).items()},
    )


def diff(instance: models.Model, new_values: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Field changes as {field: [old, new]} for the fields that really change."""
    changed: dict[str, list[Any]] = {}
    for field, new in new_values.items():
        old = getattr(instance, field)
        if old != new:
            changed[field] = [_jsonable(old), _jsonable(new)]
    return changed


def record_member_read(
    user: AbstractBaseUser | AnonymousUser,
    members: Member | Iterable[Member],
    *,
    channel: str,
    request: HttpRequest | None = None,
    detail: str = "",
) -> None:
    """Log that ``user`` read the personal data of ``members`` (a page, an API record or an export)."""
    rows = [members] if isinstance(members, Member) else list(members)
    address = client_address(request)
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user=_actor(user),
                member=m,
                unit_id=m.unit_id,
                channel=channel,
                address=address,
                detail=detail[:200],
            )
            for m in rows
        ],
        batch_size=1000,
    )


def record_bulk_read(
    user: AbstractBaseUser | AnonymousUser,
    what: str,
    *,
    unit: Unit | int | None,
    rows: int,
    detail: str = "",
    refreshing: bool = False,
) -> None:
    """Log that ``user`` read a list, board or export of personal data: the one call every such view makes.

    ``what`` names the view or export ("members.list", "members.export", "campaigns.board", ...),
    ``unit`` the scope it covered and ``rows`` how many people's rows it held (a list: those shown on
    the page; an export: those written).

    ``refreshing`` marks a page that reloads itself (the attendance boards, every 20 seconds through a
    conference): the same reader on the same view of the same scope is then logged once per
    ``BULK_READ_REFRESH_SECONDS``, not 540 times over three hours at each of 122 points. The memory of
    what was logged lives in the cache, so a board's refresh costs no query at all.
    """
    unit_id = unit.pk if isinstance(unit, Unit) else unit
    if refreshing:
        # A digest, not hash(): str hashes differ between processes, and a shared cache (Redis) must
        # see the same key from every web worker; it also keeps the key short and free of spaces.
        digest = hashlib.blake2b(f"{what}\0{detail}".encode(), digest_size=12).hexdigest()
        key = f"bulk-read:{getattr(user, 'pk', None)}:{unit_id}:{digest}"
        if not cache.add(key, 1, timeout=settings.BULK_READ_REFRESH_SECONDS):
            return
    BulkAccessLog.objects.create(
        user=_actor(user),
        unit_id=unit_id,
        what=what[:60],
        rows=max(0, rows),
        detail=detail[:200],
    )
