"""Agency names and groups in the lead / partner cells of a plan (rules/agencies.yaml).

A cell such as "Văn phòng UBND tỉnh và các sở, ban, ngành; UBND các huyện, thị xã, thành phố" becomes a list of
`AgencyRef`: named agencies and groups ("các sở, ban, ngành" covers every department). Group names hold commas,
so known names and groups are found first (diacritic-insensitive, abbreviations accepted) and only the rest of
the cell is split on separators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from cascade.model import LEVELS, Plan
from cascade.rules import load_rules, rules_cached
from cascade.text import expand_abbreviations, fold, fold_aligned, nfc

# Between two words of a name: spaces, or a comma / dash / slash with optional spaces.
# Separators between the words of a name (" , - – /" and any white space) are turned into spaces in the text
# matched (one character for one, so positions stay those of the original), so a pattern joins its words with
# " +": a character class between every two words of ~1,700 phrases took a quarter second to compile.
_SEP = r" +"
_SEP_TABLE = {ord(c): " " for c in ",-–/\t\n\r\x0b\x0c\xa0\u2009\u202f"}


def match_view(text: str) -> str:
    """The folded text that regexes from `compile_phrases` and the catalogue run on (see `_SEP`)."""
    return fold_aligned(text).translate(_SEP_TABLE)
_WORD = re.compile(r"[\w&]+")
_EDGE = re.compile(r"^[\s\-–+.,;:]+|[\s\-–+.,;:]+$")
# Below this rapidfuzz ratio two unknown names are different agencies.
_FUZZY_CUTOFF = 92  # 90 would make "so noi vu" ~ "so ngoai vu"


@dataclass(frozen=True)
class AgencyRef:
    """One agency or group named in a cell.

    kind: "agency" (one body) or "group" (many, e.g. "các sở, ban, ngành"); levels: the model.LEVELS it covers;
    group: the group key from rules/agencies.yaml, None for an agency; canonical: the canonical agency name or
    group label (for an unknown agency, the cleaned text as printed).
    """

    text: str
    canonical: str
    kind: str
    levels: frozenset[str] = field(default_factory=frozenset)
    group: str | None = None


@dataclass(frozen=True)
class _Entry:
    kind: str
    canonical: str
    levels: frozenset[str]
    group: str | None


def _words_pattern(phrase: str, abbrevs: list[tuple[list[str], list[str]]]) -> str:
    """Regex for a phrase on folded text: any separator between words, abbreviations in place of long forms."""
    words = _WORD.findall(fold(phrase))
    parts: list[str] = []
    i = 0
    while i < len(words):
        for long_words, shorts in abbrevs:
            n = len(long_words)
            if words[i:i + n] == long_words:
                alts = [_SEP.join(re.escape(w) for w in long_words), *(re.escape(s) for s in shorts)]
                parts.append("(?:" + "|".join(alts) + ")")
                i += n
                break
        else:
            parts.append(re.escape(words[i]))
            i += 1
    return _SEP.join(parts)


def _abbreviation_forms() -> list[tuple[list[str], list[str]]]:
    """(folded long-form words, folded short forms), longest long form first."""
    shorts: dict[tuple[str, ...], list[str]] = {}
    for a in load_rules("abbreviations").get("abbreviations", []):
        shorts.setdefault(tuple(_WORD.findall(fold(a["long"]))), []).append(fold(a["short"]))
    return sorted(((list(k), v) for k, v in shorts.items()), key=lambda x: len(x[0]), reverse=True)


def compile_phrases(phrases: list[str]) -> re.Pattern[str]:
    """A regex finding any of the phrases in folded text (see `fold_aligned`): whole words, any separator
    (" , - – /") between words, abbreviations accepted for their long forms. Longest phrases first."""
    abbrevs = _abbreviation_forms()
    pats = sorted({_words_pattern(p, abbrevs) for p in phrases}, key=len, reverse=True)
    if not pats:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w&])(?:" + "|".join(pats) + r")(?![\w&])")


class _Catalog:
    """Compiled rules/agencies.yaml."""

    def __init__(self) -> None:
        data = load_rules("agencies")
        abbrevs = _abbreviation_forms()
        phrases: list[tuple[str, _Entry]] = []
        self.groups: dict[str, _Entry] = {}
        for g in data.get("groups", []):
            entry = _Entry("group", nfc(g["label"]), frozenset(g.get("levels") or ()), g["key"])
            self.groups[g["key"]] = entry
            phrases += [(p, entry) for p in g.get("phrases", [])]
        self.levels: dict[str, str | None] = {}
        self.by_folded: dict[str, str] = {}
        for a in data.get("agencies", []):
            name = nfc(a["name"])
            entry = _Entry("agency", name, frozenset([a["level"]]) if a.get("level") else frozenset(), None)
            self.levels[name] = a.get("level")
            for alias in [name, *(a.get("aliases") or [])]:
                phrases.append((alias, entry))
                self.by_folded[" ".join(_WORD.findall(fold(alias)))] = name
        self.entries: list[_Entry] = []
        alts: list[str] = []
        seen: set[str] = set()
        for phrase, entry in sorted(phrases, key=lambda pe: len(pe[0]), reverse=True):
            pat = _words_pattern(phrase, abbrevs)
            if pat in seen:
                continue
            seen.add(pat)
            alts.append(f"(?P<e{len(self.entries)}>{pat})")
            self.entries.append(entry)
        self.regex = re.compile(r"(?<![\w&])(?:" + "|".join(alts) + r")(?![\w&])")
        self.filler_re = compile_phrases(data.get("fillers", []))
        self.level_patterns = [(lp["level"], re.compile(lp["pattern"])) for lp in data.get("level_patterns", [])]
        self.folded_names = list(self.by_folded)
        # "tỉnh Bình Định", "huyện Chư Sê" after a name: not part of the name.
        scope = load_rules("scope_words")
        self.place_tail = re.compile(r"\s+tinh$")
        provinces = sorted((fold(p) for p in scope.get("provinces", [])), key=len, reverse=True)
        self.province_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in provinces) + r")(?!\w)")


@rules_cached(maxsize=1)
def _catalog() -> _Catalog:
    return _Catalog()


def _clean(piece: str) -> str:
    return nfc(_EDGE.sub("", piece))


@rules_cached(maxsize=4096)
def _parse(cell: str) -> tuple[AgencyRef, ...]:
    cat = _catalog()
    text = nfc(cell.replace("\n", "; "))
    folded = match_view(text)
    refs: list[tuple[int, AgencyRef]] = []
    mask = list(text)
    for m in cat.regex.finditer(folded):
        entry = cat.entries[int(m.lastgroup[1:])]  # type: ignore[index]
        refs.append((m.start(), AgencyRef(text[m.start():m.end()], entry.canonical, entry.kind, entry.levels,
                                          entry.group)))
        mask[m.start():m.end()] = ["\x00"] * (m.end() - m.start())
    # The words after a name's own dash are part of that name, never fillers ("Phòng Kế hoạch - Tổng hợp").
    kept: list[tuple[int, int]] = []
    for m in _name_dashes(text):
        end = re.search(r"[;,\n+]|$", text[m.end():])
        kept.append((m.start(), m.end() + (end.start() if end else 0)))
    for m in cat.filler_re.finditer(match_view("".join(mask))):
        if any(a < m.end() and m.start() < b for a, b in kept):
            continue
        mask[m.start():m.end()] = ["\x00"] * (m.end() - m.start())
    rest = "".join(mask)
    # Whatever is left between the known names is split on separators; each meaningful piece is an agency
    # we do not know by name ("Phòng Tổ chức cán bộ", "UBND thành phố Pleiku").
    for chunk in re.finditer(r"[^\x00]+", rest):
        offset = chunk.start()
        for piece in re.finditer(r"[^;,\n+]+", chunk.group(0)):
            for sub in _dash_parts(piece.group(0)):
                name = _clean(sub)
                if not name or not _WORD.search(name) or _is_noise(name):
                    continue
                start = offset + piece.start() + piece.group(0).find(sub)
                canonical = canonical_agency(name) or name
                level = agency_level(canonical)
                refs.append((start, AgencyRef(name, canonical, "agency", frozenset([level]) if level else frozenset())))
    refs.sort(key=lambda r: r[0])
    return tuple(r for _, r in refs)


# First words of an agency or group name. A dash followed by one of them starts another agency ("Sở Nội vụ - Sở
# Tư pháp"); followed by anything else it is part of one name ("Phòng Kế hoạch - Tổng hợp", "Phòng Văn hóa - Thông
# tin"), which must stay whole.
_HEAD_WORDS = (
    "sở", "phòng", "ban", "ủy ban", "uỷ ban", "ubnd", "ub", "hđnd", "hội đồng", "văn phòng", "vp", "trung tâm",
    "chi cục", "thanh tra", "công an", "bộ", "cục", "đài", "báo", "hội", "liên đoàn", "liên minh", "đoàn", "kho bạc",
    "cơ quan", "các", "viện", "trường", "bệnh viện", "ngân hàng", "hạt", "quỹ", "đảng ủy", "đảng uỷ", "huyện ủy",
    "tỉnh ủy", "mặt trận", "ubmttq", "mttq", "công ty", "tổng công ty", "chi nhánh", "trạm", "đội", "tòa án",
    "toà án", "bảo hiểm", "bhxh", "đơn vị", "tỉnh đoàn", "huyện đoàn", "thành đoàn", "lãnh đạo", "chủ tịch",
    "giám đốc", "cán bộ", "công chức", "thủ trưởng", "người đứng đầu", "bch", "bộ chỉ huy", "tổ", "ban chỉ đạo",
    "cổng", "hệ thống", "sở,", "ubnd,",
)
_HEAD_RE = re.compile(r"(?:" + "|".join(re.escape(w) for w in sorted(_HEAD_WORDS, key=len, reverse=True))
                      + r")(?![\w&])", re.IGNORECASE)
_DASH_RE = re.compile(r"(?:^|\s)[-–](?:\s|$)")


# "Văn phòng HĐND - UBND huyện": the office of both councils is one agency although "UBND" begins a name.
_COUNCIL_END = re.compile(r"(?:HĐND|Hội đồng nhân dân)\s*$", re.IGNORECASE)
_PEOPLES_COMMITTEE = re.compile(r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)(?![\w&])", re.IGNORECASE)


def _name_dashes(text: str) -> list[re.Match[str]]:
    """The dashes of `text` that join the words of one name: not followed by the first word of another agency."""
    out = []
    for m in _DASH_RE.finditer(text):
        before, after = text[:m.start()], text[m.end():].lstrip()
        if not before.strip():
            continue
        if not _HEAD_RE.match(after) or (_COUNCIL_END.search(before) and _PEOPLES_COMMITTEE.match(after)):
            out.append(m)
    return out


def _dash_parts(text: str) -> list[str]:
    """`text` split at the dashes that separate two agencies, not at those inside one name (kept as printed)."""
    inner = {m.start() for m in _name_dashes(text)}
    out: list[str] = []
    start = 0
    for m in _DASH_RE.finditer(text):
        if m.start() in inner:
            continue
        out.append(text[start:m.start()])
        start = m.end()
    out.append(text[start:])
    return out


def split_agency_cell(cell: str) -> list[str]:
    """The names in a lead / partner cell as printed: one per line or "- " bullet, and split at a dash only where
    another agency begins ("Sở Tài chính - Sở Nội vụ"); "Phòng Kế hoạch - Tổng hợp" stays one name."""
    parts: list[str] = []
    for line in cell.split("\n"):
        for part in _dash_parts(line):
            part = part.strip(" -–+;")
            if part:
                parts.append(part)
    return parts or [cell.strip()]


def _is_noise(name: str) -> bool:
    """A leftover that names nobody: a lone place word, "các", "tỉnh Bình Định"."""
    cat = _catalog()
    f = " ".join(_WORD.findall(fold(name)))
    f = cat.province_re.sub(" ", f)
    f = re.sub(r"\b(?:cac|tinh|thuoc tinh|co lien quan|lien quan|khac|truc thuoc)\b", " ", f)
    return not f.strip()


@rules_cached(maxsize=4096)
def _mentions(text: str) -> tuple[AgencyRef, ...]:
    cat = _catalog()
    text = nfc(text)
    out = []
    for m in cat.regex.finditer(match_view(text)):
        entry = cat.entries[int(m.lastgroup[1:])]  # type: ignore[index]
        out.append(AgencyRef(text[m.start():m.end()], entry.canonical, entry.kind, entry.levels, entry.group))
    return tuple(out)


def find_agency_mentions(text: str) -> list[AgencyRef]:
    """Known agencies and groups named anywhere in free text ("… của các sở, ngành, UBND cấp huyện, cấp xã").

    Unlike `parse_agency_list`, the rest of the text is not taken for agency names.
    """
    return list(_mentions(text)) if text else []


# A group named after one of these words is a possession or a beneficiary ("phù hợp thực tiễn của cơ quan, đơn vị, địa
# phương", "đối với các sở"), not the addressee of the sentence.
_NOT_ADDRESSEE = re.compile(r"(?:^|\s)(?:cua|doi voi|cho|voi|ve|giua|tu|den|thuoc|phuc vu)\s+$")
_NOT_ADDRESSEE_LIST = re.compile(r"(?:^|\s)(?:cua|doi voi|cho|voi|giua|thuoc)\s+[\w ]{1,40}\s+va\s+$")


@rules_cached(maxsize=4096)
def _addressees(text: str) -> tuple[AgencyRef, ...]:
    cat = _catalog()
    text = nfc(text)
    view = match_view(text)
    out = []
    for m in cat.regex.finditer(view):
        before = view[max(0, m.start() - 60):m.start()]
        # also the later members of a list it governs ("đối với các cơ quan chuyên môn và UBND các xã")
        if _NOT_ADDRESSEE.search(before[-16:]) or _NOT_ADDRESSEE_LIST.search(before):
            continue
        entry = cat.entries[int(m.lastgroup[1:])]  # type: ignore[index]
        out.append(AgencyRef(text[m.start():m.end()], entry.canonical, entry.kind, entry.levels, entry.group))
    return tuple(out)


def find_addressees(text: str) -> list[AgencyRef]:
    """Agencies and groups the text addresses: mentions not governed by "của", "đối với", "tại", "cho" …"""
    return list(_addressees(text)) if text else []


def parse_agency_list(cell: str) -> list[AgencyRef]:
    """Split a lead / partner cell into agencies and groups, in the order printed.

    Commas inside group names ("các sở, ban, ngành", "UBND các huyện, thị xã, thành phố") do not split;
    "UBND cấp huyện, cấp xã" is two groups.
    """
    if not cell or not cell.strip():
        return []
    return list(_parse(cell))


def _base_name(name: str) -> str:
    """Folded name without a trailing province ("Sở Nội vụ tỉnh Bình Định" → "so noi vu").

    Only the province goes: "UBND huyện Chư Sê" and "UBND huyện Ia Grai" must stay different.
    """
    cat = _catalog()
    f = " ".join(_WORD.findall(fold(expand_abbreviations(name))))
    f = cat.province_re.sub(" ", f)
    f = cat.place_tail.sub("", " ".join(f.split()))
    return " ".join(f.split())


@rules_cached(maxsize=4096)
def canonical_agency(name: str) -> str | None:
    """The canonical name of a known agency ("Sở NN&PTNT" → "Sở Nông nghiệp và Phát triển nông thôn"), else None.

    Diacritic-insensitive, tolerant of typos (rapidfuzz ratio ≥ 92) and of a trailing place name.
    """
    if not name or not name.strip():
        return None
    cat = _catalog()
    cleaned = _clean(nfc(name))
    folded = match_view(cleaned)
    m = cat.regex.match(folded)
    if m and not _base_tail(folded[m.end():]):
        entry = cat.entries[int(m.lastgroup[1:])]  # type: ignore[index]
        if entry.kind == "agency":
            return entry.canonical
        return None
    base = _base_name(cleaned)
    if base in cat.by_folded:
        return cat.by_folded[base]
    hit = process.extractOne(base, cat.folded_names, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    # a typo is forgiven, another kind of body is not: "Phòng Lao động - Thương binh và Xã hội" is not the Sở
    if hit and base.split()[:1] != hit[0].split()[:1]:
        return None
    return cat.by_folded[hit[0]] if hit else None


def _base_tail(tail: str) -> str:
    """What remains of a tail after dropping a place ("tỉnh Bình Định") and "tỉnh"."""
    cat = _catalog()
    f = " " + " ".join(_WORD.findall(tail))
    f = cat.province_re.sub(" ", cat.place_tail.sub("", f))
    return re.sub(r"\b(?:tinh|thuoc tinh)\b", " ", f).strip()


@rules_cached(maxsize=4096)
def agency_level(name: str) -> str | None:
    """The level of an agency: Sở X → "so"; UBND huyện/thị xã/thành phố X → "huyen"; Phòng X → "phong";
    UBND xã/phường/thị trấn X → "xa"; UBND tỉnh X → "tinh". None when unknown or of no level (Công an tỉnh)."""
    if not name or not name.strip():
        return None
    cat = _catalog()
    canonical = canonical_agency(name)
    if canonical is not None:
        return cat.levels.get(canonical)
    f = " ".join(_WORD.findall(fold(_clean(name))))
    for level, pat in cat.level_patterns:
        if pat.search(f):
            return level
    return None


@rules_cached(maxsize=4096)
def same_agency(a: str, b: str) -> bool:
    """Whether two names denote the same agency (abbreviations, diacritics, typos and trailing places forgiven)."""
    if not a or not b:
        return False
    ca, cb = canonical_agency(a), canonical_agency(b)
    if ca is not None or cb is not None:
        return ca == cb
    fa, fb = _base_name(a), _base_name(b)
    return bool(fa) and fuzz.ratio(fa, fb) >= _FUZZY_CUTOFF


def agency_in(ref: AgencyRef, agency: str | None, level: str | None) -> bool:
    """Whether the child (its agency name and level) is the referenced agency or a member of the referenced group."""
    if ref.kind == "group":
        return level is not None and level in ref.levels
    return bool(agency) and same_agency(ref.canonical, agency)  # type: ignore[arg-type]


def detect_child(child: Plan, agency: str | None = None, level: str | None = None) -> tuple[str | None, str | None]:
    """The child plan's agency and level: as given, else as the parser read them from the child's header.

    Lives here, below the audit, because the audit, the hierarchy and the CLI all ask it: it is a question about
    agency names, not about findings.
    """
    raw = agency or child.agency
    name = (canonical_agency(raw) or raw) if raw else raw
    lvl = level
    # The agency's own name ("Ủy ban nhân dân huyện Chư Sê") says its level more reliably than header heuristics.
    if not lvl and raw:
        lvl = agency_level(raw) or (agency_level(name) if name != raw else None)
    lvl = lvl or child.level
    return name, (lvl if lvl in LEVELS else None)
