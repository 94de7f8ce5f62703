"""The XA2 objects the cases point at, and how the tests request, read answers and compare the data."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import uuid
from typing import Any

import openpyxl
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client

from quantriet.campaigns import services as campaign_services
from quantriet.campaigns.models import BridgePoint
from quantriet.documents import services as document_services
from quantriet.documents.models import Document
from quantriet.orgs import services
from quantriet.orgs.models import AccessLog, AuditEntry, BulkAccessLog, ImportJob, MemberPhoto
from quantriet.orgs.services.privacy import request_correction
from tests.access.model import Case, Objects
from tests.campaigns.builders import point_of_new_conference
from tests.conftest import World

NEW_MEMBER = {
    "full_name": "Người Lạ",
    "date_of_birth": "1990-01-01",
    "sex": "male",
    "admission_date": "2015-01-01",
}


def build_objects(world: World) -> Objects:
    """Create XA2's objects of every kind, and make the outsiders bob and charlie staff."""
    job = ImportJob.objects.create(
        kind="members",
        scope=world.xa2,
        created_by=world.alice,
        original_name="chi-bo-thon-2.xlsx",
        stored_path="imports/none.xlsx",
        file_sha256="0" * 64,
        status="rejected",
        errors=[{"row": 2, "column": "Họ và tên", "message": "Trần Thị Bình", "hint": ""}],
    )
    role = services.grant_role(world.alice, world.eve, world.xa2, "office")
    services.record_member_read(world.alice, world.m_xa2, channel="page")
    services.update_member(
        None, world.m_xa2, id_number="036185000002", phone="0987000002", hometown="Thôn Hai Bến"
    )
    MemberPhoto.objects.create(
        member=world.m_xa2, content_type="image/png", data=b"\x89PNG\r\n\x1a\n", size=8, digest="0"
    )
    request_correction(world.dave, world.m_dave, field="sex", proposed="Nữ", reason="Chi bộ thôn 2")
    token, _key = services.create_token(world.alice, world.dave, "khóa của Đặng Văn Dũng")
    audit = AuditEntry.objects.filter(unit=world.xa2).order_by("id").first()
    assert audit is not None
    for user in (world.bob, world.charlie):
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    position = services.add_position(
        world.alice, world.m_xa2, unit=world.xa2, kind="secretary", start=dt.date(2020, 10, 1)
    )
    group = Group.objects.create(name="Chi bộ thôn 2")
    public = document_services.create_document(
        None, doc_type="Nghị quyết", symbol="35-NQ/TW", issued_on=dt.date(2018, 10, 22), is_public=True
    )
    document = document_services.create_document(
        None,
        doc_type="Kế hoạch",
        symbol="02-KH/CB",
        issued_on=dt.date(2024, 3, 1),
        subject="Kế hoạch của Chi bộ thôn 2",
        issuing_unit=world.xa2,
        body="Chi bộ thôn 2 thực hiện Nghị quyết số 35-NQ/TW ngày 22/10/2018.",
    )
    relation = document_services.add_relation(None, document, public, "concretises")
    campaign = campaign_services.create_campaign(
        None,
        title="Học tập của Chi bộ thôn 2",
        organising_unit=world.xa2,
        scope_unit=world.xa2,
        audience="all_members",
        documents=[public],
        conference_date=dt.date(2025, 9, 10),
        plan_deadline=dt.date(2025, 10, 10),
        report_deadline=dt.date(2025, 12, 31),
    )
    conference = campaign_services.create_conference(
        None, campaign, title="Hội nghị Chi bộ thôn 2", held_on=dt.date(2025, 9, 10), starts_at=dt.time(7, 30)
    )
    point = campaign_services.add_point(
        None,
        conference,
        host_unit=world.xa2,
        name="Điểm cầu Chi bộ thôn 2",
        is_main=True,
        address="Nhà văn hóa thôn 2",
        capacity=30,
        person_in_charge=world.m_xa2,
    )
    agenda_item = campaign_services.add_agenda_item(None, conference, order=1, title="", document=public)
    delegate = campaign_services.invite_members(None, point, [world.m_xa2]).created[0]
    check_in = campaign_services.check_in_guest(
        None, point, name="Khách của Chi bộ thôn 2", client_id=uuid.uuid4(), received_at=conference.start()
    ).check_in
    campaign_services.create_makeup_session(None, point, held_on=dt.date(2025, 9, 20))
    _desk_open_today(world, public)
    commune_campaign = campaign_services.create_campaign(
        None,
        title="Học tập của đảng bộ xã",
        organising_unit=world.xa,
        scope_unit=world.xa,
        audience="all_members",
        documents=[public],
        conference_date=dt.date(2025, 9, 10),
        plan_deadline=dt.date(2025, 10, 10),
        report_deadline=dt.date(2025, 12, 31),
    )
    campaign_services.submit_plan(
        None,
        commune_campaign,
        world.xa2,
        symbol="05-KH/CB",
        issued_on=dt.date(2025, 9, 15),
        actions_text="Quán triệt tới Chi bộ thôn 2 | Trần Thị Bình | 30/09/2025",
        file_data="Kế hoạch của Chi bộ thôn 2 thực hiện Nghị quyết số 35-NQ/TW.".encode(),
        file_name="chi-bo-thon-2.txt",
    )
    return Objects(
        world,
        job,
        role,
        audit,
        AccessLog.objects.get(),
        token,
        group,
        position,
        document,
        relation,
        campaign,
        conference,
        point,
        agenda_item,
        delegate,
        check_in,
    )


