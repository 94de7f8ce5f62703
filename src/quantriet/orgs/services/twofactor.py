"""The second factor: a time-based one-time code (TOTP) from an authenticator app, via django-otp.

Who must use it: the platform's operators (superusers) and anyone holding a role at a unit whose
subtree is a whole province or more — a root of the tree, or a unit at the central or
province-committee level. Their password alone opens the personal data of every member of a province.
Others may enrol too; once they have, their code is asked like everyone's. ``OTP_REQUIRED`` off (the
demo only) makes it optional for everyone.

Recovery codes (mã dự phòng): ten single-use codes shown once when the app is set up, or when the user asks
for a new set, for the day the phone is lost. They live in django-otp's static device, but only as a keyed
hash (``_digest``): reading the database does not reveal them (and a new SECRET_KEY voids them; the user
makes a new set). The admin does not show that device at all (orgs.admin).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
import unicodedata
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from quantriet.core.actors import Actor, is_operator
from quantriet.orgs.models import RoleAssignment
from quantriet.orgs.models.units import Level
from quantriet.orgs.services.audit import record_audit

# Levels whose unit spans at least a whole province (a province committee, the centre above it).
PROVINCE_LEVELS = (Level.CENTRAL, Level.CENTRAL_DIRECT)
_TOKEN = re.compile(r"[0-9]{6}")
# Recovery codes: 10 letters and digits of base32 (no 0, 1, 8, 9 to mix up), shown as "abcde-fghij".
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_RECOVERY = re.compile(r"[a-z2-7]{10}")


def reaches_whole_province() -> Q:
    """Role assignments (active) whose unit's subtree is a whole province or more."""
    return Q(revoked_at__isnull=True) & (Q(unit__parent__isnull=True) | Q(unit__level__in=PROVINCE_LEVELS))


def with_second_factor_facts(users: QuerySet[User]) -> QuerySet[User]:
    """``users`` annotated with what the second factor needs to know, so one query answers it all.

    ``orgs.signin.AccountBackend`` loads the session's user through this on every request: the gate
    in the site middleware then costs no query of its own.
    """
    confirmed = TOTPDevice.objects.filter(user_id=OuterRef("pk"), confirmed=True).order_by("pk")
    return users.annotate(
        otp_device_pk=Subquery(confirmed.values("pk")[:1]),
        otp_province_role=Exists(
            RoleAssignment.objects.filter(reaches_whole_province(), user_id=OuterRef("pk"))
        ),
    )


@functools.cache
def users_with_second_factor_facts() -> QuerySet[User]:
    """Every user, annotated as ``with_second_factor_facts`` does; callers narrow a copy (``get``,
    ``filter`` clone it, as a generic view's ``queryset``). Built once per process: annotating resolves
    two subqueries, about half of loading the session's user on each request."""
    return with_second_factor_facts(User._default_manager.all())


def _facts(user: Actor) -> tuple[int | None, bool]:
    if hasattr(user, "otp_device_pk"):
        return getattr(user, "otp_device_pk", None), bool(getattr(user, "otp_province_role", False))
    # A user not loaded by AccountBackend (an API key's, a test's): ask once, without caching on an object
    # that may outlive a change of roles. (Any: the type checker cannot follow the annotations' names.)
    users: Any = users_with_second_factor_facts().filter(pk=int(user.pk or 0))
    found = users.values_list("otp_device_pk", "otp_province_role").first()
    return (found[0], bool(found[1])) if found is not None else (None, False)


def second_factor_required(user: Actor) -> bool:
    if not settings.OTP_REQUIRED or not user.is_authenticated or not user.is_active:
        return False
    return is_operator(user) or _facts(user)[1]


def confirmed_device(user: Actor) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def second_factor_pending(user: Actor, session_device: str | None) -> str | None:
    """What a signed-in user must still do before anything else: "verify", "enrol", or None.

    ``session_device`` is what ``django_otp.login`` put in the session once the code was given (the
    device's persistent id); it counts only while that device is still the user's confirmed one, so
    deleting a lost phone's device in the admin ends the sessions it verified.
    """
    if not user.is_authenticated:
        return None
    device_pk, _province = _facts(user)
    if device_pk is not None:
        return None if session_device == f"{TOTPDevice.model_label()}/{device_pk}" else "verify"
    return "enrol" if second_factor_required(user) else None


