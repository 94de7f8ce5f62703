"""Refusing an oversized upload while it streams in, without losing the form fields sent with it.

Django writes every uploaded file to memory or a temporary file before the view runs, whatever its
size. ``LimitedUploadHandler`` is the first of ``FILE_UPLOAD_HANDLERS`` for every request (settings),
so no upload path can forget it: when the request says (Content-Length) it is larger than the limit,
no byte of any file is kept; otherwise a file is dropped as soon as it passes the limit. The parser
then skips the rest of that file and still reads the other fields, so the page can say "too large"
and keep what the user typed.

The site-wide limit (``UPLOAD_MAX_BYTES``) is the largest any page accepts; a page with a smaller
one installs it with ``limit_uploads`` before anything reads ``request.POST`` (so that view is
``csrf_exempt`` and checks CSRF itself afterwards, as Django's documentation describes), or checks
``upload.size`` itself — the file is then on disk, never in memory. Either way ``too_large(request)``
names the files that were dropped, for the form to say so.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.translation import gettext as _

from quantriet.core.numbers import parse_int

__all__ = ["LimitedUploadHandler", "limit_uploads", "megabytes", "too_large", "too_large_message"]

# Room for the form fields and multipart headers around the file.
_FORM_ALLOWANCE = 6 * 1024 * 1024
_DROPPED = "_quantriet_uploads_too_large"


def site_limit() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def too_large(request: HttpRequest) -> list[str]:
    """Names of the files of this request dropped for passing a limit (empty when none was)."""
    dropped: list[str] = getattr(request, _DROPPED, [])
    return dropped


def megabytes(size: float) -> str:
    """A size in MB as Vietnamese writes it (decimal comma): 52428800 → "50", 1572864 → "1,5"."""
    return f"{size / 1048576:.1f}".removesuffix(".0").replace(".", ",")


def too_large_message(limit: int) -> str:
    return _(
        "Tệp vượt giới hạn %(limit)s MB nên không được nhận (hệ thống không lưu gì). Hãy nén nhỏ tệp, "
        "bỏ bớt ảnh hoặc chia thành nhiều tệp, rồi gửi lại."
    ) % {"limit": megabytes(limit)}


class LimitedUploadHandler(FileUploadHandler):
    """Drops any file over ``max_bytes`` (the site-wide limit when not given) as it streams in."""

    def __init__(self, request: HttpRequest | None = None, max_bytes: int | None = None) -> None:
        super().__init__(request)
        self.max_bytes = site_limit() if max_bytes is None else max_bytes
        self._received = 0
        length = parse_int(request.META.get("CONTENT_LENGTH") if request is not None else None)
        self.refuse_all = (length or 0) > self.max_bytes + _FORM_ALLOWANCE
        if request is not None and not hasattr(request, _DROPPED):
            setattr(request, _DROPPED, [])

    @property
    def too_large(self) -> list[str]:
        return too_large(self.request) if self.request is not None else []

    def _drop(self) -> None:
        name = self.file_name or ""
        if self.request is not None and name not in too_large(self.request):
            too_large(self.request).append(name)
        raise SkipFile

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0
        if self.refuse_all and self.file_name:
            self._drop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._received > self.max_bytes:
            self._drop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request: HttpRequest, max_bytes: int) -> LimitedUploadHandler:
    """Install a tighter limit than the site's; call before anything reads ``request.POST``."""
    handler = LimitedUploadHandler(request, max_bytes)
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler
