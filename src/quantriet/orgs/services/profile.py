"""The member profile's sensitive part: reads with a stated purpose, and the photo.

Decree 13/2023/NĐ-CP: sensitive personal data is processed for a stated purpose and each processing is
traceable. Every read of CCCD, ethnicity, religion, phone or photo by someone other than the member
goes to the ``AccessLog`` with its purpose (``sensitive_detail``), whatever the channel (page, edit
form, photo, API, export).
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.uploads import megabytes
from quantriet.orgs.models import Member, MemberPhoto
from quantriet.orgs.profile import ReadPurpose
from quantriet.orgs.services.audit import record_audit, record_member_read
from quantriet.text import clean_name

# A portrait (3x4) from a phone or a scanner; larger files are refused with a sentence saying so.
PHOTO_MAX_BYTES = 2 * 1024 * 1024
PURPOSE_NOTE_MAX = 120
# The magic bytes of the formats we accept and serve back (never SVG or HTML: they can carry scripts).
_SIGNATURES = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
# Words the access log's detail starts with for a sensitive read, in the log's one language.
LOG_LANGUAGE = "vi"


def clean_purpose(purpose: str, note: str) -> tuple[str, str]:
    """A purpose code and its free-text note, checked; "other" needs the note.

    Raises:
        ValidationError: keyed by ``purpose`` or ``note``, in Vietnamese.
    """
    note = clean_name(note or "")
    if purpose not in ReadPurpose.values:
        raise ValidationError({"purpose": _("Hãy chọn mục đích xem thông tin.")})
    if purpose == ReadPurpose.OTHER and not note:
        raise ValidationError({"note": _("Hãy ghi rõ mục đích khi chọn “Mục đích khác”.")})
    if len(note) > PURPOSE_NOTE_MAX:
        raise ValidationError({"note": _("Ghi chú dài quá %(n)d ký tự.") % {"n": PURPOSE_NOTE_MAX}})
    return purpose, note


def sensitive_detail(purpose: str, note: str = "", *, what: str = "") -> str:
    """The access log's detail of a sensitive read: "Thông tin nhạy cảm — Liên hệ với đảng viên: …"."""
    with translation.override(LOG_LANGUAGE):
        head = _("Ảnh") if what == "photo" else _("Thông tin nhạy cảm")
        text = f"{head} — {ReadPurpose(purpose).label}"
    return (f"{text}: {note}" if note else text)[:200]


def is_sensitive_detail(detail: str) -> bool:
    """Is this access log detail a sensitive read's (``sensitive_detail``), with its purpose?"""
    with translation.override(LOG_LANGUAGE):
        heads = (f"{_('Ảnh')} — ", f"{_('Thông tin nhạy cảm')} — ")
    return detail.startswith(heads) or f"— {heads[1]}" in detail


@transaction.atomic
def record_sensitive_read(
    user: Actor,
    member: Member,
    *,
    purpose: str,
    note: str = "",
    channel: str = "page",
    request: HttpRequest | None = None,
    what: str = "",
) -> None:
    """Log that ``user`` read ``member``'s sensitive fields (or photo) for ``purpose``; checks the purpose."""
    purpose, note = clean_purpose(purpose, note)
    record_member_read(
        user, member, channel=channel, request=request, detail=sensitive_detail(purpose, note, what=what)
    )


def photo_type(data: bytes) -> str | None:
    """The image type of ``data`` by its magic bytes (JPEG, PNG, WebP), or None."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


@transaction.atomic
def set_member_photo(actor: Actor | None, member: Member, data: bytes) -> MemberPhoto:
    """Store ``member``'s photo (replacing any), after checking its size and that it is an image.

    Pillow is not among the dependencies, so the image is not re-encoded: it is kept only when its magic
    bytes say JPEG, PNG or WebP, and it is always sent back with that type and ``nosniff``.

    Raises:
        ValidationError: keyed by ``photo``, in Vietnamese.
    """
    if not data:
        raise ValidationError({"photo": _("Hãy chọn tệp ảnh.")})
    if len(data) > PHOTO_MAX_BYTES:
        raise ValidationError(
            {
                "photo": _("Ảnh lớn quá %(limit)s MB; hãy chụp hoặc lưu ảnh nhỏ hơn rồi gửi lại.")
                % {"limit": megabytes(PHOTO_MAX_BYTES)}
            }
        )
    kind = photo_type(data)
    if kind is None:
        raise ValidationError({"photo": _("Tệp không phải ảnh JPEG, PNG hoặc WebP.")})
    digest = hashlib.sha256(data).hexdigest()
    photo, created = MemberPhoto.objects.update_or_create(
        member=member, defaults={"content_type": kind, "data": data, "size": len(data), "digest": digest}
    )
    record_audit(
        actor,
        "member.photo",
        member,
        unit=member.unit,
        summary=(_("Thêm ảnh %(name)s") if created else _("Thay ảnh %(name)s")) % {"name": member.full_name},
        changes={"size": len(data), "type": kind},
    )
    return photo


@transaction.atomic
def remove_member_photo(actor: Actor | None, member: Member) -> bool:
    """Delete ``member``'s photo; False when there was none."""
    deleted, _rows = MemberPhoto.objects.filter(member=member).delete()
    if deleted:
        record_audit(
            actor,
            "member.photo_remove",
            member,
            unit=member.unit,
            summary=_("Xóa ảnh %(name)s") % {"name": member.full_name},
        )
    return bool(deleted)
