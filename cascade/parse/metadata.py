"""Plan metadata: number, type, issuing agency and level, place, date, year, title, signer, citations."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from cascade.model import Citation, Plan
from cascade.parse.header import Header, parse_place_date, read_header
from cascade.parse.settings import SETTINGS
from cascade.parse.vocab import header_words
from cascade.read.document import Document
from cascade.rules import rules_cached
from cascade.text import fold_label as fold
from cascade.text import norm_doc_number, words_pattern


@dataclass(frozen=True)
class _Patterns:
    """The compiled patterns of rules/header.yaml used for metadata (named as in its `patterns` section)."""

    cite: re.Pattern[str]
    issuer: re.Pattern[str]
    levels: tuple[tuple[re.Pattern[str], str], ...]
    document_number: re.Pattern[str]  # a draft leaves the number blank: "Số:      /KH-STP", "Số: .../KH-STTTT"
    title_year: re.Pattern[str]
    title_agency: re.Pattern[str]
    agency_province_tail: re.Pattern[str]
    appendix_agency: re.Pattern[str]
    unit_line: re.Pattern[str]
    unit_name: re.Pattern[str]
    title_province: re.Pattern[str]
    web_issue_date: re.Pattern[str]
    web_signer: re.Pattern[str]
    department_symbol: re.Pattern[str]


@rules_cached
def _patterns() -> _Patterns:
    w = header_words()
    num_w, day_w, month_w, year_w = (
        w.pattern(f"citation_{k}_word") for k in ("number", "day", "month", "year")
    )
    cite = re.compile(
        r"(?P<type>" + words_pattern(w.citation_types) + rf")\s+(?:{num_w}\s*)?(?:(?P<num>\d{{1,6}}\s*/\s*"
        r"(?:\d{4}\s*/\s*)?"
        r"[A-ZĐ][A-ZĐa-z&]*(?:\s*-\s*[A-ZĐ][A-ZĐa-z&]*)*)|(?P<blank>[.…_]+\s*/\s*[A-ZĐ][A-ZĐa-z&]*"
        r"(?:\s*-\s*[A-ZĐ][A-ZĐa-z&]*)*))?"
        # a draft's blank day ("ngày ... tháng 12 năm 2023") still gives the month and year, kept in the text
        rf"(?:\s*,?\s*{day_w}\s*(?P<d1>\d{{1,2}}|[.…_]+)?\s*(?:{month_w}\s*|/)\s*(?P<m1>\d{{1,2}})\s*"
        rf"(?:{year_w}\s*|/)\s*(?P<y1>\d{{4}}))?"
        r"(?P<rest>[^;]*)",
        re.I,
    )
    issuer = re.compile(
        r"\bcủa\s+((?:" + words_pattern(w.citation_issuers) + r")[^,;]*?)"
        r"(?=\s+(?i:" + words_pattern(w.citation_issuer_end_words) + r")\b|[,;.]|$)"
    )
    levels = tuple((re.compile(p, re.U), level) for p, level in w.level_patterns)
    return _Patterns(
        cite,
        issuer,
        levels,
        document_number=re.compile(w.pattern("document_number")),
        title_year=re.compile(w.pattern("title_year"), re.I),
        title_agency=re.compile(w.pattern("title_agency")),
        agency_province_tail=re.compile(w.pattern("agency_province_tail")),
        appendix_agency=re.compile(w.pattern("appendix_agency")),
        unit_line=re.compile(w.pattern("unit_line")),
        # "HUYỆN CHƯ SÊ" → unit word, proper name
        unit_name=re.compile(w.pattern("unit_line") + r"\s+(.+)$", re.I),
        title_province=re.compile(w.pattern("title_province")),
        web_issue_date=re.compile(w.pattern("web_issue_date")),
        web_signer=re.compile(w.pattern("web_signer")),
        department_symbol=re.compile(w.pattern("department_symbol")),
    )


def _iso(y: str | None, m: str | None, d: str | None) -> str | None:
    try:
        return date(int(y), int(m), int(d)).isoformat() if y and m and d else None
    except ValueError:
        return None


def extract_metadata(doc: Document, plan: Plan) -> None:
    """Fill the plan's metadata fields from the document's header (table or lines) and paragraphs."""
    paras = [b.text for b in doc.blocks if b.kind == "para"]
    head = paras[:SETTINGS.metadata_paragraphs]
    header = read_header(doc)
    issue_year, issue_month = _number_and_date(head, paras, plan, header)
    _title_and_type(head, plan, issue_year, issue_month)
    _agency_and_level(head, paras, plan, header)
    plan.signer = _signer(paras)
    plan.citations = citations(paras)


def _number_and_date(head: list[str], paras: list[str], plan: Plan, header: Header) -> tuple[int | None, int | None]:
    """Number, place and date; returns the issue year and month even when the day is blank (drafts).

    The header's own "Số: …" and place-date pieces come first: in a header table they are not paragraphs, and in a
    PDF they share a line with the other column's text.
    """
    issue_year = issue_month = None
    w = header_words()
    for text in ([header.number_text] if header.number_text else head):
        m = _patterns().document_number.search(text)
        if m and (text.lstrip().startswith(w.number_label) or w.number_label_long in text):
            num = m.group(1)
            symbol = norm_doc_number(m.group(3))
            plan.number = f"{num}/{(m.group(2) or '')}{symbol}" if num else None
            if not num:
                plan.warnings.append(f"Dự thảo chưa có số văn bản (…/{symbol}).")
            break
    for text in ([header.place_date_text] if header.place_date_text else head):
        pd = parse_place_date(text.strip())
        if pd and text.strip().startswith(pd.place) and len(pd.place) <= SETTINGS.place_max:
            plan.place = pd.place
            plan.date = _iso(*(str(v) if v else None for v in (pd.year, pd.month, pd.day)))
            if pd.year and not plan.date:
                plan.warnings.append("Ngày ban hành chưa điền đầy đủ.")
            issue_year, issue_month = pd.year, pd.month
            break
    if plan.date is None:
        for text in paras:  # web-page metadata: "Ngày ban hành: 29/12/2023"
            m = _patterns().web_issue_date.search(text)
            if m:
                plan.date = _iso(m.group(3), m.group(2), m.group(1))
                break
    if issue_year is None and plan.date:
        issue_year, issue_month = int(plan.date[:4]), int(plan.date[5:7])
    return issue_year, issue_month


def _title_and_type(head: list[str], plan: Plan, issue_year: int | None, issue_month: int | None = None) -> None:
    w = header_words()
    folded = [fold(t) for t in head]
    # The document type stands alone in capitals ("KẾ HOẠCH"); web-page metadata says "Kế hoạch" too.
    kh = next((i for i, (f, t) in enumerate(zip(folded, head, strict=True)) if f == w.plan_title and t.isupper()), None)
    qd = next((i for i, (f, t) in enumerate(zip(folded, head, strict=True)) if f == w.decision_title and t.isupper()),
              None)
    if kh is not None and kh + 1 < len(head):
        plan.title = head[kh + 1].strip()
    else:
        cand = [t for t in head if w.reform_title_phrase in t.casefold() and len(t) < SETTINGS.title_max
                and not t.startswith(w.citation_openers)]
        caps = [t for t in cand if t.upper() == t]
        plan.title = (caps or cand or [None])[0]
    if qd is not None and (kh is None or qd < kh):
        plan.doc_type = w.decision_doc_type
    else:
        plan.doc_type = w.plan_doc_type
    if plan.title:
        years = _patterns().title_year.findall(plan.title)
        if years:
            plan.year = int(years[-1])
    if plan.year is None and issue_year:
        # Plans for year N are issued in the last months of N-1.
        # (a draft's blank day still leaves the month: "ngày … tháng 12 năm 2023")
        plan.year = issue_year + 1 if issue_month in (10, 11, 12) else issue_year


def _agency_and_level(head: list[str], paras: list[str], plan: Plan, header: Header) -> None:
    title = plan.title or ""
    # The header's agency cell names the issuer in full ("ỦY BAN NHÂN DÂN / HUYỆN VĂN YÊN", "UBND TỈNH GIA LAI /
    # SỞ TƯ PHÁP"); a bare "ỦY BAN NHÂN DÂN" is not enough and the title and body are asked instead.
    issuer = header.issuer if header.issuer and header.issuer.complete else None
    parent = header.parent if header.parent and header.parent.complete else None
    if parent:
        plan.parent_body = parent.name
    # A department's plan names itself in its title ("… tại Sở Nông nghiệp và Phát triển nông thôn năm 2024")
    # or in its appendix captions ("Kèm theo Kế hoạch số …/KH-SNN … của Sở …").
    w = header_words()
    px = _patterns()
    m = px.title_agency.search(title)
    if issuer:
        plan.agency = issuer.name
    elif m:
        # "Sở Tư pháp tỉnh Bình Định" → "Sở Tư pháp"; "Thanh tra tỉnh" keeps its own "tỉnh"
        plan.agency = px.agency_province_tail.sub("", m.group(1).strip())
    else:
        for text in paras:
            mm = px.appendix_agency.search(text)
            if mm:
                plan.agency = mm.group(1).strip()
                break
    if plan.agency is None:
        # Header block: "ỦY BAN NHÂN DÂN" + "TỈNH GIA LAI" / "HUYỆN CHƯ SÊ"; the territory follows the committee's
        # last word ("DÂN") on its line, or is the next line
        committee_heads = tuple(h for h, name in w.councils.items() if name == w.committee_name)
        last_word = w.committee_name.split()[-1].upper()
        for i, text in enumerate(head[:SETTINGS.agency_cell_paragraphs]):
            f = fold(text)
            if f.startswith(committee_heads):
                rest = text.split(last_word, 1)[-1].strip() if last_word in text else ""
                nxt = head[i + 1].strip() if i + 1 < len(head) else ""
                where = rest or (nxt if px.unit_line.match(nxt) else "")
                plan.agency = f"{w.committee_name} {_unit_name(where)}" if where else w.committee_name
                break
    scope = f"{plan.agency or ''} {title}"
    for rx, level in _patterns().levels:
        if issuer and issuer.level:
            plan.level = issuer.level
            break
        if rx.search(scope):
            plan.level = level
            break
    if plan.level is None and plan.number:
        sym = plan.number.split("/")[-1]
        plan.level = "so" if px.department_symbol.match(sym) else ("tinh" if sym.endswith(w.province_symbol_suffix)
                                                                    else None)
    if plan.place is None and parent and parent.territory:
        plan.place = parent.territory  # "UBND TỈNH GIA LAI" over the issuing Sở: the Sở is of Gia Lai
    if plan.place is None:
        mm = px.title_province.search(title)
        if mm:
            plan.place = mm.group(1).title()
    if plan.agency in (None, w.committee_name) and plan.level == "tinh" and plan.place:
        province_unit = next(word for f, word in w.unit_words.items() if w.units[f] == "tinh")
        plan.agency = f"{w.committee_name} {province_unit} {plan.place}"


def _unit_name(where: str) -> str:
    """ "HUYỆN CHƯ SÊ" → "huyện Chư Sê": the unit word in lower case, the proper name in title case."""
    m = _patterns().unit_name.match(where.strip())
    if not m:
        return where.strip()
    return f"{m.group(1).lower()} {m.group(2).title()}"


def _signer(paras: list[str]) -> str | None:
    for i, text in enumerate(paras):
        m = _patterns().web_signer.search(text)
        if m:
            return m.group(1).strip(" |")
        if text.strip() == header_words().signer_label and i + 1 < len(paras):  # a web-page metadata table cell
            return paras[i + 1].strip()
    for i, text in enumerate(paras[:-1]):
        f = fold(text)
        if f.startswith(header_words().signer_titles) and len(text) < SETTINGS.signature_line_max:
            for cand in paras[i + 1:i + 1 + SETTINGS.signer_name_lines]:
                c = cand.strip()
                words = c.split()
                if 2 <= len(words) <= 5 and all(w[:1].isupper() for w in words) and not re.search(r"\d", c) \
                        and c.upper() != c and not fold(c).startswith(header_words().signer_titles):
                    return c
    return None


def citations(paras: list[str]) -> list[Citation]:
    """Documents cited in the legal basis ("Căn cứ …", "Thực hiện …") before the plan body."""
    out: list[Citation] = []
    seen: set[tuple[str | None, str | None]] = set()
    w = header_words()
    for text in paras[:SETTINGS.citation_paragraphs]:
        f = fold(text)
        if f.startswith(w.citations_end):
            break
        relation = next((rel for opener, rel in w.citation_relations.items() if f.startswith(opener)), None)
        if relation is None:
            continue
        for m in _patterns().cite.finditer(text):
            num = norm_doc_number(m.group("num"))
            dtype = m.group("type")
            dtype = dtype[0].upper() + dtype[1:]
            iso = _iso(m.group("y1"), m.group("m1"), m.group("d1"))
            rest = m.group("rest") or ""
            mi = _patterns().issuer.search(rest)
            issuer = mi.group(1).strip() if mi else None
            # A draft cited with its number left blank ("Kế hoạch số .../KH-UBND ngày ... tháng 12 năm 2023") is kept
            # with no number: the hierarchy matches it to the unnumbered draft by issuer, type and year.
            if num is None and dtype not in w.unnumbered_citation_types and not m.group("blank"):
                continue
            key = (num, dtype if num is None else None)
            if key in seen:
                continue
            seen.add(key)
            snippet = text[m.start():m.end()].strip()
            out.append(Citation(number=num, doc_type=dtype, date=iso, issuer=issuer, relation=relation,
                                text=snippet[:SETTINGS.citation_text_max]))
    return out
