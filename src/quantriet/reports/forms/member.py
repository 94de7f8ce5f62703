"""The member's forms: a typed report, a file to read, and the confirmation of the text read from it.

Every form hands its text to ``reports.services.submitting.submit``; the service has the last word
(length, format, deadline, the same text twice) and its messages are shown on the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.core.uploads import too_large_message
from quantriet.documents.services.files import max_bytes
from quantriet.reports.models import Format, LearningReport, Requirement, Source
from quantriet.reports.services.submitting import (
    MAX_DRAFT_CHARS,
    Handed,
    Submitted,
    check_length,
    submit,
)
from quantriet.text import ExtractionError, clean_name, extract_text

# A file's name ending → what its content must be. Only these are offered; the requirement narrows them.
FILE_KINDS = {".docx": Format.DOCX, ".pdf": Format.PDF, ".odt": Format.ODT, ".txt": Format.TXT}


def accepted_suffixes(requirement: Requirement) -> list[str]:
    return [suffix for suffix, kind in FILE_KINDS.items() if kind in requirement.formats]


def _messages(error: ValidationError) -> list[str]:
    """A service error's sentences, whichever field it named (they all concern the one text)."""
    if hasattr(error, "error_dict"):
        return [m for errors in error.message_dict.values() for m in errors]
    return list(error.messages)


class WriteForm(ServiceForm):
    """The report typed on the page; an empty or short text is refused by the service with its count."""

    service_fields = {"text": "text", "file": "text"}

    text = forms.CharField(
        label=gettext_lazy("Nội dung bài thu hoạch"),
        required=False,
        strip=False,
        max_length=MAX_DRAFT_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true", "lang": "vi"}),
        error_messages={"max_length": gettext_lazy("Bài quá dài để nộp; hãy rút gọn rồi nộp lại.")},
    )

    def __init__(self, *args: Any, report: LearningReport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report = report

    def save(self, actor: Actor) -> Submitted | None:
        text = self.cleaned_data["text"]
        return self.run(lambda: submit(actor, self.report, Handed(text=text, source=Source.TYPED)))


@dataclass(frozen=True)
class ReadText:
    """The text read from an uploaded file, waiting for the member's confirmation."""

    text: str
    file_name: str
    kind: str
    converted_from: str
    warnings: tuple[str, ...]
    words: int


class UploadForm(forms.Form):
    """A file whose text is read (and measured) at once; nothing is stored until it is confirmed."""

    # Not required: a file dropped by the upload handler leaves the field empty, and clean_file says why.
    file = forms.FileField(label=gettext_lazy("Tệp bài thu hoạch"), required=False)

    def __init__(
        self,
        *args: Any,
        requirement: Requirement,
        dropped_files: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.requirement = requirement
        self.dropped_files = dropped_files or []
        suffixes = accepted_suffixes(requirement)
        self.fields["file"].widget.attrs["accept"] = ",".join(suffixes)
        self.read: ReadText | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        # The handler dropped a file over the limit while it streamed in (core.uploads); one under the
        # site's limit but over the documents' is refused from its size, before it is read.
        if self.dropped_files or (upload is not None and upload.size > max_bytes()):
            raise ValidationError(too_large_message(max_bytes()))
        if upload is None:
            raise ValidationError(_("Hãy chọn tệp bài thu hoạch."))
        name = clean_name(PurePath(str(upload.name).replace("\\", "/")).name)[:200] or "bai-thu-hoach"
        try:
            extracted = extract_text(upload.read(), name, max_bytes=max_bytes(), convert_legacy=True)
        except ExtractionError as error:
            raise ValidationError(error.message(get_language() or "vi")) from None
        suffix = PurePath(name).suffix.lower()
        allowed = accepted_suffixes(self.requirement)
        if suffix not in allowed or extracted.kind not in self.requirement.formats:
            raise ValidationError(
                _("Đợt học tập này chỉ nhận tệp %(kinds)s; tệp “%(name)s” không thuộc các loại này.")
                % {"kinds": ", ".join(allowed) or _("(không nhận tệp)"), "name": name}
            )
        if FILE_KINDS[suffix] != extracted.kind:
            raise ValidationError(
                _(
                    "Tệp “%(name)s” mang đuôi %(suffix)s nhưng nội dung là tệp .%(kind)s; hãy đặt lại đúng "
                    "đuôi hoặc lưu lại đúng định dạng rồi gửi lại."
                )
                % {"name": name, "suffix": suffix, "kind": extracted.kind}
            )
        text = extracted.text.replace("\r\n", "\n").replace("\r", "\n").strip()
        if len(text) > MAX_DRAFT_CHARS:
            raise ValidationError(_("Bài quá dài để nộp; hãy rút gọn rồi nộp lại."))
        # Measured now, so a too short or too long text is said before the member confirms it.
        try:
            words = check_length(text, self.requirement)
        except ValidationError as error:
            raise ValidationError(_messages(error)) from None
        self.read = ReadText(
            text=text,
            file_name=name,
            kind=extracted.kind,
            converted_from=extracted.converted_from or "",
            warnings=tuple(extracted.warnings),
            words=words,
        )
        return upload


class ConfirmForm(ServiceForm):
    """The member confirms the text read from their file; ``digest`` names the text they saw."""

    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(
        self, *args: Any, report: LearningReport, pending: ReadText | None, pending_digest: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.pending = pending
        self.pending_digest = pending_digest

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.pending is None or cleaned.get("digest") != self.pending_digest:
            # Another upload (another tab) replaced the text, or the session ended: only what was seen.
            raise ValidationError(
                _(
                    "Văn bản chờ xác nhận đã thay đổi hoặc không còn; hãy tải tệp lên lại và kiểm tra "
                    "trước khi nộp."
                )
            )
        return cleaned

    def save(self, actor: Actor) -> Submitted | None:
        read = self.pending
        assert read is not None  # clean() refused otherwise
        handed = Handed(
            text=read.text,
            source=Source.UPLOAD,
            file_name=read.file_name,
            file_kind=read.kind,
            converted_from=read.converted_from,
        )
        return self.run(lambda: submit(actor, self.report, handed))
