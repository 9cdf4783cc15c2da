"""The plan skeleton as plain data: what an agency's plan must, should and need not carry from its parent.

`build_draft(parent, agency, level)` sorts every parent item with `cascade.audit.applicability.assess` — the
function the audit uses, so the skeleton's required items are exactly those the audit will call required — and
keeps the parent's own words, deadline and target; only scope words are re-written for the level
(rules/draft.yaml). Renderers (`cascade.draft.layout`, `.text`, `.docx`) turn the `Draft` into a document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cascade.agencies import agency_in, agency_level, canonical_agency, parse_agency_list
from cascade.audit.applicability import assess
from cascade.errors import CascadeError
from cascade.model import Item, Plan
from cascade.rules import load_rules

LEVELS = ("so", "huyen", "phong", "xa")
ORGANISATION = "to_chuc_thuc_hien"
OTHER_AREA = "khac"
OTHER_AREA_NAME = "Nhiệm vụ khác"
# A huyện or xã names its unit by the word after "Ủy ban nhân dân" ("thị xã An Nhơn", "phường Hải Cảng").
_UNIT_WORDS = ("thành phố", "thị xã", "thị trấn", "huyện", "phường", "xã", "quận", "đặc khu")


@dataclass
class DraftItem:
    """One parent item as the skeleton carries it."""

    parent_id: str
    kind: str  # the parent's kind: task | indicator | directive (the skeleton mirrors it)
    parent_label: str | None
    text: str  # the text the draft prints (re-worded for the level)
    parent_text: str  # the parent's own words
    status: str  # required | advisory | not_applicable
    reason: str  # the audit's Vietnamese reason
    section: str
    section_name: str = ""  # the reform area's name (or the parent's heading), for the appendix
    in_table: bool = False  # the parent printed it as a table row (a task row, an indicator row)
    parent_item: str | None = None  # the parent item's own parent (a "-" row under task 7.3)
    product: str | None = None
    activities: list[str] = field(default_factory=list)
    deadline: str | None = None  # the parent's deadline as printed
    target: str | None = None  # the parent's target, or the agency's own level value of a per-level row
    level_value: bool = False  # `target` is the agency's own value of a per-level row
    reworded: bool = False


@dataclass
class DraftArea:
    """A reform area of the parent and the items the skeleton files under it."""

    key: str
    name: str
    items: list[DraftItem] = field(default_factory=list)


@dataclass
class Draft:
    """Everything a renderer needs; `to_dict()` is the JSON of `cascade draft --format json`."""

    agency: str
    level: str
    noun: str
    year: int | None
    place: str | None
    header_top: str | None  # the body printed above the agency in the header ("ỦY BAN NHÂN DÂN TỈNH GIA LAI")
    header_agency: str  # the agency's own header line(s), upper case, "\n" between lines
    number: str  # "…/KH-STP": a draft has no number yet
    title: str
    citation: str
    intro: str
    purpose: list[str]
    requirements: list[str]
    areas: list[DraftArea]
    duties: list[DraftItem]
    units: str
    organisation: list[str]
    closing: str
    advisory: list[DraftArea]
    not_applicable: list[DraftItem]
    recipients: list[str]
    signature: list[str]
    parent: dict[str, Any]
    counts: dict[str, int]
    texts: dict[str, str]  # headings and notes of the lists, from rules/draft.yaml

    def required(self) -> list[DraftItem]:
        """The required items: those of the reform areas (indicators and tasks), then the duties."""
        return [*(it for a in self.areas for it in a.items), *self.duties]

    def advisory_items(self) -> list[DraftItem]:
        return [it for a in self.advisory for it in a.items]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (schema `cascade-draft/1`)."""
        return {"schema": "cascade-draft/1", **asdict(self)}


def draft_rules(template_dir: str | Path | None = None) -> dict[str, Any]:
    """The wording of rules/draft.yaml, with a province's own `draft.yaml` from `template_dir` merged over it
    (each top-level key it gives replaces the default one). A missing file is no error: the defaults apply."""
    rules = dict(load_rules("draft"))
    if template_dir is None:
        return rules
    path = Path(template_dir) / "draft.yaml"
    if not path.is_file():
        return rules
    try:
        own = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CascadeError(f"Tệp mẫu {path} không đọc được hoặc không đúng định dạng YAML", detail_en=str(exc),
                           path=str(path), code="rules") from exc
    if not isinstance(own, dict):
        raise CascadeError(f"Tệp mẫu {path} phải là một bảng khóa: giá trị", detail_en="not a mapping",
                           path=str(path), code="rules")
    rules.update(own)
    return rules


def agency_name(agency: str) -> str:
    """The agency's full name: the catalogue's canonical name, or "UBND …" spelled out with a capital initial."""
    text = unicodedata.normalize("NFC", " ".join(agency.split()))
    canonical = canonical_agency(text)
    if canonical:
        return canonical
    text = re.sub(r"^(?:UBND|Uỷ ban nhân dân|ủy ban nhân dân)\s+", "Ủy ban nhân dân ", text, flags=re.I)
    return text[:1].upper() + text[1:]


