"""Kiosk keys of a bridge point: created, rotated and revoked by those who run its desk, audited; and the
check-in a kiosk makes with one.

A key opens one thing: checking in, by personal code, at its own point, while the conference takes
check-ins (the check-in service's window). It works only while the person who created it still runs the
point's desk (``CHECK_IN`` on its host unit, or managing the campaign): a clerk who leaves takes the
kiosk's rights with them, as they would their own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.campaigns.models import BridgePoint, KioskKey, Method
from quantriet.campaigns.selectors import may_check_in
from quantriet.campaigns.services.checkin import CheckInRefused, Recorded, check_in_code
from quantriet.core.actors import Actor
from quantriet.core.textinput import clean_text
from quantriet.orgs.services.audit import record_audit

KEY_MARK = "qtk_"  # a public marker that tells kiosk keys from personal API keys, not a secret
PREFIX_LENGTH = 8
MAX_ACTIVE_KEYS = 20  # a point's doors and spare tablets; more is a sign of keys never revoked
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _prefix(key: str) -> str:
    return key.removeprefix(KEY_MARK)[:PREFIX_LENGTH]


def _secret() -> str:
    while True:
        body = secrets.token_urlsafe(32)
        if body[0].isalnum():
            return body


@transaction.atomic
def create_kiosk_key(actor: Actor, point: BridgePoint, name: str) -> tuple[KioskKey, str]:
    """A new key for ``point``; returns the row and the plain key, which is shown once and never stored.

    Raises:
        ValidationError: No name, a name too long, or too many live keys at the point.
    """
    name = " ".join(clean_text(name or "").split())  # the view reads the raw POST: NUL, controls go here
    if not name:
        raise ValidationError({"name": _("Hãy đặt tên cho máy (ví dụ: “Máy tính bảng cửa chính”).")})
    if len(name) > 100:
        raise ValidationError({"name": _("Tên máy dài quá 100 ký tự; hãy viết gọn lại.")})
    # Lock the point: two staff adding keys at once cannot pass the limit together.
    BridgePoint.objects.select_for_update().filter(pk=point.pk).first()
    if KioskKey.objects.filter(point=point, revoked_at__isnull=True).count() >= MAX_ACTIVE_KEYS:
        raise ValidationError(
            {
                "name": _(
                    "Điểm cầu đã có %(n)d khóa máy điểm danh đang dùng; hãy thu hồi khóa của máy không còn "
                    "dùng trước khi tạo khóa mới."
                )
                % {"n": MAX_ACTIVE_KEYS}
            }
        )
    key = KEY_MARK + _secret()
    kiosk = KioskKey.objects.create(
        point=point,
        name=name,
        prefix=_prefix(key),
        key_hash=_hash(key),
        created_by_id=int(actor.pk) if actor.is_authenticated else None,
    )
    record_audit(
        actor,
        "kiosk_key.create",
        kiosk,
        unit=point.host_unit,
        summary=_("Tạo khóa máy điểm danh “%(name)s” cho điểm cầu %(point)s")
        % {"name": name, "point": point.name},
        changes={"point": point.pk, "prefix": kiosk.prefix},
    )
    return kiosk, key


@transaction.atomic
def revoke_kiosk_key(actor: Actor, kiosk: KioskKey) -> KioskKey:
    """Stop ``kiosk`` working at once (idempotent); the row stays for the audit trail."""
    locked = KioskKey.objects.select_for_update().select_related("point__host_unit").get(pk=kiosk.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by_id = int(actor.pk) if actor.is_authenticated else None
    locked.save(update_fields=["revoked_at", "revoked_by"])
    record_audit(
        actor,
        "kiosk_key.revoke",
        locked,
        unit=locked.point.host_unit,
        summary=_("Thu hồi khóa máy điểm danh “%(name)s” của điểm cầu %(point)s")
        % {"name": locked.name, "point": locked.point.name},
        changes={"point": locked.point_id, "prefix": locked.prefix},
    )
    return locked


@transaction.atomic
def rotate_kiosk_key(actor: Actor, kiosk: KioskKey) -> tuple[KioskKey, str]:
    """Replace ``kiosk`` by a new key of the same name (the old one stops at once): a lost or copied key."""
    old = revoke_kiosk_key(actor, kiosk)
    return create_kiosk_key(actor, old.point, old.name)


@transaction.atomic  # the lookup and its last-used stamp
def authenticate_kiosk(point_id: int, key: str) -> KioskKey | None:
    """The live key of point ``point_id`` matching ``key``, or None (unknown, revoked, another point's,
    or its creator no longer runs the desk)."""
    key = key.strip()
    if not key.startswith(KEY_MARK) or len(key) < len(KEY_MARK) + PREFIX_LENGTH:
        return None
    wanted = _hash(key)
    candidates = KioskKey.objects.select_related(
        "created_by", "point__host_unit", "point__conference__campaign"
    ).filter(prefix=_prefix(key), point_id=point_id, revoked_at__isnull=True)
    for kiosk in candidates:
        if not hmac.compare_digest(kiosk.key_hash, wanted):
            continue
        creator = kiosk.created_by
        if creator is None or not creator.is_active or not may_check_in(creator, kiosk.point):
            return None
        _touch(kiosk)
        return kiosk
    return None


def _touch(kiosk: KioskKey) -> None:
    now = timezone.now()
    if kiosk.last_used_at is not None and now - kiosk.last_used_at < LAST_USED_RESOLUTION:
        return
    # Conditional UPDATE: a burst of scans at the door writes once a minute, not once each.
    stale = KioskKey.objects.filter(pk=kiosk.pk).exclude(last_used_at__gt=now - LAST_USED_RESOLUTION)
    stale.update(last_used_at=now)
    kiosk.last_used_at = now


@transaction.atomic
def kiosk_check_in(
    kiosk: KioskKey, code: str, *, client_id: uuid.UUID, method: str, at: dt.datetime | None = None
) -> Recorded:
    """Check in the holder of ``code`` at the key's point, in the name of the key's creator.

    Raises:
        CheckInRefused: As ``check_in_code`` (a wrong code, checked in already, outside the window, ...),
            or a method other than scanning or typing a code.
    """
    if method not in (Method.SCAN, Method.TYPED):
        raise CheckInRefused(
            "bad_method", _("Máy điểm danh chỉ ghi theo mã trên giấy mời (method: scan hoặc typed).")
        )
    assert kiosk.created_by is not None  # authenticate_kiosk refuses a key without its creator
    return check_in_code(kiosk.created_by, kiosk.point, code, client_id=client_id, method=method, at=at)
