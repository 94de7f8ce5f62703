"""Roles and sign-in throttling."""

from __future__ import annotations

import datetime as dt
import math
import unicodedata

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.textinput import clean_text
from quantriet.orgs.models import LoginAttempt, Member, Role, RoleAssignment, Unit
from quantriet.orgs.services.audit import record_audit


@transaction.atomic
def grant_role(actor: Actor | None, user: User, unit: Unit, role: str) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    if unit.valid_to is not None:
        raise ValidationError({"unit": _("Không thể phân quyền ở đơn vị đã giải thể.")})
    existing = RoleAssignment.objects.filter(user=user, unit=unit, role=role, revoked_at__isnull=True).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment.objects.create(
        user=user, unit=unit, role=role, granted_by=actor if isinstance(actor, User) else None
    )
    record_audit(
        actor,
        "role.grant",
        assignment,
        unit=unit,
        summary=_("Giao vai trò %(role)s tại %(unit)s cho %(user)s")
        % {"role": assignment.get_role_display(), "unit": unit.name, "user": user.get_username()},
        changes={"user": user.pk, "role": role},
    )
    return assignment


@transaction.atomic
def revoke_role(actor: Actor | None, assignment: RoleAssignment) -> RoleAssignment:
    if assignment.revoked_at is not None:
        return assignment
    assignment.revoked_at = timezone.now()
    assignment.save(update_fields=["revoked_at"])
    record_audit(
        actor,
        "role.revoke",
        assignment,
        unit=assignment.unit,
        summary=_("Thu hồi vai trò %(role)s tại %(unit)s của %(user)s")
        % {
            "role": assignment.get_role_display(),
            "unit": assignment.unit.name,
            "user": assignment.user.get_username(),
        },
        changes={"user": assignment.user_id, "role": assignment.role},
    )
    return assignment


@transaction.atomic
def create_member_account(actor: Actor | None, member: Member, *, username: str, password: str) -> User:
    """Open a sign-in account for ``member``, who then sees their own record.

    The password is checked by the configured validators and stored hashed.
    """
    username = username.strip()
    if member.user_id is not None:
        message = _("Đảng viên %(name)s đã có tài khoản.") % {"name": member.full_name}
        raise ValidationError({"member": message})
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("Hãy nhập tên đăng nhập.")]
    else:
        try:
            UnicodeUsernameValidator()(username)
        except ValidationError:
            errors["username"] = [
                _("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _, không có dấu cách.")
            ]
        if len(username) > 150:
            errors["username"] = [_("Tên đăng nhập dài quá 150 ký tự.")]
        elif User.objects.filter(username__iexact=username).exists():
            errors["username"] = [
                _("Tên đăng nhập “%(name)s” đã có người dùng; hãy chọn tên khác.") % {"name": username}
            ]
    try:
        validate_password(password, user=User(username=username, first_name=member.full_name[:150]))
    except ValidationError as weak:
        errors["password"] = list(weak.messages)
    if errors:
        raise ValidationError(errors)
    user = User.objects.create_user(username=username, password=password, first_name=member.full_name[:150])
    member.user = user
    member.save(update_fields=["user", "updated_at"])
    summary = _("Tạo tài khoản %(user)s cho đảng viên %(name)s") % {
        "user": username,
        "name": member.full_name,
    }
    record_audit(
        actor,
        "account.create",
        member,
        unit=member.unit,
        summary=summary,
        changes={"user": user.pk, "username": username},
    )
    return user


def sign_in_key(username: str) -> str:
    """The user name as the throttle counts it: the name Django will look up, folded further.

    The sign-in form cleans the text and applies NFKC before authenticating, so "ｔochuc.xa" (U+FF54) and
    "tochuc.xa\u200b" reach the account "tochuc.xa"; their failures must count against it too. Case is
    folded as well: counting "Alice" with "alice" can only make the throttle stricter.
    """
    return unicodedata.normalize("NFKC", clean_text(username)).strip().casefold()[:150]


def sign_in_window_minutes() -> int:
    """The throttle's window in whole minutes, as the refusal message states it."""
    return max(1, math.ceil(settings.LOGIN_FAILURE_WINDOW_SECONDS / 60))


def check_login_allowed(username: str, address: str | None) -> bool:
    """False while the user name (or the address) has too many recent failures: slows password guessing."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    recent = LoginAttempt.objects.filter(at__gte=since, succeeded=False)
    key = sign_in_key(username)
    if key and recent.filter(username=key).count() >= settings.LOGIN_MAX_FAILURES:
        return False
    # An address may try a few user names (a shared office connection), but not many. Behind the proxy
    # this is the client's own address (core.clientaddr), so one guesser does not lock out the others.
    return not (address and recent.filter(address=address).count() >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS)


def record_login_attempt(username: str, address: str | None, *, succeeded: bool) -> None:
    LoginAttempt.objects.create(username=sign_in_key(username), address=address, succeeded=succeeded)


@transaction.atomic
def prune_sign_in_attempts(older_than: dt.datetime) -> int:
    """Delete sign-in attempts made before ``older_than``; return how many (retention, decree 13/2023)."""
    deleted, _by_model = LoginAttempt.objects.filter(at__lt=older_than).delete()
    return deleted
