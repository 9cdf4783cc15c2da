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
from functools import lru_cache
from itertools import chain, repeat

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


def _objects(values: list) -> np.ndarray:
    """The values as an object array, None replaced by a fresh object (equal to nothing) for `_equal`."""
    return np.array([x if x is not None else object() for x in values], dtype=object)


def _equal(va: np.ndarray, b: list) -> np.ndarray:
    """1 where va[i] == b[j] and both are set (`va` from `_objects`)."""
    return (va[:, None] == _objects(b)[None, :]).astype(np.float32)


@lru_cache(maxsize=8192)
def _sorted_words(s: str) -> str:
    return " ".join(sorted(s.split()))


@lru_cache(maxsize=8192)
def _word_set(s: str) -> frozenset[str]:
    return frozenset(s.split())


# Pairs (parent row, child) a sparse product expands at once: bounds the temporary arrays to a few tens of MB.
_BLOCK_PAIRS = 1 << 20


class _Index:
    """The parent rows' sets of terms, indexed once (a batch scores hundreds of children against one parent):
    term → the rows holding it (postings), and the (row, term) entries for sums over a row's terms.

    Why not dense: the vocabulary grows with the plans (word pairs, names, document numbers), and an items × terms
    matrix of a 5,000-row plan took gigabytes; here memory is the parents × children result plus one block.
    """

    def __init__(self, sets: list) -> None:
        vocab: dict = {}
        terms = [[vocab.setdefault(t, len(vocab)) for t in ws] for ws in sets]
        self.vocab = vocab
        self.n_rows = len(sets)
        self.size = np.array([len(ks) for ks in terms], dtype=np.int64)
        self.entry_term = np.fromiter(chain.from_iterable(terms), dtype=np.int64, count=int(self.size.sum()))
        self.entry_row = np.repeat(np.arange(self.n_rows, dtype=np.int64), self.size)
        order = np.argsort(self.entry_term, kind="stable")
        self.post_rows = self.entry_row[order]
        self.df = np.bincount(self.entry_term, minlength=len(vocab)).astype(np.int64)  # rows holding term k
        self.ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(self.df, out=self.ptr[1:])
        self.memo: dict = {}  # child set → (its entries' term numbers, the terms missing here): see _Lookup


# Child sets whose look-up one `_Index` remembers: children repeat their parent's items word for word.
_LOOKUP_KEEP = 2048


class _Lookup:
    """Children's sets looked up in a parent `_Index`: per entry (child, term) the parent's term number or -1, and
    the terms the parent lacks (`unknown`, in the order of the -1 entries)."""

    def __init__(self, index: _Index, sets_c: list) -> None:
        self.n_c = len(sets_c)
        memo = index.memo
        get = index.vocab.get
        parts = []
        for ws in sets_c:
            hit = memo.get(ws)
            if hit is None:
                ks = np.fromiter(map(get, ws, repeat(-1)), dtype=np.int64, count=len(ws))
                hit = (ks, [t for t, k in zip(ws, ks.tolist(), strict=True) if k < 0])
                if len(memo) >= _LOOKUP_KEEP:
                    memo.clear()
                memo[ws] = hit
            parts.append(hit)
        self.size = np.fromiter((len(ks) for ks, _ in parts), dtype=np.int64, count=self.n_c)
        self.ks = np.concatenate([ks for ks, _ in parts]) if parts else np.zeros(0, dtype=np.int64)
        self.unknown = list(chain.from_iterable(u for _, u in parts))
        self.child = np.repeat(np.arange(self.n_c, dtype=np.int64), self.size)
        known = self.ks >= 0
        self.known_ks, self.known_child = self.ks[known], self.child[known]


