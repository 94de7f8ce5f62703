"""``quantriet copycheck`` against its contract (shared/contracts/copycheck.md): ids, offsets, roles, JSON."""

from __future__ import annotations

from pathlib import Path

import pytest

from quantriet.text import extract_text
from tests.copycheck.clitools import copycheck, passage_texts, prose, write
from tests.text.files import encode_tcvn3, make_docx

COPIED = prose(1000, 60)


def _cohort(root: Path) -> dict[str, str]:
    """Four reports: 0001 and 0002 share a copied passage, 0003 and 0004 copy nothing."""
    texts = {
        "0001.txt": prose(1, 120) + " " + COPIED + " " + prose(2, 80),
        "0002.txt": prose(3, 50) + " " + COPIED + " " + prose(4, 140),
        "0003.txt": prose(5, 200),
        "0004.txt": prose(6, 200),
    }
    for name, text in texts.items():
        write(root / name, text)
    return texts


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_json_has_the_contract_keys_and_types(in_tmp: Path) -> None:
    _cohort(in_tmp / "corpus" / "susp")
    run = copycheck("corpus/susp")
    assert run.status == 0, run.err
    data = run.json()
    assert data["version"] == 1
    assert {"documents", "skipped", "pairs", "clusters"} <= data.keys()
    for document in data["documents"]:
        assert isinstance(document["id"], str) and document["role"] in ("cohort", "reference")
        assert isinstance(document["chars"], int) and document["chars"] > 0
    assert len(data["pairs"]) == 1
    pair = data["pairs"][0]
    assert isinstance(pair["similarity"], float) and 0 < pair["similarity"] <= 1
    for passage in pair["passages"]:
        for key in ("a_start", "a_end", "b_start", "b_end"):
            assert isinstance(passage[key], int)
        assert passage["a_start"] < passage["a_end"] and passage["b_start"] < passage["b_end"]
    [cluster] = data["clusters"]
    assert sorted(cluster) == sorted([pair["a"], pair["b"]])


def test_ids_are_paths_as_found_relative_to_the_current_directory(in_tmp: Path) -> None:
    _cohort(in_tmp / "corpus" / "susp")
    data = copycheck("corpus/susp").json()
    assert [d["id"] for d in data["documents"]] == [f"corpus/susp/000{i}.txt" for i in range(1, 5)]
    pair = data["pairs"][0]
    assert {pair["a"], pair["b"]} == {"corpus/susp/0001.txt", "corpus/susp/0002.txt"}


def test_ids_are_absolute_when_the_path_given_is_absolute(in_tmp: Path) -> None:
    _cohort(in_tmp / "corpus")
    data = copycheck(in_tmp / "corpus").json()
    assert [d["id"] for d in data["documents"]] == [
        str(in_tmp / "corpus" / f"000{i}.txt") for i in range(1, 5)
    ]


def test_offsets_cut_the_copied_passage_out_of_the_decoded_text_with_bom_and_crlf(in_tmp: Path) -> None:
    # The BOM is dropped and every CRLF stays two characters, so offsets shift against a naive reading.
    first = "\r\n".join([prose(11, 40), prose(12, 40), COPIED, prose(13, 60)])
    second = "\r\n\r\n".join([prose(14, 90), COPIED.replace(". ", ".\r\n"), prose(15, 30)])
    write(in_tmp / "a.txt", b"\xef\xbb\xbf" + first.encode())
    write(in_tmp / "b.txt", second)
    data = copycheck("a.txt", "b.txt").json()
    assert {d["id"]: d["chars"] for d in data["documents"]} == {"a.txt": len(first), "b.txt": len(second)}
    [pair] = data["pairs"]
    texts = {"a.txt": first, "b.txt": second}
    cuts = passage_texts(pair, texts)
    assert cuts, "a pair is listed only with passages"
    joined_a = " ".join(a for a, _ in cuts)
    copied_words = COPIED.split()
    # The passage is the copied text, give or take its first and last syllable.
    assert set(copied_words[1:-1]) <= set(joined_a.replace("\r\n", " ").split())
    assert all(not a.startswith(("\ufeff", "\n", " ")) for a, _ in cuts)
    for a_text, b_text in cuts:
        assert a_text.split() == b_text.split()


