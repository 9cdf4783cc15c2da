"""Vietnamese-aware text normalization for matching.

`normalize_for_match` is the view the aligner compares: NFC → abbreviations expanded → scope words, place
names and low-information phrases dropped → folded (no diacritics, đ → d) → punctuation to spaces. The
vocabularies live in rules/abbreviations.yaml and rules/scope_words.yaml; everything is compiled once.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cascade.rules import load_rules, rules_cached

# "3416/QĐ-UBND", "153/KH- UBND", "60/2021/NĐ-CP", "13/2023/TT-BNV": the symbol must start with a letter, so
# dates such as "14/9/2023" never match.
_DOCNO_SLASH = re.compile(
    r"(?<![\w/])(\d{1,5})\s*/\s*(?:((?:19|20)\d\d)\s*/\s*)?"
    r"([A-ZĐ][A-ZĐa-zđ&]*(?:\s*-\s*[A-ZĐ][A-ZĐa-zđ&]*)*)(?![\w&])"
)
# Party documents: "27-NQ/TW", "62-KL/TW", "09-CTr/TU".
_DOCNO_DASH = re.compile(r"(?<![\w/-])(\d{1,5})\s*-\s*([A-ZĐ][A-ZĐa-zđ]*)\s*/\s*([A-ZĐ][A-ZĐa-zđ]*)(?![\w])")
_WS = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]|_")
_TRAILING_PUNCT = re.compile(r"[\s.;:,!?…]+$")
# Capital letters of Vietnamese writing (Latin, Latin-1, Latin Extended-A/B up to Ư, the Vietnamese block): a
# class over every capital up to U+1F00 costs a tenth of a second to compile at every start-up.
_LATIN = [*range(0x41, 0x5B), *range(0xC0, 0x1B1), *range(0x1EA0, 0x1EFA)]
_UPPER_CHARS = "".join(c for c in map(chr, _LATIN) if c.isalpha() and c.isupper())


# nfc, fold and fold_aligned run on the same texts many times in one audit (every comparison re-reads both items)
# and, in a batch, on the parent's texts for every child: remembering the last few thousand saves about a tenth of
# an audit's CPU. Bounded, so a long batch does not grow with the texts of its children.
@lru_cache(maxsize=8192)
def nfc(text: str) -> str:
    """Unicode NFC with whitespace collapsed and trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch.casefold().replace("đ", "d"))
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return base or ch


# One str.translate table for every precomposed letter up to the Vietnamese block (U+1EF9): folding runs on
# every cell and line, and translate is far faster than a per-character Python loop.
_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in _LATIN if cp >= 0x80 and _fold_char(chr(cp)) != chr(cp)}
_FOLD_TABLE.update({ord("Đ"): "d", ord("đ"): "d"})
_ALIGNED_TABLE = {cp: _fold_char(chr(cp))[:1] for cp in _LATIN if _fold_char(chr(cp))[:1] != chr(cp)}
_MARKS = re.compile(r"[\u0300-\u036f]")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, diacritics removed, đ → d: a view that forgives accent typos ("Chuyên đổi số")."""
    t = unicodedata.normalize("NFC", text).lower().translate(_FOLD_TABLE)
    return nfc(_MARKS.sub("", t) if not t.isascii() else t)


def fold_label(text: str) -> str:
    """`fold` without the trailing colon or dot of a heading or header cell ("Thời gian:" → "thoi gian")."""
    return fold(text).strip(" :.")


# The parser's name for `nfc` (cells and clauses are cleaned before they are matched).
clean_text = nfc


def slug(text: str, limit: int | None = None) -> str:
    """An ASCII name for a file or an id ("Sở Tư pháp" → "so-tu-phap"), at most `limit` characters."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = re.sub(r"[^a-z0-9]+", "-", "".join(c for c in t if not unicodedata.combining(c)).lower()).strip("-")
    return t[:limit].rstrip("-") if limit is not None else t


def norm_doc_number(num: str | None) -> str | None:
    """A document number as printed, with its spaces removed ("153/KH- UBND" → "153/KH-UBND"); None for none."""
    if not num:
        return None
    return _WS.sub("", num)


