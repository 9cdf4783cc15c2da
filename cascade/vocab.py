"""The one vocabulary of cascade: every machine value a plan, an audit or a report uses, and its display words.

The values are the strings of the `cascade-audit/1` JSON (a `StrEnum` member *is* its string: it compares, hashes,
formats and serializes as the value, so `Severity.ERROR == "error"` and `json.dumps` writes `"error"`). The
Vietnamese words an official reads are not here: they live in the one label table,
`cascade/report/templates/labels.yaml`, read through `label` / `table` below (and `cascade.report.labels` for the
reports' province overrides and formatting helpers). This module is the bottom layer: it imports nothing from
cascade, so the model, the audit and the report can all use it.

Enum order is meaningful where the JSON is ordered by it: `FindingType` orders the findings of one item and the
`counts.by_type` keys; `Severity` goes from worst to mildest. Display order is the label table's.
"""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

# The label table is data of the report package (a province may override it in its own template directory for the
# reports); its path is all this layer needs to know.
LABELS_FILE = Path(__file__).resolve().parent / "report" / "templates" / "labels.yaml"


class Kind(StrEnum):
    """What a plan item is (`Item.kind`)."""

    TASK = "task"
    INDICATOR = "indicator"
    DIRECTIVE = "directive"


class Level(StrEnum):
    """The administrative level of a plan or an agency, from the top (`Plan.level`, `LevelTarget.level`)."""

    CHINH_PHU = "chinh_phu"
    TINH = "tinh"
    SO = "so"
    HUYEN = "huyen"
    PHONG = "phong"
    XA = "xa"


class Severity(StrEnum):
    """How serious a finding is, worst first (`Finding.severity`)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingType(StrEnum):
    """Every finding type the audit may emit (`Finding.type`).

    The first eight are the scored types of the contract, in the order findings of one item are sorted; the review
    notes follow in alphabetical order (the order the audit gave them before they were declared here).
    `level_target` is a type of the answer keys (a child taking its own level's value): the audit reports its
    problems as `weakened_target` or `target_changed`, the report shows it as a change.
    """

    MISSING = "missing"
    WEAKENED_TARGET = "weakened_target"
    WEAKENED_DEADLINE = "weakened_deadline"
    WEAKENED_WORDING = "weakened_wording"
    NARROWED = "narrowed"
    RENUMBERED = "renumbered"
    MOVED = "moved"
    ADDED = "added"
    DEADLINE_DEPENDENT = "deadline_dependent"
    LEVEL_TARGET = "level_target"
    TARGET_CHANGED = "target_changed"


class ApplicabilityStatus(StrEnum):
    """Whether a child must carry a parent item (`summary.applicability[id].status`, `details.status`)."""

    REQUIRED = "required"
    ADVISORY = "advisory"
    NOT_APPLICABLE = "not_applicable"


class Verdict(StrEnum):
    """The conclusion on a child plan (`summary.verdict`); `loi` is the batch's word for a pair it could not audit."""

    DAT = "dat"
    CAN_SUA = "can_sua"
    KIEM_TRA_LAI = "kiem_tra_lai"
    KHONG_LIEN_QUAN = "khong_lien_quan"
    LOI = "loi"


class Coverage(StrEnum):
    """How a child carries a parent's task or indicator in the batch coverage matrix."""

    CARRIED = "carried"
    WEAKENED = "weakened"
    MISSING = "missing"
    NOT_APPLICABLE = "not_applicable"


class SubmissionStatus(StrEnum):
    """Where a child plan stands in the service's review workflow: dự thảo → đã góp ý → đạt."""

    DU_THAO = "du_thao"
    DA_GOP_Y = "da_gop_y"
    DAT = "dat"


class JobState(StrEnum):
    """A submitted version's audit job in the service (queued versions are the persistent queue)."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class PlanSource(StrEnum):
    """Where a parent plan of the web library came from."""

    BUNDLED = "bundled"
    SESSION = "session"
    SAVED = "saved"


# Which table of the label file names each vocabulary. Every value must have a label (tests/test_vocab.py).
LABEL_TABLES: dict[type[StrEnum], str] = {
    Kind: "kinds",
    Level: "levels",
    Severity: "severities",
    FindingType: "finding_types",
    ApplicabilityStatus: "applicability",
    Verdict: "verdicts",
    Coverage: "coverage",
    SubmissionStatus: "submission_statuses",
    JobState: "job_states",
    PlanSource: "plan_sources",
}
# Tables that name the same values in other positions (inside a sentence, a form's choices): each must cover its
# vocabulary too. Not every level is a choice of the web form (a child plan is never the Government's or the
# province's), so `level_choices` is checked the other way round: its keys are levels.
PHRASE_TABLES: dict[str, type[StrEnum]] = {
    "level_phrases": Level,
    "level_short": Level,
    "applicability_phrases": ApplicabilityStatus,
}

# Findings that call for a correction of the child plan (the verdict counts these; the others are notes).
TO_FIX: frozenset[FindingType] = frozenset({
    FindingType.MISSING, FindingType.WEAKENED_TARGET, FindingType.WEAKENED_DEADLINE, FindingType.WEAKENED_WORDING,
    FindingType.NARROWED, FindingType.MOVED,
})
# Verdicts under which the items were not judged: no score, no item-by-item table in the reports.
NOT_JUDGED: frozenset[Verdict] = frozenset({Verdict.KHONG_LIEN_QUAN, Verdict.KIEM_TRA_LAI})


# ---------------------------------------------------------------- the label table

def count_vi(n: int) -> str:
    """A count as Vietnamese writes it: 10.000 (a dot between thousands)."""
    return f"{n:,}".replace(",", ".")


@lru_cache(maxsize=8)
def load_label_file(path: str) -> dict[str, Any]:
    """The parsed label file at `path` (cached; callers must not change it)."""
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def table(name: str) -> dict[str, str]:
    """One table of the package's labels, e.g. `table("severities")` (a copy: callers may not change shared data)."""
    return dict(load_label_file(str(LABELS_FILE)).get(name) or {})


def label(name: str, key: str | None, default: str | None = None) -> str:
    """The display word for `key` in table `name`; `default` (else the table's "unknown" word) when absent.

    Never the key itself: an unknown machine value must not be shown to an official.
    """
    words = load_label_file(str(LABELS_FILE)).get(name) or {}
    if key is not None and key in words:
        return str(words[key])
    return default if default is not None else unknown("value")


def unknown(what: str) -> str:
    """The words for a value the document does not give: "chưa ghi ngày", "chưa có số", "chưa rõ cấp" …"""
    words = load_label_file(str(LABELS_FILE)).get("unknown") or {}
    return str(words.get(what) or words.get("value") or "chưa rõ")


def level_name(level: str | None) -> str:
    """"Cấp sở" for `so` (a column value); "chưa rõ cấp" when unknown."""
    return label("levels", level, unknown("level"))


def level_phrase(level: str | None) -> str:
    """"cấp sở" for `so` (inside a sentence); "chưa rõ cấp" when unknown."""
    return label("level_phrases", level, unknown("level"))
