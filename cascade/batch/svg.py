"""An inline SVG picture of the hierarchy: one row per plan, indented by depth, elbow lines parent → child."""

from __future__ import annotations

from html import escape

from cascade.hierarchy.graph import Hierarchy

ROW = 26
INDENT = 28
_COLORS = {"chinh_phu": "#6b4f9e", "tinh": "#1f5f99", "so": "#2f7d4f", "huyen": "#a0611c", "phong": "#6f6f6f",
           "xa": "#a33a3a"}


def hierarchy_svg(h: Hierarchy, verdicts: dict[str, str] | None = None) -> str:
    """SVG markup (escaped text, no external resources). `verdicts`: node → verdict key, shown as a dot colour."""
    verdicts = verdicts or {}
    order: list[tuple[str, int, str | None]] = []
    seen: set[str] = set()

    def walk(node: str, depth: int, parent: str | None) -> None:
        order.append((node, depth, parent))
        if node in seen:
            return
        seen.add(node)
        for child in h.children_of(node):
            walk(child, depth + 1, node)

    for root in h.roots():
        walk(root, 0, None)
    for node in sorted(set(h.graph) - seen):
        walk(node, 0, None)
    pos: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    width = 0
    for k, (node, depth, parent) in enumerate(order):
        x, y = 10 + depth * INDENT, 18 + k * ROW
        pos.setdefault(node, (x, y))
        attrs = h.graph.nodes[node]
        if parent is not None and parent in pos:
            px, py = pos[parent]
            parts.append(f'<path d="M{px + 5},{py + 5} V{y} H{x}" fill="none" stroke="#9aa5b1"/>')
        color = _COLORS.get(attrs.get("level") or "", "#444")
        dot = {"dat": "#2e7d32", "can_sua": "#c77700", "khong_lien_quan": "#777", "loi": "#b00020"}.get(
            verdicts.get(node, ""), "#ffffff")
        label = attrs.get("label", node) + (" · mô phỏng" if attrs.get("synthetic") else "")
        parts.append(f'<circle cx="{x + 5}" cy="{y}" r="5" fill="{dot}" stroke="{color}" stroke-width="2"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 4}" fill="{color}"><title>{escape(node)}</title>{escape(label)}</text>')
        width = max(width, x + 16 + 7 * len(label))
    height = 18 + len(order) * ROW
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20}" height="{height}" '
            f'viewBox="0 0 {width + 20} {height}" role="img" aria-label="Cây kế hoạch" font-size="13" '
            f'font-family="sans-serif">' + "".join(parts) + "</svg>")
