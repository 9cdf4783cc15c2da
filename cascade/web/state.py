"""What one server process holds: its settings, the parent library, the downloadable audits, the upload area
and the pool of audit workers."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from cascade.web.library import Library
from cascade.web.pool import WorkerPool
from cascade.web.settings import Settings
from cascade.web.store import ReportStore
from cascade.web.uploads import UploadArea


@dataclass
class AppState:
    """The shared state of one app (one per server process)."""

    settings: Settings
    library: Library
    reports: ReportStore
    uploads: UploadArea
    pool: WorkerPool


def get_state(request: Request) -> AppState:
    """FastAPI dependency: this app's state."""
    return request.app.state.cascade
