"""Limits and locations of the self-check web app, set once by `cascade serve` (or a test)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MB = 1024 * 1024


def default_data_dir() -> Path:
    """The bundled plans: `data/` next to the `cascade` package in a source checkout."""
    return Path(__file__).resolve().parents[2] / "data"


def default_upload_dir() -> Path:
    """Where uploads wait while they are audited: `$CASCADE_WEB_DIR`, else `~/.cache/cascade/web`.

    A folder of our own rather than the system temp dir, so that what a killed server left behind is found and
    swept at the next start (see `uploads.UploadArea`)."""
    env = os.environ.get("CASCADE_WEB_DIR")
    if env:
        return Path(env)
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "cascade" / "web"


def default_workers() -> int:
    """Concurrent audits: one per core, at most 4 (each worker holds a parsed pair and its alignment)."""
    return max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    """Everything the app may be tuned by; the defaults are the safe ones (nothing kept after a request)."""

    data_dir: Path = field(default_factory=default_data_dir)
    library_dir: Path | None = None  # where uploaded parents are kept; None = in memory only
    upload_dir: Path = field(default_factory=default_upload_dir)  # uploads in flight; swept at start-up
    max_upload_bytes: int = 20 * MB  # per file; 413 beyond
    max_docx_uncompressed: int = 100 * MB  # zip-bomb guard for .docx archives
    audit_timeout: float = 30.0  # seconds of work per request, counted from when a worker takes it; 422 beyond
    workers: int = field(default_factory=default_workers)  # audits running at once, each in its own process
    queue_size: int = 16  # requests waiting for a worker; 429 with Retry-After beyond
    queue_timeout: float = 60.0  # seconds a request may wait for a worker before 429
    worker_memory_mb: int = 2048  # address-space cap of each worker process; a file that needs more is refused
    max_session_parents: int = 20  # uploaded parents kept in memory per server process
    max_reports: int = 50  # audits kept for downloads
    report_ttl: float = 30 * 60.0  # seconds a download link stays valid
    kept_ttl: float = 30 * 60.0  # seconds the files of a form that had an error are kept for its next submit
    # Test hook, never for production: a child upload named "__hang__…", "__bug__…" or "__oom__…" makes its
    # worker hang, raise or exhaust memory, so tests and the stress benchmark can show the service recovers.
    test_faults: bool = False
    # The province service (issue 13): on when a data dir or a database URL is given (or `multi_user`); without
    # them the app is today's single-user self-check on localhost, with no login and nothing stored.
    service_dir: Path | None = None  # SQLite cascade.db, uploaded files and reports, the session key
    database: str | None = None  # postgresql://… instead of the SQLite file
    multi_user: bool = False
    secure_cookies: bool = False  # session cookie only over HTTPS (set when the service is served behind TLS)
    session_max_age: int = 8 * 3600  # seconds a login lasts
    max_queued: int = 500  # versions waiting for an audit in the database; 429 beyond
    login_attempts: int = 5  # failed logins per user name and per address in `login_window`; 429 beyond
    login_window: float = 15 * 60.0
    dashboard_timeout: float = 900.0  # seconds one build of the year's batch dashboard may take in a worker
    dashboard_delay: float = 10.0  # quiet seconds after the last new version before the dashboard is rebuilt

    @property
    def service(self) -> bool:
        """Whether this is the shared service (logins, database) rather than the single-user self-check."""
        return self.multi_user or self.service_dir is not None or self.database is not None

    @property
    def max_request_bytes(self) -> int:
        """Two files plus form fields and multipart framing."""
        return 2 * self.max_upload_bytes + MB
