"""The register's plausibility rules (quantriet.rules) and the legacy-font suggestion (quantriet.text)."""

from __future__ import annotations

import datetime as dt

from quantriet.rules import Finding, check_member
from quantriet.text import suggest_unicode

TODAY = dt.date(2026, 6, 1)
D = dt.date


def codes(findings: list[Finding]) -> list[tuple[str, bool]]:
    return [(f.code, f.confirmable) for f in findings]


def check(**values: object) -> list[Finding]:
    values.setdefault("full_membership_date", None)
    values.setdefault("status", None)
    return check_member(today=TODAY, **values)  # type: ignore[arg-type]


def test_a_member_born_2015_admitted_2020_is_an_error_citing_the_statute() -> None:
    findings = check(date_of_birth=D(2015, 3, 1), admission_date=D(2020, 5, 1))
    assert codes(findings) == [("admitted_under_18", False)]
    assert "5 tuổi" in findings[0].message_vi and "18 tuổi" in findings[0].message_vi
    assert findings[0].field == "admission_date"
    assert "at least 18" in findings[0].message("en")


def test_admission_on_the_eighteenth_birthday_is_fine_the_day_before_is_not() -> None:
    assert check(date_of_birth=D(2000, 2, 29), admission_date=D(2018, 3, 1)) == []
    assert codes(check(date_of_birth=D(2000, 3, 2), admission_date=D(2018, 3, 1))) == [
        ("admitted_under_18", False)
    ]


def test_dates_in_the_future_and_births_before_1900_are_errors() -> None:
    findings = check(date_of_birth=D(1899, 12, 31), admission_date=D(2027, 1, 1))
    assert codes(findings) == [("future_date", False), ("born_before_1900", False)]
    assert findings[0].field == "admission_date"


def test_full_membership_before_admission_is_an_error() -> None:
    findings = check(
        date_of_birth=D(1980, 1, 1), admission_date=D(2010, 5, 1), full_membership_date=D(2010, 4, 1)
    )
    assert codes(findings) == [("full_before_admission", False)]


def test_full_status_without_a_full_membership_date_is_a_warning() -> None:
    findings = check(date_of_birth=D(1980, 1, 1), admission_date=D(2010, 5, 1), status="full")
    assert codes(findings) == [("full_without_date", True)]
    assert "Chính thức" in findings[0].message_vi


def test_a_member_probationary_since_2020_is_overdue_but_within_twelve_months_and_grace_is_not() -> None:
    findings = check(date_of_birth=D(1990, 1, 1), admission_date=D(2020, 3, 12), status="probationary")
    assert codes(findings) == [("probation_overdue", True)]
    assert "12/03/2020" in findings[0].message_vi and "74 tháng" in findings[0].message_vi
    recent = check(date_of_birth=D(1990, 1, 1), admission_date=D(2025, 4, 1), status="probationary")
    assert recent == []


def test_unusual_but_possible_records_are_warnings() -> None:
    late = check(date_of_birth=D(1950, 1, 1), admission_date=D(2015, 1, 1))
    assert codes(late) == [("admitted_after_60", True)]
    early = check(
        date_of_birth=D(1980, 1, 1), admission_date=D(2010, 5, 1), full_membership_date=D(2010, 9, 1)
    )
    assert codes(early) == [("full_too_early", True)]
    mixed = check(
        date_of_birth=D(1980, 1, 1),
        admission_date=D(2010, 5, 1),
        full_membership_date=D(2011, 5, 1),
        status="probationary",
    )
    assert codes(mixed) == [("probationary_with_full_date", True)]


def test_an_ordinary_record_has_no_findings_and_missing_values_are_skipped() -> None:
    assert (
        check(
            date_of_birth=D(1985, 7, 9),
            admission_date=D(2012, 5, 19),
            full_membership_date=D(2013, 5, 19),
            status="full",
        )
        == []
    )
    assert check(date_of_birth=None, admission_date=None) == []


def test_a_name_garbled_by_the_tcvn3_font_is_offered_in_unicode() -> None:
    suggestion = suggest_unicode("NguyÔn V¨n Tr\u00adêng")
    assert suggestion is not None
    assert (suggestion.converted, suggestion.encoding) == ("Nguyễn Văn Trường", "TCVN3 (ABC)")
    vni = suggest_unicode("Nguyeãn Vaên Tröôøng")
    assert vni is not None and vni.converted == "Nguyễn Văn Trường" and vni.encoding == "VNI"
    capital = suggest_unicode("§ç ThÞ Hoa")
    assert capital is not None and capital.converted == "Đỗ Thị Hoa"


def test_unicode_names_and_foreign_names_are_never_offered_a_conversion() -> None:
    for name in ("Lê Hà", "Nguyễn Văn Trường", "Bé Bê", "Lò Văn Páo", "André Müller", "Kinh", "", "Ðinh Thị"):
        assert suggest_unicode(name) is None, name
