"""Writes to the member registry: create, correct, transfer, status changes, exemptions, positions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.orgs import access
from quantriet.orgs.access import Capability as C
from quantriet.orgs.models import Exemption, Member, MemberStatus, Placement, Position, Sex, Unit
from quantriet.orgs.models.units import Level
from quantriet.orgs.profile import (
    PROFILE_FIELDS,
    SENSITIVE_FIELDS,
    Education,
    Ethnicity,
    PoliticalTheory,
    Religion,
    normalise_id_number,
    normalise_phone,
)
from quantriet.orgs.services.audit import diff, record_audit
from quantriet.rules import check_member
from quantriet.text import clean_name

MAX_AGE_YEARS = 120
# Levels at which members are registered: cells, grassroots cells (chi bộ cơ sở) and party groups.
MEMBER_LEVELS = {Level.CELL, Level.GRASSROOTS, Level.GROUP}
EDITABLE_FIELDS = (
    "full_name",
    "date_of_birth",
    "sex",
    "admission_date",
    "full_membership_date",
    "card_number",
)
# Everything the forms, the importer and correction requests may set: the roll and the profile.
MEMBER_FIELDS = (*EDITABLE_FIELDS, *PROFILE_FIELDS)
_PROFILE_TEXT = {"hometown": 200, "specialty": 200, "occupation": 120}
_PROFILE_CHOICES: dict[str, list[str]] = {
    "ethnicity": Ethnicity.values,
    "religion": Religion.values,
    "education": Education.values,
    "political_theory": PoliticalTheory.values,
}
# What the audit trail keeps of a sensitive field's change: that it changed, never the values (the
# trail is read by staff, such as the inspection commission, who may not read those fields).
HIDDEN_VALUE = "***"


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def validate_member_fields(
    values: Mapping[str, Any],
    *,
    exclude_pk: int | None = None,
    today: dt.date | None = None,
    actor: Actor | None = None,
) -> dict[str, Any]:
    """Check and normalise member fields; returns cleaned values or raises ``ValidationError`` by field.

    Shared by the forms, the API and the importer so that all three accept and refuse the same things.
    ``actor`` is who asks: a card number already held is named as such only to someone who may see its
    holder (see ``_card_taken``).
    """
    today = today or timezone.localdate()
    cleaned = dict(values)
    errors: dict[str, str] = {}
    if "full_name" in cleaned:
        cleaned["full_name"] = clean_name(cleaned["full_name"] or "")
        if not cleaned["full_name"]:
            errors["full_name"] = _("Hãy nhập họ và tên.")
        elif len(cleaned["full_name"]) > 120:
            errors["full_name"] = _("Họ và tên dài quá 120 ký tự.")
    if "sex" in cleaned and cleaned["sex"] not in Sex.values:
        errors["sex"] = _("Giới tính phải là Nam hoặc Nữ.")
    _validate_profile(cleaned, errors, exclude_pk=exclude_pk, actor=actor)
    if "card_number" in cleaned:
        card = clean_name(cleaned["card_number"] or "").replace(" ", "") or None
        cleaned["card_number"] = card
        if card is not None:
            clash = Member.objects.filter(card_number=card)
            if exclude_pk is not None:
                clash = clash.exclude(pk=exclude_pk)
            holder = clash.select_related("unit").first()
            if holder is not None:
                errors["card_number"] = _card_taken(card, holder, actor)
    birth = cleaned.get("date_of_birth")
    admission = cleaned.get("admission_date")
    full = cleaned.get("full_membership_date")
    for field, value in (
        ("date_of_birth", birth),
        ("admission_date", admission),
        ("full_membership_date", full),
    ):
        if value is not None and value > today:
            errors[field] = _("Ngày không được ở tương lai.")
    if (
        birth is not None
        and field_ok(errors, "date_of_birth")
        and _years_between(birth, today) > MAX_AGE_YEARS
    ):
        errors["date_of_birth"] = _(
            "Ngày sinh cho thấy đảng viên trên %(n)d tuổi; hãy kiểm tra lại năm sinh."
        ) % {"n": MAX_AGE_YEARS}
    if birth is not None and admission is not None and admission <= birth:
        errors["admission_date"] = _("Ngày vào Đảng phải sau ngày sinh.")
    if admission is not None and full is not None and full < admission:
        errors["full_membership_date"] = _("Ngày chính thức phải sau ngày vào Đảng.")
    # What cannot be (admitted before 18, born before 1900): the register's rules, as the form and the
    # import warn about what is only unusual (quantriet.rules.membership).
    for finding in check_member(
        date_of_birth=birth, admission_date=admission, full_membership_date=full, today=today
    ):
        if not finding.confirmable and field_ok(errors, finding.field):
            errors[finding.field] = finding.message(get_language() or "vi")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _card_taken(card: str, holder: Member, actor: Actor | None) -> str:
    """Why ``card`` cannot be used, said without confirming a holder the actor may not see.

    "Held by another member" answered to anyone would let a cell's clerk test card numbers of the whole
    country (decree 13/2023: personal data outside one's scope). Outside the actor's reach the answer
    says neither whether nor where the number is held, and points to the level above, which can look.
    No actor (the system: demo, shell) is told.
    """
    if actor is None or (actor.is_authenticated and access.can_member(actor, C.VIEW_MEMBERS, holder)):
        return _(
            "Số thẻ đảng viên %(card)s đã thuộc về một đảng viên khác (%(name)s, %(unit)s); mỗi số thẻ là "
            "duy nhất."
        ) % {"card": card, "name": holder.full_name, "unit": holder.unit.name}
    return _(
        "Số thẻ đảng viên %(card)s không dùng được. Hãy kiểm tra lại số trên thẻ; nếu đúng là thẻ của đảng "
        "viên này, hãy liên hệ cấp ủy cấp trên để kiểm tra."
    ) % {"card": card}


def _validate_profile(
    cleaned: dict[str, Any], errors: dict[str, str], *, exclude_pk: int | None, actor: Actor | None
) -> None:
    """The profile's fields: texts trimmed, choices among their codes, CCCD and phone in one spelling."""
    for field, limit in _PROFILE_TEXT.items():
        if field in cleaned:
            cleaned[field] = clean_name(cleaned[field] or "")
            if len(cleaned[field]) > limit:
                errors[field] = _("Dài quá %(n)d ký tự; hãy viết ngắn gọn hơn.") % {"n": limit}
    for field, allowed in _PROFILE_CHOICES.items():
        if field in cleaned:
            cleaned[field] = cleaned[field] or ""
            if cleaned[field] and cleaned[field] not in allowed:
                errors[field] = _("Hãy chọn một giá trị trong danh sách.")
    if "email" in cleaned:
        cleaned["email"] = clean_name(cleaned["email"] or "").lower()
        if cleaned["email"]:
            try:
                validate_email(cleaned["email"])
            except ValidationError:
                errors["email"] = _("Địa chỉ e-mail không hợp lệ (ví dụ: ten@example.vn).")
    if "phone" in cleaned:
        try:
            cleaned["phone"] = normalise_phone(cleaned["phone"])
        except ValueError as error:
            errors["phone"] = str(error)
    if "id_number" in cleaned:
        try:
            cleaned["id_number"] = normalise_id_number(cleaned["id_number"])
        except ValueError as error:
            errors["id_number"] = str(error)
        else:
            number = cleaned["id_number"]
            clash = Member.objects.filter(id_number=number) if number else Member.objects.none()
            if exclude_pk is not None:
                clash = clash.exclude(pk=exclude_pk)
            holder = clash.select_related("unit").first()
            if holder is not None:
                errors["id_number"] = _id_number_taken(holder, actor)


def _id_number_taken(holder: Member, actor: Actor | None) -> str:
    """Why a CCCD number cannot be used; the holder is named only to whom may read their CCCD."""
    if actor is None or (
        actor.is_authenticated and access.can_member(actor, C.VIEW_MEMBER_SENSITIVE, holder)
    ):
        return _(
            "Số CCCD này đã có trong hồ sơ của đảng viên %(name)s (%(unit)s); mỗi người có một số CCCD."
        ) % {"name": holder.full_name, "unit": holder.unit.name}
    return _(
        "Số CCCD này không dùng được. Hãy kiểm tra lại số trên thẻ; nếu đúng, hãy liên hệ Ban Tổ chức cấp "
        "trên để kiểm tra."
    )


def _audit_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """``changes`` for the audit trail, with sensitive values replaced by ``HIDDEN_VALUE``."""
    shown: dict[str, Any] = {}
    for field, value in changes.items():
        if field not in SENSITIVE_FIELDS:
            shown[field] = value
        elif isinstance(value, list):
            shown[field] = [HIDDEN_VALUE if v else v for v in value]
        else:
            shown[field] = HIDDEN_VALUE if value else value
    return shown


def field_ok(errors: Mapping[str, str], field: str) -> bool:
    return field not in errors


def _check_member_unit(unit: Unit) -> None:
    if unit.valid_to is not None:
        raise ValidationError(
            {"unit": _("Đơn vị “%(name)s” đã giải thể hoặc sáp nhập.") % {"name": unit.name}}
        )
    if unit.level not in MEMBER_LEVELS:
        raise ValidationError(
            {
                "unit": _("Đảng viên sinh hoạt ở chi bộ hoặc tổ chức cơ sở đảng, không ở “%(name)s”.")
                % {"name": unit.name}
            }
        )


@transaction.atomic
def create_member(
    actor: Actor | None,
    *,
    unit: Unit,
    status: str = MemberStatus.PROBATIONARY,
    placed_since: dt.date | None = None,
    **fields: Any,
) -> Member:
    _check_member_unit(unit)
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("Tình trạng không hợp lệ.")})
    required = ("full_name", "date_of_birth", "sex", "admission_date")
    missing = {f: _("Trường này là bắt buộc.") for f in required if fields.get(f) in (None, "")}
    if missing:
        raise ValidationError(missing)
    unknown = set(fields) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError({f: _("Trường này không sửa được ở đây.") for f in unknown})
    given = {f: fields.get(f) for f in EDITABLE_FIELDS} | {
        f: fields[f] for f in PROFILE_FIELDS if f in fields
    }
    cleaned = validate_member_fields(given, actor=actor)
    member = Member.objects.create(unit=unit, status=status, **cleaned)
    Placement.objects.create(
        member=member, unit=unit, start=placed_since or member.admission_date, reason=_("Đăng ký")
    )
    record_audit(
        actor,
        "member.create",
        member,
        unit=unit,
        summary=_("Thêm đảng viên %(name)s") % {"name": member.full_name},
        changes={**_audit_changes(cleaned), "unit": unit.pk, "status": status},
    )
    return member


