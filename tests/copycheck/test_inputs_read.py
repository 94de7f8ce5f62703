"""Reading an input file with ``os.read`` gives the bytes ``open(...).read()`` gives, whatever its size."""

from __future__ import annotations

from pathlib import Path

import pytest

from quantriet.copycheck.cli.inputs import (
    InputFile,
    LoadedText,
    SkippedFile,
    _read,
    collect_inputs,
    load_text,
    unique_inputs,
)


@pytest.mark.parametrize("size", [0, 1, 4_700, 65_536, 65_537, 300_000])
def test_the_whole_file_is_read(tmp_path: Path, size: int) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(256)) * (size // 256) + b"x" * (size % 256))
    assert _read(str(path), size) == path.read_bytes()


@pytest.mark.parametrize("told", [0, 10, 70_000])
def test_a_file_grown_since_its_size_was_taken_is_read_to_its_end(tmp_path: Path, told: int) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"ab" * 100_000)
    assert _read(str(path), told) == path.read_bytes()


def test_text_and_refusals_are_as_before(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes("Nghị quyết\r\nhọc tập\r\n".encode())
    loaded = load_text(InputFile("good.txt", str(good), "cohort"))
    assert isinstance(loaded, LoadedText) and loaded.text == "Nghị quyết\r\nhọc tập\r\n"
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2_000)
    skipped = load_text(InputFile("big.txt", str(big), "cohort"), max_bytes=1_000)
    assert isinstance(skipped, SkippedFile) and skipped.code == "too_large"
    missing = load_text(InputFile("gone.txt", str(tmp_path / "gone.txt"), "cohort"))
    assert isinstance(missing, SkippedFile) and missing.code == "unreadable"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert load_text(InputFile("folder.txt", str(folder), "cohort")) == SkippedFile(
        "folder.txt", "Không đọc được tệp: Is a directory. Hãy kiểm tra quyền đọc tệp.", "unreadable"
    )


def test_a_file_named_twice_through_a_link_or_a_linked_folder_is_read_once(tmp_path: Path) -> None:
    reports = tmp_path / "bai"
    reports.mkdir()
    (reports / "a.txt").write_text("Nghị quyết", encoding="utf-8")
    (reports / "b.txt").write_text("học tập", encoding="utf-8")
    (reports / "lien-ket.txt").symlink_to(reports / "a.txt")  # a link beside its target, in the listing
    (tmp_path / "thu-muc-lien-ket").symlink_to(reports)
    cohort = collect_inputs([str(reports)], "cohort")
    assert [(item.id.rsplit("/", 1)[-1], item.symlink) for item in cohort] == [
        ("a.txt", False),
        ("b.txt", False),
        ("lien-ket.txt", True),
    ]
    again = collect_inputs([str(tmp_path / "thu-muc-lien-ket"), str(reports / "b.txt")], "reference")
    assert [item.symlink for item in again] == [False, False, True, False]
    told = [InputFile(item.id, item.path, item.role) for item in again]  # nothing known: asked
    for groups in ([cohort, again], [cohort, told]):
        kept = unique_inputs(groups)
        assert [(item.id.rsplit("/", 1)[-1], item.role) for item in kept] == [
            ("a.txt", "cohort"),
            ("b.txt", "cohort"),
        ]