TODAY_POINT = "Điểm cầu hôm nay của Chi bộ thôn 2"


def today_point() -> BridgePoint:
    """The point of XA2's conference held today, whose desk takes check-ins whenever the suite runs."""
    return BridgePoint.objects.get(name=TODAY_POINT)


def _desk_open_today(world: World, document: Document) -> None:
    """A conference of XA2 held today from midnight.

    Conferences take check-ins only around their day; this one's window holds any moment the suite runs,
    so an allowed user's check-in really records one (the other conference's window closed long ago).
    """
    point = point_of_new_conference(
        organiser=world.xa2,
        document=document,
        host_unit=world.xa2,
        title="Học tập hôm nay của Chi bộ thôn 2",
        point_name=TODAY_POINT,
        address="Nhà văn hóa thôn 2",
        person_in_charge=world.m_xa2,
    )
    campaign_services.invite_members(None, point, [world.m_xa2])


@functools.cache
def _snapshot_statements() -> tuple[tuple[str, str], ...]:
    """(model label, SELECT of every row) for the tables our users' actions can touch; made once."""
    labels = {"core", "orgs", "auth", "django_tasks_database", "documents", "campaigns", "reports", "reviews"}
    quote = connection.ops.quote_name
    # Table and column names come from the model registry, quoted; nothing here comes from a request.
    select = "SELECT * FROM {} ORDER BY {}"
    return tuple(
        (model._meta.label, select.format(quote(model._meta.db_table), quote(model._meta.pk.column)))
        for model in apps.get_models()
        if model._meta.app_label in labels
        # Reading a list of personal data is logged by design (decree 13/2023): a read, not a change.
        and model is not BulkAccessLog
    )


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the tables our users' actions can touch (small: the test world), as stored.

    Plain SELECTs of every column: the ORM's ``values()`` built and compiled ~55 queries per snapshot,
    two thirds of tests/access's time, for the same comparison. Stored values are compared before Django
    converts them, which is at least as strict (a JSON column is its text, so another key order counts).
    """
    rows: dict[str, list[dict[str, Any]]] = {}
    with connection.cursor() as cursor:
        for label, sql in _snapshot_statements():
            cursor.execute(sql)
            names = [column[0] for column in cursor.description]
            rows[label] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return rows


def stored_json(value: Any) -> Any:
    """A JSON column's value in a snapshot: the stored text (SQLite, PostgreSQL through Django) decoded."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def body_text(response: Any) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if "spreadsheetml" in kind and raw:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
        )
    if kind.startswith("application/json") and raw:
        return json.dumps(json.loads(raw), ensure_ascii=False)
    return raw.decode("utf-8", errors="replace")


def unsafe_body(spec: Any, o: Objects) -> Any:
    if callable(spec):
        return spec(o)
    if spec == "NEW_MEMBER_IN_XA2":
        return {**NEW_MEMBER, "unit": o.world.xa2.pk}
    if spec == "NEW_DOCUMENT_OF_XA2":
        return {
            "doc_type": "Kế hoạch",
            "symbol": "03-KH/CB",
            "issued_on": "01/07/2025",
            "issuing_unit": "XA2",
            "subject": "Bị sửa",
            "status": "in_force",
        }
    if spec == "CAMPAIGN_OF_XA2":
        return {
            "title": "Đợt bị sửa",
            "organising_unit": "XA2",
            "documents": "35-NQ/TW",
            "audience": "all_members",
            "conference_date": "10/09/2025",
            "plan_deadline": "10/10/2025",
            "report_deadline": "31/12/2025",
        }
    if spec == "IMPORT_DOCUMENTS_OF_XA2":
        sheet = io.BytesIO(
            "Loại văn bản,Số ký hiệu,Ngày ban hành,Cơ quan ban hành\n"
            "Kế hoạch,04-KH/CB,01/07/2025,XA2\n".encode()
        )
        sheet.name = "van-ban.csv"
        return {"file": sheet}
    if spec == "IMPORT_INTO_XA2":
        sheet = io.BytesIO("Họ và tên,Ngày sinh\nNgười Lạ,01/01/1990\n".encode())
        sheet.name = "lay-nhap.csv"
        return {"scope": o.world.xa2.pk, "kind": "members", "file": sheet}
    return spec


def request(client: Client, method: str, url: str, case: Case, body: Any) -> Any:
    if case.kind == "api" and body is not None:
        return getattr(client, method)(url, json.dumps(body), content_type="application/json")
    if method == "post":
        return client.post(url, body or {})
    return getattr(client, method)(url)
