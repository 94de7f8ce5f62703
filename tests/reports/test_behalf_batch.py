"""Handing in reports for members: one by one, and as a batch (ZIP + spreadsheet), all rows or none."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quantriet.reports.models import LearningReport, ReportStatus, ReportVersion, Source
from tests.reports.conftest import Reports
from tests.reports.writing import essay


def zipped(files: dict[str, bytes]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("lo-bai.zip", buffer.getvalue(), content_type="application/zip")


def csv_sheet(
    rows: list[list[str]], header: tuple[str, ...] = ("Tên tệp", "Số thẻ đảng viên")
) -> SimpleUploadedFile:
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return SimpleUploadedFile(
        "danh-sach.csv", ("\n".join(lines) + "\n").encode("utf-8"), content_type="text/csv"
    )


def xlsx_sheet(rows: list[list[Any]], header: tuple[str, ...]) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["DANH SÁCH BÀI THU HOẠCH NỘP THAY"])
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("danh-sach.xlsx", buffer.getvalue())


def post_batch(
    reports: Reports, archive: SimpleUploadedFile, sheet: SimpleUploadedFile, user: Any = None
) -> Any:
    client = reports.world.client_for(user or reports.world.alice)
    return client.post(
        f"/reports/campaigns/{reports.campaign.pk}/batch/", {"archive": archive, "sheet": sheet}
    )


def test_a_whole_batch_is_handed_in_with_receipts(reports: Reports) -> None:
    world = reports.world
    archive = zipped({"an.txt": essay(31).encode(), "thu-muc/binh.txt": essay(32).encode()})
    response = post_batch(reports, archive, csv_sheet([["an.txt", "10000001"], ["binh.txt", "10000002"]]))
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert "Đã nộp thay 2 bài thu hoạch." in page
    versions = ReportVersion.objects.order_by("report__member__card_number")
    assert [(v.report.member, v.source, v.on_behalf, v.file_name) for v in versions] == [
        (world.m_xa1, Source.BATCH, True, "an.txt"),
        (world.m_xa2, Source.BATCH, True, "binh.txt"),
    ]
    assert versions[0].receipt in page
    assert reports.report_of(world.m_xa1).status == ReportStatus.SUBMITTED


def test_members_are_found_by_name_and_cell_in_an_xlsx(reports: Reports) -> None:
    archive = zipped({"Bai An.TXT": essay(33).encode()})
    sheet = xlsx_sheet([["bai an.txt", "Nguyễn Văn An", "Chi bộ thôn 1"]], ("Tên tệp", "Họ và tên", "Chi bộ"))
    response = post_batch(reports, archive, sheet)
    assert response.status_code == 200, response.content.decode()[:3000]
    assert ReportVersion.objects.get().report.member == reports.world.m_xa1


@pytest.mark.parametrize(
    ("files", "rows", "message"),
    [
        ({"an.txt": b""}, [["an.txt", "99999999"]], "Không có đảng viên số thẻ 99999999"),
        ({}, [["an.txt", "10000001"]], "Không có tệp “an.txt” trong tệp ZIP."),
        (
            {"an.txt": b"", "la.txt": b""},
            [["an.txt", "10000001"]],
            "Tệp “la.txt” có trong ZIP nhưng bảng tính",
        ),
        ({"an.txt": b""}, [["an.txt", "10000001"], ["an.txt", "10000002"]], "đã ghi ở dòng 3"),
        ({"an.txt": b"", "b.txt": b""}, [["an.txt", "10000001"], ["b.txt", "10000001"]], "đã có ở dòng 3"),
        ({"an.txt": "Ngắn quá.".encode()}, [["an.txt", "10000001"]], "yêu cầu tối thiểu 100 chữ"),
        ({"an.docx": b"MZ\x90\x00" + b"\x00" * 300}, [["an.docx", "10000001"]], "an.docx:"),
        ({"an.txt": b""}, [["", "10000001"]], "Dòng này chưa ghi tên tệp."),
    ],
)
def test_one_wrong_row_and_nothing_is_handed_in(
    reports: Reports, files: dict[str, bytes], rows: list[list[str]], message: str
) -> None:
    good = {"tot.txt": essay(34).encode()}
    contents = {name: data or essay(35 + i).encode() for i, (name, data) in enumerate(files.items())}
    archive = zipped({**good, **contents})
    response = post_batch(reports, archive, csv_sheet([["tot.txt", "10000004"], *rows]))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page, page[:4000]
    assert "chưa bài nào được nộp" in page
    assert not ReportVersion.objects.exists()
    assert set(LearningReport.objects.values_list("status", flat=True)) == {ReportStatus.REQUIRED}


def test_a_member_out_of_the_secretarys_reach_is_a_row_error(reports: Reports) -> None:
    archive = zipped({"an.txt": essay(40).encode(), "binh.txt": essay(41).encode()})
    sheet = csv_sheet([["an.txt", "10000001"], ["binh.txt", "10000002"]])
    response = post_batch(reports, archive, sheet, user=reports.world.bob)  # bob: XA1 only
    assert response.status_code == 400
    assert "Trần Thị Bình không thuộc các chi bộ đồng chí được nộp bài thay" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_a_zip_bomb_is_refused_before_it_is_inflated(reports: Reports, settings: Any) -> None:
    settings.REPORT_BATCH_MAX_UNPACKED_BYTES = 1024 * 1024
    archive = zipped({"an.txt": b"0" * (8 * 1024 * 1024)})  # 8 MB of zeros: a few kilobytes zipped
    assert (archive.size or 0) < 100_000
    response = post_batch(reports, archive, csv_sheet([["an.txt", "10000001"]]))
    assert response.status_code == 400
    assert "giải nén ra quá lớn" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_not_a_zip_and_not_a_spreadsheet_are_refused(reports: Reports) -> None:
    not_zip = SimpleUploadedFile("lo.zip", b"day khong phai zip")
    response = post_batch(reports, not_zip, csv_sheet([["an.txt", "10000001"]]))
    assert response.status_code == 400 and "Không mở được tệp ZIP" in response.content.decode()
    archive = zipped({"an.txt": essay(42).encode()})
    wrong = SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04 hong")
    response = post_batch(reports, archive, wrong)
    assert response.status_code == 400
    archive = zipped({"an.txt": essay(42).encode()})
    no_columns = csv_sheet([["an.txt", "10000001"]], header=("Cột A", "Cột B"))
    response = post_batch(reports, archive, no_columns)
    assert response.status_code == 400 and "Tên tệp" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_too_many_files_for_one_batch(reports: Reports, settings: Any) -> None:
    settings.REPORT_BATCH_MAX_FILES = 1
    archive = zipped({"an.txt": essay(43).encode(), "binh.txt": essay(44).encode()})
    response = post_batch(reports, archive, csv_sheet([["an.txt", "10000001"], ["binh.txt", "10000002"]]))
    assert response.status_code == 400 and "tối đa 1 bài" in response.content.decode()
    assert not ReportVersion.objects.exists()


def test_the_batch_page_answers_404_to_those_with_no_report_to_hand_in(reports: Reports) -> None:
    client = reports.world.client_for(reports.world.eve)
    assert client.get(f"/reports/campaigns/{reports.campaign.pk}/batch/").status_code == 404
    page = reports.world.client_for(reports.world.bob).get(f"/reports/campaigns/{reports.campaign.pk}/batch/")
    assert page.status_code == 200
    assert "Nguyễn Văn An" in page.content.decode() and "Trần Thị Bình" not in page.content.decode()
