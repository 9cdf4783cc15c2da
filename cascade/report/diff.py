"""Word-level differences between a parent item's text and its child item's text, for display only."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

# words, runs of punctuation, and whitespace are separate tokens so that a diff never splits a word
_TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


@dataclass(frozen=True)
class Segment:
    """A run of text: `op` is "same", "del" (only in the parent) or "ins" (only in the child)."""

    op: str
    text: str


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFC", text or ""))


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for seg in segments:
        if out and out[-1].op == seg.op:
            out[-1] = Segment(seg.op, out[-1].text + seg.text)
        else:
            out.append(seg)
    return out


def word_diff(parent: str, child: str) -> tuple[list[Segment], list[Segment]]:
    """Segments of the parent text (same/del) and of the child text (same/ins).

    Whitespace between two changed words is folded into the change so a removed phrase reads as one mark.
    """
    left, right = _word_diff(parent or "", child or "")
    return list(left), list(right)  # fresh lists: the remembered ones are shared


@lru_cache(maxsize=4096)
def _word_diff(parent: str, child: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """`word_diff` remembered: a batch shows the same parent item next to the same child wording many times
    (Segments are frozen, so the tuples can be shared)."""
    if parent == child:  # most children copy their parent's words: nothing to compare (what _diff would say)
        same = (Segment("same", unicodedata.normalize("NFC", parent)),) if parent else ()
        return same, same
    left, right = _diff(parent, child)
    return tuple(left), tuple(right)


def _diff(parent: str, child: str) -> tuple[list[Segment], list[Segment]]:
    """The word diff itself (see `word_diff`)."""
    a, b = tokens(parent), tokens(child)
    # case and whitespace width are not changes an official cares about;
    # rapidfuzz's Indel (longest common subsequence) opcodes over word tokens: C++ speed for batch reports
    opcodes = Indel.opcodes([" " if t.isspace() else t.casefold() for t in a],
                            [" " if t.isspace() else t.casefold() for t in b])
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            left.append(Segment("same", "".join(a[i1:i2])))
            right.append(Segment("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(Segment("ins", "".join(b[j1:j2])))
    return _absorb_spaces(_merge(left)), _absorb_spaces(_merge(right))


def _absorb_spaces(segments: list[Segment]) -> list[Segment]:
    """Turn a lone-whitespace "same" run between two changes into part of the change."""
    out: list[Segment] = []
    for i, seg in enumerate(segments):
        between = 0 < i < len(segments) - 1 and segments[i - 1].op == segments[i + 1].op != "same"
        if seg.op == "same" and seg.text.isspace() and between:
            out.append(Segment(segments[i - 1].op, seg.text))
        else:
            out.append(seg)
    return _merge(_trim(_merge(out)))


def _trim(segments: list[Segment]) -> list[Segment]:
    """Move whitespace at the edges of a change out of the mark, so a strike-through ends at the last word."""
    out: list[Segment] = []
    for seg in segments:
        if seg.op == "same" or seg.text.isspace():
            out.append(Segment("same", seg.text) if seg.text.isspace() else seg)
            continue
        core = seg.text.strip()
        lead, trail = seg.text[: len(seg.text) - len(seg.text.lstrip())], seg.text[len(seg.text.rstrip()):]
        out += [Segment("same", lead)] * bool(lead) + [Segment(seg.op, core)] + [Segment("same", trail)] * bool(trail)
    return out



_WORD = re.compile(r"\w+")
_PAIRS = (("(", ")"), ("“", "”"), ("[", "]"))


def _lower(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def source_span(source: str, fragment: str) -> str:
    """The passage of `source` that `fragment` names, quoted exactly as the source writes it.

    The auditor names a dropped clause by its words (punctuation may be lost, a bracket may be cut in half:
    "đào tạo chuyên sâu) năm 2024"). This finds those words in the source and returns the source's own text
    from the first to the last word, widened to whole bracketed parts, so a letter never quotes fragments cut
    mid-word or a bracket without its pair. A fragment whose words are not found is returned as given.
    """
    words = [m for m in _WORD.finditer(unicodedata.normalize("NFC", source or ""))]
    want = [_lower(w) for w in _WORD.findall(fragment or "")]
    if not want or not words:
        return (fragment or "").strip()
    text = unicodedata.normalize("NFC", source)
    folded = [_lower(m.group()) for m in words]
    for i in range(len(folded) - len(want) + 1):
        if folded[i:i + len(want)] == want:
            start, end = words[i].start(), words[i + len(want) - 1].end()
            break
    else:
        return fragment.strip()
    for left, right in _PAIRS:
        part = text[start:end]
        if part.count(right) > part.count(left):  # a closing bracket without its opening one: include it
            opening = text.rfind(left, 0, start)
            start = opening if opening >= 0 else start
        elif part.count(left) > part.count(right):
            closing = text.find(right, end)
            end = closing + 1 if closing >= 0 else end
    return text[start:end].strip(" ,;:")