def _dot(index: _Index, look: _Lookup, w: np.ndarray | None = None) -> np.ndarray:
    """Σ over shared terms of w[k] (1 without weights), for every parent row × child: the product of two binary
    item × term matrices through the parent's postings, a block of children at a time.

    Counts are exact; weighted sums are accumulated in float64 and rounded to float32 once. The weights used here
    are float32 values (≥ 1), so every partial sum is exact in float64 and the order of the additions cannot
    change the result.
    """
    n_p, n_c = index.n_rows, look.n_c
    out = np.zeros((n_p, n_c), dtype=np.float32)
    ks, child = look.known_ks, look.known_child
    if not n_p or not n_c or not len(ks):
        return out
    lengths = index.ptr[ks + 1] - index.ptr[ks]
    # children per block: whole children only (a child's column is summed in one go), about _BLOCK_PAIRS pairs
    per_child = np.bincount(child, weights=lengths, minlength=n_c)
    cuts = [0]
    if per_child.sum() > _BLOCK_PAIRS:
        budget = 0.0
        for c, pairs in enumerate(per_child.tolist()):
            if c > cuts[-1] and budget + pairs > _BLOCK_PAIRS:
                cuts.append(c)
                budget = 0.0
            budget += pairs
    cuts.append(n_c)
    bounds = np.searchsorted(child, cuts)  # entries are in child order
    for b in range(len(cuts) - 1):
        c0, c1 = cuts[b], cuts[b + 1]
        e0, e1 = int(bounds[b]), int(bounds[b + 1])
        lens = lengths[e0:e1]
        total = int(lens.sum())
        if not total:
            continue
        terms = ks[e0:e1]
        # positions in post_rows of every (child term, parent row) pair, without a Python loop over the pairs
        first = np.repeat(index.ptr[terms] - np.cumsum(lens) + lens, lens)
        rows = index.post_rows[first + np.arange(total, dtype=np.int64)]
        width = c1 - c0
        flat = rows * width + np.repeat(child[e0:e1] - c0, lens)
        sums = np.bincount(flat, weights=None if w is None else np.repeat(w[terms], lens), minlength=n_p * width)
        out[:, c0:c1] = sums.reshape(n_p, width)
    return out


def _sparse_dot(sets_p: list, sets_c: list, weight: dict | None = None) -> np.ndarray:
    """Σ over shared terms of weight[t] (1 without weights), for every parent × child pair."""
    index = _Index(sets_p)
    w = None
    if weight is not None:
        w = np.ones(len(index.vocab), dtype=np.float64)
        for t, k in index.vocab.items():
            w[k] = weight[t]
    return _dot(index, _Lookup(index, sets_c), w)


class _Rows:
    """Everything scoring reads of the parent rows, computed once: a batch scores hundreds of children against the
    same parent. The text columns (rapidfuzz) of a child text already seen are remembered, since children copy
    many of their parent's items word for word."""

    def __init__(self, rows: list[ItemView]) -> None:
        self.views = rows
        self.n = len(rows)
        self.sorted_words = [_sorted_words(v.main) for v in rows]
        self.words = _Index([_word_set(v.main) for v in rows])
        self.terms = _Index([v.terms for v in rows])
        self.numbers = _Index([v.numbers for v in rows])
        products = [v.product for v in rows]
        self.with_product = np.array([i for i, p in enumerate(products) if p], dtype=np.int64)
        self.products = [products[i] for i in self.with_product.tolist()]
        self.section = _objects([v.item.section for v in rows])
        self.label = _objects([v.item.label for v in rows])
        self.table = _objects([v.table for v in rows])
        self.rank = np.array([v.rank for v in rows], dtype=np.float32)
        self.group = np.array([v.item.group for v in rows])
        self.tsort_memo: dict[str, np.ndarray] = {}
        self.product_memo: dict[str, np.ndarray] = {}


# Child texts whose columns one `_Rows` remembers (per scorer): a column is a few hundred bytes.
_MEMO_KEEP = 2048


def _columns(memo: dict[str, np.ndarray], queries: list[str], keys: list[str], scorer) -> np.ndarray:
    """cdist(queries, keys, scorer) / 100 (float32, queries × keys), each key's column computed once."""
    unique = list(dict.fromkeys(keys))
    missing = [k for k in unique if k not in memo]
    if missing:
        if len(memo) + len(missing) > _MEMO_KEEP:
            # Emptied before computing: the keys of this call already held would be gone too (a KeyError in a
            # long batch once the memo filled, one child in about 5,000).
            memo.clear()
            missing = unique
        block = _cdist(queries, missing, scorer).T.copy()  # one contiguous row per new key
        memo.update(zip(missing, block, strict=True))
    if not keys:
        return np.zeros((len(queries), 0), dtype=np.float32)
    return np.stack([memo[k] for k in keys], axis=1) if queries else np.zeros((0, len(keys)), dtype=np.float32)


def _take(a: np.ndarray, sel: np.ndarray | None) -> np.ndarray:
    """The parent rows `sel` of a, all rows when None."""
    return a if sel is None else a[sel]


def _overlap(rows: _Rows, children: list[ItemView], sel: np.ndarray | None) -> np.ndarray:
    """Overlap coefficient of the word sets, |A ∩ B| / min(|A|, |B|)."""
    sets_c = [_word_set(v.main) for v in children]
    look = _Lookup(rows.words, sets_c)
    shared = _take(_dot(rows.words, look), sel)
    size_p = _take(rows.words.size, sel).astype(np.float32)
    size_c = look.size.astype(np.float32)
    smaller = np.minimum(size_p[:, None], size_c[None, :])
    return shared / np.maximum(smaller, 1.0)


