"""A file's extension is what ``pathlib`` says it is, for any name a sender or a folder may give."""

from __future__ import annotations

from pathlib import PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quantriet.text.extract import file_suffix

_NAME_PARTS = st.text(alphabet="ab./ \\Đđ.~-_\x00😀", max_size=20)


@given(_NAME_PARTS)
def test_the_suffix_is_pathlibs(filename: str) -> None:
    assert file_suffix(filename) == PurePath(filename).suffix


@pytest.mark.parametrize(
    ("filename", "suffix"),
    [
        ("/srv/bai/r001234.txt", ".txt"),
        ("bai.thu.hoach.DOCX", ".DOCX"),
        (".bashrc", ""),
        ("bai.", ""),
        ("thu-muc.pdf/", ".pdf"),
        ("a/b.odt/./", ".odt"),
        ("..", ""),
        ("", ""),
    ],
)
def test_names_senders_give(filename: str, suffix: str) -> None:
    assert file_suffix(filename) == suffix == PurePath(filename).suffix
