"""`cascade draft`: an agency's plan skeleton written from its parent plan.

`build_draft(parent, agency, level)` → `Draft` (plain data); `layout(draft)` → blocks; `render(draft, fmt)` gives
the bytes of the Word (docx), text (txt) or JSON (json) form — what the command writes and what a web download
would send. This file only re-exports.
"""

from __future__ import annotations

from cascade.draft.layout import layout
from cascade.draft.render import FORMATS, MEDIA_TYPES, render
from cascade.draft.skeleton import Draft, DraftArea, DraftItem, build_draft, draft_rules
from cascade.draft.text import render_text

__all__ = ["FORMATS", "MEDIA_TYPES", "Draft", "DraftArea", "DraftItem", "build_draft", "draft_rules", "layout",
           "render", "render_text"]
