"""Sensitive profile fields (CCCD, ethnicity, religion, phone, photo): who reads them, and every read logged
with its purpose (decree 13/2023/NĐ-CP) — on the personal page, the photo, the export and the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db.models import Q
from openpyxl import load_workbook

from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, Member, MemberPhoto, Role
from tests.conftest import World

CCCD = "036185001234"
PHONE = "0912345678"
# A 1x1 PNG and a JPEG's first bytes: enough for the magic-byte check.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def profiled(world: World) -> World:
    """Dave's record (XA2) holds a CCCD, a phone, an ethnicity, a religion and a photo."""
    services.update_member(
        None,
        world.m_dave,
        id_number=CCCD,
        phone=PHONE,
        ethnicity="08",
        religion="catholic",
        hometown="Bản Mù",
    )
    MemberPhoto.objects.create(
        member=world.m_dave, content_type="image/png", data=PNG, size=len(PNG), digest="x"
    )
    return world


def _sensitive_logs(member: Member) -> list[AccessLog]:
    """Reads of sensitive fields: the log names the purpose ("Thông tin nhạy cảm — …", "Ảnh — …")."""
    found = AccessLog.objects.filter(
        Q(detail__contains="Thông tin nhạy cảm —") | Q(detail__startswith="Ảnh —")
    )
    return list(found.filter(member=member).order_by("id"))


def _inspector(world: World) -> User:
    user = User.objects.create_user("ian", "ian@example.org", "x")
    services.grant_role(None, user, world.xa, Role.INSPECTION)
    return user


