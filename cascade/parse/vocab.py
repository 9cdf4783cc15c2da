"""The parser's vocabularies, read from the rule packs on first use (never at import) and validated.

Each pack has a typed loader: a frozen dataclass built from `cascade.rules.RulePack`, so a missing or ill-typed key
is a CascadeError naming the file and the key. Phrases are written in the packs as printed, with diacritics; a
loader gives each field in the form its matcher needs (NFC as printed, lower case, or folded), said per field.
Callers compile their regular expressions from these fields, once (`cascade.rules.rules_cached`: cleared by
`reload_rules` when a batch switches to a province's own rules).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from cascade.rules import RulePack, rule_key_error, rule_pack, rules_cached
from cascade.text import fold, folded_words, lower_words, printed_words

# The three forms a loader gives a phrase in live in cascade.text (the reader of plain text needs them too).
_printed = printed_words
_lower = lower_words
_folded = folded_words


def _nfc(word: str) -> str:
    return unicodedata.normalize("NFC", word)


# ---------------------------------------------------------------- rules/cells.yaml


@dataclass(frozen=True)
class CellWords:
    """What a cell looks like (rules/cells.yaml)."""

    agency_heads: tuple[str, ...]  # printed
    agency_quantifiers: tuple[str, ...]  # printed
    agency_false_starts: tuple[str, ...]  # lower case
    deadline_starts: tuple[str, ...]  # lower case, trailing spaces kept
    time_words: tuple[str, ...]  # printed
    time_patterns: tuple[str, ...]  # regular expressions
    dated_clause_openers: tuple[str, ...]  # printed
    target_patterns: tuple[str, ...]  # regular expressions

    @classmethod
    def load(cls, pack: RulePack) -> CellWords:
        """Read and validate the pack."""
        return cls(
            agency_heads=_printed(pack.strings("agency_heads")),
            agency_quantifiers=_printed(pack.strings("agency_quantifiers")),
            agency_false_starts=_lower(pack.strings("agency_false_starts")),
            deadline_starts=_lower(pack.strings("deadline_starts")),
            time_words=_printed(pack.strings("time_words")),
            time_patterns=pack.strings("time_patterns"),
            dated_clause_openers=_printed(pack.strings("dated_clause_openers")),
            target_patterns=pack.strings("target_patterns"),
        )


@rules_cached
def cell_words() -> CellWords:
    """rules/cells.yaml, validated."""
    return CellWords.load(rule_pack("cells"))


# ---------------------------------------------------------------- rules/table_headers.yaml


@dataclass(frozen=True)
class HeaderRole:
    """One column role and the folded header cells that name it (whole cell or opening words)."""

    role: str
    exact: frozenset[str]
    starts: tuple[str, ...]

    def matches(self, folded: str) -> bool:
        """Whether a folded header cell names this role."""
        return folded in self.exact or folded.startswith(self.starts)


@dataclass(frozen=True)
class TableHeaders:
    """Header vocabulary of task and indicator tables (rules/table_headers.yaml), roles in priority order."""

    roles: tuple[HeaderRole, ...]
    indicator_text_headers: tuple[str, ...]  # folded

    @classmethod
    def load(cls, pack: RulePack) -> TableHeaders:
        """Read and validate the pack; every role entry needs `role` and at least one of `exact`, `starts`."""
        entries = pack.data.get("roles") if isinstance(pack.data, dict) else None
        if not isinstance(entries, list):
            raise rule_key_error(pack.file, "roles", "list of role entries", entries, missing=entries is None)
        roles = []
        for i, entry in enumerate(entries):
            sub = RulePack(pack.name, entry if isinstance(entry, dict) else {}, prefix=f"roles[{i}].")
            exact = _folded(sub.strings("exact")) if sub.has("exact") else ()
            starts = _folded(sub.strings("starts")) if sub.has("starts") or not exact else ()
            roles.append(HeaderRole(sub.string("role"), frozenset(exact), starts))
        return cls(tuple(roles), _folded(pack.strings("indicator_text_headers")))


@rules_cached
def table_headers() -> TableHeaders:
    """rules/table_headers.yaml, validated."""
    return TableHeaders.load(rule_pack("table_headers"))


# ---------------------------------------------------------------- rules/narrative.yaml


@dataclass(frozen=True)
class NarrativeWords:
    """Section titles, sub-headings and the labels of prose paragraphs (rules/narrative.yaml); folded unless said."""

    objectives_titles: tuple[str, ...]
    tasks_title_words: tuple[str, ...]
    skipped_titles: tuple[str, ...]
    indicators_word: str
    directives_subheadings: tuple[str, ...]
    indicators_follow: tuple[str, ...]
    appendix_titles: tuple[str, ...]
    appendix_titles_lower: tuple[str, ...]  # lower case with diacritics
    funding_titles: tuple[str, ...]
    deadline_labels: tuple[str, ...]  # printed
    lead_labels: tuple[str, ...]  # printed
    partner_labels: tuple[str, ...]  # printed
    person_doers: tuple[str, ...]  # lower case with diacritics
    subject_lead_verbs: tuple[str, ...]  # printed
    subject_lead_openers: tuple[str, ...]  # printed

    @classmethod
    def load(cls, pack: RulePack) -> NarrativeWords:
        """Read and validate the pack."""
        appendix = pack.strings("appendix_titles")
        return cls(
            objectives_titles=_folded(pack.strings("objectives_titles")),
            tasks_title_words=_folded(pack.strings("tasks_title_words")),
            skipped_titles=_folded(pack.strings("skipped_titles")),
            indicators_word=fold(pack.string("indicators_word")),
            directives_subheadings=_folded(pack.strings("directives_subheadings")),
            indicators_follow=_folded(pack.strings("indicators_follow")),
            appendix_titles=_folded(appendix),
            appendix_titles_lower=_lower(appendix),
            funding_titles=_folded(pack.strings("funding_titles")),
            deadline_labels=_printed(pack.strings("deadline_labels")),
            lead_labels=_printed(pack.strings("lead_labels")),
            partner_labels=_printed(pack.strings("partner_labels")),
            person_doers=_lower(pack.strings("person_doers")),
            subject_lead_verbs=_printed(pack.strings("subject_lead_verbs")),
            subject_lead_openers=_printed(pack.strings("subject_lead_openers")),
        )


@rules_cached
def narrative_words() -> NarrativeWords:
    """rules/narrative.yaml, validated."""
    return NarrativeWords.load(rule_pack("narrative"))


@rules_cached
def generic_heading_openers() -> tuple[str, ...]:
    """`generic_heading_openers` of rules/reform_areas.yaml, folded."""
    return _folded(rule_pack("reform_areas").strings("generic_heading_openers"))


# ---------------------------------------------------------------- rules/organisation.yaml


@dataclass(frozen=True)
class OrganisationWords:
    """Words of the "Tổ chức thực hiện" section (rules/organisation.yaml)."""

    handing_words: tuple[str, ...]  # printed
    agency_quantifiers: tuple[str, ...]  # printed
    agency_words: tuple[str, ...]  # printed
    not_agency_when_followed_by: dict[str, tuple[str, ...]]  # printed
    duty_verbs: tuple[str, ...]  # printed, case-sensitive
    closing_openers: tuple[str, ...]  # folded
    request_opener: str  # folded
    difficulty_words: tuple[str, ...]  # folded
    body_end_opener: str  # folded
    end_openers: tuple[str, ...]  # folded
    heading_tails: tuple[str, ...]  # printed
    inner_doer_opener: str  # lower case with diacritics

    @classmethod
    def load(cls, pack: RulePack) -> OrganisationWords:
        """Read and validate the pack."""
        followers = pack.lists_map("not_agency_when_followed_by")
        return cls(
            handing_words=_printed(pack.strings("handing_words")),
            agency_quantifiers=_printed(pack.strings("agency_quantifiers")),
            agency_words=_printed(pack.strings("agency_words")),
            not_agency_when_followed_by={unicodedata.normalize("NFC", k): _printed(v) for k, v in followers.items()},
            duty_verbs=_printed(pack.strings("duty_verbs")),
            closing_openers=_folded(pack.strings("closing_openers")),
            request_opener=fold(pack.string("request_opener")),
            difficulty_words=_folded(pack.strings("difficulty_words")),
            body_end_opener=fold(pack.string("body_end_opener")),
            end_openers=_folded(pack.strings("end_openers")),
            heading_tails=_printed(pack.strings("heading_tails")),
            inner_doer_opener=_nfc(pack.string("inner_doer_opener")).casefold(),
        )


@rules_cached
def organisation_words() -> OrganisationWords:
    """rules/organisation.yaml, validated."""
    return OrganisationWords.load(rule_pack("organisation"))


# ---------------------------------------------------------------- rules/header.yaml


@dataclass(frozen=True)
class HeaderWords:
    """The document header and metadata vocabulary (rules/header.yaml); folded unless said."""

    mottos: tuple[str, ...]
    document_titles: tuple[str, ...]
    body_heads: tuple[str, ...]
    councils: dict[str, str]  # folded head → printed name
    units: dict[str, str]  # folded territory word → level
    unit_words: dict[str, str]  # folded territory word → printed (lower case)
    citation_types: tuple[str, ...]  # printed
    citation_issuers: tuple[str, ...]  # printed
    citation_issuer_end_words: tuple[str, ...]  # printed
    citation_relations: dict[str, str]  # folded opener → relation
    citations_end: tuple[str, ...]
    signer_titles: tuple[str, ...]  # folded, trailing space kept
    level_patterns: tuple[tuple[str, str], ...]  # (regular expression, level), first match wins
    patterns: dict[str, str]  # name → regular expression (the `patterns` section)
    citation_openers: tuple[str, ...]  # printed: the keys of `citation_relations`
    number_label: str  # printed
    number_label_long: str  # printed
    place_lower_syllables: frozenset[str]
    city_unit: str
    committee_name: str  # printed
    plan_title: str
    decision_title: str
    plan_doc_type: str  # printed
    decision_doc_type: str  # printed
    reform_title_phrase: str  # lower case with diacritics
    province_symbol_suffix: str  # printed
    unnumbered_citation_types: tuple[str, ...]  # printed
    signer_label: str  # printed

    @classmethod
    def load(cls, pack: RulePack) -> HeaderWords:
        """Read and validate the pack."""
        units = pack.string_map("units")
        entries = pack.data.get("level_patterns") if isinstance(pack.data, dict) else None
        if not isinstance(entries, list):
            raise rule_key_error(pack.file, "level_patterns", "list of {level, pattern} entries", entries,
                                 missing=entries is None)
        levels = []
        for i, entry in enumerate(entries):
            sub = RulePack(pack.name, entry if isinstance(entry, dict) else {}, prefix=f"level_patterns[{i}].")
            levels.append((sub.string("pattern"), sub.string("level")))
        return cls(
            mottos=_folded(pack.strings("mottos")),
            document_titles=_folded(pack.strings("document_titles")),
            body_heads=_folded(pack.strings("body_heads")),
            councils={fold(k): unicodedata.normalize("NFC", v) for k, v in pack.string_map("councils").items()},
            units={fold(k): v for k, v in units.items()},
            unit_words={fold(k): unicodedata.normalize("NFC", k) for k in units},
            citation_types=_printed(pack.strings("citation_types")),
            citation_issuers=_printed(pack.strings("citation_issuers")),
            citation_issuer_end_words=_printed(pack.strings("citation_issuer_end_words")),
            citation_relations={fold(k): v for k, v in pack.string_map("citation_relations").items()},
            citations_end=_folded(pack.strings("citations_end")),
            signer_titles=_folded(pack.strings("signer_titles")),
            level_patterns=tuple(levels),
            patterns=pack.string_map("patterns"),
            citation_openers=_printed(tuple(pack.string_map("citation_relations"))),
            number_label=_nfc(pack.string("number_label")),
            number_label_long=_nfc(pack.string("number_label_long")),
            place_lower_syllables=frozenset(_folded(pack.strings("place_lower_syllables"))),
            city_unit=fold(pack.string("city_unit")),
            committee_name=_nfc(pack.string("committee_name")),
            plan_title=fold(pack.string("plan_title")),
            decision_title=fold(pack.string("decision_title")),
            plan_doc_type=_nfc(pack.string("plan_doc_type")),
            decision_doc_type=_nfc(pack.string("decision_doc_type")),
            reform_title_phrase=_nfc(pack.string("reform_title_phrase")).casefold(),
            province_symbol_suffix=_nfc(pack.string("province_symbol_suffix")),
            unnumbered_citation_types=_printed(pack.strings("unnumbered_citation_types")),
            signer_label=_nfc(pack.string("signer_label")),
        )

    def pattern(self, name: str) -> str:
        """The regular expression `patterns.<name>`; a missing one is a CascadeError naming the file and key."""
        if name not in self.patterns:
            raise rule_key_error("header.yaml", f"patterns.{name}", "string", missing=True)
        return self.patterns[name]


@rules_cached
def header_words() -> HeaderWords:
    """rules/header.yaml, validated."""
    return HeaderWords.load(rule_pack("header"))


# ---------------------------------------------------------------- rules/targets.yaml and rules/deadlines.yaml


@dataclass(frozen=True)
class TargetWords:
    """Target vocabulary (rules/targets.yaml), as printed; cascade/parse/targets.py folds it into its patterns."""

    comparators_before: dict[str, tuple[str, ...]]
    comparators_after: dict[str, tuple[str, ...]]
    range_separators: tuple[str, ...]
    rank_group_word: str
    rank_lead_words: tuple[str, ...]
    rank_step_word: str
    rank_step_verbs: tuple[str, ...]
    qualitative_levels: tuple[str, ...]  # strongest first
    qualitative_markers: tuple[str, ...]
    completion: tuple[str, ...]
    count_units: tuple[str, ...]
    levels: dict[str, tuple[str, ...]]
    statement_openers: tuple[str, ...]
    value_fillers: tuple[str, ...]
    rank_step_from: str
    reference_word: str
    completion_scope_word: str
    and_words: tuple[str, ...]

    @classmethod
    def load(cls, pack: RulePack) -> TargetWords:
        """Read and validate the pack."""
        return cls(
            comparators_before=pack.lists_map("comparators_before"),
            comparators_after=pack.lists_map("comparators_after"),
            range_separators=pack.strings("range_separators"),
            rank_group_word=pack.string("rank_group_word"),
            rank_lead_words=pack.strings("rank_lead_words"),
            rank_step_word=pack.string("rank_step_word"),
            rank_step_verbs=pack.strings("rank_step_verbs"),
            qualitative_levels=pack.strings("qualitative_levels"),
            qualitative_markers=pack.strings("qualitative_markers"),
            completion=pack.strings("completion"),
            count_units=pack.strings("count_units"),
            levels=pack.lists_map("levels"),
            statement_openers=pack.strings("statement_openers"),
            value_fillers=pack.strings("value_fillers"),
            rank_step_from=pack.string("rank_step_from"),
            reference_word=pack.string("reference_word"),
            completion_scope_word=pack.string("completion_scope_word"),
            and_words=pack.strings("and_words"),
        )


@rules_cached
def target_words() -> TargetWords:
    """rules/targets.yaml, validated."""
    return TargetWords.load(rule_pack("targets"))


@dataclass(frozen=True)
class DeadlineWords:
    """Deadline vocabulary (rules/deadlines.yaml), as printed; cascade/parse/deadlines.py folds it."""

    dependent_prefixes: tuple[str, ...]
    dependent_markers: tuple[str, ...]
    recurring: tuple[str, ...]
    continuous_in_year: str
    whole_year: tuple[str, ...]
    before_words: tuple[str, ...]
    first_half: tuple[str, ...]
    second_half: tuple[str, ...]
    month_word: str
    quarter_word: str
    year_word: str
    day_word: str
    quarter_range_words: tuple[str, ...]
    part_time_words: tuple[str, ...]
    periods: dict[str, int]  # phrase → months between two reports (0: ongoing)
    period_names: dict[int, str]  # months between two reports → how a report names the period

    @classmethod
    def load(cls, pack: RulePack) -> DeadlineWords:
        """Read and validate the pack (`periods` is optional: without it no frequency is compared)."""
        periods: dict[str, int] = {}
        if pack.has("periods"):
            raw = pack.data["periods"]
            if not isinstance(raw, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in raw.items()):
                    raise rule_key_error(pack.file, "periods", "mapping of phrases to months", raw)
            periods = dict(raw)
        names = pack.data.get("period_names") if isinstance(pack.data, dict) else None
        if not isinstance(names, dict) or not all(isinstance(k, int) and isinstance(v, str) for k, v in names.items()):
            raise rule_key_error(pack.file, "period_names", "mapping of months to names", names, missing=names is None)
        return cls(
            dependent_prefixes=pack.strings("dependent_prefixes"),
            dependent_markers=pack.strings("dependent_markers"),
            recurring=pack.strings("recurring"),
            continuous_in_year=pack.string("continuous_in_year"),
            whole_year=pack.strings("whole_year"),
            before_words=pack.strings("before_words"),
            first_half=pack.strings("first_half"),
            second_half=pack.strings("second_half"),
            month_word=pack.string("month_word"),
            quarter_word=pack.string("quarter_word"),
            year_word=pack.string("year_word"),
            day_word=pack.string("day_word"),
            quarter_range_words=pack.strings("quarter_range_words"),
            part_time_words=pack.strings("part_time_words"),
            periods=periods,
            period_names={k: unicodedata.normalize("NFC", v) for k, v in names.items()},
        )


@rules_cached
def deadline_words() -> DeadlineWords:
    """rules/deadlines.yaml, validated."""
    return DeadlineWords.load(rule_pack("deadlines"))
