"""What the hierarchy needs to know about one plan file, small enough to pass between processes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from cascade.model import Plan

SYNTHETIC_MARK = "TÀI LIỆU MÔ PHỎNG"
# Government and Prime Minister acts ("76/NQ-CP", "23/CT-TTg", "1291/QĐ-TTg"): the top of the plan chain
_NATIONAL_SYMBOL = re.compile(r"/(?:\d{4}/)?[A-ZĐ]{1,4}-(?:CP|TTG)$", re.I)
_NATIONAL_ISSUERS = ("chinh phu", "thu tuong chinh phu", "thu tuong")
_ISSUED = re.compile(r"ngày\s*(?:\d{1,2}|[.…_]+)?\s*(?:tháng\s*|/)\s*(\d{1,2})\s*(?:năm\s*|/)\s*(\d{4})", re.I)
_PERIOD = re.compile(r"giai\s+đoạn\s*20\d\d\s*[-–]\s*20\d\d", re.I)
_BLANK_NUMBER = re.compile(r"số\s*[.…_]+\s*/\s*[A-ZĐ]", re.I)
_SUBJECT_YEAR = re.compile(r"năm\s+(20\d\d)\b(?!\s*[-–]\s*20\d\d)", re.I)


@dataclass(frozen=True, slots=True)
class CitedDoc:
    """A document a plan cites: normalized number, type, issuer and how it is cited."""

    number: str  # "" for a draft cited with its number left blank ("Kế hoạch số .../KH-UBND …")
    doc_type: str | None
    issuer: str | None
    relation: str
    text: str
    date: str | None = None  # ISO date when the citation gives a whole one

    @property
    def blank(self) -> bool:
        """Whether the number was left blank: the cited document is a draft, matched by issuer, type and year."""
        return not self.number

    @property
    def national(self) -> bool:
        """Whether the Government or the Prime Minister issued it (…/NQ-CP, …/CT-TTg, …/QĐ-TTg): not a local plan."""
        from cascade.text import fold

        if self.number and _NATIONAL_SYMBOL.search(self.number):
            return True
        return bool(self.issuer) and fold(self.issuer).strip() in _NATIONAL_ISSUERS

    def issued(self) -> tuple[int, int] | None:
        """(year, month) the citation says the document was signed, even with the day left blank."""
        if self.date:
            return int(self.date[:4]), int(self.date[5:7])
        m = _ISSUED.search(self.text)
        return (int(m.group(2)), int(m.group(1))) if m else None

    def subject_year(self) -> int | None:
        """The year the cited plan covers: its title's "năm 2024" (not "giai đoạn 2021 - 2025"), else the year
        after a signing in October–December, else the signing year."""
        years = _SUBJECT_YEAR.findall(_ISSUED.sub(" ", self.text))  # "ngày … tháng 12 năm 2023" is no subject
        if years:
            return int(years[-1])
        if _PERIOD.search(self.text):
            return None  # a multi-year plan ("giai đoạn 2021 - 2025") covers no single year
        got = self.issued()
        if got is None:
            return None
        year, month = got
        return year + 1 if month >= 10 else year


@dataclass(slots=True)
class PlanMeta:
    """A plan's identity: number, agency, level, year and the documents it cites (no items)."""

    path: str
    number: str | None = None
    doc_type: str | None = None
    agency: str | None = None
    level: str | None = None
    place: str | None = None
    date: str | None = None
    year: int | None = None
    title: str | None = None
    citations: list[CitedDoc] = field(default_factory=list)
    parent_body: str | None = None  # "Ủy ban nhân dân tỉnh Hải Dương" printed over "Sở Thông tin và Truyền thông"
    n_items: int = 0
    synthetic: bool = False
    error: str | None = None  # Vietnamese message when the file could not be read

    @property
    def name(self) -> str:
        return Path(self.path).name


def norm_number(number: str | None) -> str | None:
    """A document number compared without spaces and case ("153/KH- UBND" = "153/kh-ubnd")."""
    if not number:
        return None
    return "".join(number.split()).upper()


def meta_from_plan(plan: Plan) -> PlanMeta:
    """The metadata of a parsed plan; agency names are canonical where known."""
    from cascade.agencies import detect_child

    canonical, level = detect_child(plan)
    # A province's canonical name drops the province ("Ủy ban nhân dân tỉnh"): keep the name as printed there.
    agency = plan.agency if plan.agency and level in ("tinh", "huyen", "xa") else (canonical or plan.agency)
    # A citation with no number is kept only when it names a blank-numbered draft ("số .../KH-UBND"); a law
    # cited by name ("Luật Tổ chức chính quyền địa phương") is no plan of the chain.
    cited = [CitedDoc(norm_number(c.number) or "", c.doc_type, c.issuer, c.relation, c.text, c.date)
             for c in plan.citations if c.number or _BLANK_NUMBER.search(c.text)]
    synthetic = bool(plan.title and SYNTHETIC_MARK in plan.title) or any(SYNTHETIC_MARK in w for w in plan.warnings)
    return PlanMeta(path=plan.path, number=norm_number(plan.number), doc_type=plan.doc_type, agency=agency,
                    level=level or plan.level, place=plan.place, date=plan.date, year=plan.year, title=plan.title,
                    citations=cited, parent_body=plan.parent_body, n_items=len(plan.items), synthetic=synthetic)


def read_meta(path: str | Path) -> PlanMeta:
    """Parse a plan file into its metadata; a file that cannot be read gives a PlanMeta with `error` set."""
    from cascade.parse import parse_file

    try:
        plan = parse_file(path)
    except Exception as exc:  # noqa: BLE001 — one bad file must not stop a whole province's batch
        return unreadable(path, exc)
    meta = meta_from_plan(plan)
    meta.synthetic = meta.synthetic or is_synthetic_file(path)
    return meta


def unreadable(path: str | Path, exc: Exception) -> PlanMeta:
    """The metadata of a file that could not be read: only its path and a Vietnamese message."""
    from cascade.errors import CascadeError

    if isinstance(exc, CascadeError):
        return PlanMeta(path=str(path), error=exc.message_vi)
    return PlanMeta(path=str(path), error=f"Không đọc được tệp “{Path(path).name}”: {exc}")


def is_synthetic_file(path: str | Path) -> bool:
    """Whether a text file says it is a synthetic plan (cascade.synth writes the mark on its first line)."""
    if Path(path).suffix.lower() != ".txt":
        return False
    try:
        with open(path, encoding="utf-8", errors="ignore") as fh:
            return SYNTHETIC_MARK in fh.read(2000)
    except OSError:
        return False