@transaction.atomic
def update_member(actor: Actor | None, member: Member, **values: Any) -> Member:
    unknown = set(values) - set(MEMBER_FIELDS)
    if unknown:
        raise ValidationError({f: _("Trường này không sửa được ở đây.") for f in unknown})
    merged = {f: getattr(member, f) for f in EDITABLE_FIELDS} | values
    cleaned = validate_member_fields(merged, exclude_pk=member.pk, actor=actor)
    changes = diff(member, {f: cleaned[f] for f in values})
    if not changes:
        return member
    for field in changes:
        setattr(member, field, cleaned[field])
    member.save(update_fields=[*changes, "updated_at"])
    record_audit(
        actor,
        "member.update",
        member,
        unit=member.unit,
        summary=_("Sửa hồ sơ %(name)s") % {"name": member.full_name},
        changes=_audit_changes(changes),
    )
    return member


@transaction.atomic
def transfer_member(
    actor: Actor | None, member: Member, to_unit: Unit, *, date: dt.date, reason: str = ""
) -> Member:
    """Move a member to another cell from ``date``; the previous placement is kept as history."""
    _check_member_unit(to_unit)
    if to_unit.pk == member.unit_id:
        raise ValidationError({"unit": _("Đảng viên đang sinh hoạt ở đơn vị này rồi.")})
    current = member.placements.filter(end__isnull=True).first()
    if current is not None and date < current.start:
        raise ValidationError(
            {
                "date": _("Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở đơn vị hiện tại (%(d)s).")
                % {"d": current.start.strftime("%d/%m/%Y")}
            }
        )
    from_unit = member.unit
    Placement.objects.filter(member=member, end__isnull=True).update(end=date)
    Placement.objects.create(member=member, unit=to_unit, start=date, reason=reason or _("Chuyển sinh hoạt"))
    member.unit = to_unit
    member.save(update_fields=["unit", "updated_at"])
    record_audit(
        actor,
        "member.transfer",
        member,
        unit=from_unit,
        summary=_("Chuyển sinh hoạt %(name)s từ %(a)s sang %(b)s")
        % {"name": member.full_name, "a": from_unit.name, "b": to_unit.name},
        changes={"unit": [from_unit.pk, to_unit.pk], "date": date, "reason": reason},
    )
    return member


