"""The audit: align a child plan with its parent and list what it left out, weakened, narrowed or moved.

`audit_plans(parent, child)` → `AuditResult`; `AuditResult.to_json()` is the `cascade-audit/1` object
(contract: ../shared/eval/README.md), byte-identical for the same inputs. The steps are chained in
`cascade.audit.pipeline`; this file only re-exports the entry points.
"""

from __future__ import annotations

from cascade.agencies import detect_child
from cascade.audit.pipeline import SCHEMA, AuditResult, audit_files, audit_plans

__all__ = ["SCHEMA", "AuditResult", "audit_files", "audit_plans", "detect_child"]
