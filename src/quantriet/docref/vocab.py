"""Vocabulary of document numbering: type words, symbol abbreviations, party issuers.

Kept as plain data so that local variants (see domain/document-numbering.md, items marked unverified) can be
extended without touching the parsing logic.
"""

from __future__ import annotations

# Type words as written in front of a number, mapped to the canonical type name. Longer names come first in
# the compiled alternation (see patterns.py), so "Thông tư liên tịch" wins over "Thông tư".
TYPE_WORDS: dict[str, str] = {
    "nghị quyết liên tịch": "Nghị quyết liên tịch",
    "nghị quyết": "Nghị quyết",
    "quy định": "Quy định",
    "qui định": "Quy định",
    "quyết định": "Quyết định",
    "hướng dẫn": "Hướng dẫn",
    "chỉ thị": "Chỉ thị",
    "kết luận": "Kết luận",
    "nghị định": "Nghị định",
    "thông tư liên tịch": "Thông tư liên tịch",
    "thông tư": "Thông tư",
    "bộ luật": "Bộ luật",
    "luật": "Luật",
    "pháp lệnh": "Pháp lệnh",
    "kế hoạch": "Kế hoạch",
    "công văn": "Công văn",
    "thông báo": "Thông báo",
    "chương trình": "Chương trình",
    "báo cáo": "Báo cáo",
    "tờ trình": "Tờ trình",
    "đề án": "Đề án",
    "quy chế": "Quy chế",
    "thông tri": "Thông tri",
    "công điện": "Công điện",
    "sắc lệnh": "Sắc lệnh",
    "quyết nghị": "Quyết nghị",
    "giấy phép": "Giấy phép",
    "bản án": "Bản án",
    # Longer names whose last word is another type word: the nearest type word must be the whole name.
    "thông báo kết luận": "Thông báo",
    "chương trình hành động": "Chương trình",
    "qcvn": "Quy chuẩn kỹ thuật quốc gia",
    "văn bản": "",  # a document of unnamed type: allows a symbol, gives no type
    "điện": "",  # "Điện số 499/ĐK": a telegram, named short; allows a symbol, gives no type
    # abbreviations written for the type in front of a number ("theo NĐ 67", "NQ 181")
    "nđ": "Nghị định",
    "nq": "Nghị quyết",
    "qđ": "",  # "QĐ 33": quyết định or quy định; a short reference of unnamed type (see extract)
}

# Type words that may stand before a bare number ("Nghị quyết 18") and make a partial citation.
PARTIAL_TYPES: frozenset[str] = frozenset(
    {
        "Nghị quyết",
        "Quy định",
        "Quyết định",
        "Hướng dẫn",
        "Chỉ thị",
        "Kết luận",
        "Nghị định",
        "Thông tư",
        "Kế hoạch",
        "Công văn",
        "Thông báo",
        "Chương trình",
        "Công điện",
        "Sắc lệnh",
    }
)

# Abbreviations that name exactly one type. QĐ is absent on purpose for party documents: it is both
# "Quy định" and "Quyết định", so only the words in front can tell.
PARTY_ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐi": "Quy định",
    "QĐNS": "Quyết định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "HD": "Hướng dẫn",
    "KH": "Kế hoạch",
    "CV": "Công văn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "QC": "Quy chế",
    "TT": "Thông tri",
}

# In state symbols QĐ only ever means "Quyết định" and TT means "Thông tư".
STATE_ABBREVIATIONS: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "CT": "Chỉ thị",
    "CĐ": "Công điện",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "TTr": "Tờ trình",
    "HD": "Hướng dẫn",
    "PL": "Pháp lệnh",
}

# Issuer endings of party bodies: Trung ương, tỉnh/thành ủy, huyện ủy, quận ủy, đảng ủy, đảng ủy khối.
PARTY_ISSUER_ENDINGS: tuple[str, ...] = ("TW", "TU", "HU", "QU", "ĐU", "ĐUK", "TXU")

# Issuers written out in words inside a symbol ("59/2010/QĐ-ủy ban nhân dân", seen where a tool expanded
# every "UBND"), read back as the abbreviation. Keys are lower case with single spaces.
SPELLED_ISSUERS: dict[str, str] = {
    "ủy ban nhân dân": "UBND",
    "uỷ ban nhân dân": "UBND",
    "hội đồng nhân dân": "HĐND",
}

