"""The persistent index: each submission checked against everything before it, across restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quantriet.copycheck import CopyIndex, IndexFileError, Options
from tests.copycheck.clitools import prose


def report(seed: int, copied: str = "") -> str:
    return f"{prose(seed, 150)} {copied} {prose(seed + 1, 150)}"


def test_a_report_submitted_first_is_flagged_when_its_copy_arrives_later(tmp_path: Path) -> None:
    original = prose(1, 200)
    with CopyIndex.create(tmp_path / "idx") as index:
        assert index.check("an.txt", report(10, original)) == []
        index.add("an.txt", report(10, original))
        for k in range(20):
            index.add(f"khac{k}.txt", report(100 + 2 * k))
    with CopyIndex.open(tmp_path / "idx") as index:  # another day, another process
        assert len(index) == 21
        pairs = index.check("binh.txt", report(20, original))
    assert [(p.a, p.b) for p in pairs] == [("binh.txt", "an.txt")]
    assert pairs[0].passages and 0.3 < pairs[0].similarity < 0.6


def test_check_finds_what_is_added_before_a_flush_and_never_the_document_itself(tmp_path: Path) -> None:
    text = report(30, prose(31, 200))
    index = CopyIndex.create(tmp_path / "idx")
    index.add("an.txt", text)
    assert index.check("an.txt", text) == []  # its own earlier version is not a copy
    assert [p.b for p in index.check("an-ban-sao.txt", text)] == ["an.txt"]
    index.close()


def test_adding_the_same_document_again_changes_nothing_and_a_new_text_replaces_the_old(
    tmp_path: Path,
) -> None:
    first, second = report(40, prose(41, 200)), report(42, prose(43, 200))
    with CopyIndex.create(tmp_path / "idx") as index:
        index.add("an.txt", first)
        index.flush()
        index.add("an.txt", first)
        assert len(index) == 1
        index.add("an.txt", second)  # the member resubmitted
        assert len(index) == 1
    with CopyIndex.open(tmp_path / "idx") as index:
        assert index.check("x.txt", first) == []
        assert [p.b for p in index.check("x.txt", second)] == ["an.txt"]


def test_base_text_added_to_the_index_is_never_evidence(tmp_path: Path) -> None:
    resolution = prose(50, 250)
    with CopyIndex.create(tmp_path / "idx") as index:
        index.add_base(resolution)
        index.add("an.txt", report(51, resolution))
    with CopyIndex.open(tmp_path / "idx") as index:
        assert index.check("binh.txt", report(53, resolution)) == []


def test_many_flushes_are_merged_and_nothing_is_lost(tmp_path: Path) -> None:
    copied = prose(60, 200)
    with CopyIndex.create(tmp_path / "idx", Options()) as index:
        for k in range(12):
            index.add(f"bai{k}.txt", report(200 + 2 * k, copied if k == 3 else ""))
            index.flush()
        assert len(list((tmp_path / "idx").glob("seg-*.npz"))) <= 9
    with CopyIndex.open(tmp_path / "idx") as index:
        assert len(index) == 12
        assert [p.b for p in index.check("moi.txt", report(300, copied))] == ["bai3.txt"]


def test_the_index_keeps_its_options(tmp_path: Path) -> None:
    CopyIndex.create(tmp_path / "idx", Options(min_passage_words=40)).close()
    assert CopyIndex.open(tmp_path / "idx").options.min_passage_words == 40


# -- bad index files: a clear error, never a wrong result -----------------------------------------------


def built(tmp_path: Path) -> Path:
    with CopyIndex.create(tmp_path / "idx") as index:
        index.add("an.txt", report(70, prose(71, 200)))
    return tmp_path / "idx"


def test_a_changed_segment_is_refused(tmp_path: Path) -> None:
    directory = built(tmp_path)
    [segment] = directory.glob("seg-*.npz")
    data = bytearray(segment.read_bytes())
    data[len(data) // 2] ^= 0xFF
    segment.write_bytes(bytes(data))
    with pytest.raises(IndexFileError, match="bị thay đổi hoặc hỏng"):
        CopyIndex.open(directory)


def test_a_missing_segment_is_refused(tmp_path: Path) -> None:
    directory = built(tmp_path)
    next(directory.glob("seg-*.npz")).unlink()
    with pytest.raises(IndexFileError, match="thiếu tệp"):
        CopyIndex.open(directory)


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("{not json", "bị hỏng"),
        ('{"format": "something-else"}', "không phải chỉ mục"),
        ('{"format": "quantriet-copyindex", "version": 99}', "phiên bản 99"),
        ('{"format": "quantriet-copyindex", "version": 1}', "bị hỏng"),
        (
            '{"format": "quantriet-copyindex", "version": 1, "options": {"ngram": -1}, "segments": []}',
            "bị hỏng",
        ),
    ],
)
def test_a_foreign_or_broken_manifest_is_refused(tmp_path: Path, manifest: str, message: str) -> None:
    directory = built(tmp_path)
    (directory / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(IndexFileError, match=message):
        CopyIndex.open(directory)


def test_a_directory_that_is_not_an_index_is_refused(tmp_path: Path) -> None:
    (tmp_path / "khac").mkdir()
    (tmp_path / "khac" / "ghi-chu.txt").write_text("x", encoding="utf-8")
    with pytest.raises(IndexFileError, match=r"thiếu manifest\.json"):
        CopyIndex.open(tmp_path / "khac")
    with pytest.raises(IndexFileError, match="không phải thư mục trống"):
        CopyIndex.create(tmp_path / "khac")


def test_a_crash_before_the_manifest_is_written_leaves_the_previous_state(tmp_path: Path) -> None:
    directory = built(tmp_path)
    before = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    index = CopyIndex.open(directory)
    index.add("binh.txt", report(80))
    index._write_manifest = lambda: (_ for _ in ()).throw(OSError("disk full"))  # type: ignore[method-assign]
    with pytest.raises(OSError):
        index.flush()
    assert json.loads((directory / "manifest.json").read_text(encoding="utf-8")) == before
    reopened = CopyIndex.open(directory)
    assert len(reopened) == 1 and "an.txt" in reopened


def test_a_ring_in_the_index_is_not_mistaken_for_common_material(tmp_path: Path) -> None:
    essay = prose(90, 250)
    with CopyIndex.create(tmp_path / "idx") as index:
        for k in range(8):
            index.add(f"chep{k}.txt", report(400 + 2 * k, essay))
        for k in range(12):  # the ring stays a minority of the index
            index.add(f"rieng{k}.txt", report(500 + 2 * k))
        assert {p.b for p in index.check("moi.txt", report(600, essay))} == {f"chep{k}.txt" for k in range(8)}
