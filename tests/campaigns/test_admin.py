"""The campaigns' admin: every model readable by operators, nothing editable, nothing for other staff."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import models
from django.test import Client

from quantriet.campaigns import services
from quantriet.campaigns.models import (
    Absence,
    AgendaItem,
    BridgePoint,
    Campaign,
    CheckIn,
    Conference,
    Delegate,
    ImplementationPlan,
    MakeUpAttendance,
    MakeUpSession,
    Reminder,
)
from tests.campaigns.conftest import HELD_ON, Setup, local
from tests.conftest import PASSWORD, make_member
from tests.text.files import make_docx

ACTIONS = "Quán triệt tới các chi bộ | Ban Tuyên giáo | 30/09/2025\nSơ kết | Văn phòng | 15/12/2025"
PLAN_TEXT = "Kế hoạch thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018 của Bộ Chính trị."


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@dataclass(frozen=True)
class Row:
    """One registered model: an object of it and a text its changelist and change page must show."""

    model: type[models.Model]
    obj: models.Model
    marker: str

    @property
    def changelist(self) -> str:
        meta = self.model._meta
        return f"/admin/{meta.app_label}/{meta.model_name}/"

    @property
    def change(self) -> str:
        return f"{self.changelist}{self.obj.pk}/change/"


def populate(setup: Setup, size: int) -> list[Row]:
    """``size`` delegates at XA, half present and half absent (half of those with a reason), ``size``
    agenda items, make-up sessions and reminders, and a plan with actions from each commune."""
    world = setup.world
    members = [make_member(world.xa1, f"Phan Văn Số {i}", f"5{i:07d}") for i in range(size)]
    delegates = services.invite_members(None, setup.point_xa, members).created
    start = setup.conference.start()
    present, absent = delegates[: (size + 1) // 2], delegates[(size + 1) // 2 :]
    for i, delegate in enumerate(present):
        services.check_in_delegate(
            None,
            setup.point_xa,
            delegate,
            client_id=uuid.uuid4(),
            method="name",
            received_at=start + dt.timedelta(minutes=i - 10),  # a desk online during the conference
        )
    for i, delegate in enumerate(absent):
        services.record_absence(None, delegate, reason="Đi công tác tỉnh bạn" if i % 2 == 0 else "")
    sessions = [
        services.create_makeup_session(
            None,
            setup.point_xa,
            held_on=HELD_ON + dt.timedelta(days=7 + i),
            place=f"Nhà văn hóa thôn {i + 1}",
        )
        for i in range(size)
    ]
    for delegate, session in zip(absent, sessions, strict=False):
        services.makeup_check_in(None, session, delegate, received_at=local(session.held_on, 9))
    for order in range(1, size + 1):
        services.add_agenda_item(
            None,
            setup.conference,
            order=order,
            title=f"Giới thiệu chuyên đề {order}",
            presenter=world.m_xa1,
            document=setup.document,
            minutes=45,
        )
    for n, unit in enumerate((world.xa, world.xb), start=1):
        services.submit_plan(
            None,
            setup.campaign,
            unit,
            symbol=f"{n}-KH/ĐU",
            issued_on=HELD_ON + dt.timedelta(days=3),
            actions_text=ACTIONS,
            file_data=make_docx([PLAN_TEXT]),
            file_name="ke-hoach.docx",
        )
    services.remind_units(None, setup.campaign, [world.xa1] * size)
    plan = ImplementationPlan.objects.get(unit=world.xa)
    absence = Absence.objects.exclude(reason="").select_related("delegate__member").first()
    attendance = MakeUpAttendance.objects.select_related("delegate__member").first()
    check_in = CheckIn.objects.select_related("delegate__member").first()
    reminder = Reminder.objects.first()
    assert absence and attendance and check_in and reminder
    return [
        Row(Campaign, setup.campaign, "Học tập Nghị quyết 35"),
        Row(Conference, setup.conference, "Hội nghị trực tuyến quán triệt"),
        Row(BridgePoint, setup.point_xa, "Điểm cầu xã An Hòa"),
        Row(AgendaItem, AgendaItem.objects.get(order=1), "Giới thiệu chuyên đề 1"),
        Row(Delegate, delegates[0], "Phan Văn Số 0"),
        Row(CheckIn, check_in, check_in.name),
        Row(Absence, absence, "Đi công tác tỉnh bạn"),
        Row(MakeUpSession, sessions[0], "Nhà văn hóa thôn 1"),
        Row(MakeUpAttendance, attendance, attendance.delegate.name),
        Row(ImplementationPlan, plan, "1-KH/ĐU"),
        Row(Reminder, reminder, "Chi bộ thôn 1"),
    ]


def operator() -> Client:
    User.objects.create_superuser("vanhanh", "vanhanh@example.org", PASSWORD)
    client = Client()
    client.login(username="vanhanh", password=PASSWORD)
    return client


def test_an_operator_reads_every_changelist_and_change_page(setup: Setup) -> None:
    rows = populate(setup, 4)
    client = operator()
    codes = list(Delegate.objects.values_list("code", flat=True))
    # Every model the admin lists for the app is tried here, so a model registered later is too.
    index = client.get("/admin/campaigns/").content.decode()
    listed = set(re.findall(r'href="(/admin/campaigns/[a-z]+/)"', index))
    assert listed == {row.changelist for row in rows}
    for row in rows:
        listing = client.get(row.changelist)
        assert listing.status_code == 200, row.changelist
        assert row.marker in listing.content.decode(), row.changelist
        page = client.get(row.change)
        html = page.content.decode()
        assert page.status_code == 200 and row.marker in html, row.change
        # Personal codes are keys: no page of the admin shows one, in either form.
        assert not [c for c in codes if c in html or c[:4] + "-" + c[4:8] in html], row.change


def test_a_plan_page_lists_its_actions_but_not_the_extracted_text(setup: Setup) -> None:
    populate(setup, 2)
    plan = ImplementationPlan.objects.get(unit=setup.world.xa)
    html = operator().get(f"/admin/campaigns/implementationplan/{plan.pk}/change/").content.decode()
    assert "Quán triệt tới các chi bộ" in html and "Sơ kết" in html and "Ban Tuyên giáo" in html
    assert PLAN_TEXT in plan.file_text and "35-NQ/TW ngày 20/10/2018" not in html


def test_absences_filter_by_whether_a_reason_was_given(setup: Setup) -> None:
    populate(setup, 6)
    client = operator()
    with_reason = client.get("/admin/campaigns/absence/?reason_given=yes").content.decode()
    without = client.get("/admin/campaigns/absence/?reason_given=no").content.decode()
    assert "Đi công tác tỉnh bạn" in with_reason and "Đi công tác tỉnh bạn" not in without
    given, not_given = Absence.objects.exclude(reason="").count(), Absence.objects.filter(reason="").count()
    assert (given, not_given) == (2, 1)
    assert f"{given} vắng mặt" in with_reason and f"{not_given} vắng mặt" in without


def test_nothing_can_be_added_changed_or_deleted_even_by_an_operator(setup: Setup) -> None:
    rows = populate(setup, 3)
    client = operator()
    before = {row.model: list(row.model._default_manager.order_by("pk").values()) for row in rows}
    for row in rows:
        assert f'href="{row.changelist}add/"' not in client.get(row.changelist).content.decode()
        assert 'name="_save"' not in client.get(row.change).content.decode(), row.change
        assert client.get(f"{row.changelist}add/").status_code == 403, row.changelist
        changed = client.post(row.change, {"title": "Bị sửa", "reason": "Bị sửa", "_save": "1"})
        assert changed.status_code == 403, row.change
        deleted = client.post(f"{row.changelist}{row.obj.pk}/delete/", {"post": "yes"})
        assert deleted.status_code == 403, row.change
    after = {row.model: list(row.model._default_manager.order_by("pk").values()) for row in rows}
    assert after == before


def test_staff_who_are_not_operators_are_refused_every_campaigns_page(setup: Setup) -> None:
    rows = populate(setup, 2)
    world = setup.world
    world.alice.is_staff = True  # organisation staff of the whole province, but not an operator
    world.alice.save(update_fields=["is_staff"])
    client = world.client_for(world.alice)
    for row in rows:
        assert client.get(row.changelist).status_code == 403, row.changelist
        assert client.get(row.change).status_code in (302, 403), row.change
    assert "/admin/campaigns/" not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("size", [4, 24])
def test_every_changelist_uses_a_bounded_number_of_queries(
    setup: Setup, django_assert_max_num_queries: Any, size: int
) -> None:
    rows = populate(setup, size)
    client = operator()
    client.get("/admin/")
    for row in rows:
        assert row.model._default_manager.count() >= 2 or row.model in (Campaign, Conference)
        with django_assert_max_num_queries(6):
            assert client.get(row.changelist).status_code == 200
