"""The year's batch dashboard of the province service (reviewers and admins only; an agency user gets 404).

For a year, the latest audited version of each agency's submission against each parent plan of that year is copied,
with its parent, into a scratch folder listed by a manifest (agency and parent fixed by the service, not guessed
from the files; agencies with an account but no submission listed as expected), and `cascade.batch.run_batch`
writes the dashboard from it — in a worker process of the pool, off the request path, under
`<data dir>/dashboards/<year>/`. A new audited version of that year asks for a rebuild (or the button on the page
does); builds wait until the audit queue is empty and no new version came for `dashboard_delay` seconds, so a
morning of uploads costs one build, not fifty. The request lives in the database: a restart resumes it."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import mimetypes
import secrets
import shutil
from pathlib import Path
from typing import Annotated, Any

import yaml
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import func, select, update

from cascade.service.accounts import log as audit_log
from cascade.service.db import Database
from cascade.service.models import DASHBOARD_STATES, Agency, Dashboard, Submission, User, Version, utcnow
from cascade.web.auth import current_user
from cascade.web.errors import WebError
from cascade.web.pages import render
from cascade.web.state import AppState, get_state

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["dịch vụ"])
NOT_FOUND = "Không tìm thấy trang hoặc tài liệu này (có thể liên kết đã hết hạn)."
NOTHING = "Năm {year} chưa có dự thảo nào kiểm tra xong để tổng hợp."
BUSY_PAUSE = 5.0


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # SQLite gives back naive datetimes (stored in UTC); PostgreSQL aware ones
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def version_year(state: AppState, parent_id: str | None, created: dt.datetime | None) -> int:
    """The plan year a version belongs to: its parent plan's year, else the year it was uploaded."""
    hit = state.library.get(parent_id) if parent_id else None
    if hit is not None and hit[0].year:
        return int(hit[0].year)
    return (created or utcnow()).year


def dashboards_dir(db: Database) -> Path:
    """Where the built dashboards live: `<data dir>/dashboards/<year>/`."""
    return db.files_dir.parent / "dashboards"


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, "txt"
    candidate, n = f"{stem}.{ext}", 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}-{n}.{ext}", n + 1
    taken.add(candidate.lower())
    return candidate


def latest_versions(state: AppState, year: int) -> list[tuple[Version, str]]:
    """(version, agency name) of the latest audited version of each agency against each parent plan of `year`."""
    assert state.db is not None
    latest: dict[tuple[int, str], tuple[Version, str]] = {}
    with state.db.session() as s:
        rows = s.execute(select(Version, Submission.agency_id, Agency.name)
                         .join(Submission, Version.submission_id == Submission.id)
                         .join(Agency, Submission.agency_id == Agency.id)
                         .where(Version.state == "done").order_by(Version.id)).all()
    for version, agency_id, agency in rows:
        if version.parent_library_id and version_year(state, version.parent_library_id, version.created_at) == year:
            latest[(agency_id, version.parent_library_id)] = (version, agency)  # later ids replace earlier ones
    return list(latest.values())


