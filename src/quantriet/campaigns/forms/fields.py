"""Fields that look up what the user types, only within what they may act on."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.documents import selectors as document_selectors
from quantriet.documents import services as document_services
from quantriet.documents.models import Document
from quantriet.orgs.forms.common import find_unit_by_code
from quantriet.orgs.models import Member, Unit


class MemberCardField(forms.CharField):
    """A member typed by party card number, looked up only in ``scope``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.scope: QuerySet[Member] = Member.objects.none()

    def clean(self, value: Any) -> Member | None:
        card = "".join(str(super().clean(value) or "").split())
        if not card:
            return None
        member = self.scope.filter(card_number=card).first()
        if member is None:
            raise ValidationError(
                _("Không có đảng viên số thẻ “%(card)s” trong phạm vi của đợt; hãy kiểm tra lại số thẻ.")
                % {"card": card}
            )
        return member


class DocumentSymbolsField(forms.CharField):
    """Registry documents typed by symbol, one per line (or separated by commas)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.user: Actor | None = None

    def clean(self, value: Any) -> list[Document]:
        text = str(super().clean(value) or "")
        found: list[Document] = []
        problems: list[str] = []
        for raw in (part.strip() for part in re.split(r"[\n;,]+", text)):
            if not raw:
                continue
            facts = document_services.read_symbol(raw)
            document = None
            if facts is not None and self.user is not None:
                document = (
                    document_selectors.visible_documents(self.user)
                    .filter(symbol=facts.id)
                    .order_by(F("issued_on").desc(nulls_last=True), "-id")
                    .first()
                )
            if document is None:
                problems.append(raw)
            elif document not in found:
                found.append(document)
        if problems:
            raise ValidationError(
                _(
                    "Sổ văn bản chưa có: %(symbols)s (hoặc bạn không được xem). Hãy kiểm tra số ký hiệu, "
                    "hoặc vào sổ văn bản đó trước."
                )
                % {"symbols": ", ".join(problems)}
            )
        return found


class UnitCodesField(forms.CharField):
    """Units typed by code, one per line (or separated by commas), looked up only in ``scope``."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.scope: QuerySet[Unit] = Unit.objects.none()

    def clean(self, value: Any) -> list[Unit]:
        text = str(super().clean(value) or "")
        found: list[Unit] = []
        unknown: list[str] = []
        for code in (part.strip() for part in re.split(r"[\n;,]+", text)):
            if not code:
                continue
            unit = find_unit_by_code(self.scope, code)
            if unit is None:
                unknown.append(code[:64])
            elif unit not in found:
                found.append(unit)
        if unknown:
            raise ValidationError(
                _("Không có đơn vị mã %(codes)s trong phạm vi bạn được quản lý; hãy kiểm tra lại mã.")
                % {"codes": ", ".join(f"“{c}”" for c in unknown)}
            )
        return found