def _unit(agency: str) -> tuple[str | None, str | None]:
    """("huyện", "Phù Cát") from "Ủy ban nhân dân huyện Phù Cát"; (None, None) for a name without a unit word."""
    rest = re.sub(r"^Ủy ban nhân dân\s+", "", agency)
    for word in _UNIT_WORDS:
        if rest.lower().startswith(word + " "):
            return word, rest[len(word) + 1:].strip()
    return None, None


def _symbol(agency: str, level: str, r: dict[str, Any]) -> str:
    fixed = (r.get("symbols") or {}).get(level)
    if fixed:
        return fixed
    skip = {w.casefold() for w in r.get("symbol_skip") or ()}
    words = [w for w in re.findall(r"\w+", agency) if w.casefold() not in skip]
    return "".join(unicodedata.normalize("NFC", w[0]).upper() for w in words if w[0].isalpha())


def _date_words(iso: str | None) -> str | None:
    if not iso:
        return None
    y, m, d = iso.split("-")
    return f"{d}/{m}/{y}"


def parent_reference(parent: Plan) -> str:
    """The parent by type, number and date: "Quyết định số 4935/QĐ-UBND ngày 29/12/2023"; a draft parent
    keeps its blanks ("Kế hoạch số …/KH-UBND ngày … tháng … năm …")."""
    kind = "Quyết định" if (parent.doc_type or "").startswith("Quyết định") else "Kế hoạch"
    symbol = "QĐ-UBND" if kind == "Quyết định" else "KH-UBND"
    number = parent.number or f"…/{symbol}"
    when = _date_words(parent.date) or "… tháng … năm …"
    return f"{kind} số {number} ngày {when}"


def _citation(parent: Plan, year: int | None) -> str:
    who = parent.agency or "cơ quan cấp trên"
    about = "ban hành Kế hoạch" if (parent.doc_type or "").startswith("Quyết định") else "về"
    return f"Căn cứ {parent_reference(parent)} của {who} {about} cải cách hành chính năm {year or '…'};"


def _reword(text: str, parent_level: str, level: str, noun: str, r: dict[str, Any]) -> str:
    pairs = ((r.get("rewording") or {}).get(parent_level) or {}).get(level) or []
    for pattern, repl in pairs:
        text = re.sub(pattern, repl.format(noun=noun), text)
    return text


def _advise(text: str, level: str, r: dict[str, Any]) -> str:
    """ "Ban hành …" → "Tham mưu UBND tỉnh ban hành …" for a level that drafts its superior's acts."""
    rule = (r.get("advise") or {}).get(level)
    if not rule:
        return text
    for opening in rule.get("openings") or ():
        if text.casefold().startswith(opening.casefold() + " "):
            return rule["prefix"] + text[:1].lower() + text[1:]
    return text


def _target(item: Item, level: str) -> tuple[str | None, bool]:
    """The target the agency prints: its own level's value of a per-level row, else the parent's target."""
    own = next((lt.target.raw for lt in item.level_targets if lt.level == level), None)
    if own:
        return own, True
    if item.kind == "indicator" and item.target is not None and item.source.table is not None:
        return item.target.raw, False
    return None, False


def _leads(item: Item, agency: str, level: str) -> bool:
    """Whether the agency is named as the item's lead (not only as a member of a group)."""
    refs = [ref for cell in item.lead for ref in parse_agency_list(cell)]
    return any(ref.kind == "agency" and agency_in(ref, agency, level) for ref in refs)


def _area_names() -> dict[str, str]:
    return {a["key"]: a["name"] for a in load_rules("reform_areas").get("areas", [])}


