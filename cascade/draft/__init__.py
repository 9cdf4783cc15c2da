"""`cascade draft`: an agency's plan skeleton written from its parent plan.

`build_draft(parent, agency, level)` → `Draft` (plain data); `layout(draft)` → blocks; `render_text`,
`write_docx` and `Draft.to_dict()` give the text, Word and JSON forms.
"""

from __future__ import annotations

from cascade.draft.layout import layout
from cascade.draft.skeleton import Draft, DraftArea, DraftItem, build_draft
from cascade.draft.text import render_text

__all__ = ["Draft", "DraftArea", "DraftItem", "build_draft", "layout", "render_text"]
