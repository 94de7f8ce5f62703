"""A copy check's result as one self-contained HTML file that a reviewer opens offline.

What it holds: summary counts, the list of pairs (a plain table, ordered by similarity, sortable by
clicking a column heading), the side-by-side view of a pair with its passages highlighted and numbered
alike on both sides (clicking one scrolls its counterpart level with it), the rings and the skipped files.

Size: the texts of documents that appear in no reported pair are left out, and each text is stored once
however many pairs it is in; the pair view is drawn by the script from that store.

Safety: every value from the documents or the file system (ids, texts, reasons) is escaped: HTML-escaped
in markup, and JSON with ``<``, ``>`` and ``&`` written as ``\\u003c``... in the data block, so a report
containing ``</script>`` can neither end the block nor run anything.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any, TextIO

from quantriet.copycheck.report import SkippedFile
from quantriet.copycheck.report_assets import REPORT_CSS, REPORT_JS

if TYPE_CHECKING:
    from quantriet.copycheck import CheckResult, Options, Pair

__all__ = ["render_html", "write_html"]

_ROLE_NAMES = {"cohort": "trong nhóm", "reference": "tham chiếu", "base": "văn bản nền"}
_OPTION_NAMES = {
    "min_passage_words": "độ dài đoạn tối thiểu (âm tiết)",
    "common_share": "tỉ lệ coi là cụm từ phổ biến",
    "common_min_docs": "số bài tối thiểu để coi là phổ biến",
    "ignore_quotes": "bỏ qua phần trong ngoặc kép",
}


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"  # Vietnamese decimal comma


def _json_for_script(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _summary(result: CheckResult, skipped: Sequence[SkippedFile]) -> Iterable[str]:
    counts = {role: 0 for role in _ROLE_NAMES}
    for info in result.documents:
        counts[info.role] = counts.get(info.role, 0) + 1
    items = [
        ("Bài trong nhóm", counts["cohort"]),
        ("Văn bản tham chiếu", counts["reference"]),
        ("Văn bản nền", counts["base"]),
        ("Cặp có đoạn trùng", len(result.pairs)),
        ("Nhóm liên kết", len(result.clusters)),
        ("Tệp bị bỏ qua", len(skipped)),
    ]
    yield '<ul class="summary">'
    for label, value in items:
        yield f"<li><b>{value:,}</b>{escape(label)}</li>".replace(",", ".")
    yield "</ul>"


def _settings(options: Options | None) -> Iterable[str]:
    if options is None or not dataclasses.is_dataclass(options):
        return
    shown = []
    for field in dataclasses.fields(options):
        if field.name in _OPTION_NAMES:
            value = getattr(options, field.name)
            if isinstance(value, bool):
                value = "có" if value else "không"
            elif isinstance(value, float):
                value = f"{value:g}".replace(".", ",")  # Vietnamese decimal comma
            shown.append(f"{_OPTION_NAMES[field.name]}: {value}")
    if shown:
        yield f'<p class="settings">Thiết lập: {escape("; ".join(shown))}.</p>'


def _role_badge(role: str) -> str:
    return f'<span class="role">{escape(_ROLE_NAMES.get(role, role))}</span>' if role == "reference" else ""


def _pair_rows(pairs: Sequence[Pair], roles: Mapping[str, str]) -> Iterable[str]:
    for k, pair in enumerate(pairs, start=1):
        a, b = escape(pair.a), escape(pair.b)
        yield (
            f'<tr id="row-{k}" data-k="{k}" data-sim="{pair.similarity:.6f}" data-a="{a}" data-b="{b}" '
            f'data-n="{len(pair.passages)}">'
            f'<td class="num">{k}</td>'
            f'<td class="num"><a href="#pair-{k}">{_percent(pair.similarity)}</a></td>'
            f"<td>{a}</td><td>{b}{_role_badge(roles.get(pair.b, ''))}</td>"
            f'<td class="num">{len(pair.passages)}</td></tr>'
        )


def _pairs_section(result: CheckResult, roles: Mapping[str, str]) -> Iterable[str]:
    yield '<section id="pairs"><h2>Các cặp có đoạn trùng</h2>'
    if not result.pairs:
        yield "<p>Không tìm thấy cặp bài nào có đoạn trùng.</p></section>"
        return
    yield (
        '<p class="hint">Tỉ lệ trùng: phần văn bản của bài (a) nằm trong các đoạn trùng với (b). '
        "Bấm tên cột để sắp xếp, bấm tỉ lệ để xem đối chiếu.</p>"
    )
    yield '<div class="table-wrap"><table id="pair-table"><thead><tr>'
    yield '<th class="num" data-key="k" data-numeric>#</th>'
    yield (
        '<th class="num" data-key="sim" data-numeric aria-sort="descending">'
        '<button type="button">Tỉ lệ trùng</button></th>'
    )
    yield '<th data-key="a"><button type="button">Bài (a)</button></th>'
    yield '<th data-key="b"><button type="button">Trùng với (b)</button></th>'
    yield '<th class="num" data-key="n" data-numeric><button type="button">Số đoạn</button></th>'
    yield "</tr></thead><tbody>"
    yield from _pair_rows(result.pairs, roles)
    yield "</tbody></table></div></section>"
    yield '<section id="pair-view"><h2>Đối chiếu</h2><div id="viewer">'
    # Replaced by the script; stays only where scripts are off (<noscript> is not honoured everywhere).
    yield (
        '<p class="hint">Phần đối chiếu văn bản cần JavaScript; hãy cho phép JavaScript cho tệp này '
        "(danh sách cặp ở trên vẫn đọc được).</p>"
    )
    yield "</div></section>"


def _rings_section(result: CheckResult) -> Iterable[str]:
    yield '<section id="rings"><h2>Nhóm bài liên kết bởi sao chép</h2>'
    if not result.clusters:
        yield "<p>Không có nhóm nào.</p></section>"
        return
    yield '<ol class="rings">'
    for cluster in result.clusters:
        members = ", ".join(escape(member) for member in cluster)
        yield f"<li><b>{len(cluster)} bài:</b> {members}</li>"
    yield "</ol></section>"


def _skipped_section(skipped: Sequence[SkippedFile]) -> Iterable[str]:
    yield '<section id="skipped"><h2>Tệp bị bỏ qua</h2>'
    if not skipped:
        yield "<p>Không có tệp nào bị bỏ qua.</p></section>"
        return
    yield "<table><thead><tr><th>Tệp</th><th>Lý do</th></tr></thead><tbody>"
    for item in skipped:
        yield f"<tr><td>{escape(item.path)}</td><td>{escape(item.reason)}</td></tr>"
    yield "</tbody></table></section>"


def _data_block(result: CheckResult, texts: Mapping[str, str], roles: Mapping[str, str]) -> str:
    # Only documents in reported pairs: a national run must not embed a million texts nobody looks at.
    positions: dict[str, int] = {}
    docs: list[dict[str, str]] = []
    pairs: list[list[Any]] = []
    for pair in result.pairs:
        for doc_id in (pair.a, pair.b):
            if doc_id not in positions:
                positions[doc_id] = len(docs)
                docs.append(
                    {"id": doc_id, "role": roles.get(doc_id, "cohort"), "text": texts.get(doc_id, "")}
                )
        spans = [[p.a_start, p.a_end, p.b_start, p.b_end] for p in pair.passages]
        pairs.append([positions[pair.a], positions[pair.b], _percent(pair.similarity), spans])
    payload = _json_for_script({"docs": docs, "pairs": pairs})
    return f'<script type="application/json" id="report-data">{payload}</script>'


def _page(
    result: CheckResult, texts: Mapping[str, str], skipped: Sequence[SkippedFile], options: Options | None
) -> Iterable[str]:
    roles = {info.id: info.role for info in result.documents}
    yield '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
    yield '<meta name="viewport" content="width=device-width, initial-scale=1">'
    # No network at all, even if someone edits the file: scripts and styles only from this page.
    yield (
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
    )
    yield "<title>Kết quả kiểm tra sao chép bài thu hoạch</title>"
    yield f"<style>{REPORT_CSS}</style></head><body>"
    yield "<header><h1>Kết quả kiểm tra sao chép bài thu hoạch</h1>"
    yield from _summary(result, skipped)
    yield from _settings(options)
    yield (
        '<nav><a href="#pairs">Các cặp</a><a href="#pair-view">Đối chiếu</a>'
        '<a href="#rings">Nhóm liên kết</a><a href="#skipped">Tệp bị bỏ qua</a></nav></header><main>'
    )
    yield from _pairs_section(result, roles)
    yield from _rings_section(result)
    yield from _skipped_section(skipped)
    yield "</main>"
    if result.pairs:
        yield _data_block(result, texts, roles)
        yield f"<script>{REPORT_JS}</script>"
    yield "</body></html>\n"


def write_html(
    result: CheckResult,
    texts: Mapping[str, str],
    stream: TextIO,
    skipped: Sequence[SkippedFile] = (),
    options: Options | None = None,
) -> None:
    """Write the report to a text stream.

    Args:
        result: the check's result.
        texts: document id → its text as decoded (only those in reported pairs are used).
        stream: where to write (UTF-8).
        skipped: files left out of the check, with the reason.
        options: the settings used, shown in the header.
    """
    for piece in _page(result, texts, skipped, options):
        stream.write(piece)


def render_html(
    result: CheckResult,
    texts: Mapping[str, str],
    skipped: Sequence[SkippedFile] = (),
    options: Options | None = None,
) -> str:
    """The report as a string (see :func:`write_html`)."""
    return "".join(_page(result, texts, skipped, options))
