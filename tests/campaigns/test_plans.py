"""Implementation plans: submission with a document file, review by the unit above, the board, reminders."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.utils import timezone

from quantriet.campaigns import selectors, services
from quantriet.campaigns.models import ImplementationPlan, PlanAction, PlanObligation, Reminder
from quantriet.documents.models import CitationLink
from quantriet.orgs.models import AuditEntry
from quantriet.text.errors import ExtractionError
from quantriet.text.extract import extract_text
from tests.campaigns.conftest import Setup
from tests.text.files import make_docx

PLAN_TEXT = "Kế hoạch thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018 của Bộ Chính trị."


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


@pytest.fixture(autouse=True)
def communes_and_cells_owe_plans(setup: Setup) -> None:
    """These tests follow the plans of the communes and of their cells alike: the organisers listed them."""
    world = setup.world
    setup.campaign.plans_owed_by = PlanObligation.CHOSEN
    setup.campaign.save(update_fields=["plans_owed_by"])
    setup.campaign.chosen_plan_units.set([world.xa, world.xa1, world.xa2, world.xb, world.xb1])


def upload(data: bytes, name: str) -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def form(**extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "action": "submit",
        "symbol": "12-KH/ĐU",
        "issued_on": "15/09/2025",
        "actions": "Quán triệt tới các chi bộ | Ban Tuyên giáo | 30/09/2025\nSơ kết | Văn phòng | 15/12/2025",
        "file": upload(make_docx([PLAN_TEXT]), "ke-hoach.docx"),
    }
    values.update(extra)
    return values


def submit(setup: Setup, unit: Any, **extra: Any) -> ImplementationPlan:
    values: dict[str, Any] = {
        "symbol": "12-KH/ĐU",
        "issued_on": dt.date(2025, 9, 15),
        "actions_text": "Quán triệt | Ban Tuyên giáo | 30/09/2025",
        "file_data": PLAN_TEXT.encode(),
        "file_name": "ke-hoach.txt",
    }
    values.update(extra)
    return services.submit_plan(None, setup.campaign, unit, **values)


def test_a_unit_submits_its_plan_and_its_citations_link_to_the_campaign_documents(setup: Setup) -> None:
    world = setup.world
    client = world.client_for(world.charlie)  # organisation staff of XB
    url = f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/"
    response = client.post(url, form())
    assert response.status_code == 302
    plan = ImplementationPlan.objects.get(campaign=setup.campaign, unit=world.xb)
    assert (plan.symbol, plan.issued_on, plan.status) == ("12-KH/ĐU", dt.date(2025, 9, 15), "submitted")
    assert PLAN_TEXT in plan.file_text and plan.file_name == "ke-hoach.docx"
    assert list(plan.actions.values_list("order", "owner", "deadline")) == [
        (1, "Ban Tuyên giáo", dt.date(2025, 9, 30)),
        (2, "Văn phòng", dt.date(2025, 12, 15)),
    ]
    link = CitationLink.objects.get(owner_id=plan.pk, field="file_text")
    assert link.target == setup.document
    page = client.get(url).content.decode()
    assert f'href="/documents/{setup.document.pk}/"' in page and "văn bản của đợt" in page
    assert AuditEntry.objects.filter(action="plan.submit", unit=world.xb).count() == 1
    # Submitted today, long after the 10/10/2025 deadline of the test campaign.
    assert plan.late and "Nộp muộn" in page


@pytest.mark.parametrize(
    ("extra", "field_message"),
    [
        (
            {"actions": "Quán triệt | Ban Tuyên giáo | 01/09/2025"},
            "Dòng 1: thời hạn 01/09/2025 đứng trước ngày hội",
        ),
        ({"actions": "Quán triệt chỉ có một cột"}, "Dòng 1: hãy ghi theo dạng"),
        (
            {"issued_on": "01/09/2025"},
            "Ngày ban hành kế hoạch (01/09/2025) đứng trước ngày hội nghị (10/09/2025)",
        ),
        ({"symbol": "kế hoạch"}, "Hãy ghi số và ký hiệu của kế hoạch"),
    ],
)
def test_bad_values_are_refused_in_vietnamese_and_nothing_is_saved(
    setup: Setup, media: Path, extra: dict[str, Any], field_message: str
) -> None:
    world = setup.world
    response = world.client_for(world.charlie).post(
        f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/", form(**extra)
    )
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not ImplementationPlan.objects.exists() and not PlanAction.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_that_is_not_a_document_gets_the_extraction_message(setup: Setup, media: Path) -> None:
    world = setup.world
    data = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    with pytest.raises(ExtractionError) as expected:
        extract_text(data, "ke-hoach.docx")
    response = world.client_for(world.charlie).post(
        f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/", form(file=upload(data, "ke-hoach.docx"))
    )
    assert response.status_code == 400
    assert expected.value.message_vi in response.content.decode()
    assert not ImplementationPlan.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_the_unit_above_returns_with_a_comment_then_approves(setup: Setup) -> None:
    world = setup.world
    submit(setup, world.xb)
    url = f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/"
    charlie, alice = world.client_for(world.charlie), world.client_for(world.alice)
    # XB's own staff cannot approve their plan: the province above them does.
    assert charlie.post(url, {"action": "review", "decision": "approve"}).status_code == 403
    response = alice.post(url, {"action": "review", "decision": "return", "comment": ""})
    assert (
        response.status_code == 400
        and "Hãy ghi ý kiến để đơn vị biết cần sửa gì" in response.content.decode()
    )
    alice.post(url, {"action": "review", "decision": "return", "comment": "Bổ sung thời hạn sơ kết."})
    plan = ImplementationPlan.objects.get()
    assert (plan.status, plan.comment) == ("returned", "Bổ sung thời hạn sơ kết.")
    assert "Bổ sung thời hạn sơ kết." in charlie.get(url).content.decode()
    # Resubmitted without a new file: the first one stays.
    response = charlie.post(url, form(file="", symbol="13-KH/ĐU"))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.symbol, plan.file_name) == ("submitted", "13-KH/ĐU", "ke-hoach.txt")
    assert alice.post(url, {"action": "review", "decision": "approve"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert charlie.post(url, form()).status_code == 403  # approved: no resubmission
    assert AuditEntry.objects.filter(action__in=["plan.return", "plan.approve"]).count() == 2


def test_a_unit_sees_and_submits_only_its_own_plan(setup: Setup) -> None:
    world = setup.world
    submit(setup, world.xa2)
    charlie, bob = world.client_for(world.charlie), world.client_for(world.bob)
    base = f"/campaigns/{setup.campaign.pk}/plans/"
    assert charlie.get(f"{base}{world.xa2.pk}/").status_code == 404
    assert charlie.get(f"{base}{world.xa2.pk}/file/").status_code == 404
    assert charlie.post(f"{base}{world.xa1.pk}/", form()).status_code == 404
    board = bob.get(base).content.decode()  # secretary of XA1
    assert "Chi bộ thôn 1" in board and "Chi bộ thôn 2" not in board and "Bình Minh" not in board
    assert bob.post(f"{base}{world.xa1.pk}/", form()).status_code == 302
    assert set(ImplementationPlan.objects.values_list("unit__code", flat=True)) == {"XA1", "XA2"}
    assert f"/campaigns/{setup.campaign.pk}/plans/" in bob.get("/campaigns/").content.decode()
    file = world.client_for(world.alice).get(f"{base}{world.xa2.pk}/file/")
    assert b"".join(file.streaming_content).decode() == PLAN_TEXT


def test_the_board_counts_each_state_and_reminders_go_to_missing_units(setup: Setup) -> None:
    world = setup.world
    deadline = setup.campaign.plan_deadline
    on_time = timezone.make_aware(dt.datetime.combine(deadline, dt.time(16, 0)))
    for unit in (world.xa, world.xa1, world.xa2):
        submit(setup, unit)
    ImplementationPlan.objects.filter(unit__in=[world.xa, world.xa1]).update(submitted_at=on_time)
    services.review_plan(None, ImplementationPlan.objects.get(unit=world.xa1), approve=True, comment="")
    rows = selectors.plan_board(setup.campaign, selectors.plan_units(setup.campaign))
    states = {r.unit.code: r.state.value for r in rows}
    assert states == {"XA": "submitted", "XA1": "approved", "XA2": "late", "XB": "missing", "XB1": "missing"}
    alice = world.client_for(world.alice)
    assert (
        world.client_for(world.charlie).post(f"/campaigns/{setup.campaign.pk}/plans/remind/").status_code
        == 403
    )
    response = alice.post(f"/campaigns/{setup.campaign.pk}/plans/remind/")
    assert response.status_code == 302
    assert sorted(Reminder.objects.values_list("unit__code", flat=True)) == ["XB", "XB1"]
    assert AuditEntry.objects.filter(action="plan.remind").count() == 2
    page = alice.get(f"/campaigns/{setup.campaign.pk}/plans/").content.decode()
    assert "Chưa nộp: <strong>2</strong>" in page and "Nộp muộn: <strong>1</strong>" in page
    assert (
        "Đã được nhắc 1 lần."
        in world.client_for(world.charlie)
        .get(f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/")
        .content.decode()
    )


def test_the_board_narrows_to_one_state_from_its_counts(setup: Setup) -> None:
    world = setup.world
    submit(setup, world.xa2)  # late: the campaign's deadline is long past
    alice = world.client_for(world.alice)
    url = f"/campaigns/{setup.campaign.pk}/plans/"

    def units(query: str) -> list[str]:
        page = alice.get(url + query).content.decode()
        body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        # A unit is named by its path ("Đảng bộ xã An Hòa › Chi bộ thôn 1"): match the link's end.
        return [
            u.name for u in (world.xa, world.xa1, world.xa2, world.xb, world.xb1) if f"{u.name}</a>" in body
        ]

    # The board groups the province's units by commune; a picked state lists the units themselves.
    assert units("") == ["Đảng bộ xã An Hòa", "Đảng bộ xã Bình Minh"]
    assert units("?state=late") == ["Chi bộ thôn 2"]
    assert units("?state=missing") == [
        "Đảng bộ xã An Hòa",
        "Chi bộ thôn 1",
        "Đảng bộ xã Bình Minh",
        "Chi bộ thôn 3",
    ]
    filtered = alice.get(url + "?state=late").content.decode()
    assert 'href="?state=missing"' in filtered and "Tất cả 5 đơn vị" in filtered
    assert "Chưa nộp: <strong>4</strong>" in filtered  # the counts stay those of the whole board
    # An unknown state (an old or edited link) shows the whole board rather than an empty one.
    assert units("?state=bogus") == units("")
    # Charlie's reach is XB: the filter never widens it.
    charlie = world.client_for(world.charlie).get(url + "?state=late").content.decode()
    assert "Chi bộ thôn 2" not in charlie


def _refused(setup: Setup, media: Path, file: io.BytesIO) -> str:
    world = setup.world
    response = world.client_for(world.charlie).post(
        f"/campaigns/{setup.campaign.pk}/plans/{world.xb.pk}/", form(file=file)
    )
    assert response.status_code == 400
    assert not ImplementationPlan.objects.exists() and not PlanAction.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    page = response.content.decode()
    assert "12-KH/ĐU" in page  # what the user typed is kept
    return page


def test_an_oversized_plan_file_is_dropped_while_it_streams_in_and_nothing_is_stored(
    setup: Setup, media: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.UPLOAD_MAX_BYTES = settings.DOCUMENT_MAX_BYTES = 1048576
    kept: list[int] = []
    # Nothing past the limit is handed on to Django's memory or temporary-file handlers.
    original = MemoryFileUploadHandler.receive_data_chunk

    def counting(self: Any, raw_data: bytes, start: int) -> Any:
        kept.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(MemoryFileUploadHandler, "receive_data_chunk", counting)
    page = _refused(setup, media, upload(b"%PDF-1.4\n" + b"0" * (3 * 1048576), "ke-hoach.pdf"))
    assert "vượt giới hạn 1 MB" in page
    assert sum(kept) <= 1048576


def test_a_plan_file_over_the_documents_limit_is_refused_from_its_size_before_it_is_read(
    setup: Setup, media: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES, settings.DOCUMENT_MAX_BYTES = 4 * 1048576, 1048576
    page = _refused(setup, media, upload(b"%PDF-1.4\n" + b"0" * (2 * 1048576), "ke-hoach.pdf"))
    assert "vượt giới hạn 1 MB" in page


def test_an_svg_is_not_a_plan_file(setup: Setup, media: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>' + PLAN_TEXT.encode()
    page = _refused(setup, media, upload(svg + b"</text></svg>", "ke-hoach.svg"))
    assert "Chỉ nhận tệp .docx, .pdf hoặc .txt" in page


def test_a_plan_file_must_hold_what_its_name_says(setup: Setup, media: Path) -> None:
    page = _refused(setup, media, upload(make_docx([PLAN_TEXT]), "ke-hoach.txt"))
    assert "mang đuôi .txt nhưng nội dung là tệp .docx" in page


def test_a_zip_with_an_encrypted_part_is_refused_as_a_damaged_file_not_a_server_error(
    setup: Setup, media: Path
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    data = bytearray(buffer.getvalue())
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(signature) + flags_at] |= 1  # "encrypted": zipfile raises RuntimeError on reading
    page = _refused(setup, media, upload(bytes(data), "ke-hoach.docx"))
    assert "bị hỏng" in page
