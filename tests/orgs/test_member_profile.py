"""The party member profile: entered in the form, checked in one place, corrected, imported and exported."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from quantriet.orgs.models import AuditEntry, CorrectionRequest, Member
from quantriet.orgs.profile import Ethnicity, normalise_id_number, normalise_phone
from quantriet.site.demo.profiles import invent_profile
from tests.conftest import World
from tests.orgs.import_fixtures import MEMBER_HEADER, member, run_cli, write_xlsx

ROLL = {
    "full_name": "Trần Thị Bình",
    "date_of_birth": "17/05/1985",
    "sex": "female",
    "admission_date": "02/03/2010",
    "full_membership_date": "02/03/2011",
    "card_number": "10000002",
}
PROFILE = {
    "hometown": "Xã An Hòa, tỉnh Sông Lam",
    "ethnicity": "03",
    "religion": "buddhism",
    "education": "12/12",
    "specialty": "Kỹ sư nông nghiệp",
    "political_theory": "intermediate",
    "occupation": "Viên chức",
    "id_number": "036 185 001 234",
    "phone": "+84 912 345 678",
    "email": "Binh@Example.vn",
}


def test_organisation_staff_fill_the_profile_and_cccd_and_phone_are_stored_in_one_spelling(
    world: World,
) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(f"/members/{world.m_xa2.pk}/edit/", {**ROLL, **PROFILE})
    assert response.status_code == 302, response.content.decode()
    found = Member.objects.get(pk=world.m_xa2.pk)
    assert (found.id_number, found.phone, found.email) == ("036185001234", "0912345678", "binh@example.vn")
    assert (found.ethnicity, found.religion, found.political_theory) == ("03", "buddhism", "intermediate")
    assert found.hometown == "Xã An Hòa, tỉnh Sông Lam"


def test_the_audit_trail_records_that_a_sensitive_field_changed_but_never_its_value(world: World) -> None:
    world.client_for(world.alice).post(f"/members/{world.m_xa2.pk}/edit/", {**ROLL, **PROFILE})
    entry = AuditEntry.objects.filter(action="member.update", target_id=str(world.m_xa2.pk)).get()
    assert entry.changes["id_number"] == [None, "***"]
    assert entry.changes["phone"] == ["", "***"]
    assert entry.changes["hometown"] == ["", "Xã An Hòa, tỉnh Sông Lam"]
    assert "036185001234" not in str(entry.changes) and "0912345678" not in str(entry.changes)


def test_a_wrong_cccd_or_phone_is_refused_in_vietnamese_and_nothing_is_saved(world: World) -> None:
    alice = world.client_for(world.alice)
    response = alice.post(
        f"/members/{world.m_xa2.pk}/edit/", {**ROLL, **PROFILE, "id_number": "12345", "phone": "0212345678"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Số CCCD gồm đúng 12 chữ số" in page and "Số điện thoại di động gồm 10 chữ số" in page
    assert 'value="Kỹ sư nông nghiệp"' in page  # what was typed stays in the form
    assert Member.objects.get(pk=world.m_xa2.pk).hometown == ""


def test_a_cccd_already_in_another_record_is_refused(world: World) -> None:
    alice = world.client_for(world.alice)
    alice.post(f"/members/{world.m_xa2.pk}/edit/", {**ROLL, **PROFILE})
    other = {**ROLL, "full_name": "Nguyễn Văn An", "sex": "male", "card_number": "10000001"}
    response = alice.post(f"/members/{world.m_xa1.pk}/edit/", {**other, "id_number": "036185001234"})
    assert "Số CCCD này đã có trong hồ sơ của đảng viên Trần Thị Bình" in response.content.decode()
    assert Member.objects.get(pk=world.m_xa1.pk).id_number is None


def test_the_one_place_that_checks_cccd_and_phone_numbers() -> None:
    assert normalise_id_number("036.185.001.234") == "036185001234"
    assert normalise_id_number("") is None
    for wrong in ("03618500123", "0361850012345", "03618500123A"):
        try:
            normalise_id_number(wrong)
        except ValueError:
            continue
        raise AssertionError(wrong)
    assert normalise_phone("(+84) 98-765-4321") == "0987654321"
    assert normalise_phone("0084 345 678 901") == "0345678901"
    for wrong in ("0243 825 1234", "091234567", "1900 1234"):
        try:
            normalise_phone(wrong)
        except ValueError:
            continue
        raise AssertionError(wrong)
    assert len(Ethnicity.choices) == 54 and Ethnicity("01").label == "Kinh"


def test_a_member_asks_to_correct_their_ethnicity_in_words_and_staff_accept_it(world: World) -> None:
    dave = world.client_for(world.dave)
    response = dave.post(
        "/me/corrections/",
        {"field": "ethnicity", "proposed_value": "H'Mông", "reason": "Theo giấy khai sinh"},
    )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert correction.proposed_value == "08"
    assert "Mông" in dave.get("/me/corrections/").content.decode()
    alice = world.client_for(world.alice)
    alice.post(f"/members/corrections/{correction.pk}/", {"decision": "accept", "decision_note": ""})
    assert Member.objects.get(pk=world.m_dave.pk).ethnicity == "08"


def test_a_member_cannot_ask_for_an_ethnicity_outside_the_list(world: World) -> None:
    dave = world.client_for(world.dave)
    response = dave.post(
        "/me/corrections/",
        {"field": "ethnicity", "proposed_value": "Sao Hỏa", "reason": "Theo giấy khai sinh"},
    )
    assert "không có trong danh sách" in response.content.decode()
    assert not CorrectionRequest.objects.exists()


PROFILE_HEADER = [*MEMBER_HEADER, "Quê quán", "Dân tộc", "Tôn giáo", "Trình độ học vấn", "Lý luận chính trị"]


def test_an_import_reads_the_profile_columns_in_the_words_offices_write(world: World, tmp_path: Path) -> None:
    rows = [
        [
            *member("Phạm Thị Hoa", "05/09/1980", "Nữ", "03/02/2005", "03/02/2006", "20000001", "XA1"),
            "Xã Bình Minh",
            "Tày",
            "Không",
            "12/12",
            "Sơ cấp",
            "036180000001",
            912345678,
        ],
    ]
    header = [*PROFILE_HEADER, "Số CCCD", "Số điện thoại"]
    path = write_xlsx(tmp_path / "ds.xlsx", rows, header=header)
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status == 0, out
    hoa = Member.objects.get(card_number="20000001")
    assert (hoa.hometown, hoa.ethnicity, hoa.religion, hoa.education) == (
        "Xã Bình Minh",
        "02",
        "none",
        "12/12",
    )
    assert (hoa.political_theory, hoa.id_number, hoa.phone) == ("elementary", "036180000001", "0912345678")


def test_an_import_names_the_row_and_column_of_a_wrong_cccd_and_writes_nothing(
    world: World, tmp_path: Path
) -> None:
    rows = [
        [*member("Phạm Thị Hoa", "05/09/1980", "Nữ", "03/02/2005", "03/02/2006", "20000001", "XA1"), "123"],
        [*member("Vũ Văn Khánh", "05/09/1981", "Nam", "03/02/2005", "03/02/2006", "20000002", "XA1"), "Kinh"],
    ]
    path = write_xlsx(tmp_path / "ds.xlsx", rows, header=[*MEMBER_HEADER, "Số CCCD"])
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status != 0
    assert "Số CCCD gồm đúng 12 chữ số" in out
    assert not Member.objects.filter(card_number__in=["20000001", "20000002"]).exists()


def _export_rows(response: Any) -> list[tuple[Any, ...]]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def test_an_export_with_the_sensitive_columns_imports_again_unchanged(world: World, tmp_path: Path) -> None:
    alice = world.client_for(world.alice)
    alice.post(f"/members/{world.m_xa2.pk}/edit/", {**ROLL, **PROFILE})
    response = alice.get("/members/export.xlsx", {"unit": str(world.xa.pk), "purpose": "verify"})
    path = tmp_path / "export.xlsx"
    path.write_bytes(b"".join(getattr(response, "streaming_content")))  # noqa: B009 -- a file response
    before = list(Member.objects.order_by("pk").values())
    status, out = run_cli("import", "members", str(path), "--scope", "XA", "--as", "alice")
    assert status == 0, out
    assert "thêm 0, cập nhật 0" in out
    assert list(Member.objects.order_by("pk").values()) == before


def test_the_demo_profiles_pass_the_registers_own_checks() -> None:
    import datetime as dt

    for card in ("10000001", "55555555", "98765432"):
        profile = invent_profile(card, "female", dt.date(1990, 1, 1))
        assert normalise_id_number(profile["id_number"]) == profile["id_number"]
        assert profile["id_number"].startswith("0991")
        assert profile["phone"] == "" or normalise_phone(profile["phone"]) == profile["phone"]
        assert profile["ethnicity"] in Ethnicity.values
