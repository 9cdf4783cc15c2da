"""The service's audit queue, kept in the database: every uploaded version is a row in state `queued` until a
worker of the pool (`cascade.web.pool`) has audited it, so a restart loses nothing — versions queued or running
when the server stopped are taken up again at the next start."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from cascade.model import Plan
from cascade.service.db import Database
from cascade.service.models import Version
from cascade.web.errors import WebError
from cascade.web.service import _scrub, hide_paths
from cascade.web.state import AppState

log = logging.getLogger(__name__)
NO_PARENT = ("Dự thảo không viện dẫn kế hoạch cấp trên nào có trong thư viện; hãy tải lên phiên bản mới và chọn kế "
             "hoạch cấp trên.")
BUSY_PAUSE = 1.0  # seconds before taking up a version again after the pool said it was busy


class AuditRunner:
    """Takes queued versions from the database and audits them, at most `workers` at once."""

    def __init__(self, state: AppState, db: Database):
        self.state, self.db = state, db
        self.slots = max(1, state.settings.workers)
        self.active: set[int] = set()
        self.wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._jobs: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        """Resume: what was running when the server stopped goes back to the queue; then serve the queue."""
        with self.db.session() as s:
            s.execute(update(Version).where(Version.state == "running").values(state="queued"))
        self._task = asyncio.get_running_loop().create_task(self._loop())

    def poke(self) -> None:
        """A version was queued: look at the queue now."""
        self.wake.set()

    async def close(self) -> None:
        """Stop taking versions; those running are cancelled and stay `running`, to be resumed at the next start."""
        for task in [self._task, *self._jobs]:
            if task is not None:
                task.cancel()
        for task in [self._task, *self._jobs]:
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task

    async def _loop(self) -> None:
        while True:
            free = self.slots - len(self.active)
            if free > 0:
                with self.db.session() as s:
                    query = select(Version.id).where(Version.state == "queued").order_by(Version.id)
                    if self.active:
                        query = query.where(Version.id.not_in(self.active))
                    ids = list(s.scalars(query.limit(free)))
                for vid in ids:
                    self.active.add(vid)
                    job = asyncio.get_running_loop().create_task(self._run(vid))
                    self._jobs.add(job)
                    job.add_done_callback(self._jobs.discard)
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=2.0)

    async def _run(self, vid: int) -> None:
        try:
            await self._audit(vid)
        except WebError as exc:
            if exc.status == 429:  # the pool is full of interactive requests: try again shortly
                with self.db.session() as s:
                    s.execute(update(Version).where(Version.id == vid).values(state="queued"))
                await asyncio.sleep(BUSY_PAUSE)
            else:
                self._finish(vid, state="failed", error=exc.message_vi)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 — one bad version must not stop the queue
            log.exception("audit of version %s failed", vid)
            self._finish(vid, state="failed", error=f"Không kiểm tra được: {type(exc).__name__}")
        finally:
            self.active.discard(vid)
            self.wake.set()

    def _finish(self, vid: int, **values: Any) -> None:
        with self.db.session() as s:
            s.execute(update(Version).where(Version.id == vid)
                      .values(finished_at=dt.datetime.now(dt.UTC), **values))

    async def _audit(self, vid: int) -> None:
        state, settings, library = self.state, self.state.settings, self.state.library
        with self.db.session() as s:
            version = s.get(Version, vid)
            if version is None or version.state != "queued":
                return
            version.state = "running"
            name, sha, parent_id = version.file_name, version.file_sha256, version.parent_library_id
            agency, level, created = version.agency_name, version.level, version.created_at
        folder = state.uploads.new_request()
        try:
            path: Path = folder / name
            path.write_bytes(self.db.read_file(sha))
            max_docx = settings.max_docx_uncompressed
            async with state.pool.session() as turn:
                fixed: Plan | None = None
                fixed_name = ""
                hit = library.get(parent_id) if parent_id else None
                if hit is not None:
                    fixed, fixed_name = hit[1], hit[0].name
                    audit, _ = await turn.run("audit", fixed, str(path), agency, level, max_docx)
                else:
                    child_plan, meta = await turn.run("parse", str(path), max_docx, True)
                    suggested = library.cited_parent(meta)
                    hit = library.get(suggested.id) if suggested else None
                    if hit is None:
                        raise WebError(422, NO_PARENT)
                    fixed, fixed_name = hit[1], hit[0].name
                    parent_id = hit[0].id
                    audit, _ = await turn.run("audit", fixed, child_plan, agency, level, max_docx)
                audit = hide_paths(audit, {"child": name, "parent": fixed_name}, folder)
                html = await turn.run("build", audit, "html", str(folder))
        except WebError as exc:
            raise _scrub(exc, folder) from None
        finally:
            state.uploads.discard(folder)
        report = self.db.put_file(html)
        verdict = (audit.get("summary") or {}).get("verdict")
        self._finish(vid, state="done", audit=audit, verdict=verdict, report_sha256=report,
                     parent_library_id=parent_id, error=None)
        if state.dashboards is not None:  # the year's dashboard is out of date now
            try:
                state.dashboards.version_done(parent_id, created)
            except Exception:  # noqa: BLE001 — the version is audited and stays so; the button can rebuild
                log.exception("could not ask for the dashboard after version %s", vid)
