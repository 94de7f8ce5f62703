"""The compiled regular expressions, built once at import.

Scanning uses two cheap anchors that start with a rare character class (a digit, or the last letters of a type
word), so the regex engine's first-character test rejects most positions quickly; the costlier patterns run
only at anchor hits, with ``match``/``search`` bounded by ``pos``/``endpos``.
"""

from __future__ import annotations

import re

from quantriet.docref.vocab import ORDINAL_WORDS, SPELLED_ISSUERS, TYPE_WORDS

# Hyphen-like characters typed between the parts of a symbol.
DASH = r"\-\u2013\u2010\u2011\u2212"
_GAP = r"\s{0,3}"
# Capital letters of Vietnamese: abbreviations keep their diacritics ("ĐPƯC", "BLĐTBXH"), not only Đ.
UPPER = "A-Z" + "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# A symbol ends at a non-word character, or where "ngày" was typed without a space ("NĐ-CPngày 14...").
# Common words typed against a symbol without a space ("67/CPvừa hạ thủy", "TWcủa") also end it.
_END = r"(?:(?!\w)|(?=(?:[Nn]gày|của|về|và|vừa|do|được|đã|tại|theo|quy)(?!\w)))"

# A digit, then a separator, then (after an optional state year) a capital letter: "35-NQ", "13/2023/NĐ",
# "134/2016-NĐ" (a hyphen typed after the year); or a standard's "number:year/": "16:2013/BLĐTBXH".
# Historical and irregular forms add: a letter after the number ("45a/CT", "27 B-SL"), a number run together
# with its first part ("612BNV/TCCB"), a space typed for a separator ("17/2003 NĐ-CP", "244 NQ/HĐNN8").
SYMBOL_ANCHOR = re.compile(
    rf"\d(?:(?:[a-z]|[A-Z](?=/)|\s?[A-Z](?=\s?[{DASH}]))?"
    rf"(?:\s{{0,3}}[{DASH}/]\s{{0,3}}(?:\d{{4}}\s{{0,2}}[/{DASH}\s]\s{{0,2}})?|:\d{{4}}/)"
    rf"|[A-ZĐ]{{2,6}}\s{{0,2}}/|\s[A-ZĐ]{{2,6}}\s{{0,2}}/\s{{0,2}})[{UPPER}]"
)

# The last letters of a type word (or of "Trung ương"/"TW" in a plenum name) before a number: "quyết 18",
# "luận số 21", "ương 8". They find partial citations. Each is checked by a fixed-width look-behind from the
# number's first digit, so that one scan over the digits finds both symbols and partial citations: a scan
# anchored on letters costs as much again as the whole digit scan (most positions start with a letter).
_ENDINGS_BY_WIDTH = (
    ("W", "ị", "Ị", "ư", "Ư"),
    ("ết", "ẾT", "ẫn", "ẪN", "ăn", "ĂN", "áo", "ÁO", "ện", "ỆN", "NĐ", "NQ", "QĐ"),
    ("ịnh", "ỊNH", "uận", "UẬN", "ạch", "ẠCH", "ình", "ÌNH", "ệnh", "ỆNH"),
    (
        "ương",
        "ƯƠNG",
    ),
)
# What may stand between the ending and the number, each of fixed width: a space (or two), "số", "số:".
_BETWEEN = (r"\s", r"\s\s", r"\s[Ss][ốỐ]\s", r"\s[Ss][ốỐ]", r"\s[Ss][ốỐ]:\s", r"\s[Ss][ốỐ]\s\s")
_AFTER_TYPE_WORD = "|".join(
    rf"(?<=(?:{'|'.join(endings)}){between}\d)" for endings in _ENDINGS_BY_WIDTH for between in _BETWEEN
)
# A cheap first test: the character before the space is the last letter of some ending, or "số" stands there.
_LAST = "".join(sorted({ending[-1] for endings in _ENDINGS_BY_WIDTH for ending in endings}))
_PREFILTER = "|".join(
    rf"(?<={lookbehind}\d)"
    for lookbehind in (rf"[{_LAST}]\s", rf"[{_LAST}]\s\s", "[ốỐ]", r"[ốỐ]\s", r"[ốỐ]:\s", r"[ốỐ]\s\s")
)
# One scan: a symbol (its number's last digit, a separator, a capital; see SYMBOL_ANCHOR) or, failing that,
# the first digit of a number after a type word (group ``partial``).
ANCHOR = re.compile(rf"{SYMBOL_ANCHOR.pattern}|\d(?:{_PREFILTER})(?:{_AFTER_TYPE_WORD})(?P<partial>)")

