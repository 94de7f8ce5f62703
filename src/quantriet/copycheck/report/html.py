"""A copy check's result as one self-contained HTML file that a reviewer opens offline.

What it holds: summary counts, the list of pairs (a plain table, ordered by similarity, sortable by
clicking a column heading), the side-by-side view of a pair with its passages highlighted and numbered
alike on both sides (clicking one scrolls its counterpart level with it), the rings and the skipped files.

Size: the texts of documents that appear in no reported pair are left out, and each text is stored once
however many pairs it is in; the pair view is drawn by the script from that store.

Safety: the page is the Jinja2 template ``templates/copycheck/report.html`` rendered with autoescaping,
so every value from the documents or the file system (ids, texts, reasons) is escaped in one place, by
the template engine; this module only shapes plain values for it. The texts travel in a JSON data block
written by ``tojson`` (``<``, ``>``, ``&`` and ``'`` as ``\\u003c``...), which a document's
``</script>`` cannot end. The stylesheet and script are package files (``assets``), inlined, and the
page's Content-Security-Policy allows exactly those two by their SHA-256: nothing else can run or load,
even in a report someone has edited.
"""

from __future__ import annotations

import base64
import dataclasses
import functools
import hashlib
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING, Any, TextIO

import jinja2
from markupsafe import Markup

from quantriet.copycheck.report import SkippedFile

if TYPE_CHECKING:
    from quantriet.copycheck import CheckResult, Options

__all__ = ["render_html", "write_html"]

_ROLE_NAMES = {"cohort": "trong nhóm", "reference": "tham chiếu", "base": "văn bản nền"}
_OPTION_NAMES = {
    "min_passage_words": "độ dài đoạn tối thiểu (âm tiết)",
    "common_share": "tỉ lệ coi là cụm từ phổ biến",
    "common_min_docs": "số bài tối thiểu để coi là phổ biến",
    "ignore_quotes": "bỏ qua phần trong ngoặc kép",
}
_PACKAGE = "quantriet.copycheck.report"


@dataclasses.dataclass(frozen=True)
class _Assets:
    css: Markup
    js: Markup
    csp: Markup


def _asset(name: str, closing: str) -> Markup:
    text = resources.files(_PACKAGE).joinpath("assets", name).read_text(encoding="utf-8")
    if closing in text.lower():  # would end its own element early; a packaging mistake, not user input
        raise RuntimeError(f"{name} contains {closing!r}")
    return Markup(text)  # noqa: S704 (our own package file, inlined as written; its hash is in the CSP)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


@functools.cache
def _assets() -> _Assets:
    css = _asset("report.css", "</style")
    js = _asset("report.js", "</script")
    # Built from constants and base64 digests only (no quote that could end the attribute); left
    # unescaped so that it reads as the policy itself: default-src 'none'.
    csp = Markup(  # noqa: S704
        f"default-src 'none'; style-src {_sha256(css)}; script-src {_sha256(js)}; "
        "base-uri 'none'; form-action 'none'"
    )
    return _Assets(css, js, csp)


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(_PACKAGE, "templates"),
        autoescape=True,  # every template, whatever its name
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    # Vietnamese stays readable in the file (and half the size of \\u escapes); tojson still escapes <>&'.
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}
    return env


def _percent(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "%"  # Vietnamese decimal comma


def _count(value: int) -> str:
    return f"{value:,}".replace(",", ".")  # Vietnamese thousands separator


def _summary(result: CheckResult, skipped: Sequence[SkippedFile]) -> list[tuple[str, str]]:
    counts = {role: 0 for role in _ROLE_NAMES}
    for info in result.documents:
        counts[info.role] = counts.get(info.role, 0) + 1
    return [
        ("Bài trong nhóm", _count(counts["cohort"])),
        ("Văn bản tham chiếu", _count(counts["reference"])),
        ("Văn bản nền", _count(counts["base"])),
        ("Cặp có đoạn trùng", _count(len(result.pairs))),
        ("Nhóm liên kết", _count(len(result.clusters))),
        ("Tệp bị bỏ qua", _count(len(skipped))),
    ]


def _settings(options: Options | None) -> str:
    if options is None or not dataclasses.is_dataclass(options):
        return ""
    shown = []
    for field in dataclasses.fields(options):
        if field.name in _OPTION_NAMES:
            value = getattr(options, field.name)
            if isinstance(value, bool):
                value = "có" if value else "không"
            elif isinstance(value, float):
                value = f"{value:g}".replace(".", ",")  # Vietnamese decimal comma
            shown.append(f"{_OPTION_NAMES[field.name]}: {value}")
    return "; ".join(shown)


def _data(result: CheckResult, texts: Mapping[str, str], roles: Mapping[str, str]) -> dict[str, Any]:
    # Only documents in reported pairs: a national run must not embed a million texts nobody looks at.
    positions: dict[str, int] = {}
    docs: list[dict[str, str]] = []
    pairs: list[list[Any]] = []
    for pair in result.pairs:
        for doc_id in (pair.a, pair.b):
            if doc_id not in positions:
                positions[doc_id] = len(docs)
                role = roles.get(doc_id, "cohort")
                docs.append({"id": doc_id, "role": role, "text": texts.get(doc_id, "")})
        spans = [[p.a_start, p.a_end, p.b_start, p.b_end] for p in pair.passages]
        pairs.append([positions[pair.a], positions[pair.b], _percent(pair.similarity), spans])
    return {"docs": docs, "pairs": pairs}


def _context(
    result: CheckResult, texts: Mapping[str, str], skipped: Sequence[SkippedFile], options: Options | None
) -> dict[str, Any]:
    roles = {info.id: info.role for info in result.documents}
    assets = _assets()
    rows = [
        {
            "k": k,
            "sim": f"{pair.similarity:.6f}",
            "percent": _percent(pair.similarity),
            "a": pair.a,
            "b": pair.b,
            "badge": _ROLE_NAMES["reference"] if roles.get(pair.b) == "reference" else "",
            "n": len(pair.passages),
        }
        for k, pair in enumerate(result.pairs, start=1)
    ]
    return {
        "css": assets.css,
        "js": assets.js,
        "csp": assets.csp,
        "summary": _summary(result, skipped),
        "settings": _settings(options),
        "rows": rows,
        "clusters": result.clusters,
        "skipped": skipped,
        "data": _data(result, texts, roles) if rows else None,
    }


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
    template = _environment().get_template("copycheck/report.html")
    for piece in template.generate(_context(result, texts, skipped, options)):
        stream.write(piece)


def render_html(
    result: CheckResult,
    texts: Mapping[str, str],
    skipped: Sequence[SkippedFile] = (),
    options: Options | None = None,
) -> str:
    """The report as a string (see :func:`write_html`)."""
    template = _environment().get_template("copycheck/report.html")
    return template.render(_context(result, texts, skipped, options))