def test_reference_documents_are_never_compared_with_each_other(in_tmp: Path) -> None:
    source = prose(20, 200)
    write(in_tmp / "refs" / "source.txt", source)
    write(in_tmp / "refs" / "source-copy.txt", source)  # identical references: still no pair
    write(in_tmp / "cohort" / "x.txt", prose(21, 80) + " " + source[:400] + " " + prose(22, 60))
    write(in_tmp / "cohort" / "y.txt", prose(23, 200))
    data = copycheck("cohort", "--reference", "refs").json()
    roles = {d["id"]: d["role"] for d in data["documents"]}
    assert roles["refs/source.txt"] == "reference" and roles["cohort/x.txt"] == "cohort"
    assert data["pairs"], "the cohort document copies a reference"
    for pair in data["pairs"]:
        assert roles[pair["a"]] == "cohort"
        assert pair["a"] == "cohort/x.txt" and pair["b"].startswith("refs/")
    assert all(all(roles[member] == "cohort" for member in cluster) for cluster in data["clusters"])


def test_base_text_shared_by_two_reports_is_not_reported(in_tmp: Path) -> None:
    resolution = prose(30, 80)
    write(in_tmp / "base" / "nghi-quyet.txt", resolution)
    write(in_tmp / "c" / "a.txt", prose(31, 150) + " " + resolution + " " + prose(32, 100))
    write(in_tmp / "c" / "b.txt", prose(33, 90) + " " + resolution + " " + prose(34, 160))
    assert copycheck("c").json()["pairs"], "without --base the shared text is found"
    data = copycheck("c", "--base", "base/nghi-quyet.txt").json()
    assert data["pairs"] == []
    assert data["clusters"] == []
    assert [d["id"] for d in data["documents"]] == ["c/a.txt", "c/b.txt"]  # base texts are not documents


def test_unreadable_files_are_named_on_stderr_and_in_skipped_and_the_rest_is_checked(in_tmp: Path) -> None:
    texts = _cohort(in_tmp / "c")
    write(in_tmp / "c" / "empty.txt", b"")
    write(in_tmp / "c" / "blank.txt", b" \r\n\t ")
    write(in_tmp / "c" / "binary.txt", bytes(range(256)) * 4)
    write(in_tmp / "c" / "legacy.txt", encode_tcvn3(prose(50, 80)))
    write(in_tmp / "c" / "broken.docx", b"PK\x03\x04 not really a zip archive")
    run = copycheck("c")
    assert run.status == 0
    data = run.json()
    skipped = {s["path"]: s for s in data["skipped"]}
    assert set(skipped) == {"c/empty.txt", "c/blank.txt", "c/binary.txt", "c/legacy.txt", "c/broken.docx"}
    assert skipped["c/legacy.txt"]["code"] == "legacy_encoding"
    assert skipped["c/binary.txt"]["code"] == "binary"
    for path, item in skipped.items():
        assert item["reason"] and path in run.err
    assert [d["id"] for d in data["documents"]] == [f"c/{name}" for name in sorted(texts)]
    assert len(data["pairs"]) == 1


def test_a_directory_of_many_small_files_with_a_few_broken_ones(in_tmp: Path) -> None:
    for i in range(60):
        write(in_tmp / "lop" / f"khoi-{i % 3}" / f"bai-{i:03d}.txt", prose(100 + i, 60))
    write(in_tmp / "lop" / "khoi-1" / "bai-900.txt", prose(100, 60) + " " + prose(999, 20))  # copies bai-000
    for name in ("hong-1.txt", "hong-2.pdf"):
        write(in_tmp / "lop" / "khoi-2" / name, b"\x00\x01\x02garbage\xff")
    write(in_tmp / "lop" / ".DS_Store", b"\x00\x00")  # hidden litter is not a report
    data = copycheck("lop").json()
    assert len(data["documents"]) == 61
    assert [s["path"] for s in data["skipped"]] == ["lop/khoi-2/hong-1.txt", "lop/khoi-2/hong-2.pdf"]
    assert [(p["a"], p["b"]) for p in data["pairs"]] in (
        [("lop/khoi-0/bai-000.txt", "lop/khoi-1/bai-900.txt")],
        [("lop/khoi-1/bai-900.txt", "lop/khoi-0/bai-000.txt")],
    )
    ids = [d["id"] for d in data["documents"]]
    assert ids == sorted(ids)  # sorted walk: the same order on every run


