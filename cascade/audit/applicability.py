"""Which parent items a child must carry, and why (rules/applicability.yaml).

A child (an agency at a level) must carry what it leads or what a group it belongs to leads ("required"); what
it only co-operates on is "advisory"; another agency's own task, or content of another level (a commune
reorganisation for a Sở), is "not_applicable". Items without agency columns are judged by content and by the
kind defaults of the rules. Everything that varies lives in the rule file; this module only orders the checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.agencies import (
    AgencyRef,
    agency_in,
    agency_level,
    compile_phrases,
    find_addressees,
    match_view,
    parse_agency_list,
    same_agency,
)
from cascade.audit import competence as comp
from cascade.model import LEVEL_NAMES_VI, Item
from cascade.rules import load_rules, rules_cached
from cascade.text import nfc
from cascade.vocab import ApplicabilityStatus

STATUSES: tuple[str, ...] = tuple(s.value for s in ApplicabilityStatus)
_SPECIALISED = frozenset({"so", "phong"})
_CLAUSE = re.compile(r"[;\n]|\.\s+")
_CONTENT_WORD = re.compile(r"\w{2,}")


@dataclass
class Applicability:
    status: str  # "required" | "advisory" | "not_applicable"
    reason: str  # Vietnamese, e.g. "Sở là cơ quan chủ trì", "nhiệm vụ dành cho cấp xã"


@dataclass(frozen=True)
class _Topic:
    name: str
    levels: frozenset[str]  # applies_to (level topics) or levels concerned (shared topics)
    regex: re.Pattern[str]


class _Rules:
    def __init__(self) -> None:
        data = load_rules("applicability")
        self.kind_defaults: dict[str, str] = data.get("kind_defaults", {})
        self.nouns: dict[str, str] = data.get("child_nouns", {})
        self.reasons: dict[str, str] = data.get("reasons", {})
        self.level_topics = [
            _Topic(t["name"], frozenset(t.get("applies_to") or ()), compile_phrases(t.get("phrases", [])))
            for t in data.get("level_topics", [])
        ]
        self.vague_groups = frozenset(data.get("vague_groups") or ())
        self.shared_topics = [
            _Topic(t["name"], frozenset(t.get("levels") or ()), compile_phrases(t.get("phrases", [])))
            for t in data.get("shared_topics", [])
        ]
        # "Phối hợp …" at the start of an item: its addressees co-operate with someone else who leads.
        self.cooperation = re.compile(r"^(?:" + compile_phrases(data.get("cooperation_openings") or []).pattern + ")")
        self.published = compile_phrases(data.get("published_results") or [])
        acts = data.get("province_acts") or {}
        self.act_opening = re.compile(r"^(?:" + compile_phrases(acts.get("openings") or []).pattern + ")")
        self.act_owner = compile_phrases(acts.get("owners") or [])
        self.act_itself = re.compile(r"^(?:" + compile_phrases(acts.get("acts") or []).pattern + ")")
        own = data.get("province_self_assessment") or {}
        self.self_assessment = compile_phrases(own.get("phrases") or [])
        self.self_assessment_owner = compile_phrases(own.get("owners") or [])


@rules_cached(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def _refs(cells: list[str]) -> list[AgencyRef]:
    return [r for cell in cells for r in parse_agency_list(cell)]


@rules_cached(maxsize=4096)
def _other_level_topic(text: str, level: str | None) -> _Topic | None:
    """The level topic that every clause of the text is about, when the child's level is outside it."""
    clauses = [c for c in _CLAUSE.split(nfc(text)) if len(_CONTENT_WORD.findall(c)) >= 2]
    if not clauses:
        return None
    for topic in _rules().level_topics:
        if level in topic.levels:
            continue
        if all(topic.regex.search(match_view(c)) for c in clauses):
            return topic
    return None


def _shared_topic(text: str, level: str | None) -> _Topic | None:
    folded = match_view(nfc(text))
    for topic in _rules().shared_topics:
        if level in topic.levels and topic.regex.search(folded):
            return topic
    return None


