"""The batch cache on disk: parsed plans, their metadata and finished children, keyed by content.

Two uses share one layout:

- within a run, each file is parsed once though two stages (hierarchy, audit) in different processes need it;
- across runs (`cascade batch --cache-dir DIR`), a plan whose bytes did not change is not parsed again, and a
  child whose own bytes, parent's bytes, agency, level and engine (cascade version, code and rule packs) did not
  change is not audited again: its row and reports are taken from the cache.

Keys are SHA-1 digests of the file's bytes (not its modification time: a copy or a `touch` does not invalidate,
an edit does), its real path (the parsed plan records it) and the engine fingerprint. Without --cache-dir the cache
is a temporary folder removed at the end of the run; it never lives inside the output folder.

Layout: plans/<key>.pkl (parsed plan), plans/<key>.meta.pkl (its PlanMeta), children/<key>/ (row.pkl, a copy of
the child's report files and placed.pkl, the size, time and inode of the copies last put in the output folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any

from cascade.batch.memos import note_file_done
from cascade.hierarchy.meta import PlanMeta, is_synthetic_file, meta_from_plan, unreadable
from cascade.model import Plan

_CHUNK = 1 << 20


@lru_cache(maxsize=1)
def engine_fingerprint() -> str:
    """A digest of what an audit depends on besides its two files: the cascade version, its Python sources and the
    rule packs. Any change there re-audits every child (a new rule may change any finding)."""
    import cascade
    from cascade.rules import rules_dir

    h = hashlib.sha1(cascade.__version__.encode("utf-8"))
    pkg = Path(cascade.__file__).resolve().parent
    for folder, pattern in ((pkg, "*.py"), (pkg, "*.html"), (rules_dir(), "*.yaml")):
        for f in sorted(folder.rglob(pattern)):
            h.update(str(f.relative_to(folder)).encode("utf-8"))
            h.update(f.read_bytes())
    return h.hexdigest()


def content_hash(path: str | Path) -> str:
    """SHA-1 of the file's bytes."""
    h = hashlib.sha1()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def plan_key(path: str | Path) -> str:
    """The cache key of this version of a plan file: engine, real path and content."""
    raw = f"{engine_fingerprint()}|{os.path.realpath(path)}|{content_hash(path)}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def cache_file(cache_dir: str | Path, path: str | Path) -> Path:
    """The cache file of the parsed plan of this version of a plan file."""
    return Path(cache_dir) / "plans" / f"{plan_key(path)}.pkl"


def _dump(obj: Any, f: Path) -> None:
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_name(f"{f.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, f)  # atomic: another worker never reads half a file


def _load(f: Path) -> Any | None:
    """The pickled object, or None when the file is missing or unreadable (a damaged cache entry is redone)."""
    try:
        with f.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 — a truncated or foreign file in the cache folder: parse again
        return None


def load_plan(path: str | Path, cache_dir: str | Path | None, key: str | None = None) -> Plan:
    """The parsed plan, from the cache when it holds this version of the file, else parsed (and cached)."""
    from cascade.parse import parse_file

    if cache_dir is not None and not Path(path).is_file():
        return parse_file(path)  # not a regular file (a dangling link, a FIFO): the reader says why, in words
    if cache_dir is None:
        return parse_file(path)
    f = Path(cache_dir) / "plans" / f"{key or plan_key(path)}.pkl"
    plan = _load(f)
    if plan is None:
        plan = parse_file(path)
        _dump(plan, f)
    return plan


def store_plan(plan: Plan, path: str | Path, cache_dir: str | Path) -> None:
    """Pickle a parsed plan into the cache."""
    _dump(plan, cache_file(cache_dir, path))


def read_meta_cached(args: tuple[str, str]) -> tuple[PlanMeta, str | None, bool]:
    """(metadata, cache key, taken from the cache) of a plan file, leaving the parsed plan in the cache.

    A worker function: one tuple argument. The key is None for a file that could not be read.
    """
    path, cache_dir = args
    try:
        key = plan_key(path) if Path(path).is_file() else None
    except OSError:
        key = None
    if key is not None:
        meta = _load(Path(cache_dir) / "plans" / f"{key}.meta.pkl")
        if meta is not None and (Path(cache_dir) / "plans" / f"{key}.pkl").exists():
            return meta, key, True
    try:
        plan = load_plan(path, cache_dir, key)
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop a whole province's batch
        return unreadable(path, exc), None, False
    meta = meta_from_plan(plan)
    meta.synthetic = meta.synthetic or is_synthetic_file(path)
    note_file_done()  # parsing fills the memos as auditing does
    if key is not None:
        _dump(meta, Path(cache_dir) / "plans" / f"{key}.meta.pkl")
    return meta, key, False


def child_key(child_key_: str, parent_key: str, agency: str | None, level: str | None, stem: str,
              html: bool) -> str:
    """The cache key of one audited child: both plans' keys (engine included), what the audit was told and the
    name and kinds of the reports written."""
    raw = f"{child_key_}|{parent_key}|{agency}|{level}|{stem}|{int(html)}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def child_dir(cache_dir: str | Path, key: str) -> Path:
    """The folder of one cached child: row.pkl and its report files."""
    return Path(cache_dir) / "children" / key


def load_child(cache_dir: str | Path, key: str) -> Any | None:
    """The cached row of a child (None when absent or any of its report files is missing)."""
    d = child_dir(cache_dir, key)
    row = _load(d / "row.pkl")
    if row is None:
        return None
    names = [n for n in (row.json, row.report) if n]
    if not all((d / Path(n).name).is_file() for n in names):
        return None
    return row


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_size, st.st_mtime_ns, st.st_ino


def store_child(cache_dir: str | Path, key: str, row: Any, outdir: Path) -> None:
    """Keep a finished child's row and a copy of its report files (copies, not links: an official who edits a
    report in the output folder must not edit the cache's copy too)."""
    d = child_dir(cache_dir, key)
    d.mkdir(parents=True, exist_ok=True)
    stamps = {}
    for name in (row.json, row.report):
        if name:
            place(outdir / name, d / Path(name).name)
            stamps[name] = _stamp(outdir / name)
    _dump(stamps, d / "placed.pkl")
    _dump(row, d / "row.pkl")


def restore_child(cache_dir: str | Path, key: str, row: Any, outdir: Path) -> None:
    """Put a cached child's report files in the output folder, replacing whatever file holds their names. A file
    still as this cache placed it (same size, time and inode) is left alone: a re-run of 4,000 children copies
    nothing."""
    d = child_dir(cache_dir, key)
    stamps = _load(d / "placed.pkl") or {}
    changed = False
    for name in (row.json, row.report):
        if not name:
            continue
        target = outdir / name
        with contextlib.suppress(OSError):
            if stamps.get(name) == _stamp(target):
                continue
        place(d / Path(name).name, target)
        stamps[name], changed = _stamp(target), True
    if changed:
        _dump(stamps, d / "placed.pkl")


def place(src: Path, dst: Path) -> None:
    """dst becomes a copy of src, atomically (a temporary file beside it, then one rename)."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