def test_identical_files_are_one_pair_covering_everything(in_tmp: Path) -> None:
    text = prose(40, 150)
    write(in_tmp / "a.txt", text)
    write(in_tmp / "b.txt", text)
    [pair] = copycheck("a.txt", "b.txt").json()["pairs"]
    assert pair["similarity"] > 0.95
    covered = sum(p["a_end"] - p["a_start"] for p in pair["passages"])
    assert covered > 0.95 * len(text)


def test_one_word_documents_are_checked_without_pairs(in_tmp: Path) -> None:
    write(in_tmp / "a.txt", "Đảng")
    write(in_tmp / "b.txt", "Đảng")
    write(in_tmp / "c.txt", prose(41, 100))
    run = copycheck(".")
    assert run.status == 0, run.err
    data = run.json()
    assert [d["id"] for d in data["documents"]] == ["a.txt", "b.txt", "c.txt"]
    assert data["pairs"] == []


def test_the_same_file_named_twice_is_one_document(in_tmp: Path) -> None:
    _cohort(in_tmp / "c")
    data = copycheck("c", "c/0001.txt", "--reference", "c/0002.txt").json()
    assert [d["id"] for d in data["documents"]] == [f"c/000{i}.txt" for i in range(1, 5)]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--workers", "0", "c"], "số nguyên dương"),
        (["--workers", "hai", "c"], "số nguyên dương"),
        (["--min-words", "-3", "c"], "số nguyên dương"),
        (["--common-share", "1.5", "c"], "tỉ lệ"),
        (["--format", "xml", "c"], "json hoặc html"),
        (["khong-co-thu-muc"], "Không tìm thấy khong-co-thu-muc"),
        (["c", "--reference", "khong-co.txt"], "Không tìm thấy khong-co.txt"),
        (["c", "--out", "thu-muc-la/ket-qua.json"], "không có thư mục"),
    ],
)
def test_bad_options_end_with_a_vietnamese_message_and_a_non_zero_status(
    in_tmp: Path, args: list[str], expected: str
) -> None:
    _cohort(in_tmp / "c")
    run = copycheck(*args)
    assert run.status != 0
    assert expected in run.err
    assert run.out == ""


def test_json_goes_to_the_out_file_and_html_is_one_page(in_tmp: Path) -> None:
    _cohort(in_tmp / "c")
    run = copycheck("c", "--out", "ket-qua.json")
    assert run.status == 0 and run.out == ""
    assert '"version": 1' in (in_tmp / "ket-qua.json").read_text(encoding="utf-8")
    run = copycheck("c", "--format", "html", "--out", "bao-cao.html")
    assert run.status == 0, run.err
    page = (in_tmp / "bao-cao.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "c/0001.txt" in page and "c/0002.txt" in page
    assert list(in_tmp.glob(".copycheck-*")) == []  # no temporary file left behind


def test_options_reach_the_engine(in_tmp: Path) -> None:
    _cohort(in_tmp / "c")
    data = copycheck("c", "--min-words", "200", "--common-share", "0,2", "--ignore-quotes").json()
    assert data["options"]["min_passage_words"] == 200
    assert data["options"]["common_share"] == 0.2
    assert data["options"]["ignore_quotes"] is True
    assert data["pairs"] == []  # the copied passage (60 syllables) is shorter than 200


def test_docx_reports_are_read_and_their_offsets_point_into_the_extracted_text(in_tmp: Path) -> None:
    data_docx = make_docx([prose(60, 50), COPIED, prose(61, 70)])
    write(in_tmp / "a.docx", data_docx)
    write(in_tmp / "b.txt", prose(62, 80) + " " + COPIED)
    data = copycheck("a.docx", "b.txt").json()
    [pair] = data["pairs"]
    texts = {"a.docx": extract_text(data_docx, "a.docx").text, "b.txt": prose(62, 80) + " " + COPIED}
    for a_text, b_text in passage_texts(pair, texts):
        assert set(COPIED.split()[1:-1]) <= set(a_text.split())
        assert a_text.split() == b_text.split()
