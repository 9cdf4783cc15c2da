"""The skeleton as plain text (UTF-8): table rows as "cell | cell |", the layout cascade reads back."""

from __future__ import annotations

import unicodedata

from cascade.draft.layout import Block


def _cell(text: str) -> str:
    # One table row is one line: a cell's own line breaks become "; " and a "|" would split the cell.
    return "; ".join(line.strip() for line in text.splitlines() if line.strip()).replace("|", "/")


def render_text(blocks: list[Block]) -> str:
    """The document as text, NFC."""
    lines: list[str] = []
    for b in blocks:
        if b.kind == "header":
            lines += [" | ".join(_cell(c) for c in row) + " |" for row in b.rows]
        elif b.kind in ("part", "head", "bullet"):
            lines.append(f"{b.label} {b.text}")
        elif b.kind == "dash":
            lines.append(f"{b.label or '-'} {b.text}")
        elif b.kind == "table":
            lines += [" | ".join(_cell(c) for c in row) + " |" for row in b.rows]
        elif b.kind == "signature":
            lines.append("Nơi nhận:")
            lines += b.lines
            lines += b.rows[0]
        else:
            lines.append(b.text)
    return unicodedata.normalize("NFC", "\n".join(lines) + "\n")