def materialise(state: AppState, year: int, folder: Path) -> Path | None:
    """Copy the year's latest versions and their parents into `folder` with a manifest; the manifest's path, or
    None when the year has nothing to show."""
    from cascade.web.service import _ascii_slug

    assert state.db is not None
    chosen = latest_versions(state, year)
    taken: set[str] = {"manifest.yaml"}
    parents: dict[str, str] = {}
    plans: list[dict[str, Any]] = []
    for version, _ in chosen:
        pid = version.parent_library_id or ""
        if pid in parents:
            continue
        hit, path = state.library.get(pid), state.library.path(pid)
        if hit is None or path is None or not path.is_file():
            continue  # a parent removed from the library: its children cannot be audited again
        name = _unique(hit[0].name, taken)
        shutil.copyfile(path, folder / name)
        parents[pid] = name
        plans.append({"file": name})
    for version, agency in chosen:
        parent = parents.get(version.parent_library_id or "")
        if parent is None:
            continue
        suffix = Path(version.file_name).suffix.lower() or ".txt"
        name = _unique(f"{_ascii_slug(agency) or 'co-quan'}{suffix}", taken)
        (folder / name).write_bytes(state.db.read_file(version.file_sha256))
        entry = {"file": name, "agency": agency, "parent": parent}
        if version.level:
            entry["level"] = version.level
        plans.append(entry)
    if len(plans) == len(parents):
        return None
    with state.db.session() as s:
        # agencies with an account are expected to send a plan: the dashboard names those that have not
        named = {a for (a,) in s.execute(select(Agency.name).join(User, User.agency_id == Agency.id)
                                         .where(User.role == "agency", User.active.is_(True)).distinct())}
    sent = {agency for _, agency in chosen}
    manifest = {"year": year, "plans": plans, "expected": [{"agency": a} for a in sorted(named - sent)]}
    path = folder / "manifest.yaml"
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _scrub_paths(folder: Path, scratch: Path) -> None:
    """Take the scratch folder's path out of the dashboard's pages and JSON: reviewers see file names, never where
    the server keeps its files (as everywhere else in the service)."""
    prefix = str(scratch) + "/"
    for path in folder.rglob("*"):
        if path.suffix.lower() in (".html", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if prefix in text or str(scratch) in text:
                path.write_text(text.replace(prefix, "").replace(str(scratch), ""), encoding="utf-8",
                                errors="surrogateescape")


class DashboardBuilder:
    """Builds the requested years' dashboards one at a time in the worker pool (see the module docstring)."""

    def __init__(self, state: AppState, db: Database):
        self.state, self.db = state, db
        self.wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.building: int | None = None

    def start(self) -> None:
        """Resume: a build cut short by a restart is requested again; then serve the requests."""
        with self.db.session() as s:
            s.execute(update(Dashboard).where(Dashboard.state == "running").values(state="queued"))
        self._task = asyncio.get_running_loop().create_task(self._loop())

    async def close(self) -> None:
        """Stop (a build in progress stays `running` in the database and is resumed at the next start)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task

    def request(self, year: int) -> None:
        """Ask for `year`'s dashboard to be (re)built."""
        with self.db.session() as s:
            row = s.scalar(select(Dashboard).where(Dashboard.year == year))
            if row is None:
                s.add(Dashboard(year=year, state="queued", requested_at=utcnow()))
            else:
                row.requested_at = utcnow()
                if row.state != "running":  # a running build is followed by another (see _build)
                    row.state = "queued"
        self.wake.set()

    def version_done(self, parent_id: str | None, created: dt.datetime | None) -> None:
        """A version was audited: its year's dashboard is out of date."""
        if parent_id:
            self.request(version_year(self.state, parent_id, created))

    def _due(self) -> int | None:
        delay = dt.timedelta(seconds=self.state.settings.dashboard_delay)
        with self.db.session() as s:
            busy = s.scalar(select(func.count()).select_from(Version)
                            .where(Version.state.in_(("queued", "running")))) or 0
            if busy:  # the agencies' audits come first; the dashboard waits for a quiet queue
                return None
            for row in s.scalars(select(Dashboard).where(Dashboard.state == "queued").order_by(Dashboard.requested_at)):
                if _aware(row.requested_at) <= utcnow() - delay:
                    return row.year
        return None

    async def _loop(self) -> None:
        while True:
            year = self._due()
            if year is not None:
                try:
                    await self._build(year)
                except asyncio.CancelledError:
                    raise
                except Exception:  # noqa: BLE001 — one bad year must not stop the others
                    log.exception("dashboard of %s failed", year)
                    self._set(year, state="failed", error="Không dựng được bảng tổng hợp (lỗi của máy chủ).")
                continue
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=max(0.2, min(2.0, self.state.settings.dashboard_delay)))

    def _set(self, year: int, **values: Any) -> None:
        with self.db.session() as s:
            s.execute(update(Dashboard).where(Dashboard.year == year).values(**values))

    async def _build(self, year: int) -> None:
        state = self.state
        started = utcnow()
        self._set(year, state="running", started_at=started)
        self.building = year
        scratch = state.uploads.new_request()
        root = dashboards_dir(self.db)
        root.mkdir(parents=True, exist_ok=True)
        fresh = root / f".{year}-{secrets.token_hex(4)}"
        try:
            manifest = await asyncio.to_thread(materialise, state, year, scratch)
            if manifest is None:
                self._finish(year, started, state="failed", error=NOTHING.format(year=year), children=0, failures=0)
                return
            try:
                async with state.pool.session(state.settings.dashboard_timeout) as turn:
                    out = await turn.run("batch", str(manifest), str(fresh))
            except WebError as exc:
                if exc.status == 429:  # the pool is full of interactive requests: try again shortly
                    self._set(year, state="queued")
                    await asyncio.sleep(BUSY_PAUSE)
                    return
                self._finish(year, started, state="failed", error=exc.message_vi.replace(str(scratch) + "/", ""))
                return
            await asyncio.to_thread(_scrub_paths, fresh, scratch)
            # swap in the new folder: the old one is served until the new one is complete
            final, old = root / str(year), root / f".old-{year}-{secrets.token_hex(4)}"
            if final.exists():
                final.rename(old)
            fresh.rename(final)
            shutil.rmtree(old, ignore_errors=True)
            self._finish(year, started, state="done", error=None, built_at=utcnow(), entry=out["entry"],
                         children=out["children"], failures=out["failures"])
        finally:
            self.building = None
            state.uploads.discard(scratch)
            shutil.rmtree(fresh, ignore_errors=True)

    def _finish(self, year: int, started: dt.datetime, **values: Any) -> None:
        with self.db.session() as s:
            row = s.scalar(select(Dashboard).where(Dashboard.year == year))
            if row is None:
                return
            for key, value in values.items():
                setattr(row, key, value)
            if _aware(row.requested_at) > started:  # a version came while building: build again
                row.state = "queued"


