"""A member's correction requests (decree 13/2023, the right to have one's data corrected).

The member asks; staff who may edit that member decide. An accepted request changes the record
through ``update_member``, so the change is validated and audited exactly like an edit by staff.
Values are stored in one canonical spelling (ISO dates, ``male``/``female``) and shown as people
write them (``display_value``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs.models import CorrectionField, CorrectionRequest, CorrectionState, Member, Sex
from quantriet.orgs.profile import CHOICE_FIELDS, PROFILE_FIELDS, choice_from_text, choice_label
from quantriet.orgs.services.audit import record_audit
from quantriet.orgs.services.members import update_member, validate_member_fields
from quantriet.text import clean_name, fold

DATE_FIELDS = frozenset({"date_of_birth", "admission_date", "full_membership_date"})
# Fields a member may ask to empty (the others are required in the registry).
OPTIONAL_FIELDS = frozenset({"full_membership_date", "card_number", *PROFILE_FIELDS})
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d")
# A member with this many requests waiting cannot add more until staff answer (no flooding the queue).
MAX_OPEN_PER_MEMBER = 5
SEX_WORDS = {"nam": Sex.MALE, "male": Sex.MALE, "nu": Sex.FEMALE, "female": Sex.FEMALE}


def _user_id(actor: Actor | None) -> Any:
    return actor.pk if actor is not None and actor.is_authenticated else None


def _parse(field: str, raw: str) -> Any:
    """The typed value as the registry holds it, or ``ValidationError({"proposed_value": ...})``."""
    text = clean_name(raw or "")
    if not text:
        if field in OPTIONAL_FIELDS:
            return None
        raise ValidationError({"proposed_value": _("Hãy ghi giá trị đúng mà bạn đề nghị.")})
    if field in DATE_FIELDS:
        for pattern in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValidationError(
            {
                "proposed_value": _(
                    "Ngày “%(value)s” không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 17/05/1985."
                )
                % {"value": text[:40]}
            }
        )
    if field == "sex":
        sex = SEX_WORDS.get(fold(text))
        if sex is None:
            raise ValidationError({"proposed_value": _("Giới tính hãy ghi “Nam” hoặc “Nữ”.")})
        return sex.value
    if field in CHOICE_FIELDS:
        code = choice_from_text(field, text)
        if code is None:
            raise ValidationError(
                {
                    "proposed_value": _("“%(value)s” không có trong danh sách; hãy ghi như trong hồ sơ.")
                    % {"value": text[:40]}
                }
            )
        return code
    return text


def _canonical(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _from_canonical(field: str, stored: str) -> Any:
    if not stored:
        return None
    if field in DATE_FIELDS:
        return dt.date.fromisoformat(stored)
    return stored


def display_value(field: str, stored: str) -> str:
    """A stored value as people write it: 17/05/1985, Nữ; "—" when empty."""
    if not stored:
        return "—"
    if field in DATE_FIELDS:
        try:
            return dt.date.fromisoformat(stored).strftime("%d/%m/%Y")
        except ValueError:
            return stored
    if field == "sex" and stored in Sex.values:
        return str(Sex(stored).label)
    if field in CHOICE_FIELDS:
        return choice_label(field, stored)
    return stored


@transaction.atomic
def request_correction(
    actor: Actor | None, member: Member, *, field: str, proposed: str, reason: str
) -> CorrectionRequest:
    """Record ``member``'s request to set ``field`` to ``proposed`` (as typed), with their reason.

    Raises:
        ValidationError: keyed by ``field``, ``proposed_value`` or ``reason``, in Vietnamese.
    """
    if field not in CorrectionField.values:
        raise ValidationError({"field": _("Hãy chọn thông tin cần sửa trong danh sách.")})
    reason = clean_name(reason or "")
    if not reason:
        raise ValidationError({"reason": _("Hãy ghi lý do hoặc căn cứ (ví dụ: theo giấy khai sinh).")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Lý do dài quá 500 ký tự; hãy viết ngắn gọn hơn.")})
    value = _parse(field, proposed)
    current = getattr(member, field)
    if value == current:
        raise ValidationError({"proposed_value": _("Giá trị đề nghị giống hồ sơ hiện tại.")})
    # The same checks as an edit by staff (dates in order, not in the future...), so a request that
    # could never be accepted is refused now, while the member is still on the page.
    values = {f: getattr(member, f) for f in CorrectionField.values} | {field: value}
    try:
        validate_member_fields(values, exclude_pk=member.pk, actor=actor)  # a card held elsewhere: not said
    except ValidationError as invalid:
        messages = invalid.message_dict.get(field) or [m for ms in invalid.message_dict.values() for m in ms]
        raise ValidationError({"proposed_value": messages}) from None
    # Locks the member's row so two quick submissions cannot both pass the limit.
    Member.objects.select_for_update().filter(pk=member.pk).first()
    waiting = CorrectionRequest.objects.filter(member=member, state=CorrectionState.OPEN).count()
    if waiting >= MAX_OPEN_PER_MEMBER:
        raise ValidationError(
            _("Bạn đang có %(n)d đề nghị chờ xử lý; hãy chờ chi bộ trả lời rồi gửi thêm.") % {"n": waiting}
        )
    correction = CorrectionRequest.objects.create(
        member=member,
        requested_by_id=_user_id(actor),
        field=field,
        current_value=_canonical(current)[:120],
        proposed_value=_canonical(value)[:120],
        reason=reason,
    )
    record_audit(
        actor,
        "member.correction_request",
        member,
        unit=member.unit,
        summary=_("%(name)s đề nghị sửa %(field)s")
        % {"name": member.full_name, "field": CorrectionField(field).label},
        changes={"request": correction.pk, "field": field},
    )
    return correction


@transaction.atomic
def decide_correction(
    actor: Actor | None, correction: CorrectionRequest, *, accept: bool, note: str = ""
) -> CorrectionRequest:
    """Accept (the record is changed through ``update_member``) or refuse (a reason is required).

    Raises:
        ValidationError: when the request was already decided, a refusal has no reason, or the
            record can no longer take the value (then nothing is written and the request stays open).
    """
    locked = (
        CorrectionRequest.objects.select_for_update().select_related("member__unit").get(pk=correction.pk)
    )
    if locked.state != CorrectionState.OPEN:
        raise ValidationError(_("Đề nghị này đã được xử lý rồi."))
    note = clean_name(note or "")
    if len(note) > 500:
        raise ValidationError({"decision_note": _("Ý kiến xử lý dài quá 500 ký tự.")})
    if not accept and not note:
        raise ValidationError({"decision_note": _("Hãy ghi lý do không chấp nhận để đảng viên được biết.")})
    member = locked.member
    if accept:
        update_member(actor, member, **{locked.field: _from_canonical(locked.field, locked.proposed_value)})
    locked.state = CorrectionState.ACCEPTED if accept else CorrectionState.REFUSED
    locked.decided_by_id = _user_id(actor)
    locked.decided_at = timezone.now()
    locked.decision_note = note
    locked.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
    record_audit(
        actor,
        "member.correction_decide",
        member,
        unit=member.unit,
        summary=(
            _("Chấp nhận đề nghị sửa %(field)s của %(name)s")
            if accept
            else _("Không chấp nhận đề nghị sửa %(field)s của %(name)s")
        )
        % {"name": member.full_name, "field": CorrectionField(locked.field).label},
        changes={"request": locked.pk, "state": locked.state, "note": note},
    )
    return locked