def test_organisation_staff_see_no_sensitive_field_until_they_state_a_purpose(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    page = alice.get(f"/members/{profiled.m_dave.pk}/").content.decode()
    assert "Bản Mù" in page  # the profile's other fields are there
    for secret in (CCCD, PHONE, "Mông", "Công giáo", "/photo/?"):
        assert secret not in page
    assert "Xem thông tin nhạy cảm" in page and 'name="purpose"' in page
    assert not _sensitive_logs(profiled.m_dave)


def test_stating_a_purpose_shows_them_and_logs_the_read_with_that_purpose(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    response = alice.post(
        f"/members/{profiled.m_dave.pk}/sensitive/", {"purpose": "transfer", "note": "hồ sơ chuyển đi"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    for secret in (
        CCCD,
        PHONE,
        "Mông",
        "Công giáo",
        f"/members/{profiled.m_dave.pk}/photo/?purpose=transfer",
    ):
        assert secret in page
    [log] = _sensitive_logs(profiled.m_dave)
    assert log.user == profiled.alice and log.channel == "page"
    assert log.detail == "Thông tin nhạy cảm — Chuyển sinh hoạt đảng: hồ sơ chuyển đi"


def test_no_purpose_or_other_without_a_note_reveals_nothing(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    for body in ({}, {"purpose": "other"}, {"purpose": "curiosity"}):
        response = alice.post(f"/members/{profiled.m_dave.pk}/sensitive/", body)
        assert response.status_code == 400
        assert CCCD not in response.content.decode()
    assert not _sensitive_logs(profiled.m_dave)


@pytest.mark.parametrize("who", ["bob", "inspector", "charlie"])
def test_those_without_the_right_never_receive_a_sensitive_field(profiled: World, who: str) -> None:
    """Bob is secretary of the sibling cell XA1, the inspector sits at the commune, charlie elsewhere."""
    user = _inspector(profiled) if who == "inspector" else getattr(profiled, who)
    client = profiled.client_for(user)
    member = profiled.m_dave
    if who == "bob":  # a secretary reads the personal pages of his own subtree only: move Dave there
        services.transfer_member(None, member, profiled.xa1, date=member.admission_date.replace(year=2024))
    answers = [
        client.get(f"/members/{member.pk}/"),
        client.post(f"/members/{member.pk}/sensitive/", {"purpose": "verify"}),
        client.get(f"/members/{member.pk}/photo/", {"purpose": "verify"}),
        client.get(f"/members/{member.pk}/edit/"),
        client.get(f"/api/v1/members/{member.pk}/", {"purpose": "verify"}),
        client.get("/members/export.xlsx", {"unit": str(member.unit_id), "purpose": "verify"}),
    ]
    for answer in answers:
        answered: Any = answer
        body = b"".join(answered.streaming_content) if answered.streaming else answered.content
        assert CCCD.encode() not in body and PHONE.encode() not in body and PNG not in body
        assert "Mông".encode() not in body and "Công giáo".encode() not in body
    assert not _sensitive_logs(member)


def test_the_member_reads_their_own_record_whole_without_stating_a_purpose(profiled: World) -> None:
    dave = profiled.client_for(profiled.dave)
    page = dave.get("/me/").content.decode()
    for secret in (CCCD, PHONE, "Mông", "Công giáo"):
        assert secret in page
    photo = dave.get(f"/members/{profiled.m_dave.pk}/photo/")
    assert photo.status_code == 200 and photo.content == PNG
    api = dave.get(f"/api/v1/members/{profiled.m_dave.pk}/").json()
    assert api["id_number"] == CCCD and api["phone"] == PHONE and api["has_photo"] is True


def test_the_photo_is_served_only_for_a_purpose_as_an_image_that_cannot_be_sniffed(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    url = f"/members/{profiled.m_dave.pk}/photo/"
    without_purpose = alice.get(url, follow=True)  # back to the record, whose form asks the purpose
    assert without_purpose.redirect_chain[-1][0] == f"/members/{profiled.m_dave.pk}/"
    assert "Hãy cho biết mục đích xem ảnh." in without_purpose.content.decode()
    assert not _sensitive_logs(profiled.m_dave)
    response = alice.get(url, {"purpose": "personnel"})
    assert response.status_code == 200 and response.content == PNG
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    [log] = _sensitive_logs(profiled.m_dave)
    assert log.detail == "Ảnh — Công tác cán bộ, đảng viên"


def test_staff_upload_a_photo_and_anything_but_an_image_is_refused(world: World) -> None:
    alice = world.client_for(world.alice)
    url = f"/members/{world.m_xa2.pk}/photo/edit/"
    html = io.BytesIO(b"<html><script>alert(1)</script></html>")
    html.name = "anh.jpg"
    response = alice.post(url, {"photo": html})
    assert "Tệp không phải ảnh JPEG, PNG hoặc WebP." in response.content.decode()
    assert not MemberPhoto.objects.exists()
    png = io.BytesIO(PNG)
    png.name = "anh.png"
    assert alice.post(url, {"photo": png}).status_code == 302
    assert bytes(MemberPhoto.objects.get(member=world.m_xa2).data) == PNG
    assert alice.post(url, {"remove": "on"}).status_code == 302
    assert not MemberPhoto.objects.exists()


def test_opening_the_edit_form_is_a_read_logged_for_updating_the_record(profiled: World) -> None:
    page = profiled.client_for(profiled.alice).get(f"/members/{profiled.m_dave.pk}/edit/").content.decode()
    assert CCCD in page
    [log] = _sensitive_logs(profiled.m_dave)
    assert log.detail == "Thông tin nhạy cảm — Cập nhật hồ sơ"


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    return list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )


def test_an_export_has_the_sensitive_columns_only_for_a_purpose_and_its_log_says_which(
    profiled: World,
) -> None:
    alice = profiled.client_for(profiled.alice)
    plain = _sheet(alice.get("/members/export.xlsx", {"unit": profiled.xa.pk}))
    assert "Số CCCD" not in plain[2] and "Dân tộc" not in plain[2] and "Quê quán" in plain[2]
    assert CCCD not in str(plain)
    log = AccessLog.objects.filter(member=profiled.m_dave, channel="export").get()
    assert log.detail.endswith("không kèm thông tin nhạy cảm")
    full = _sheet(alice.get("/members/export.xlsx", {"unit": str(profiled.xa.pk), "purpose": "verify"}))
    header = list(full[2])
    dave = next(row for row in full[3:] if row[0] == "Đặng Văn Dũng")
    assert dave[header.index("Số CCCD")] == CCCD and dave[header.index("Dân tộc")] == "Mông"
    assert dave[header.index("Điện thoại")] == PHONE and dave[header.index("Tôn giáo")] == "Công giáo"
    latest = AccessLog.objects.filter(member=profiled.m_dave, channel="export").order_by("-id").first()
    assert latest is not None and latest.detail.endswith("kèm Thông tin nhạy cảm — Xác minh, đối chiếu hồ sơ")


def test_the_api_sends_sensitive_fields_only_for_a_purpose_and_logs_it(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    url = f"/api/v1/members/{profiled.m_dave.pk}/"
    plain = alice.get(url).json()
    assert plain["hometown"] == "Bản Mù" and "id_number" not in plain and "ethnicity" not in plain
    full = alice.get(url, {"purpose": "contact"}).json()
    assert (full["id_number"], full["phone"], full["ethnicity"], full["religion"]) == (
        CCCD,
        PHONE,
        "08",
        "catholic",
    )
    [log] = _sensitive_logs(profiled.m_dave)
    assert log.channel == "api" and log.detail == "Thông tin nhạy cảm — Liên hệ với đảng viên"


def test_the_member_sees_who_read_their_sensitive_fields_and_for_what(profiled: World) -> None:
    alice = profiled.client_for(profiled.alice)
    alice.post(f"/members/{profiled.m_dave.pk}/sensitive/", {"purpose": "other", "note": "xét kết nạp con"})
    reads = profiled.client_for(profiled.dave).get("/me/reads/").content.decode()
    assert "Thông tin nhạy cảm — Mục đích khác (ghi rõ): xét kết nạp con" in reads


def test_the_api_writes_the_profile_and_only_those_allowed_write_sensitive_fields(world: World) -> None:
    url = f"/api/v1/members/{world.m_xa1.pk}/"
    alice = world.client_for(world.alice)
    body = {"hometown": "Thôn Đông", "political_theory": "elementary", "id_number": "036 185 009 999"}
    answer = alice.patch(url, body, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["political_theory"] == "elementary" and "id_number" not in answer.json()
    assert Member.objects.get(pk=world.m_xa1.pk).id_number == "036185009999"
    bad = alice.patch(url, {"id_number": "12"}, content_type="application/json")
    assert bad.status_code == 400 and "12 chữ số" in bad.content.decode()
    inspector = world.client_for(_inspector(world))
    refused = inspector.patch(url, {"phone": "0912345678"}, content_type="application/json")
    assert refused.status_code in (403, 404)
    assert Member.objects.get(pk=world.m_xa1.pk).phone == ""
