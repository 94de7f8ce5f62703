"""What every answer to hostile input must be: no server error; a refusal that says why, in Vietnamese;
and a refused write that wrote nothing."""

from __future__ import annotations

import json
import traceback
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.db import connection

# Tone marks, breve, circumflex, horn (after NFD) and đ: one of them is in almost every Vietnamese sentence.
_VIETNAMESE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323\u0306\u0302\u031b")


def looks_vietnamese(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in decomposed.lower() or any(c in _VIETNAMESE_MARKS for c in decomposed)


# Form errors, alerts, the admin's error note and error/warning messages of Django's messages framework.
_REFUSAL_CLASSES = frozenset({"errorlist", "errornote", "msg-error", "msg-warning"})


class _Messages(HTMLParser):
    """Text inside the elements a refusal is shown in: form error lists and alerts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if self.depth:
            self.depth += 1
        elif a.get("role") == "alert" or _REFUSAL_CLASSES.intersection((a.get("class") or "").split()):
            self.depth = 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.texts.append(data)


def refusal_messages(response: Any) -> list[str]:
    kind = response.get("Content-Type", "")
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/json"):
        try:
            body = json.loads(raw)
        except ValueError:
            return []
        texts: list[str] = []
        stack: list[Any] = [body]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                texts.append(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return texts
    parser = _Messages()
    parser.feed(raw.decode("utf-8", errors="replace"))
    return [" ".join(parser.texts)] if parser.texts else []


def server_error(response: Any) -> str:
    """Where the server error came from: the project's deepest frame and the exception."""
    info = getattr(response, "exc_info", None)
    if not info:
        return ""
    frames = [f for f in traceback.extract_tb(info[2]) if "/quantriet/" in f.filename]
    where = "".join(traceback.format_list(frames[-1:]))
    return where + "".join(traceback.format_exception_only(info[1]))[-800:]


def check_answer(response: Any, sent: Iterable[str], where: str) -> None:
    status = response.status_code
    assert status < 500, f"{where}: {status}\n{server_error(response)}"
    assert status >= 200, f"{where}: {status}"
    if status < 400 or status == 405:
        # 405 answers a method no form of the site sends; Django gives it no body.
        return
    messages = refusal_messages(response)
    for value in sorted(set(sent), key=len, reverse=True):  # an echoed value is not the message
        if value:
            messages = [m.replace(value, "") for m in messages]
    assert any(looks_vietnamese(m) for m in messages), (
        f"{where}: {status} without a Vietnamese message: {messages[:3]!r}"
    )


# Rows an answer may add while refusing: the logs of who read which member and which list of people (a
# refused form re-renders the member, or the absentees) and of sign-in attempts are required records,
# not half-done writes.
_LOGS = frozenset({"orgs.AccessLog", "orgs.BulkAccessLog", "orgs.SignInAttempt", "orgs.LoginAttempt"})


def row_counts() -> dict[str, int]:
    """Rows per table our users' actions can touch, in one query (it runs twice per example)."""
    labels = {"orgs", "auth", "django_tasks_database", "documents", "campaigns", "otp_totp", "reports"}
    tables = sorted(
        (model._meta.label, model._meta.db_table)
        for model in apps.get_models()
        if model._meta.app_label in labels and model._meta.label not in _LOGS and model._meta.managed
    )
    quote = connection.ops.quote_name
    # Table names come from the model registry, quoted; nothing here comes from a request.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for _, table in tables)  # noqa: S608
    sql = f"SELECT {counts}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return {label: count for (label, _), count in zip(tables, row, strict=True)}


def changed_tables(before: dict[str, int], after: dict[str, int]) -> list[str]:
    return sorted(label for label in before if before[label] != after.get(label))
