"""The skeleton's downloadable forms: Word (docx), text (txt) and JSON (json) bytes."""

from __future__ import annotations

import io
import json

from cascade.draft.layout import layout
from cascade.draft.skeleton import Draft
from cascade.draft.text import render_text

FORMATS = ("docx", "txt", "json")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "txt": "text/plain; charset=utf-8",
    "json": "application/json",
}


def render(draft: Draft, fmt: str) -> bytes:
    """The skeleton in one of FORMATS, as bytes (UTF-8 for text and JSON)."""
    if fmt == "docx":
        from cascade.draft.docx import build_docx

        buf = io.BytesIO()
        build_docx(draft).save(buf)
        return buf.getvalue()
    if fmt == "txt":
        return render_text(layout(draft)).encode("utf-8")
    if fmt == "json":
        return (json.dumps(draft.to_dict(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