@lru_cache(maxsize=8192)
def fold_aligned(text: str) -> str:
    """`fold` without whitespace collapsing and with one output character per input character.

    Lets a caller find a phrase in the folded text and slice the original text at the same offsets.
    Expects NFC input (every Vietnamese letter is then one code point).
    """
    return text.translate(_ALIGNED_TABLE)


def phrase_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of vocabulary phrases for text folded by `fold_aligned`: folded, longest first, any
    whitespace (or none) between words. The caller adds the word boundaries it needs."""
    folded = sorted({fold_aligned(nfc(p)) for p in phrases}, key=len, reverse=True)
    return "|".join(r"\s*".join(re.escape(w) for w in p.split(" ")) for p in folded)


def lenient_pattern(phrases: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases for raw (unfolded) text, lower case, each accented letter matching itself or
    its bare letter and any whitespace (or none) between words ("Nhiệm vụ" → `nhi[ệe]m\\s*v[ụu]`). Compile it
    with re.I; cheaper than folding every cell just to look for a word."""
    alts = []
    for phrase in phrases:
        words = []
        for word in nfc(phrase).lower().split(" "):
            chars = []
            for ch in word:
                bare = fold_aligned(ch)
                chars.append(f"[{ch}{bare}]" if bare != ch and bare.isalpha() else re.escape(ch))
            words.append("".join(chars))
        alts.append(r"\s*".join(words))
    return "|".join(alts)


