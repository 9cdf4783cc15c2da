"""Do two plans belong together at all? (Yên Bái 2022 is not a sub-plan of Bình Định 2024.)"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cascade import text as vtext
from cascade.agencies import same_agency
from cascade.align.assign import Pair
from cascade.align.scoring import ScoreMatrices
from cascade.align.settings import settings
from cascade.model import Plan


@dataclass
class Relatedness:
    score: float  # 0..1
    related: bool
    reason: str  # Vietnamese


def _number_key(number: str | None) -> str:
    """A document number compared without spaces, case or the "số" the sentence put before it."""
    n = vtext.nfc(number or "").replace(" ", "").casefold()
    return n[2:] if n.startswith("số") else n


@lru_cache(maxsize=8192)
def _cited_keys(text: str) -> frozenset[str]:
    """The document numbers an item's text cites, as `_number_key` (remembered: children repeat their parent's
    items, and a batch asks for each of a child's items)."""
    return frozenset(_number_key(n) for n in vtext.doc_numbers(text))


def _citation(parent: Plan, child: Plan) -> str | None:
    """How the child names the parent, in Vietnamese, or None.

    By number (also inside an item: "triển khai Kế hoạch số 09/KH-UBND"); a draft parent with no number is named
    by its date and its issuer or document type ("Kế hoạch … ngày 15/01/2024 của UBND huyện Tuy Phước").
    """
    want = _number_key(parent.number)
    if want and (any(_number_key(c.number) == want for c in child.citations)
                 or any(want in _cited_keys(it.text or "") for it in child.items)):
        return f"kế hoạch cấp dưới dẫn số hiệu {parent.number}"
    if not want:
        # "Kế hoạch số .../KH-UBND ngày ... tháng 12 năm 2023 của UBND tỉnh Hải Dương … năm 2024": a draft cited
        # with its number and day left blank is named by its issuer, its type and the year it covers.
        for c in child.citations:
            if c.number or not (c.issuer and parent.agency and same_agency(c.issuer, parent.agency)):
                continue
            same_type = bool(c.doc_type and parent.doc_type and vtext.fold(c.doc_type) in vtext.fold(parent.doc_type))
            if same_type and parent.year and str(parent.year) in (c.text or ""):
                return f"kế hoạch cấp dưới dẫn dự thảo {c.doc_type} năm {parent.year} của {c.issuer}"
    if parent.date:
        for c in child.citations:
            if c.date != parent.date:
                continue
            same_issuer = bool(c.issuer and parent.agency and same_agency(c.issuer, parent.agency))
            same_type = bool(c.doc_type and parent.doc_type and vtext.fold(c.doc_type) in vtext.fold(parent.doc_type))
            if same_issuer or same_type:
                y, m, d = c.date.split("-")
                return f"kế hoạch cấp dưới dẫn văn bản ngày {d}/{m}/{y} của {c.issuer or parent.agency or 'cấp trên'}"
    return None


def assess_relatedness(parent: Plan, child: Plan,
                       per_kind: list[tuple[ScoreMatrices, list[Pair], list[bool]]]) -> Relatedness:
    """Score 0..1 from citations, clearly shared items and the years the plans cover.

    `per_kind`: the score matrices, the pairs and, per parent row, whether that item is a group heading. The
    thresholds come from rules/matching.yaml (`relatedness:`).
    """
    cfg = settings()
    strong = sum(int(np.sum([m.text[p.i, p.j] >= cfg.strong_text for p in pairs
                             if p.mode == "one_to_one" and not groups[p.i]]))
                 for m, pairs, groups in per_kind)
    n_p = sum(1 for it in parent.items if not it.group)
    n_c = sum(1 for it in child.items if not it.group)
    base = max(min(n_p, n_c), 1)
    # Only near-identical items count: two province plans of one year share much paraphrased vocabulary, so
    # loosely matched items say nothing. A paraphrasing child is recognised by its citation of the parent.
    content = min(1.0, strong / base / cfg.full_share)
    reasons = [f"{strong}/{base} mục gần như trùng nội dung"]
    cites = _citation(parent, child)
    score = content
    if cites:
        score = max(score, 0.9)
        reasons.append(cites)
    if parent.year and child.year and parent.year != child.year:
        score *= cfg.year_mismatch_factor
        reasons.append(f"năm kế hoạch khác nhau ({parent.year} và {child.year})")
    score = round(float(score), 3)
    return Relatedness(score, score >= cfg.related_min, "; ".join(reasons))
