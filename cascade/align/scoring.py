"""Candidate scores between the parent's and the child's items of one kind, as whole matrices.

Signals (each a matrix, parent rows × child columns, values 0..1):
- text: main-text similarity (rapidfuzz, one `cdist` per scorer) — carries most of the weight;
- product: similarity of the products/activities when both have one;
- numbers: a cited document number shared by both items (3416/QĐ-UBND) — a strong anchor;
- section: same reform area; label: same printed number; order: similar position; form: both table rows or both
  narrative bullets; group: both group headings or both obligations. These are tie-breakers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process

from cascade.align.features import ItemView, term_set
from cascade.align.settings import settings
from cascade.text import normalize_for_match

# "1. ", "2) ", "- " before an activity: its numbering, not its content.
_ACTIVITY_NUMBER = re.compile(r"^\s*(?:\d+[.)]|[-+•])\s*")
# An activity shorter than this ("Báo cáo.") names a product, not a task a child could carry on its own.
MIN_ACTIVITY_WORDS = 5


@dataclass
class ScoreMatrices:
    """The combined score and the signals behind it (all shape parents × children)."""

    total: np.ndarray
    text: np.ndarray
    containment: np.ndarray  # word-set overlap: high when one text holds the other (split/merge)
    distinctive: np.ndarray  # TF-IDF cosine of content words and word pairs
    numbers: np.ndarray
    section: np.ndarray
    product: np.ndarray
    label: np.ndarray
    segment: np.ndarray | None = None  # per pair: the parent activity that scored best, -1 the main text


def _cdist(a: list[str], b: list[str], scorer) -> np.ndarray:
    return process.cdist(a, b, scorer=scorer, dtype=np.float32, workers=1) / 100.0


def _equal(a: list, b: list) -> np.ndarray:
    """1 where a[i] == b[j] and both are set."""
    va = np.array([x if x is not None else object() for x in a], dtype=object)
    vb = np.array([x if x is not None else object() for x in b], dtype=object)
    return (va[:, None] == vb[None, :]).astype(np.float32)


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a · bᵀ without BLAS: for these small matrices a multithreaded BLAS spends more time waking threads than
    computing (tens of ms on a busy machine), while einsum's own loop takes about a millisecond."""
    return np.einsum("ik,jk->ij", a, b)


def _sorted_words(s: str) -> str:
    return " ".join(sorted(s.split()))


def _overlap(parents: list[ItemView], children: list[ItemView]) -> np.ndarray:
    """Overlap coefficient of the word sets, |A ∩ B| / min(|A|, |B|), as one matrix product."""
    sets_p = [frozenset(v.main.split()) for v in parents]
    sets_c = [frozenset(v.main.split()) for v in children]
    vocab = sorted(set().union(*sets_p, *sets_c))
    if not vocab:
        return np.zeros((len(parents), len(children)), dtype=np.float32)
    index = {w: k for k, w in enumerate(vocab)}
    P = np.zeros((len(parents), len(vocab)), dtype=np.float32)
    C = np.zeros((len(children), len(vocab)), dtype=np.float32)
    for i, ws in enumerate(sets_p):
        P[i, [index[w] for w in ws]] = 1.0
    for j, ws in enumerate(sets_c):
        C[j, [index[w] for w in ws]] = 1.0
    shared = _dot(P, C)
    smaller = np.minimum(P.sum(axis=1)[:, None], C.sum(axis=1)[None, :])
    return shared / np.maximum(smaller, 1.0)


def _distinctive(parents: list[ItemView], children: list[ItemView]) -> np.ndarray:
    """TF-IDF cosine between items, the document frequency taken over both plans' items of this kind."""
    vocab = sorted({t for v in parents + children for t in v.terms})
    if not vocab:
        return np.zeros((len(parents), len(children)), dtype=np.float32)
    index = {t: k for k, t in enumerate(vocab)}

    def matrix(vs: list[ItemView]) -> np.ndarray:
        m = np.zeros((len(vs), len(vocab)), dtype=np.float32)
        for i, v in enumerate(vs):
            m[i, [index[t] for t in v.terms]] = 1.0
        return m

    P, C = matrix(parents), matrix(children)
    df = P.sum(axis=0) + C.sum(axis=0)
    # Smoothed as in scikit-learn, so a word shared by every item still counts a little (tiny plans).
    idf = (np.log((1 + len(parents) + len(children)) / (1 + df)) + 1).astype(np.float32)
    P, C = P * idf, C * idf
    norm_p = np.linalg.norm(P, axis=1, keepdims=True)
    norm_c = np.linalg.norm(C, axis=1, keepdims=True)
    return _dot(P, C) / np.maximum(norm_p * norm_c.T, 1e-9)


