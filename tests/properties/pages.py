"""What a page asks for: the forms it renders and the query parameters its view reads.

Both are found by looking, not listed by hand, so a field or a parameter added later is fuzzed too:
the forms come from the rendered HTML (every ``<form method="post">``, its fields and their current
values, one variant per named submit button), the parameters from recording every key a view looks up
in a ``QueryDict`` while it answers a plain GET.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from unittest import mock
from urllib.parse import urljoin, urlsplit

from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


@dataclass
class Form:
    action: str  # absolute path, query kept
    multipart: bool
    fields: dict[str, list[str]] = field(default_factory=dict)  # name -> values as the browser would send
    files: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)  # every named control, sent or not
    hidden: set[str] = field(default_factory=set)  # hidden inputs: they often choose the view's branch
    submits: list[tuple[str, str]] = field(default_factory=list)

    def visible(self) -> set[str]:
        """The controls a person types or picks in (what a sweep fills)."""
        return self.names - self.hidden - set(self.files) - {name for name, _ in self.submits}

    def bodies(self) -> list[dict[str, list[str]]]:
        """What the browser sends, once per named submit button (or once when none is named)."""
        if not self.submits:
            return [dict(self.fields)]
        return [{**self.fields, name: [value]} for name, value in self.submits]


class _FormParser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._option: dict[str, str | None] | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urljoin(self.page_url, a.get("action") or self.page_url)
                parts = urlsplit(action)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                self._form = Form(path, "multipart" in a.get("enctype", ""))
            return
        form = self._form
        if form is None:
            return
        name = a.get("name", "")
        kind = a.get("type", "text").lower()
        if tag == "input" and name:
            form.names.add(name)
            if kind == "file":
                form.files.append(name)
            elif kind == "submit":
                form.submits.append((name, a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.setdefault(name, []).append(a.get("value", "on"))
            else:
                form.fields.setdefault(name, []).append(a.get("value", ""))
                if kind == "hidden":
                    form.hidden.add(name)
        elif tag == "button" and name and kind == "submit":
            form.names.add(name)
            form.submits.append((name, a.get("value", "")))
        elif tag == "select" and name:
            form.names.add(name)
            self._select, self._select_first, self._select_chosen = name, None, False
        elif tag == "option" and self._select:
            self._option = {"value": a.get("value"), "selected": "selected" if "selected" in a else None}
            self._text = []
        elif tag == "textarea" and name:
            form.names.add(name)
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "form":
            self.forms.append(form)
            self._form = None
        elif tag == "option" and self._select and self._option is not None:
            value = self._option["value"]
            value = "".join(self._text).strip() if value is None else value
            if self._select_first is None:
                self._select_first = value
            if self._option["selected"]:
                form.fields.setdefault(self._select, []).append(value)
                self._select_chosen = True
            self._option = None
        elif tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                form.fields[self._select] = [self._select_first]
            self._select = None
        elif tag == "textarea" and self._textarea:
            form.fields[self._textarea] = ["".join(self._text).removeprefix("\n")]
            self._textarea = None


def forms_of(page_url: str, html: str) -> list[Form]:
    parser = _FormParser(page_url)
    parser.feed(html)
    parser.close()
    # The sign-out form in the header is on every page; posting it only ends the session.
    return [f for f in parser.forms if not f.action.endswith("/logout/")]


@contextmanager
def reading_query_keys() -> Iterator[set[str]]:
    """Every key looked up in a QueryDict (request.GET, its copies) while the block runs."""
    seen: set[str] = set()

    def recorder(original: Any) -> Any:
        def method(self: MultiValueDict[str, Any], key: Any, *args: Any, **kwargs: Any) -> Any:
            if isinstance(self, QueryDict) and isinstance(key, str):
                seen.add(key)
            return original(self, key, *args, **kwargs)

        return method

    patches = [
        mock.patch.object(MultiValueDict, name, recorder(getattr(MultiValueDict, name)))
        for name in ("__getitem__", "get", "getlist", "__contains__")
    ]
    for patch in patches:
        patch.start()
    try:
        yield seen
    finally:
        for patch in reversed(patches):
            patch.stop()