# --- pages ----------------------------------------------------------------------------------------------------


def _reviewer(request: Request) -> User:
    """The reviewer or admin of this request; an agency user gets 404, as for a page that does not exist."""
    user = current_user(request)
    if user is None or user.role not in ("reviewer", "admin"):
        raise WebError(404, NOT_FOUND)
    return user


def _years(state: AppState) -> list[dict[str, Any]]:
    assert state.db is not None
    counts: dict[int, int] = {}
    with state.db.session() as s:
        rows = s.execute(select(Version.parent_library_id, Version.created_at).where(Version.state == "done")).all()
        dashboards = {d.year: d for d in s.scalars(select(Dashboard))}
    for parent_id, created in rows:
        if parent_id:
            year = version_year(state, parent_id, created)
            counts[year] = counts.get(year, 0) + 1
    out = []
    for year in sorted(set(counts) | set(dashboards), reverse=True):
        d = dashboards.get(year)
        built = _aware(d.built_at) if d is not None else None
        out.append({"year": year, "versions": counts.get(year, 0), "state": d.state if d else None,
                    "state_label": DASHBOARD_STATES.get(d.state, "") if d else "Chưa dựng",
                    "built": built.strftime("%d/%m/%Y %H:%M") if built else "",
                    "built_at": built.isoformat() if built else None, "error": d.error if d else None,
                    "children": d.children if d else 0, "failures": d.failures if d else 0,
                    "ready": bool(d and d.entry and (dashboards_dir(state.db) / str(year) / d.entry).is_file())})
    return out


@router.get("/tong-hop", response_class=HTMLResponse)
async def dashboards_page(request: Request, state: Annotated[AppState, Depends(get_state)]) -> str:
    """Every year with audited versions: its dashboard's state, when it was built, a link and a rebuild button."""
    _reviewer(request)
    years = _years(state)
    working = any(y["state"] in ("queued", "running") for y in years)
    return render("dashboards.html", years=years, refresh=working)


@api.get("/dashboards", summary="Bảng tổng hợp theo năm (cán bộ Sở Nội vụ)")
async def api_dashboards(request: Request, state: Annotated[AppState, Depends(get_state)]) -> list[dict[str, Any]]:
    """The years and their dashboards' states (queued, running, done, failed)."""
    _reviewer(request)
    return _years(state)


@router.post("/tong-hop/{year}/dung-lai")
async def rebuild(year: int, request: Request, state: Annotated[AppState, Depends(get_state)]) -> Response:
    """Ask for the year's dashboard to be built again now (the work is done by the worker pool)."""
    user = _reviewer(request)
    if not 1900 <= year <= 2200:
        raise WebError(404, NOT_FOUND)
    state.dashboards.request(year)
    with state.db.session() as s:
        audit_log(s, user.id, "dashboard-rebuild", str(year))
    return RedirectResponse("/tong-hop", status_code=303)


@router.get("/tong-hop/{year}")
async def dashboard_home(year: int, request: Request, state: Annotated[AppState, Depends(get_state)]) -> Response:
    """The year's dashboard page."""
    return await dashboard_file(year, "", request, state)


@router.get("/tong-hop/{year}/{name:path}")
async def dashboard_file(year: int, name: str, request: Request,
                         state: Annotated[AppState, Depends(get_state)]) -> Response:
    """A file of the year's dashboard (the page itself when `name` is empty; the reports and workbook it links)."""
    from cascade.web.headers import report_csp

    _reviewer(request)
    folder = (dashboards_dir(state.db) / str(year)).resolve()
    if not name:
        with state.db.session() as s:
            row = s.scalar(select(Dashboard).where(Dashboard.year == year))
        if row is None or not row.entry:
            raise WebError(404, "Bảng tổng hợp của năm này chưa được dựng.")
        return RedirectResponse(f"/tong-hop/{year}/{row.entry}", status_code=303)
    path = (folder / name).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise WebError(404, NOT_FOUND)
    body = path.read_bytes()
    media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    headers = {"Cache-Control": "no-store"}
    if path.suffix.lower() in (".html", ".htm"):
        media = "text/html; charset=utf-8"
        headers["Content-Security-Policy"] = report_csp(body.decode("utf-8", "replace"))
        headers["X-Frame-Options"] = "SAMEORIGIN"
    elif path.suffix.lower() == ".json":
        media = "application/json"
    else:
        headers["Content-Disposition"] = "attachment"
    return Response(body, media_type=media, headers=headers)