def score(parents: list[ItemView], children: list[ItemView]) -> ScoreMatrices:
    """Score every parent item against every child item (no Python loop over pairs of strings).

    A parent task listing its activities ("1. Ban hành Kế hoạch …; 2. Triển khai …") is also scored through each
    activity, since a child often carries one activity as a row of its own; the pair keeps its best way in
    (`ScoreMatrices.segment` says which activity, -1 for the main text). Weights and floors come from
    rules/matching.yaml (`scoring:`).
    """
    rows, owner, seg = expand_activities(parents)
    m = _score_rows(rows, children)
    if len(rows) == len(parents):
        return m
    cfg = settings()
    # An activity is one line among several: only a close, distinctive match through it counts.
    via_activity = np.array(seg)[:, None] >= 0
    clear = (m.text >= cfg.activity_text_floor) & (m.distinctive >= 2 * cfg.distinctive_min)
    weighted = np.where(via_activity, np.where(clear, m.total * cfg.activity_weight, 0.0), m.total)
    n_p, n_c = len(parents), len(children)
    best = np.full((n_p, n_c), -1.0, dtype=np.float32)
    pick = np.zeros((n_p, n_c), dtype=np.int64)
    for r, i in enumerate(owner):
        better = weighted[r] > best[i]
        best[i] = np.where(better, weighted[r], best[i])
        pick[i] = np.where(better, r, pick[i])
    cols = np.arange(n_c)[None, :]

    def take(a: np.ndarray) -> np.ndarray:
        return a[pick, cols]

    return ScoreMatrices(total=np.clip(best, 0.0, 1.0).astype(np.float32), text=take(m.text),
                         containment=take(m.containment), distinctive=take(m.distinctive), numbers=take(m.numbers),
                         section=take(m.section), product=take(m.product), label=take(m.label),
                         segment=np.array(seg, dtype=np.int64)[pick])


def expand_activities(parents: list[ItemView]) -> tuple[list[ItemView], list[int], list[int]]:
    """The parent rows to score: each item's main text, then each of its activities long enough to be a task.

    Returns (rows, owner: the parent index of each row, segment: the activity index of each row or -1).
    """
    rows: list[ItemView] = []
    owner: list[int] = []
    seg: list[int] = []
    for i, v in enumerate(parents):
        rows.append(v)
        owner.append(i)
        seg.append(-1)
        if len(v.item.activities) < 2 and not (v.item.activities and v.item.kind == "task"):
            continue
        for k, act in enumerate(v.item.activities):
            main = normalize_for_match(_ACTIVITY_NUMBER.sub("", act))
            if len(main.split()) < MIN_ACTIVITY_WORDS:
                continue
            rows.append(replace(v, main=main, terms=term_set(act)))
            owner.append(i)
            seg.append(k)
    return rows, owner, seg


def _score_rows(parents: list[ItemView], children: list[ItemView]) -> ScoreMatrices:
    """Score every parent item against every child item (no Python loop over pairs of strings).

    The weights and floors come from rules/matching.yaml (`scoring:`).
    """
    cfg = settings()
    # Word order aside (token_sort: `ratio` on pre-sorted words, sorted once per item rather than per pair) …
    tsort = _cdist([_sorted_words(v.main) for v in parents], [_sorted_words(v.main) for v in children], fuzz.ratio)
    # … and how much of the shorter text the longer one holds (a short text inside a long one scores 1).
    tset = _overlap(parents, children)
    text = 0.5 * tset + 0.5 * tsort

    pp, cp = [v.product for v in parents], [v.product for v in children]
    product = _cdist(pp, cp, fuzz.token_set_ratio)
    has_p = np.array([bool(x) for x in pp])[:, None] & np.array([bool(x) for x in cp])[None, :]
    product = np.where(has_p, product, 0.5).astype(np.float32)

    vocab = sorted({n for v in parents + children for n in v.numbers})
    if vocab:
        index = {n: k for k, n in enumerate(vocab)}
        P = np.zeros((len(parents), len(vocab)), dtype=np.float32)
        C = np.zeros((len(children), len(vocab)), dtype=np.float32)
        for i, v in enumerate(parents):
            for n in v.numbers:
                P[i, index[n]] = 1
        for j, v in enumerate(children):
            for n in v.numbers:
                C[j, index[n]] = 1
        numbers = (_dot(P, C) > 0).astype(np.float32)
    else:
        numbers = np.zeros((len(parents), len(children)), dtype=np.float32)

    section = _equal([v.item.section for v in parents], [v.item.section for v in children])
    label = _equal([v.item.label for v in parents], [v.item.label for v in children])
    rp = np.array([v.rank for v in parents], dtype=np.float32)
    rc = np.array([v.rank for v in children], dtype=np.float32)
    order = 1.0 - np.abs(rp[:, None] - rc[None, :])
    form = _equal([v.table for v in parents], [v.table for v in children])
    gp = np.array([v.item.group for v in parents])
    gc = np.array([v.item.group for v in children])
    group_mismatch = (gp[:, None] != gc[None, :]).astype(np.float32)

    # The text weight dominates so the weak signals only break ties.
    total = (
        cfg.w_text * text
        + cfg.w_section * section
        + cfg.w_product * product
        + cfg.w_order * order
        + cfg.w_label * label
        + cfg.w_form * form
        - cfg.group_mismatch_penalty * group_mismatch
    )
    distinctive = _distinctive(parents, children)
    # Below the text floor weak signals cannot make a link on their own, and two items must share distinctive
    # words, not only the vocabulary every CCHC plan uses; a shared document number lifts the pair regardless.
    total = np.where((text >= cfg.text_floor) & (distinctive >= cfg.distinctive_min), total, 0.0)
    anchored = cfg.anchor_floor + (1 - cfg.anchor_floor) * text
    total = np.where(numbers > 0, np.maximum(total, anchored), total)
    total = np.clip(total, 0.0, 1.0).astype(np.float32)
    return ScoreMatrices(total=total, text=text, containment=tset, distinctive=distinctive, numbers=numbers, section=section,
                         product=product, label=label)