def _in_context(refs: list[AgencyRef]) -> list[AgencyRef]:
    """Read vague groups ("các cơ quan, đơn vị liên quan") in the context of their cells.

    Next to definite groups, a vague group means more bodies of the same kind: "Sở Tư pháp; các sở, ban, ngành;
    các cơ quan có liên quan" does not reach the districts. Alone (or beside single agencies only) it keeps the
    levels the rules give it.
    """
    vague = _rules().vague_groups
    definite = [r for r in refs if r.kind == "group" and r.group not in vague]
    if not definite:
        return refs
    levels = frozenset().union(*(r.levels for r in definite))
    return [
        AgencyRef(r.text, r.canonical, r.kind, r.levels & levels, r.group) if r.group in vague else r for r in refs
    ]


def _member(refs: list[AgencyRef], agency: str | None, level: str | None, kind: str) -> AgencyRef | None:
    """The first ref of this kind naming the child; a definite group is preferred to a vague one."""
    hits = [r for r in refs if r.kind == kind and agency_in(r, agency, level)]
    vague = _rules().vague_groups
    return next((r for r in hits if r.group not in vague), hits[0] if hits else None)


def _names(refs: list[AgencyRef]) -> str:
    seen: list[str] = []
    for r in refs:
        if r.canonical not in seen:
            seen.append(r.canonical)
    return ", ".join(seen)


def _item_text(item: Item) -> str:
    """The words that say what an item is about: its main text and its activities (not its product cell, which
    often names the reports every task produces)."""
    if not item.activities:
        return item.text or ""
    return "\n".join([item.text or "", *item.activities])


def _named_others(refs: list[AgencyRef], agency: str | None) -> list[AgencyRef]:
    """Single agencies of our levels named in the cells that are not the child."""
    return [r for r in refs if r.kind == "agency" and r.levels and not (agency and agency_in(r, agency, None))]


def assess(
    item: Item, child_agency: str | None, child_level: str | None, parent_level: str | None = None
) -> Applicability:
    """Decide whether the child agency (at its level) must carry this parent item, and why.

    The rules of ../shared/eval/README.md, in this order:
    1. the child named as lead (for indicators: as a doer) → required;
    2. content of another level, or publishing an index's results → not_applicable;
    3. a per-level target with a value for the child's level → required;
    4. a group of the child leads → required; advisory when the group is vague ("các cơ quan liên quan"), when
       the item's own words make the group a partner ("Phối hợp với Sở Nội vụ …"), or when the lead cell names a
       competent agency beside the group and the subject is not the child's field (that agency's project);
    5. the child (or its group) only co-operates → advisory, unless the item is the lead's own product (a
       province platform or database, a budget, prices) → not_applicable;
    6. cells that name only others → advisory for subjects that rate every agency (PAR INDEX, SIPAS) or that
       another agency runs over all (inspections, propaganda), else not_applicable;
    7. no cells (narrative items): the child's own field (rules/competence.yaml) → required; addressed to the
       child's group → required; shared subjects and others' oversight → advisory; others' own products and
       province products → not_applicable; else the kind default.
    `parent_level` is accepted for callers that know it; the rules do not depend on it yet.
    """
    r = _rules()
    level = child_level or (agency_level(child_agency) if child_agency else None)
    if not child_agency and not level:
        return Applicability("required", r.reasons["unknown_child"])
    # A batch asks every parent item about hundreds of children, each its own agency; the answer depends on the
    # agency only through which of the item's named agencies it is (same_agency) and its competence entry, so
    # children of one level that the item does not name share one answer.
    key = (_item_key(item), level, id(comp.competence_of(child_agency)),
           tuple(same_agency(name, child_agency) for name in _agency_names(item)))
    memo = _memo()
    found = memo.get(key)
    if found is None:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        found = memo[key] = _assess(item, child_agency, level)
    return Applicability(found.status, found.reason)  # a copy: a caller may change its own


_MEMO_SIZE = 8192


@rules_cached(maxsize=1)
def _memo() -> dict[tuple, Applicability]:
    """The answers remembered by `assess` (a new dict when the rules are reloaded)."""
    return {}


