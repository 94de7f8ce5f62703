"""The PAN measures on cases whose answers were worked out by hand, and PAN XML files."""

from __future__ import annotations

import doctest
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quantriet.copycheck.evaluation import pan
from quantriet.copycheck.evaluation.pan import (
    DETECTED,
    Annotation,
    Scores,
    format_xml,
    granularity,
    parse_xml,
    plagdet,
    precision,
    read_annotations,
    read_xml,
    recall,
    score,
    write_xml,
)

CASE = Annotation("susp1.txt", 100, 200, "src1.txt", 1000, 200, "none")


def det(this_offset: int, this_length: int, source_offset: int, source_length: int, **kw: str) -> Annotation:
    return Annotation(
        kw.get("this", "susp1.txt"),
        this_offset,
        this_length,
        kw.get("source", "src1.txt"),
        source_offset,
        source_length,
    )


def test_the_module_examples_hold() -> None:
    result = doctest.testmod(pan)
    assert result.attempted >= 10
    assert result.failed == 0


def test_a_perfect_detection_scores_one_everywhere() -> None:
    second = Annotation("susp2.txt", 0, 50, "src1.txt", 5000, 70, "random")
    assert score(
        [CASE, second], [det(100, 200, 1000, 200), det(0, 50, 5000, 70, this="susp2.txt")]
    ) == Scores(1.0, 1.0, 1.0, 1.0)


def test_a_half_covered_case_has_recall_one_half() -> None:
    half = det(100, 100, 1000, 100)  # the first half, on both sides
    result = score([CASE], [half])
    assert result.recall == 0.5
    assert result.precision == 1.0
    assert result.granularity == 1.0
    assert result.plagdet == pytest.approx(2 * 0.5 / 1.5)


def test_recall_counts_the_characters_of_both_documents() -> None:
    # Half of the suspicious span, all of the source span: (100 + 200) / 400.
    assert recall([CASE], [det(100, 100, 1000, 200)]) == 0.75
    # A detection twice as long as the case on the source side: (200 + 200) / (200 + 400).
    assert precision([CASE], [det(100, 200, 1000, 400)]) == pytest.approx(400 / 600)


def test_one_case_found_by_two_detections_has_granularity_two() -> None:
    halves = [det(100, 100, 1000, 100), det(200, 100, 1100, 100)]
    result = score([CASE], halves)
    assert (result.precision, result.recall, result.granularity) == (1.0, 1.0, 2.0)
    assert result.plagdet == pytest.approx(1.0 / math.log2(3))


def test_overlapping_detections_are_not_counted_twice() -> None:
    overlapping = [det(100, 150, 1000, 150), det(150, 150, 1050, 150)]
    assert recall([CASE], overlapping) == 1.0
    assert precision([CASE], overlapping) == 1.0
    assert granularity([CASE], overlapping) == 2.0


def test_a_detection_with_no_case_lowers_precision() -> None:
    stray = det(0, 80, 0, 80, this="susp9.txt")
    result = score([CASE], [det(100, 200, 1000, 200), stray])
    assert result.precision == 0.5
    assert result.recall == 1.0
    assert result.granularity == 1.0
    assert result.plagdet == pytest.approx(2 / 3)


def test_a_detection_must_overlap_on_both_sides_and_name_the_same_source() -> None:
    wrong_source = det(100, 200, 1000, 200, source="src2.txt")
    wrong_place = det(100, 200, 5000, 200)  # right suspicious span, source span elsewhere
    for detection in (wrong_source, wrong_place):
        assert score([CASE], [detection]) == Scores(0.0, 0.0, 1.0, 0.0)
    # Touching is not overlapping: spans are half-open.
    assert recall([CASE], [det(300, 10, 1000, 10)]) == 0.0


def test_recall_is_averaged_over_cases_not_characters() -> None:
    small = Annotation("susp1.txt", 0, 10, "src2.txt", 0, 10)
    big = Annotation("susp1.txt", 500, 1000, "src3.txt", 0, 1000)
    assert recall([small, big], [det(0, 10, 0, 10, source="src2.txt")]) == 0.5  # micro-averaging: 20/2020


def test_empty_inputs_are_well_defined() -> None:
    assert score([], []) == Scores(1.0, 1.0, 1.0, 1.0)
    assert score([CASE], []) == Scores(0.0, 0.0, 1.0, 0.0)
    assert score([], [CASE]) == Scores(0.0, 0.0, 1.0, 0.0)


def test_annotations_refuse_negative_spans() -> None:
    with pytest.raises(ValueError, match="this_length"):
        Annotation("s", 0, -1, "r", 0, 1)


