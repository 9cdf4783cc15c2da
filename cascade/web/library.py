"""The library of parent plans: the bundled province plans, plus parents uploaded during this server's life.

Bundled plans are parsed once at start-up; uploaded parents stay in memory (capped, oldest dropped first) unless a
library directory is configured, in which case their files are kept there and reloaded at the next start.
"""

from __future__ import annotations

import logging
import re
import secrets
import shutil
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cascade.errors import CascadeError
from cascade.model import Plan
from cascade.vocab import table

if TYPE_CHECKING:
    from cascade.hierarchy.meta import PlanMeta

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".docx", ".pdf")
SOURCE_LABELS = table("plan_sources")


@dataclass(frozen=True)
class Entry:
    """One parent plan as the library lists it."""

    id: str
    source: str  # bundled | session | saved
    name: str  # file name
    number: str | None
    agency: str | None
    level: str | None
    year: int | None
    title: str | None
    items: int

    @property
    def label(self) -> str:
        """How the plan is named in the picker: number, agency, year."""
        head = f"Số {self.number}" if self.number else "Dự thảo (chưa có số)"
        parts = [head, self.agency or self.name]
        if self.year:
            parts.append(f"năm {self.year}")
        return " – ".join(parts)

    @property
    def source_label(self) -> str:
        """Where the plan came from, in Vietnamese."""
        return SOURCE_LABELS.get(self.source, self.source)

    def to_dict(self) -> dict[str, Any]:
        """The entry as the API lists it (file name only, never a server path)."""
        return {**asdict(self), "label": self.label}


def _slug(rel: Path) -> str:
    return re.sub(r"[^a-z0-9]+", "-", rel.with_suffix("").as_posix().lower()).strip("-")


def _entry(plan_id: str, source: str, path: Path, plan: Plan) -> Entry:
    return Entry(plan_id, source, path.name, plan.number, plan.agency, plan.level, plan.year, plan.title,
                 len(plan.items))


def _parse(path: Path) -> Plan:
    from cascade.parse import parse_file

    return parse_file(path)


class Library:
    """Parent plans by id; thread-safe, since audits run in worker threads."""

    def __init__(self, data_dir: Path | None, library_dir: Path | None = None, max_session: int = 20):
        self._lock = threading.Lock()
        self._fixed: dict[str, tuple[Entry, Plan]] = {}
        self._session: OrderedDict[str, tuple[Entry, Plan]] = OrderedDict()
        self._metas: dict[str, PlanMeta] = {}
        self._paths: dict[str, Path] = {}  # bundled and saved plans' files (the year's dashboard reads them)
        self.max_session = max_session
        self.library_dir = library_dir
        if data_dir is not None and data_dir.is_dir():
            self._load_dir(data_dir, "bundled", province_only=True)
        if library_dir is not None:
            library_dir.mkdir(parents=True, exist_ok=True)
            self._load_dir(library_dir, "saved", province_only=False)

    def _load_dir(self, root: Path, source: str, province_only: bool) -> None:
        for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()):
            try:
                plan = _parse(path)
            except CascadeError as exc:
                log.warning("library: skipped %s: %s", path, exc.detail_en)
                continue
            # the bundled data also holds child plans (a Sở plan); only province plans are parents to pick
            if province_only and plan.level not in (None, "tinh"):
                continue
            plan_id = _slug(path.relative_to(root)) if source == "bundled" else path.stem
            self._fixed[plan_id] = (_entry(plan_id, source, path, plan), plan)
            self._paths[plan_id] = path

    def entries(self) -> list[Entry]:
        """Bundled and saved plans first (by place and year), then this session's uploads, newest last."""
        with self._lock:
            return [e for e, _ in self._fixed.values()] + [e for e, _ in self._session.values()]

    def get(self, plan_id: str) -> tuple[Entry, Plan] | None:
        """The entry and parsed plan of `plan_id`, or None."""
        with self._lock:
            return self._fixed.get(plan_id) or self._session.get(plan_id)

    def _meta(self, entry: Entry, plan: Plan) -> PlanMeta:
        with self._lock:
            meta = self._metas.get(entry.id)
        if meta is None:
            from cascade.hierarchy.meta import meta_from_plan

            # a made-up path per entry: the hierarchy keys plans by path, and server paths stay out of it
            meta = replace(meta_from_plan(plan), path=f"/thu-vien/{entry.id}{Path(entry.name).suffix}")
            with self._lock:
                self._metas[entry.id] = meta
        return meta

    def cited_parent(self, child: PlanMeta) -> Entry | None:
        """The library plan a draft's parent is, by the hierarchy's rules: the plan it cites (by number, or a
        draft by issuer, type and year), else the one plan of the level above for its place and year."""
        from cascade.hierarchy.graph import build_hierarchy

        with self._lock:
            items = list(self._fixed.values()) + list(self._session.values())
        by_path = {}
        metas = []
        for entry, plan in items:
            cached = self._meta(entry, plan)
            meta = replace(cached, citations=list(cached.citations))  # the hierarchy may touch what it is given
            by_path[meta.path] = entry
            metas.append(meta)
        draft = replace(child, path="/du-thao/du-thao.txt", error=None)
        try:
            hierarchy = build_hierarchy([*metas, draft])
            node = hierarchy.node_for_path(draft.path)
            parent = hierarchy.parent_of(node) if node is not None else None
            if parent is not None:
                return by_path.get(hierarchy.metas[parent].path)
        except Exception as exc:  # noqa: BLE001 — a suggestion is a convenience; fall back to the cited numbers
            log.warning("library: hierarchy failed for a draft: %r", exc)
        cited = {c.number for c in child.citations if c.number}
        return next((by_path[m.path] for m in metas if m.number and m.number in cited), None)

    def path(self, plan_id: str) -> Path | None:
        """The file of a bundled or saved plan (None for an in-memory upload or an unknown id)."""
        with self._lock:
            return self._paths.get(plan_id)

    def remove(self, plan_id: str) -> Entry | None:
        """Take an uploaded parent out of the library (its saved file too); bundled plans stay. The removed entry,
        or None when there is no such uploaded parent."""
        with self._lock:
            hit = self._fixed.get(plan_id) or self._session.get(plan_id)
            if hit is None or hit[0].source == "bundled":
                return None
            self._fixed.pop(plan_id, None)
            self._session.pop(plan_id, None)
            self._metas.pop(plan_id, None)
            path = self._paths.pop(plan_id, None)
        if path is not None:
            path.unlink(missing_ok=True)
        return hit[0]

    def add(self, path: Path, plan: Plan) -> Entry:
        """Add an uploaded, already parsed parent; kept on disk only when a library directory is configured."""
        plan_id = secrets.token_hex(6)
        if self.library_dir is not None:
            kept = self.library_dir / f"{plan_id}{path.suffix.lower() or '.txt'}"
            shutil.copyfile(path, kept)
            entry = _entry(plan_id, "saved", path, plan)
            with self._lock:
                self._fixed[plan_id] = (entry, plan)
                self._paths[plan_id] = kept
            return entry
        entry = _entry(plan_id, "session", path, plan)
        with self._lock:
            self._session[plan_id] = (entry, plan)
            while len(self._session) > self.max_session:
                dropped, _ = self._session.popitem(last=False)
                self._metas.pop(dropped, None)
        return entry