def new_enrolment_key() -> str:
    """A fresh random secret (hex, 20 bytes) for the set-up page; nothing is stored until it is confirmed."""
    return str(default_key())


def enrolment_preview(user: User, key: str) -> TOTPDevice:
    """An unsaved device holding ``key``: what the set-up page shows as a QR code and as text."""
    return TOTPDevice(user=user, key=key, name=_("Ứng dụng xác thực"), confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    # segno writes the SVG itself from the otpauth URL; no user text reaches it unescaped.
    return mark_safe(segno.make(device.config_url, error="m").svg_inline(scale=4))  # noqa: S308


def check_code(device: TOTPDevice, code: str) -> bool:
    """True when ``code`` (six ASCII digits, spaces ignored) is the device's current code.

    django-otp refuses a code already used and slows guessing down after each failure (the device's
    own throttle); ``int()`` there would accept other scripts' digits, hence the pattern first.
    """
    code = code.replace(" ", "")
    return bool(_TOKEN.fullmatch(code)) and bool(device.verify_token(code))


@transaction.atomic
def confirm_enrolment(user: User, key: str, code: str) -> TOTPDevice | None:
    """Store the device for ``key`` once ``code`` shows the app holds it; it replaces any older device."""
    device = enrolment_preview(user, key)
    code = code.replace(" ", "")
    if not _TOKEN.fullmatch(code):
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    if not totp.verify(int(code), tolerance=device.tolerance):
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.last_t = totp.t()  # the code just used may not sign in a second time
    device.save()
    record_audit(
        user,
        "account.second_factor",
        user,
        unit=None,
        summary=_("%(user)s bật xác thực hai lớp") % {"user": user.get_username()},
    )
    return device


def _normalised_recovery_code(typed: str) -> str | None:
    """The code as stored before hashing (lower case, no spaces or hyphens), or None if it cannot be one."""
    code = re.sub(r"[\s\-‐-―]", "", unicodedata.normalize("NFKC", typed)).lower()
    return code if _RECOVERY.fullmatch(code) else None


def looks_like_recovery_code(typed: str) -> bool:
    return _normalised_recovery_code(typed) is not None


def _digest(code: str) -> str:
    # 64 bits of an HMAC keyed by SECRET_KEY: django-otp's token column holds 16 characters, and the
    # device's throttle (each failure doubles the wait) keeps guessing far below that space.
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"quantriet.recovery:{code}".encode(), hashlib.sha256).hexdigest()[:16]


def recovery_device(user: Actor) -> StaticDevice | None:
    if not user.is_authenticated:
        return None
    return StaticDevice.objects.filter(user_id=user.pk, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: Actor) -> int:
    device = recovery_device(user)
    return int(device.token_set.count()) if device is not None else 0


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """A new set of ``RECOVERY_CODES`` codes, replacing any earlier set; the codes are returned to be
    shown once and kept only as hashes."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("Mã dự phòng"), confirmed=True)
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    device.token_set.bulk_create([device.token_set.model(device=device, token=_digest(c)) for c in codes])
    record_audit(
        user,
        "account.recovery_codes",
        user,
        unit=None,
        summary=_("%(user)s tạo bộ mã dự phòng mới") % {"user": user.get_username()},
    )
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def recovery_verify_allowed(user: User) -> bool:
    """False while django-otp's throttle makes the recovery device wait after wrong codes."""
    device = recovery_device(user)
    return device is None or bool(device.verify_is_allowed()[0])


@transaction.atomic
def use_recovery_code(user: User, typed: str) -> int | None:
    """Spend ``typed`` if it is one of the user's unused recovery codes: the codes left, or None."""
    code = _normalised_recovery_code(typed)
    device = recovery_device(user)
    if code is None or device is None:
        return None
    device = StaticDevice.objects.select_for_update().get(pk=device.pk)
    if not device.verify_token(_digest(code)):  # deletes the code it matched, counts a failure otherwise
        return None
    left = int(device.token_set.count())
    record_audit(
        user,
        "account.recovery_code_used",
        user,
        unit=None,
        summary=_("%(user)s đăng nhập bằng một mã dự phòng (còn %(left)s mã)")
        % {"user": user.get_username(), "left": left},
    )
    return left
