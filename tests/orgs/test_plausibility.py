"""The register's plausibility rules (quantriet.rules) and the legacy-font suggestion (quantriet.text)."""

from __future__ import annotations

import datetime as dt

from quantriet.orgs.models import Member
from quantriet.rules import Finding, check_member
from quantriet.text import suggest_unicode
from tests.conftest import World, make_member

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


# --- the member form ---------------------------------------------------------------------------


def _form(**changes: str) -> dict[str, str]:
    data = {
        "full_name": "Đinh Thị Mai",
        "date_of_birth": "17/05/1990",
        "sex": "female",
        "admission_date": "02/03/2015",
        "full_membership_date": "02/03/2016",
        "card_number": "",
        "status": "full",
        "placed_since": "",
    }
    return {**data, **changes}


def _confirm_value(page: str) -> str:
    marker = 'name="confirm_warnings" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_the_member_form_refuses_a_member_born_2015_admitted_2020_on_the_admission_date(world: World) -> None:
    client = world.client_for(world.alice)
    url = f"/units/{world.xa1.pk}/members/new/"
    response = client.post(url, _form(date_of_birth="01/03/2015", admission_date="01/05/2020"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "khi mới 5 tuổi" in page and "phải đủ 18 tuổi" in page
    assert "Tôi đã kiểm tra, vẫn lưu" not in page  # nothing to confirm: an error
    assert not Member.objects.filter(full_name="Đinh Thị Mai").exists()


def test_the_member_form_warns_of_chinh_thuc_without_a_date_and_saves_once_confirmed(world: World) -> None:
    client = world.client_for(world.alice)
    url = f"/units/{world.xa1.pk}/members/new/"
    data = _form(full_membership_date="")
    page = client.post(url, data).content.decode()
    assert "Tình trạng là “Chính thức” nhưng chưa có ngày chính thức" in page
    assert "Tôi đã kiểm tra, vẫn lưu" in page
    assert not Member.objects.filter(full_name="Đinh Thị Mai").exists()
    response = client.post(url, {**data, "confirm_warnings": _confirm_value(page)})
    assert response.status_code == 302
    assert Member.objects.get(full_name="Đinh Thị Mai").full_membership_date is None


def test_the_member_form_warns_of_a_probation_since_2020(world: World) -> None:
    client = world.client_for(world.alice)
    data = _form(status="probationary", admission_date="12/03/2020", full_membership_date="")
    page = client.post(f"/units/{world.xa1.pk}/members/new/", data).content.decode()
    assert "Đảng viên dự bị từ 12/03/2020" in page and "quá thời hạn dự bị 12 tháng" in page


def test_a_name_typed_in_a_legacy_font_is_offered_in_unicode_and_accepted_in_one_click(world: World) -> None:
    client = world.client_for(world.alice)
    url = f"/units/{world.xa1.pk}/members/new/"
    data = _form(full_name="NguyÔn V¨n Tr\u00adêng", sex="male")
    page = client.post(url, data).content.decode()
    assert "Có phải là: Nguyễn Văn Trường?" in page
    assert 'name="use_suggestion" value="full_name"' in page
    assert not Member.objects.filter(name_folded="nguyen van truong").exists()
    response = client.post(url, {**data, "use_suggestion": "full_name"})
    assert response.status_code == 302
    assert Member.objects.get(name_folded="nguyen van truong").full_name == "Nguyễn Văn Trường"


def test_editing_the_card_number_of_an_old_probationary_record_asks_nothing(world: World) -> None:
    member = make_member(world.xa1, "Trịnh Văn Long", None, status="probationary", full_membership_date=None)
    response = world.client_for(world.alice).post(
        f"/members/{member.pk}/edit/",
        {
            "full_name": "Trịnh Văn Long",
            "date_of_birth": "17/05/1985",
            "sex": "male",
            "admission_date": "02/03/2010",
            "full_membership_date": "",
            "card_number": "60000009",
        },
    )
    assert response.status_code == 302


def test_the_personal_page_tells_staff_what_to_check_in_the_record(world: World) -> None:
    member = make_member(world.xa1, "Trịnh Văn Long", None, status="probationary", full_membership_date=None)
    page = world.client_for(world.alice).get(f"/members/{member.pk}/").content.decode()
    assert "Hồ sơ cần kiểm tra:" in page and "Đảng viên dự bị từ 02/03/2010" in page
    ordinary = world.client_for(world.alice).get(f"/members/{world.m_xa1.pk}/").content.decode()
    assert "Hồ sơ cần kiểm tra:" not in ordinary
