"""The plan hierarchy: a networkx DiGraph with an edge from each parent plan to each child plan.

Parents come from the manifest when it names them, else from the child's citations ("Căn cứ Quyết định số
4935/QĐ-UBND …", "Thực hiện Kế hoạch số 271/KH-UBND …") restricted to plans of the level the level schema puts
above the child, else (no parent-like citation at all) from the one plan of that level for the same place and
year. Everything that does not fit is a `Problem`, never an exception.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.hierarchy.manifest import Manifest
from cascade.hierarchy.meta import CitedDoc, PlanMeta, norm_number
from cascade.hierarchy.problems import Problem
from cascade.hierarchy.schemas import schema_for
from cascade.model import LEVEL_NAMES_VI, LEVELS

if TYPE_CHECKING:
    import networkx as nx

TOP_LEVELS = ("chinh_phu", "tinh")  # a plan at these levels may be a root: its parent is a national act
_PLAN_TYPES = ("kế hoạch", "quyết định", "chương trình")
_RELATION_RANK = {"thuc_hien": 0, "can_cu": 1, "mention": 2}


@dataclass
class Hierarchy:
    """The graph (node id → attributes incl. `path`), the metadata per node and the problems found."""

    graph: nx.DiGraph
    metas: dict[str, PlanMeta]
    problems: list[Problem] = field(default_factory=list)

    def parent_of(self, node: str) -> str | None:
        preds = list(self.graph.predecessors(node))
        return preds[0] if preds else None

    def children_of(self, node: str) -> list[str]:
        return sorted(self.graph.successors(node), key=lambda n: self.graph.nodes[n].get("label", n))

    def roots(self) -> list[str]:
        return sorted((n for n in self.graph if self.graph.in_degree(n) == 0),
                      key=lambda n: (LEVELS.index(self.graph.nodes[n].get("level") or "xa"), n))

    def pairs(self) -> list[tuple[str, str]]:
        """(parent path, child path) for every edge, in a stable order."""
        return sorted((self.metas[p].path, self.metas[c].path) for p, c in self.graph.edges)

    def node_for_path(self, path: str | Path) -> str | None:
        target = os.path.realpath(path)
        for n, m in self.metas.items():
            if os.path.realpath(m.path) == target:
                return n
        return None


def _node_ids(metas: list[PlanMeta]) -> list[str]:
    """Short unique ids: paths relative to the folder all plans share."""
    paths = [os.path.realpath(m.path) for m in metas]
    if not paths:
        return []
    root = os.path.commonpath([os.path.dirname(p) for p in paths])
    return [os.path.relpath(p, root) for p in paths]


def _label(m: PlanMeta) -> str:
    who = m.agency or Path(m.path).stem
    num = f" — {m.number}" if m.number else " — dự thảo"
    return f"{who} ({m.year}){num}" if m.year else f"{who}{num}"


def _plan_like(c: CitedDoc) -> bool:
    text = f"{c.doc_type or ''} {c.text}".lower()
    return c.relation in ("can_cu", "thuc_hien") and any(t in text for t in _PLAN_TYPES)


def _issuer_level(c: CitedDoc) -> str | None:
    from cascade.agencies import agency_level

    return agency_level(c.issuer) if c.issuer else None


def _absent_parent_citations(m: PlanMeta, levels: tuple[str, ...], known: set[str]) -> list[CitedDoc]:
    """Citations that look like the child's parent plan but match no plan of the batch."""
    cands = [c for c in m.citations if c.number not in known and _plan_like(c)
             and (_issuer_level(c) in levels or _issuer_level(c) is None)]
    reform = [c for c in cands if "cải cách hành chính" in c.text.lower()]
    return reform or cands


def _from_citations(node: str, m: PlanMeta, by_number: dict[str, list[str]], metas: dict[str, PlanMeta],
                    levels: tuple[str, ...]) -> str | None:
    best: tuple[tuple, str] | None = None
    for c in m.citations:
        for q in by_number.get(c.number, []):
            qm = metas[q]
            if q == node or qm.level not in levels:
                continue
            rank = (levels.index(qm.level), qm.year != m.year, _RELATION_RANK.get(c.relation, 3), q)
            if best is None or rank < best[0]:
                best = (rank, q)
    return best[1] if best else None


