"""Do two plans belong together at all? (Yên Bái 2022 is not a sub-plan of Bình Định 2024.)"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cascade import text as vtext
from cascade.align.assign import Pair
from cascade.align.scoring import ScoreMatrices
from cascade.align.settings import settings
from cascade.model import Plan


@dataclass
class Relatedness:
    score: float  # 0..1
    related: bool
    reason: str  # Vietnamese


def _cites_parent(parent: Plan, child: Plan) -> bool:
    if not parent.number:
        return False
    want = vtext.nfc(parent.number).replace(" ", "").casefold()
    cited = {vtext.nfc(c.number or "").replace(" ", "").casefold() for c in child.citations}
    for it in child.items:
        cited |= {n.casefold() for n in vtext.doc_numbers(it.text or "")}
    return want in cited


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
    share = strong / base
    content = min(1.0, share / cfg.full_share)
    reasons = [f"{strong}/{base} mục gần như trùng nội dung"]
    cites = _cites_parent(parent, child)
    score = content
    if cites:
        score = max(score, 0.9)
        reasons.append(f"kế hoạch cấp dưới dẫn số hiệu {parent.number}")
    if parent.year and child.year and parent.year != child.year:
        score *= cfg.year_mismatch_factor
        reasons.append(f"năm kế hoạch khác nhau ({parent.year} và {child.year})")
    score = round(float(score), 3)
    return Relatedness(score, score >= cfg.related_min, "; ".join(reasons))
