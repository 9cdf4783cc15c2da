"""Alignment: which child item carries which parent item (re-exported by `cascade.align`).

`align(parent, child)` scores items of the same kind (task↔task, indicator↔indicator, directive↔directive) with
one matrix per kind (`scoring.score`), assigns them globally (`assign.assign`), and decides whether the two plans
are related at all (`relatedness.assess`); unrelated plans get no links instead of forced matches.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from cascade.align.assign import Pair, assign
from cascade.align.features import ItemView, views
from cascade.align.relatedness import Relatedness, assess_relatedness
from cascade.align.scoring import Prepared, ScoreMatrices, prepare, score
from cascade.align.settings import settings
from cascade.errors import TooLargeError
from cascade.model import KINDS, Link, Plan
from cascade.rules import rules_cached
from cascade.vocab import count_vi

__all__ = ["MAX_ITEMS", "Alignment", "align", "check_size", "release_caches", "restatements"]

# Items one plan may have for alignment. Scoring compares every parent item with every child item, so memory and
# time grow with the product of the two counts: at 1,000 × 1,000 an audit peaks near 150 MB. Real plans have
# 30–150 items (the largest seed, Yên Bái 2022, 136); a plan of thousands is a wrong or generated file.
MAX_ITEMS = 1000


@dataclass
class Alignment:
    """The links between two plans and how sure we are that the plans belong together."""

    links: list[Link]
    related: bool
    relatedness: float
    relatedness_reason: str
    modes: dict[tuple[str, str], str] = field(default_factory=dict)  # (parent id, child id) → one_to_one|split|merge
    restated: dict[str, str] = field(default_factory=dict)  # parent bullet id → the parent task it restates


def _why(m: ScoreMatrices, p: ItemView, c: ItemView, i: int, j: int, mode: str) -> str:
    parts = [f"nội dung giống {round(float(m.text[i, j]) * 100)}%"]
    shared = sorted(p.numbers & c.numbers)
    if shared:
        parts.append("cùng dẫn " + ", ".join(shared))
    if m.section[i, j]:
        parts.append("cùng lĩnh vực")
    if p.product and c.product and m.product[i, j] >= 0.8:
        parts.append("sản phẩm tương tự")
    if m.label[i, j]:
        parts.append("cùng số thứ tự")
    if mode == "split":
        parts.append("một mục của cấp trên tách thành nhiều mục")
    elif mode == "merge":
        parts.append("nhiều mục của cấp trên gộp thành một mục")
    return "; ".join(parts)


def _cross_kind(side: _ParentSide, child: Plan, links: list[Link],
                modes: dict[tuple[str, str], str]) -> tuple[ScoreMatrices, list[Pair], list[bool]] | None:
    """Links between items of different kinds that no same-kind item carries: a department often turns a province
    task into a chỉ tiêu ("Kiểm tra từ 30% số cơ quan …" → "Kiểm tra 20% số phòng, đơn vị"), or a table row into
    a narrative bullet. Only leftovers on both sides take part, so a same-kind link is never displaced."""
    linked_p, linked_c = {lk.parent for lk in links}, {lk.child for lk in links}
    loose = side.loose()
    keep = [k for k, v in enumerate(loose.parents) if v.item.id not in linked_p]
    pv = views([loose.parents[k].item for k in keep])
    cv = views([it for it in child.items if it.id not in linked_c and not it.group])
    if not pv or not cv:
        return None
    prep = loose.subset(keep, pv)
    m = _with_values(score(prep, cv), prep, cv)
    kp = np.array([v.item.kind for v in pv], dtype=object)
    kc = np.array([v.item.kind for v in cv], dtype=object)
    same = kp[:, None] == kc[None, :]
    m.total = np.where(same, 0.0, m.total).astype(np.float32)
    cfg = settings()
    # A pair that is each other's only candidate needs no more than a same-kind link; a contested one must be
    # clearer, since the forms differ and only the words carry it.
    alone = _mutual_best(m.total, cfg.clear_margin) & (m.total >= cfg.link_threshold)
    m.total = np.where(alone, np.maximum(m.total, cfg.cross_kind_threshold), m.total).astype(np.float32)
    pairs = [pr for pr in assign(m, threshold=cfg.cross_kind_threshold) if pr.mode == "one_to_one"]
    for pr in pairs:
        p, c = pv[pr.i], cv[pr.j]
        links.append(Link(parent=p.item.id, child=c.item.id, score=round(pr.score, 3),
                          why=_why(m, p, c, pr.i, pr.j, pr.mode) + "; khác loại (nhiệm vụ ↔ chỉ tiêu)"))
        modes[(p.item.id, c.item.id)] = "cross_kind"
    return m, pairs, [v.item.group for v in pv]


def _with_values(m: ScoreMatrices, pv: Prepared, cv: list[ItemView]) -> ScoreMatrices:
    """Child chỉ tiêu are also scored through their value cell ("Kiểm tra 20% số phòng, đơn vị"), where a
    department restates the province task it turned into a target."""
    extra = [j for j, v in enumerate(cv) if v.item.kind == "indicator" and v.item.target is not None
             and v.item.target.raw and v.item.target.raw not in (v.item.text or "")]
    if not extra:
        return m
    values = views([replace(cv[j].item, text=cv[j].item.target.raw) for j in extra])  # type: ignore[union-attr]
    mv = score(pv, values)
    for k, j in enumerate(extra):
        better = mv.total[:, k] > m.total[:, j]
        for name in ("total", "text", "containment", "distinctive"):
            a = getattr(m, name)
            a[:, j] = np.where(better, getattr(mv, name)[:, k], a[:, j])
    return m


def _mutual_best(total: np.ndarray, margin: float) -> np.ndarray:
    """Cells that are the best of their row and of their column by `margin` over the runner-up of each."""
    if total.shape[0] < 1 or total.shape[1] < 1:
        return np.zeros_like(total, dtype=bool)
    srow = np.sort(total, axis=1)
    scol = np.sort(total, axis=0)
    second_row = srow[:, -2] if total.shape[1] > 1 else np.zeros(total.shape[0])
    second_col = scol[-2, :] if total.shape[0] > 1 else np.zeros(total.shape[1])
    return ((total == srow[:, -1:]) & (total == scol[-1:, :])
            & (total - second_row[:, None] >= margin) & (total - second_col[None, :] >= margin))


def check_size(plan: Plan, max_items: int = MAX_ITEMS) -> None:
    """Refuse (TooLargeError, a Vietnamese message naming the file) a plan with more items than `max_items`."""
    n = len(plan.items)
    if n <= max_items:
        return
    name = Path(plan.path).name if plan.path else "kế hoạch"
    raise TooLargeError(
        f"Không kiểm tra được tệp “{name}”: kế hoạch có {count_vi(n)} mục (nhiệm vụ, chỉ tiêu, nội dung chỉ đạo), vượt "
        f"giới hạn {count_vi(max_items)} mục của một kế hoạch. Hãy kiểm tra lại tệp (có thể đã chọn nhầm tệp tổng hợp "
        "hoặc tệp sinh tự động) hoặc tách kế hoạch thành các phần nhỏ hơn.",
        f"{name}: {n} items, limit {max_items} (alignment memory grows with parent items x child items)",
        plan.path,
        "too_many_items",
    )


def align(parent: Plan, child: Plan) -> Alignment:
    """Link the child's items to the parent's, kind by kind; no links when the plans look unrelated.

    Raises TooLargeError when either plan has more than MAX_ITEMS items (see `check_size`).
    """
    check_size(parent)
    check_size(child)
    links: list[Link] = []
    modes: dict[tuple[str, str], str] = {}
    per_kind: list[tuple[ScoreMatrices, list[Pair], list[bool]]] = []
    side = _parent_side(parent)
    for kind in KINDS:
        prep = side.kinds[kind]
        pv = prep.parents if prep is not None else []
        cv = views(child.of_kind(kind))
        if not pv or not cv:
            continue
        m = score(prep, cv)
        pairs = assign(m)
        per_kind.append((m, pairs, [v.item.group for v in pv]))
        for pr in pairs:
            p, c = pv[pr.i], cv[pr.j]
            links.append(Link(parent=p.item.id, child=c.item.id, score=round(pr.score, 3),
                              why=_why(m, p, c, pr.i, pr.j, pr.mode)))
            modes[(p.item.id, c.item.id)] = pr.mode
    cross = _cross_kind(side, child, links, modes)
    if cross is not None:
        per_kind.append(cross)
    rel: Relatedness = assess_relatedness(parent, child, per_kind)
    if not rel.related:
        return Alignment([], False, rel.score, rel.reason, {})
    if side.restated is None:
        side.restated = restatements(parent, side.key)
    restated = dict(side.restated)
    links = _to_restated_tasks(links, restated, child, modes)
    order_p = {it.id: it.order for it in parent.items}
    order_c = {it.id: it.order for it in child.items}
    links.sort(key=lambda lk: (order_p.get(lk.parent, 0), lk.parent, order_c.get(lk.child, 0), lk.child))
    return Alignment(links, True, rel.score, rel.reason, modes, restated)


def _to_restated_tasks(links: list[Link], restated: dict[str, str], child: Plan,
                       modes: dict[tuple[str, str], str]) -> list[Link]:
    """A child table row or chỉ tiêu linked to a bullet that restates one of the parent's own table tasks carries
    that task: the link goes to the task (the obligation with its lead, product and deadline) when nothing else
    carries it. A child bullet stays with the parent bullet it mirrors."""
    carried = {lk.parent for lk in links}
    kinds = {it.id: it.kind for it in child.items}
    out = []
    for lk in links:
        task = restated.get(lk.parent)
        if task and task not in carried and kinds.get(lk.child) != "directive":
            carried.add(task)
            modes[(task, lk.child)] = modes.pop((lk.parent, lk.child), "one_to_one")
            lk = Link(parent=task, child=lk.child, score=lk.score, why=lk.why + "; nội dung nhắc lại nhiệm vụ trong phụ lục")
        out.append(lk)
    return out


# restatements of the last few parents, keyed by everything of their items the computation reads: a batch asks
# for the same parent's once per child (about a quarter of the alignment's time).
_RESTATED: dict[tuple, dict[str, str]] = {}
_RESTATED_KEEP = 8


@dataclass(eq=False)
class _ParentSide:
    """What alignment computes of a parent alone (its items' views and indexes per kind, its restatements): a
    batch worker aligns hundreds of children against the same parent Plan object."""

    plan: Plan  # held, so its id cannot be reused while this entry lives
    key: tuple  # `_restated_key`: the contents read, so a plan changed in place is noticed
    rules: object  # `_rules_token()` when built: rules reloaded → views stale
    matching: object  # `settings()` when built: the restatements depend on it
    kinds: dict[str, Prepared | None]
    restated: dict[str, str] | None = None
    _loose: Prepared | None = None

    def loose(self) -> Prepared:
        """All items but group headings, of every kind (the cross-kind links choose among the unlinked ones)."""
        if self._loose is None:
            self._loose = prepare(views([it for it in self.plan.items if not it.group]))
        return self._loose


# The last few parents' sides by id(plan); an entry counts only for the very object, unchanged, under the same rules.
_PARENTS: dict[int, _ParentSide] = {}
_PARENTS_KEEP = 4


@rules_cached
def _rules_token() -> object:
    """A new object after every `reload_rules()` (the views depend on the rule packs)."""
    return object()


def _parent_side(plan: Plan) -> _ParentSide:
    key = _restated_key(plan)
    side = _PARENTS.get(id(plan))
    if (side is not None and side.plan is plan and side.rules is _rules_token() and side.matching is settings()
            and side.key == key):
        return side
    kinds: dict[str, Prepared | None] = {}
    for kind in KINDS:
        pv = views(plan.of_kind(kind))
        kinds[kind] = prepare(pv) if pv else None
    side = _ParentSide(plan, key, _rules_token(), settings(), kinds)
    _PARENTS.pop(id(plan), None)
    while len(_PARENTS) >= _PARENTS_KEEP:
        _PARENTS.pop(next(iter(_PARENTS)))
    _PARENTS[id(plan)] = side
    return side


def release_caches() -> None:
    """Empty the alignment's memos (parents' sides, restatements, term sets, cited numbers): a long batch calls
    this when its audits are done, before it builds its outputs."""
    from cascade.align import features, relatedness, scoring

    _RESTATED.clear()
    _PARENTS.clear()
    features.term_set.cache_clear()
    features._numbers.cache_clear()
    scoring._sorted_words.cache_clear()
    scoring._word_set.cache_clear()
    relatedness._cited_keys.cache_clear()


def _restated_key(plan: Plan) -> tuple:
    """Everything of a plan's items that its views, its scoring rows and its restatements read."""
    return tuple((it.id, it.kind, it.text, it.group, bool(it.lead), bool(it.partners), it.product,
                  tuple(it.activities), it.label, it.section, it.source.table) for it in plan.items)


