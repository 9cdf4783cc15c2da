"""What one server process holds: its settings, the parent library and the downloadable audits."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from cascade.web.library import Library
from cascade.web.settings import Settings
from cascade.web.store import ReportStore


@dataclass
class AppState:
    settings: Settings
    library: Library
    reports: ReportStore


def get_state(request: Request) -> AppState:
    """FastAPI dependency: this app's state."""
    return request.app.state.cascade
