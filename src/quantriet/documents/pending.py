"""Keeping an accepted upload while the rest of its form is corrected.

A browser cannot put a file back into a file input, so when a form with a good file is refused for
another field, the file is kept here under a random token remembered in the user's session; the page
says so, and the next submission uses it unless another file is chosen. Kept files older than a day
are removed whenever a new one is kept.
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from quantriet.documents.services.files import ReadFile

FOLDER = "documents/pending"
SESSION_KEY = "documents_pending_uploads"
MAX_AGE_SECONDS = 24 * 60 * 60


def _sweep() -> None:
    try:
        _dirs, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return
    cutoff = time.time() - MAX_AGE_SECONDS
    for name in files:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path).timestamp() < cutoff:
            default_storage.delete(path)


def keep(session: Any, upload: ReadFile) -> str:
    """Store ``upload`` and return the token the form carries."""
    _sweep()
    token = secrets.token_urlsafe(16)
    path = default_storage.save(f"{FOLDER}/{token}", ContentFile(upload.data))
    kept = dict(session.get(SESSION_KEY, {}))
    kept[token] = {"path": path, "name": upload.original_name}
    session[SESSION_KEY] = kept
    return token


def name_of(session: Any, token: str) -> str | None:
    entry = session.get(SESSION_KEY, {}).get(token)
    return str(entry["name"]) if entry else None


def load(session: Any, token: str) -> tuple[bytes, str] | None:
    """The kept bytes and original name, if ``token`` belongs to this session."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or not default_storage.exists(entry["path"]):
        return None
    with default_storage.open(entry["path"], "rb") as handle:
        return handle.read(), str(entry["name"])


def forget(session: Any, token: str) -> None:
    kept = dict(session.get(SESSION_KEY, {}))
    entry = kept.pop(token, None)
    if entry:
        default_storage.delete(entry["path"])
        session[SESSION_KEY] = kept