# Plenum and congress names start with "quyết" then "Hội"/"Trung"/"TW"/"Đại" (see PLENUM): a literal prefix,
# which the regex engine searches fast, in lower case ("Nghị quyết", "Nghị Quyết") and in capitals.
PLENUM_ANCHORS = (
    re.compile(r"uyết\s{1,3}(?:[Hh]ội|HỘI|[Tt]rung|TRUNG|T[WƯ]|T\.Ư|[Đđ]ại|ĐẠI)"),
    re.compile(r"UYẾT\s{1,3}(?:HỘI|TRUNG|T[WƯ]|T\.Ư|ĐẠI)"),
)

# Party form: number - TYPE / ISSUER, with optional extra parts seen in old decrees ("444-BNV/HCĐP/26").
# The type may end in one lower-case letter (QĐi, TTr, CTr); lower-case đ is a typing variant of Đ.
# A number may carry a lower-case letter ("45a-CT/TW"). Abbreviation and issuer may mix cases in old or odd
# codes ("12-Cab/Ml"); the caller trusts those only after a type word (symbols.MIXED_CASE tells them).
# ... or a capital typed against it before the slash ("961A/TB-LĐ").
_NUM = r"(?P<num>\d{1,5}(?:[a-z](?![^\W\d_])|[A-Z](?=/))?)"
PARTY_SYMBOL = re.compile(
    rf"{_NUM}{_GAP}[{DASH}]{_GAP}(?P<abbr>[A-ZĐ][A-Za-zĐđ]{{0,5}}){_GAP}/{_GAP}"
    # The issuer may end in lower-case letters in the hybrid "824-QĐ/TTg" (a state issuer in party order).
    rf"(?P<issuer>[{UPPER}](?:[{UPPER}0-9]|[a-z](?=[{UPPER}0-9])){{0,9}}[a-z]{{0,2}}|T\.Ư)"
    # more parts: "/HCĐP/26", or a hyphen typed against the issuer ("468 - QĐ/VC- ĐT"; not " - TTXVN")
    rf"(?P<extra>(?:/[{UPPER}0-9][{UPPER}0-9]{{0,7}}|-\s?[{UPPER}][{UPPER}0-9]{{0,7}})*)" + _END
)
# The usual shapes of abbreviation and issuer; anything else is a mixed-case code that needs a type word.
PLAIN_ABBR = re.compile(r"[A-ZĐ][A-ZĐđ]{0,5}[ir]?")
PLAIN_ISSUER = re.compile(rf"[{UPPER}][{UPPER}0-9]{{0,9}}[a-z]{{0,2}}|T\.Ư")

