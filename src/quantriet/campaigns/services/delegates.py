"""Inviting delegates to a bridge point, their personal codes and the signed payload of their QR code.

The personal code is random (60 bits from ``secrets``), so it cannot be guessed from another one; it
is what staff type when a phone cannot scan. The QR code carries the code signed with the site's
secret, so a code that was altered or made up by hand is told apart from a mistyped one.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from quantriet.campaigns.categories import categories_of
from quantriet.campaigns.models import CODE_ALPHABET, CODE_LENGTH, BridgePoint, Category, Delegate
from quantriet.campaigns.services.campaigns import actor_id, is_within
from quantriet.core.actors import Actor
from quantriet.orgs.models import Member, UnitLink
from quantriet.orgs.models.members import ON_ROLL_STATUSES
from quantriet.orgs.services import record_audit

QR_SALT = "quantriet.campaigns.delegate"
_CODE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))


def qr_payload(delegate: Delegate) -> str:
    """What the QR code holds: ``CODE:signature``."""
    return signing.Signer(salt=QR_SALT).sign(delegate.code)


class CodeError(ValueError):
    """A code that is not one: ``kind`` is "malformed" (typed wrong) or "forged" (a bad signature)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def read_code(raw: str) -> str:
    """The personal code in ``raw``: a scanned QR payload, or a code typed with or without dashes.

    Raises:
        CodeError: The text is not a code, or a QR payload whose signature does not match.
    """
    text = raw.strip()
    if ":" in text:
        try:
            code = signing.Signer(salt=QR_SALT).unsign(text)
        except signing.BadSignature:
            raise CodeError(
                "forged",
                _(
                    "Mã QR này không do hệ thống cấp (chữ ký không khớp): có thể là mã giả hoặc đã bị sửa. "
                    "Hãy kiểm tra giấy mời, hoặc tìm đại biểu theo tên."
                ),
            ) from None
    else:
        code = re.sub(r"[\s-]", "", text).upper()
    if not _CODE.match(code):
        raise CodeError(
            "malformed",
            _(
                "“%(text)s” không phải mã đại biểu: mã gồm %(n)d chữ và số in trên giấy mời, ví dụ "
                "ABCD-EFGH-2345. Hãy gõ lại, hoặc tìm đại biểu theo tên."
            )
            % {"text": text[:40], "n": CODE_LENGTH},
        )
    return code


@dataclass(frozen=True)
class Invited:
    created: list[Delegate]
    skipped: list[Member]  # already invited to this conference (at this or another point)


def _save_with_code(delegate: Delegate) -> None:
    # A clash of two random 60-bit codes is next to impossible; retrying keeps it from ever failing.
    for _attempt in range(5):
        delegate.code = new_code()
        try:
            with transaction.atomic():
                delegate.save()
            return
        except IntegrityError:
            if Delegate.objects.filter(code=delegate.code).exists():
                continue
            raise
    raise RuntimeError("could not draw a unique delegate code")


@transaction.atomic
def invite_members(actor: Actor | None, point: BridgePoint, members: Iterable[Member]) -> Invited:
    """Invite members of the campaign's scope to ``point``; those already invited are skipped, not moved.

    Raises:
        ValidationError: A member outside the scope or no longer on the roll (nothing is saved).
    """
    conference = point.conference
    campaign = conference.campaign
    chosen = list({m.pk: m for m in members}.values())
    in_scope = set(
        Member.objects.filter(
            pk__in=[m.pk for m in chosen],
            status__in=ON_ROLL_STATUSES,
            unit_id__in=UnitLink.objects.filter(ancestor=campaign.scope_unit).values("descendant_id"),
        ).values_list("pk", flat=True)
    )
    outside = [m.full_name for m in chosen if m.pk not in in_scope]
    if outside:
        raise ValidationError(
            _("Không mời được %(names)s: không thuộc phạm vi của đợt hoặc không còn sinh hoạt đảng.")
            % {"names": ", ".join(outside[:5])}
        )
    already = set(
        Delegate.objects.filter(conference=conference, member__in=chosen).values_list("member_id", flat=True)
    )
    fresh = [m for m in chosen if m.pk not in already]
    categories = categories_of(m.pk for m in fresh)
    created: list[Delegate] = []
    with transaction.atomic():
        for member in fresh:
            delegate = Delegate(
                conference=conference,
                point=point,
                member=member,
                unit_id=member.unit_id,
                category=categories[member.pk],
                invited_by_id=actor_id(actor),
            )
            _save_with_code(delegate)
            created.append(delegate)
        if created:
            record_audit(
                actor,
                "delegate.invite",
                point,
                unit=point.host_unit,
                summary=f"Mời {len(created)} đại biểu dự hội nghị “{conference.title}” tại “{point.name}”",
                changes={"members": [d.member_id for d in created]},
            )
    return Invited(created, [m for m in chosen if m.pk in already])


@transaction.atomic
def invite_guest(actor: Actor | None, point: BridgePoint, *, name: str) -> Delegate:
    """Invite a guest who is not in the registry (they get a personal code like any delegate)."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"guest_name": _("Hãy ghi họ và tên khách mời.")})
    delegate = Delegate(
        conference=point.conference,
        point=point,
        guest_name=name[:120],
        category=Category.GUEST,
        invited_by_id=actor_id(actor),
    )
    with transaction.atomic():
        _save_with_code(delegate)
        record_audit(
            actor,
            "delegate.invite_guest",
            delegate,
            unit=point.host_unit,
            summary=f"Mời khách “{delegate.guest_name}” dự hội nghị tại “{point.name}”",
        )
    return delegate


@transaction.atomic
def remove_delegate(actor: Actor | None, delegate: Delegate) -> None:
    """Withdraw an invitation; one already used for check-in stays (attendance is never rewritten).

    Raises:
        ValidationError: The delegate has checked in.
    """
    with transaction.atomic():
        locked = Delegate.objects.select_for_update().select_related("point").get(pk=delegate.pk)
        if locked.check_ins.filter(reversed_at=None).exists():
            raise ValidationError(
                _("%(name)s đã điểm danh nên không bỏ khỏi danh sách được.") % {"name": locked.name}
            )
        if locked.check_ins.exists() or locked.makeup_marks.exists():
            # A reversed check-in or make-up mark is a fact kept with its invitation.
            raise ValidationError(
                _(
                    "%(name)s có lượt điểm danh đã hủy, được lưu lại cùng giấy mời, nên không bỏ khỏi danh "
                    "sách được."
                )
                % {"name": locked.name}
            )
        record_audit(
            actor,
            "delegate.remove",
            locked,
            unit=locked.point.host_unit,
            summary=f"Bỏ đại biểu “{locked.name}” khỏi “{locked.point.name}”",
            changes={"member": locked.member_id, "guest_name": locked.guest_name},
        )
        locked.delete()


def in_scope(point: BridgePoint, member: Member) -> bool:
    return is_within(member.unit_id, point.conference.campaign.scope_unit)
