"""Refusing an oversized upload while it streams in, without losing the form fields sent with it.

Django writes every uploaded file to a temporary file before the view runs, whatever its size. This
handler goes first: when the request says (Content-Length) it is larger than the limit, no byte of any
file is kept; otherwise a file is dropped as soon as it passes the limit. The parser then skips the
rest of that file and still reads the other fields, so the page can say "too large" and keep what
the user typed.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

# Room for the form fields and multipart headers around the file.
_FORM_ALLOWANCE = 6 * 1024 * 1024


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request: HttpRequest, max_bytes: int) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes
        self.too_large: list[str] = []  # names of the files that were dropped
        self._received = 0
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        self.refuse_all = length > max_bytes + _FORM_ALLOWANCE

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0
        if self.refuse_all and self.file_name:
            self.too_large.append(self.file_name)
            raise SkipFile

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self._received += len(raw_data)
        if self._received > self.max_bytes:
            self.too_large.append(self.file_name or "")
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request: HttpRequest, max_bytes: int) -> LimitedUploadHandler:
    """Install the handler; call before anything reads ``request.POST`` (so the view is csrf_exempt
    and checks CSRF itself afterwards, as Django's documentation describes)."""
    handler = LimitedUploadHandler(request, max_bytes)
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler
