"""What one server process holds: its settings, the parent library, the downloadable audits, the upload area
and the pool of audit workers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request

from cascade.web.library import Library
from cascade.web.pool import WorkerPool
from cascade.web.settings import Settings
from cascade.web.store import ReportStore
from cascade.web.uploads import UploadArea

if TYPE_CHECKING:
    from cascade.service.db import Database


@dataclass
class AppState:
    """The shared state of one app (one per server process)."""

    settings: Settings
    library: Library
    reports: ReportStore
    uploads: UploadArea
    pool: WorkerPool
    # the shared service only (None in the single-user self-check): database, audit queue, login limiter
    db: Database | None = None
    runner: Any = None
    limiter: Any = None
    dashboards: Any = None  # the year's batch dashboards (cascade.web.dashboards.DashboardBuilder)


def get_state(request: Request) -> AppState:
    """FastAPI dependency: this app's state."""
    return request.app.state.cascade
