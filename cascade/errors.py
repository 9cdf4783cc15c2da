"""User-facing errors: a Vietnamese message for officials, an English detail for --verbose logs."""

from __future__ import annotations

from pathlib import Path

# CascadeError.code → HTTP status, for the web service and the API. A problem the user's file caused is 422
# (Unprocessable Content) unless listed: a file or plan past a size bound is 413 (Content Too Large).
HTTP_STATUS: dict[str, int] = {"too_large": 413}
DEFAULT_HTTP_STATUS = 422


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

    @property
    def http_status(self) -> int:
        """The HTTP status a web answer to this error carries (see HTTP_STATUS)."""
        return HTTP_STATUS.get(self.code, DEFAULT_HTTP_STATUS)


class ReadError(CascadeError):
    """The file cannot be read as a plan (empty, binary, broken archive, scanned PDF, encoding)."""

    @classmethod
    def for_file(cls, path: str | Path, problem_vi: str, detail_en: str, code: str = "input", *,
                 warning_vi: str = "") -> ReadError:
        """The one way the read layer refuses a file.

        message_vi: "Không đọc được tệp “name”: {problem_vi}{warning_vi}." (the name only, never the folder: the
        official recognises the file, and a web upload's temporary folder means nothing to them);
        detail_en: "name: {detail_en}" for --verbose logs. `warning_vi` is a clause appended after the problem
        (", có thể là tệp độc hại" for a file built to exhaust the reader).
        """
        name = Path(path).name
        return cls(f"Không đọc được tệp “{name}”: {problem_vi}{warning_vi}.", f"{name}: {detail_en}", str(path), code)


class NotAPlanError(CascadeError):
    """The file reads fine but holds no plan (no tasks, indicators or directives)."""


class TooLargeError(CascadeError):
    """The plans read fine but are larger than we process (more items than a plan can have for alignment):
    refused instead of letting memory and time grow with their product. (A file whose parts inflate or draw past
    the readers' bounds is a ReadError with code "too_large".)"""
