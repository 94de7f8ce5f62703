"""The HTML report: one self-contained page, everything escaped, texts only of documents in pairs."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.copycheck.clitools import copycheck, prose, write

COPIED = prose(2000, 60)
EVIL = '<script>alert("bị tấn công")</script><img src=x onerror=alert(1)> & "ngoặc"'


class _Page(HTMLParser):
    """Collects the tags, attributes and script blocks of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None
        self.rows: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)
        if tag == "tr" and dict(attrs).get("data-k"):
            self.rows.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
            self._script = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


@pytest.fixture
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object], Path]:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "c" / "a<b>.txt", prose(1, 80) + " " + EVIL + " " + COPIED + " " + prose(2, 60))
    write(tmp_path / "c" / "b.txt", prose(3, 40) + " " + COPIED + "\r\n" + EVIL + " " + prose(4, 30))
    write(tmp_path / "c" / "c.txt", prose(5, 50) + " " + COPIED[: len(COPIED) // 2 + 80] + " " + prose(6, 70))
    write(tmp_path / "c" / "alone.txt", "Đoạn văn độc lập không ai chép. " + prose(7, 150))
    write(tmp_path / "c" / "<i>broken</i>.txt", b"\x00\x01binary")
    json_run = copycheck("c")
    run = copycheck("c", "--format", "html", "--out", "r.html")
    assert run.status == 0 and json_run.status == 0, run.err
    return (tmp_path / "r.html").read_text(encoding="utf-8"), json_run.json(), tmp_path


def test_document_text_and_file_names_are_escaped(report: tuple[str, dict[str, object], Path]) -> None:
    page, _, _ = report
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<i>broken</i>" not in page and "&lt;i&gt;broken&lt;/i&gt;.txt" in page
    assert "c/a&lt;b&gt;.txt" in page
    parsed = _Page()
    parsed.feed(page)
    scripts = [attrs for attrs, _ in parsed.scripts]
    assert scripts == [{"type": "application/json", "id": "report-data"}, {}]  # our two blocks only
    assert not any(attrs.get("onerror") for _, attrs in parsed.tags)


def test_the_page_needs_nothing_from_the_network(report: tuple[str, dict[str, object], Path]) -> None:
    page, _, _ = report
    parsed = _Page()
    parsed.feed(page)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href") or ""
        assert href == "" or href.startswith("#"), href
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page


def test_only_texts_of_documents_in_pairs_are_embedded_once_each(
    report: tuple[str, dict[str, object], Path],
) -> None:
    page, data, _ = report
    parsed = _Page()
    parsed.feed(page)
    blob = json.loads(next(text for attrs, text in parsed.scripts if attrs.get("id") == "report-data"))
    in_pairs = {doc for pair in data["pairs"] for doc in (pair["a"], pair["b"])}  # type: ignore[attr-defined]
    assert {doc["id"] for doc in blob["docs"]} == in_pairs
    assert len(blob["docs"]) == len(in_pairs)
    assert "Đoạn văn độc lập không ai chép" not in page
    texts = {doc["id"]: doc["text"] for doc in blob["docs"]}
    assert EVIL in texts["c/a<b>.txt"]  # the text itself is intact, only its encoding is safe
    # Passages in the page are those of the JSON result, in the same order.
    for entry, pair in zip(blob["pairs"], data["pairs"], strict=True):  # type: ignore[call-overload]
        assert blob["docs"][entry[0]]["id"] == pair["a"] and blob["docs"][entry[1]]["id"] == pair["b"]
        assert entry[3] == [[p["a_start"], p["a_end"], p["b_start"], p["b_end"]] for p in pair["passages"]]


def test_the_pair_list_reads_without_script_ordered_by_similarity(
    report: tuple[str, dict[str, object], Path],
) -> None:
    page, data, _ = report
    parsed = _Page()
    parsed.feed(page)
    similarities = [float(row["data-sim"] or 0) for row in parsed.rows]
    assert len(similarities) == len(data["pairs"]) >= 2  # type: ignore[arg-type]
    assert similarities == sorted(similarities, reverse=True)
    shown = re.findall(r'<a href="#pair-\d+">([\d,]+%)</a>', page)
    assert shown[0] == f"{data['pairs'][0]['similarity'] * 100:.1f}%".replace(".", ",")  # type: ignore[index]


def test_summary_rings_and_skipped_files_are_shown(report: tuple[str, dict[str, object], Path]) -> None:
    page, _, _ = report
    assert re.search(r"<li><b>4</b>Bài trong nhóm</li>", page)
    assert re.search(r"<li><b>1</b>Tệp bị bỏ qua</li>", page)
    assert 'id="rings"' in page and "3 bài:" in page
    assert "không phải văn bản thuần" in page


def test_a_check_without_pairs_still_makes_a_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a.txt", prose(8, 100))
    write(tmp_path / "b.txt", prose(9, 100))
    run = copycheck("a.txt", "b.txt", "--format", "html")
    assert run.status == 0
    assert "Không tìm thấy cặp bài nào có đoạn trùng." in run.out
    assert "<script" not in run.out
