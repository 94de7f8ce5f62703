"""Old Vietnamese encodings are recognised and named, never silently converted."""

from __future__ import annotations

import pytest

from quantriet.text import (
    LEGACY_ENCODINGS,
    ExtractionError,
    decode_legacy,
    decode_text,
    detect_legacy_encoding,
    extract_text,
)
from tests.text.files import SAMPLE_VI, encode_cp1258, encode_tcvn3, encode_vni

ENCODERS = {"TCVN3 (ABC)": encode_tcvn3, "VNI": encode_vni, "Windows-1258": encode_cp1258}
SHORT = "Đảng viên gương mẫu."


def test_the_three_encodings_are_the_ones_named() -> None:
    assert set(LEGACY_ENCODINGS) == set(ENCODERS)


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
@pytest.mark.parametrize("text", [SAMPLE_VI, SHORT], ids=["paragraph", "sentence"])
def test_each_legacy_encoding_is_detected_and_named_in_the_error(encoding: str, text: str) -> None:
    data = ENCODERS[encoding](text)
    assert detect_legacy_encoding(data) == encoding
    with pytest.raises(ExtractionError) as caught:
        extract_text(data, "bai-cu.txt")
    error = caught.value
    assert error.code == "legacy_encoding"
    assert encoding in error.message_vi and "UTF-8" in error.message_vi
    assert encoding in error.message_en


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_an_explicit_conversion_restores_the_text(encoding: str) -> None:
    assert decode_legacy(ENCODERS[encoding](SAMPLE_VI), encoding) == SAMPLE_VI


@pytest.mark.parametrize(
    ("seen_as_latin1", "encoding", "meaning"),
    [
        # How these files look when opened as Latin-1: the tables must agree with real files.
        ("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "TCVN3 (ABC)", "Cộng hoà xã hội chủ nghĩa Việt Nam"),
        ("§éc lËp - Tù do - H¹nh phóc", "TCVN3 (ABC)", "Độc lập - Tự do - Hạnh phúc"),
        ("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", "VNI", "Cộng hòa xã hội chủ nghĩa Việt Nam"),
        ("Ñoäc laäp - Töï do - Haïnh phuùc", "VNI", "Độc lập - Tự do - Hạnh phúc"),
        ("ñöôïc chính trò", "VNI", "được chính trị"),
    ],
)
def test_the_tables_read_text_as_found_in_old_files(seen_as_latin1: str, encoding: str, meaning: str) -> None:
    data = seen_as_latin1.encode("latin-1")
    assert detect_legacy_encoding(data) == encoding
    assert decode_legacy(data, encoding) == meaning
    assert ENCODERS[encoding](meaning) == data  # and the tests' own encoder agrees


def test_windows_1258_bytes_from_the_code_chart_are_detected() -> None:
    # Written byte by byte from the code page: ê=EA, dot below=F2, ư=FD, ơ=F5, acute=EC, Đ=D0, hook=D2.
    data = b"Vi\xea\xf2t Nam, n\xfd\xf5\xecc, \xd0a\xd2ng"
    assert detect_legacy_encoding(data) == "Windows-1258"
    assert decode_legacy(data, "Windows-1258") == "Việt Nam, nước, Đảng"
    assert encode_cp1258("Việt Nam, nước, Đảng") == data


def test_utf8_and_ascii_are_not_legacy() -> None:
    assert detect_legacy_encoding(SAMPLE_VI.encode()) is None
    assert detect_legacy_encoding(b"Nghi quyet 35-NQ/TW") is None


def test_western_european_text_is_not_taken_for_vietnamese() -> None:
    french = "Le café était très fréquenté; déjà à l'été, les élèves étudiaient là.".encode("cp1252")
    assert detect_legacy_encoding(french) is None
    with pytest.raises(ExtractionError) as caught:
        decode_text(french)
    assert caught.value.code == "legacy_encoding"
    assert "UTF-8" in caught.value.message_vi
    assert not any(name in caught.value.message_vi for name in LEGACY_ENCODINGS)


def test_an_unknown_encoding_name_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown legacy encoding"):
        decode_legacy(b"abc", "VISCII")
