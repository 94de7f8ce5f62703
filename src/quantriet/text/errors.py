"""The one error raised when a file's text cannot be read, with a message for the person who sent it."""

from __future__ import annotations

from typing import Any

ERROR_CODES: tuple[str, ...] = (
    "too_large",
    "empty",
    "unsupported_type",
    "binary",
    "legacy_encoding",
    "corrupt_docx",
    "corrupt_pdf",
    "encrypted_pdf",
    "no_text_layer",
    "executable",
    "archive_too_large",
    "encrypted_docx",
    "corrupt_odt",
    "encrypted_odt",
)


class ExtractionError(ValueError):
    """A file whose text cannot be read, and why.

    Attributes:
        code: a stable machine-readable reason, one of :data:`ERROR_CODES`.
        message_vi: a whole Vietnamese sentence saying what is wrong and what to do.
        message_en: the same in English.

    ``str(error)`` is the Vietnamese message, so it can be shown as it is.
    """

    def __init__(self, code: str, message_vi: str, message_en: str) -> None:
        if code not in ERROR_CODES:
            raise ValueError(f"unknown extraction error code {code!r}")
        super().__init__(message_vi)
        self.code = code
        self.message_vi = message_vi
        self.message_en = message_en

    def message(self, language: str = "vi") -> str:
        """The message in ``language`` ("vi", "en", "en-us"…); Vietnamese unless English is asked for."""
        return self.message_en if language.lower().startswith("en") else self.message_vi

    def __reduce__(self) -> tuple[Any, ...]:
        # Errors cross process boundaries (the copy-check runner uses Dask); the default pickling
        # would call __init__ with the message alone.
        return (type(self), (self.code, self.message_vi, self.message_en))

    def __repr__(self) -> str:
        return f"ExtractionError({self.code!r}, {self.message_en!r})"
