"""The plan hierarchy: a networkx DiGraph with an edge from each parent plan to each child plan.

Parents come from the manifest when it names them, else from the child's citations ("Căn cứ Quyết định số
4935/QĐ-UBND …", "Thực hiện Kế hoạch số 271/KH-UBND …") restricted to plans of the level the level schema puts
above the child, else (no parent-like citation at all) from the one plan of that level for the same place and
year. A draft cited with its number left blank ("Kế hoạch số .../KH-UBND ngày ... tháng 12 năm 2023 của UBND tỉnh
Hải Dương về cải cách hành chính nhà nước năm 2024") is matched to the unnumbered plan of that issuer, type and year;
a child that cites only a document its would-be parent cites too (the multi-year plan 4347/KH-UBND) is linked to
that parent when it is the one plan of the right issuer and year. Everything that does not fit is a `Problem`,
never an exception.

The Government's acts the top plans cite (76/NQ-CP, 23/CT-TTg, …/QĐ-TTg) are not files of the set: they are kept
apart (`Hierarchy.cited`) and joined only in `display_graph()`, so what is audited stays plan → plan.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cascade.hierarchy.manifest import Manifest
from cascade.hierarchy.meta import CitedDoc, PlanMeta, norm_number
from cascade.hierarchy.problems import Problem, level_conflict
from cascade.hierarchy.schemas import schema_for
from cascade.model import LEVEL_NAMES_VI, LEVELS
from cascade.vocab import unknown

if TYPE_CHECKING:
    import networkx as nx

TOP_LEVELS = ("chinh_phu", "tinh")  # a plan at these levels may be a root: its parent is a national act
_PLAN_TYPES = ("kế hoạch", "quyết định", "chương trình")
_RELATION_RANK = {"thuc_hien": 0, "can_cu": 1, "mention": 2}
CITED_PREFIX = "chinh-phu:"  # node ids of cited-only Government acts ("chinh-phu:76/NQ-CP"), never a file path
_NATIONAL_TYPE_RANK = {"nghị quyết": 0, "chỉ thị": 1, "quyết định": 2}
_PLACE_IN_NAME = re.compile(r"\b(?:tỉnh|thành phố|huyện|thị xã|quận|xã|phường|thị trấn)\s+([A-ZĐ][\wÀ-ỹ]*(?:\s+[A-ZĐ][\wÀ-ỹ]*)*)")
_REFORM = ("cai cach hanh chinh", "cchc")


@dataclass
class Hierarchy:
    """The graph (node id → attributes incl. `path`), the metadata per node and the problems found."""

    graph: nx.DiGraph
    metas: dict[str, PlanMeta]
    problems: list[Problem] = field(default_factory=list)
    # Government acts cited by the top plans but not in the set: node id → attributes, and their edges
    # (act → plan). Kept out of `graph`, whose every edge is a pair to audit.
    cited: dict[str, dict] = field(default_factory=dict)
    cited_edges: list[tuple[str, str]] = field(default_factory=list)

    def display_graph(self) -> nx.DiGraph:
        """The plan graph with the cited-only Government acts on top (attribute `cited_only`), for showing."""
        g = self.graph.copy()
        for n, attrs in self.cited.items():
            g.add_node(n, **attrs)
        for a, b in self.cited_edges:
            g.add_edge(a, b, via="citation")
        return g

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
    cands = [c for c in m.citations if c.number not in known and _plan_like(c) and not c.national
             and (_issuer_level(c) in levels or _issuer_level(c) is None)]
    reform = [c for c in cands if "cải cách hành chính" in c.text.lower()]
    return reform or cands


def _place_of(name: str | None) -> str | None:
    """The place an agency name carries, folded ("UBND tỉnh Hải Dương" → "hai duong"), else None."""
    from cascade.text import fold

    mm = _PLACE_IN_NAME.search(name or "")
    return fold(mm.group(1)).strip() if mm else None


def _issued_by(c: CitedDoc, child: PlanMeta, q: PlanMeta) -> bool:
    """Whether the plan `q` can be the document `c` of `child` by its issuer.

    A bare "Ủy ban nhân dân tỉnh" is the child's own province: the body printed over a Sở ("UBND TỈNH HẢI DƯƠNG")
    or the child's place says which. Places must agree, since `same_agency` forgives a trailing place.
    """
    from cascade.agencies import same_agency
    from cascade.text import fold

    issuer = c.issuer or child.parent_body
    if issuer and q.agency and not same_agency(issuer, q.agency):
        return False
    want = _place_of(issuer) or _place_of(child.parent_body) or (fold(child.place).strip() if child.place else None)
    have = _place_of(q.agency) or (fold(q.place).strip() if q.place else None)
    return not (want and have and want != have)


def _type_fits(c: CitedDoc, q: PlanMeta) -> bool:
    """A cited "Kế hoạch" is a plan or a decision issuing one; a cited "Quyết định" is a decision."""
    from cascade.text import fold

    return not (c.doc_type and q.doc_type) or fold(c.doc_type) in fold(q.doc_type)


def _subject_fits(c: CitedDoc, q: PlanMeta) -> bool:
    """A citation "về cải cách hành chính …" names a reform plan: the candidate's title must be one too."""
    from cascade.text import fold

    if not any(w in fold(c.text) for w in _REFORM) or not q.title:
        return True
    return any(w in fold(q.title) for w in _REFORM)


