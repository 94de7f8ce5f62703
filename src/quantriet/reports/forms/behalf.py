"""A secretary hands in reports for members: one report (text or file), or a batch (ZIP + spreadsheet)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.core.uploads import too_large_message
from quantriet.reports.models import LearningReport, Source
from quantriet.reports.services.batch import max_file_bytes
from quantriet.reports.services.submitting import MAX_DRAFT_CHARS, Handed, Submitted, submit
from quantriet.text import ExtractionError, extract_text


class BehalfForm(ServiceForm):
    """One member's report, typed from paper or uploaded as a file (the file wins when both are given)."""

    service_fields = {"file": "file", "text": "text"}

    file = forms.FileField(
        label=gettext_lazy("Tệp bài thu hoạch (.docx, .pdf có lớp chữ, .odt, .txt)"), required=False
    )
    text = forms.CharField(
        label=gettext_lazy("Hoặc gõ, dán nội dung bài"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        max_length=MAX_DRAFT_CHARS,
    )

    def __init__(
        self, *args: Any, report: LearningReport, dropped_files: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.dropped_files = dropped_files or []

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if self.dropped_files or (upload is not None and upload.size > max_file_bytes()):
            raise forms.ValidationError(too_large_message(max_file_bytes()))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            try:
                extracted = extract_text(upload.read(), upload.name or "", max_bytes=max_file_bytes())
            except ExtractionError as error:
                self.add_error("file", error.message())
                return data
            data["handed"] = Handed(
                text=extracted.text,
                source=Source.UPLOAD,
                file_name=upload.name or "",
                file_kind=extracted.kind,
                converted_from=extracted.converted_from or "",
                on_behalf=True,
            )
        elif (data.get("text") or "").strip():
            # Typed from the member's paper: any accepted format is fine (no file kind).
            data["handed"] = Handed(text=data["text"], source=Source.BATCH, on_behalf=True)
        elif "text" not in self.errors and "file" not in self.errors:
            self.add_error("text", _("Hãy gõ, dán nội dung bài hoặc tải tệp bài lên."))
        return data

    def save(self, actor: Actor) -> Submitted | None:
        handed: Handed = self.cleaned_data["handed"]
        return self.run(lambda: submit(actor, self.report, handed))


class BatchForm(forms.Form):
    archive = forms.FileField(label=gettext_lazy("Tệp ZIP chứa các bài thu hoạch"))
    sheet = forms.FileField(
        label=gettext_lazy(
            "Bảng tính (.xlsx hoặc .csv): Tên tệp, Số thẻ đảng viên (hoặc Họ và tên và Chi bộ)"
        )
    )

    def __init__(self, *args: Any, dropped_files: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dropped_files = dropped_files or []

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.dropped_files:
            from quantriet.core.uploads import site_limit

            self.add_error(None, too_large_message(site_limit()))
        return data
