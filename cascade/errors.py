"""User-facing errors: a Vietnamese message for officials, an English detail for --verbose logs."""

from __future__ import annotations


class CascadeError(Exception):
    """A problem with the user's input that we explain instead of crashing.

    `message_vi` is shown to the user and names the file; `detail_en` goes to the log.
    """

    exit_code = 2

    def __init__(self, message_vi: str, detail_en: str = "", path: str | None = None, code: str = "input"):
        super().__init__(message_vi)
        self.message_vi = message_vi
        self.detail_en = detail_en or message_vi
        self.path = path
        self.code = code

    def __str__(self) -> str:
        return self.message_vi


class ReadError(CascadeError):
    """The file cannot be read as a plan (empty, binary, broken archive, scanned PDF, encoding)."""


class NotAPlanError(CascadeError):
    """The file reads fine but holds no plan (no tasks, indicators or directives)."""


class TooLargeError(CascadeError):
    """The plans read fine but are larger than we process (more items than a plan can have for alignment):
    refused instead of letting memory and time grow with their product. (A file whose parts inflate or draw past
    the readers' bounds is a ReadError with code "too_large".)"""
