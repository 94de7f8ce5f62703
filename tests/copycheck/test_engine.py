"""The engine through its public API: what it must find, and what it must never report."""

from __future__ import annotations

import itertools
import random
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck import CheckResult, Document, Options, Pair, check_cohort
from quantriet.copycheck.prepare import prepare
from quantriet.copycheck.runners import ProcessRunner
from tests.copycheck.clitools import VOCAB, prose

STOCK = (
    "Xây dựng Đảng trong sạch, vững mạnh, nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng "
    "và chất lượng đội ngũ cán bộ, đảng viên, giữ vững kỷ luật, kỷ cương của Đảng."
)


def only_pair(result: CheckResult) -> Pair:
    assert len(result.pairs) == 1, result.pairs
    return result.pairs[0]


def covered(text: str, spans: list[tuple[int, int]]) -> set[int]:
    return {k for start, end in spans for k in range(start, end) if not text[k].isspace()}


def a_spans(pair: Pair) -> list[tuple[int, int]]:
    return [(p.a_start, p.a_end) for p in pair.passages]


def b_spans(pair: Pair) -> list[tuple[int, int]]:
    return [(p.b_start, p.b_end) for p in pair.passages]


def host_with(copied: str, seed: int) -> tuple[str, int, int]:
    """An invented report with ``copied`` in its middle; returns the text and the copy's offsets."""
    before, after = prose(seed, 150), prose(seed + 1, 150)
    start = len(before) + 1
    return f"{before} {copied} {after}", start, start + len(copied)


def recall_of(pair: Pair, text: str, start: int, end: int, side: str = "a") -> float:
    truth = covered(text, [(start, end)])
    found = covered(text, a_spans(pair) if side == "a" else b_spans(pair))
    return len(truth & found) / len(truth)


# -- what it must find ---------------------------------------------------------------------------------


def test_a_verbatim_copy_is_found_with_its_exact_offsets_on_both_sides() -> None:
    source = prose(1, 200)
    text, _start, _end = host_with(source, 10)
    pair = only_pair(check_cohort([Document("chep.txt", text)], [Document("nguon.txt", source)]))
    assert (pair.a, pair.b) == ("chep.txt", "nguon.txt")
    [passage] = pair.passages
    assert text[passage.a_start : passage.a_end] == source
    assert source[passage.b_start : passage.b_end] == source
    assert pair.similarity == pytest.approx(len(source) / len(text))


def unicode_variant(text: str) -> str:
    """The same words as typed on another machine: NFD, Ð, old tone placement, NBSP, quotes, case."""
    text = text.replace("oá", "óa").replace("uỷ", "ủy")
    text = text.replace("Đ", "\u00d0").replace(" ", "\u00a0", 7).replace(",", " ,")
    return unicodedata.normalize("NFD", text.upper())


def test_unicode_variants_case_and_punctuation_do_not_hide_a_copy() -> None:
    source = prose(2, 200) + " Đảng bộ hoá thuỷ."
    variant = unicode_variant(source)
    assert variant != source
    text, start, end = host_with(variant, 20)
    pair = only_pair(check_cohort([Document("a", text)], [Document("src", source)]))
    assert recall_of(pair, text, start, end) > 0.97


def edited(text: str, rate: float, seed: int) -> str:
    """Words inserted, deleted and replaced at ``rate`` each (random edits, as PAN obfuscates)."""
    rng = random.Random(seed)
    out: list[str] = []
    for word in text.split():
        roll = rng.random()
        if roll < rate:
            continue  # deleted
        if roll < 2 * rate:
            out.append(rng.choice(VOCAB))  # replaced
            continue
        out.append(word)
        if rng.random() < rate:
            out.append(rng.choice(VOCAB))  # inserted
    return " ".join(out)


@pytest.mark.parametrize("rate", [0.03, 0.08])
def test_a_copy_with_words_inserted_deleted_and_replaced_is_found_as_one_passage(rate: float) -> None:
    source = prose(3, 300)
    copy = edited(source, rate, seed=4)
    text, start, end = host_with(copy, 30)
    pair = only_pair(check_cohort([Document("a", text)], [Document("src", source)]))
    assert len(pair.passages) == 1
    assert recall_of(pair, text, start, end) > 0.9


def test_reordered_sentences_are_still_found() -> None:
    source = prose(5, 300)
    sentences = [s.strip() + "." for s in source.split(".") if s.strip()]
    random.Random(6).shuffle(sentences)
    copy = " ".join(sentences)
    text, start, end = host_with(copy, 40)
    pair = only_pair(check_cohort([Document("a", text)], [Document("src", source)]))
    assert recall_of(pair, text, start, end) > 0.9
    assert recall_of(pair, source, 0, len(source), side="b") > 0.9


