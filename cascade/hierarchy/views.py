"""Ways to show a hierarchy: an indented Vietnamese tree, node-link JSON and GraphML."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cascade.hierarchy.graph import Hierarchy
from cascade.model import LEVELS
from cascade.vocab import label, level_phrase

if TYPE_CHECKING:
    import networkx as nx

CITED_ONLY_VI = "chỉ được viện dẫn, không có tệp"
_ACT_RANK = {"nghị quyết": 0, "chỉ thị": 1, "quyết định": 2}  # a programme above the directive that pushes it


@dataclass(frozen=True)
class Row:
    """One line of a drawn tree: the node, its depth, the node it is drawn under, how it was linked, and whether
    it was already drawn above (a plan under two cited acts, or a cycle) and so is not expanded again.

    A row with `more` stands for the children of `node` left out of the picture (see `tree_rows(max_children)`).
    """

    node: str
    depth: int
    parent: str | None
    via: str
    repeat: bool
    more: tuple[str, ...] = ()


def tree_rows(h: Hierarchy, max_children: int | None = None) -> tuple[nx.DiGraph, list[Row]]:
    """The display graph (Government acts on top) and its rows, depth first.

    Roots: Government acts first, the most cited first (NQ 76 above a directive), then plans by level.
    `max_children`: a plan with more children shows that many, then one row (`more`) for the rest and their own
    children: a picture of 20,000 plans under one province is 500,000 pixels tall and tens of megabytes.
    """
    import networkx as nx

    g = h.display_graph()
    rows: list[Row] = []
    seen: set[str] = set()
    left_out: set[str] = set()

    def children(node: str) -> list[str]:
        return sorted(g.successors(node), key=lambda n: g.nodes[n].get("label", n))

    def walk(node: str, depth: int, parent: str | None, via: str) -> None:
        rows.append(Row(node, depth, parent, via, node in seen))
        if node in seen:
            return
        seen.add(node)
        kids = children(node)
        shown = kids if max_children is None else kids[:max_children]
        for child in shown:
            walk(child, depth + 1, node, g.edges[node, child].get("via", ""))
        if len(shown) < len(kids):
            rest = tuple(kids[len(shown):])
            rows.append(Row(node, depth + 1, node, "", False, more=rest))
            for n in rest:
                left_out.add(n)
                left_out.update(nx.descendants(g, n))

    def order(n: str) -> tuple:
        kind = _ACT_RANK.get((g.nodes[n].get("doc_type") or "").lower(), 3)
        return (LEVELS.index(g.nodes[n].get("level") or "xa"), -g.out_degree(n), kind, n)

    for root in sorted((n for n in g if g.in_degree(n) == 0), key=order):
        walk(root, 0, None, "")
    for node in sorted(set(g) - seen - left_out):  # nodes only on a cycle have no root
        walk(node, 0, None, "")
    return g, rows


def to_tree(h: Hierarchy) -> str:
    """An indented tree, Chính phủ → tỉnh → sở/huyện → phòng/xã (cycles shown once), then the problems."""
    lines: list[str] = []
    g, rows = tree_rows(h)
    for r in rows:
        attrs = g.nodes[r.node]
        level = level_phrase(attrs.get("level"))
        how = f" [{label('hierarchy_links', r.via, '')}]" if r.via else ""
        mark = " (mô phỏng)" if attrs.get("synthetic") else ""
        if attrs.get("cited_only"):
            mark += f" ({CITED_ONLY_VI})"
        again = " (đã nêu ở trên)" if r.repeat else ""
        where = "" if attrs.get("cited_only") else f" · {r.node}"
        lines.append(f"{'    ' * r.depth}{'└── ' if r.depth else ''}{attrs['label']} · {level}{mark}{how}{again}{where}")
    if h.problems:
        lines.append("")
        lines.append(f"Vấn đề ({len(h.problems)}):")
        lines += [f"  - [{p.title}] {p.message}" for p in h.problems]
    return "\n".join(lines) + "\n"


def to_node_link(h: Hierarchy) -> dict[str, Any]:
    """networkx node-link data (edges parent → child), each node with its file `path`, plus the problems.

    The Government acts the top plans cite are nodes too (level `chinh_phu`, `cited_only` true, `path` "").
    """
    import networkx as nx

    data = nx.node_link_data(h.display_graph(), edges="links")
    data["problems"] = [p.to_dict() for p in h.problems]
    return data


def to_json(h: Hierarchy) -> str:
    return json.dumps(to_node_link(h), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_graphml(h: Hierarchy) -> str:
    """GraphML text (attributes are strings, numbers and booleans only)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(h.display_graph())) + "\n"
