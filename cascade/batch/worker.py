"""The work done for one child in a worker process: audit against its parent, write its reports, return a row.

`audit_child` is a pure function of its task and the two files: it reads them (or the parsed plans from the cache
folder), writes the child's reports into the output folder and returns a compact `ChildRow`, never the audit. That
keeps the memory of the run flat in the number of children, the data sent between processes small, and lets any
engine that maps a function over tasks with files as results (a process pool here; Dask or Ray on a cluster) run
the batch unchanged.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from cascade.batch.cache import load_plan
from cascade.batch.matrix import encode_cells
from cascade.batch.memos import note_file_done
from cascade.model import Plan

# Parsed parents per worker process, keyed by cache key (or path): a province plan is parsed once per worker
# however many children it has. A few are kept: children arrive grouped by parent. With each, its audit dict
# and compact JSON once made: every child's audit carries the same parent object, and making it again per child
# cost a tenth of the child's time.
_PARENTS: dict[str, _Parent] = {}
_KEEP_PARENTS = 4
@dataclass(slots=True)
class ChildTask:
    """What a worker needs to audit one child (small and picklable)."""

    parent: str  # path of the parent plan
    child: str  # path of the child plan
    agency: str | None
    level: str | None
    node: str
    parent_node: str
    stem: str  # report file name without suffix
    outdir: str
    cache: str | None  # the cache folder of parsed plans
    html: bool = True
    parent_key: str | None = None
    child_key: str | None = None


@dataclass(slots=True)
class ChildRow:
    """The compact result of one child: who, verdict, counts, report paths and its coverage-matrix cells.

    `codes` holds one letter per matrix row of the parent (see matrix.encode_cells), in the order of
    `ids`, which the runner shares between all children of one parent. Subscript access (`row["agency"]`) is
    kept for callers written against the dict rows of earlier versions.
    """

    node: str
    parent_node: str
    parent: str
    child: str
    agency: str | None = None
    level: str | None = None
    verdict: str | None = None
    verdict_label: str | None = None
    score: int | None = None
    errors: int = 0
    warnings: int = 0
    report: str | None = None  # reports/<stem>.html relative to the output folder
    json: str | None = None  # reports/<stem>.json
    error: str | None = None  # Vietnamese message when the child could not be audited
    codes: str = ""
    ids: tuple[str, ...] = ()
    seconds: float = 0.0
    cached: bool = False  # taken from the cache of an earlier run, not audited again

    @property
    def cells(self) -> dict[str, str]:
        """Parent item id → matrix status ("carried", "weakened", "missing", "not_applicable")."""
        from cascade.batch.matrix import decode_cells

        return decode_cells(self.ids, self.codes)

    def __getitem__(self, key: str) -> Any:
        if key == "cells":
            return self.cells
        if key not in _FIELDS:
            raise KeyError(key)
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in _FIELDS:
            raise KeyError(key)
        setattr(self, key, value)

    def get(self, key: str, default: Any = None) -> Any:
        """As dict.get: the field's value, `default` for a name that is no field."""
        try:
            return self[key]
        except KeyError:
            return default

    def to_dict(self) -> dict[str, Any]:
        """The row as batch.json shows it (cells as a dict, no internal fields)."""
        return {"node": self.node, "parent_node": self.parent_node, "agency": self.agency, "level": self.level,
                "verdict": self.verdict, "score": self.score, "errors": self.errors, "warnings": self.warnings,
                "report": self.report, "json": self.json, "error": self.error, "cells": self.cells,
                "seconds": self.seconds}


_FIELDS = frozenset(f.name for f in fields(ChildRow)) | {"cells"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def compact_json(audit: dict[str, Any], known: dict[int, str] | None = None) -> str:
    """The audit as compact JSON text, the bytes of `json.dumps(audit, ensure_ascii=False, separators=(",", ":"))`.

    `known`: id() of a top-level value → its JSON text already made (the shared parent dict of a batch), put in
    as is instead of encoding that value again.
    """
    if not known:
        return _dumps(audit)
    parts = [f"{_dumps(k)}:{known.get(id(v)) or _dumps(v)}" for k, v in audit.items()]
    return "{" + ",".join(parts) + "}"


def write_compact_json(audit: dict[str, Any], path: Path, known: dict[int, str] | None = None) -> None:
    """The audit as compact UTF-8 JSON, the bytes `cascade.report.write_json(compact=True)` writes; here because
    that module imports pandas, and a worker that never loads pandas stays about 33 MB smaller."""
    from cascade.outputs import write_text_atomic

    write_text_atomic(path, compact_json(audit, known) + "\n")


@dataclass(slots=True)
class _Parent:
    """A parent plan held by a worker, with its audit dict and that dict's compact JSON, made once."""

    plan: Plan
    as_dict: dict[str, Any] | None = None
    as_json: str | None = None

    def dict_and_json(self) -> tuple[dict[str, Any], str]:
        if self.as_dict is None or self.as_json is None:
            self.as_dict = self.plan.to_dict()
            self.as_json = _dumps(self.as_dict)
        return self.as_dict, self.as_json


def _parent(path: str, cache_dir: str | None, key: str | None) -> _Parent:
    import os

    k = key or f"{path}|{os.stat(path).st_mtime_ns}"
    if k not in _PARENTS:
        if len(_PARENTS) >= _KEEP_PARENTS:
            _PARENTS.pop(next(iter(_PARENTS)))
        _PARENTS[k] = _Parent(load_plan(path, cache_dir, key))
    return _PARENTS[k]


def audit_child(task: ChildTask) -> ChildRow:
    """Audit one child, write reports/<stem>.json (and .html) and return its compact row.

    Never raises: a failure becomes `row.error` (Vietnamese) so the rest of the batch carries on.
    """
    t0 = time.perf_counter()
    row = ChildRow(node=task.node, parent_node=task.parent_node, parent=task.parent, child=task.child,
                   agency=task.agency, level=task.level)
    try:
        from cascade.audit import audit_plans
        from cascade.report import write_html

        held = _parent(task.parent, task.cache, task.parent_key)
        child = load_plan(task.child, task.cache, task.child_key)
        parent_dict, parent_json = held.dict_and_json()
        audit = audit_plans(held.plan, child, task.agency, task.level).to_dict(parent_dict)
        out = Path(task.outdir) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        write_compact_json(audit, out / f"{task.stem}.json", {id(parent_dict): parent_json})
        if task.html:
            write_html(audit, out / f"{task.stem}.html")
            row.report = f"reports/{task.stem}.html"
        summary = audit["summary"]
        sev = summary.get("counts", {}).get("by_severity", {})
        row.agency = summary.get("child_agency") or task.agency or child.agency
        row.level = summary.get("child_level") or task.level or child.level
        row.verdict, row.verdict_label = summary.get("verdict"), summary.get("verdict_label")
        row.score = summary.get("score")
        row.errors, row.warnings = sev.get("error", 0), sev.get("warning", 0)
        row.json = f"reports/{task.stem}.json"
        row.codes = encode_cells(audit)
    except Exception as exc:  # noqa: BLE001 — one bad file is reported, the batch carries on
        from cascade.errors import CascadeError

        row.verdict = "loi"
        row.error = (exc.message_vi if isinstance(exc, CascadeError)
                     else f"Lỗi khi kiểm tra “{Path(task.child).name}”: {exc}")
    row.seconds = round(time.perf_counter() - t0, 3)
    note_file_done()
    return row


def audit_chunk(tasks: list[ChildTask]) -> list[ChildRow]:
    """audit_child over a few tasks: one round trip between processes for several children."""
    return [audit_child(t) for t in tasks]
