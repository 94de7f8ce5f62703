"""Copies disguised as heavily as PAN's strongest obfuscations are found; independent reports are not."""

from __future__ import annotations

import random

from quantriet.copycheck import Document, check_cohort
from tests.copycheck.clitools import prose

# Words an editor types in: none of them is in ``prose``'s vocabulary.
TYPED = (  # noqa: SIM905 (a sentence reads better than quoted words)
    "chiều mai trời nắng nhẹ gió thổi qua sông dài lúa chín vàng đồng quê êm ả bên bờ tre xanh mát rượi"
).split()


def heavily_edited(words: list[str], share: float, seed: int) -> list[str]:
    """``share`` of the words replaced, deleted or followed by an inserted word (a third each)."""
    rng = random.Random(seed)
    chosen = set(rng.sample(range(len(words)), round(share * len(words))))
    out: list[str] = []
    for k, word in enumerate(words):
        if k not in chosen:
            out.append(word)
        elif k % 3 == 0:
            out.append(rng.choice(TYPED))
        elif k % 3 == 1:
            out += [word, rng.choice(TYPED)]
    return out


def test_a_copy_with_a_quarter_of_its_words_edited_and_its_sentences_shuffled_is_found() -> None:
    source_words = prose(301, 180).split()
    sentences = [source_words[k : k + 15] for k in range(0, len(source_words), 15)]
    random.Random(7).shuffle(sentences)
    shuffled = [word for sentence in sentences for word in sentence]
    copy = " ".join(heavily_edited(shuffled, 0.3, seed=8))
    report = f"{prose(302, 120)} {copy} {prose(303, 120)}"
    result = check_cohort([Document("report.txt", report)], [Document("source.txt", " ".join(source_words))])
    [pair] = result.pairs
    start = len(prose(302, 120)) + 1
    covered = sum(min(p.a_end, start + len(copy)) - max(p.a_start, start) for p in pair.passages)
    assert covered >= 0.8 * len(copy)
    # Within a few words of its edges (this test's prose draws on a small vocabulary: words recur by
    # chance next to the copy far more than in real text).
    slack = 40
    assert all(p.a_start >= start - slack and p.a_end <= start + len(copy) + slack for p in pair.passages)


def test_independent_reports_of_one_event_are_not_paired() -> None:
    # Two reporters on the same meeting: the same names, places, numbers and subject words, no sentence
    # written alike.
    first = (
        "Sáng 12/3, Đảng bộ xã Tân Phú tổ chức hội nghị học tập, quán triệt Nghị quyết số 21-NQ/TW cho"
        " 186 đảng viên của 14 chi bộ. Đồng chí Lê Văn Hòa, Bí thư Đảng ủy xã, trực tiếp giới thiệu"
        " những nội dung cốt lõi về củng cố tổ chức cơ sở đảng và nâng cao chất lượng đảng viên. Theo"
        " báo cáo viên, xã còn 3 chi bộ xếp loại hoàn thành nhiệm vụ, nên năm nay phải kiện toàn cấp ủy"
        " các chi bộ thôn, giao chỉ tiêu phát triển đảng viên trong đoàn viên thanh niên. Hội nghị kéo"
        " dài đến trưa, các đảng viên ghi chép đầy đủ và sẽ nộp bài thu hoạch trước ngày 30/3."
    )
    second = (
        "Hơn 180 đảng viên thuộc 14 chi bộ ở Tân Phú đã dự buổi học tập Nghị quyết 21-NQ/TW vào sáng"
        " ngày 12 tháng 3 tại hội trường Ủy ban nhân dân xã. Bí thư Đảng ủy Lê Văn Hòa nêu yêu cầu mỗi"
        " chi bộ rà soát lại chất lượng sinh hoạt, vì cuối năm qua vẫn có ba chi bộ chỉ đạt mức hoàn"
        " thành. Ông đề nghị các thôn chú ý bồi dưỡng quần chúng ưu tú, nhất là thanh niên, để kết nạp."
        " Bài thu hoạch của từng người phải gửi về Văn phòng Đảng ủy chậm nhất cuối tháng 3, đồng chí"
        " Hòa nhắc lại khi bế mạc."
    )
    assert check_cohort([Document("a.txt", first), Document("b.txt", second)]).pairs == ()
