"""What the demo shows a visitor beyond the happy path: a wrong tap reversed at a desk, a point invited beyond
its seats, and the province's and the commune's papers signed by a secretary of the register."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from quantriet.campaigns.demo import finished, today
from quantriet.campaigns.models import Campaign, CheckIn
from quantriet.orgs.models import Level, Member, Position, PositionKind, Unit
from quantriet.orgs.papers import paper_issuer
from quantriet.site.demo import DemoSummary


def client_of(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as docx:
        xml = docx.read("word/document.xml").decode()
    return re.sub(r"<[^>]+>", "", xml.replace("</w:p>", "\n"))


def test_the_finished_conference_shows_a_wrong_tap_reversed_at_its_desk(demo: DemoSummary, db: Any) -> None:
    conference = Campaign.objects.get(title=finished.TITLE).conferences.get()
    reversed_ = CheckIn.objects.filter(conference=conference, reversed_at__isnull=False)
    assert reversed_.count() == 1
    wrong = reversed_.get()
    assert wrong.reversal_reason == finished.WRONG_TAP_REASON and wrong.point.is_main
    assert wrong.reversed_at is not None and wrong.reversed_at.date() == wrong.at.date() == conference.held_on
    # The delegate came later and counts once.
    assert CheckIn.objects.filter(delegate=wrong.delegate, reversed_at__isnull=True).count() == 1
    page = client_of("tochuc.xa").get(f"/campaigns/points/{wrong.point_id}/check-ins/").content.decode()
    assert "Đã hủy" in page and finished.WRONG_TAP_REASON in page


def test_a_point_of_todays_conference_is_invited_beyond_its_seats(demo: DemoSummary, db: Any) -> None:
    conference = Campaign.objects.get(title=today.TITLE).conferences.get()
    over = [p for p in conference.points.all() if p.delegates.count() > p.capacity]
    assert len(over) == 1 and over[0].delegates.count() - over[0].capacity == today.OVER_CAPACITY
    board = client_of("tuyengiao.tinh").get(f"/campaigns/conferences/{conference.pk}/board/").content.decode()
    assert "Vượt sức chứa" in board and f"+{today.OVER_CAPACITY}" in board


def test_the_province_and_the_demo_commune_sign_with_their_secretary(demo: DemoSummary, db: Any) -> None:
    day = timezone.localdate()
    province = Unit.objects.get(code="SL")
    commune = Unit.objects.get(name="Đảng bộ xã Bến Đò", valid_to__isnull=True)
    for unit in (province, commune, *Unit.objects.filter(level=Level.INTERMEDIATE, valid_to__isnull=True)):
        signer = paper_issuer(unit, on=day).signer
        assert signer.title == "BÍ THƯ" and signer.name, unit.name
    # Chosen among the members already on the roll (the README's figures stay): nobody was added.
    assert Member.objects.count() == demo.members
    officers = list(Position.objects.filter(unit=province).values_list("member", flat=True))
    assert len(officers) == len(set(officers)) == 3
    # The province's campaign report names its secretary under the signature.
    secretary = Position.objects.get(unit=province, kind=PositionKind.SECRETARY).member.full_name
    campaign = Campaign.objects.get(title=today.TITLE)
    response = client_of("tochuc.tinh").get(f"/campaigns/{campaign.pk}/report.docx")
    assert response.status_code == 200
    text = docx_text(b"".join(response.streaming_content) if response.streaming else response.content)
    assert "T/M BAN THƯỜNG VỤ" in text and secretary in text
