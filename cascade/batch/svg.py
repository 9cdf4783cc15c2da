"""An inline SVG picture of the hierarchy: one row per plan, indented by depth, elbow lines parent → child."""

from __future__ import annotations

from html import escape

from cascade.hierarchy.graph import Hierarchy
from cascade.hierarchy.views import CITED_ONLY_VI, tree_rows
from cascade.report.labels import label
from cascade.vocab import count_vi

ROW = 26
INDENT = 28
# Children drawn under one plan: a province has some 120 (Sở and xã); a national folder audited as one batch has
# thousands, which the table of agencies lists.
MAX_CHILDREN = 200
_COLORS = {"chinh_phu": "#6b4f9e", "tinh": "#1f5f99", "so": "#2f7d4f", "huyen": "#a0611c", "phong": "#6f6f6f",
           "xa": "#a33a3a"}


def hierarchy_svg(h: Hierarchy, verdicts: dict[str, str] | None = None,
                  max_children: int | None = MAX_CHILDREN) -> str:
    """SVG markup (escaped text, no external resources). `verdicts`: node → verdict key, shown as a dot colour.

    The Government acts the province plans cite sit on top, drawn dashed and in italics: cited only, not audited.
    A plan with more than `max_children` children shows the first ones, then one line counting the others by
    verdict (the dashboard's table of agencies lists every one).
    """
    verdicts = verdicts or {}
    g, rows = tree_rows(h, max_children)
    pos: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    width = 0
    for k, row in enumerate(rows):
        node, depth, parent = row.node, row.depth, row.parent
        x, y = 10 + depth * INDENT, 18 + k * ROW
        if parent is not None and parent in pos:
            px, py = pos[parent]
            parts.append(f'<path d="M{px + 5},{py + 5} V{y} H{x}" fill="none" stroke="#9aa5b1"/>')
        if row.more:
            text = _more_text(row.more, verdicts)
            parts.append(f'<text x="{x}" y="{y + 4}" fill="#444" font-style="italic">{escape(text)}</text>')
            width = max(width, x + 7 * len(text))
            continue
        pos.setdefault(node, (x, y))
        attrs = g.nodes[node]
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


def _more_text(left_out: tuple[str, ...], verdicts: dict[str, str]) -> str:
    """"… và 19.800 kế hoạch khác (Cần sửa: 120, Lỗi khi kiểm tra: 3) — xem bảng các cơ quan"."""
    counts: dict[str, int] = {}
    for n in left_out:
        v = verdicts.get(n)
        if v:
            counts[v] = counts.get(v, 0) + 1
    order = ("loi", "can_sua", "kiem_tra_lai", "khong_lien_quan", "dat")
    by = ", ".join(f"{label('verdicts', v, v)}: {count_vi(counts[v])}"
                   for v in sorted(counts, key=lambda v: order.index(v) if v in order else len(order)))
    return f"… và {count_vi(len(left_out))} kế hoạch khác" + (f" ({by})" if by else "") + " — xem bảng các cơ quan"