# State form: number / [year /] TYPE - ISSUER[-ISSUER...], or number / year / ISSUER ("100/2015/QH13").
# A part is capitals and digits, may end in lower-case letters ("TTg", "BGDĐT"), may join two
# abbreviations with "&" ("QLCT&CTMT", "BGD&ĐT") and may end in a dotted letter or Roman numeral ("C.I" for
# Cục I, "T.Ư"); one letter only, so that "UBND.Theo" (a missing space) is not read as part of the symbol.
# A lower-case letter may also stand inside a part when a capital or digit follows it ("HoREA").
_PART = (
    rf"[{UPPER}](?:[{UPPER}đ0-9]|[a-z](?=[{UPPER}0-9])){{0,11}}(?:&[{UPPER}][{UPPER}đ0-9]{{0,9}})?[a-z]{{0,2}}"
    rf"(?:\.(?:[IVX]{{1,4}}|[{UPPER}])(?!\w))?"
)
# "19-2017/NQ-CP" (the Government's own numbering in 2014-2018) joins number and year with a hyphen; a few old
# symbols separate parts with "/" ("244/NQ/HĐNN8"), which the caller trusts only after a type word.
# A hyphen after the year ("134/2016-NĐ-CP") is a typing slip kept as written; a joint circular can name
# many issuers ("TTLT-BCA-BQP-BYT-TANDTC-VKSNDTC"); a year may be typed last ("92/CP/2015"); a technical
# standard writes "number:year/ISSUER" ("16:2013/BLĐTBXH").
STATE_SYMBOL = re.compile(
    rf"{_NUM}(?:\s{{0,2}}(?P<ysep>[/{DASH}])\s{{0,2}}(?P<year>(?:19|20)\d{{2}})\s{{0,2}}"
    rf"(?P<ysep2>[/{DASH}])|(?P<qsub>-[A-Z]{{1,4}})?(?P<colon>:)(?P<cyear>(?:19|20)\d{{2}})/|\s{{0,2}}/)"
    rf"\s{{0,2}}(?P<body>{_PART}(?:\s{{0,2}}[{DASH}/]\s{{0,2}}{_PART}){{0,7}})"
    # Historical symbols: a two-digit year after the type code ("12/QĐ-77", "08/NĐ-80"); a part in brackets
    # typed against the symbol ("…/QĐ-BNV(A12)").
    rf"(?:[{DASH}](?P<yy>\d{{2}})(?![\d{DASH}/]))?"
    rf"(?:\((?P<paren>[{UPPER}][{UPPER}a-z0-9]{{0,7}})\))?"
    rf"(?:/(?P<tyear>(?:19|20)\d{{2}}))?" + _END
)
# A number run together with its first part ("612BNV/TCCB"); trusted only after a type word.
GLUED_SYMBOL = re.compile(
    rf"(?P<num>\d{{1,5}})(?P<head>[A-ZĐ]{{2,6}})\s{{0,2}}/\s{{0,2}}"
    rf"(?P<body>{_PART}(?:\s{{0,2}}[{DASH}/]\s{{0,2}}{_PART}){{0,5}})" + _END
)
# A space typed for a separator: "17/2003 NĐ-CP" (state), "244 NQ/HĐNN8" (party order); after a type word.
SPACED_STATE = re.compile(
    rf"(?P<num>\d{{1,5}})\s{{0,2}}/\s{{0,2}}(?P<year>(?:19|20)\d{{2}})\s{{1,2}}"
    rf"(?P<body>{_PART}(?:[{DASH}]{_PART}){{1,5}})" + _END
)
SPACED_PARTY = re.compile(
    rf"(?P<num>\d{{1,5}})\s{{1,2}}(?P<abbr>[A-ZĐ][A-ZĐđ]{{0,5}}[ir]?)\s{{0,2}}/\s{{0,2}}"
    rf"(?P<issuer>[{UPPER}][{UPPER}0-9]{{0,9}}[a-z]{{0,2}})" + _END
)
# Right after a symbol, a separator glued to more word characters: the symbol was cut short.
CUT_SHORT = re.compile(rf"[{DASH}/&][^\W_]")
_SPELLED = "|".join(r"\s+".join(map(re.escape, phrase.split())) for phrase in SPELLED_ISSUERS)
SPELLED_ISSUER = re.compile(rf"[{DASH}]\s?(?P<phrase>{_SPELLED})(?!\w)", re.IGNORECASE)
STATE_PART_SPLIT = re.compile(rf"\s*([{DASH}/])\s*")
# Older state form, number - ISSUER with no type ("Nghị định 74-CP", "Quyết định 164-BNT-TCCB"); trusted only
# after a type word, because "số 3 - Phòng" or "1457-X" look the same.
# A letter suffix may be spaced ("Sắc lệnh số 27 B-SL").
OLD_SYMBOL = re.compile(
    rf"(?P<num>\d{{1,5}}(?:[a-z](?![^\W\d_])|\s?[A-Z](?=\s?[{DASH}]))?){_GAP}[{DASH}]{_GAP}"
    rf"(?P<issuer>[A-ZĐ]{{1,6}}[a-z]?(?:[{DASH}][A-ZĐ]{{1,6}}){{0,2}})(?![\w/])"
)


