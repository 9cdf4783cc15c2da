"""Checks on the pair of plans as a whole, before any item is compared: a copy of the parent, the two files
swapped, a draft with no task table, a plan of another province or year. Each note is a Vietnamese sentence an
official reads first.

A note decides the verdict (`cascade.audit.summary.decide_verdict`): a `blocking` one keeps it from "đạt"; one
that `suppresses` says the item-by-item comparison is not meaningful (the same document, swapped files, a plan of
another province or year), so the verdict is "kiểm tra lại" and no compliance score is given. The findings stay
in the JSON (the contract), but no report reads them as the plan's compliance."""

from __future__ import annotations

from dataclasses import dataclass

from cascade.model import LEVEL_NAMES_VI, Plan
from cascade.rules import load_rules, rules_cached
from cascade.text import fold

# A child with at least this many narrative bullets states its tasks in prose rather than omitting them.
MIN_PROSE_TASKS = 3
# Rank of each level in the chain of government; a parent must rank above its child.
_RANK = {"chinh_phu": 0, "tinh": 1, "so": 2, "huyen": 2, "phong": 3, "xa": 3}


# Notes that make the item-by-item comparison meaningless: the files themselves must be checked first.
SUPPRESSING = ("identical", "swapped", "other_province", "other_year")


@dataclass(frozen=True)
class PlanNote:
    """One check on the pair as a whole."""

    code: str  # "identical" | "swapped" | "no_tasks" | "prose_tasks" | "other_province" | "other_year"
    blocking: bool  # the audit cannot pass while this holds
    message: str  # Vietnamese

    @property
    def suppresses(self) -> bool:
        """The pair is not what it should be: no verdict on the items and no score."""
        return self.code in SUPPRESSING


@rules_cached(maxsize=1)
def _provinces() -> frozenset[str]:
    return frozenset(fold(p) for p in load_rules("scope_words").get("provinces", []))


def plan_notes(parent: Plan, child: Plan, child_level: str | None, parent_level: str | None) -> list[PlanNote]:
    """The notes that apply to this pair, most serious first."""
    notes: list[PlanNote] = []
    if _same_content(parent, child):
        notes.append(PlanNote("identical", True, "Kế hoạch cấp dưới giống hệt kế hoạch cấp trên (cùng số hiệu và "
                              "cùng nội dung): có thể đã chọn nhầm tệp; một kế hoạch cấp dưới phải cụ thể hóa "
                              "nhiệm vụ cho đơn vị mình."))
    elif parent_level in _RANK and child_level in _RANK and _RANK[parent_level] > _RANK[child_level]:
        notes.append(PlanNote("swapped", True, f"Hai tệp có vẻ bị đặt ngược: tệp kế hoạch cấp trên là kế hoạch "
                              f"{LEVEL_NAMES_VI[parent_level]}, tệp kế hoạch cấp dưới là kế hoạch "
                              f"{LEVEL_NAMES_VI[child_level]}. Hãy đổi chỗ hai tệp."))
    parent_tasks = [it for it in parent.items if it.kind == "task" and not it.group]
    if parent_tasks and not any(it.kind == "task" for it in child.items):
        prose = sum(1 for it in child.items if it.kind == "directive" and not it.group)
        if prose >= MIN_PROSE_TASKS:
            # Communes often write their tasks as paragraphs: those are compared like table rows.
            notes.append(PlanNote("prose_tasks", False, f"Dự thảo không có bảng nhiệm vụ (phụ lục): {prose} nội dung "
                                  f"viết dưới dạng đoạn văn đã được đối chiếu với {len(parent_tasks)} nhiệm vụ của "
                                  "kế hoạch cấp trên."))
        else:
            notes.append(PlanNote("no_tasks", True, f"Dự thảo không có bảng nhiệm vụ (phụ lục) và không có nhiệm vụ "
                                  f"nào viết thành đoạn văn, trong khi kế hoạch cấp trên giao {len(parent_tasks)} "
                                  "nhiệm vụ."))
    pp, cp = parent.place, child.place
    if pp and cp and fold(pp) != fold(cp) and fold(cp) in _provinces() and fold(pp) in _provinces():
        notes.append(PlanNote("other_province", True, f"Kế hoạch cấp dưới thuộc tỉnh khác: dự thảo ghi {cp}, kế "
                              f"hoạch cấp trên là của {pp}."))
    if parent.year and child.year and parent.year != child.year:
        notes.append(PlanNote("other_year", True, f"Hai kế hoạch có năm kế hoạch khác nhau ({parent.year} và "
                              f"{child.year}): kiểm tra lại kế hoạch cấp trên của đúng năm."))
    return notes


def _same_content(parent: Plan, child: Plan) -> bool:
    if not parent.items or len(parent.items) != len(child.items):
        return False
    return parent.number == child.number and [it.text for it in parent.items] == [it.text for it in child.items]
