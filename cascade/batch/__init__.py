"""Batch audit of a province: every child plan against its parent, in parallel, with a dashboard.

    result = run_batch("data/binh-dinh/2024", "out/", cache_dir=".cascade-cache")   # folder or manifest
    result.results      # one ChildRow per child: agency, verdict, score, errors, warnings, report, cells
    result.stats        # plans parsed / reused, children audited / reused from the cache
    result.files        # index.html (dashboard), summary.xlsx, batch.json
"""

from cascade.batch.matrix import STATUSES, coverage_matrix, item_cells
from cascade.batch.runner import BatchResult, BatchStats, batch_dict, run_batch, write_outputs
from cascade.batch.worker import ChildRow, ChildTask, audit_child

__all__ = ["STATUSES", "BatchResult", "BatchStats", "ChildRow", "ChildTask", "audit_child", "batch_dict",
           "coverage_matrix", "item_cells", "run_batch", "write_outputs"]
