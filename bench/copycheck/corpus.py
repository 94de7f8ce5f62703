"""A Vietnamese text-alignment corpus in the PAN layout, built from the real text in ../shared/corpora.

    .venv/bin/python bench/copycheck/corpus.py --out bench/out/pan-tune --seed 1 --split tune
    .venv/bin/python bench/copycheck/corpus.py --out /tmp/pan-heldout --seed 2 --split heldout --susp 300

Layout of ``--out`` (never committed: write it under bench/out/ or /tmp):

    susp/suspicious-documentNNNNN.txt   host documents, two thirds with passages of source text inserted
    src/source-documentNNNNN.txt        source documents
    pairs                               "susp src" per line: every pair with a case, and one random
                                        source for each copy-free suspicious document (PAN's negative pairs)
    truth/<susp>-<src>.xml              the cases of each listed pair (PAN XML; no feature when negative)
    base-cohort/base.txt                a base text: a report form's heading and a passage of a real
                                        party-themed article (the resolution studied)
    base-cohort/report-NNN.txt          independent learning reports quoting base.txt and using stock
                                        phrases of party writing; nothing copied among them
    manifest.json                       where every file came from and what was done to every case

How a case is made: a run of whole sentences (50-150 words short, 150-400 medium, 400-1000 long) is cut
from a source document, disguised (``OBFUSCATIONS``) and inserted at a sentence boundary of a host
document. Each suspicious document takes passages from 1-3 distinct sources; a source may serve several
suspicious documents, never with overlapping passages, so no two suspicious documents share text. Host,
source and report documents are real articles that share no 8-word run with each other (the news corpus
holds the same story from several outlets: those are left out), so any other pair a detector reports
is a false one.

The ``tune`` and ``heldout`` splits draw from disjoint halves of the corpora (by a hash of each
document's id); within a split everything is determined by ``--seed``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
from quantriet.copycheck.pan import Annotation, write_xml  # noqa: E402 (after the path set-up)

CORPORA = ROOT.parent / "shared" / "corpora"
FILES = ("news-dev.jsonl.gz", "viwiki-dev.jsonl.gz")
OBFUSCATIONS = ("none", "random", "synonym", "reorder", "unicode", "mixed")
LENGTHS = {"short": (50, 150), "medium": (150, 400), "long": (400, 1000)}
LENGTH_WEIGHTS = {"short": 0.45, "medium": 0.35, "long": 0.20}
SOURCES_PER_DOCUMENT = {1: 0.55, 2: 0.30, 3: 0.15}
# Two documents sharing NEAR_DUPLICATE runs of SHINGLE words (one run of 8 words, or a few shorter runs
# of a reworded story) tell the same story in the same words: only the first drawn is kept.
SHINGLE = 6
NEAR_DUPLICATE = 3

# --- facts of language: the synonym table and stock phrases (written for this benchmark) ---------------

# Each key may be replaced by one of its values. Keys are chosen so that a replacement stays Vietnamese
# in most contexts; a few odd results are part of what this obfuscation is.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "tuy nhiên": ("song", "thế nhưng", "dù vậy"),
    "nhưng": ("song", "thế nhưng"),
    "vì vậy": ("do đó", "vì thế", "bởi vậy"),
    "do đó": ("vì vậy", "vì thế"),
    "vì thế": ("do vậy", "vì vậy"),
    "bởi vì": ("bởi lẽ", "vì"),
    "ngoài ra": ("bên cạnh đó", "thêm vào đó"),
    "bên cạnh đó": ("ngoài ra", "đồng thời"),
    "hiện nay": ("hiện tại", "ngày nay"),
    "trước đây": ("trước kia",),
    "sau đó": ("tiếp đó", "rồi"),
    "rất": ("hết sức", "vô cùng"),
    "khoảng": ("chừng", "độ", "khoảng chừng"),
    "nhằm": ("để", "với mục đích"),
    "cho biết": ("cho hay", "thông tin"),
    "cho hay": ("cho biết",),
    "bắt đầu": ("khởi đầu", "mở đầu"),
    "kết thúc": ("chấm dứt", "khép lại"),
    "nhanh chóng": ("mau chóng", "khẩn trương"),
    "quan trọng": ("hệ trọng", "trọng yếu"),
    "to lớn": ("lớn lao",),
    "lớn lao": ("to lớn",),
    "đất nước": ("quốc gia", "nước nhà"),
    "quốc gia": ("đất nước",),
    "người dân": ("nhân dân", "dân chúng"),
    "nhân dân": ("người dân", "quần chúng"),
    "tăng cường": ("đẩy mạnh", "củng cố"),
    "đẩy mạnh": ("tăng cường", "thúc đẩy"),
    "thúc đẩy": ("đẩy mạnh", "xúc tiến"),
    "phát triển": ("mở mang",),
    "giúp đỡ": ("hỗ trợ", "trợ giúp"),
    "hỗ trợ": ("giúp đỡ", "trợ giúp"),
    "giải quyết": ("xử lý", "khắc phục"),
    "xử lý": ("giải quyết",),
    "thực hiện": ("triển khai", "tiến hành"),
    "tiến hành": ("thực hiện",),
    "triển khai": ("thực hiện", "tổ chức thực hiện"),
    "mục tiêu": ("mục đích",),
    "mục đích": ("mục tiêu",),
    "nhiệm vụ": ("phận sự",),
    "trách nhiệm": ("bổn phận",),
    "khó khăn": ("trở ngại", "gian nan"),
    "thuận lợi": ("dễ dàng", "suôn sẻ"),
    "dễ dàng": ("thuận lợi",),
    "cố gắng": ("nỗ lực", "gắng sức"),
    "nỗ lực": ("cố gắng",),
    "chủ yếu": ("chính", "phần lớn"),
    "hầu hết": ("phần lớn", "đa số"),
    "phần lớn": ("đa số", "hầu hết"),
    "đa số": ("phần lớn",),
    "toàn bộ": ("tất cả", "toàn thể"),
    "tất cả": ("toàn bộ", "hết thảy"),
    "lập tức": ("ngay", "tức khắc"),
    "thường xuyên": ("liên tục", "đều đặn"),
    "luôn luôn": ("lúc nào cũng", "luôn"),
    "đôi khi": ("thỉnh thoảng", "có lúc"),
    "thỉnh thoảng": ("đôi khi", "đôi lúc"),
    "gần đây": ("thời gian qua", "mới đây"),
    "mới đây": ("gần đây", "vừa qua"),
    "vừa qua": ("mới đây",),
    "năm ngoái": ("năm trước", "năm rồi"),
    "tương lai": ("sau này", "mai sau"),
    "bây giờ": ("lúc này", "hiện giờ"),
    "lúc này": ("bây giờ",),
    "nguyên nhân": ("lý do", "căn nguyên"),
    "lý do": ("nguyên nhân", "duyên cớ"),
    "sử dụng": ("dùng", "tận dụng"),
    "xây dựng": ("kiến thiết", "dựng nên"),
    "bảo vệ": ("gìn giữ", "che chở"),
    "giữ gìn": ("gìn giữ",),
    "chú trọng": ("coi trọng", "quan tâm"),
    "quan tâm": ("chú ý", "chú trọng"),
    "chú ý": ("lưu ý", "quan tâm"),
    "nâng cao": ("cải thiện", "tăng cường"),
    "cải thiện": ("nâng cao",),
    "cải cách": ("đổi mới",),
    "đổi mới": ("cải cách", "cách tân"),
    "vi phạm": ("làm trái",),
    "ngăn chặn": ("ngăn ngừa", "chặn đứng"),
    "phòng ngừa": ("phòng tránh", "ngăn ngừa"),
    "tuyên truyền": ("phổ biến", "vận động"),
    "đánh giá": ("nhận định", "nhận xét"),
    "nhận xét": ("đánh giá",),
    "nhận thấy": ("thấy rõ", "nhận ra"),
    "nhận thức": ("hiểu biết", "nhận biết"),
    "cần thiết": ("thiết yếu", "cần"),
    "cần phải": ("phải", "cần"),
    "bảo đảm": ("đảm bảo",),
    "đảm bảo": ("bảo đảm",),
    "tham gia": ("góp mặt", "tham dự"),
    "tham dự": ("tham gia", "dự"),
    "cuộc họp": ("buổi họp", "phiên họp"),
    "yêu cầu": ("đề nghị", "đòi hỏi"),
    "đề nghị": ("kiến nghị", "yêu cầu"),
    "kiến nghị": ("đề nghị",),
    "chỉ đạo": ("lãnh đạo", "điều hành"),
    "tích cực": ("hăng hái", "năng nổ"),
    "hăng hái": ("tích cực",),
    "nghiêm túc": ("nghiêm chỉnh",),
    "nghiêm chỉnh": ("nghiêm túc",),
    "đoàn kết": ("gắn bó", "đồng lòng"),
    "gắn bó": ("đoàn kết", "khăng khít"),
    "trung thực": ("thật thà", "ngay thẳng"),
    "giản dị": ("mộc mạc", "đơn sơ"),
    "đơn giản": ("giản đơn",),
    "phức tạp": ("rắc rối",),
    "nguy hiểm": ("hiểm nguy", "nguy hại"),
    "ổn định": ("vững vàng", "yên ổn"),
    "bền vững": ("lâu bền", "vững bền"),
    "mạnh mẽ": ("quyết liệt", "mãnh liệt"),
    "quyết liệt": ("mạnh mẽ", "kiên quyết"),
    "kiên quyết": ("dứt khoát", "quyết liệt"),
    "sâu sắc": ("thấu đáo", "sâu rộng"),
    "rộng rãi": ("sâu rộng", "khắp nơi"),
    "đầy đủ": ("trọn vẹn", "đủ"),
    "chính xác": ("đúng đắn", "chuẩn xác"),
    "đúng đắn": ("chính xác", "đúng"),
    "cụ thể": ("chi tiết", "rõ ràng"),
    "rõ ràng": ("minh bạch", "cụ thể"),
    "minh bạch": ("công khai", "rõ ràng"),
    "ví dụ": ("chẳng hạn", "thí dụ"),
    "chẳng hạn": ("ví dụ",),
    "đặc biệt": ("nhất là", "riêng"),
    "nhất là": ("đặc biệt là",),
    "cùng với": ("cùng", "với"),
    "trong khi": ("khi", "trong lúc"),
    "nếu": ("giả như", "nếu như"),
    "mặc dù": ("tuy", "dù"),
    "có thể": ("có khả năng",),
    "mỗi": ("từng",),
    "lớn": ("to",),
    "nhỏ": ("bé",),
    "nhanh": ("mau",),
    "xem xét": ("cân nhắc", "xét"),
    "cân nhắc": ("xem xét",),
    "tìm hiểu": ("nghiên cứu", "khám phá"),
    "nghiên cứu": ("tìm hiểu",),
    "trao đổi": ("thảo luận", "bàn bạc"),
    "thảo luận": ("bàn bạc", "trao đổi"),
    "bàn bạc": ("thảo luận",),
    "trình bày": ("nêu",),
    "nói chuyện": ("trò chuyện",),
    "trò chuyện": ("nói chuyện",),
    "học tập": ("học hỏi",),
    "học hỏi": ("học tập",),
    "doanh nghiệp": ("công ty",),
    "công ty": ("doanh nghiệp",),
    "chính quyền": ("nhà chức trách",),
    "cơ quan chức năng": ("nhà chức trách", "cơ quan có thẩm quyền"),
    "trẻ em": ("trẻ nhỏ", "con trẻ"),
    "tài sản": ("của cải",),
    "đầu tư": ("rót vốn",),
    "kinh phí": ("ngân sách", "chi phí"),
    "chi phí": ("phí tổn",),
    "tăng": ("gia tăng", "tăng lên"),
    "giảm": ("suy giảm", "giảm bớt"),
    "tạo điều kiện": ("tạo thuận lợi",),
    "góp phần": ("đóng góp vào", "góp sức"),
    "đóng góp": ("góp phần", "cống hiến"),
    "thành công": ("thắng lợi",),
    "thắng lợi": ("thành công",),
    "khẳng định": ("nhấn mạnh", "quả quyết"),
    "nhấn mạnh": ("khẳng định",),
    "cho rằng": ("nhận định", "cho là"),
    "như vậy": ("vậy là", "theo đó"),
}

# Formulas of party writing that independent reports share without copying each other.
STOCK_PHRASES = (
    "xây dựng Đảng trong sạch, vững mạnh",
    "nâng cao năng lực lãnh đạo và sức chiến đấu của tổ chức cơ sở đảng",
    "giữ vững vai trò tiên phong, gương mẫu của người đảng viên",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    "tăng cường khối đại đoàn kết toàn dân tộc",
    "phát huy quyền làm chủ của nhân dân",
    "đấu tranh phòng, chống tham nhũng, lãng phí",
    "ngăn chặn, đẩy lùi sự suy thoái về tư tưởng chính trị, đạo đức, lối sống",
    "đấu tranh với những biểu hiện tự diễn biến, tự chuyển hóa trong nội bộ",
    "thực hiện tốt nguyên tắc tập trung dân chủ",
    "thường xuyên tự phê bình và phê bình",
    "giữ mối liên hệ mật thiết với nhân dân",
    "hoàn thành tốt nhiệm vụ được giao",
    "nâng cao chất lượng sinh hoạt chi bộ",
    "quán triệt sâu sắc quan điểm, chủ trương của Đảng",
    "chấp hành nghiêm chính sách, pháp luật của Nhà nước",
    "phát triển kinh tế - xã hội đi đôi với bảo đảm quốc phòng, an ninh",
    "thực hiện thắng lợi nghị quyết đại hội đảng bộ các cấp",
    "củng cố, kiện toàn tổ chức bộ máy",
    "đổi mới nội dung, phương thức lãnh đạo của Đảng",
    "nâng cao tinh thần trách nhiệm, ý thức tổ chức kỷ luật",
    "nói đi đôi với làm",
    "thực hành cần, kiệm, liêm, chính, chí công vô tư",
    "giữ gìn đoàn kết, thống nhất trong Đảng",
    "kiên quyết bảo vệ nền tảng tư tưởng của Đảng",
    "đấu tranh phản bác các quan điểm sai trái, thù địch",
    "phấn đấu vì mục tiêu dân giàu, nước mạnh, dân chủ, công bằng, văn minh",
    "coi công tác cán bộ là khâu then chốt",
    "lấy hiệu quả công việc làm thước đo",
    "gắn việc học tập nghị quyết với nhiệm vụ chính trị của đơn vị",
)
STOCK_FRAMES = (
    "{P}.",
    "Bản thân luôn {p}.",
    "Chi bộ tiếp tục {p}.",
    "Tôi nhận thức rõ phải {p}.",
    "Thời gian tới, tôi sẽ {p}.",
    "Mỗi đảng viên cần {p}.",
    "Thời gian tới, tôi sẽ {p} và {q}.",
    "Chúng ta phải {p}, {q}.",
)
QUOTE_FRAMES = ("Nghị quyết nêu rõ: “{quote}”", "Văn kiện đã chỉ rõ, {quote}", "{quote}", "“{quote}”")
# Common family, middle and given names, to sign the reports.
_FAMILY = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô"
_MIDDLE = "Văn Thị Đức Minh Quang Thu Thanh Hữu Ngọc Xuân"
_GIVEN = (
    "An Bình Cường Dũng Hà Hải Hạnh Hiếu Hoa Hùng Huy Lan Linh Long Mai Nam Nga Phong Phương Quân Sơn Tâm"
)
_GIVEN += " Thảo Trang Tuấn Yến"
FAMILY, MIDDLE, GIVEN = (tuple(names.split()) for names in (_FAMILY, _MIDDLE, _GIVEN))
PARTY_WORDS = ("Đảng", "đảng viên", "chi bộ", "nghị quyết", "Nghị quyết", "cán bộ")

# --- text helpers -----------------------------------------------------------------------------------------

_WORD = re.compile(r"\w+")
_CUT = re.compile(r"(?<=[.!?…])[\"”’»)\]]*(\s+)")
_HEADING = re.compile(r"^\s*=+[^=\n]*=+\s*$", re.MULTILINE)
_TONE = "[\u0300\u0301\u0303\u0309\u0323]"
_LETTER = re.compile(r"[^\W\d_]")


def clean(text: str) -> str:
    """A corpus text as a report writer would paste it: Unix line ends, no wiki headings, no blank runs."""
    text = _HEADING.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def word_count(text: str) -> int:
    return len(text.split())


def sentence_spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, starts a paragraph) of every sentence: cut after . ! ? … and at line ends."""
    spans: list[tuple[int, int, bool]] = []
    for line in re.finditer(r"[^\n]+", text):
        position, first = 0, True
        pieces = [(cut.start(1), cut.end()) for cut in _CUT.finditer(line.group())]
        for end, after in [*pieces, (len(line.group()), len(line.group()))]:
            piece = line.group()[position:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                start = line.start() + position + lead
                spans.append((start, line.start() + position + len(piece.rstrip()), first))
                first = False
            position = after
    return spans


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return {
        hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest()
        for i in range(len(words) - SHINGLE + 1)
    }


def _split_of(document_id: str) -> str:
    return "tune" if hashlib.sha256(document_id.encode()).digest()[0] % 2 == 0 else "heldout"


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- obfuscations: each takes a passage and returns it disguised, with a note of what was done -----------


def _map_words(passage: str, edit: Callable[[list[str]], list[str]]) -> str:
    """Apply ``edit`` to the words of each line; line breaks survive, other spacing becomes one space."""
    return "\n".join(" ".join(edit(line.split())) if line.strip() else line for line in passage.split("\n"))


def random_edits(
    passage: str, rng: random.Random, vocabulary: list[str], rate: float
) -> tuple[str, dict[str, Any]]:
    """Delete, replace, insert words and swap neighbours, each word edited with probability ``rate``."""
    counts = {"delete": 0, "replace": 0, "insert": 0, "swap": 0}

    def edit(words: list[str]) -> list[str]:
        out: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if rng.random() >= rate:
                out.append(word)
            else:
                op = rng.choices(("delete", "replace", "insert", "swap"), (0.25, 0.35, 0.2, 0.2))[0]
                counts[op] += 1
                if op == "replace":
                    out.append(rng.choice(vocabulary))
                elif op == "insert":
                    out += [word, rng.choice(vocabulary)]
                elif op == "swap" and index + 1 < len(words):
                    out += [words[index + 1], word]
                    index += 1
                elif op == "swap":
                    out.append(word)
            index += 1
        return out

    return _map_words(passage, edit), {"rate": round(rate, 3), **counts}


_SYNONYM_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)) + r")(?!\w)",
    re.IGNORECASE,
)