def _drafts_for(c: CitedDoc, node: str, m: PlanMeta, metas: dict[str, PlanMeta],
                levels: tuple[str, ...]) -> list[str]:
    """The unnumbered plans a blank-numbered citation can name: parent level, issuer, type, year and subject."""
    year = c.subject_year() or m.year
    return [q for q, qm in metas.items()
            if q != node and not qm.number and qm.level in levels and (year is None or qm.year == year)
            and _type_fits(c, qm) and _issued_by(c, m, qm) and _subject_fits(c, qm)]


def _from_citations(node: str, m: PlanMeta, by_number: dict[str, list[str]], metas: dict[str, PlanMeta],
                    levels: tuple[str, ...]) -> tuple[str | None, str]:
    """The cited plan of a parent level (its number, or for a blank number the matching draft) and how."""
    best: tuple[tuple, str, str] | None = None
    for c in m.citations:
        if c.blank:
            found, via = _drafts_for(c, node, m, metas, levels), "draft"
        else:
            found, via = by_number.get(c.number, []), "citation"
        for q in found:
            qm = metas[q]
            if q == node or qm.level not in levels:
                continue
            rank = (levels.index(qm.level), qm.year != m.year, _RELATION_RANK.get(c.relation, 3), q)
            if best is None or rank < best[0]:
                best = (rank, q, via)
    return (best[1], best[2]) if best else (None, "")


def _from_shared_basis(node: str, m: PlanMeta, metas: dict[str, PlanMeta], levels: tuple[str, ...]) -> str | None:
    """The one plan of a parent level and the child's year that cites what the child cites by number.

    A Sở often cites only the province's multi-year plan (4347/KH-UBND, 2021–2025) while the year's plan is a draft
    without a number; that draft cites the same multi-year plan, and is the parent.
    """
    found: set[str] = set()
    for c in m.citations:
        if c.blank or c.national or not _plan_like(c):
            continue
        for q, qm in metas.items():
            if (q != node and qm.level in levels and qm.year == m.year and _issued_by(c, m, qm)
                    and any(d.number == c.number for d in qm.citations)):
                found.add(q)
    if len(found) > 1:  # several plans cite it: a draft of the year is the one not yet numbered
        found = {q for q in found if not metas[q].number}
    return next(iter(found)) if len(found) == 1 else None


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
            warning = level_conflict(m.level, e.level, m.agency, "cấp ghi trong danh sách")
            if warning:
                name = Path(m.path).name
                problems.append(Problem("level_mismatch", f"“{name}”: {warning[:1].lower()}{warning[1:]}", [name],
                                        {"document_level": m.level, "manifest_level": e.level}))
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
                   synthetic=m.synthetic, schema=schema_for(m.year, m.date).key, cited_only=False)
    for n, m in by_id.items():
        parent, via = _resolve(n, m, by_id, by_number, overrides, problems)
        if parent is not None:
            g.add_edge(parent, n, via=via)
    problems += _structure_problems(g, by_id, manifest)
    cited, cited_edges = _cited_national(g, by_id, by_number)
    return Hierarchy(g, by_id, problems, cited, cited_edges)


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
    parent, via = _from_citations(n, m, by_number, by_id, levels)
    if parent is not None:
        return parent, via
    parent = _from_shared_basis(n, m, by_id, levels)
    if parent is not None:
        return parent, "shared_basis"
    absent = _absent_parent_citations(m, levels, set(by_number))
    if m.level in TOP_LEVELS or not m.level:
        if not m.level:
            problems.append(Problem("orphan", f"“{n}”: không xác định được cấp của kế hoạch nên không tìm được "
                                    "kế hoạch cấp trên.", [n]))
        return None, ""
    if absent:
        nums = ", ".join(_cited_name(c) for c in absent)
        problems.append(Problem("parent_not_in_batch",
                                f"“{n}” ({m.agency or unknown('agency')}) căn cứ {nums} nhưng bộ hồ sơ không có văn bản này: "
                                "chưa đối chiếu được với kế hoạch cấp trên.", [n],
                                {"cited": [c.number or c.text for c in absent]}))
        return None, ""
    parent = _by_level(m, by_id, levels, n)
    if parent is not None:
        return parent, "level"
    want = " hoặc ".join(LEVEL_NAMES_VI.get(lv, lv) for lv in levels) or "cấp trên"
    problems.append(Problem("orphan", f"“{n}” ({m.agency or unknown('agency')}) không viện dẫn kế hoạch {want} nào trong bộ "
                            "hồ sơ.", [n]))
    return None, ""


