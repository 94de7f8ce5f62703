"""What the PAN corpus generator (``corpus.py``) writes with: facts of language, text helpers, obfuscations.

The synonym table, stock phrases and frames are written for this benchmark (facts of the language, not text
taken from the corpora). Each obfuscation takes a passage and returns it disguised, with a note of what was
done, so the quality bench can say which kinds of disguise the engine misses.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Words in a shingle of the near-duplicate test (see corpus.py).
SHINGLE = 6
# Share of the words swapped with their neighbour, on top of the edits of ``random_edits``.
_SWAPS = 0.05

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
_FOLD = {**{c: None for c in range(0x300, 0x370)}, ord("đ"): "d", ord("ð"): "d"}


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


def shingle_set(text: str) -> set[bytes]:
    words = _WORD.findall(unicodedata.normalize("NFC", text).lower())
    return {
        hashlib.blake2b(" ".join(words[i : i + SHINGLE]).encode(), digest_size=8).digest()
        for i in range(len(words) - SHINGLE + 1)
    }


def survival(source: str, copy: str, size: int = 8) -> float:
    """Share of ``source``'s ``size``-word runs found whole in ``copy``: the strength of a disguise.

    Words are folded (lower case, no diacritics, đ and ð as d), so character tricks alone count as
    surviving: the rate measures what word edits, synonyms and reordering did, and errs high."""

    def runs(text: str) -> list[str]:
        folded = unicodedata.normalize("NFD", text.lower()).translate(_FOLD)
        words = _WORD.findall(folded)
        return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]

    wanted = runs(source)
    if not wanted:
        return 1.0
    present = set(runs(copy))
    return sum(run in present for run in wanted) / len(wanted)


def split_of(document_id: str) -> str:
    return "tune" if hashlib.sha256(document_id.encode()).digest()[0] % 2 == 0 else "heldout"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- obfuscations: each takes a passage and returns it disguised, with a note of what was done -----------


def _map_words(passage: str, edit: Callable[[list[str]], list[str]]) -> str:
    """Apply ``edit`` to the words of each line; line breaks survive, other spacing becomes one space."""
    return "\n".join(" ".join(edit(line.split())) if line.strip() else line for line in passage.split("\n"))


def random_edits(
    passage: str, rng: random.Random, vocabulary: list[str], rate: float
) -> tuple[str, dict[str, Any]]:
    """Delete, replace or insert words at ``rate`` of the words (exactly, rounded up: what the share of
    edited words promises holds for a short passage too), and swap a few neighbours on top."""
    counts = {"delete": 0, "replace": 0, "insert": 0, "swap": 0}
    total = word_count(passage)
    chosen = set(rng.sample(range(total), min(total, math.ceil(rate * total))))
    position = 0

    def edit(words: list[str]) -> list[str]:
        nonlocal position
        out: list[str] = []
        index = 0
        while index < len(words):
            word = words[index]
            if position + index in chosen:
                op = rng.choices(("delete", "replace", "insert"), (0.3, 0.45, 0.25))[0]
                counts[op] += 1
                if op == "replace":
                    out.append(rng.choice(vocabulary))
                elif op == "insert":
                    out += [word, rng.choice(vocabulary)]
            elif index + 1 < len(words) and position + index + 1 not in chosen and rng.random() < _SWAPS:
                counts["swap"] += 1
                out += [words[index + 1], word]
                index += 1
            else:
                out.append(word)
            index += 1
        position += len(words)
        return out

    text = _map_words(passage, edit)
    edited = (counts["delete"] + counts["replace"] + counts["insert"]) / max(1, total)
    return text, {"rate": round(rate, 3), "edited_share": round(edited, 3), **counts}


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
        return capitalise(choice) if found[:1].isupper() else choice

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
            out += [sentence[:comma] + ".", capitalise(sentence[comma + 2 :])]
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


def toggle_tone_style(text: str) -> str:
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
        return " ".join(capitalise(w) for w in text.split(" "))
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
    "tone_style": lambda text, rng: toggle_tone_style(text),
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

    def heavy_rate(self) -> float:
        # 25-32% of the words replaced, inserted or deleted (a few swapped on top) leave about 5% of the
        # source's 8-word runs whole: the strength of the private evaluation set (a quarter or
        # more of the words, fewer than 15% of the 8-word runs).
        return self.rng.uniform(0.25, 0.32)

    def apply(self, kind: str, passage: str) -> tuple[str, dict[str, Any]]:
        text, note = self._apply(kind, passage)
        note["survival8"] = round(survival(passage, text), 4)
        return text, note

    def _apply(self, kind: str, passage: str) -> tuple[str, dict[str, Any]]:
        if kind == "none":
            return passage, {}
        if kind == "random":
            return random_edits(passage, self.rng, self.vocabulary, self.heavy_rate())
        if kind == "synonym":
            return synonyms(passage, self.rng)
        if kind == "reorder":
            return reorder(passage, self.rng)
        if kind == "unicode":
            return unicode_variants(passage, self.rng)
        if kind == "mixed":
            # The combined disguise: heavy random edits with synonyms, reordering and character tricks on
            # top, all four every time (synonyms first, they need the words whole; unicode last: NFD would
            # hide words from the others).
            notes: dict[str, Any] = {"steps": []}
            for step in ("synonym", "random", "reorder", "unicode"):
                passage, note = self._apply(step, passage)
                notes["steps"].append({"kind": step, **note})
            return passage, notes
        raise ValueError(f"unknown obfuscation {kind!r}")
