"""Task lists written as prose: numbered paragraphs ("1.1. Phối hợp …"), their deadline and their doer.

Commune and many district plans print no task table. Under each reform-area heading ("1. Công tác chỉ đạo,
điều hành") they number paragraphs "1.1.", "1.2." … and close a paragraph with its time ("… Thời gian: Quý
IV/2022.") or put that time on a line of its own ("- Thời gian thực hiện: Tháng 6/2024"). Some name the doer
("Công chức Tư pháp - Hộ tịch chủ trì …", "- Cơ quan chủ trì: Phòng Nội vụ"). `cascade.parse.narrative` calls
these helpers; they hold no state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cascade.agencies import parse_agency_list
from cascade.model import Deadline
from cascade.parse import cells as C
from cascade.parse.deadlines import parse_deadline
from cascade.parse.memo import copy_deadline
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import narrative_words
from cascade.rules import rules_cached


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Prose:
    """The compiled patterns of a prose paragraph's labels (rules/narrative.yaml)."""

    # The time clause closing a paragraph: "… đến các thôn. Thời gian: định kỳ 6 tháng một lần." or "… (Thời
    # gian: Quý II/2024)." The value holds no colon or bracket, so only the last clause is taken.
    deadline_tail: re.Pattern[str]
    deadline_only: re.Pattern[str]
    lead_only: re.Pattern[str]
    partner_role: re.Pattern[str]
    # "Công chức Tư pháp - Hộ tịch chủ trì, phối hợp …", "Giao Phòng Nội vụ chủ trì …": the subject before "chủ trì"
    subject_leads: re.Pattern[str]
    # A character `deadline_tail` can match before its colon (a label's letter in any case, a space, ";", ",",
    # "("): see `_tail_start`.
    tail_char: re.Pattern[str]
    tail_letters: frozenset[str]
    # the verdict per character seen (bounded: a file of many distinct characters must not grow it without end)
    tail_seen: dict[str, bool]


@rules_cached
def _prose() -> _Prose:
    w = narrative_words()
    deadline_words = _alternation(w.deadline_labels)
    letters = {ch for label in w.deadline_labels for ch in label if not ch.isspace()}
    letters |= {v for ch in letters for v in (ch.lower(), ch.upper(), ch.casefold(), ch.swapcase()) if len(v) == 1}
    return _Prose(
        deadline_tail=re.compile(
            rf"(?P<sep>\s*[;,]?\s*)(?P<open>\()?\s*(?:{deadline_words})\s*:\s*(?P<when>[^():]+?)\s*(?(open)\))\s*[.;]?\s*$",
            re.I,
        ),
        deadline_only=re.compile(
            rf"^[-+•–]?\s*\(?\s*(?:{deadline_words})\s*:\s*(?P<when>[^():]+?)\s*\)?\s*[.;]?\s*$", re.I
        ),
        lead_only=re.compile(
            rf"^[-+•–]?\s*(?P<role>{_alternation(w.lead_labels)}|{_alternation(w.partner_labels)})\s*:\s*"
            r"(?P<who>[^:]+?)\s*[.;]?\s*$",
            re.I,
        ),
        partner_role=re.compile(rf"^(?:{_alternation(w.partner_labels)})$", re.I),
        subject_leads=re.compile(
            rf"^(?:(?:{_alternation(w.subject_lead_openers)})\s+)?(?P<who>[^,;:()]{{3,{SETTINGS.subject_lead_max}}}?)"
            rf"\s+(?:{_alternation(w.subject_lead_verbs)})\b",
            re.I,
        ),
        tail_char=re.compile(r"[\s;,(" + "".join(re.escape(ch) for ch in sorted(letters)) + "]", re.I),
        tail_letters=frozenset(letters),
        tail_seen={},
    )


