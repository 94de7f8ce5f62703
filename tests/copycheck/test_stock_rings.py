"""Copy rings written in stock phrases: the ring is found, the phrases alone never pair two reports.

Reports here are random walks over a few invented phrases (as the demo's are), so most of their 4-grams
are common material in a small index; a ring of copies shares the whole text around them.
"""

from __future__ import annotations

import random
from pathlib import Path

from quantriet.copycheck import CopyIndex, Document, check_cohort
from tests.copycheck.clitools import prose

SUBJECTS = (
    "Bản thân tôi",
    "Là đảng viên sinh hoạt tại chi bộ",
    "Qua nghiên cứu văn bản",
    "Trong thời gian tới",
    "Chi bộ chúng tôi",
    "Từ kinh nghiệm công tác",
    "Trong năm qua",
    "Khi làm nhiệm vụ được phân công",
)
VERBS = (
    "luôn chú trọng",
    "thường xuyên quan tâm đến",
    "đã kiên trì thực hiện",
    "sẽ tập trung làm tốt",
    "nhận thức rõ trách nhiệm về",
    "cần nghiêm túc khắc phục",
)
NOUNS = (
    "phẩm chất đạo đức",
    "sinh hoạt chi bộ",
    "công tác kiểm tra",
    "mối quan hệ với nhân dân",
    "trách nhiệm nêu gương",
    "việc học tập lý luận",
    "quy chế làm việc",
    "hồ sơ đảng viên",
)
QUALIFIERS = (
    "của người đảng viên ở cơ sở",
    "trong tình hình mới",
    "tại khu dân cư",
    "theo đúng quy định",
    "ngay từ đầu năm",
    "trên địa bàn xã",
)


def stock_report(seed: int, sentences: int = 18) -> str:
    """Each sentence: four stock phrases, then a few words of the writer's own."""
    rng = random.Random(seed)
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(NOUNS)} {rng.choice(QUALIFIERS)},"
        f" {prose(seed * 100 + k, rng.randint(8, 14)).lower()}"
        for k in range(sentences)
    )


def copied(text: str, number: int) -> str:
    """A copy with its own opening sentence and a phrase changed."""
    return f"{prose(7000 + number, 12)} " + text.replace("Bản thân tôi", "Cá nhân tôi", 1)


def test_a_ring_in_stock_phrases_is_found_in_the_index_as_it_grows(tmp_path: Path) -> None:
    source = stock_report(1)
    with CopyIndex.create(tmp_path / "idx") as index:
        for k in range(12):
            index.add(f"rieng{k}.txt", stock_report(100 + k))
        index.add("nguon.txt", source)
        ring = ["nguon.txt"]
        for number in range(1, 4):
            name = f"chep{number}.txt"
            pairs = index.check(name, copied(source, number))
            assert {p.b for p in pairs} == set(ring)
            assert min(p.similarity for p in pairs) > 0.8
            index.add(name, copied(source, number))
            ring.append(name)


def test_reports_in_the_same_stock_phrases_are_never_paired_in_the_index(tmp_path: Path) -> None:
    with CopyIndex.create(tmp_path / "idx") as index:
        for k in range(30):
            text = stock_report(200 + k)
            assert index.check(f"bai{k}.txt", text) == []
            index.add(f"bai{k}.txt", text)


def test_a_ring_in_stock_phrases_is_found_in_a_cohort_check() -> None:
    source = stock_report(2)
    cohort = [Document(f"rieng{k:02}.txt", stock_report(300 + k)) for k in range(20)]
    cohort += [Document("nguon.txt", source)]
    cohort += [Document(f"chep{n}.txt", copied(source, n)) for n in range(1, 4)]
    result = check_cohort(cohort)
    assert result.clusters == (("chep1.txt", "chep2.txt", "chep3.txt", "nguon.txt"),)
    assert len(result.pairs) == 6 and min(p.similarity for p in result.pairs) > 0.8


def test_a_quotation_most_reports_use_is_common_material_even_in_long_shared_runs() -> None:
    quotation = prose(40, 60)
    # Most reports quote it, and the same few words lead into it in all of them.
    cohort = [
        Document(
            f"bai{k:02}.txt", f"{prose(400 + k, 150)} Như văn bản đã nêu: {quotation} {prose(500 + k, 150)}"
        )
        for k in range(12)
    ]
    cohort += [Document(f"khac{k:02}.txt", prose(600 + k, 300)) for k in range(8)]
    assert check_cohort(cohort).pairs == ()
