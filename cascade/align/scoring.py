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
from collections import Counter
from dataclasses import dataclass, replace
from itertools import chain

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


def _sorted_words(s: str) -> str:
    return " ".join(sorted(s.split()))


# Pairs (parent row, child) a sparse product expands at once: bounds the temporary arrays to a few tens of MB.
_BLOCK_PAIRS = 1 << 20


def _sparse_dot(sets_p: list, sets_c: list, weight: dict | None = None) -> np.ndarray:
    """Σ over shared terms of weight[t] (1 without weights), for every parent × child pair: the product of two
    binary item × term matrices, computed through the children's postings, block of parent rows by block.

    Why not dense: the vocabulary grows with the plans (word pairs, names, document numbers), and an items × terms
    matrix of a 5,000-row plan took gigabytes; here memory is the parents × children result plus one block.
    Counts are exact; weighted sums are accumulated in float64 and rounded to float32 once.
    """
    n_p, n_c = len(sets_p), len(sets_c)
    out = np.zeros((n_p, n_c), dtype=np.float32)
    if not n_p or not n_c:
        return out
    index: dict = {}
    c_terms = [[index.setdefault(t, len(index)) for t in ws] for ws in sets_c]
    n_terms = len(index)
    if not n_terms:
        return out
    # postings of the children: for term k, the children holding it are c_ids[c_ptr[k]:c_ptr[k + 1]]
    flat_terms = np.fromiter((k for ks in c_terms for k in ks), dtype=np.int64)
    flat_child = np.repeat(np.arange(n_c, dtype=np.int64), [len(ks) for ks in c_terms])
    order = np.argsort(flat_terms, kind="stable")
    c_ids = flat_child[order]
    c_ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(flat_terms, minlength=n_terms), out=c_ptr[1:])
    w_of = np.ones(n_terms, dtype=np.float64)
    if weight is not None:
        for t, k in index.items():
            w_of[k] = weight[t]
    # each parent's terms that some child also has (the others add nothing to the product)
    p_terms = [np.array([index[t] for t in ws if t in index], dtype=np.int64) for ws in sets_p]
    p_pairs = np.array([int((c_ptr[ks + 1] - c_ptr[ks]).sum()) for ks in p_terms], dtype=np.int64)
    start = 0
    while start < n_p:
        end = start + 1
        budget = p_pairs[start]
        while end < n_p and budget + p_pairs[end] <= _BLOCK_PAIRS:
            budget += p_pairs[end]
            end += 1
        terms = np.concatenate(p_terms[start:end])
        rows = np.repeat(np.arange(end - start, dtype=np.int64), [len(ks) for ks in p_terms[start:end]])
        lengths = c_ptr[terms + 1] - c_ptr[terms]
        total = int(lengths.sum())
        if total:
            # positions in c_ids of every (parent term, child) pair, without a Python loop over the pairs
            first = np.repeat(c_ptr[terms] - np.cumsum(lengths) + lengths, lengths)
            pos = first + np.arange(total, dtype=np.int64)
            flat = np.repeat(rows, lengths) * n_c + c_ids[pos]
            sums = np.bincount(flat, weights=None if weight is None else np.repeat(w_of[terms], lengths),
                               minlength=(end - start) * n_c)
            out[start:end] = sums.reshape(end - start, n_c)
        start = end
    return out


def _overlap(parents: list[ItemView], children: list[ItemView]) -> np.ndarray:
    """Overlap coefficient of the word sets, |A ∩ B| / min(|A|, |B|)."""
    sets_p = [frozenset(v.main.split()) for v in parents]
    sets_c = [frozenset(v.main.split()) for v in children]
    shared = _sparse_dot(sets_p, sets_c)
    size_p = np.array([len(s) for s in sets_p], dtype=np.float32)
    size_c = np.array([len(s) for s in sets_c], dtype=np.float32)
    smaller = np.minimum(size_p[:, None], size_c[None, :])
    return shared / np.maximum(smaller, 1.0)


def _distinctive(parents: list[ItemView], children: list[ItemView]) -> np.ndarray:
    """TF-IDF cosine between items, the document frequency taken over both plans' items of this kind."""
    # Counter counts in C; same counts, same first-seen order as the loop it replaced
    df: dict = Counter(chain.from_iterable(v.terms for v in parents + children))
    if not df:
        return np.zeros((len(parents), len(children)), dtype=np.float32)
    # Smoothed as in scikit-learn, so a word shared by every item still counts a little (tiny plans).
    # float32 throughout, as the dense computation this replaced did, so the scores stay the same
    terms = list(df)
    counts = np.array([df[t] for t in terms], dtype=np.float32)
    idf = np.log(np.float32(1 + len(parents) + len(children)) / (1 + counts)) + np.float32(1)
    square = dict(zip(terms, (idf * idf).tolist(), strict=True))
    dot = _sparse_dot([v.terms for v in parents], [v.terms for v in children], square)

    def norms(vs: list[ItemView]) -> np.ndarray:
        # sum over map: the same additions in the same order as a generator, at C speed
        get = square.__getitem__
        return np.sqrt(np.array([sum(map(get, v.terms)) for v in vs], dtype=np.float64)).astype(np.float32)

    norm_p, norm_c = norms(parents), norms(children)
    return dot / np.maximum(norm_p[:, None] * norm_c[None, :], 1e-9)


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

    numbers = (_sparse_dot([v.numbers for v in parents], [v.numbers for v in children]) > 0).astype(np.float32)

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