@transaction.atomic
def change_status(
    actor: Actor | None, member: Member, status: str, *, date: dt.date, note: str = ""
) -> Member:
    if status not in MemberStatus.values:
        raise ValidationError({"status": _("Tình trạng không hợp lệ.")})
    if status == member.status:
        return member
    if status == MemberStatus.FULL and member.full_membership_date is None:
        member.full_membership_date = date
    old = member.status
    member.status = status
    member.save(update_fields=["status", "full_membership_date", "updated_at"])
    if status in (MemberStatus.TRANSFERRED_OUT, MemberStatus.REMOVED, MemberStatus.DECEASED):
        Placement.objects.filter(member=member, end__isnull=True).update(end=date)
    record_audit(
        actor,
        "member.status",
        member,
        unit=member.unit,
        summary=_("%(name)s: %(old)s → %(new)s")
        % {"name": member.full_name, "old": MemberStatus(old).label, "new": MemberStatus(status).label},
        changes={"status": [old, status], "date": date, "note": note},
    )
    return member


@transaction.atomic
def add_exemption(
    actor: Actor | None, member: Member, *, start: dt.date, end: dt.date | None, reason: str = ""
) -> Exemption:
    if end is not None and end < start:
        raise ValidationError({"end": _("Ngày kết thúc miễn sinh hoạt phải sau ngày bắt đầu.")})
    exemption = Exemption.objects.create(member=member, start=start, end=end, reason=clean_name(reason))
    record_audit(
        actor,
        "member.exempt",
        member,
        unit=member.unit,
        summary=_("Miễn công tác và sinh hoạt đảng: %(name)s") % {"name": member.full_name},
        changes={"start": start, "end": end, "reason": reason},
    )
    return exemption


@transaction.atomic
def add_position(actor: Actor | None, member: Member, *, unit: Unit, kind: str, start: dt.date) -> Position:
    position = Position.objects.create(member=member, unit=unit, kind=kind, start=start)
    record_audit(
        actor,
        "member.position",
        member,
        unit=unit,
        summary=_("%(name)s giữ chức %(kind)s tại %(unit)s")
        % {"name": member.full_name, "kind": position.get_kind_display(), "unit": unit.name},
        changes={"kind": kind, "unit": unit.pk, "start": start},
    )
    return position


@transaction.atomic
def end_position(actor: Actor | None, position: Position, *, end: dt.date) -> Position:
    if end < position.start:
        raise ValidationError({"end": _("Ngày thôi giữ chức phải sau ngày bắt đầu.")})
    position.end = end
    position.save(update_fields=["end"])
    record_audit(
        actor,
        "member.position_end",
        position.member,
        unit=position.unit,
        summary=_("Thôi giữ chức %(kind)s") % {"kind": position.get_kind_display()},
        changes={"position": position.pk, "end": end},
    )
    return position
