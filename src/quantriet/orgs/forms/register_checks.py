"""The member form's plausibility step: errors on their fields, warnings a person confirms, old-font text.

Called from ``MemberFieldsForm.clean``. Errors (the register's rules, ``quantriet.rules``, that no
confirmation lifts) are the service's when the form is saved; warnings (a probation past its term,
a namesake born the same day anywhere in the province, text that reads as typed in a legacy font)
stop the save until the box "Tôi đã kiểm tra, vẫn lưu" is ticked. The box carries a digest of the
warnings it was ticked for, so a warning that appears after the tick (another date typed) is shown
before anything is saved.
A text typed in a legacy font comes with "Có phải là: …?": one click puts the Unicode text in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from quantriet.orgs.register_checks import finding_message, namesake_message, namesakes, rule_findings
from quantriet.text import clean_name, fold, suggest_unicode

if TYPE_CHECKING:
    from quantriet.orgs.forms.members import MemberFieldsForm

CONFIRM_FIELD = "confirm_warnings"
SUGGESTION_FIELD = "use_suggestion"
# Free-text fields an old file or an old keyboard driver may have typed in a legacy font.
TEXT_FIELDS = ("full_name", "hometown", "specialty", "occupation")
_DATE_FIELDS = ("date_of_birth", "admission_date", "full_membership_date")


@dataclass(frozen=True)
class FormWarning:
    field: str
    message: str
    suggestion: str = ""  # the Unicode text offered for a field typed in a legacy font


def _digest(warnings: list[FormWarning]) -> str:
    text = "\n".join(f"{w.field}\x1f{w.message}" for w in warnings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _legacy_text(form: MemberFieldsForm, data: dict[str, Any]) -> list[FormWarning]:
    warnings = []
    accepted = form.data.get(SUGGESTION_FIELD)
    for field in TEXT_FIELDS:
        if field not in form.fields or not data.get(field):
            continue
        # What was typed, not the cleaned value: cleaning drops the soft hyphen, TCVN3's "ư".
        suggestion = suggest_unicode(str(form.data.get(form.add_prefix(field), "")).strip())
        if suggestion is None:
            continue
        converted = clean_name(suggestion.converted)
        if accepted == field:
            data[field] = converted
            if isinstance(form.data, QueryDict):  # the page shows what will be saved
                typed = form.data.copy()
                typed[form.add_prefix(field)] = converted
                form.data = typed
            continue
        warnings.append(
            FormWarning(
                field,
                _("“%(label)s” có vẻ được gõ bằng phông chữ cũ (bảng mã %(encoding)s): “%(text)s”.")
                % {
                    "label": form.fields[field].label,
                    "encoding": suggestion.encoding,
                    "text": suggestion.original,
                },
                suggestion=converted,
            )
        )
    return warnings


def check_member_form(form: MemberFieldsForm, data: dict[str, Any], *, status: str | None) -> None:
    """Add the errors to ``form`` and set ``form.register_warnings``; unconfirmed warnings stop the save."""
    member = getattr(form, "member", None)
    warnings = _legacy_text(form, data)
    dates_changed = member is None or any(data.get(f) != getattr(member, f) for f in _DATE_FIELDS)
    today: dt.date = timezone.localdate()
    findings = rule_findings(
        date_of_birth=data.get("date_of_birth"),
        admission_date=data.get("admission_date"),
        full_membership_date=data.get("full_membership_date"),
        status=status,
        today=today,
    )
    # Errors are the service's (validate_member_fields applies the same rules): shown on their fields
    # when the form is saved, with the warnings still listed, and no confirmation lifts them.
    impossible = any(not f.confirmable for f in findings)
    if dates_changed:  # an edit of the phone number is not asked about the admission date
        warnings += [FormWarning(f.field, finding_message(f)) for f in findings if f.confirmable]
    name, birth = data.get("full_name"), data.get("date_of_birth")
    person_changed = member is None or name != member.full_name or birth != member.date_of_birth
    if name and birth and person_changed:
        key = (fold(name), birth)
        found = namesakes([key], exclude=[member.pk] if member is not None else []).get(key)
        if found:
            warnings.append(FormWarning("full_name", namesake_message(found, getattr(form, "actor", None))))
    form.register_warnings = warnings
    form.warnings_digest = _digest(warnings)
    if warnings and not impossible and form.data.get(CONFIRM_FIELD) != _digest(warnings):
        form.add_error(
            None,
            _(
                "Hồ sơ có điều bất thường cần kiểm tra (xem các cảnh báo bên dưới). Nếu đúng như hồ sơ, hãy "
                "đánh dấu “Tôi đã kiểm tra, vẫn lưu” rồi bấm Lưu."
            ),
        )
