"""`run_batch`: build the hierarchy of a folder or manifest, audit every child against its parent in parallel,
write each child's report, the dashboard, the coverage matrix and the Excel summary.

Memory stays flat in the number of children: each worker writes its child's reports itself and sends back a
compact `ChildRow` (verdict, counts, one letter per matrix cell); the dashboard, workbook and batch.json are built
from those rows. With `cache_dir`, a second run over the same folder re-audits only the children whose bytes, or
whose parent's bytes, or the engine (cascade version, code, rule packs) changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cascade.batch import cache as plan_cache
from cascade.batch.cache import read_meta_cached
from cascade.batch.memos import trim_caches
from cascade.batch.worker import ChildRow, ChildTask, audit_chunk
from cascade.errors import CascadeError
from cascade.hierarchy.graph import Hierarchy, build_hierarchy
from cascade.hierarchy.meta import CitedDoc, PlanMeta
from cascade.hierarchy.scan import plan_paths
from cascade.outputs import atomic_output
from cascade.text import slug


@dataclass
class BatchStats:
    """What the run did: plans read (parsed, or taken from the cache) and children audited or reused."""

    plans: int = 0
    plans_parsed: int = 0
    plans_reused: int = 0
    children: int = 0
    audited: int = 0
    reused: int = 0


@dataclass
class BatchResult:
    """The hierarchy, one compact row per audited child (`ChildRow`), the parents' matrix rows and the files."""

    hierarchy: Hierarchy
    results: list[ChildRow] = field(default_factory=list)
    outdir: Path = Path(".")
    files: dict[str, Path] = field(default_factory=dict)
    parent_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # parent node → matrix rows
    stats: BatchStats = field(default_factory=BatchStats)

    @property
    def failures(self) -> list[ChildRow]:
        return [r for r in self.results if r.error]


# Tasks in flight per worker: enough to keep every worker busy, few enough that a Ctrl-C stops the run at once
# and that 20,000 pending children are never all queued in memory.
_WINDOW_PER_JOB = 4


def _chunks(items: list, size: int) -> Iterator[tuple[int, list]]:
    for k in range(0, len(items), size):
        yield k, items[k:k + size]


def _map(fn: Callable, items: list, pool: Any | None, on_done: Callable[[Any], None] | None = None,
         chunk: int | None = None, jobs: int = 1, local: bool = False) -> list:
    """fn over items in the process pool (in this process when there is none), results in input order.

    With a chunk size, fn takes a list of (up to chunk) items and returns a list of results (one round trip for
    several items). A bounded window of submitted chunks keeps memory flat. With `local`, this process works too
    between collecting results: `jobs` jobs then take jobs - 1 workers, one process fewer in memory. On any
    exception (Ctrl-C included) nothing queued starts afterwards.
    """
    results: list = [None] * len(items)
    size = chunk or 1

    def put(k: int, outs: list) -> None:
        for j, r in enumerate(outs):
            results[k + j] = r
            if on_done:
                on_done(r)

    def run_here(k: int, batch: list) -> None:
        put(k, fn(batch) if chunk else [fn(batch[0])])

    if pool is None or len(items) <= 1:
        for k, batch in _chunks(items, size):
            run_here(k, batch)
        return results
    pending: dict = {}
    window = max(2, jobs * _WINDOW_PER_JOB)
    todo = _chunks(items, size)
    try:
        for k, batch in todo:
            if len(pending) < window:
                pending[pool.submit(fn, batch if chunk else batch[0])] = k
                continue
            if local:
                run_here(k, batch)
                _collect(pending, put, chunk, timeout=0)
            else:
                _collect(pending, put, chunk)
                pending[pool.submit(fn, batch if chunk else batch[0])] = k
        while pending:
            _collect(pending, put, chunk)
    except BaseException:
        # Ctrl-C (or a failure): nothing queued may start writing reports after the user stopped the run.
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    return results


def _collect(pending: dict, put: Callable[[int, list], None], chunk: int | None, timeout: float | None = None) -> None:
    """Hand the finished futures' results to `put`: wait for at least one, or (timeout=0) only those done now."""
    done, _ = wait(pending, timeout=timeout, return_when=FIRST_COMPLETED)
    for fut in done:
        k = pending.pop(fut)
        put(k, fut.result() if chunk else [fut.result()])


def _stem(node: str) -> str:
    return slug(re.sub(r"\.(txt|docx|pdf)$", "", node, flags=re.IGNORECASE)) or "ke-hoach"


