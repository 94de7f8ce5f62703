"""Issue 12, fourth round: reports on one subject whose sentences share their words in other orders are
never paired (a copy's sentences shuffled and heavily edited look like this at the level of words)."""

from __future__ import annotations

import random

from quantriet.copycheck import Document, check_cohort
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


def _sentences() -> list[list[str]]:
    """Eight sentences of the invented words, twelve to fourteen words each."""
    out: list[list[str]] = []
    at = 0
    for size in (12, 14, 13, 12, 14, 13, 12, 14):
        out.append(_WORDS[at : at + size])
        at += size
    return out


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