def _idf_squares(n_docs: int) -> np.ndarray:
    """idf² (float32 values, as float64) for a document frequency of 0..n_docs, smoothed as in scikit-learn so a
    word shared by every item still counts a little (tiny plans). float32 throughout, as the dense computation
    this replaced did, so the scores stay the same."""
    counts = np.arange(n_docs + 1, dtype=np.float32)
    idf = np.log(np.float32(1 + n_docs) / (1 + counts)) + np.float32(1)
    return (idf * idf).astype(np.float64)


def _distinctive(rows: _Rows, children: list[ItemView], sel: np.ndarray | None) -> np.ndarray:
    """TF-IDF cosine between items, the document frequency taken over both plans' items of this kind (the parent
    rows `sel` only, when given: a term of the other rows counts as the children's own)."""
    n_p, n_c = rows.n if sel is None else len(sel), len(children)
    index = rows.terms
    look = _Lookup(index, [v.terms for v in children])
    df_p = index.df
    if sel is not None:
        chosen = np.zeros(rows.n, dtype=bool)
        chosen[sel] = True
        df_p = np.bincount(index.entry_term[chosen[index.entry_row]], minlength=len(index.vocab))
    if not len(look.ks) and not df_p.any():
        return np.zeros((n_p, n_c), dtype=np.float32)
    square = _idf_squares(n_p + n_c)
    # document frequency of each parent term over both sides
    w_p = square[df_p + np.bincount(look.known_ks, minlength=len(index.vocab))]
    # the children's own terms: frequency among the children only
    unknown = np.flatnonzero(look.ks < 0)
    w_entry = np.empty(len(look.ks), dtype=np.float64)
    w_entry[look.ks >= 0] = w_p[look.known_ks]
    if len(unknown):
        local: dict = {}
        ids = np.array([local.setdefault(t, len(local)) for t in look.unknown], dtype=np.int64)
        w_entry[unknown] = square[np.bincount(ids)[ids]]
    dot = _take(_dot(index, look, w_p), sel)
    # Σ of float32 values ≥ 1 in float64: exact, whatever the order of the additions
    norm_p = np.sqrt(_take(np.bincount(index.entry_row, weights=w_p[index.entry_term], minlength=rows.n), sel))
    norm_p = norm_p.astype(np.float32)
    norm_c = np.sqrt(np.bincount(look.child, weights=w_entry, minlength=n_c)).astype(np.float32)
    return dot / np.maximum(norm_p[:, None] * norm_c[None, :], 1e-9)


@dataclass(eq=False)
class Prepared:
    """The parent side of `score`, built once per parent item list: its rows (the items, then their activities)."""

    parents: list[ItemView]
    owner: list[int]  # the parent index of each row
    seg: list[int]  # the activity index of each row, -1 the main text
    rows: _Rows
    sel: np.ndarray | None = None  # the rows of `rows` scored (None: all), for a subset of the parents
    rank: np.ndarray | None = None  # their positions (float32) when `sel` is set

    def subset(self, keep: list[int], parents: list[ItemView]) -> Prepared:
        """The same for `parents`, the views of the items self.parents[keep] (in that order): the rows and their
        indexes are shared, only the positions are new. A parent's rows do not depend on the other items."""
        owner_all = np.array(self.owner, dtype=np.int64)
        new_pos = np.full(len(self.parents), -1, dtype=np.int64)
        new_pos[np.array(keep, dtype=np.int64)] = np.arange(len(keep), dtype=np.int64)
        sel = np.flatnonzero(new_pos[owner_all] >= 0)
        owner = new_pos[owner_all[sel]]
        seg = np.array(self.seg, dtype=np.int64)[sel]
        rank = np.array([v.rank for v in parents], dtype=np.float32)[owner]
        return Prepared(parents, owner.tolist(), seg.tolist(), self.rows, sel, rank)


def prepare(parents: list[ItemView]) -> Prepared:
    rows, owner, seg = expand_activities(parents)
    return Prepared(parents, owner, seg, _Rows(rows))