def _tail_start(text: str, colon: int) -> int:
    """A position no match of `deadline_tail` starts before.

    The clause's value holds no colon and nothing after it does, so the matched colon is the text's last one;
    everything from the match's start up to that colon is a label letter, a space, ";", "," or "(". The first
    character before the colon that is none of these bounds the search, so the pattern is tried from there on
    instead of at every position of a long paragraph (the same leftmost match, found in a few characters).
    """
    p = _prose()
    seen = p.tail_seen
    i = colon - 1
    while i >= 0:
        ch = text[i]
        ok = seen.get(ch)
        if ok is None:
            # a superset of what the pattern's letters match case-insensitively is safe: it only widens the search
            ok = ch.isspace() or ch in ";,(" or ch in p.tail_letters or p.tail_char.match(ch) is not None
            ok = ok or any(v in p.tail_letters for v in (ch.lower(), ch.upper(), ch.casefold()))
            if len(seen) < 4096:
                seen[ch] = ok
        if not ok:
            break
        i -= 1
    return i + 1


def numbered(text: str) -> tuple[str, str] | None:
    """ "1.1. Phối hợp …" → ("1.1", "Phối hợp …"); None for anything else."""
    m = C.LABELLED_TEXT.match(text.strip())
    return (m.group(1), m.group(2).strip()) if m else None


def is_deeper(label: str, head: str | None) -> bool:
    """Whether a numbered paragraph sits below the heading numbered `head`.

    Under "1. Công tác chỉ đạo" the paragraphs are "1.1", "1.2"; under a roman or lettered heading ("II. CẢI
    CÁCH THỂ CHẾ", "a) Cải cách thể chế") any arabic number is a paragraph.
    """
    if not head or not C.LABEL.match(head):
        return True
    return label.startswith(head.rstrip(".") + ".")


def reads_as_sentence(body: str) -> bool:
    """A paragraph, not a heading: it ends with a full stop or holds a clause break ("…; củng cố …")."""
    b = body.strip()
    return len(b) > SETTINGS.paragraph_min or ";" in b or (b.endswith(".") and not b.endswith("..."))


def _deadline(when: str, year: int | None) -> Deadline | None:
    d = parse_deadline(when, year)
    return d if d is not None and d.kind != "unknown" else None


def split_deadline(text: str, year: int | None) -> tuple[str, Deadline | None]:
    """The paragraph without its closing time clause, and that time parsed; (text, None) when there is none."""
    body, d = _remembered_split(text, year)
    return body, (copy_deadline(d) if d is not None else None)  # the caller may change it: never the remembered one


@rules_cached(maxsize=8192)
def _remembered_split(text: str, year: int | None) -> tuple[str, Deadline | None]:
    # a batch's children repeat their parent's paragraphs
    return _split_deadline(text, year)


def _split_deadline(text: str, year: int | None) -> tuple[str, Deadline | None]:
    colon = text.rfind(":")
    if colon < 0:
        return text, None  # the clause needs its colon
    m = _prose().deadline_tail.search(text, _tail_start(text, colon))
    if not m or m.start() == 0:
        return text, None
    d = _deadline(m.group("when"), year)
    if d is None:
        return text, None
    return text[: m.start()].rstrip(" ;,"), d


def deadline_line(text: str, year: int | None) -> Deadline | None:
    """The time of a line that holds nothing else ("Thời gian: Quý IV/2022.", "- Thời gian thực hiện: Tháng 6")."""
    m = _prose().deadline_only.match(text.strip())
    return _deadline(m.group("when"), year) if m else None


def role_line(text: str) -> tuple[str, str] | None:
    """("lead" | "partners", agencies as printed) of a line like "- Cơ quan chủ trì: Phòng Nội vụ."."""
    m = _prose().lead_only.match(text.strip())
    if not m or not parse_agency_list(m.group("who")):
        return None
    role = "partners" if _prose().partner_role.match(m.group("role")) else "lead"
    return role, m.group("who").strip()


def subject_lead(body: str) -> str | None:
    """The doer a paragraph opens with ("Công chức Tư pháp - Hộ tịch chủ trì …" → "Công chức Tư pháp - Hộ tịch").

    Only a subject the agency reader recognises counts, so a verb phrase before "chủ trì" is never taken.
    """
    m = _prose().subject_leads.match(body.strip())
    if not m:
        return None
    who = m.group("who").strip()
    if not (C.looks_agency(who) or who.casefold().startswith(narrative_words().person_doers)) or not parse_agency_list(who):
        return None
    return who
