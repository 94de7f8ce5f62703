"""The meeting's and the committee's forms: one row per review (a level select and a comment or reason),
saved together by the services; a refused row keeps its message beside it and nothing is saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from quantriet.core.actors import Actor
from quantriet.core.forms import ServiceForm
from quantriet.reviews.models import LEVEL_SHORT, Level
from quantriet.reviews.selectors.meeting import MeetingRow
from quantriet.reviews.services import deciding, proposing


@dataclass(frozen=True)
class RowInputs:
    select: SafeString
    text: SafeString
    errors: list[str]


LEVEL_VALUES = [("", ""), *((value, value) for value in Level.values)]


def level_choices() -> list[tuple[str, str]]:
    """The select's options in the active language."""
    return [("", "—"), *((value, f"{LEVEL_SHORT[value]} — {label}") for value, label in Level.choices)]


def _level_field(initial: str) -> forms.ChoiceField:
    # Values only: the rows' selects are written by ``bound`` (the labels are said there once).
    return forms.ChoiceField(choices=LEVEL_VALUES, required=False, initial=initial)


class _RowsForm(ServiceForm):
    """A level and a text per rateable row; rows not rated get no field."""

    text_name = "comment"
    text_label = _("Ý kiến")

    def __init__(self, *args: Any, rows: Sequence[MeetingRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = [row for row in rows if row.refusal is None]
        self.service_fields = {}
        choices = level_choices()
        # Each of the five selected values' option lists, built once for every row.
        self.options = {
            chosen: format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                ((value, " selected" if value == chosen else "", label) for value, label in choices),
            )
            for chosen, _label in choices
        }
        self.labels = (escape(_("Mức")), escape(self.text_label))
        for row in self.rows:
            self.service_fields[row.key] = f"level_{row.key}"
            self.service_fields[f"{row.key}.reason"] = f"{self.text_name}_{row.key}"
            if not self.is_bound:
                continue  # a page shown: ``bound`` writes the inputs; fields only check what was sent
            self.fields[f"level_{row.key}"] = _level_field(self.initial_level(row))
            self.fields[f"{self.text_name}_{row.key}"] = forms.CharField(
                required=False, max_length=4000, initial=self.initial_text(row)
            )

    def initial_level(self, row: MeetingRow) -> str:
        return row.review.proposed_level

    def initial_text(self, row: MeetingRow) -> str:
        return row.review.meeting_comment

    def bound(self, row: MeetingRow) -> RowInputs:
        """The row's select and text box as HTML, built here: a page of a hundred rows rendered
        through the widgets' templates took over a second (bench/reviews_meeting.py)."""
        level_name, text_name = f"level_{row.key}", f"{self.text_name}_{row.key}"
        if self.is_bound:
            level, text = self.data.get(level_name, ""), self.data.get(text_name, "")
        else:
            level, text = self.initial_level(row), self.initial_text(row)
        options = self.options.get(level, self.options[""])
        # Plain escaping, not format_html: the names are the row's key, the labels escaped once.
        select = mark_safe(  # noqa: S308 — escaped names and label, options built by format_html_join
            f'<select name="{level_name}" id="id_{level_name}" data-quota="1" '
            f'aria-label="{self.labels[0]}">{options}</select>'
        )
        box = mark_safe(  # noqa: S308 — escaped names, label and text
            f'<textarea name="{text_name}" id="id_{text_name}" rows="2" maxlength="4000" '
            f'aria-label="{self.labels[1]}">{escape(text)}</textarea>'
        )
        errors = [*self.errors.get(level_name, []), *self.errors.get(text_name, [])] if self.is_bound else []
        return RowInputs(select, box, errors)

    def table(self, rows: Sequence[MeetingRow]) -> list[tuple[MeetingRow, RowInputs | None]]:
        """Each row with its inputs (None for a row not rated)."""
        return [(row, self.bound(row) if row.refusal is None else None) for row in rows]

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
    level = forms.ChoiceField(label=_("Mức xếp loại lại"), choices=level_choices)
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
