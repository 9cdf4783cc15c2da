"""Following one parent item down every level of a hierarchy: which child items carry it, and how its target
and deadline changed from level to level."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cascade.hierarchy.graph import Hierarchy
from cascade.model import Item, Plan

_KIND_ORDER = ("task", "indicator", "directive")


@dataclass
class TraceStep:
    """One plan's view of the item: the item it holds (None when it does not carry it) and the steps below."""

    node: str
    agency: str | None
    level: str | None
    item_id: str | None = None
    label: str | None = None
    text: str | None = None
    deadline: str | None = None
    target: str | None = None
    status: str = "carried"  # carried | missing | not_applicable | root
    findings: list[str] = field(default_factory=list)  # finding types on the link
    children: list[TraceStep] = field(default_factory=list)
    kind: str | None = None  # task | indicator | directive

    def to_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "children"}
        d["children"] = [c.to_dict() for c in self.children]
        return d


def find_items(plan: Plan, ref: str) -> list[Item]:
    """The items `ref` names: one by id ("task:23"), else every item printed with that number ("1.1" may be both a
    task and an indicator), tasks first, then indicators, then directives. Empty when there is none."""
    try:
        return [plan.item(ref)]
    except KeyError:
        pass
    return [it for kind in _KIND_ORDER for it in plan.items if it.kind == kind and it.label == ref]


def find_item(plan: Plan, ref: str) -> Item:
    """An item by id ("task:23") or by printed label ("23": a task first, then an indicator, then a directive)."""
    found = find_items(plan, ref)
    if not found:
        raise KeyError(ref)
    return found[0]


def _target(item: Item, level: str | None) -> str | None:
    from cascade.model import LEVEL_NAMES_VI

    own = next((lt.target.raw for lt in item.level_targets if lt.level == level), None)
    if own is None and item.level_targets:  # a province row giving one value per level: show them all
        own = " / ".join(f"{lt.target.raw} ({LEVEL_NAMES_VI.get(lt.level, lt.level)})" for lt in item.level_targets)
    return own or (item.target.raw if item.target else None)


def _step(node: str, plan: Plan, item: Item, level: str | None, status: str, findings: list[str]) -> TraceStep:
    return TraceStep(node, plan.agency, level, item.id, item.label, item.text,
                     item.deadline.raw if item.deadline else None, _target(item, level), status, findings,
                     kind=item.kind)


def trace(h: Hierarchy, node: str, item_ref: str, plans: dict[str, Plan] | None = None) -> TraceStep:
    """The item of the plan at `node` and, recursively, its carriers in every descendant plan."""
    from cascade.audit import audit_plans
    from cascade.parse import parse_file

    plans = plans if plans is not None else {}

    def plan_of(n: str) -> Plan:
        if n not in plans:
            plans[n] = parse_file(h.metas[n].path)
        return plans[n]

    root_plan = plan_of(node)
    item = root_plan.item(item_ref) if item_ref in {it.id for it in root_plan.items} else find_item(root_plan,
                                                                                                   item_ref)
    root = _step(node, root_plan, item, h.metas[node].level, "root", [])

    def down(step: TraceStep, n: str, seen: frozenset[str]) -> None:
        parent = plan_of(n)
        for c in h.children_of(n):
            if c in seen:  # a cycle: stop rather than loop
                continue
            cm = h.metas[c]
            child = plan_of(c)
            result = audit_plans(parent, child, cm.agency, cm.level)
            carried = [lk.child for lk in result.links if lk.parent == step.item_id]
            if not carried:
                appl = result.applicability.get(step.item_id or "")
                status = "not_applicable" if appl and appl.status == "not_applicable" else "missing"
                step.children.append(TraceStep(c, child.agency or cm.agency, cm.level, status=status))
                continue
            for cid in carried:
                types = sorted({f.type for f in result.findings if f.parent == step.item_id and f.child == cid})
                sub = _step(c, child, child.item(cid), cm.level, "carried", types)
                step.children.append(sub)
                down(sub, c, seen | {c})

    down(root, node, frozenset({node}))
    return root


def format_trace(step: TraceStep, depth: int = 0, parent: TraceStep | None = None) -> list[str]:
    """Indented Vietnamese lines: each carrier with its deadline and target, and what changed from the level above."""
    pad = "    " * depth
    who = step.agency or step.node
    if step.status in ("missing", "not_applicable"):
        why = "không thể hiện" if step.status == "missing" else "không áp dụng"
        return [f"{pad}└── {who}: {why}"]
    from cascade.report.labels import label, shorten

    kind = label("kinds", step.kind, "") if depth == 0 and step.kind else ""
    head = " ".join(w for w in (kind, step.label or "") if w)
    head = f"{head}{' –' if kind else ''} " if head else ""
    text = shorten(step.text or "", 100)
    lines = [f"{pad}{'└── ' if depth else ''}{who}: {head}{text}"]
    facts = []
    for name, now, before in (("Thời hạn", step.deadline, parent.deadline if parent else None),
                              ("Chỉ tiêu", step.target, parent.target if parent else None)):
        if parent is not None and (now or before) and now != before:
            facts.append(f"{name}: “{before or '—'}” → “{now or '—'}”")
        elif now:
            facts.append(f"{name}: {now}")
    if facts:
        lines.append(f"{pad}    " + " · ".join(facts))
    for child in step.children:
        lines += format_trace(child, depth + 1, step)
    return lines