def check_cache_dir(cache_dir: str | Path, outdir: str | Path) -> Path:
    """The cache folder, refused (Vietnamese CascadeError) when it is the output folder or lies inside it: the
    output folder holds only what an official opens, and a cleared output folder must not take the cache along."""
    c, o = Path(cache_dir).resolve(), Path(outdir).resolve()
    if c == o or o in c.parents:
        raise CascadeError(
            f"Thư mục bộ nhớ đệm “{cache_dir}” nằm trong thư mục kết quả “{outdir}”. Hãy chọn một thư mục khác "
            "(ví dụ .cascade-cache bên cạnh thư mục kết quả): thư mục kết quả chỉ chứa báo cáo gửi cán bộ.",
            f"cache dir {c} is inside the output folder {o}", str(cache_dir), "cache_in_output")
    if c.exists() and not c.is_dir():
        raise CascadeError(f"“{cache_dir}” không phải là thư mục: không dùng làm bộ nhớ đệm được.",
                           f"cache dir {c} is not a folder", str(cache_dir), "cache_not_folder")
    return c


def run_batch(source: str | Path, outdir: str | Path, jobs: int | None = None, html: bool = True,
              progress: Callable[[str, int, int], None] | None = None,
              cache_dir: str | Path | None = None) -> BatchResult:
    """Audit every child plan of a folder or manifest against its parent and write the batch outputs.

    progress(stage, done, total) is called after each file ("doc" while reading, "kiem_tra" while auditing).
    cache_dir: a folder kept between runs (never inside `outdir`); a re-run then parses and audits only what
    changed. Without it, a temporary cache serves this run only.
    """
    import tempfile

    out = Path(outdir)
    user_cache = check_cache_dir(cache_dir, out) if cache_dir is not None else None
    out.mkdir(parents=True, exist_ok=True)
    remove_previous_outputs(out)
    jobs = max(1, jobs or os.cpu_count() or 1)
    paths, manifest = plan_paths(source)
    n_paths = len(paths)
    done = {"n": 0}

    def tick(stage: str, total: int) -> Callable[[Any], None]:
        def _on(_: Any) -> None:
            done["n"] += 1
            if progress:
                progress(stage, done["n"], total)
        return _on

    # One pool for both stages: starting workers (and importing the package in each) costs about a second.
    with ExitStack() as stack:
        if user_cache is not None:
            user_cache.mkdir(parents=True, exist_ok=True)
            cache = user_cache
        else:
            # The parsed-plan cache lives in a temporary folder removed at the end: the output folder holds only
            # what an official opens.
            cache = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cascade-batch-")))
        pool = None
        if jobs > 1 and n_paths > 1:
            from concurrent.futures import ProcessPoolExecutor

            _warm_up()
            # This process audits too (see _map): jobs - 1 workers beside it.
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs - 1))
        cache_s = str(cache)
        args = [(str(p), cache_s) for p in paths]
        del paths  # as strings only from here: 20,000 Path objects are ~14 MB
        result = _run(args, manifest, out, cache, user_cache is not None, html, pool, jobs, tick, done)
    result.files = write_outputs(result)
    return result


def _release_audit_memory() -> None:
    """Empty the per-process caches the audits filled (parsed parents, alignment memos)."""
    import gc

    from cascade.align import release_caches
    from cascade.batch import worker

    worker._PARENTS.clear()
    release_caches()
    gc.collect()


def _warm_up() -> None:
    """Import the pipeline and compile its rule packs before the pool starts: forked workers inherit them
    instead of each paying ~0.5 s of imports and regex compilation."""
    import multiprocessing

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return
    from cascade import agencies, text
    from cascade.audit import applicability, audit_plans  # noqa: F401
    from cascade.parse import parse_document  # noqa: F401
    from cascade.report import html

    agencies._catalog()
    text._vocab()
    applicability._rules()
    html.environment(None)
    plan_cache.engine_fingerprint()


