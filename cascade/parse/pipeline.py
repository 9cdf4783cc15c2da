"""The parse steps in order: metadata (header) → narrative items → the organisation section's duties → table items
→ ids → reform areas; a document with nothing to do is refused."""

from __future__ import annotations

from pathlib import Path

from cascade.errors import NotAPlanError
from cascade.model import Item, Plan
from cascade.parse.context import TableContext
from cascade.parse.ids import assign_ids
from cascade.parse.metadata import extract_metadata
from cascade.parse.narrative import narrative_items
from cascade.parse.organisation import organisation_items
from cascade.parse.tables import table_items
from cascade.read.document import Document


def parse_document(doc: Document) -> Plan:
    """Build the plan model from a read document.

    Raises NotAPlanError when the document holds no task, indicator or directive: an empty report
    would mislead the official more than a clear refusal.
    """
    plan = Plan(path=doc.path)
    plan.warnings.extend(doc.warnings)
    extract_metadata(doc, plan)
    ctx = TableContext(year=plan.year, path=doc.path)
    items = narrative_items(doc.blocks, ctx, 0)
    # Duties of the "Tổ chức thực hiện" section come with their final ids (their own section key keeps them
    # apart), so the ids of the other items stay what they were before the section was read.
    duties = organisation_items(doc.blocks, len(items))
    tables: list[Item] = []
    for block in doc.blocks:
        if block.kind == "table":
            tables.extend(table_items(block, ctx, len(items) + len(duties) + len(tables)))
    others = items + tables
    assign_ids(others)
    items = items + duties + tables
    plan.items = items
    # The organisation section is no reform area: it closes the list whatever its place in the document.
    plan.areas = list(dict.fromkeys(it.section for it in others + duties if it.section))
    if not others:  # who-does-what alone, with nothing to do, is no plan either
        name = Path(doc.path).name
        raise NotAPlanError(
            f"Tệp “{name}” không giống một kế hoạch cải cách hành chính: không tìm thấy nhiệm vụ, chỉ tiêu "
            "hay bảng nhiệm vụ nào.",
            f"{name}: no tasks, indicators or directives found",
            doc.path,
            "not_a_plan",
        )
    return plan


def parse_file(path: str | Path, *, max_uncompressed: int | None = None) -> Plan:
    """Read and parse a plan file (.docx, .pdf or text in any supported encoding).

    `max_uncompressed` lowers the bound on what a .docx or .odt may inflate to (see cascade.read.read_document).
    """
    from cascade.read import read_document

    return parse_document(read_document(path, max_uncompressed=max_uncompressed))