# Alternative spellings of an issuer ("TƯ" is "Trung ương" like "TW"). Ids keep what is written (the
# contract); these are used where a citation is matched to a registry entry (``symbol_key``).
ISSUER_ALIASES: dict[str, str] = {"TƯ": "TW", "T.Ư": "TW"}

# Issuers of the old state form "number-ISSUER" with no type ("27-CP", "143-SL", "217-HĐBT"): bodies of the
# state, so such a symbol is a state document.
OLD_STATE_ISSUERS: frozenset[str] = frozenset(
    {"CP", "TTg", "SL", "HĐBT", "HĐCP", "HĐNN", "LCT", "UBTVQH", "CT", "BNV", "NV", "TC", "BYT", "BCA", "BQP"}
)

# Ordinal numbers written in words in plenum names ("Hội nghị lần thứ năm"), lower case; "tư" and "bốn"
# both mean four. Longer phrases first in the compiled alternation.
ORDINAL_WORDS: dict[str, int] = {
    "nhất": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "mười ba": 13,
    "mười bốn": 14,
    "mười lăm": 15,
    "mười sáu": 16,
    "mười bảy": 17,
    "mười tám": 18,
    "mười chín": 19,
    "hai mươi": 20,
}

# Party-style types whose capitalised name before a bare number is a short reference far more often than a
# quantity ("Chỉ thị 05 trong năm", "Quy định 22 thì"): any next word is accepted except QUANTITY_WORDS.
SHORT_REFERENCE_TYPES: frozenset[str] = frozenset(
    {
        "Nghị quyết",
        "Chỉ thị",
        "Quy định",
        "Kết luận",
        "Hướng dẫn",
        "Nghị định",
        "Thông tư",
        # capitalised, or with "số": "Quyết định 65 ban hành danh mục", "công văn số 561 thông báo"
        "Quyết định",
        "Công văn",
        "Thông báo",
        "Công điện",
        "Sắc lệnh",
    }
)
# Types whose name, even in lower case and without "số", is followed by a document number rather than a
# quantity ("theo nghị định 49 của Chính phủ"); "quyết định", "quy định", "kế hoạch" are verbs or nouns too.
LOWER_CASE_PARTIAL_TYPES: frozenset[str] = frozenset({"Nghị định", "Thông tư", "Nghị quyết", "Chỉ thị"})
# Words after a number that make it a quantity ("Nghị quyết 3 điểm", "Kết luận 2 năm").
QUANTITY_WORDS: frozenset[str] = frozenset(
    {
        "năm",
        "tháng",
        "tuần",
        "giờ",
        "phút",
        "tuổi",
        "người",
        "lần",
        "điểm",
        "điều",
        "nội",
        "vấn",
        "nhiệm",
        "giải",
        "mục",
        "nhóm",
        "tỷ",
        "tỉ",
        "triệu",
        "nghìn",
        "ngàn",
        "trăm",
        "đồng",
        "km",
        "ha",
        "tấn",
        "m",
        "kg",
        "usd",
        "ý",
        "cuộc",
        "đợt",
        "bản",
        "văn",
        "đơn",
        "chương",
        "phần",
        "khoản",
        "trang",
        "chữ",
        "cái",
        "con",
        "quan",
        "chủ",
        "trụ",
        "yêu",
        "tiêu",
        "nguyên",
        "bước",
        "khâu",
        "loại",
        "cấp",
        "kỳ",
        "lĩnh",
        "hộ",
        "xã",
        "tỉnh",
        "huyện",
        "đảng",
        "chi",
        "mẫu",
        "ô",
        "số",
    }
)

# Words that may follow the number of a partial citation. A bare number followed by anything else
# ("Quyết định 5 năm", "Kế hoạch 2 tỷ đồng") is far more often a quantity than a document.
PARTIAL_FOLLOWERS: frozenset[str] = frozenset(
    {
        "của",
        "về",
        "ngày",
        "khóa",
        "khoá",
        "và",
        "đã",
        "được",
        "do",
        "cũng",
        "là",
        "nêu",
        "đề",
        "trên",
        "này",
        "thì",
        "trong",
        "với",
        "đến",
        "vào",
        "nhằm",
        "mà",
        "theo",
        "sẽ",
        "đang",
        "vẫn",
        "chỉ",
        "có",
        "nhưng",
        "để",
        "khi",
        "bằng",
        "tại",
        "cho",
        "từ",
        "sau",
        "trước",
        "mới",
        "vừa",
        "không",
        "chưa",
        "sửa",
        "quy",
        "hướng",
        "hiện",
    }
)