def _chunk_size(n: int, jobs: int) -> int:
    """Children per round trip: 1 for small batches (a Ctrl-C stops within a child or two), up to 8 for large
    ones (fewer round trips between processes)."""
    return max(1, min(8, n // (jobs * 50)))


def _intern_fields(obj: Any, names: tuple[str, ...]) -> None:
    """Point the named string fields of a received object at one shared (interned) copy each."""
    for name in names:
        v = getattr(obj, name)
        if isinstance(v, str):
            setattr(obj, name, sys.intern(v))


def _share_meta(meta: PlanMeta, cited: dict[CitedDoc, CitedDoc]) -> None:
    """Share a received PlanMeta's strings and citations: every child of a province repeats its parent's citation,
    place and issuer, and 20,000 unpickled copies of them took ~30 MB."""
    _intern_fields(meta, _META_STRINGS)
    meta.citations = [cited.setdefault(c, c) for c in meta.citations]


_META_STRINGS = ("path", "number", "doc_type", "agency", "level", "place", "date", "parent_body")
_ROW_STRINGS = ("node", "parent_node", "parent", "child", "agency", "level", "verdict", "verdict_label")


def _run(args: list[tuple[str, str]], manifest: Any, out: Path, cache: Path, keep: bool, html: bool, pool: Any,
         jobs: int, tick: Callable, done: dict[str, int]) -> BatchResult:
    n_paths, cited = len(args), {}
    on_read = tick("doc", n_paths)

    def read_one(got: tuple[PlanMeta, str | None, bool]) -> None:
        _share_meta(got[0], cited)
        on_read(got)

    read = _map(read_meta_cached, args, pool, read_one, jobs=jobs, local=True)
    args.clear()  # the caller's list: its 20,000 path strings are not needed past this point
    keys = {meta.path: key for meta, key, _ in read}
    stats = BatchStats(plans=len(read), plans_reused=sum(1 for _, _, hit in read if hit))
    stats.plans_parsed = stats.plans - stats.plans_reused
    h = build_hierarchy([meta for meta, _, _ in read], manifest)
    del read
    tasks = _tasks(h, keys, out, cache, html)
    del keys
    trim_caches()  # the memos this process filled while parsing its share of the plans
    cited.clear()
    with _parked(h) as unpark:
        del h  # on disk while the children are audited: the audits of this process reuse its memory
        rows = _audit(tasks, out, cache, keep, html, pool, jobs, tick, done, stats)
        if pool is not None:
            pool.shutdown()
        # The workers gone and the audit caches of this process emptied before the hierarchy comes back and the
        # outputs are built: the peak memory of a run is then the larger of the two stages, not their sum.
        _release_audit_memory()
        result = BatchResult(unpark(), rows, out, stats=stats)
    _attach_parent_rows(result, tasks, cache)
    return result


def _tasks(h: Hierarchy, keys: dict[str, str | None], out: Path, cache: Path, html: bool) -> list[ChildTask]:
    """One task per parent → child edge of the hierarchy, in a stable order."""
    tasks: list[ChildTask] = []
    outdir, cache_s = str(out), str(cache)
    for p_node, c_node in sorted(h.graph.edges):
        pm, cm = h.metas[p_node], h.metas[c_node]
        tasks.append(ChildTask(parent=pm.path, child=cm.path, agency=cm.agency, level=cm.level,
                               node=sys.intern(c_node), parent_node=sys.intern(p_node), stem=_stem(c_node),
                               outdir=outdir, cache=cache_s, html=html, parent_key=keys.get(pm.path),
                               child_key=keys.get(cm.path)))
    return tasks


@contextlib.contextmanager
def _parked(h: Hierarchy) -> Iterator[Callable[[], Hierarchy]]:
    """Keep the hierarchy in an anonymous temporary file (removed on exit) until the returned function loads it
    back. A 20,000-plan hierarchy (graph and metadata) is some 40 MB that nothing needs while children are audited."""
    import pickle
    import tempfile

    with tempfile.TemporaryFile(prefix="cascade-hierarchy-") as fh:
        pickle.dump(h, fh, protocol=pickle.HIGHEST_PROTOCOL)
        del h  # this frame's reference too: the caller drops its own

        def unpark() -> Hierarchy:
            fh.seek(0)
            return pickle.load(fh)  # noqa: S301 — the file this process wrote a moment ago

        yield unpark


def _audit(tasks: list[ChildTask], out: Path, cache: Path, keep: bool, html: bool, pool: Any, jobs: int,
           tick: Callable, done: dict[str, int], stats: BatchStats) -> list[ChildRow]:
    """Audit the tasks (or take their rows from the cache of an earlier run): one row per task, in task order."""
    rows: list[ChildRow | None] = [None] * len(tasks)
    child_keys: list[str | None] = [None] * len(tasks)
    todo: list[int] = []
    on_tick = tick("kiem_tra", len(tasks))

    def on_child(row: ChildRow) -> None:
        _intern_fields(row, _ROW_STRINGS)  # its names and paths become the task's strings
        on_tick(row)

    done["n"] = 0
    for k, t in enumerate(tasks):
        if keep and t.parent_key and t.child_key:
            child_keys[k] = plan_cache.child_key(t.child_key, t.parent_key, t.agency, t.level, t.stem, html)
            row = plan_cache.load_child(cache, child_keys[k])
            if row is not None:
                plan_cache.restore_child(cache, child_keys[k], row, out)
                row.cached, rows[k] = True, row
                on_child(row)
                continue
        todo.append(k)
    stats.children, stats.reused, stats.audited = len(tasks), len(tasks) - len(todo), len(todo)
    audited = _map(audit_chunk, [tasks[k] for k in todo], pool, on_child, chunk=_chunk_size(len(todo), jobs),
                   jobs=jobs, local=True)
    for k, row in zip(todo, audited, strict=True):
        rows[k] = row
        if keep and child_keys[k] and not row.error:
            plan_cache.store_child(cache, child_keys[k], row, out)  # type: ignore[arg-type]
    return [r for r in rows if r is not None]


def _attach_parent_rows(result: BatchResult, tasks: list[ChildTask], cache: Path) -> None:
    """The matrix rows of every parent (read from its parsed plan, once per parent) and, on each child row, the
    parent's item ids shared as one tuple (the rows sent back by workers each carry none)."""
    from cascade.batch.cache import load_plan
    from cascade.batch.matrix import parent_rows

    first = {}
    for t in tasks:
        first.setdefault(t.parent_node, t)
    ids: dict[str, tuple[str, ...]] = {}
    for p_node, t in first.items():
        try:
            plan = load_plan(t.parent, str(cache), t.parent_key)
        except Exception:  # noqa: BLE001 — its children failed too and say why; the matrix is empty
            result.parent_rows[p_node] = []
        else:
            result.parent_rows[p_node] = parent_rows({"parent": plan.to_dict()})
        ids[p_node] = tuple(r["id"] for r in result.parent_rows[p_node])
    for row in result.results:
        row.ids = ids.get(row.parent_node, ())


def write_outputs(result: BatchResult) -> dict[str, Path]:
    """The dashboard (index.html), summary.xlsx and batch.json in the output folder."""
    from cascade.batch.dashboard import write_dashboard
    from cascade.batch.excel import write_summary

    out = result.outdir
    files = {"dashboard": out / "index.html", "excel": out / "summary.xlsx", "json": out / "batch.json"}
    write_batch_json(result, files["json"])
    write_summary(result, files["excel"])
    # The dashboard last: while it is missing, nobody mistakes a half-written folder for a finished batch.
    write_dashboard(result, files["dashboard"])
    return files


def remove_previous_outputs(outdir: Path) -> None:
    """Remove the dashboard, workbook and JSON of an earlier batch into the same folder before this one starts, so
    a stopped run never leaves an old, complete-looking dashboard beside new reports."""
    for name in ("index.html", "summary.xlsx", "batch.json"):
        with contextlib.suppress(FileNotFoundError):
            (outdir / name).unlink()


def batch_dict(result: BatchResult) -> dict[str, Any]:
    """The batch as JSON: hierarchy (node-link), problems and one summary per audited child."""
    from cascade.hierarchy.views import to_node_link

    return {"schema": "cascade-batch/1", "graph": to_node_link(result.hierarchy),
            "children": [r.to_dict() for r in result.results]}


def write_batch_json(result: BatchResult, path: Path) -> None:
    """batch.json as batch_dict gives it, written child by child: never the whole document in memory."""
    from cascade.hierarchy.views import to_node_link

    def dumps(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, sort_keys=True)

    with atomic_output(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        fh.write('{"children": [')
        for k, r in enumerate(result.results):
            fh.write(("\n" if k == 0 else ",\n") + dumps(r.to_dict()))
        fh.write('\n],\n"graph": ')
        json.dump(to_node_link(result.hierarchy), fh, ensure_ascii=False, sort_keys=True)  # in chunks, not one str
        fh.write(',\n"schema": "cascade-batch/1"}\n')


__all__ = ["BatchResult", "BatchStats", "ChildRow", "batch_dict", "check_cache_dir", "run_batch", "write_outputs"]