def build_draft(parent: Plan, agency: str, level: str, rules: dict[str, Any] | None = None) -> Draft:
    """The skeleton of `agency`'s plan (at `level`: so, huyen, phong, xa) carrying its parent plan.

    `rules`: the wording (`draft_rules()`, the default). Raises ValueError for an unknown level.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    r = rules if rules is not None else draft_rules()
    name = agency_name(agency)
    parent_level = parent.level or "tinh"
    unit_word, unit_name = _unit(name)
    noun = unit_word if level in ("huyen", "xa") and unit_word else (r.get("nouns") or {}).get(level, "đơn vị")
    if level == "so" and not name.startswith("Sở"):
        noun = name.split()[0]  # "Ban Quản lý …" says "Ban", "Văn phòng …" says "Văn phòng"
    year = parent.year
    fields = {"agency": name, "noun": noun, "year": year or "…", "parent_ref": parent_reference(parent),
              "parent_agency": parent.agency or "cơ quan cấp trên"}
    units = ((r.get("units") or {}).get(level) or "Các đơn vị").format(**fields)
    fields["units"] = units
    fields["agency_upper"] = name.upper()

    names = _area_names()
    areas: dict[str, DraftArea] = {}
    advisory: dict[str, DraftArea] = {}
    duties: list[DraftItem] = []
    not_applicable: list[DraftItem] = []
    counts = {"required": 0, "advisory": 0, "not_applicable": 0}
    for it in parent.items:
        if it.group:
            continue  # a heading row only groups its sub-rows, which carry the content
        verdict = assess(it, name, level, parent_level)
        status = verdict.status
        counts[status] += 1
        section = it.section or OTHER_AREA
        text = it.text
        reworded = False
        # An indicator keeps the parent's words: its target measures the parent's scope ("Chỉ số CCHC của tỉnh
        # trong nhóm 20 địa phương dẫn đầu") unless it gives per-level values, which `_target` picks.
        if status != "not_applicable" and it.kind != "indicator":
            new = _reword(text, parent_level, level, noun, r)
            if status == "required" and it.kind == "task" and _leads(it, name, level):
                new = _advise(new, level, r)
            reworded = new != text
            text = new
        target, own_value = _target(it, level)
        di = DraftItem(
            parent_id=it.id, kind=it.kind, parent_label=it.label, text=text, parent_text=it.text, status=status,
            reason=verdict.reason, section=section, section_name=_area_title(section, it, names),
            in_table=it.source.table is not None,
            parent_item=it.parent, product=it.product,
            activities=list(it.activities), deadline=it.deadline.raw if it.deadline else None, target=target,
            level_value=own_value, reworded=reworded,
        )
        if status == "not_applicable":
            not_applicable.append(di)
        elif status == "advisory":
            advisory.setdefault(section, DraftArea(section, _area_title(section, it, names))).items.append(di)
        elif section == ORGANISATION:
            duties.append(di)
        else:
            areas.setdefault(section, DraftArea(section, _area_title(section, it, names))).items.append(di)

    order = {key: k for k, key in enumerate(parent.areas)}

    def ordered(groups: dict[str, DraftArea]) -> list[DraftArea]:
        return sorted(groups.values(), key=lambda a: (order.get(a.key, len(order)), a.key == OTHER_AREA))

    kind_doc = parent_reference(parent)
    top, own = _header_lines(parent, name, level, unit_word, unit_name)
    return Draft(
        agency=name, level=level, noun=noun, year=year,
        place=(unit_name if level in ("huyen", "xa") and unit_name else parent.place),
        header_top=top, header_agency=own,
        number=f"…/KH-{_symbol(name, level, r)}",
        title=r["title"].format(**fields),
        citation=_citation(parent, year),
        intro=f"{name} ban hành Kế hoạch cải cách hành chính năm {year or '…'} như sau:",
        purpose=[p.format(**fields) for p in r.get("purpose") or ()],
        requirements=[p.format(**fields) for p in r.get("requirements") or ()],
        areas=ordered(areas), duties=duties, units=units,
        organisation=[p.format(**fields) for p in r.get("organisation") or ()],
        closing=r.get("closing", "").format(**fields),
        advisory=ordered(advisory), not_applicable=not_applicable,
        recipients=list((r.get("recipients") or {}).get(level) or ["- Lưu: VT."]),
        signature=list((r.get("signature") or {}).get(level) or ["THỦ TRƯỞNG CƠ QUAN"]),
        # The file's name only: a web download must not show where the server keeps its files.
        parent={"file": Path(parent.path).name, "number": parent.number, "date": parent.date, "agency": parent.agency,
                "level": parent_level, "title": parent.title, "reference": kind_doc},
        counts=counts,
        texts={k: str(r.get(k, "")).format(**fields) for k in (
            "indicators_table", "indicators_in_areas", "no_indicators", "no_tasks", "advisory_title", "advisory_note",
            "advisory_indicators", "advisory_duties", "not_applicable_heading", "not_applicable_title",
            "not_applicable_note")},
    )


def _area_title(section: str, item: Item, names: dict[str, str]) -> str:
    if section in names:
        return names[section]
    return item.section_title or OTHER_AREA_NAME


def _header_lines(parent: Plan, name: str, level: str, unit_word: str | None,
                  unit_name: str | None) -> tuple[str | None, str]:
    """The two header lines: the superior body (or "ỦY BAN NHÂN DÂN") and the agency (NĐ 30/2020, mẫu 1.1)."""
    if level in ("huyen", "xa") and unit_word:
        return "ỦY BAN NHÂN DÂN", f"{unit_word} {unit_name}".upper()
    # A Sở prints its province's UBND above it, a phòng its huyện's UBND or its Sở: the parent's issuer.
    top = parent.agency
    if top and agency_level(top) == level:
        top = None
    return (top.upper() if top else None), name.upper()