def score(parents: list[ItemView] | Prepared, children: list[ItemView]) -> ScoreMatrices:
    """Score every parent item against every child item (no Python loop over pairs of strings).

    A parent task listing its activities ("1. Ban hành Kế hoạch …; 2. Triển khai …") is also scored through each
    activity, since a child often carries one activity as a row of its own; the pair keeps its best way in
    (`ScoreMatrices.segment` says which activity, -1 for the main text). Weights and floors come from
    rules/matching.yaml (`scoring:`). `parents` may be `prepare(parents)`, kept for many children.
    """
    prep = parents if isinstance(parents, Prepared) else prepare(parents)
    m = _score_rows(prep.rows, children, prep.sel, prep.rank)
    n_p, n_c = len(prep.parents), len(children)
    if len(prep.owner) == n_p:
        return m
    cfg = settings()
    # An activity is one line among several: only a close, distinctive match through it counts.
    seg = np.array(prep.seg, dtype=np.int64)
    via_activity = seg[:, None] >= 0
    clear = (m.text >= cfg.activity_text_floor) & (m.distinctive >= 2 * cfg.distinctive_min)
    weighted = np.where(via_activity, np.where(clear, m.total * cfg.activity_weight, 0.0), m.total)
    # per parent, the best of its rows (rows of one parent are consecutive, its main text first); the first row
    # wins a tie, as the strict comparison of a row-by-row loop would have it
    starts = np.flatnonzero(np.diff(np.array(prep.owner, dtype=np.int64), prepend=-1))
    best = np.maximum.reduceat(weighted, starts, axis=0).astype(np.float32)
    owner = np.repeat(np.arange(n_p), np.diff(np.append(starts, len(prep.owner))))
    row_ids = np.arange(len(prep.owner), dtype=np.int64)[:, None]
    pick = np.minimum.reduceat(np.where(weighted == best[owner], row_ids, len(prep.owner)), starts, axis=0)
    cols = np.arange(n_c)[None, :]

    def take(a: np.ndarray) -> np.ndarray:
        return a[pick, cols]

    return ScoreMatrices(total=np.clip(best, 0.0, 1.0).astype(np.float32), text=take(m.text),
                         containment=take(m.containment), distinctive=take(m.distinctive), numbers=take(m.numbers),
                         section=take(m.section), product=take(m.product), label=take(m.label),
                         segment=seg[pick])


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


def _score_rows(rows: _Rows, children: list[ItemView], sel: np.ndarray | None = None,
                rank: np.ndarray | None = None) -> ScoreMatrices:
    """Score every parent row (the rows `sel` only, at positions `rank`, when given) against every child item
    (no Python loop over pairs of strings).

    The weights and floors come from rules/matching.yaml (`scoring:`).
    """
    cfg = settings()
    n_c = len(children)
    # Word order aside (token_sort: `ratio` on pre-sorted words, sorted once per item rather than per pair) …
    tsort = _take(_columns(rows.tsort_memo, rows.sorted_words, [_sorted_words(v.main) for v in children],
                           fuzz.ratio), sel)
    # … and how much of the shorter text the longer one holds (a short text inside a long one scores 1).
    tset = _overlap(rows, children, sel)
    text = 0.5 * tset + 0.5 * tsort

    # products: 0.5 (no signal) unless both items have one
    product = np.full((rows.n, n_c), 0.5, dtype=np.float32)
    with_c = [j for j, v in enumerate(children) if v.product]
    if len(rows.with_product) and with_c:
        sims = _columns(rows.product_memo, rows.products, [children[j].product for j in with_c],
                        fuzz.token_set_ratio)
        product[np.ix_(rows.with_product, np.array(with_c, dtype=np.int64))] = sims
    product = _take(product, sel)

    numbers = _take(_dot(rows.numbers, _Lookup(rows.numbers, [v.numbers for v in children])), sel)
    numbers = (numbers > 0).astype(np.float32)

    section = _equal(_take(rows.section, sel), [v.item.section for v in children])
    label = _equal(_take(rows.label, sel), [v.item.label for v in children])
    rp = rows.rank if rank is None else rank
    rc = np.array([v.rank for v in children], dtype=np.float32)
    order = 1.0 - np.abs(rp[:, None] - rc[None, :])
    form = _equal(_take(rows.table, sel), [v.table for v in children])
    gc = np.array([v.item.group for v in children])
    group_mismatch = (_take(rows.group, sel)[:, None] != gc[None, :]).astype(np.float32)
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
    distinctive = _distinctive(rows, children, sel)
    # Below the text floor weak signals cannot make a link on their own, and two items must share distinctive
    # words, not only the vocabulary every CCHC plan uses; a shared document number lifts the pair regardless.
    total = np.where((text >= cfg.text_floor) & (distinctive >= cfg.distinctive_min), total, 0.0)
    anchored = cfg.anchor_floor + (1 - cfg.anchor_floor) * text
    total = np.where(numbers > 0, np.maximum(total, anchored), total)
    total = np.clip(total, 0.0, 1.0).astype(np.float32)
    return ScoreMatrices(total=total, text=text, containment=tset, distinctive=distinctive, numbers=numbers, section=section,
                         product=product, label=label)
