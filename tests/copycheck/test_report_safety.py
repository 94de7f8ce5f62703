"""Whatever the documents say or are called, the HTML report runs no script but its own and loads nothing."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from importlib import resources

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quantriet.copycheck import CheckResult, DocumentInfo, Options, Pair, Passage
from quantriet.copycheck.report import SkippedFile
from quantriet.copycheck.report.html import render_html

ASSETS = resources.files("quantriet.copycheck.report").joinpath("assets")
BUNDLED_JS = ASSETS.joinpath("report.js").read_text(encoding="utf-8")
BUNDLED_CSS = ASSETS.joinpath("report.css").read_text(encoding="utf-8")

# What an attacker would put in a report or a file name, and the characters that break naive escaping.
HOSTILE = (
    "</script>",
    "</SCRIPT >",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><a href="javascript:alert(1)">',
    "' onmouseover='alert(1)",
    "</style><script>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\u2028",
    "\u2029",
    "&lt;script&gt;",
    "&#60;script&#62;",
    "\\u003c/script\\u003e",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    "<base href=//evil.example/>",
    "\x00",
    "\r\n",
    "`",
    "${alert(1)}",
)
hostile_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=12), max_size=12).map("".join)

# The only elements the template writes.
TEMPLATE_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "ul", "li", "b", "p", "nav", "a",
    "main", "section", "div", "table", "thead", "tbody", "tr", "th", "td", "button", "span", "ol", "script",
}  # fmt: skip


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.raw: dict[str, list[str]] = {"script": [], "style": []}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))
        if tag in self.raw:
            self._open = tag
            self.raw[tag].append("")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.raw[self._open][-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None


def _result(a: str, b: str, text_a: str, text_b: str) -> CheckResult:
    passages = (Passage(0, len(text_a) // 2, 0, len(text_b) // 2),)
    return CheckResult(
        documents=(DocumentInfo(a, "cohort", len(text_a)), DocumentInfo(b, "reference", len(text_b))),
        pairs=(Pair(a, b, 0.5, passages),),
        clusters=((a, b),),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=hostile_text.filter(bool),
    b=hostile_text.filter(bool),
    text_a=hostile_text,
    text_b=hostile_text,
    skipped_path=hostile_text,
    reason=hostile_text,
)
def test_no_document_text_or_name_can_run_script_or_load_anything(
    a: str, b: str, text_a: str, text_b: str, skipped_path: str, reason: str
) -> None:
    if a == b:
        b += "-2"
    texts = {a: text_a, b: text_b}
    page = render_html(
        _result(a, b, text_a, text_b), texts, [SkippedFile(skipped_path, reason, "x")], Options()
    )
    parsed = _Page()
    parsed.feed(page)
    parsed.close()

    assert {tag for tag, _ in parsed.tags} <= TEMPLATE_TAGS
    for tag, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "srcdoc", "action", "formaction", "style"), (tag, name)
            if name == "href":
                assert (value or "").startswith("#"), value
    metas = [dict(attrs) for tag, attrs in parsed.tags if tag == "meta" and dict(attrs).get("http-equiv")]
    assert [meta["http-equiv"] for meta in metas] == ["Content-Security-Policy"]
    policy = metas[0]["content"] or ""
    assert policy.startswith("default-src 'none'; ") and "unsafe" not in policy

    # Two script elements: the data block, which is JSON holding the texts exactly, and the bundled script.
    scripts = [attrs for tag, attrs in parsed.tags if tag == "script"]
    assert scripts == [[("type", "application/json"), ("id", "report-data")], []]
    data, code = parsed.raw["script"]
    assert code == BUNDLED_JS
    assert {doc["id"]: doc["text"] for doc in json.loads(data)["docs"]} == texts
    assert parsed.raw["style"] == [BUNDLED_CSS]