def printed_words(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Vocabulary phrases as printed, NFC, spaces kept as written (a trailing space can be part of a prefix:
    "trước ")."""
    return tuple(unicodedata.normalize("NFC", w) for w in words)


def lower_words(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Vocabulary phrases NFC and case-folded, for a comparison with `str.casefold()` of the text."""
    return tuple(unicodedata.normalize("NFC", w).casefold() for w in words)


def folded_words(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Vocabulary phrases folded (`fold`: lower case, no diacritics, đ → d); a trailing space is kept, since it is
    part of a prefix ("q. " is the acting title, "q." could open any word)."""
    return tuple(fold(w) + (" " if w.endswith(" ") else "") for w in words)


def words_pattern(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of words matched as printed, in the given order (each escaped; a space matches a space)."""
    return "|".join(re.escape(w) for w in words)


def _phrase_regex(phrases: list[str], flags: int = 0) -> re.Pattern[str]:
    """One alternation of whole-word phrases, longest first, any whitespace between words."""
    alts = []
    for p in sorted({nfc(p) for p in phrases}, key=len, reverse=True):
        words = [re.escape(w) for w in p.split(" ")]
        alts.append(r"\s+".join(words))
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", flags)


class _Vocab:
    """Compiled form of the two rule files."""

    def __init__(self) -> None:
        abbr = load_rules("abbreviations").get("abbreviations", [])
        self.abbr_long = {nfc(a["short"]): nfc(a["long"]) for a in abbr}
        self.abbr_re = _phrase_regex(list(self.abbr_long))
        scope = load_rules("scope_words")
        self.equiv = {nfc(k).lower(): nfc(v).lower() for k, v in (scope.get("equivalents") or {}).items()}
        self.equiv_re = _phrase_regex(list(self.equiv))
        self.scope_re = _phrase_regex([p.lower() for p in scope.get("scope_phrases", [])])
        self.low_info_re = _phrase_regex([p.lower() for p in scope.get("low_info_phrases", [])])
        self.low_info_patterns = [re.compile(p) for p in scope.get("low_info_patterns", [])]
        heads = sorted((nfc(h) for h in scope.get("place_heads", [])), key=len, reverse=True)
        upper = re.escape(_UPPER_CHARS)
        # A place word followed by 1-4 capitalised syllables ("tỉnh Bình Định", "huyện Chư Sê").
        self.place_re = re.compile(
            r"(?<!\w)(?i:" + "|".join(re.escape(h) for h in heads) + r")\s+"
            r"(?:[" + upper + r"]\w*(?:\s*-\s*|\s+)?){1,4}(?<![\s-])"
        )
        self.province_re = _phrase_regex([p.lower() for p in scope.get("provinces", [])])
        self.stops = frozenset(nfc(s).lower() for s in scope.get("stop_syllables", []))


@rules_cached
def _vocab() -> _Vocab:
    return _Vocab()


def expand_abbreviations(text: str) -> str:
    """Rewrite abbreviations to their long form ("hồ sơ TTHC" → "hồ sơ thủ tục hành chính").

    An abbreviation printed in parentheses right after its own long form ("thủ tục hành chính (TTHC)") is dropped
    instead of doubled.
    """
    v = _vocab()
    text = nfc(text)
    out: list[str] = []
    pos = 0
    for m in v.abbr_re.finditer(text):
        long = v.abbr_long[_WS.sub(" ", m.group(0))]
        start, end = m.start(), m.end()
        before = text[pos:start]
        if before.endswith("(") and text[end:end + 1] == ")" and fold("".join(out) + before[:-1]).rstrip().endswith(
            fold(long)
        ):
            out.append(before[:-1].rstrip())
            pos = end + 1
            continue
        out.append(before)
        out.append(long)
        pos = end
    out.append(text[pos:])
    return nfc("".join(out))


def _drop_places(text: str) -> str:
    """Drop "tỉnh Bình Định", "huyện Chư Sê" (place word + capitalised name) and bare province names."""
    v = _vocab()
    text = v.place_re.sub(" ", text)
    return v.province_re.sub(" ", text.lower())


@rules_cached(maxsize=4096)
def _scoped(text: str) -> str:
    """Lower-cased NFC text with abbreviations expanded and scope/low-information words dropped (diacritics kept)."""
    v = _vocab()
    # Document numbers are lower-cased first so that "KH-UBND" inside "153/KH-UBND" is not expanded.
    t = _DOCNO_SLASH.sub(lambda m: _WS.sub("", m.group(0)).lower(), nfc(text))
    t = _DOCNO_DASH.sub(lambda m: _WS.sub("", m.group(0)).lower(), t)
    t = expand_abbreviations(t)
    t = _TRAILING_PUNCT.sub("", t)
    t = _drop_places(t)  # lower-cased from here on
    t = v.equiv_re.sub(lambda m: v.equiv[_WS.sub(" ", m.group(0))], t)
    t = v.scope_re.sub(" ", t)
    t = v.low_info_re.sub(" ", t)
    for pat in v.low_info_patterns:
        t = pat.sub(" ", t)
    return t


def _finish(text: str) -> str:
    return _WS.sub(" ", _PUNCT.sub(" ", fold(text))).strip()


@rules_cached(maxsize=4096)
def normalize_for_match(text: str) -> str:
    """The text as the matcher compares it (deterministic, cached).

    NFC → abbreviations expanded → place names, scope words ("của tỉnh", "trên địa bàn tỉnh", "của Sở") and
    low-information phrases ("Tiếp tục", "Triển khai thực hiện", years) dropped → folded → punctuation to spaces
    → whitespace collapsed.
    """
    return _finish(_scoped(text))


def tokens(text: str) -> list[str]:
    """Syllables of the normalized text."""
    return normalize_for_match(text).split()


def content_tokens(text: str) -> list[str]:
    """Syllables of the normalized text without stop-syllables (và, các, của, theo, …).

    Stop-syllables are compared before folding: folded, "có" would also remove "cơ" (cơ quan) and "tại" would
    remove "tài" (tài chính).
    """
    stops = _vocab().stops
    words = _PUNCT.sub(" ", _scoped(text)).split()
    return _finish(" ".join(w for w in words if w not in stops)).split()


def doc_numbers(text: str) -> set[str]:
    """Document numbers cited in the text, normalized so the same act matches across documents.

    "153/KH- UBND" → "153/KH-UBND", "60/2021/NĐ-CP", "27-NQ/TW"; upper-case, no spaces, Đ kept. Dates such
    as "14/9/2023" are not document numbers.
    """
    text = unicodedata.normalize("NFC", text)
    out: set[str] = set()
    for m in _DOCNO_SLASH.finditer(text):
        num, year, sym = m.groups()
        sym = _WS.sub("", sym).upper()
        out.add(f"{num}/{year}/{sym}" if year else f"{num}/{sym}")
    for m in _DOCNO_DASH.finditer(text):
        num, kind, issuer = m.groups()
        out.add(f"{num}-{kind}/{issuer}".upper())
    return out
