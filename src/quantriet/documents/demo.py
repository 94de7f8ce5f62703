"""The demo registry: central documents that provincial conferences of 2018–2021 disseminated, and
invented provincial documents that make them concrete.

The central documents carry their real numbers. Dates and subjects are given only where they are
certain; the others stay empty rather than invented. The provincial documents, their numbers, dates
and bodies are invented; their bodies cite the central ones, so citation links show in the demo.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from quantriet.documents import services
from quantriet.documents.models import Document, RelationKind
from quantriet.orgs.models import Unit


@dataclass(frozen=True)
class _Central:
    doc_type: str
    symbol: str
    issued_on: dt.date | None = None
    subject: str = ""


CENTRAL: tuple[_Central, ...] = (
    _Central("Quy định", "22-QĐ/TW", subject="Về công tác kiểm tra, giám sát và kỷ luật của Đảng"),
    _Central("Quy định", "24-QĐ/TW", subject="Thi hành Điều lệ Đảng"),
    _Central("Quy định", "37-QĐ/TW", subject="Về những điều đảng viên không được làm"),
    _Central("Kết luận", "14-KL/TW"),
    _Central("Hướng dẫn", "01-HD/TW", subject="Một số vấn đề cụ thể thi hành Điều lệ Đảng"),
    _Central("Quy định", "205-QĐ/TW"),
    _Central("Hướng dẫn", "21-HD/BTCTW"),
    _Central("Hướng dẫn", "26-HD/BTCTW"),
    _Central("Chỉ thị", "35-CT/TW"),
    _Central(
        "Nghị quyết",
        "35-NQ/TW",
        dt.date(2018, 10, 22),
        "Về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, "
        "thù địch trong tình hình mới",
    ),
    _Central("Quy định", "08-QĐi/TW"),
    _Central("Nghị quyết", "36-NQ/TW"),
    _Central("Nghị quyết", "22-NQ/TW", dt.date(2008, 2, 2)),
    _Central("Kết luận", "21-KL/TW", dt.date(2021, 10, 25)),
    _Central("Chỉ thị", "05-CT/TW"),
)


@dataclass(frozen=True)
class _Provincial:
    doc_type: str
    symbol: str
    issued_on: dt.date
    subject: str
    body: str
    concretises: tuple[str, ...]


# Invented: numbers, dates, subjects and bodies.
PROVINCIAL: tuple[_Provincial, ...] = (
    _Provincial(
        "Kế hoạch",
        "15-KH/TU",
        dt.date(2019, 1, 14),
        "Thực hiện Nghị quyết số 35-NQ/TW của Bộ Chính trị trên địa bàn tỉnh",
        # "20/10/2018" is the slip a news report made (the resolution is dated 22/10/2018): the demo shows
        # how a citation with another date is linked and the difference pointed out.
        "Thực hiện Nghị quyết số 35-NQ/TW ngày 20/10/2018 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban "
        "hành kế hoạch thực hiện trên địa bàn tỉnh như sau.\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "1. Quán triệt sâu rộng nội dung Nghị quyết đến cán bộ, đảng viên và Nhân dân; gắn với việc "
        "thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị và Quy định 08-QĐi/TW về trách nhiệm nêu gương.\n"
        "2. Các cấp ủy xây dựng kế hoạch cụ thể, hoàn thành trước ngày 31/3/2019.\n\n"
        "II. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Ban Tuyên giáo Tỉnh ủy hướng dẫn các đảng bộ tổ chức học tập; kết hợp với Kế hoạch số "
        "09-KH/TU của Tỉnh ủy về công tác tuyên truyền.\n"
        "2. Định kỳ sáu tháng báo cáo kết quả thực hiện Nghị quyết 35 cùng kết quả thực hiện Chỉ thị 05 "
        "về Thường trực Tỉnh ủy.",
        ("35-NQ/TW",),
    ),
    _Provincial(
        "Chương trình",
        "22-CTr/TU",
        dt.date(2021, 12, 20),
        "Chương trình hành động thực hiện Kết luận số 21-KL/TW của Hội nghị Trung ương 4 khóa XIII",
        "Thực hiện Kết luận số 21-KL/TW ngày 25/10/2021 của Hội nghị lần thứ tư Ban Chấp hành Trung "
        "ương Đảng khóa XIII, Tỉnh ủy xây dựng Chương trình hành động như sau.\n\n"
        "1. Tiếp tục thực hiện Nghị quyết số 22-NQ/TW ngày 2/2/2008 về nâng cao năng lực lãnh đạo, "
        "sức chiến đấu của tổ chức cơ sở đảng.\n"
        "2. Thực hiện nghiêm Quy định 37-QĐ/TW và Quy định 22-QĐ/TW; các chi bộ đưa nội dung vào sinh "
        "hoạt thường kỳ theo Hướng dẫn 21-HD/BTCTW.\n"
        "3. Ủy ban Kiểm tra Tỉnh ủy chủ trì theo dõi, đôn đốc.",
        ("21-KL/TW",),
    ),
    _Provincial(
        "Kế hoạch",
        "31-KH/TU",
        dt.date(2021, 9, 6),
        "Học tập, quán triệt các quy định mới của Trung ương về công tác xây dựng Đảng",
        "Căn cứ Quy định 24-QĐ/TW thi hành Điều lệ Đảng và Hướng dẫn 01-HD/TW một số vấn đề cụ thể thi "
        "hành Điều lệ Đảng; Quy định 22-QĐ/TW về công tác kiểm tra, giám sát và kỷ luật của Đảng; "
        "Quy định 37-QĐ/TW về những điều đảng viên không được làm; Kết luận 14-KL/TW.\n\n"
        "Ban Thường vụ Tỉnh ủy tổ chức hội nghị trực tuyến quán triệt đến các điểm cầu cấp xã.",
        ("24-QĐ/TW", "01-HD/TW", "22-QĐ/TW", "37-QĐ/TW"),
    ),
)


def load_demo_documents(province: Unit) -> int:
    """Create the demo registry (idempotent: documents already there are left alone); returns how many."""
    created = 0
    for item in CENTRAL:
        if services.find_same(item.symbol, item.issued_on, "") is None:
            services.create_document(
                None,
                doc_type=item.doc_type,
                symbol=item.symbol,
                issued_on=item.issued_on,
                subject=item.subject,
                is_public=True,
            )
            created += 1
    for doc in PROVINCIAL:
        if services.find_same(doc.symbol, doc.issued_on, "") is not None:
            continue
        document = services.create_document(
            None,
            doc_type=doc.doc_type,
            symbol=doc.symbol,
            issued_on=doc.issued_on,
            subject=doc.subject,
            body=doc.body,
            issuing_unit=province,
        )
        created += 1
        for symbol in doc.concretises:
            target = Document.objects.filter(symbol=symbol).order_by("-issued_on").first()
            if target is not None:
                services.add_relation(None, document, target, RelationKind.CONCRETISES)
    return created