def restatements(plan: Plan, key: tuple | None = None) -> dict[str, str]:
    """Narrative bullets of a plan that restate one of its own table tasks: bullet id → task id.

    Whether the child carries such a bullet is decided by the task it restates, so one omission is reported once.
    `key`: `_restated_key(plan)` when the caller has it.
    """
    if key is None:
        key = _restated_key(plan)
    if key not in _RESTATED:
        if len(_RESTATED) >= _RESTATED_KEEP:
            _RESTATED.pop(next(iter(_RESTATED)))
        _RESTATED[key] = _restatements(plan)
    return dict(_RESTATED[key])


def _restatements(plan: Plan) -> dict[str, str]:
    tasks = [it for it in plan.of_kind("task") if not it.group]
    # A narrative chỉ tiêu (no agency columns) restates a table row as a bullet does; an indicator table's rows
    # name who monitors and who implements and are obligations of their own.
    others = [it for it in plan.items if not it.group and (
        it.kind == "directive" or it.kind == "indicator" and not it.lead and not it.partners)]
    if not tasks or not others:
        return {}
    ov, tv = views(others), views(tasks)
    m = score(ov, tv)
    out = {}
    for i, j in enumerate(np.argmax(m.text, axis=1).tolist()):
        if m.text[i, j] >= settings().restatement_text and m.distinctive[i, j] >= 0.5:
            out[ov[i].item.id] = tv[j].item.id
    return out
