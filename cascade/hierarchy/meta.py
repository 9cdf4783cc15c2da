"""What the hierarchy needs to know about one plan file, small enough to pass between processes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cascade.model import Plan

SYNTHETIC_MARK = "TÀI LIỆU MÔ PHỎNG"


@dataclass(frozen=True)
class CitedDoc:
    """A document a plan cites: normalized number, type, issuer and how it is cited."""

    number: str
    doc_type: str | None
    issuer: str | None
    relation: str
    text: str


@dataclass
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
    from cascade.audit import detect_child

    canonical, level = detect_child(plan)
    # A province's canonical name drops the province ("Ủy ban nhân dân tỉnh"): keep the name as printed there.
    agency = plan.agency if plan.agency and level in ("tinh", "huyen", "xa") else (canonical or plan.agency)
    cited = [CitedDoc(n, c.doc_type, c.issuer, c.relation, c.text)
             for c in plan.citations if (n := norm_number(c.number))]
    synthetic = bool(plan.title and SYNTHETIC_MARK in plan.title) or any(SYNTHETIC_MARK in w for w in plan.warnings)
    return PlanMeta(path=plan.path, number=norm_number(plan.number), doc_type=plan.doc_type, agency=agency,
                    level=level or plan.level, place=plan.place, date=plan.date, year=plan.year, title=plan.title,
                    citations=cited, n_items=len(plan.items), synthetic=synthetic)


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
