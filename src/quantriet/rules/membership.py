"""Is a member record plausible? Errors for what cannot be, warnings for what is rare but possible.

Errors (the record is refused):

* a date in the future; a birth year before 1900;
* admission before the age of 18 — the Party Statute (Article 1) admits citizens "from eighteen";
* full membership before admission.

Warnings (the person who enters the record may confirm it, since each has real exceptions):

* probationary for longer than the statute's 12 months and a grace period for the cell's decision
  (recognition can be late, or a probationary member may be under discipline);
* status "Chính thức" with no full-membership date (old records often lack it);
* a full-membership date but the status still "Dự bị";
* full membership earlier than 12 months after admission (older statutes had shorter periods);
* admission after the age of 60 (possible, but rare: it needs the higher committee's decision).

Status values are the register's codes: ``"probationary"`` and ``"full"``; other statuses
(suspended, transferred, …) skip the status checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = [
    "ADMISSION_MIN_AGE",
    "EARLIEST_BIRTH",
    "LATE_ADMISSION_AGE",
    "PROBATION_GRACE_DAYS",
    "PROBATION_MONTHS",
    "Finding",
    "check_member",
]

ADMISSION_MIN_AGE = 18
LATE_ADMISSION_AGE = 60
PROBATION_MONTHS = 12
# The cell decides on full membership within 30 working days of the probation's end; its decision
# then goes up for approval. Three months covers both before a probation counts as overdue.
PROBATION_GRACE_DAYS = 90
# A full-membership date a week early is a date typed from memory, not a shorter probation.
EARLY_FULL_TOLERANCE_DAYS = 7
EARLIEST_BIRTH = dt.date(1900, 1, 1)

PROBATIONARY = "probationary"
FULL = "full"


@dataclass(frozen=True)
class Finding:
    """One thing wrong or unusual in a member record.

    Attributes:
        code: a stable name for the rule ("admitted_under_18", "probation_overdue", …).
        field: the record's field the finding is about ("date_of_birth", "admission_date",
            "full_membership_date", "status").
        confirmable: False for an error (the record cannot be saved as it is), True for a warning a
            person may confirm.
        message_vi: a whole Vietnamese sentence saying what is wrong and what to check.
        message_en: the same in English.
    """

    code: str
    field: str
    confirmable: bool
    message_vi: str
    message_en: str

    def message(self, language: str = "vi") -> str:
        """The message in ``language`` ("vi", "en", "en-us"…); Vietnamese unless English is asked for."""
        return self.message_en if language.lower().startswith("en") else self.message_vi


def _age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    # 29 February plus a year, 31 March plus a month: the last day of the shorter month.
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def check_member(
    *,
    date_of_birth: dt.date | None,
    admission_date: dt.date | None,
    full_membership_date: dt.date | None = None,
    status: str | None = None,
    today: dt.date,
) -> list[Finding]:
    """Check one member record's dates and status; errors first, then warnings.

    Missing values are not findings here (whether a field is required is the form's business); each
    rule runs when the values it needs are there. At most one finding per rule.
    """
    errors: list[Finding] = []
    warnings: list[Finding] = []
    future = set()
    for field, day, vi, en in (
        ("date_of_birth", date_of_birth, "Ngày sinh", "The date of birth"),
        ("admission_date", admission_date, "Ngày vào Đảng", "The admission date"),
        ("full_membership_date", full_membership_date, "Ngày chính thức", "The full-membership date"),
    ):
        if day is not None and day > today:
            future.add(field)
            errors.append(
                Finding(
                    "future_date",
                    field,
                    False,
                    f"{vi} {_d(day)} ở tương lai; hãy kiểm tra lại ngày, tháng, năm.",
                    f"{en} {_d(day)} is in the future; please check the day, month and year.",
                )
            )
    if date_of_birth is not None and date_of_birth < EARLIEST_BIRTH:
        errors.append(
            Finding(
                "born_before_1900",
                "date_of_birth",
                False,
                f"Năm sinh {date_of_birth.year} trước năm 1900; hãy kiểm tra lại năm sinh.",
                f"The year of birth {date_of_birth.year} is before 1900; please check it.",
            )
        )
    if date_of_birth is not None and admission_date is not None and "admission_date" not in future:
        age = _age_on(date_of_birth, admission_date)
        if age < ADMISSION_MIN_AGE:
            errors.append(
                Finding(
                    "admitted_under_18",
                    "admission_date",
                    False,
                    f"Ngày vào Đảng {_d(admission_date)} khi mới {max(age, 0)} tuổi "
                    f"(sinh {_d(date_of_birth)}); Điều lệ Đảng quy định người vào Đảng phải đủ "
                    f"{ADMISSION_MIN_AGE} tuổi. Hãy kiểm tra lại ngày sinh và ngày vào Đảng.",
                    f"Admitted on {_d(admission_date)} at the age of {max(age, 0)} "
                    f"(born {_d(date_of_birth)}); the Party Statute requires members to be at least "
                    f"{ADMISSION_MIN_AGE}. Please check the date of birth and the admission date.",
                )
            )
        elif age >= LATE_ADMISSION_AGE:
            warnings.append(
                Finding(
                    "admitted_after_60",
                    "admission_date",
                    True,
                    f"Vào Đảng khi đã {age} tuổi; việc kết nạp người trên {LATE_ADMISSION_AGE} tuổi "
                    "rất hiếm, hãy kiểm tra lại ngày sinh và ngày vào Đảng.",
                    f"Admitted at the age of {age}; admitting someone over {LATE_ADMISSION_AGE} is rare, "
                    "please check the date of birth and the admission date.",
                )
            )
    if admission_date is not None and full_membership_date is not None:
        if full_membership_date < admission_date:
            errors.append(
                Finding(
                    "full_before_admission",
                    "full_membership_date",
                    False,
                    f"Ngày chính thức {_d(full_membership_date)} trước ngày vào Đảng {_d(admission_date)}; "
                    "hãy kiểm tra lại hai ngày này.",
                    f"The full-membership date {_d(full_membership_date)} is before the admission date "
                    f"{_d(admission_date)}; please check both dates.",
                )
            )
        elif full_membership_date < _add_months(admission_date, PROBATION_MONTHS) - dt.timedelta(
            days=EARLY_FULL_TOLERANCE_DAYS
        ):
            warnings.append(
                Finding(
                    "full_too_early",
                    "full_membership_date",
                    True,
                    f"Ngày chính thức {_d(full_membership_date)} chưa đủ {PROBATION_MONTHS} tháng dự bị "
                    f"kể từ ngày vào Đảng {_d(admission_date)}; hãy kiểm tra lại hai ngày này.",
                    f"The full-membership date {_d(full_membership_date)} is less than {PROBATION_MONTHS} "
                    f"months of probation after the admission date {_d(admission_date)}; please check both.",
                )
            )
    if status == FULL and full_membership_date is None:
        warnings.append(
            Finding(
                "full_without_date",
                "full_membership_date",
                True,
                "Tình trạng là “Chính thức” nhưng chưa có ngày chính thức; hãy ghi ngày chính thức theo "
                "quyết định công nhận đảng viên chính thức.",
                "The status is “Full” but there is no full-membership date; please enter the date of the "
                "decision recognising full membership.",
            )
        )
    if status == PROBATIONARY and full_membership_date is not None and "full_membership_date" not in future:
        warnings.append(
            Finding(
                "probationary_with_full_date",
                "status",
                True,
                f"Đã có ngày chính thức {_d(full_membership_date)} nhưng tình trạng vẫn là “Dự bị”; hãy "
                "kiểm tra lại tình trạng hoặc ngày chính thức.",
                f"There is a full-membership date {_d(full_membership_date)} but the status is still "
                "“Probationary”; please check the status or the date.",
            )
        )
    if status == PROBATIONARY and full_membership_date is None and admission_date is not None:
        due = _add_months(admission_date, PROBATION_MONTHS)
        if today > due + dt.timedelta(days=PROBATION_GRACE_DAYS):
            months = (today.year - admission_date.year) * 12 + today.month - admission_date.month
            months -= today.day < admission_date.day
            warnings.append(
                Finding(
                    "probation_overdue",
                    "status",
                    True,
                    f"Đảng viên dự bị từ {_d(admission_date)}, đã {months} tháng, quá thời hạn dự bị "
                    f"{PROBATION_MONTHS} tháng; hãy xét công nhận chính thức (và ghi ngày chính thức) hoặc "
                    "kiểm tra lại ngày vào Đảng.",
                    f"Probationary since {_d(admission_date)}, {months} months, beyond the "
                    f"{PROBATION_MONTHS}-month probation; please consider full membership (and enter its "
                    "date) or check the admission date.",
                )
            )
    return errors + warnings
