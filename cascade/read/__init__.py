"""Reading a plan file (.docx, .pdf, .txt in any supported encoding; .doc and .odt through LibreOffice) into a
`Document`.

`read_document` (in `cascade.read.reader`) is the one entry point; this file only re-exports it and the bounds.
"""

from __future__ import annotations

from cascade.read.reader import MAX_BYTES, MAX_UNITS, read_document

__all__ = ["MAX_BYTES", "MAX_UNITS", "read_document"]
