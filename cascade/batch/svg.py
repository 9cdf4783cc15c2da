"""An inline SVG picture of the hierarchy: one row per plan, indented by depth, elbow lines parent → child."""

from __future__ import annotations

from html import escape

from cascade.hierarchy.graph import Hierarchy
from cascade.hierarchy.views import CITED_ONLY_VI, tree_rows

ROW = 26
INDENT = 28
_COLORS = {"chinh_phu": "#6b4f9e", "tinh": "#1f5f99", "so": "#2f7d4f", "huyen": "#a0611c", "phong": "#6f6f6f",
           "xa": "#a33a3a"}


def hierarchy_svg(h: Hierarchy, verdicts: dict[str, str] | None = None) -> str:
    """SVG markup (escaped text, no external resources). `verdicts`: node → verdict key, shown as a dot colour.

    The Government acts the province plans cite sit on top, drawn dashed and in italics: cited only, not audited.
    """
    verdicts = verdicts or {}
    g, rows = tree_rows(h)
    pos: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    width = 0
    for k, row in enumerate(rows):
        node, depth, parent = row.node, row.depth, row.parent
        x, y = 10 + depth * INDENT, 18 + k * ROW
        pos.setdefault(node, (x, y))
        attrs = g.nodes[node]
        if parent is not None and parent in pos:
            px, py = pos[parent]
            parts.append(f'<path d="M{px + 5},{py + 5} V{y} H{x}" fill="none" stroke="#9aa5b1"/>')
        color = _COLORS.get(attrs.get("level") or "", "#444")
        dot = {"dat": "#2e7d32", "can_sua": "#c77700", "khong_lien_quan": "#777", "kiem_tra_lai": "#777",
                "loi": "#b00020"}.get(
            verdicts.get(node, ""), "#ffffff")
        label = attrs.get("label", node) + (" · mô phỏng" if attrs.get("synthetic") else "")
        style = ""
        if attrs.get("cited_only"):
            label += f" · {CITED_ONLY_VI}"
            style = ' font-style="italic"'
            parts.append(f'<circle cx="{x + 5}" cy="{y}" r="5" fill="#ffffff" stroke="{color}" stroke-width="2" '
                         'stroke-dasharray="2 2"/>')
        else:
            parts.append(f'<circle cx="{x + 5}" cy="{y}" r="5" fill="{dot}" stroke="{color}" stroke-width="2"/>')
        if row.repeat:
            label += " · đã nêu ở trên"
        parts.append(f'<text x="{x + 16}" y="{y + 4}" fill="{color}"{style}><title>{escape(node)}</title>'
                     f'{escape(label)}</text>')
        width = max(width, x + 16 + 7 * len(label))
    height = 18 + len(rows) * ROW
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20}" height="{height}" '
            f'viewBox="0 0 {width + 20} {height}" role="img" aria-label="Cây kế hoạch" font-size="13" '
            f'font-family="sans-serif">' + "".join(parts) + "</svg>")
