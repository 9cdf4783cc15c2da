"""Narrowed scope: a clause, list element or target group of the parent item that the child dropped.

A child that paraphrases ("có hiệu quả" left out, "ý tưởng" folded into "sáng kiến, giải pháp", "của các cơ quan
nhà nước" → "của Sở") keeps the parent's scope; a child that drops a whole clause ("…, đồng thời kết nối với nền
tảng quốc gia (NDXP)"; "…và cấp kết quả giải quyết TTHC điện tử") or a target group ("…, tổ công nghệ số cộng
đồng, người dân") narrows it. So the parent is cut into clauses (at ";", ".", ":", line breaks), each clause into
fragments (at ",", "và", "đồng thời", …), and a fragment counts as dropped when (nearly) all its content words are
absent from the child.

Not content, and never narrowing (`rules/weakening.yaml`, `narrowing`): level, place and function words a child
adapts ("của tỉnh" → "của Sở"); commitment fillers the wording check owns ("chủ động", "có hiệu quả"); numbers and
target words (the target check owns "Tối thiểu 80%"); modifiers that state a basis, manner or the parties
("theo quy định …", "phù hợp với …", "giữa các cơ quan …", "mà …"); and clauses that supervise other agencies
("Hướng dẫn, đôn đốc … của các địa phương") unless the child leads the item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade import text as vtext
from cascade.rules import load_rules, rules_cached

# Clause breaks: ";", a line break, or a full stop that ends a sentence (not "2.1", nor the "..." of "y tế...").
# A ":" does not break: what follows "như:" is a list of examples, part of the modifier.
_CLAUSE_BREAK = re.compile(r"[;\n]|(?<!\.)\.(?=\s|$)")
# Tokens of a clause: words (numbers and "60/2021/NĐ-CP" whole) and the commas that separate list elements.
_TOKEN = re.compile(r"[\w%]+(?:[/.,-][\w%]+)*|,", re.UNICODE)


_WORD = re.compile(r"[\w%]+(?:[/.,-][\w%]+)*", re.UNICODE)
# Old-style tone placement ("hoá", "uỷ") written the new way ("hóa", "ủy") so both spellings compare equal.
_OLD_TONE = {"oá": "óa", "oà": "òa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "uý": "úy", "uỳ": "ùy", "uỷ": "ủy",
             "uỹ": "ũy", "uỵ": "ụy", "oé": "óe", "oè": "òe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe"}
# A percentage or a small count ("80%", "01 sáng kiến"): a target, not scope. Years and dates do not match.
_TARGET_NUMBER = re.compile(r"^\d{1,3}(?:[.,]\d+)?%?$")
_OLD_TONE_RE = re.compile("(" + "|".join(_OLD_TONE) + r")$")


@rules_cached(maxsize=4096)
def _low(word: str) -> str:
    """A word compared with its diacritics ("sâu" is not "sau", "Đề" is not "để"), lower-cased, tone normalized."""
    w = vtext.nfc(word).lower()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONE[m.group(1)], w)


@rules_cached(maxsize=4096)
def words(s: str) -> tuple[tuple[str, str], ...]:
    """(word as printed, compared form) pairs in reading order; punctuation dropped, numbers kept whole."""
    return tuple((w, _low(w)) for w in _WORD.findall(vtext.nfc(s or "")))


@dataclass(frozen=True)
class _Config:
    ignore: frozenset[str]
    fillers: tuple[tuple[str, ...], ...]
    modifiers: tuple[tuple[str, ...], ...]
    not_modifiers: tuple[tuple[str, ...], ...]
    separators: tuple[tuple[str, ...], ...]
    openers: tuple[tuple[str, ...], ...]
    supervision: tuple[tuple[str, ...], ...]
    others: tuple[tuple[str, ...], ...]
    quantifiers: tuple[tuple[str, ...], ...]
    sectors: frozenset[str]
    min_kept_share: float
    min_kept_share_item: float
    min_absent: int
    min_share: float
    enumeration: int


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    """Folded word tuples, longest first so that "có hiệu quả" wins over "hiệu quả"."""
    out = {tuple(f for _, f in words(p)) for p in items}
    return tuple(sorted((p for p in out if p), key=lambda p: (-len(p), p)))


@rules_cached(maxsize=1)
def _config() -> _Config:
    cfg = load_rules("weakening").get("narrowing", {})
    return _Config(
        ignore=frozenset(_low(w) for w in (*load_rules("scope_words").get("stop_syllables", []), *cfg.get("ignore_words", []))),
        fillers=_phrases(cfg.get("fillers", [])),
        modifiers=_phrases(cfg.get("modifier_markers", [])),
        not_modifiers=_phrases(cfg.get("not_modifiers", [])),
        separators=_phrases(cfg.get("separators", [])),
        openers=_phrases(cfg.get("clause_openers", [])),
        supervision=_phrases(cfg.get("supervision_verbs", [])),
        others=_phrases(cfg.get("other_agencies", [])),
        quantifiers=_phrases(cfg.get("quantifiers", [])),
        sectors=frozenset(x for p in cfg.get("sectors", []) for _, x in words(p)),
        min_kept_share=float(cfg.get("min_kept_share", 0.6)),
        min_kept_share_item=float(cfg.get("min_kept_share_item", 0.4)),
        min_absent=int(cfg.get("min_absent_words", 2)),
        min_share=float(cfg.get("min_absent_share", 0.75)),
        enumeration=int(cfg.get("enumeration_size", 3)),
    )


def _at(folded: list[str], k: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase that starts at position k, or 0."""
    if k >= len(folded):
        return 0
    for p in _by_first(phrases).get(folded[k], ()):
        if tuple(folded[k : k + len(p)]) == p:
            return len(p)
    return 0


