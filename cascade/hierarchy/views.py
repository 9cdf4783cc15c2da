"""Ways to show a hierarchy: an indented Vietnamese tree, node-link JSON and GraphML."""

from __future__ import annotations

import json
from typing import Any

from cascade.hierarchy.graph import Hierarchy
from cascade.model import LEVEL_NAMES_VI

_VIA_VI = {"citation": "theo căn cứ", "manifest": "theo danh sách", "level": "theo cấp"}


def to_tree(h: Hierarchy) -> str:
    """An indented tree of the plans (cycles shown once), then the problems."""
    lines: list[str] = []
    seen: set[str] = set()

    def walk(node: str, depth: int, via: str) -> None:
        attrs = h.graph.nodes[node]
        level = LEVEL_NAMES_VI.get(attrs.get("level") or "", "?")
        how = f" [{_VIA_VI.get(via, via)}]" if via else ""
        mark = " (mô phỏng)" if attrs.get("synthetic") else ""
        lines.append(f"{'    ' * depth}{'└── ' if depth else ''}{attrs['label']} · {level}{mark}{how} · {node}")
        if node in seen:
            return
        seen.add(node)
        for child in h.children_of(node):
            walk(child, depth + 1, h.graph.edges[node, child].get("via", ""))

    for root in h.roots():
        walk(root, 0, "")
    for node in sorted(set(h.graph) - seen):  # nodes only on a cycle have no root
        walk(node, 0, "")
    if h.problems:
        lines.append("")
        lines.append(f"Vấn đề ({len(h.problems)}):")
        lines += [f"  - [{p.title}] {p.message}" for p in h.problems]
    return "\n".join(lines) + "\n"


def to_node_link(h: Hierarchy) -> dict[str, Any]:
    """networkx node-link data (edges parent → child), each node with its file `path`, plus the problems."""
    import networkx as nx

    data = nx.node_link_data(h.graph, edges="links")
    data["problems"] = [p.to_dict() for p in h.problems]
    return data


def to_json(h: Hierarchy) -> str:
    return json.dumps(to_node_link(h), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_graphml(h: Hierarchy) -> str:
    """GraphML text (attributes are strings, numbers and booleans only)."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(h.graph)) + "\n"