def _item_key(item: Item) -> tuple:
    """Every field of the item that `_assess` reads."""
    return (item.kind, item.text, tuple(item.activities), tuple(item.lead), tuple(item.partners),
            tuple(lt.level for lt in item.level_targets))


@rules_cached(maxsize=4096)
def _named_agencies(text: str, lead: tuple[str, ...], partners: tuple[str, ...]) -> tuple[str, ...]:
    refs = [*_refs(list(lead)), *_refs(list(partners)), *find_addressees(text)]
    return tuple(dict.fromkeys(r.canonical for r in refs if r.kind == "agency"))


def _agency_names(item: Item) -> tuple[str, ...]:
    """The canonical names of the single agencies the item's cells and text name: the only agencies whose
    identity with the child `_assess` asks about (`agency_in` of an agency ref is `same_agency`)."""
    return _named_agencies(item.text, tuple(item.lead), tuple(item.partners))


def _assess(item: Item, child_agency: str | None, level: str | None) -> Applicability:
    """`assess` for a child whose level is known (or whose agency is named)."""
    r = _rules()
    fields = {
        "noun": r.nouns.get(level or "", "Đơn vị"),
        "level_name": LEVEL_NAMES_VI.get(level or "", "cấp của đơn vị"),
    }

    def verdict(status: str, key: str, **extra: str) -> Applicability:
        return Applicability(status, r.reasons[key].format(**fields, **extra))

    indicator = item.kind == "indicator"
    text = _item_text(item)
    lead, partners = _refs(item.lead), _refs(item.partners)
    context = _in_context(lead + partners)
    lead, partners = context[: len(lead)], context[len(lead):]
    # An indicator's two agency columns (monitoring unit, implementing units) both bind the named agencies.
    doers = lead + partners if indicator else lead

    if _member(doers, child_agency, level, "agency"):
        return verdict("required", "indicator_named" if indicator else "lead_named")
    topic = _other_level_topic(item.text, level)
    if topic:
        return verdict("not_applicable", "other_level", topic=topic.name)
    published = _published(item.text, level)
    if published:
        return verdict("not_applicable", "published", topic=published)
    if level and any(lt.level == level for lt in item.level_targets):
        return verdict("required", "level_target")
    mine = comp.own_subject(text, child_agency)
    group = _member(doers, child_agency, level, "group")
    if group and group.group in r.vague_groups:
        return verdict("advisory", "vague_group", group=group.canonical)
    if group:
        if not indicator and _cooperation(item.text):
            return verdict("advisory", "cooperation", group=group.canonical)
        others = _named_others(lead, child_agency)
        # Only a specialised agency has a field of its own; a district or commune government runs every field.
        if not indicator and others and not mine and level in _SPECIALISED and (
                comp.province_product(text) or any(comp.own_subject(text, o.canonical) for o in others)):
            return verdict("advisory", "mixed_lead", group=group.canonical, agency=_names(others))
        return verdict("required", "indicator_group" if indicator else "lead_group", group=group.canonical)
    if not indicator:
        partner = _member(partners, child_agency, level, "agency") or _member(partners, child_agency, level, "group")
        if partner:
            product = _lead_product(text, lead)
            if product:
                return verdict("not_applicable", "province_product", agency=_names(lead), topic=product)
            if partner.kind == "agency":
                return verdict("advisory", "partner_named")
            return verdict("advisory", "partner_group", group=partner.canonical)

    # An indicator row naming only its monitoring unit (implementers in a merged cell of the row above) has
    # one column empty: judge it by content like a narrative target.
    cells = lead + partners
    monitor_only = indicator and (not item.lead or not item.partners) and all(d.kind == "agency" for d in doers)
    if cells and not monitor_only:
        # A responsibility paragraph ("Sở Nội vụ: … chủ trì kiểm tra …") hands that agency its own duties.
        if item.kind == "directive" and lead and all(r.kind == "agency" for r in lead):
            return verdict("not_applicable", "other_agency", agency=_names(lead))
        shared = _shared_topic(item.text, level)
        if shared:
            return verdict("advisory", "shared_topic", topic=shared.name)
        claim = comp.other_claim(text, child_agency, level)
        if claim and claim.kind == "oversight":
            return verdict("advisory", "other_oversight", agency=claim.agency, topic=claim.phrase)
        # Only a group in the text counts here: a single agency named in another agency's row is its partner.
        group = _member(find_addressees(item.text), child_agency, level, "group")
        if group:
            return verdict("advisory", "text_group_related", group=group.canonical)
        named = doers or cells
        key = "other_group" if any(d.kind == "group" for d in named) else "other_agency"
        key = "indicator_other" if indicator else key
        return verdict("not_applicable", key, agency=_names(named))

    if mine:
        return verdict("required", "competent", topic=mine)
    addressed = find_addressees(item.text)
    mentioned = _member(addressed, child_agency, level, "agency") or _member(addressed, child_agency, level, "group")
    if mentioned and mentioned.group not in r.vague_groups and not _cooperation(item.text):
        return verdict("required", "text_group", group=mentioned.canonical)
    # A chỉ tiêu binds the agencies of its level even when its subject rates them (SIPAS); a bullet about such a
    # subject only asks them to take part.
    shared = None if indicator else _shared_topic(item.text, level)
    if shared:
        return verdict("advisory", "shared_topic", topic=shared.name)
    claim = comp.other_claim(text, child_agency, level)
    # A monitored indicator (a province index with its monitoring unit) binds every agency that contributes to
    # it; another agency's own product rules out only items that name nobody.
    if claim and claim.kind == "own" and not cells:
        return verdict("not_applicable", "other_own", agency=claim.agency, topic=claim.phrase)
    if claim and claim.kind == "oversight":
        return verdict("advisory", "other_oversight", agency=claim.agency, topic=claim.phrase)
    if mentioned:
        return verdict("advisory", "text_group_related", group=mentioned.canonical)
    product = comp.province_product(item.text)
    if product and not indicator:
        return verdict("not_applicable", "province_product_any", topic=product)
    status = r.kind_defaults.get(item.kind, "advisory")
    return verdict(status, f"default_{item.kind}" if f"default_{item.kind}" in r.reasons else "default_task")