def test_xml_round_trip(tmp_path: Path) -> None:
    cases = [CASE, Annotation("susp1.txt", 900, 40, 'nguồn "đặc biệt" & <1>.txt', 7, 41, "unicode")]
    reference, parsed = parse_xml(format_xml("susp1.txt", cases))
    assert (reference, parsed) == ("susp1.txt", cases)

    detections = [det(100, 90, 1000, 95)]
    write_xml(tmp_path / "a.xml", "susp1.txt", cases)
    write_xml(tmp_path / "b.xml", "susp1.txt", detections, name=DETECTED)
    assert read_xml(tmp_path / "a.xml") == ("susp1.txt", cases)
    # A truth file holds no detections and a detector's file no cases: the feature name tells them apart.
    assert read_annotations(tmp_path) == cases
    assert read_annotations(tmp_path, DETECTED) == detections


def test_xml_reads_pan_files_with_extra_attributes_and_intrinsic_cases() -> None:
    text = """<?xml version="1.0" encoding="UTF-8"?>
<document reference="suspicious-document00012.txt">
<feature name="about" authors="x" lang="en"/>
<feature name="plagiarism" type="artificial" obfuscation="high" this_language="en" this_offset="15"
 this_length="1200" source_reference="source-document00001.txt" source_language="en" source_offset="8"
 source_length="1183"/>
<feature name="plagiarism" type="intrinsic" this_offset="3000" this_length="40"/>
</document>"""
    assert parse_xml(text) == (
        "suspicious-document00012.txt",
        [Annotation("suspicious-document00012.txt", 15, 1200, "source-document00001.txt", 8, 1183, "high")],
    )


@pytest.mark.parametrize(
    "text",
    [
        "<document reference='s'><feature",
        "<doc reference='s'/>",
        "<document reference='s'><feature name='plagiarism' source_reference='r' this_offset='x'/>"
        "</document>",
    ],
)
def test_broken_xml_is_refused_with_a_vietnamese_message(text: str) -> None:
    with pytest.raises(ValueError, match="hãy"):
        parse_xml(text)


def test_writing_refuses_another_documents_annotation() -> None:
    with pytest.raises(ValueError, match="một văn bản"):
        format_xml("susp2.txt", [CASE])


# --- properties, against a literal reading of the definition (sets of characters) -----------------------

DOCS = st.sampled_from(["s1", "s2"])
SOURCES = st.sampled_from(["r1", "r2"])


@st.composite
def annotations(draw: st.DrawFn) -> Annotation:
    return Annotation(
        draw(DOCS),
        draw(st.integers(0, 60)),
        draw(st.integers(1, 30)),
        draw(SOURCES),
        draw(st.integers(0, 60)),
        draw(st.integers(1, 30)),
    )


def chars(a: Annotation) -> set[tuple[str, str, int]]:
    this = {("this", a.this_reference, i) for i in range(a.this_offset, a.this_end)}
    return this | {("source", a.source_reference, i) for i in range(a.source_offset, a.source_end)}


def meet(s: Annotation, r: Annotation) -> set[tuple[str, str, int]]:
    """s ⊓ r from the paper: s ∩ r when r detects s, else nothing."""
    both = chars(s) & chars(r)
    sides = {kind for kind, _, _ in both}
    same = s.this_reference == r.this_reference and s.source_reference == r.source_reference
    return both if same and sides == {"this", "source"} else set()


def literal_recall(cases: list[Annotation], detections: list[Annotation]) -> float:
    if not cases or not detections:
        return 1.0 if not cases and not detections else 0.0
    shares = [len(set().union(*(meet(s, r) for r in detections))) / len(chars(s)) for s in cases]
    return sum(shares) / len(shares)


@settings(max_examples=150, deadline=None)
@given(st.lists(annotations(), max_size=5), st.lists(annotations(), max_size=5))
def test_measures_follow_the_definition_and_stay_in_range(
    cases: list[Annotation], detections: list[Annotation]
) -> None:
    result = score(cases, detections)
    assert result.recall == pytest.approx(literal_recall(cases, detections))
    assert result.precision == pytest.approx(literal_recall(detections, cases))
    assert 0.0 <= result.precision <= 1.0
    assert 0.0 <= result.recall <= 1.0
    assert result.granularity >= 1.0
    assert 0.0 <= result.plagdet <= 1.0
    assert plagdet(cases, detections) == result.plagdet


@settings(max_examples=100, deadline=None)
@given(st.lists(annotations(), min_size=1, max_size=5), st.lists(annotations(), max_size=5), annotations())
def test_one_more_detection_never_lowers_recall(
    cases: list[Annotation], detections: list[Annotation], extra: Annotation
) -> None:
    assert recall(cases, [*detections, extra]) >= recall(cases, detections) - 1e-12


@settings(max_examples=100, deadline=None)
@given(st.lists(annotations(), min_size=1, max_size=5))
def test_cases_detect_themselves_perfectly(cases: list[Annotation]) -> None:
    assert recall(cases, cases) == 1.0
    assert precision(cases, cases) == 1.0
