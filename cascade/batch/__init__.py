"""Batch audit of a province: every child plan against its parent, in parallel, with a dashboard.

    result = run_batch("data/binh-dinh/2024", "out/")   # folder or manifest
    result.results      # one dict per child: agency, verdict, score, errors, warnings, report, cells
    result.files        # index.html (dashboard), summary.xlsx, batch.json
"""

from cascade.batch.matrix import STATUSES, coverage_matrix, item_cells
from cascade.batch.runner import BatchResult, batch_dict, run_batch, write_outputs

__all__ = ["STATUSES", "BatchResult", "batch_dict", "coverage_matrix", "item_cells", "run_batch", "write_outputs"]