def _by_level(m: PlanMeta, metas: dict[str, PlanMeta], levels: tuple[str, ...], node: str) -> str | None:
    """The one plan of a parent level for the same place and year (None when there is none or several)."""
    for level in levels:
        found = [q for q, qm in metas.items() if q != node and qm.level == level and qm.year == m.year
                 and (not m.place or not qm.place or qm.place == m.place)]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def build_hierarchy(metas: list[PlanMeta], manifest: Manifest | None = None) -> Hierarchy:
    """Link every plan to its parent and report orphans, absent parents, cycles, duplicates and missing agencies."""
    import networkx as nx

    problems: list[Problem] = []
    readable: list[PlanMeta] = []
    for m in metas:
        if m.error:
            problems.append(Problem("unreadable", m.error, [], {"path": m.path}))
        else:
            readable.append(m)
    overrides = {os.path.realpath(e.file): e for e in (manifest.entries if manifest else [])}
    for m in readable:
        e = overrides.get(os.path.realpath(m.path))
        if e is not None:
            m.agency = e.agency or m.agency
            m.level = e.level or m.level
    ids = _node_ids(readable)
    by_id = dict(zip(ids, readable, strict=True))
    by_number: dict[str, list[str]] = defaultdict(list)
    for n, m in by_id.items():
        if m.number and "/" in m.number and m.number.split("/")[0]:
            by_number[m.number].append(n)
    g = nx.DiGraph()
    for n, m in by_id.items():
        g.add_node(n, path=m.path, number=m.number or "", agency=m.agency or "", level=m.level or "",
                   year=m.year or 0, place=m.place or "", title=m.title or "", label=_label(m),
                   synthetic=m.synthetic, schema=schema_for(m.year, m.date).key)
    for n, m in by_id.items():
        parent, via = _resolve(n, m, by_id, by_number, overrides, problems)
        if parent is not None:
            g.add_edge(parent, n, via=via)
    problems += _structure_problems(g, by_id, manifest)
    return Hierarchy(g, by_id, problems)


def _resolve(n: str, m: PlanMeta, by_id: dict[str, PlanMeta], by_number: dict[str, list[str]],
             overrides: dict, problems: list[Problem]) -> tuple[str | None, str]:
    entry = overrides.get(os.path.realpath(m.path))
    if entry is not None and entry.parent:
        target = next((q for q, qm in by_id.items() if os.path.realpath(qm.path) == os.path.realpath(entry.parent)),
                      None) or next(iter(by_number.get(norm_number(entry.parent) or "", [])), None)
        if target is None:
            problems.append(Problem("manifest_parent",
                                    f"“{n}”: danh sách ghi kế hoạch cấp trên “{entry.parent}” nhưng không có "
                                    "tệp này trong bộ hồ sơ.", [n], {"parent": entry.parent}))
            return None, ""
        return target, "manifest"
    levels = schema_for(m.year, m.date).parent_levels(m.level)
    parent = _from_citations(n, m, by_number, by_id, levels)
    if parent is not None:
        return parent, "citation"
    absent = _absent_parent_citations(m, levels, set(by_number))
    if m.level in TOP_LEVELS or not m.level:
        if not m.level:
            problems.append(Problem("orphan", f"“{n}”: không xác định được cấp của kế hoạch nên không tìm được "
                                    "kế hoạch cấp trên.", [n]))
        return None, ""
    if absent:
        nums = ", ".join(f"{c.doc_type or 'văn bản'} số {c.number}" for c in absent)
        problems.append(Problem("parent_not_in_batch",
                                f"“{n}” ({m.agency or '?'}) căn cứ {nums} nhưng bộ hồ sơ không có văn bản này: "
                                "chưa đối chiếu được với kế hoạch cấp trên.", [n],
                                {"cited": [c.number for c in absent]}))
        return None, ""
    parent = _by_level(m, by_id, levels, n)
    if parent is not None:
        return parent, "level"
    want = " hoặc ".join(LEVEL_NAMES_VI.get(lv, lv) for lv in levels) or "cấp trên"
    problems.append(Problem("orphan", f"“{n}” ({m.agency or '?'}) không viện dẫn kế hoạch {want} nào trong bộ "
                            "hồ sơ.", [n]))
    return None, ""


def _structure_problems(g: nx.DiGraph, by_id: dict[str, PlanMeta], manifest: Manifest | None) -> list[Problem]:
    import networkx as nx

    from cascade.agencies import same_agency

    out: list[Problem] = []
    for cycle in nx.simple_cycles(g):
        names = " → ".join([*cycle, cycle[0]])
        out.append(Problem("cycle", f"Các kế hoạch viện dẫn nhau thành vòng: {names}.", sorted(cycle)))
    groups: dict[tuple, list[str]] = defaultdict(list)
    for n, m in by_id.items():
        if m.agency and m.year:
            key = next((k for k in groups if k[1] == m.year and k[2] == (m.place or "")
                        and same_agency(k[0], m.agency)), (m.agency, m.year, m.place or ""))
            groups[key].append(n)
    for (agency, year, _), nodes in groups.items():
        if len(nodes) > 1:
            files = ", ".join(f"“{n}”" for n in sorted(nodes))
            out.append(Problem("duplicate", f"{agency} có {len(nodes)} kế hoạch năm {year}: {files}.", sorted(nodes),
                               {"agency": agency, "year": year}))
    for agency, level in (manifest.expected if manifest else []):
        if not any(m.agency and same_agency(m.agency, agency) for m in by_id.values()):
            out.append(Problem("expected_missing", f"{agency}: chưa có kế hoạch trong bộ hồ sơ.", [],
                               {"agency": agency, "level": level}))
    return out
