"""Limits and locations of the self-check web app, set once by `cascade serve` (or a test)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024


def default_data_dir() -> Path:
    """The bundled plans: `data/` next to the `cascade` package in a source checkout."""
    return Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Settings:
    """Everything the app may be tuned by; the defaults are the safe ones (nothing kept on disk)."""

    data_dir: Path = field(default_factory=default_data_dir)
    library_dir: Path | None = None  # where uploaded parents are kept; None = in memory only
    max_upload_bytes: int = 20 * MB  # per file; 413 beyond
    max_docx_uncompressed: int = 100 * MB  # zip-bomb guard for .docx archives
    audit_timeout: float = 30.0  # seconds per audit request; 504 beyond
    max_session_parents: int = 20  # uploaded parents kept in memory per server process
    max_reports: int = 50  # audits kept for downloads
    report_ttl: float = 30 * 60.0  # seconds a download link stays valid

    @property
    def max_request_bytes(self) -> int:
        """Two files plus form fields and multipart framing."""
        return 2 * self.max_upload_bytes + MB
