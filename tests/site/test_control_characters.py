"""Control and invisible characters are removed where text comes in, whichever way it comes.

U+0001 in one member or unit name used to make the province's exports answer 500, and a guest name of
only zero-width characters was accepted. Forms clean every CharField (quantriet.core.apps); the paths
that are not forms (a bare POST field, JSON check-in, spreadsheet import) clean the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import Absence, BridgePoint, CheckIn
from quantriet.documents import services as document_services
from quantriet.orgs import services
from quantriet.orgs.models import ImportJob, ImportStatus, Member, Role, Unit
from tests.campaigns.builders import point_of_new_conference
from tests.conftest import World

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def point(world: World) -> BridgePoint:
    """A point of a conference held today from midnight, so check-ins are inside its window; eve staffs it."""
    document = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 20), is_public=True
    )
    services.grant_role(None, world.eve, world.xa, Role.OFFICE)
    return point_of_new_conference(
        organiser=world.province,
        document=document,
        host_unit=world.xa,
        title="Hội nghị quán triệt",
        point_name="Điểm cầu xã An Hòa",
        is_main=False,
        address="Hội trường",
        capacity=50,
    )


def _json(client: Client, point: BridgePoint, body: dict[str, Any]) -> Any:
    return client.post(
        f"/campaigns/points/{point.pk}/check-in.json", json.dumps(body), content_type="application/json"
    )


def test_a_member_name_typed_with_a_control_character_is_stored_clean(world: World) -> None:
    response = world.client_for(world.alice).post(
        f"/units/{world.xa1.pk}/members/new/",
        {
            "full_name": "Hoàng\x01 Thị\u200b Lan\x1f",
            "date_of_birth": "12/04/1990",
            "sex": "female",
            "admission_date": "03/02/2015",
            "full_membership_date": "03/02/2016",
            "card_number": "10000077",
            "status": "full",
        },
    )
    assert response.status_code == 302
    assert Member.objects.get(card_number="10000077").full_name == "Hoàng Thị Lan"


def test_a_unit_renamed_with_a_control_character_is_stored_clean(world: World) -> None:
    response = world.client_for(world.alice).post(
        f"/units/{world.xa1.pk}/rename/", {"new_name": "Chi bộ\x01 thôn\x00 Tây\u202e", "date": "01/07/2025"}
    )
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.xa1.pk).name == "Chi bộ thôn Tây"


def test_a_guest_name_with_control_characters_is_stored_clean_from_the_page_and_from_json(
    world: World, point: BridgePoint
) -> None:
    client = world.client_for(world.eve)
    page = client.post(
        f"/campaigns/points/{point.pk}/check-in/",
        {"action": "guest", "name": "Bà\x01 Khách", "note": "Hội\x00 Phụ nữ", "client_id": str(uuid.uuid4())},
    )
    assert page.status_code == 302
    sent = _json(
        client,
        point,
        {
            "method": "guest",
            "guest_name": "Ông\x02 Khách\u200b",
            "guest_note": "\x7f",
            "client_id": str(uuid.uuid4()),
        },
    )
    assert sent.status_code == 201 and sent.json()["name"] == "Ông Khách"
    stored = sorted(CheckIn.objects.values_list("guest_name", "guest_note"))
    assert stored == [("Bà Khách", "Hội Phụ nữ"), ("Ông Khách", "")]


def test_a_guest_name_of_only_invisible_characters_is_refused_as_blank(
    world: World, point: BridgePoint
) -> None:
    client = world.client_for(world.eve)
    page = client.post(
        f"/campaigns/points/{point.pk}/check-in/",
        {"action": "guest", "name": INVISIBLE, "note": "Hội Phụ nữ", "client_id": str(uuid.uuid4())},
    )
    assert page.status_code == 400 and "Hãy ghi họ và tên khách." in page.content.decode()
    assert 'value="Hội Phụ nữ"' in page.content.decode()  # what was typed stays in the form
    sent = _json(
        client, point, {"method": "guest", "guest_name": INVISIBLE + "\x01", "client_id": str(uuid.uuid4())}
    )
    assert sent.status_code == 400
    assert sent.json()["error"] == {"code": "guest_name", "message": "Hãy ghi họ và tên khách."}
    assert not CheckIn.objects.exists()


def test_an_absence_reason_is_cleaned_although_it_is_not_a_form_field(
    world: World, point: BridgePoint
) -> None:
    (delegate,) = campaign_services.invite_members(None, point, [world.m_xa1]).created
    response = world.client_for(world.eve).post(
        f"/campaigns/points/{point.pk}/absences/",
        {"action": "absence", "delegate": delegate.pk, "reason": "Đi\x00 công\x01 tác\u200b"},
    )
    assert response.status_code == 302
    assert Absence.objects.get(delegate=delegate).reason == "Đi công tác"


def test_an_imported_name_with_a_control_character_is_stored_clean(world: World) -> None:
    header = (
        "Họ và tên,Ngày sinh,Giới tính,Ngày vào Đảng,Ngày chính thức,Số thẻ đảng viên,Mã chi bộ,Tình trạng"
    )
    row = "Vũ\x01 Văn\u200b Khánh\x00,15/01/1990,Nam,01/06/2015,01/06/2016,20000002,XA1\x02,Chính thức"
    world.client_for(world.alice).post(
        "/imports/",
        {
            "kind": "members",
            "scope": "XA",
            "file": SimpleUploadedFile("ds.csv", f"{header}\n{row}\n".encode()),
        },
    )
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.DONE, job.errors
    imported = Member.objects.get(card_number="20000002")
    assert (imported.full_name, imported.unit) == ("Vũ Văn Khánh", world.xa1)


def test_a_member_created_or_renamed_through_the_api_is_stored_clean(world: World) -> None:
    client = world.client_for(world.alice)
    body = {
        "unit": world.xa2.pk,
        "full_name": "Phạm\x01 Thị\x00 Hoa\u200b",
        "date_of_birth": "1990-02-28",
        "sex": "female",
        "admission_date": "2015-05-19",
        "card_number": "20000001",
    }
    created = client.post("/api/v1/members/", json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    member = Member.objects.get(card_number="20000001")
    assert member.full_name == "Phạm Thị Hoa"
    changed = client.patch(
        f"/api/v1/members/{member.pk}/",
        json.dumps({"full_name": "Phạm\x1f Thị Hòa\x7f"}),
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    member.refresh_from_db()
    assert member.full_name == "Phạm Thị Hòa"