def test_copies_inside_the_cohort_are_paired_once_and_grouped_into_rings() -> None:
    shared, other = prose(7, 200), prose(8, 200)
    cohort = [
        Document("ring1.txt", host_with(shared, 100)[0]),
        Document("ring2.txt", host_with(shared, 110)[0]),
        Document("ring3.txt", host_with(shared, 120)[0]),
        Document("pair1.txt", host_with(other, 130)[0]),
        Document("pair2.txt", host_with(other, 140)[0]),
        Document("alone.txt", prose(150, 400)),
    ]
    result = check_cohort(cohort)
    linked = {frozenset((p.a, p.b)) for p in result.pairs}
    assert linked == {
        frozenset(("ring1.txt", "ring2.txt")),
        frozenset(("ring1.txt", "ring3.txt")),
        frozenset(("ring2.txt", "ring3.txt")),
        frozenset(("pair1.txt", "pair2.txt")),
    }
    assert result.clusters == (("ring1.txt", "ring2.txt", "ring3.txt"), ("pair1.txt", "pair2.txt"))
    assert [p.similarity for p in result.pairs] == sorted((p.similarity for p in result.pairs), reverse=True)


def test_the_more_copied_report_is_a_and_similarity_is_its_share() -> None:
    short = prose(9, 120)
    long_text = host_with(short, 160)[0] + " " + prose(170, 400)
    pair = only_pair(check_cohort([Document("dai.txt", long_text), Document("ngan.txt", short)]))
    assert pair.a == "ngan.txt"
    assert pair.similarity > 0.97


def test_references_are_never_compared_with_each_other() -> None:
    source = prose(11, 200)
    references = [Document("r1", source), Document("r2", source)]
    result = check_cohort([Document("c", prose(12, 200))], references)
    assert result.pairs == ()
    assert {d.role for d in result.documents} == {"cohort", "reference"}


# -- what it must never do -----------------------------------------------------------------------------


def test_reports_sharing_only_the_base_text_are_not_paired() -> None:
    resolution = prose(13, 250)
    cohort = [
        Document(f"bai{k}.txt", f"{prose(200 + k, 120)} {resolution} {prose(300 + k, 120)}") for k in range(4)
    ]
    result = check_cohort(cohort, base=[Document("nghi-quyet.txt", resolution)])
    assert result.pairs == ()
    without_base = check_cohort(cohort)
    assert len(without_base.pairs) == 6  # the same cohort without --base: the shared text is found


def test_material_common_to_much_of_the_cohort_is_never_evidence() -> None:
    quotation = prose(14, 60)
    cohort = [
        Document(f"bai{k:02}.txt", f"{prose(400 + k, 150)} {quotation} {STOCK} {prose(500 + k, 150)}")
        for k in range(30)
    ]
    assert check_cohort(cohort, options=Options(common_min_docs=10)).pairs == ()


def test_a_small_copy_ring_is_not_mistaken_for_common_material() -> None:
    copied = prose(15, 120)
    cohort = [Document(f"bai{k:02}.txt", f"{prose(600 + k, 150)} {copied}") for k in range(5)]
    cohort += [Document(f"khac{k:02}.txt", prose(700 + k, 300)) for k in range(20)]
    result = check_cohort(cohort, options=Options(common_min_docs=10))
    assert len(result.pairs) == 10
    assert len(result.clusters) == 1 and len(result.clusters[0]) == 5


STOCK_PHRASES = (
    "xây dựng Đảng trong sạch, vững mạnh",
    "nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
    "giữ vững kỷ luật, kỷ cương của Đảng",
    "tăng cường mối quan hệ mật thiết giữa Đảng với nhân dân",
)


def with_stock_phrases(seed: int) -> str:
    rng = random.Random(seed)
    parts = [prose(seed, 100)]
    for phrase in STOCK_PHRASES:
        parts += [phrase + ",", prose(seed * 7 + len(parts), rng.randint(8, 25))]
    return " ".join(parts)


def test_stock_phrases_shorter_than_the_minimum_are_ignored() -> None:
    cohort = [Document(f"bai{k}.txt", with_stock_phrases(800 + k)) for k in range(2)]
    assert check_cohort(cohort).pairs == ()
    long_text = " ".join(STOCK_PHRASES * 3)
    cohort = [
        Document(f"bai{k}.txt", f"{prose(900 + k, 150)} {long_text} {prose(950 + k, 150)}") for k in range(2)
    ]
    assert len(check_cohort(cohort).pairs) == 1


def test_reports_made_of_the_same_stock_sentences_in_other_orders_are_not_paired() -> None:
    frames = ("Mỗi đảng viên cần {}.", "Tôi nhận thức rõ phải {}.", "Thời gian tới, tôi sẽ {}.", "{}.")
    phrases = [*STOCK_PHRASES, "thường xuyên tự phê bình và phê bình", "nói đi đôi với làm"]
    cohort = []
    for k in range(40):
        rng = random.Random(k)
        stock = [rng.choice(frames).format(rng.choice(phrases)) for _ in range(10)]
        pieces = [prose(5000 + 10 * k + j, rng.randint(20, 40)) for j in range(8)] + stock
        rng.shuffle(pieces)
        cohort.append(Document(f"bai{k:02}.txt", " ".join(pieces)))
    assert check_cohort(cohort).pairs == ()


