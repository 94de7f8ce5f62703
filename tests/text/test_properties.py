"""Whatever bytes arrive, reading them either succeeds or fails with an ExtractionError."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantriet.text import ExtractionError, decode_text, detect_legacy_encoding, extract_text
from tests.text.files import encode_cp1258, encode_tcvn3, encode_vni, make_odt, odt_content

VIETNAMESE = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ .,\n"
)
PREFIXES = st.sampled_from(
    [
        b"",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        codecs.BOM_UTF32_LE,
        b"PK\x03\x04",
        b"%PDF-1.4\n",
        b"MZ",
        b"\x7fELF",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    ]
)


@given(st.binary(max_size=2000), PREFIXES)
@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
def test_decode_text_raises_nothing_but_extraction_errors(data: bytes, prefix: bytes) -> None:
    try:
        text = decode_text(prefix + data)
    except ExtractionError as error:
        assert error.code in {"binary", "legacy_encoding"}
    else:
        assert isinstance(text, str)


@given(
    st.binary(max_size=2000),
    PREFIXES,
    st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.doc", "a", "a.odt"]),
    st.booleans(),
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_extract_text_raises_nothing_but_extraction_errors(
    data: bytes, prefix: bytes, filename: str, convert_legacy: bool
) -> None:
    try:
        result = extract_text(prefix + data, filename, convert_legacy=convert_legacy)
    except ExtractionError as error:
        assert error.message_vi and error.message_en
    else:
        assert result.text.strip()


@given(VIETNAMESE)
def test_utf8_text_always_decodes_to_itself(text: str) -> None:
    assert decode_text(text.encode()) == text
    assert decode_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text


# Syllables with diacritics, lower case (TCVN3 has no capitals with tone marks in its main font).
_WORDS_TEXT = (
    "đảng viên bộ nghị quyết học tập thực hiện người dân trường sở lãnh đạo phát triển kinh tế xã hội "
    "quốc phòng khuyết điểm sửa chữa gương mẫu tuyên truyền nhiệm vụ trách thuở khuya nguyễn ước mơ "
    "rượu bưởi chuyện lũy tiến ngoài xoáy nghiêng giữ quà ủy ban tỉnh huyện thôn ấp bản làng"
)
WORDS = _WORDS_TEXT.split()
# Distinct words: one short word repeated can be spelled validly in two encodings ("dân" in
# Windows-1258 reads "dõn" in TCVN3); real files have many different words.
SENTENCES = st.lists(st.sampled_from(WORDS), min_size=5, max_size=40, unique=True).map(" ".join)
ENCODERS = {"TCVN3 (ABC)": encode_tcvn3, "VNI": encode_vni, "Windows-1258": encode_cp1258}


@given(SENTENCES)
def test_utf8_vietnamese_is_never_called_legacy(sentence: str) -> None:
    assert detect_legacy_encoding(sentence.encode()) is None


@given(SENTENCES, st.sampled_from(sorted(ENCODERS)))
@settings(max_examples=300)
def test_legacy_text_is_named_and_never_returned_as_text(sentence: str, encoding: str) -> None:
    data = ENCODERS[encoding](sentence)
    assert detect_legacy_encoding(data) == encoding
    try:
        decode_text(data)
    except ExtractionError as error:
        assert error.code == "legacy_encoding"
        assert encoding in error.message_vi
    else:
        raise AssertionError("legacy bytes were decoded")


@given(st.binary(max_size=1000) | st.text(max_size=300).map(lambda body: odt_content(body)), st.booleans())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_any_odt_content_raises_nothing_but_extraction_errors(content: bytes, legacy: bool) -> None:
    try:
        result = extract_text(make_odt(content=content), "a.odt", convert_legacy=legacy)
    except ExtractionError as error:
        assert error.code in {"corrupt_odt", "empty"}
    else:
        assert result.kind == "odt" and result.text.strip()


@given(SENTENCES, st.sampled_from(["TCVN3 (ABC)", "VNI"]))
@settings(max_examples=100)
def test_legacy_text_converts_back_to_the_sentence(sentence: str, encoding: str) -> None:
    result = extract_text(ENCODERS[encoding](sentence), "a.txt", convert_legacy=True)
    assert result.text == sentence and result.converted_from == encoding