def _words_pattern(words: list[str]) -> str:
    """An alternation of multi-word phrases, any whitespace between words, longest phrases first."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in ordered)


TYPE_WORD = re.compile(rf"(?<!\w)(?:{_words_pattern(list(TYPE_WORDS))})(?!\w)", re.IGNORECASE)

# What may stand between a type word and the number when "số" is written: a few words naming the issuer or
# the law ("Luật Đất đai số 45/2013/QH13", "Quyết định của Thủ tướng số ...").
# A comma may stand inside a law's name ("Luật Cán bộ, công chức số 22/2008/QH12").
# A colon may stand before "số" in a list ("các quyết định: số 113/TTg ...").
TAIL_WITH_SO = re.compile(r"(?:,?\s+[^\W\d_]+){0,6}?\s*:?\s+số\s*:?\s*", re.IGNORECASE)
# Without "số" only whitespace or one repeated word ("Quy định định 08-QĐi/TW") may stand there.
TAIL_DIRECT = re.compile(r"\s+(?:(?P<dup>[^\W\d_]+)\s+)?")
SO_BEFORE = re.compile(r"(?<!\w)số\s*:?\s*\Z", re.IGNORECASE)

# A bare number before a symbol in a list: "18, " in "Nghị quyết số 18, 19-NQ/TW".
LIST_PREVIOUS = re.compile(r"(?<![\w./\-])(?P<num>\d{1,5})\s{0,2}(?:,|;|&|và)\s{0,2}\Z")
LIST_JOINER = re.compile(r"\s{0,2}(?:,|;|&|và)\s{0,2}\Z")

PLENUM_BEFORE = re.compile(
    r"(?<!\w)nghị\s+quyết\s+(?:hội\s+nghị\s+)?(?:lần\s+thứ\s+)?(?:trung\s+ương|TW|TƯ|T\.Ư)\s+(?:lần\s+thứ\s+)?\Z",
    re.IGNORECASE,
)
PLENUM_TERM = re.compile(
    r"\s{0,3}[,(]?\s{0,3}kh(?:óa|oá)\s{1,3}(?P<term>[IVXL]{1,6})(?!\w)\)?", re.IGNORECASE
)

# Named plenum resolutions in every spelling: "Nghị quyết Hội nghị 5 Ban Chấp hành Trung ương khóa XII",
# "Nghị quyết Hội nghị lần thứ năm Ban Chấp hành Trung ương Đảng khóa XII", "Nghị quyết Trung ương 4 (khóa
# XII)", in capitals too. PARTIAL_ANCHOR finds "quyết" followed by "Hội"/"Trung"/"TW", then PLENUM is
# matched from the "nghị" before it.
_ORDINAL = _words_pattern(list(ORDINAL_WORDS))
_PLENUM_ORD = rf"lần\s+thứ\s+(?:\d{{1,2}}(?!\d)|(?:{_ORDINAL})(?!\w))|\d{{1,2}}(?![\d\w])"
PLENUM = re.compile(
    r"nghị\s{1,3}quyết\s{1,3}"
    rf"(?:hội\s+nghị\s+(?:(?P<o1>{_PLENUM_ORD})\s+)?)?"
    r"(?:của\s+)?(?:ban\s+chấp\s+hành\s+)?(?:trung\s+ương|TW|TƯ|T\.Ư)(?!\w)(?:\s+đảng(?!\w))?"
    rf"(?:\s+(?:hội\s+nghị\s+)?(?P<o2>{_PLENUM_ORD}))?"
    r"(?:\s{0,3}[,(]?\s{0,3}(?:đảng\s+)?kh(?:óa|oá)\s{1,3}[IVXL]{1,6}(?!\w)\)?)?",
    re.IGNORECASE,
)
# A congress resolution, named like a plenum: "Nghị quyết Đại hội XII của Đảng", "Nghị quyết Đại hội đại biểu
# toàn quốc lần thứ XIII", "Nghị quyết Đại hội Đảng bộ tỉnh Nghệ An lần thứ XVIII". The congress number is a
# Roman numeral (in capitals) or follows "lần thứ", so that "Nghị quyết Đại hội đề ra 3 đột phá" is not one.
CONGRESS = re.compile(
    # not "Đại hội đồng" (shareholders, the UN General Assembly)
    r"nghị\s{1,3}quyết\s{1,3}đại\s+hội\s+(?!đồng(?!\w))(?:[^\W\d_]+\s+){0,7}?"
    rf"(?:lần\s+thứ\s+(?:(?-i:[IVXL]{{1,6}})|\d{{1,2}}|{_ORDINAL})|(?-i:[IVXL]{{1,6}}))(?!\w)"
    r"(?:\s+của\s+đảng(?!\s+bộ)(?!\w))?",
    re.IGNORECASE,
)
NGHI_BEFORE = re.compile(r"nghị\s{1,3}\Z", re.IGNORECASE)

_DATE = (
    rf"(?P<d>\d{{1,2}})\s{{0,2}}(?P<sep>[/.{DASH}])\s{{0,2}}(?P<m>\d{{1,2}})\s{{0,2}}(?P=sep)\s{{0,2}}"
    r"(?P<y>\d{4})(?!\d)"
    r"|(?P<d2>\d{1,2})\s{1,3}tháng\s{1,3}(?P<m2>\d{1,2})\s{0,3},?\s{1,3}năm\s{1,3}(?P<y2>\d{4})(?!\d)"
)
# The issue date attached after a citation: ", ngày 20/10/2018", " ban hành ngày 2-2-2008",
# " của Bộ Chính trị ngày 25 tháng 10 năm 2021", " (ngày 20.10.2018)", " (20/10/2018)".
DATE_AFTER = re.compile(
    # not a new line opening with "Ngày": that starts the next sentence, not an attached date
    r"(?!\s*\n\s*N)"
    r"(?P<open>\s{0,3},?\s{0,3}\(?)\s{0,3}"
    r"(?:(?:được\s+)?ban\s+hành\s+|ký\s+|cấp\s+)?"
    # the issuer's words, possibly with an aside in brackets and a comma: "của Hội đồng Bộ trưởng (nay là
    # Chính phủ) ngày …", "của Bộ Chính trị, ngày …"
    r"(?:(?:của|do)\s+[^\W\d_]+(?:\s+(?:[^\W\d_]+|\([^()\n]{1,40}\))){0,9}?\s{0,2},?\s+)?"
    # not a date the document takes effect or sets ("thì từ ngày 1-7-2016", "đến ngày ...")
    r"(?<![Tt]ừ\s)(?<!đến\s)(?<!trước\s)(?<!sau\s)(?<!hạn\s)"
    rf"(?:ngày\s{{1,3}}|(?<=\())(?:{_DATE})",
    re.IGNORECASE,
)
CLOSE_PAREN = re.compile(r"\s{0,2}\)")

# More numbers listed after a partial citation's number, of the same type: "Quyết định 09, 80, 86 về",
# "Nghị quyết 242 (11/1967) và 338 (10/1973)".
PARTIAL_LIST_NEXT = re.compile(
    r"(?:\s{0,2}\([^()\n]{1,12}\))?\s{0,2}(?:,|;|và)\s{1,2}(?P<num>\d{1,4})(?![\w/])(?![.,\u2013-]\w)"
)
# After a partial citation's number, the year it was issued in: "Nghị định 155/2016", "Nghị định 154 năm
# 2016" (a year, not "năm 2016 - 2020" or a symbol cut short: "18/2017/").
PARTIAL_YEAR = re.compile(
    rf"\s{{0,2}}/\s{{0,2}}(?P<year>(?:19|20)\d{{2}})(?![\w/{DASH}])"
    rf"|\s{{1,2}}năm\s{{1,2}}(?P<year2>(?:19|20)\d{{2}})(?!\w|\s{{0,2}}[{DASH}]\s{{0,2}}\d)"
)
# After a partial citation's number: the next word, to tell "Nghị quyết 18 của ..." from "Quyết định 5 năm".
NEXT_WORD = re.compile(r"[^\S\n]*(?P<word>[^\W\d_]+|[^\w\s]|\n|\Z)")
