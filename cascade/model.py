"""The plan model: plain dataclasses shared by every stage (read → parse → align → audit → report).

Everything downstream consumes these objects; nothing here knows about file formats or matching.
`Plan.to_dict()` gives the PLAN object of the `cascade-audit/1` contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cascade.vocab import FindingType, Kind, Level, Severity, table

# The vocabulary lives in cascade.vocab; these tuples are its values in order (plain strings, as the JSON and YAML
# writers expect), for membership tests and sorting.
LEVELS: tuple[str, ...] = tuple(m.value for m in Level)
KINDS: tuple[str, ...] = tuple(m.value for m in Kind)
FINDING_TYPES: tuple[str, ...] = tuple(m.value for m in FindingType)
SEVERITIES: tuple[str, ...] = tuple(m.value for m in Severity)

# Vietnamese names of the levels inside a sentence ("cấp sở"), for messages and reports: the label table's words.
LEVEL_NAMES_VI: dict[str, str] = table("level_phrases")


@dataclass
class SourceRef:
    """Where an item or block came from, so a report can quote and locate it."""

    path: str = ""
    line: int | None = None  # 1-based line (text files) or paragraph number (docx)
    page: int | None = None  # 1-based page (pdf)
    table: int | None = None  # 0-based index of the table in the document
    row: int | None = None  # 0-based row within that table


@dataclass
class Deadline:
    """A deadline as printed and normalized to something comparable.

    kind:
      - "interval": `start`..`end` (ISO dates, inclusive) — "Tháng 3", "Quý I/2024", "Trước ngày 30/01/2024"
      - "continuous": "Thường xuyên", "Hằng quý" — all year, recurring
      - "dependent": follows another act ("Theo Kế hoạch của UBND tỉnh"); `depends_on` names it
      - "unknown": text we could not read as a time (kept raw)
    `vague` marks whole-year spans ("Cả năm", "Trong năm") that are weaker than a month.
    """

    raw: str
    kind: str = "unknown"
    start: str | None = None
    end: str | None = None
    depends_on: str | None = None
    vague: bool = False


@dataclass
class Target:
    """A target as printed and parsed.

    kind: "percent" | "count" | "rank" | "qualitative" | "completion" | "unknown"
    comparator: ">=" (tối thiểu, ít nhất, từ … trở lên, phấn đấu), "=" , "<=", "range" (value..upper)
    For "rank": `value` is the group size ("nhóm 20 địa phương dẫn đầu"), smaller is stronger.
    """

    raw: str
    kind: str = "unknown"
    value: float | None = None
    upper: float | None = None
    comparator: str = "="
    unit: str | None = None
    scope: str | None = None  # e.g. "cả nước", "khu vực", "cơ quan chuyên môn thuộc tỉnh"
    extra: list[Target] = field(default_factory=list)  # further targets in the same cell


@dataclass
class LevelTarget:
    """One value of a per-level row: 90% for sở, 80% for huyện, 60% for xã."""

    level: Level | str  # one of LEVELS
    label: str  # the row text as printed ("Các sở, ngành và tương đương …")
    target: Target


@dataclass
class Citation:
    """A document the plan cites ("Căn cứ Quyết định số 4935/QĐ-UBND ngày 29/12/2023 của UBND tỉnh …")."""

    number: str | None  # normalized "4935/QĐ-UBND"
    doc_type: str | None  # "Quyết định", "Nghị quyết", "Kế hoạch", "Luật", …
    date: str | None  # ISO date
    issuer: str | None
    relation: str  # "can_cu" (Căn cứ) | "thuc_hien" (Thực hiện) | "mention"
    text: str  # the sentence it came from


@dataclass
class Item:
    """One task, indicator or directive of a plan."""

    id: str  # unique within the plan, stable across runs
    kind: Kind | str  # one of KINDS
    label: str | None  # as printed: "12", "1.1", "7.4", "b", "đ", "-" → None
    text: str  # the item's own main cell or bullet
    section: str | None = None  # reform-area key (rules/reform_areas.yaml), e.g. "the_che"
    section_title: str | None = None  # the area heading as printed
    parent: str | None = None  # id of the parent item (1.1 under 1; "-" rows under 7.3)
    product: str | None = None  # Hoạt động/sản phẩm, Kết quả/Sản phẩm
    activities: list[str] = field(default_factory=list)  # Gia Lai's "Hoạt động" lines
    lead: list[str] = field(default_factory=list)  # Cơ quan chủ trì / thực hiện
    partners: list[str] = field(default_factory=list)  # Cơ quan phối hợp
    deadline: Deadline | None = None
    target: Target | None = None
    level_targets: list[LevelTarget] = field(default_factory=list)
    objective: str | None = None  # Gia Lai's "Mục tiêu"
    group: bool = False  # a heading row that only groups sub-rows (e.g. indicator "7 | Chính quyền số")
    source: SourceRef = field(default_factory=SourceRef)
    order: int = 0  # position in the document, 0-based, across all kinds

    def to_dict(self) -> dict[str, Any]:
        return _clean(self)


@dataclass
class Plan:
    """A parsed plan document."""

    path: str
    number: str | None = None  # "4935/QĐ-UBND"; None for a draft with a blank number
    doc_type: str | None = None  # "Kế hoạch" | "Quyết định ban hành Kế hoạch"
    agency: str | None = None  # "Ủy ban nhân dân tỉnh Bình Định", "Sở Nông nghiệp và Phát triển nông thôn"
    level: Level | str | None = None  # one of LEVELS
    place: str | None = None  # "Bình Định"
    date: str | None = None  # ISO date
    year: int | None = None  # the year the plan covers
    title: str | None = None
    signer: str | None = None
    citations: list[Citation] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # reform-area keys in document order
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # Vietnamese notes on what could not be read
    # The body printed above the issuer in the header ("Ủy ban nhân dân tỉnh Gia Lai" over "Sở Tư pháp"); None
    # when the header names the issuer alone.
    parent_body: str | None = None

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        for it in self.items:
            if it.id == item_id:
                return it
        raise KeyError(item_id)

    def of_kind(self, kind: str) -> list[Item]:
        return [it for it in self.items if it.kind == kind]

    def to_dict(self) -> dict[str, Any]:
        """The PLAN object of the cascade-audit/1 contract."""
        return _clean(self)


_FIELDS: dict[type, tuple[str, ...]] = {}
_SCALARS = (str, int, float, bool)


def _clean(value: Any) -> Any:
    """Plain JSON data, dropping None and empty containers so the JSON stays readable; keeps False/0.

    Walks dataclasses directly, by type: `dataclasses.asdict` deep-copies every value first and is several times
    slower, which shows in batch audits of hundreds of plans.
    """
    t = type(value)
    if t in _SCALARS or value is None:
        return value
    if t is list:
        return [v if type(v) in _SCALARS else _clean(v) for v in value]
    if t is dict:
        pairs = value.items()
    else:
        names = _FIELDS.get(t)
        if names is None:
            names = _FIELDS[t] = tuple(getattr(t, "__dataclass_fields__", ()))
        if not names:
            return value
        pairs = ((k, getattr(value, k)) for k in names)
    out = {}
    for k, v in pairs:
        tv = type(v)
        # Scalars inline: most fields of an item are strings or numbers, and a call per field doubled the cost.
        if tv in _SCALARS:
            out[k] = v
            continue
        if v is None or (tv in (list, dict) and not v):
            continue
        v = _clean(v)
        if type(v) is dict and not v:
            continue
        out[k] = v
    return out


@dataclass
class Link:
    """A parent item carried by a child item (one-to-many allowed: one Link per pair)."""

    parent: str  # parent item id
    child: str  # child item id
    score: float  # 0..1
    why: str  # short Vietnamese list of the signals that carried it


@dataclass
class Finding:
    type: FindingType | str  # a FindingType (the audit emits no other; the contract allows more)
    severity: Severity | str  # one of SEVERITIES
    parent: str | None  # parent item id
    child: str | None  # child item id
    message: str  # Vietnamese, quoting both documents
    details: dict[str, Any] = field(default_factory=dict)  # machine-readable: before/after values, reason

    def to_dict(self) -> dict[str, Any]:
        d = {"type": self.type, "severity": self.severity, "parent": self.parent, "child": self.child,
             "message": self.message}
        if self.details:
            d["details"] = dict(self.details)
        return d