def test_a_copy_ring_is_found_however_many_join_it() -> None:
    essay = prose(19, 250)  # the model essay eight members copied
    cohort = [Document(f"chep{k}.txt", f"{prose(6000 + k, 120)} {essay}") for k in range(8)]
    cohort += [Document(f"rieng{k:02}.txt", prose(6100 + k, 300)) for k in range(22)]
    result = check_cohort(cohort)
    assert len(result.pairs) == 8 * 7 // 2
    assert result.clusters == (tuple(f"chep{k}.txt" for k in range(8)),)


def test_quoted_text_can_be_left_out() -> None:
    quote = prose(16, 80)
    cohort = [
        Document(f"bai{k}.txt", f"{prose(1000 + k, 150)} “{quote}” {prose(1100 + k, 150)}") for k in range(2)
    ]
    assert len(check_cohort(cohort).pairs) == 1
    assert check_cohort(cohort, options=Options(ignore_quotes=True)).pairs == ()


def test_independent_reports_are_not_paired() -> None:
    cohort = [Document(f"bai{k:03}.txt", prose(2000 + k, 500)) for k in range(60)]
    assert check_cohort(cohort).pairs == ()


# -- edge cases and bad input --------------------------------------------------------------------------


def test_empty_one_word_and_identical_documents() -> None:
    text = prose(17, 100)
    cohort = [Document("rong", ""), Document("mot", "Đảng"), Document("x", text), Document("y", text)]
    result = check_cohort(cohort)
    pair = only_pair(result)
    assert (pair.a, pair.b, pair.similarity) == ("x", "y", 1.0)
    assert [d.chars for d in result.documents] == [0, 4, len(text), len(text)]


def test_two_documents_with_one_id_are_refused() -> None:
    with pytest.raises(ValueError, match="cùng mã"):
        check_cohort([Document("a", "x")], [Document("a", "y")])


def test_options_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        Options(min_passage_words=0)
    with pytest.raises(ValueError):
        Options(common_share=1.5)
    with pytest.raises(ValueError):
        Options(seed_ngram=6, ngram=5)


def test_worker_processes_give_the_same_result() -> None:
    shared = prose(18, 150)
    cohort = [
        Document(f"bai{k:02}.txt", f"{prose(3000 + k, 200)} {shared if k % 4 == 0 else ''}")
        for k in range(24)
    ]
    with ProcessRunner(2) as runner:
        assert check_cohort(cohort, runner=runner) == check_cohort(cohort)


def test_the_aligning_stage_gives_each_worker_many_small_chunks() -> None:
    from quantriet.copycheck.check import _align_chunk
    from quantriet.copycheck.runner_base import InProcess

    assert _align_chunk(0, ProcessRunner(2)) == 1
    assert _align_chunk(2241, ProcessRunner(2)) == 36  # 63 chunks: the last one is short
    assert _align_chunk(2241, InProcess()) == 71  # a runner without workers counts as one


def test_prepared_documents_ignore_spelling_variants() -> None:
    first = prepare(Document("a", "Hoá học, thuỷ lợi và Đảng bộ"))
    second = prepare(Document("b", unicodedata.normalize("NFD", "HÓA HỌC – THỦY LỢI VÀ \u00d0ẢNG BỘ")))
    assert first.tokens.tolist() == second.tokens.tolist()


# -- properties ----------------------------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    seeds=st.lists(st.integers(0, 50), min_size=2, max_size=5),
    cut=st.integers(0, 200),
    length=st.integers(0, 300),
)
def test_passages_are_in_bounds_do_not_overlap_and_similarity_is_a_s_share(
    seeds: list[int], cut: int, length: int
) -> None:
    source = prose(seeds[0], 300).split()
    copied = " ".join(source[cut : cut + length])
    cohort = [
        Document(f"d{k}", f"{prose(s + 77, 80)} {copied} {prose(s + 99, 40)}") for k, s in enumerate(seeds)
    ]
    texts = {d.id: d.text for d in cohort}
    for pair in check_cohort(cohort).pairs:
        a, b = texts[pair.a], texts[pair.b]
        for side, text in ((a_spans(pair), a), (b_spans(pair), b)):
            ordered = sorted(side)
            assert all(0 <= s < e <= len(text) for s, e in ordered)
            assert all(e1 <= s2 for (_, e1), (s2, _) in itertools.pairwise(ordered))
        assert pair.similarity == pytest.approx(sum(e - s for s, e in a_spans(pair)) / len(a))


def test_a_text_holding_a_lone_surrogate_is_checked() -> None:
    """A JSON string may carry a lone surrogate ("\\udcff"); the passages are still found and placed."""
    text = prose(3, 120) + " \udcff lỗi " + prose(4, 60)
    result = check_cohort([Document("a", text), Document("b", "Mở đầu. " + text)])
    assert [(pair.a, pair.b, pair.similarity) for pair in result.pairs] == [("a", "b", 1.0)]