def _lead_product(text: str, lead: list[AgencyRef]) -> str | None:
    """The words naming a product of the province that a named lead builds for everyone ("Hệ thống … của tỉnh",
    "Trung tâm Tích hợp dữ liệu tỉnh Gia Lai"): partners only supply input to it. A subject the partners act on
    in their own organisation (PCI, the PAR INDEX) is not such a product."""
    named = [r for r in lead if r.kind == "agency"]
    if not named:
        return None
    found = comp.province_product(text) or _province_act(text)
    for r in named:
        found = found or comp.product_of(text, r.canonical)
    return found


def _province_act(text: str) -> str | None:
    """An act of the province's own that the item makes ("Ban hành Chỉ thị của UBND tỉnh …", "Thẩm định các dự
    thảo VBQPPL trình HĐND, UBND tỉnh"): the lead drafts it, partners only give opinions."""
    text = nfc(text or "")
    view = match_view(text)
    r = _rules()
    m = r.act_opening.match(view.strip())
    if not m:
        return None
    # An item that is itself an act ("Quyết định sửa đổi Bộ tiêu chí …") names no owner: a department's task
    # row that is a Quyết định or Chỉ thị is one the province signs.
    if r.act_itself.match(view.strip()):
        return text[: m.end()].strip()
    hit = r.act_owner.search(view)
    return text[hit.start():hit.end()] if hit else None


def _cooperation(text: str) -> bool:
    """Whether the item's own words make its addressees partners ("Phối hợp với Sở Nội vụ tham mưu …")."""
    return bool(_rules().cooperation.match(match_view(nfc(text or "").strip())))


def _published(text: str, level: str | None) -> str | None:
    """Publishing an index's results, or the province's own self-assessment, is the index owner's act, not the
    rated agencies' (rules: published_results, province_self_assessment)."""
    if level in (None, "chinh_phu", "tinh"):
        return None
    text = nfc(text or "")
    r = _rules()
    view = match_view(text)
    m = r.published.search(view)
    if m is None and r.self_assessment_owner.search(view):
        m = r.self_assessment.search(view)
    return text[m.start():m.end()] if m else None