def _cited_name(c: CitedDoc) -> str:
    """ "Kế hoạch số 4347/KH-UBND", or for a blank number the draft's issuer and year."""
    if c.number:
        return f"{c.doc_type or 'văn bản'} số {c.number}"
    year = c.subject_year()
    return (f"dự thảo {c.doc_type or 'văn bản'} chưa có số" + (f" của {c.issuer}" if c.issuer else "")
            + (f" năm {year}" if year else ""))


def _national_rank(c: CitedDoc) -> tuple:
    """The Government act a top plan hangs under first: a reform programme (NQ 76) before a directive."""
    from cascade.text import fold

    return (not any(w in fold(c.text) for w in _REFORM), _NATIONAL_TYPE_RANK.get((c.doc_type or "").lower(), 3),
            _RELATION_RANK.get(c.relation, 3), c.number)


def _as_printed(c: CitedDoc) -> str:
    """The number as the citation prints it ("23/CT-TTg"; `number` is upper-cased for comparing)."""
    compact = "".join(c.text.split())
    i = compact.upper().find(c.number)
    return compact[i:i + len(c.number)] if i >= 0 else c.number


def _cited_national(g: nx.DiGraph, by_id: dict[str, PlanMeta],
                    by_number: dict[str, list[str]]) -> tuple[dict[str, dict], list[tuple[str, str]]]:
    """Cited-only nodes for the Government acts that the set's top plans (no parent in the set) cite."""
    nodes: dict[str, dict] = {}
    links: list[tuple[str, str]] = []
    for n, m in by_id.items():
        if g.in_degree(n) or "chinh_phu" not in schema_for(m.year, m.date).parent_levels(m.level):
            continue
        for c in sorted((c for c in m.citations if c.national and c.number and c.number not in by_number),
                        key=_national_rank):
            number = _as_printed(c)
            node = CITED_PREFIX + number
            if node not in nodes:
                issued = c.issued()
                issuer = c.issuer or ("Thủ tướng Chính phủ" if c.number.endswith("-TTG") else "Chính phủ")
                nodes[node] = {"path": "", "number": number, "agency": issuer, "level": "chinh_phu",
                               "year": issued[0] if issued else 0, "place": "", "title": c.text,
                               "label": f"{issuer} — {c.doc_type or 'văn bản'} {number}", "synthetic": False,
                               "schema": "", "cited_only": True, "doc_type": c.doc_type or ""}
            links.append((node, n))
    return nodes, links


def _structure_problems(g: nx.DiGraph, by_id: dict[str, PlanMeta], manifest: Manifest | None) -> list[Problem]:
    import networkx as nx

    from cascade.agencies import same_agency

    out: list[Problem] = []
    for cycle in nx.simple_cycles(g):
        names = " → ".join([*cycle, cycle[0]])
        out.append(Problem("cycle", f"Các kế hoạch viện dẫn nhau thành vòng: {names}.", sorted(cycle)))
    groups: dict[tuple, list[str]] = defaultdict(list)
    # Agencies compared only within one (year, place): a national batch has thousands of plans, and comparing each
    # with every earlier group grew with the square of their number.
    keys_by_place: dict[tuple, list[tuple]] = defaultdict(list)
    for n, m in by_id.items():
        if m.agency and m.year:
            place = (m.year, m.place or "")
            key = next((k for k in keys_by_place[place] if same_agency(k[0], m.agency)), None)
            if key is None:
                key = (m.agency, m.year, m.place or "")
                keys_by_place[place].append(key)
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
