"""The reader's output: a document as an ordered list of paragraphs and tables.

Every reader (.txt, .docx, .pdf) produces a `Document`; the parser only ever sees this, so the same
content in any format parses to the same plan. Text is Unicode NFC; cells keep their own line
breaks as "\n".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cascade.model import SourceRef


@dataclass
class Row:
    cells: list[str]
    source: SourceRef = field(default_factory=SourceRef)
    # True where a cell is the continuation of a vertically merged cell (its text is in a row above);
    # empty when the format cannot tell (text files: there the merged cell is simply missing).
    merged_above: list[bool] = field(default_factory=list)


@dataclass
class Block:
    """A paragraph (`kind == "para"`, `text`) or a table (`kind == "table"`, `rows`)."""

    kind: str
    text: str = ""
    rows: list[Row] = field(default_factory=list)
    source: SourceRef = field(default_factory=SourceRef)


@dataclass
class Document:
    path: str
    format: str  # "txt" | "docx" | "pdf"
    blocks: list[Block] = field(default_factory=list)
    encoding: str = "utf-8"  # what the bytes were decoded from, e.g. "windows-1258", "tcvn3"
    warnings: list[str] = field(default_factory=list)

    def paragraphs(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "para"]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "table"]
