"""Finding the plan files of a folder or manifest and reading their metadata (in parallel for large batches)."""

from __future__ import annotations

import os
from pathlib import Path

from cascade.errors import CascadeError
from cascade.hierarchy.manifest import Manifest, is_manifest, load_manifest
from cascade.hierarchy.meta import PlanMeta, read_meta

PLAN_SUFFIXES = (".txt", ".docx", ".pdf")  # preference when one plan is there in several formats
_PARALLEL_FROM = 8  # below this, starting processes costs more than it saves


def discover(folder: str | Path) -> list[Path]:
    """Plan files under a folder (recursive, hidden files and folders skipped), one per stem and folder, sorted.

    An entry named like a plan that is not a readable file (a folder "x.docx", a dangling or looping symlink, a FIFO)
    is kept: reading it fails with a message, so the batch reports it as a problem instead of skipping it silently.
    Symlinked folders are not entered (as `Path.rglob`). The walk keeps names as strings: a national tree has some
    60,000 entries, and a `Path` for each (as `rglob` makes) held ~25 MB in a 20,000-plan batch.
    """
    chosen: dict[tuple[str, str], str] = {}
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in (*dirs, *files):
            stem, suffix = os.path.splitext(name)
            if name.startswith(".") or suffix.lower() not in PLAN_SUFFIXES:
                continue
            full = os.path.join(top, name)
            if not os.path.isfile(full):
                chosen[(top, name)] = full  # its own key: never hides a real plan of the same stem
                continue
            old = chosen.get((top, stem))
            if old is None or PLAN_SUFFIXES.index(suffix.lower()) < PLAN_SUFFIXES.index(Path(old).suffix.lower()):
                chosen[(top, stem)] = full
    return sorted(Path(p) for p in chosen.values())


MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.csv")


def folder_manifest(folder: str | Path) -> Path | None:
    """The manifest a plan folder carries at its top (manifest.yaml, .yml or .csv), if any."""
    return next((Path(folder) / n for n in MANIFEST_NAMES if (Path(folder) / n).is_file()), None)


def plan_paths(source: str | Path) -> tuple[list[Path], Manifest | None]:
    """The plan files of a folder or manifest, and the manifest when there is one.

    A folder with a `manifest.yaml` at its top uses it: its entries override what is read from the plans (agency,
    level, parent) and its expected agencies are checked; plan files of the folder it does not list are still read.
    """
    if is_manifest(source):
        man = load_manifest(source)
        return [Path(e.file) for e in man.entries], man
    if not Path(source).is_dir():
        raise CascadeError(f"“{source}” không phải thư mục kế hoạch hay tệp danh sách (.yaml, .csv).",
                           f"not a folder or manifest: {source}", str(source), "input")
    found = discover(source)
    manifest_path = folder_manifest(source)
    if manifest_path is None:
        return found, None
    man = load_manifest(manifest_path)
    listed = [Path(e.file) for e in man.entries]
    known = {os.path.realpath(p) for p in listed}
    return listed + [p for p in found if os.path.realpath(p) not in known], man


def read_metas(paths: list[Path], jobs: int | None = None) -> list[PlanMeta]:
    """Metadata of every file, in the order given (processes over the cores for large batches)."""
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(paths) < _PARALLEL_FROM:
        return [read_meta(p) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(read_meta, [str(p) for p in paths], chunksize=max(1, len(paths) // (jobs * 4))))


def scan(source: str | Path, jobs: int | None = None):
    """Build the hierarchy of a folder or manifest: `Hierarchy` with its problems."""
    from cascade.hierarchy.graph import build_hierarchy

    paths, man = plan_paths(source)
    return build_hierarchy(read_metas(paths, jobs), man)