def synonyms(passage: str, rng: random.Random, share: float = 0.85) -> tuple[str, dict[str, Any]]:
    """Replace words and phrases found in ``SYNONYMS`` (each with probability ``share``)."""
    count = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal count
        found = match.group()
        if rng.random() >= share:
            return found
        count += 1
        choice = rng.choice(SYNONYMS[found.lower()])
        return _capitalise(choice) if found[:1].isupper() else choice

    text = _SYNONYM_PATTERN.sub(swap, passage)
    return text, {"replaced": count, "words": word_count(passage)}


def reorder(passage: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Shuffle the passage's sentences (lines keep their sizes), merge some, split others at a comma.

    Half the time the whole passage is shuffled, otherwise only within runs of 2-5 sentences (a writer
    moving a sentence or two).
    """
    lines = [[line[s:e] for s, e, _ in sentence_spans(line)] for line in passage.split("\n") if line.strip()]
    flat = [sentence for line in lines for sentence in line]
    scope = rng.choice(("global", "local"))
    if scope == "global":
        rng.shuffle(flat)
    else:
        position = 0
        while position < len(flat):
            size = rng.randint(2, 5)
            window = flat[position : position + size]
            rng.shuffle(window)
            flat[position : position + size] = window
            position += size
    merged = split = 0
    out: list[str] = []
    for sentence in flat:
        if out and out[-1][-1:] == "." and rng.random() < 0.2:
            out[-1] = out[-1][:-1] + ", " + sentence[:1].lower() + sentence[1:]
            merged += 1
            continue
        comma = sentence.find(", ", len(sentence) // 3)
        if comma > 0 and rng.random() < 0.3 and _LETTER.match(sentence[comma + 2 : comma + 3] or "-"):
            out += [sentence[:comma] + ".", _capitalise(sentence[comma + 2 :])]
            split += 1
            continue
        out.append(sentence)
    # Lines keep their original number of sentences where they can, so paragraph breaks survive.
    sizes = [len(line) for line in lines]
    rebuilt, position = [], 0
    for index, size in enumerate(sizes):
        take = len(out) - position if index == len(sizes) - 1 else min(size, len(out) - position)
        if take > 0:
            rebuilt.append(" ".join(out[position : position + take]))
            position += take
    return "\n".join(rebuilt), {"scope": scope, "sentences": len(flat), "merged": merged, "split": split}


def _toggle_tone_style(text: str) -> str:
    """New-style tone placement (hóa, thủy, khỏe) to old-style (hoá, thuỷ, khoẻ) and back."""
    nfd = unicodedata.normalize("NFD", text)
    # Only open syllables move their tone ("hoàn" is spelt alike in both styles); "quý" never does.
    end = r"(?![^\W_]|[\u0300-\u036f])"
    old = re.compile(rf"([oO])([aAeE])({_TONE}){end}")
    new = re.compile(rf"([oO])({_TONE})([aAeE]){end}")
    old_uy = re.compile(rf"(?<![qQ])([uU])([yY])({_TONE}){end}")
    new_uy = re.compile(rf"(?<![qQ])([uU])({_TONE})([yY]){end}")
    marker = "\ue000"  # keeps a syllable turned one way from being turned back by the next pattern
    nfd = new.sub(lambda m: m[1] + m[3] + marker + m[2], nfd)
    nfd = new_uy.sub(lambda m: m[1] + m[3] + marker + m[2], nfd)
    nfd = old.sub(lambda m: m[1] + m[3] + m[2], nfd)
    nfd = old_uy.sub(lambda m: m[1] + m[3] + m[2], nfd)
    return unicodedata.normalize("NFC", nfd.replace(marker, ""))


def _quotes(text: str, rng: random.Random) -> str:
    if "“" in text or "”" in text:
        return text.replace("“", '"').replace("”", '"')
    parts = text.split('"')
    return "".join(p + ("“" if i % 2 == 0 else "”") for i, p in enumerate(parts[:-1])) + parts[-1]


def _dashes(text: str, rng: random.Random) -> str:
    return text.replace(" - ", " – ") if " - " in text else text.replace("–", "-").replace("—", "-")


def _case(text: str, rng: random.Random) -> str:
    choice = rng.choice(("upper", "lower", "title", "first"))
    if choice == "upper":
        return text.upper()
    if choice == "lower":
        return text.lower()
    if choice == "title":
        return " ".join(_capitalise(w) for w in text.split(" "))
    end = text.find(". ")
    return text[:end].upper() + text[end:] if end > 0 else text.upper()


def _punctuation(text: str, rng: random.Random) -> str:
    def change(match: re.Match[str]) -> str:
        roll = rng.random()
        if roll < 0.3:
            return " "  # the comma dropped
        if roll < 0.5:
            return " , "
        return match.group()

    text = re.sub(r", ", change, text)
    return re.sub(r"\. (?=\w)", lambda m: "; " if rng.random() < 0.3 else m.group(), text)


def _nbsp(text: str, rng: random.Random) -> str:
    share = rng.uniform(0.3, 1.0)
    return re.sub(" ", lambda m: "\u00a0" if rng.random() < share else " ", text)


UNICODE_STEPS: dict[str, Callable[[str, random.Random], str]] = {
    "tone_style": lambda text, rng: _toggle_tone_style(text),
    "eth": lambda text, rng: text.replace("Đ", "\u00d0").replace("đ", "\u00f0"),
    "nbsp": _nbsp,
    "quotes": _quotes,
    "dashes": _dashes,
    "case": _case,
    "punctuation": _punctuation,
    "nfd": lambda text, rng: unicodedata.normalize("NFD", text),  # kept last: the others expect NFC
}


def unicode_variants(passage: str, rng: random.Random) -> tuple[str, dict[str, Any]]:
    """Two to five look-alike changes: NFD, Ð, old-style tones, no-break spaces, quotes, dashes, case,
    punctuation."""
    names = list(UNICODE_STEPS)
    chosen = set(rng.sample(names, rng.randint(2, 5)))
    if not chosen & {"tone_style", "eth", "nfd", "case"}:
        chosen.add(rng.choice(("tone_style", "eth", "nfd")))  # at least one change inside the words
    for name in names:
        if name in chosen:
            passage = UNICODE_STEPS[name](passage, rng)
    return passage, {"steps": [name for name in names if name in chosen]}


@dataclass
class Obfuscator:
    rng: random.Random
    vocabulary: list[str]

    def apply(self, kind: str, passage: str) -> tuple[str, dict[str, Any]]:
        if kind == "none":
            return passage, {}
        if kind == "random":
            return random_edits(passage, self.rng, self.vocabulary, self.rng.uniform(0.05, 0.25))
        if kind == "synonym":
            return synonyms(passage, self.rng)
        if kind == "reorder":
            return reorder(passage, self.rng)
        if kind == "unicode":
            return unicode_variants(passage, self.rng)
        if kind == "mixed":
            steps = self.rng.sample(("random", "synonym", "reorder", "unicode"), self.rng.randint(2, 3))
            notes: dict[str, Any] = {"steps": []}
            for step in ("synonym", "random", "reorder", "unicode"):  # unicode last: NFD would hide words
                if step in steps:
                    if step == "random":
                        passage, note = random_edits(
                            passage, self.rng, self.vocabulary, self.rng.uniform(0.03, 0.12)
                        )
                    else:
                        passage, note = self.apply(step, passage)
                    notes["steps"].append({"kind": step, **note})
            return passage, notes
        raise ValueError(f"unknown obfuscation {kind!r}")


# --- documents --------------------------------------------------------------------------------------------


@dataclass
class Source:
    id: str
    title: str
    text: str
    spans: list[tuple[int, int, bool]] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)  # sentence index ranges already taken
    # Shingles of the passages taken: an article that repeats itself (a quotation in the lead and again
    # in the body) must not give the same sentence to two suspicious documents.
    taken: set[bytes] = field(default_factory=set)


def load_split(corpora: Path, split: str) -> list[tuple[str, str, str]]:
    """(id, title, cleaned text) of the split's documents of at least 150 words, in corpus order."""
    documents = []
    for name in FILES:
        with gzip.open(corpora / name, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if _split_of(record["id"]) != split:
                    continue
                text = clean(record["text"])
                if word_count(text) >= 150:
                    documents.append((record["id"], record["title"], text))
    return documents


class Picker:
    """Draws documents in a seeded order, refusing any that shares text with one drawn before."""

    def __init__(self, documents: list[tuple[str, str, str]], rng: random.Random) -> None:
        self.order = list(documents)
        rng.shuffle(self.order)
        self.taken: set[str] = set()
        self.owner: dict[bytes, int] = {}  # shingle -> the first kept document holding it
        self.kept = 0
        self.refused = 0

    def pick(self, count: int, accept: Callable[[str, str], bool]) -> list[tuple[str, str, str]]:
        chosen: list[tuple[str, str, str]] = []
        for document in self.order:
            if len(chosen) == count:
                break
            identifier, title, text = document
            if identifier in self.taken or not accept(title, text):
                continue
            shingles = _shingles(text)
            self.taken.add(identifier)
            shared = Counter(self.owner[s] for s in shingles if s in self.owner)
            if shared and shared.most_common(1)[0][1] >= NEAR_DUPLICATE:
                self.refused += 1
                continue
            for shingle in shingles:
                self.owner.setdefault(shingle, self.kept)
            self.kept += 1
            chosen.append(document)
        if len(chosen) < count:
            raise SystemExit(f"only {len(chosen)} of {count} documents available in this split")
        return chosen


def take_passage(source: Source, words: int, rng: random.Random) -> tuple[int, int] | None:
    """Character span of a run of whole sentences of about ``words`` words not yet taken, or None."""
    spans = source.spans
    for _ in range(8):
        first = rng.randrange(len(spans))
        count, last = 0, first
        while last < len(spans) and count < words:
            if any(lo <= last < hi for lo, hi in source.used):
                break
            count += word_count(source.text[spans[last][0] : spans[last][1]])
            last += 1
        if count < max(words * 0.8, 50) or last == first:
            continue
        start, end = spans[first][0], spans[last - 1][1]
        if count > words * 1.25:  # one very long "sentence" (a list, a table): cut it at a word
            cut = [m.end() for m in re.finditer(r"\S+", source.text[start:end])][: int(words)]
            end = start + cut[-1]
        shingles = _shingles(source.text[start:end])
        if shingles & source.taken:
            continue
        source.taken |= shingles
        source.used.append((first - 1, last + 1))  # a sentence left between two passages keeps them apart
        return start, end
    return None


def insert_passages(host: str, passages: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """``host`` with ``passages`` inserted at distinct sentence starts; the passages' spans in the result."""
    starts = [s for s, _, _ in sentence_spans(host)] + [len(host)]
    places = sorted(rng.sample(starts, min(len(passages), len(starts))))
    pieces, spans, position, offset = [], [], 0, 0
    for place, passage in zip(places, passages, strict=False):
        pieces.append(host[position:place])
        offset += place - position
        if place == len(host):
            before, after = "\n\n", ""
        elif place == 0 or host[place - 1] == "\n":
            before, after = "", "\n\n"
        else:
            before, after = "", " "
        spans.append((offset + len(before), offset + len(before) + len(passage)))
        pieces.append(before + passage + after)
        offset += len(before) + len(passage) + len(after)
        position = place
    pieces.append(host[position:])
    return "".join(pieces), spans


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))  # bytes: line ends exactly as the offsets count them


# --- the base cohort ----------------------------------------------------------------------------------------


def _stock_sentence(rng: random.Random) -> tuple[str, list[int]]:
    frame = rng.choice(STOCK_FRAMES)
    first, second = rng.sample(range(len(STOCK_PHRASES)), 2)
    used = [first, second] if "{q}" in frame else [first]
    phrase = STOCK_PHRASES[first]
    text = frame.format(P=_capitalise(phrase), p=phrase, q=STOCK_PHRASES[second])
    return text, used


def base_cohort(
    out: Path, base_doc: tuple[str, str, str], own: list[tuple[str, str, str]], rng: random.Random
) -> dict[str, Any]:
    """base.txt and one report per ``own`` document; returns their manifest."""
    base_id, base_title, base_text = base_doc
    spans = sentence_spans(base_text)
    count, last = 0, 0
    target = rng.randint(350, 600)
    while last < len(spans) and count < target:
        count += word_count(base_text[spans[last][0] : spans[last][1]])
        last += 1
    base = base_text[spans[0][0] : spans[last - 1][1]]
    # What the committee hands out: the report form's heading and the resolution's text. The heading
    # recurs in every report, so it belongs to the base text as much as the resolution does.
    write_text(out / "base.txt", f"BÁO CÁO THU HOẠCH\nHọc tập, quán triệt: {base_title}\n\n{base}\n")
    base_spans = sentence_spans(base)
    # A few "key" sentences that many writers quote, as happens with a resolution's headline passages.
    keys = rng.sample(range(len(base_spans)), min(5, len(base_spans)))
    reports = []
    for number, (own_id, _, own_text) in enumerate(own, 1):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        header = [
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "BÁO CÁO THU HOẠCH",
            f"Học tập, quán triệt: {base_title}",
            f"Họ và tên: {name}",
            f"Chi bộ: {rng.choice(('thôn', 'khu phố', 'trường', 'cơ quan'))} số {rng.randint(1, 12)}",
        ]
        own_spans = sentence_spans(own_text)
        start = rng.randrange(max(1, len(own_spans) // 2))
        body, words, target = [], 0, rng.randint(250, 500)
        for s, e, _ in own_spans[start:]:
            body.append(own_text[s:e])
            words += word_count(body[-1])
            if words >= target:
                break
        quotes: list[dict[str, Any]] = []
        for _ in range(rng.randint(1, 3)):
            first = rng.choice(keys) if rng.random() < 0.7 else rng.randrange(len(base_spans))
            last_quote = min(len(base_spans), first + rng.randint(1, 4))
            quote = base[base_spans[first][0] : base_spans[last_quote - 1][1]]
            variant = "verbatim"
            roll = rng.random()
            if roll < 0.15:
                quote, variant = _toggle_tone_style(quote), "tone_style"
            elif roll < 0.25:
                quote, variant = unicodedata.normalize("NFD", quote), "nfd"
            elif roll < 0.45:
                words_q = quote.split()
                for _ in range(min(2, len(words_q) // 10)):
                    del words_q[rng.randrange(len(words_q))]
                quote, variant = " ".join(words_q), "words_dropped"
            quotes.append(
                {"first_sentence": first, "sentences": last_quote - first, "variant": variant, "text": quote}
            )
        stock = [_stock_sentence(rng) for _ in range(rng.randint(6, 12))]
        pieces = list(body)
        for quoted in quotes:
            framed = rng.choice(QUOTE_FRAMES).format(quote=quoted.pop("text"))
            pieces.insert(rng.randint(0, len(pieces)), framed)
        for sentence, _ in stock:
            pieces.insert(rng.randint(0, len(pieces)), sentence)
        paragraphs, position = [], 0
        while position < len(pieces):
            size = rng.randint(3, 6)
            paragraphs.append(" ".join(pieces[position : position + size]))
            position += size
        closing = ["Người viết thu hoạch", name]
        text = "\n".join(header) + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(closing) + "\n"
        report = f"report-{number:03d}.txt"
        write_text(out / report, text)
        reports.append(
            {"file": report, "own_document": own_id, "quotes": quotes, "stock": [u for _, u in stock]}
        )
    return {
        "base_document": base_id,
        "base_words": word_count(base),
        "key_sentences": keys,
        "reports": reports,
    }


# --- the corpus ---------------------------------------------------------------------------------------------


def _weighted(rng: random.Random, weights: dict[Any, float]) -> Any:
    return rng.choices(list(weights), list(weights.values()))[0]


def build(
    out: Path, seed: int, split: str, n_susp: int, n_src: int, free_share: float, n_cohort: int, corpora: Path
) -> dict[str, Any]:
    rng = random.Random(f"{split}:{seed}")
    documents = load_split(corpora, split)
    picker = Picker(documents, rng)

    def party(text: str, least: int) -> bool:
        return sum(text.count(word) for word in PARTY_WORDS) >= least

    base_doc = picker.pick(1, lambda t, x: party(x, 10) and "ghị quyết" in x and word_count(x) >= 400)[0]
    own = picker.pick(n_cohort, lambda t, x: party(x, 3) and word_count(x) >= 300)
    sources_raw = picker.pick(n_src, lambda t, x: word_count(x) >= 300)
    hosts = picker.pick(n_susp, lambda t, x: word_count(x) <= 2500)

    vocabulary = sorted({w.lower() for _, _, text in hosts[:200] for w in text.split() if w.isalpha()})
    obfuscator = Obfuscator(rng, vocabulary)
    sources = [Source(i, t, x, sentence_spans(x)) for i, t, x in sources_raw]
    src_names = {s.id: f"source-document{n:05d}.txt" for n, s in enumerate(sources, 1)}
    free = set(rng.sample(range(n_susp), round(n_susp * free_share)))

    cases: list[dict[str, Any]] = []
    susp_manifest: list[dict[str, Any]] = []
    pairs: list[tuple[str, str]] = []
    truth: dict[tuple[str, str], list[Annotation]] = {}
    for number, (host_id, _, host_text) in enumerate(hosts, 1):
        susp = f"suspicious-document{number:05d}.txt"
        if number - 1 in free:
            write_text(out / "susp" / susp, host_text + "\n")
            negative = src_names[rng.choice(sources).id]
            pairs.append((susp, negative))
            truth[susp, negative] = []
            susp_manifest.append({"file": susp, "host": host_id, "copy_free": True})
            continue
        planned = []
        chosen: set[str] = set()
        for _ in range(_weighted(rng, SOURCES_PER_DOCUMENT)):
            length = _weighted(rng, LENGTH_WEIGHTS)
            words = rng.randint(*LENGTHS[length])
            for _attempt in range(40):
                source = rng.choice(sources)
                if source.id in chosen:
                    continue
                span = take_passage(source, words, rng)
                if span is not None:
                    chosen.add(source.id)
                    planned.append((source, span, length, rng.choice(OBFUSCATIONS)))
                    break
        texts, notes = [], []
        for source, (start, end), _, kind in planned:
            disguised, note = obfuscator.apply(kind, source.text[start:end])
            texts.append(disguised)
            notes.append(note)
        susp_text, spans = insert_passages(host_text, texts, rng)
        write_text(out / "susp" / susp, susp_text + "\n")
        for (source, (start, end), length, kind), (lo, hi), note in zip(planned, spans, notes, strict=True):
            src = src_names[source.id]
            case = Annotation(susp, lo, hi - lo, src, start, end - start, kind)
            truth.setdefault((susp, src), []).append(case)
            pairs.append((susp, src))
            cases.append(
                {
                    "susp": susp,
                    "src": src,
                    "obfuscation": kind,
                    "length": length,
                    "source_words": word_count(source.text[start:end]),
                    "this_offset": lo,
                    "this_length": hi - lo,
                    "source_offset": start,
                    "source_length": end - start,
                    "notes": note,
                }
            )
        susp_manifest.append({"file": susp, "host": host_id, "copy_free": False})

    for source in sources:
        write_text(out / "src" / src_names[source.id], source.text + "\n")
    with open(out / "pairs", "w", encoding="utf-8") as handle:
        for susp, src in sorted(set(pairs)):
            handle.write(f"{susp} {src}\n")
    (out / "truth").mkdir(parents=True, exist_ok=True)
    for (susp, src), found in sorted(truth.items()):
        write_xml(out / "truth" / f"{susp[:-4]}-{src[:-4]}.xml", susp, found)
    cohort = base_cohort(out / "base-cohort", base_doc, own, rng)

    manifest = {
        "seed": seed,
        "split": split,
        "corpora": [str(corpora / name) for name in FILES],
        "refused_near_duplicates": picker.refused,
        "susp": susp_manifest,
        "src": [{"file": src_names[s.id], "document": s.id} for s in sources],
        "cases": cases,
        "base_cohort": cohort,
        "stock_phrases": list(STOCK_PHRASES),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--out", type=Path, required=True, help="output directory (bench/out/... or /tmp/...)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--split", choices=("tune", "heldout"), default="tune")
    parser.add_argument("--susp", type=int, default=600, help="suspicious documents")
    parser.add_argument("--src", type=int, default=600, help="source documents")
    parser.add_argument(
        "--free-share", type=float, default=1 / 3, help="share of copy-free suspicious documents"
    )
    parser.add_argument("--cohort", type=int, default=40, help="reports in the base cohort")
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty; give a new directory")
    manifest = build(
        args.out, args.seed, args.split, args.susp, args.src, args.free_share, args.cohort, args.corpora
    )
    free = sum(s["copy_free"] for s in manifest["susp"])
    kinds: dict[str, int] = {}
    for case in manifest["cases"]:
        kinds[case["obfuscation"]] = kinds.get(case["obfuscation"], 0) + 1
    print(
        f"{args.out}: {len(manifest['susp'])} suspicious ({free} copy-free),"
        f" {len(manifest['src'])} sources, {len(manifest['cases'])} cases {kinds},"
        f" {len(manifest['base_cohort']['reports'])} cohort reports;"
        f" {manifest['refused_near_duplicates']} near-duplicate documents left out"
    )


if __name__ == "__main__":
    main()
