"""The meeting's and the committee's forms: one row per review (a level select and a comment or reason),
saved together by the services; a refused row keeps its message beside it and nothing is saved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.reviews.models import LEVEL_SHORT, Level
from quantriet.reviews.selectors.meeting import MeetingRow
from quantriet.reviews.services import deciding, proposing

LEVEL_CHOICES = [("", "—"), *((value, f"{LEVEL_SHORT[value]} — {label}") for value, label in Level.choices)]


def _level_field(initial: str, label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=LEVEL_CHOICES,
        required=False,
        initial=initial,
        widget=forms.Select(attrs={"data-quota": "1"}),
    )


class _RowsForm(ServiceForm):
    """A level and a text per rateable row; rows not rated get no field."""

    text_name = "comment"
    text_label = _("Ý kiến")

    def __init__(self, *args: Any, rows: Sequence[MeetingRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if row.refusal is None]
        self.service_fields = {}
        for row in self.rows:
            self.fields[f"level_{row.key}"] = _level_field(self.initial_level(row), str(_("Mức")))
            self.fields[f"{self.text_name}_{row.key}"] = forms.CharField(
                label=self.text_label,
                required=False,
                max_length=4000,
                initial=self.initial_text(row),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.service_fields[row.key] = f"level_{row.key}"
            self.service_fields[f"{row.key}.reason"] = f"{self.text_name}_{row.key}"

    def initial_level(self, row: MeetingRow) -> str:
        return row.review.proposed_level

    def initial_text(self, row: MeetingRow) -> str:
        return row.review.meeting_comment

    def bound(self, row: MeetingRow) -> tuple[forms.BoundField, forms.BoundField]:
        return self[f"level_{row.key}"], self[f"{self.text_name}_{row.key}"]

    def values(self) -> list[tuple[MeetingRow, str, str]]:
        data = self.cleaned_data
        return [
            (row, data.get(f"level_{row.key}", ""), data.get(f"{self.text_name}_{row.key}", ""))
            for row in self.rows
        ]


class MeetingForm(_RowsForm):
    """The cell meeting: a proposed level and a comment per member (and child organisation)."""

    meeting_comment = forms.CharField(
        label=_("Ý kiến chung của hội nghị"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, place: Any, remark: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.place = place
        self.fields["meeting_comment"].initial = remark

    def save(self, actor: Actor) -> list[Any] | None:
        rows = [proposing.Proposed(row.review, level, text) for row, level, text in self.values()]
        comment = self.cleaned_data.get("meeting_comment", "")
        return self.run(
            lambda: proposing.propose_many(actor, rows, place=self.place, meeting_comment=comment)
        )


class DecideForm(_RowsForm):
    """The committee's decisions: a level per review, a reason where it differs from the proposal."""

    text_name = "reason"
    text_label = _("Lý do (bắt buộc khi khác đề xuất)")

    def initial_level(self, row: MeetingRow) -> str:
        return row.review.decided_level or row.review.proposed_level

    def initial_text(self, row: MeetingRow) -> str:
        return row.review.decision_reason if row.review.decided_level else ""

    def save(self, actor: Actor) -> list[Any] | None:
        rows = [deciding.Decided(row.review, level, text) for row, level, text in self.values()]
        return self.run(lambda: deciding.decide_many(actor, rows))


class CancelForm(ServiceForm):
    reason = forms.CharField(
        label=_("Lý do hủy kết quả"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, review: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review

    def save(self, actor: Actor) -> Any:
        return self.run(
            lambda: deciding.cancel_decision(actor, self.review, reason=self.cleaned_data["reason"])
        )


class RerateForm(ServiceForm):
    level = forms.ChoiceField(label=_("Mức xếp loại lại"), choices=LEVEL_CHOICES[1:])
    reason = forms.CharField(
        label=_("Lý do xếp loại lại"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, review: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review = review

    def save(self, actor: Actor) -> Any:
        data = self.cleaned_data
        return self.run(
            lambda: deciding.rerate(actor, self.review, level=data["level"], reason=data["reason"])
        )
