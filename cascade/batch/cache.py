"""A per-batch cache of parsed plans on disk, so each file is parsed once though two stages need it.

The hierarchy stage parses every plan for its metadata; the audit stage needs the same Plan objects in other
processes. Plans are pickled in a temporary folder of the run (removed at its end, never in the output folder),
keyed by path, size and modification time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from cascade.hierarchy.meta import PlanMeta, is_synthetic_file, meta_from_plan, unreadable
from cascade.model import Plan


def _key(path: str | Path) -> str:
    st = os.stat(path)
    raw = f"{os.path.realpath(path)}|{st.st_size}|{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()


def cache_file(cache_dir: str | Path, path: str | Path) -> Path:
    """The cache file of this version of a plan file."""
    return Path(cache_dir) / f"{_key(path)}.pkl"


def load_plan(path: str | Path, cache_dir: str | Path | None) -> Plan:
    """The parsed plan, from the cache when it holds this version of the file, else parsed (and cached)."""
    from cascade.parse import parse_file

    if cache_dir is not None and not Path(path).is_file():
        return parse_file(path)  # not a regular file (a dangling link, a FIFO): the reader says why, in words
    if cache_dir is not None:
        f = cache_file(cache_dir, path)
        if f.exists():
            with f.open("rb") as fh:
                return pickle.load(fh)
    plan = parse_file(path)
    if cache_dir is not None:
        store_plan(plan, path, cache_dir)
    return plan


def store_plan(plan: Plan, path: str | Path, cache_dir: str | Path) -> None:
    """Pickle a parsed plan into the cache."""
    f = cache_file(cache_dir, path)
    f.parent.mkdir(parents=True, exist_ok=True)
    tmp = f.with_suffix(f".{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        pickle.dump(plan, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, f)  # atomic: another worker never reads half a file


def read_meta_cached(args: tuple[str, str]) -> PlanMeta:
    """Metadata of a plan file, leaving the parsed plan in the cache (a worker function: one tuple argument)."""
    path, cache_dir = args
    try:
        plan = load_plan(path, cache_dir)
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop a whole province's batch
        return unreadable(path, exc)
    meta = meta_from_plan(plan)
    meta.synthetic = meta.synthetic or is_synthetic_file(path)
    return meta
