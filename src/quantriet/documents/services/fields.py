"""Checking what a person typed about a document: type, symbol, date, term, issuing unit.

Each check raises ``ValidationError`` keyed by field with a Vietnamese sentence that says what is
wrong and how to write it; ``validate_document_fields`` collects them all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quantriet.docref import canonical_symbol, extract, symbol_key
from quantriet.documents.models import DOCUMENT_TYPES, Secrecy, Status
from quantriet.orgs.models import Unit
from quantriet.text import clean_name, fold

_TERM_PREFIX = re.compile(r"^(?:khoa|khoá|khóa)\s+", re.IGNORECASE)
_TERM = re.compile(r"^(?:[IVXLC]+|\d{1,3})$")


@dataclass(frozen=True)
class SymbolFacts:
    """What a number and symbol says by itself."""

    id: str  # canonical: "35-NQ/TW"
    number: str
    issuer: str
    system: str  # "party", "state" or ""
    implied_type: str | None  # the type its abbreviation names, when it names exactly one


def read_symbol(raw: str) -> SymbolFacts | None:
    """Parse a number and symbol as typed ("35 - NQ/TƯ"), or None when it is not one."""
    canonical = canonical_symbol(clean_name(raw)) if raw.strip() else None
    if canonical is None:
        return None
    # The registry files one spelling per document ("TƯ" typed is kept as "TW"); citations keep what their
    # writer typed and are matched through the same key (services.citations).
    canonical = symbol_key(canonical)
    found = next((c for c in extract(canonical) if c.id == canonical), None)
    if found is None:
        return SymbolFacts(canonical, "", "", "", None)
    return SymbolFacts(canonical, found.number or "", found.issuer or "", found.system or "", found.type)


def type_from_text(raw: str) -> str | None:
    """A type typed in any case or without accents ("nghi quyet") as its registry name."""
    key = fold(raw)
    return next((name for name in DOCUMENT_TYPES if fold(name) == key), None)


def normalize_term(raw: str) -> str:
    """ "khóa XII", "xii", " XII " → "XII"; raises ValidationError for anything else."""
    term = _TERM_PREFIX.sub("", clean_name(raw)).upper()
    if term and not _TERM.match(term):
        raise ValidationError(
            {
                "term": _(
                    "Khóa “%(value)s” không hợp lệ; hãy ghi số La Mã (ví dụ XIII) hoặc số (ví dụ 13), "
                    "hoặc để trống."
                )
                % {"value": raw}
            }
        )
    return term


def symbol_error(raw: str) -> str:
    return _(
        "Số và ký hiệu “%(value)s” không đúng dạng. Văn bản của Đảng viết như 35-NQ/TW, 08-QĐi/TW, "
        "21-HD/BTCTW; văn bản nhà nước viết như 13/2023/NĐ-CP hoặc 1206/QĐ-BTP."
    ) % {"value": raw}


def contradiction_error(doc_type: str, facts: SymbolFacts) -> str:
    return _(
        "Ký hiệu %(symbol)s là của một %(implied)s, không phải %(chosen)s. "
        "Hãy chọn lại loại văn bản hoặc sửa số ký hiệu."
    ) % {"symbol": facts.id, "implied": facts.implied_type, "chosen": doc_type}


def classified_content_message() -> str:
    """Why the file or full text of a classified document is refused (metadata is still registered)."""
    return _(
        "Văn bản có độ mật (Mật, Tối mật, Tuyệt mật) không được lưu tệp hay toàn văn trên hệ thống: bản "
        "gốc được quản lý ngoài hệ thống theo quy định bảo vệ bí mật nhà nước. Chỉ vào sổ số ký hiệu, ngày "
        "ban hành, trích yếu; hãy bỏ tệp và toàn văn rồi lưu lại."
    )


@dataclass(frozen=True)
class CleanFields:
    """The values a document is written with (number, issuer and system come from the symbol)."""

    doc_type: str
    symbol: str
    number: str
    issuer: str
    system: str
    issued_on: dt.date | None
    term: str
    subject: str
    issuing_unit: Unit | None
    is_public: bool
    status: str
    body: str
    secrecy: str = Secrecy.NORMAL

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def validate_document_fields(
    *,
    doc_type: str,
    symbol: str,
    issued_on: dt.date | None = None,
    term: str = "",
    subject: str = "",
    issuing_unit: Unit | None = None,
    is_public: bool = False,
    status: str = Status.IN_FORCE,
    body: str = "",
    secrecy: str = Secrecy.NORMAL,
) -> CleanFields:
    errors: dict[str, list[str]] = {}
    if doc_type not in DOCUMENT_TYPES:
        errors.setdefault("doc_type", []).append(
            _("Hãy chọn loại văn bản trong danh sách (ví dụ Nghị quyết, Quy định, Kế hoạch).")
        )
    facts = read_symbol(symbol)
    if facts is None:
        errors.setdefault("symbol", []).append(
            symbol_error(symbol) if symbol.strip() else _("Hãy ghi số và ký hiệu, ví dụ 35-NQ/TW.")
        )
    elif facts.implied_type and doc_type in DOCUMENT_TYPES and facts.implied_type != doc_type:
        errors.setdefault("symbol", []).append(contradiction_error(doc_type, facts))
    try:
        clean_term = normalize_term(term)
    except ValidationError as error:
        errors.setdefault("term", []).extend(error.messages)
        clean_term = ""
    if status not in Status.values:
        errors.setdefault("status", []).append(_("Hãy chọn “Còn hiệu lực” hoặc “Đã được thay thế”."))
    if secrecy not in Secrecy.values:
        errors.setdefault("secrecy", []).append(_("Hãy chọn độ mật: Thường, Mật, Tối mật hoặc Tuyệt mật."))
    elif secrecy != Secrecy.NORMAL and body.strip():
        errors.setdefault("body", []).append(classified_content_message())
    elif secrecy != Secrecy.NORMAL and is_public:
        errors.setdefault("is_public", []).append(
            _("Văn bản mật không được công khai cho mọi người dùng; hãy bỏ chọn “Công khai”.")
        )
    if issued_on is not None and issued_on > dt.date.today() + dt.timedelta(days=1):
        errors.setdefault("issued_on", []).append(
            _("Ngày ban hành %(date)s còn ở tương lai; hãy kiểm tra lại.")
            % {"date": issued_on.strftime("%d/%m/%Y")}
        )
    if issued_on is not None and issued_on.year < 1930:
        errors.setdefault("issued_on", []).append(
            _("Ngày ban hành phải từ năm 1930 trở đi; hãy kiểm tra lại năm.")
        )
    closed = issuing_unit.valid_to if issuing_unit is not None else None
    if issuing_unit is not None and closed is not None and issued_on is not None and issued_on > closed:
        errors.setdefault("issuing_unit", []).append(
            _("Đơn vị “%(name)s” đã giải thể hoặc sáp nhập trước ngày ban hành này.")
            % {"name": issuing_unit.name}
        )
    if errors:
        raise ValidationError(errors)
    assert facts is not None
    return CleanFields(
        doc_type=doc_type,
        symbol=facts.id,
        number=facts.number,
        issuer=facts.issuer,
        system=facts.system,
        issued_on=issued_on,
        term=clean_term,
        subject=clean_name(subject),
        issuing_unit=issuing_unit,
        is_public=is_public,
        status=status,
        body=body,
        secrecy=secrecy,
    )
