"""The work the web app hands to worker processes: read and audit plans, build report files.

Everything here runs in a child process started by `cascade.web.pool` (never in the server), so a file that makes
a reader loop or swell is stopped by killing the process. Each function returns picklable values; every failure
becomes (status, Vietnamese message, English detail) through `describe`. Importing this module loads the readers,
the parser, the auditor and the reports, so the fork server that starts the workers has them ready.
"""

from __future__ import annotations

import contextlib
import logging
import os
import resource
import time
import traceback
from pathlib import Path
from typing import Any

import cascade.audit  # noqa: F401 — preloaded in the fork server
import cascade.parse  # noqa: F401
import cascade.report  # noqa: F401
from cascade.errors import CascadeError
from cascade.model import Plan
from cascade.web.errors import WebError

log = logging.getLogger(__name__)

MEMORY_MESSAGE = ("Không xử lý được tệp: nội dung quá lớn hoặc quá phức tạp, vượt giới hạn bộ nhớ dành cho mỗi lần "
                  "kiểm tra. Hãy kiểm tra lại tệp hoặc chia nhỏ văn bản.")
CRASH_MESSAGE = ("Không xử lý được tệp: tiến trình kiểm tra dừng bất thường (tệp có thể quá lớn hoặc quá phức tạp). "
                 "Hãy kiểm tra lại tệp hoặc chia nhỏ văn bản.")
BUG_MESSAGE = ("Không đối chiếu được hai kế hoạch này do nội dung có cấu trúc bất thường; hãy kiểm tra lại tệp.")


def describe(exc: BaseException) -> tuple[int, str, str]:
    """(HTTP status, Vietnamese message, English detail) for a failure inside a job."""
    if isinstance(exc, WebError):
        return exc.status, exc.message_vi, exc.detail_en
    if isinstance(exc, CascadeError):
        return exc.http_status, exc.message_vi, exc.detail_en
    if isinstance(exc, MemoryError):
        return 422, MEMORY_MESSAGE, "worker ran out of memory"
    detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return 422, BUG_MESSAGE, detail + "\n" + "".join(traceback.format_tb(exc.__traceback__)[-5:])


def worker_init(memory_bytes: int | None, cpu_seconds: int | None = None) -> None:
    """Start of every worker: its own process group (so LibreOffice or Tesseract it starts die with it), a cap on
    its address space, no core dumps; and, should the server die without killing it, a CPU-time cap and death
    with its parent (the fork server, which ends with the server), so no runaway outlives it."""
    with contextlib.suppress(OSError):
        os.setsid()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass


def _fault(fault: str | None) -> None:
    """The test hook of `Settings.test_faults`: misbehave on purpose."""
    if fault == "hang":
        while True:  # busy, as a pathological file would keep it: only killing the process stops it
            time.sleep(0.05)
            sum(range(10_000))
    if fault == "bug":
        raise RuntimeError("boom (test fault)")
    if fault == "oom":
        bytearray(1 << 40)  # far past the worker's address-space cap: refused at once, as a swelling reader would be


def _parse(path: str | Path, max_docx: int) -> Plan:
    from cascade.parse import parse_file

    return parse_file(path, max_uncompressed=max_docx)  # cascade.read.zipguard, the one zip-bomb check


def parse_job(path: str, max_docx: int, want_plan: bool, fault: str | None = None) -> tuple[Plan | None, Any]:
    """Parse one uploaded plan; return the plan (when `want_plan`) and its hierarchy metadata (citations)."""
    from cascade.hierarchy.meta import meta_from_plan

    _fault(fault)
    plan = _parse(path, max_docx)
    return (plan if want_plan else None), meta_from_plan(plan)


def audit_job(parent: Plan | str, child: Plan | str, agency: str | None, level: str | None, max_docx: int,
              fault: str | None = None) -> tuple[dict[str, Any], Plan | None]:
    """Audit `child` against `parent` (each a parsed plan or the path of an upload); return the cascade-audit/1
    dict and, when the parent was a file, its parsed plan (for the library)."""
    from cascade.audit import audit_plans

    _fault(fault)
    parent_plan = parent if isinstance(parent, Plan) else _parse(parent, max_docx)
    child_plan = child if isinstance(child, Plan) else _parse(child, max_docx)
    audit = audit_plans(parent_plan, child_plan, agency, level).to_dict()
    return audit, (None if isinstance(parent, Plan) else parent_plan)


def build_job(audit: dict[str, Any], ext: str, workdir: str) -> bytes:
    """One download: the HTML report, the Excel workbook or the feedback letter, as bytes."""
    from cascade import report

    if ext == "html":
        return report.render_html(audit).encode("utf-8")
    path = Path(workdir) / f"out.{ext}"
    (report.write_xlsx if ext == "xlsx" else report.write_letter)(audit, path)
    return path.read_bytes()


def batch_job(source: str, outdir: str) -> dict[str, Any]:
    """The batch dashboard of a folder (or manifest) of plans, written to `outdir` by `cascade.batch.run_batch` —
    its public entry point only. One process: a worker may not start a pool of its own (it is a daemon)."""
    from cascade.batch import run_batch

    result = run_batch(source, outdir, jobs=1, html=True)
    dashboard = result.files.get("dashboard")
    return {"entry": str(Path(dashboard).relative_to(outdir)) if dashboard else None,
            "children": len(result.results), "failures": len(result.failures)}


JOBS = {"parse": parse_job, "audit": audit_job, "build": build_job, "batch": batch_job}


def worker_main(conn: Any, name: str, args: tuple[Any, ...], memory_bytes: int | None,
                cpu_seconds: int | None = None) -> None:
    """Entry point of a worker process: run one job, send ("ok", result) or ("error", status, message, detail)."""
    try:
        worker_init(memory_bytes, cpu_seconds)
        out: tuple[Any, ...] = ("ok", JOBS[name](*args))
    except BaseException as exc:  # noqa: BLE001 — everything goes back to the server as a message
        out = ("error", *describe(exc))
    try:
        conn.send(out)
    except Exception as exc:  # noqa: BLE001 — e.g. a result too big to pickle under the memory cap
        conn.send(("error", *describe(exc)))
    finally:
        conn.close()
