"""The organisers' forms: the requirement of a campaign, and a text for the reference library."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quantriet.campaigns.models import MEMBER_CATEGORIES, Campaign, Category
from quantriet.core.actors import Actor
from quantriet.core.forms import DateField, ServiceForm
from quantriet.core.uploads import too_large_message
from quantriet.orgs.models import Unit
from quantriet.reports.models import Format, LatePolicy, LibraryText, Requirement, Writers
from quantriet.reports.services import library
from quantriet.reports.services.batch import max_file_bytes
from quantriet.reports.services.organising import publish_requirement
from quantriet.reports.services.requirements import MAX_WORDS_LIMIT, RequirementFields
from quantriet.text import ExtractionError, extract_text


class RequirementForm(ServiceForm):
    writers = forms.ChoiceField(
        label=gettext_lazy("Ai phải viết"), choices=Writers.choices, widget=forms.RadioSelect
    )
    categories = forms.MultipleChoiceField(
        label=gettext_lazy("Các đối tượng phải viết (khi chọn “các đối tượng được chọn”)"),
        choices=[(c.value, c.label) for c in Category if c in MEMBER_CATEGORIES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    deadline = DateField(label=gettext_lazy("Hạn nộp bài thu hoạch"))
    guidance = forms.CharField(
        label=gettext_lazy("Gợi ý nội dung, mỗi dòng một câu hỏi hoặc một đề mục"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=10_000,
    )
    min_words = forms.IntegerField(
        label=gettext_lazy("Số chữ tối thiểu"), min_value=1, max_value=MAX_WORDS_LIMIT
    )
    max_words = forms.IntegerField(
        label=gettext_lazy("Số chữ tối đa"), min_value=1, max_value=MAX_WORDS_LIMIT
    )
    formats = forms.MultipleChoiceField(
        label=gettext_lazy("Hình thức nộp"), choices=Format.choices, widget=forms.CheckboxSelectMultiple
    )
    late_policy = forms.ChoiceField(
        label=gettext_lazy("Bài nộp sau hạn"), choices=LatePolicy.choices, widget=forms.RadioSelect
    )
    answer_days = forms.IntegerField(
        label=gettext_lazy("Số ngày để đảng viên giải trình khi có vụ việc"), min_value=1, max_value=60
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign

    @staticmethod
    def initial_for(campaign: Campaign, requirement: Requirement | None) -> dict[str, Any]:
        if requirement is None:
            return {
                "writers": Writers.AUDIENCE,
                "deadline": campaign.report_deadline,
                "min_words": 300,
                "max_words": 5000,
                "formats": [f.value for f in Format],
                "late_policy": LatePolicy.MARK,
                "answer_days": 7,
            }
        return {
            "writers": requirement.writers,
            "categories": requirement.categories,
            "deadline": requirement.deadline,
            "guidance": requirement.guidance,
            "min_words": requirement.min_words,
            "max_words": requirement.max_words,
            "formats": requirement.formats,
            "late_policy": requirement.late_policy,
            "answer_days": requirement.answer_days,
        }

    def save(self, actor: Actor) -> Requirement | None:
        data = self.cleaned_data
        guidance = "\n".join(line.strip() for line in data.get("guidance", "").splitlines() if line.strip())
        fields = RequirementFields(
            writers=data["writers"],
            categories=list(data.get("categories") or []) if data["writers"] == Writers.CATEGORIES else [],
            deadline=data["deadline"],
            guidance=guidance,
            min_words=data["min_words"],
            max_words=data["max_words"],
            formats=list(data["formats"]),
            late_policy=data["late_policy"],
            answer_days=data["answer_days"],
        )
        return self.run(lambda: publish_requirement(actor, self.campaign, fields))


class LibraryTextForm(ServiceForm):
    """A reference text: pasted, or read from an uploaded file (the file wins when both are given)."""

    unit = forms.ModelChoiceField(label=gettext_lazy("Thư viện của đơn vị"), queryset=Unit.objects.none())
    title = forms.CharField(label=gettext_lazy("Tên tài liệu"), max_length=300)
    origin = forms.CharField(
        label=gettext_lazy("Nguồn (địa chỉ trang web, tên sách, báo)"), max_length=500, required=False
    )
    file = forms.FileField(label=gettext_lazy("Tệp (.docx, .pdf có lớp chữ, .odt, .txt)"), required=False)
    text = forms.CharField(
        label=gettext_lazy("Hoặc dán nội dung"),
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=library.MAX_TEXT_CHARS,
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit],
        campaign: Campaign | None,
        dropped_files: list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.dropped_files = dropped_files or []
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = units
        if campaign is not None:
            del self.fields["unit"]

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
            data["text"] = extracted.text
            data["file_name"] = upload.name or ""
        elif not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Hãy dán nội dung tài liệu hoặc tải tệp lên."))
        return data

    def save(self, actor: Actor) -> LibraryText | None:
        data = self.cleaned_data
        unit = self.campaign.organising_unit if self.campaign is not None else data["unit"]
        return self.run(
            lambda: library.add_text(
                actor,
                unit=unit,
                campaign=self.campaign,
                title=data["title"],
                origin=data.get("origin") or "",
                text=data["text"],
                file_name=data.get("file_name", ""),
            )
        )