@rules_cached(maxsize=64)
def _by_first(phrases: tuple[tuple[str, ...], ...]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their first word (longest first), so a lookup tries only the few that can match."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        out.setdefault(p[0], []).append(p)
    return {w: tuple(ps) for w, ps in out.items()}


def _contains(folded: list[str], phrases: tuple[tuple[str, ...], ...]) -> bool:
    return any(_at(folded, k, phrases) for k in range(len(folded)))


@rules_cached(maxsize=4096)
def _expanded(word: str) -> tuple[str, ...]:
    """The folded words an abbreviation stands for ("TTHC" → thu tuc hanh chinh), or the word itself."""
    long = vtext.expand_abbreviations(word)
    if long == word:
        return (_low(word),)
    return tuple(f for _, f in words(long))


@rules_cached(maxsize=4096)
def _child_words(child_text: str) -> frozenset[str]:
    ws = {f for _, f in words(child_text)}
    ws |= {f for _, f in words(vtext.expand_abbreviations(child_text))}
    return frozenset(ws)


@dataclass
class _Fragment:
    tokens: list[tuple[str, str, int]]  # (as printed, compared form, offset in the clause); commas dropped
    content: set[str]
    comma_run: int  # how many comma-separated elements the fragment's run has
    run: int  # which run of its clause it belongs to
    head: str | None = None  # its first content word


def _content(tokens: list[tuple[str, str, int]], cfg: _Config, ignore: frozenset[str]) -> set[str]:
    out: set[str] = set()
    for w, *_ in tokens:
        for f in _expanded(w):
            if f not in ignore and not any(ch.isdigit() for ch in f):
                out.add(f)
    return out


def _strip(tokens: list[tuple[str, str, int]], cfg: _Config) -> list[tuple[str, str, int]]:
    """The clause without fillers and without the modifiers (basis, manner, parties) that end it."""
    folded = [t[1] for t in tokens]
    out: list[tuple[str, str, int]] = []
    k = 0
    skipping = False
    while k < len(tokens):
        if skipping:
            # A modifier runs to the end of its clause ("theo hướng dẫn của bộ, ngành và …") unless a new clause
            # opens inside the sentence ("…theo quy định, đồng thời kết nối …").
            if n := _at(folded, k, cfg.openers):
                skipping = False
                out.extend(tokens[k : k + n])
                k += n
            else:
                k += 1
            continue
        if n := _at(folded, k, cfg.separators):
            out.extend(tokens[k : k + n])  # "cũng như" is a separator, not the modifier "như"
            k += n
            continue
        # A marker that opens the clause is its topic ("Đối với phương án … nhà đất, …"), not a trailing modifier.
        if k and _at(folded, k, cfg.modifiers) and not _at(folded, k, cfg.not_modifiers):
            skipping = True
            continue
        if n := _at(folded, k, cfg.fillers):
            k += n
            continue
        out.append(tokens[k])
        k += 1
    return out


@rules_cached(maxsize=4096)
def _fragments(clause: str, cfg: _Config, ignore: frozenset[str]) -> tuple[_Fragment, ...]:
    tokens = [(m.group(0), _low(m.group(0)), m.start()) for m in _TOKEN.finditer(clause)]
    tokens = _strip(tokens, cfg)
    folded = [t[1] for t in tokens]
    pieces: list[tuple[list[tuple[str, str, int]], int]] = []  # (tokens, run index)
    run, cur, k = 0, [], 0
    while k < len(tokens):
        if folded[k] == ",":
            pieces.append((cur, run))
            cur, k = [], k + 1
            continue
        if n := _at(folded, k, cfg.separators):
            pieces.append((cur, run))
            run += 1  # "và", "đồng thời" close a comma run: "A, B và C" is one list, "…; đồng thời D" a new one
            cur, k = [], k + n
            continue
        cur.append(tokens[k])
        k += 1
    pieces.append((cur, run))
    frags = [_Fragment(t, _content(t, cfg, ignore), 0, r) for t, r in pieces if t]
    # A one-word fragment ("bộ" of "bộ, ngành Trung ương") is part of a neighbour in its list, not an element.
    merged: list[_Fragment] = []
    for f in frags:
        if merged and merged[-1].run == f.run and len(merged[-1].content) < 2 or merged and merged[-1].run == f.run and len(f.content) < 2:
            prev = merged.pop()
            f = _Fragment(prev.tokens + f.tokens, prev.content | f.content, 0, f.run)
        merged.append(f)
    for f in merged:
        f.comma_run = sum(1 for g in merged if g.run == f.run)
        f.head = next((x for w, *_ in f.tokens for x in _expanded(w) if x in f.content), None)
    return tuple(f for f in merged if f.content)


def _start(f: _Fragment) -> int:
    return f.tokens[0][2]


def _end(f: _Fragment) -> int:
    return f.tokens[-1][2] + len(f.tokens[-1][0])


def _joined(spans: list[tuple[int, int]], frags: list[_Fragment]) -> list[tuple[int, int]]:
    """Spans of dropped fragments, merged when no kept fragment lies between them."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if out and not any(out[-1][1] <= _start(f) < lo for f in frags):
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _balanced(clause: str, lo: int, hi: int) -> str:
    """The passage as printed, with a bracket it opens closed ("(NDXP)") and a stray closing one left out."""
    quote = clause[lo:hi]
    if quote.count("(") > quote.count(")") and clause[hi : hi + 1] == ")":
        quote += ")"
    while quote.count(")") > quote.count("(") and quote.endswith(")"):
        quote = quote[:-1]
    return quote.strip(" ,.;:")


def _supervises_others(clause: str, cfg: _Config) -> bool:
    """ "Hướng dẫn, đôn đốc và giám sát … của các địa phương": the role of the agency that leads the item."""
    folded = [f for _, f in words(clause)]
    return bool(_at(folded, 0, cfg.supervision)) and _contains(folded, cfg.others)


def dropped_phrases(parent_text: str, child_text: str, places: tuple[str, ...] = (), child_leads: bool = False
                    ) -> list[str]:
    """Clauses or list elements of the parent (as printed) whose content the child lacks; empty when kept."""
    place_words = frozenset(w for p in places if p for _, w in words(p)) & _parent_forms(parent_text)
    return list(_dropped(parent_text, child_text, place_words, bool(child_leads)))


@rules_cached(maxsize=4096)
def _parent_forms(parent_text: str) -> frozenset[str]:
    """Every compared form the parent's words stand for: the only place words that can change the answer."""
    return frozenset(x for m in _TOKEN.finditer(vtext.nfc(parent_text or "")) for x in _expanded(m.group(0)))


# A batch compares one parent item with the same child wording again and again (children copy the parent's
# text): remember the answer per (parent text, child text, place words the parent uses, child leads). Place
# words the parent does not use are left out of the key, so children of different districts share answers.
@rules_cached(maxsize=8192)
def _dropped(parent_text: str, child_text: str, place_words: frozenset[str], child_leads: bool) -> tuple[str, ...]:
    cfg = _config()
    ignore = cfg.ignore | place_words
    child = _child_words(child_text)
    clauses = [c for c in _CLAUSE_BREAK.split(vtext.nfc(parent_text or "")) if c.strip()]
    clauses = [c for c in clauses if child_leads or not _supervises_others(c, cfg)]
    per_clause = [_fragments(c, cfg, ignore) for c in clauses]
    every = [f for frags in per_clause for f in frags]
    # A child that keeps no clause of the parent, and little of its wording, restates the item in its own
    # implementing terms ("Đổi mới, nâng cao chất lượng đào tạo …" → "Ban hành Kế hoạch đào tạo của Sở"): which
    # part it dropped cannot be told.
    shares = [len(c & child) / len(c) for c in (set().union(*(f.content for f in fs)) for fs in per_clause) if c]
    whole = set().union(*(f.content for f in every)) if every else set()
    if not shares or (max(shares) < cfg.min_kept_share and len(whole & child) < cfg.min_kept_share_item * len(whole)):
        return ()
    out: list[str] = []
    for clause, frags in zip(clauses, per_clause, strict=True):
        spans: list[tuple[int, int]] = []
        kept = [len(f.content - child) < max(1, len(f.content) / 2) for f in frags]
        for i, f in enumerate(frags):
            absent = f.content - child
            if len(absent) < cfg.min_absent:
                continue
            # Words the fragment shares with the rest of the parent item say nothing of its own content: "cấp kết
            # quả giải quyết TTHC điện tử" after "số hóa hồ sơ, kết quả giải quyết" is told by "cấp … điện tử".
            others = set().union(*(g.content for g in every if g is not f))
            own = f.content - others
            own_absent = own - child
            # The head (first content word) of a dropped element is gone too: "cấp kết quả … điện tử".
            head_gone = f.head is not None and f.head not in child and len(own_absent) >= len(own) / 2
            # Leading words the child has too are the lead-in the element shares ("hoạt động của | Tổ công nghệ số
            # cộng đồng, Đội thanh niên …"); the element proper starts at its first missing word.
            first = next(k for k, (w, *_) in enumerate(f.tokens) if set(_expanded(w)) & absent)
            core = _content(f.tokens[first:], cfg, ignore)
            if len(core) < 3:  # "… của các cơ quan | nhà nước": too short to be an element of its own
                core = f.content
            if len(absent) < cfg.min_share * len(core) and not head_gone and not (
                len(own_absent) >= cfg.min_absent and len(own_absent) >= cfg.min_share * len(own)
            ):
                continue
            # One short element of a longer list whose other elements are kept ("sáng kiến, ý tưởng, giải pháp,
            # cách làm hay" → "sáng kiến, giải pháp, cách làm hay") is condensed wording, not a dropped element.
            siblings = [kept[j] for j, g in enumerate(frags) if j != i and g.run == f.run]
            if len(f.content) <= 2 and f.comma_run >= cfg.enumeration and sum(siblings) >= len(siblings) / 2:
                continue
            # A dropped number is the target check's ("Tối thiểu 80%" → "Phấn đấu 70%"), and dropped sectors of a
            # multi-sector list ("giáo dục, y tế, …" → "thông tin, truyền thông") are the child's own scope.
            if any(_TARGET_NUMBER.match(w) for w, *_ in f.tokens) or absent <= cfg.sectors:
                continue
            spans.append((_start(f), _end(f)))
        # Neighbouring dropped elements of one clause are one dropped passage, quoted as printed.
        for lo, hi in _joined(spans, frags):
            out.append(_balanced(clause, lo, hi))
    # "tất cả các ngành" → "ngành": a universal quantifier the child dropped narrows the scope.
    child_folded = [f for _, f in words(child_text)]
    for frags in per_clause:
        for f in frags:
            folded = [t[1] for t in f.tokens]
            for k in range(len(folded)):
                n = _at(folded, k, cfg.quantifiers)
                if n and not _contains(child_folded, (tuple(folded[k : k + n]),)):
                    out.append(" ".join(w for w, *_ in f.tokens[k : k + n + 2]))
    return tuple(dict.fromkeys(out))
