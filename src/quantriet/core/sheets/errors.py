"""What an import reports back: one ``RowError`` per problem, in Vietnamese, with a hint on what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class RowError:
    """One problem in the uploaded file.

    ``row`` is the row number as the spreadsheet shows it (None for a problem with the whole file);
    ``column`` is the column's header as written in the file (or the expected header when it is missing).
    ``warning`` marks something unusual rather than wrong (a probation past its term, a name typed in
    an old font): it stops the import only until the person importing confirms it.
    """

    row: int | None
    column: str
    message: str
    hint: str = ""
    warning: bool = False

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RowError:
        return cls(
            row=data.get("row"),
            column=str(data.get("column", "")),
            message=str(data.get("message", "")),
            hint=str(data.get("hint", "")),
            warning=bool(data.get("warning", False)),
        )


class ImportRejected(Exception):
    """The file cannot be imported; nothing was written.

    Carries the first ``IMPORT_MAX_ERRORS`` problems and, when there were more, one last line saying
    how many more: a file of a million bad rows must not make a million-entry job row, page or report.
    ``total`` is the number of problems found.
    """

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("; ".join(e.message for e in errors[:3]))
        self.total = len(errors)
        self.errors = capped(errors)

    @property
    def only_warnings(self) -> bool:
        """Nothing is wrong, only unusual: the import may be confirmed and run again."""
        return all(e.warning for e in self.errors)


def capped(errors: list[RowError]) -> list[RowError]:
    from quantriet.core.sheets.limits import current  # settings are read when a file is refused

    limit = current().max_errors
    if len(errors) <= limit:
        return errors
    more = len(errors) - limit
    return [
        *errors[:limit],
        RowError(
            row=None,
            column="",
            message=ngettext("… và %(n)d lỗi khác.", "… và %(n)d lỗi khác.", more) % {"n": more},
            hint=_("Hãy sửa các lỗi trên rồi tải tệp lên lại; các lỗi còn lại sẽ được liệt kê lần sau."),
            # Past the limit there may be thousands of warnings and nothing wrong: still confirmable.
            warning=all(e.warning for e in errors[limit:]),
        ),
    ]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_empty: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped_empty": self.skipped_empty,
            **self.extra,
        }
