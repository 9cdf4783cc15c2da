"""Which parent items a child must carry, and why (rules/applicability.yaml).

A child (an agency at a level) must carry what it leads or what a group it belongs to leads ("required"); what
it only co-operates on is "advisory"; another agency's own task, or content of another level (a commune
reorganisation for a Sở), is "not_applicable". Items without agency columns are judged by content and by the
kind defaults of the rules. Everything that varies lives in the rule file; this module only orders the checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from cascade.agencies import (
    AgencyRef,
    agency_in,
    agency_level,
    compile_phrases,
    find_agency_mentions,
    match_view,
    parse_agency_list,
)
from cascade.model import LEVEL_NAMES_VI, Item
from cascade.rules import load_rules
from cascade.text import nfc

STATUSES: tuple[str, ...] = ("required", "advisory", "not_applicable")
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
        self.severity: dict[str, str] = data.get("severity", {})
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


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    return _Rules()


def severity_for(status: str) -> str:
    """The severity of a `missing` finding for an item of this status (rules: required → error, …)."""
    return _rules().severity.get(status, "error")


def _refs(cells: list[str]) -> list[AgencyRef]:
    return [r for cell in cells for r in parse_agency_list(cell)]


@lru_cache(maxsize=8192)
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


def assess(
    item: Item, child_agency: str | None, child_level: str | None, parent_level: str | None = None
) -> Applicability:
    """Decide whether the child agency (at its level) must carry this parent item, and why.

    Order: the child named as lead → required; content of another level → not_applicable; a per-level target
    of the child's level → required; a group of the child leads (for indicators: lead or implementer) →
    required (advisory when the group is vague: "các cơ quan, đơn vị liên quan"); the child or its group co-operates → advisory; other agencies' cells → not_applicable (advisory
    for subjects that rate the child, e.g. the PAR INDEX); no agency cells → by text and the kind default.
    `parent_level` is accepted for callers that know it; the rules do not depend on it yet.
    """
    r = _rules()
    level = child_level or (agency_level(child_agency) if child_agency else None)
    if not child_agency and not level:
        return Applicability("required", r.reasons["unknown_child"])
    fields = {
        "noun": r.nouns.get(level or "", "Đơn vị"),
        "level_name": LEVEL_NAMES_VI.get(level or "", "cấp của đơn vị"),
    }

    def verdict(status: str, key: str, **extra: str) -> Applicability:
        return Applicability(status, r.reasons[key].format(**fields, **extra))

    indicator = item.kind == "indicator"
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
    if level and any(lt.level == level for lt in item.level_targets):
        return verdict("required", "level_target")
    group = _member(doers, child_agency, level, "group")
    if group and group.group in r.vague_groups:
        return verdict("advisory", "vague_group", group=group.canonical)
    if group:
        return verdict("required", "indicator_group" if indicator else "lead_group", group=group.canonical)
    if not indicator:
        if _member(partners, child_agency, level, "agency"):
            return verdict("advisory", "partner_named")
        group = _member(partners, child_agency, level, "group")
        if group:
            return verdict("advisory", "partner_group", group=group.canonical)

    mentioned = _member(find_agency_mentions(item.text), child_agency, level, "group") or _member(
        find_agency_mentions(item.text), child_agency, level, "agency"
    )
    # An indicator row naming only its monitoring unit (implementers in a merged cell of the row above) has
    # one column empty: judge it by content like a narrative target.
    cells = lead + partners
    monitor_only = indicator and (not item.lead or not item.partners) and all(d.kind == "agency" for d in doers)
    if cells and not monitor_only:
        shared = _shared_topic(item.text, level)
        if shared:
            return verdict("advisory", "shared_topic", topic=shared.name)
        if mentioned:
            return verdict("advisory", "text_group_related", group=mentioned.canonical)
        named = doers or cells
        key = "other_group" if any(d.kind == "group" for d in named) else "other_agency"
        key = "indicator_other" if indicator else key
        return verdict("not_applicable", key, agency=_names(named))

    if mentioned and mentioned.group not in r.vague_groups:
        return verdict("required", "text_group", group=mentioned.canonical)
    if mentioned:
        return verdict("advisory", "text_group_related", group=mentioned.canonical)
    status = r.kind_defaults.get(item.kind, "advisory")
    return verdict(status, f"default_{item.kind}" if f"default_{item.kind}" in r.reasons else "default_task")
