"""Forms of the registry: a document (with its file), a relation, an import file.

They check what was typed and hand clean values to ``documents.services``, whose Vietnamese errors
land on the field they name. A rejected page keeps every value typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.core.sheets.errors import ImportRejected
from quantriet.core.sheets.reading import check_size
from quantriet.core.uploads import too_large_message as upload_too_large
from quantriet.documents import pending, selectors, services
from quantriet.documents.models import TYPE_CHOICES, Document, RelationKind, Secrecy, Status
from quantriet.documents.services.fields import classified_content_message
from quantriet.documents.services.files import ReadFile, too_large_message
from quantriet.orgs.forms.common import UnitCodeField
from quantriet.orgs.forms.pickers import UnitPickerField

SERVICE_FIELDS = (
    "doc_type",
    "symbol",
    "issued_on",
    "term",
    "subject",
    "issuing_unit",
    "is_public",
    "status",
    "body",
    "secrecy",
)


class DocumentForm(ServiceForm):
    doc_type = forms.ChoiceField(
        label=gettext_lazy("Loại văn bản"), choices=[("", "—"), *TYPE_CHOICES], required=False
    )
    symbol = forms.CharField(
        label=gettext_lazy("Số và ký hiệu"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Ví dụ 35-NQ/TW, 08-QĐi/TW, 15-KH/TU, 13/2023/NĐ-CP."),
    )
    issued_on = DateField(
        label=gettext_lazy("Ngày ban hành"),
        required=False,
        help_text=gettext_lazy("Để trống nếu chưa biết chắc; đừng đoán."),
    )
    term = forms.CharField(
        label=gettext_lazy("Khóa"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("Ví dụ XIII. Phân biệt văn bản cùng số ký hiệu ở các khóa khác nhau."),
    )
    issuing_unit = UnitPickerField(
        capability="manage_documents",
        label=gettext_lazy("Đơn vị ban hành (gõ tên hoặc mã)"),
        required=False,
        help_text=gettext_lazy(
            "Đơn vị trong cây tổ chức đã ban hành văn bản. Để trống với văn bản của Trung ương hay cơ quan "
            "nhà nước."
        ),
    )
    subject = forms.CharField(
        label=gettext_lazy("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Hiệu lực"), choices=Status.choices, initial=Status.IN_FORCE
    )
    secrecy = forms.ChoiceField(
        label=gettext_lazy("Độ mật"),
        choices=Secrecy.choices,
        initial=Secrecy.NORMAL,
        required=False,  # a page or script that does not send it registers an ordinary document
        help_text=gettext_lazy(
            "Văn bản Mật, Tối mật, Tuyệt mật chỉ được vào sổ thông tin (số ký hiệu, ngày, trích yếu); tệp "
            "và toàn văn được quản lý ngoài hệ thống. Đánh dấu mật một văn bản đã có tệp sẽ xóa tệp khỏi hệ "
            "thống."
        ),
    )
    is_public = forms.BooleanField(
        label=gettext_lazy("Công khai cho mọi người dùng (văn bản của Trung ương, luật của Nhà nước)"),
        required=False,
    )
    body = forms.CharField(
        label=gettext_lazy("Toàn văn"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy("Các văn bản được trích dẫn sẽ tự động thành liên kết."),
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp văn bản (.docx, .pdf, .txt)"),
        required=False,
        help_text=gettext_lazy("Chữ trong tệp được trích ra để tìm kiếm; bản chụp (scan) vẫn được lưu."),
    )
    kept_file = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        user: Actor,
        document: Document | None = None,
        dropped_files: list[str] | None = None,
        session: Any = None,
        **kwargs: Any,
    ) -> None:
        if document is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(document)
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = document
        self.dropped_files = dropped_files or []
        self.read_file: ReadFile | None = None
        self.session = session
        self.kept_token: str | None = None
        self.kept_name = ""
        unit_field = self.fields["issuing_unit"]
        assert isinstance(unit_field, UnitCodeField)
        unit_field.scope = selectors.manageable_units(user)

    def clean_file(self) -> Any:
        if self.dropped_files:
            raise ValidationError(too_large_message())
        upload = self.cleaned_data.get("file")
        kept = pending.load(self.session, str(self.data.get("kept_file", ""))) if self.session else None
        try:
            if upload:
                self.read_file = services.read_upload(upload.read(), upload.name or "")
            elif kept is not None:
                self.read_file = services.read_upload(*kept)
                self.kept_token = str(self.data.get("kept_file"))
        except ValidationError as error:
            raise ValidationError(error.message_dict.get("file", error.messages)) from None
        return upload

    def keep_upload(self) -> None:
        """On a refused page: keep an accepted file, so the user need not choose it again."""
        if self.read_file is None or self.session is None:
            return
        self.kept_token = self.kept_token or pending.keep(self.session, self.read_file)
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        data["kept_file"] = self.kept_token
        self.data = data
        self.kept_name = self.read_file.original_name

    def release_upload(self) -> None:
        """After a save: the kept copy is no longer needed (the document has its own)."""
        if self.kept_token and self.session is not None:
            pending.forget(self.session, self.kept_token)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if (data.get("secrecy") or Secrecy.NORMAL) != Secrecy.NORMAL and self.read_file is not None:
            # Neither stored nor kept for the next try: a classified file never stays on the server.
            self.read_file = None
            if self.kept_token and self.session is not None:
                pending.forget(self.session, self.kept_token)
                self.kept_token = None
            self.add_error("file", classified_content_message())
        if data.get("issuing_unit") is None and not self.errors.get("issuing_unit"):
            keep = self.document is not None and self.document.issuing_unit_id is None
            if not selectors.may_manage_unitless(self.user) and not keep:
                self.add_error(
                    "issuing_unit", _("Hãy ghi mã đơn vị ban hành thuộc phạm vi bạn quản lý văn bản.")
                )
        return data

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in SERVICE_FIELDS} | {
            "term": self.cleaned_data.get("term") or "",
            "subject": self.cleaned_data.get("subject") or "",
            "body": self.cleaned_data.get("body") or "",
            "doc_type": self.cleaned_data.get("doc_type") or "",
            "symbol": self.cleaned_data.get("symbol") or "",
            "is_public": bool(self.cleaned_data.get("is_public")),
            "secrecy": self.cleaned_data.get("secrecy") or Secrecy.NORMAL,
        }

    def save(self, actor: Actor) -> Document | None:
        if self.document is None:
            return self.run(lambda: services.create_document(actor, upload=self.read_file, **self.values()))
        document = self.document
        return self.run(
            lambda: services.update_document(actor, document, upload=self.read_file, **self.values())
        )


def _initial(document: Document) -> dict[str, Any]:
    return {
        "doc_type": document.doc_type,
        "symbol": document.symbol,
        "issued_on": document.issued_on,
        "term": document.term,
        "issuing_unit": document.issuing_unit.code if document.issuing_unit else "",
        "subject": document.subject,
        "status": document.status,
        "is_public": document.is_public,
        "secrecy": document.secrecy,
        "body": document.body,
    }


# Each choice says how the current document relates to the other one.
RELATION_CHOICES = [
    ("replaces", gettext_lazy("Văn bản này thay thế")),
    ("replaced_by", gettext_lazy("Văn bản này được thay thế bởi")),
    ("guides", gettext_lazy("Văn bản này hướng dẫn thực hiện")),
    ("guided_by", gettext_lazy("Văn bản này được hướng dẫn bởi")),
    ("concretises", gettext_lazy("Văn bản này cụ thể hóa")),
    ("concretised_by", gettext_lazy("Văn bản này được cụ thể hóa bởi")),
    ("link", gettext_lazy("Liên quan đến")),
]
# direction → (relation kind, whether the current document is the relation's target)
DIRECTIONS: dict[str, tuple[str, bool]] = {
    "replaces": (RelationKind.REPLACES, False),
    "replaced_by": (RelationKind.REPLACES, True),
    "guides": (RelationKind.GUIDES, False),
    "guided_by": (RelationKind.GUIDES, True),
    "concretises": (RelationKind.CONCRETISES, False),
    "concretised_by": (RelationKind.CONCRETISES, True),
    "link": (RelationKind.LINK, False),
}


class RelationForm(ServiceForm):
    service_fields = {"kind": "direction", "target": "other"}

    direction = forms.ChoiceField(label=gettext_lazy("Quan hệ"), choices=RELATION_CHOICES)
    other = forms.CharField(
        label=gettext_lazy("Số ký hiệu văn bản kia"),
        max_length=80,
        help_text=gettext_lazy(
            "Ví dụ 35-NQ/TW; nếu có nhiều văn bản cùng số ký hiệu, ghi thêm ngày ban hành."
        ),
    )
    other_date = DateField(label=gettext_lazy("Ngày ban hành văn bản kia (nếu cần)"), required=False)
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=300, required=False)

    def __init__(self, *args: Any, user: Actor, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = document

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        raw = data.get("other") or ""
        if not raw:
            return data
        facts = services.read_symbol(raw)
        if facts is None:
            self.add_error(
                "other", _("“%(value)s” không phải số ký hiệu văn bản; ví dụ 35-NQ/TW.") % {"value": raw}
            )
            return data
        found = selectors.visible_documents(self.user).filter(symbol=facts.id)
        if data.get("other_date"):
            found = found.filter(issued_on=data["other_date"])
        matches = list(found[:2])
        if not matches:
            self.add_error(
                "other",
                _("Sổ văn bản chưa có %(symbol)s (hoặc bạn không được xem). Hãy vào sổ văn bản đó trước.")
                % {"symbol": facts.id},
            )
        elif len(matches) > 1:
            self.add_error(
                "other_date",
                _("Có nhiều văn bản số ký hiệu %(symbol)s; hãy ghi ngày ban hành để chọn đúng văn bản.")
                % {"symbol": facts.id},
            )
        else:
            data["other_document"] = matches[0]
        return data

    def save(self, actor: Actor) -> Any:
        other: Document = self.cleaned_data["other_document"]
        kind, inverse = DIRECTIONS[self.cleaned_data["direction"]]
        source, target = (other, self.document) if inverse else (self.document, other)
        return self.run(
            lambda: services.add_relation(actor, source, target, kind, self.cleaned_data.get("note") or "")
        )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp danh sách văn bản (.xlsx hoặc .csv)"), required=False)

    def __init__(self, *args: Any, dropped_files: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dropped_files = dropped_files or []

    def clean_file(self) -> Any:
        if self.dropped_files:  # dropped by the upload handler while it streamed in (core.uploads)
            raise ValidationError(upload_too_large(settings.IMPORT_MAX_BYTES))
        upload = self.cleaned_data.get("file")
        if upload is None:
            raise ValidationError(self.fields["file"].error_messages["required"], code="required")
        try:
            check_size(upload.size)
        except ImportRejected as rejected:
            error = rejected.errors[0]
            raise ValidationError(f"{error.message} {error.hint}") from None
        return upload
