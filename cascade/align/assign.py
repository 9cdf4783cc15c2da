"""Global assignment of child items to parent items, one kind at a time, with explicit one-to-many links."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cascade.align.scoring import ScoreMatrices
from cascade.align.settings import settings


@dataclass(frozen=True)
class Pair:
    """One link: indices into the parent/child item lists of this kind, and how it was made."""

    i: int
    j: int
    score: float
    mode: str  # "one_to_one" | "split" (one parent → several children) | "merge" (several parents → one child)


def _clear_pairs(total: np.ndarray, threshold: float, margin: float) -> list[tuple[int, int]]:
    """Pairs each other's best by a clear margin in both row and column: no global trade-off can undo them, so
    only the ambiguous rest goes to the (pure-Python) blossom matching."""
    n_p, n_c = total.shape
    if n_p < 2 or n_c < 2:
        return []
    best_c = np.argmax(total, axis=1)
    best_p = np.argmax(total, axis=0)
    top2_row = np.sort(total, axis=1)[:, -2]
    top2_col = np.sort(total, axis=0)[-2, :]
    out = []
    for i in range(n_p):
        j = int(best_c[i])
        s = total[i, j]
        if s >= threshold and best_p[j] == i and s - top2_row[i] >= margin and s - top2_col[j] >= margin:
            out.append((i, j))
    return out


def assign(m: ScoreMatrices, threshold: float | None = None) -> list[Pair]:
    """Maximum-weight one-to-one matching over the pairs above `threshold`, then split/merge extras.

    `threshold` defaults to `link_threshold` of rules/matching.yaml (below it: better a missing finding than a
    forced match); the other numbers come from its `assign:` section.
    """
    cfg = settings()
    if threshold is None:
        threshold = cfg.link_threshold
    total = m.total
    n_p, n_c = total.shape
    if n_p == 0 or n_c == 0:
        return []
    pairs = [Pair(i, j, float(total[i, j]), "one_to_one") for i, j in _clear_pairs(total, threshold, cfg.clear_margin)]
    fixed_p, fixed_c = {p.i for p in pairs}, {p.j for p in pairs}
    rows, cols = np.nonzero(total >= threshold)
    # Integer weights keep the matching exact and deterministic; squaring favours sure pairs over many weak ones.
    edges = [(("p", i), ("c", j), int(round(float(total[i, j]) ** 2 * 1_000_000)))
             for i, j in zip(rows.tolist(), cols.tolist(), strict=True) if i not in fixed_p and j not in fixed_c]
    if edges:
        import networkx as nx  # only when some pairs are contested: importing it costs ~0.15 s of CLI start-up

        g = nx.Graph()
        g.add_weighted_edges_from(edges)
        for a, b in sorted(nx.max_weight_matching(g, maxcardinality=False)):
            (_, i), (_, j) = (a, b) if a[0] == "p" else (b, a)
            pairs.append(Pair(i, j, float(total[i, j]), "one_to_one"))

    partner_of_p = {p.i: p.j for p in pairs}
    partner_of_c = {p.j: p.i for p in pairs}
    extras: list[Pair] = []
    # A child item left over may be the second half of a parent task the child split in two — unless the parent
    # is already fully carried by its partner (then the leftover is a look-alike, not a half).
    for j in range(n_c):
        if j in partner_of_c:
            continue
        i = int(np.argmax(total[:, j]))
        if (i in partner_of_p and total[i, j] >= cfg.extra_threshold and m.containment[i, j] >= cfg.extra_containment
                and m.text[i, partner_of_p[i]] < cfg.fully_carried):
            extras.append(Pair(i, j, float(total[i, j]), "split"))
    # A parent item left over may have been merged into a child item that already carries another — unless that
    # child item says no more than its partner (it merely mentions the same words).
    for i in range(n_p):
        if i in partner_of_p:
            continue
        j = int(np.argmax(total[i, :]))
        if (j in partner_of_c and total[i, j] >= cfg.extra_threshold and m.containment[i, j] >= cfg.extra_containment
                and m.text[partner_of_c[j], j] < cfg.fully_carried):
            extras.append(Pair(i, j, float(total[i, j]), "merge"))
    return sorted(pairs + extras, key=lambda p: (p.i, p.j))
