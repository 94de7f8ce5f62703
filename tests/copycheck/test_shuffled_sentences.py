"""Issue 12, fourth round: a heavily edited copy joined by the second pass with text nobody copied is
still found on its own seeds (``align.second_pass._trimmed``), and what would tempt that rule is never
reported."""

from __future__ import annotations

import random

import numpy as np

from quantriet.copycheck import Document, Options, Pair, check_cohort
from quantriet.copycheck.align import align
from quantriet.copycheck.align.second_pass import _trim, _trimmed
from quantriet.copycheck.prepare import prepare
from tests.copycheck.clitools import prose

# Invented words of one made-up subject, each used once in a sentence: the copied text's own words.
_WORDS = (  # noqa: SIM905 (a sentence reads better than quoted words)
    "hợp tác xã Phú Điền mở lớp bồi dưỡng cho bốn mươi hai đoàn viên về cách ghi sổ sách vốn vay nhỏ "
    "buổi chiều thứ năm cán bộ ngân hàng huyện Tân Mỹ giảng thêm phần lập kế hoạch trả nợ theo mùa vụ "
    "chị Lò Thị Hoa kể chuyện nhóm dệt thổ cẩm bản Nà Ngần bán hàng qua mạng từ tháng bảy năm ngoái "
    "bác Quàng Văn Sơn đề nghị làm thêm bể chứa nước mưa cạnh nhà văn hóa để tưới vườn ươm cây giống "
    "thầy giáo Đinh Công Bảo hướng dẫn các em thiếu nhi trồng luống rau sạch sau sân trường tiểu học "
    "ông trưởng thôn hứa mời kỹ sư thủy lợi về khảo sát con mương đầu nguồn trước khi mùa lũ tới gần"
).split()


def _aligned(report: str, source: str) -> Pair | None:
    """The passages ``align`` finds between a report and a source (as for a candidate pair: a copy
    with each two words swapped shares no fingerprint, so the candidate search alone would not pair it)."""
    return align(prepare(Document("bai.txt", report)), prepare(Document("nguon.txt", source, "reference")))


def _sentences() -> list[list[str]]:
    """Eight sentences of the invented words, twelve to fourteen words each."""
    out: list[list[str]] = []
    at = 0
    for size in (12, 14, 13, 12, 14, 13, 12, 14):
        out.append(_WORDS[at : at + size])
        at += size
    return out


def _edited(words: list[str]) -> list[str]:
    """Each two neighbours swapped: every word kept, no three in the source's order (no n-gram seed)."""
    swapped = [words[k ^ 1] if (k ^ 1) < len(words) else words[k] for k in range(len(words))]
    return swapped


def test_a_copy_joined_with_a_stray_fragment_across_text_of_the_writers_own_is_found() -> None:
    # Forty-eight copied words, each two swapped (no n-gram seed: the second pass finds them), then
    # twenty-four words of the writer's own and a stray ten-word fragment from further on in the source.
    # The second pass joins the fragment to the copy across the bare stretch; the joined passage is not
    # seeded all along, but the copy before the bare stretch is, on its own.
    copied = " ".join(_edited(_WORDS[:48]))
    stray = " ".join(_edited(_WORDS[56:66]))
    before = prose(802, 80)
    report = f"{before} {copied} {prose(804, 24)} {stray} {prose(803, 80)}"
    pair = _aligned(report, " ".join(_WORDS))
    assert pair is not None
    [passage] = pair.passages
    assert passage.a_start == len(before) + 1
    assert passage.a_end >= len(before) + 1 + len(copied)
    assert passage.b_start == 0


def test_reports_sharing_words_of_one_subject_in_shuffled_sentences_are_never_paired() -> None:
    # The second report takes the first's words sentence by sentence, but shuffles every sentence's
    # words: each sentence shares its words with one of the first's, in no order. No passage.
    first = _sentences()
    rng = random.Random(821)
    second: list[list[str]] = []
    for sentence in first:
        words = list(sentence)
        rng.shuffle(words)
        second.append(words)
    rng.shuffle(second)
    texts = [". ".join(" ".join(s) for s in doc) + "." for doc in (first, second)]
    result = check_cohort(
        [Document("a.txt", f"{prose(822, 60)} {texts[0]}"), Document("b.txt", f"{texts[1]} {prose(823, 60)}")]
    )
    assert result.pairs == ()


# Word seeds (place in a, place in b) the second pass found between two reports written in the same
# stock phrases (``test_stock_rings.py``): runs of a phrase's words, each run on a diagonal of its own,
# then a stretch with no seed, then one more run. Joined, they are not seeded all along.
_PATCHWORK = np.array(
    [(12 + k, 280 + k) for k in range(4)]
    + [(30 + k, 198 + k) for k in range(7)]
    + [(42 + k, 245 + k) for k in range(10)]
    + [(61 + k, 231 + k) for k in range(8)]
    + [(69 + k, 205 + k) for k in range(11)]
    + [(124 + k, 357 + k) for k in range(9)],
    dtype=np.int64,
)


def test_a_part_made_of_phrases_on_several_diagonals_is_no_passage() -> None:
    box = (12, 133, 198, 366)
    assert _trim(box, _PATCHWORK, Options()) is None
    # Before the bare stretch, 36 seeds over 50 tokens, seeded all along: but on four diagonals.
    assert _trimmed(box, _PATCHWORK, Options()) == []


def test_a_part_kept_in_order_is_a_passage() -> None:
    # The same places of ``a``, all on one diagonal (an edited copy: a word dropped now and then).
    in_order = np.array([(i, 200 + i - i // 16) for i, _ in _PATCHWORK.tolist()], dtype=np.int64)
    box = (12, 133, 212, 331)
    assert _trim(box, in_order, Options()) is None
    [part] = _trimmed(box, in_order, Options())
    assert part[:2] == (30, 80)  # the four seeds standing apart at its start are trimmed off
