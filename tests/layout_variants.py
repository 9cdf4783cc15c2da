"""Layout variants of the seeds' task tables: the same rows written the ways real plans write them.

A table's rows reach the reader as pipe rows, tab rows or one cell per line, with long cells continued on
rows whose STT cell is empty, Roman-numeral area rows, the header repeated after a page break, and the
appendix placed after the signature block. The reader and the parser must find the same tasks in every
layout, so the rows are taken once from a seed (its parsed task items, i.e. the clean cells) and written
out again in each combination. Everything is deterministic: no randomness, the same text on every run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cascade.parse import parse_file

DATA = Path(__file__).resolve().parents[1] / "data" / "binh-dinh" / "2024"

# seed name → (file, the heading line of its task appendix)
SEEDS: dict[str, tuple[Path, str]] = {
    "tinh": (DATA / "tinh-4935-QD-UBND.txt", "PHỤ LỤC 2"),
    "snn": (DATA / "so-nnptnt-KH-SNN.txt", "PHỤ LỤC II"),
}

HEADER = ["TT", "Nhiệm vụ", "Hoạt động/sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
NCOLS = len(HEADER)

FORMATS = ("pipe", "pipe_bordered", "tab", "flat_pipe", "flat_blank")
PAGE_BREAKS = ("none", "trang", "formfeed", "blank")

SIGNATURE = [
    "",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "",
    "Lâm Hải Giang",
    "",
    "Nơi nhận:",
    "- Bộ Nội vụ (b/c);",
    "- TT Tỉnh ủy, TT HĐND tỉnh (b/c);",
    "- CT, các PCT UBND tỉnh;",
    "- Các sở, ban, ngành thuộc tỉnh;",
    "- UBND các huyện, thị xã, thành phố;",
    "- Lưu: VT, K1.",
    "",
]

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
# A text cell longer than this is continued on a row with an empty STT cell.
_LONG = 90


@dataclass(frozen=True)
class Variant:
    """One way of writing a seed's task table."""

    seed: str
    fmt: str
    continued: bool  # long cells continued on rows whose STT cell is empty
    areas: bool  # Roman-numeral area rows inserted
    page_break: str  # one of PAGE_BREAKS
    signature: bool  # the appendix follows "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Nơi nhận: …"

    @property
    def name(self) -> str:
        parts = [self.seed, self.fmt]
        if self.continued:
            parts.append("cont")
        if self.areas:
            parts.append("areas")
        if self.page_break != "none":
            parts.append(f"pb-{self.page_break}")
        if self.signature:
            parts.append("sig")
        return "-".join(parts)


def all_variants() -> list[Variant]:
    """Every combination of seed, format, continuation, area rows, page break and signature block."""
    return [
        Variant(seed, fmt, cont, areas, pb, sig)
        for seed, fmt, cont, areas, pb, sig in itertools.product(
            SEEDS, FORMATS, (False, True), (False, True), PAGE_BREAKS, (False, True)
        )
    ]


CLEAN = {seed: Variant(seed, "pipe", False, False, "none", False) for seed in SEEDS}
CLEAN_AREAS = {seed: Variant(seed, "pipe", False, True, "none", False) for seed in SEEDS}


@dataclass(frozen=True)
class SeedTable:
    """A seed's task table as clean cells, and the plan text around it."""

    before: list[str]  # the plan up to the task appendix heading
    heading: list[str]  # the appendix heading and title lines, up to the table header
    rows: list[tuple[str | None, list[str]]]  # (area title, cells) per task, in order
    sections: dict[str, str | None]  # task label → reform area in the seed


@cache
def seed_table(seed: str) -> SeedTable:
    """Parse the seed once and keep its task rows as clean cells (one line each, no pipes or tabs)."""
    path, heading = SEEDS[seed]
    lines = path.read_text(encoding="utf-8").split("\n")
    h = lines.index(heading)
    header_at = next(i for i in range(h, len(lines)) if lines[i].startswith("TT"))
    plan = parse_file(path)
    tasks = [it for it in plan.items if it.kind == "task" and it.source.table is not None]

    def one_line(text: str | None) -> str:
        return " ".join((text or "").replace("|", "/").split())

    rows = []
    for it in tasks:
        cells = [it.label or "", it.text, it.product, "; ".join(it.lead), "; ".join(it.partners),
                 it.deadline.raw if it.deadline else ""]
        rows.append((it.section_title, [one_line(c) for c in cells]))
    return SeedTable(
        before=lines[:h],
        heading=lines[h:header_at],
        rows=rows,
        sections={it.label or "": it.section for it in tasks},
    )


def _split_long(text: str) -> tuple[str, str]:
    """Cut a long cell at the word boundary nearest its middle (head, tail)."""
    mid = len(text) // 2
    cut = text.rfind(" ", 0, mid)
    if cut <= 0:
        cut = text.find(" ", mid)
    return text[:cut], text[cut + 1:]


def logical_rows(variant: Variant) -> list[list[str]]:
    """The table's rows as cell lists (area rows, task rows and continuation rows), header excluded."""
    table = seed_table(variant.seed)
    out: list[list[str]] = []
    area_no = 0
    last_area: str | None = None
    for area, cells in table.rows:
        if variant.areas and area and area != last_area:
            out.append([_ROMAN[area_no], area] + [""] * (NCOLS - 2))
            area_no += 1
            last_area = area
        if variant.continued and len(cells[1]) > _LONG:
            head, tail = _split_long(cells[1])
            first = list(cells)
            first[1] = head
            more = [""] * NCOLS
            more[1] = tail
            if len(cells[2]) > 40:  # a long product cell runs over to the next page as well
                first[2], more[2] = _split_long(cells[2])
            out.append(first)
            out.append(more)
        else:
            out.append(list(cells))
    return out


def _render_row(cells: list[str], fmt: str) -> list[str]:
    if fmt == "pipe":
        return [" | ".join(cells) + " |"]
    if fmt == "pipe_bordered":
        return ["| " + " | ".join(cells) + " |"]
    if fmt == "tab":
        return ["\t".join(cells)]
    if fmt == "flat_pipe":
        return [f"{c} |" if c else " |" for c in cells]
    if fmt == "flat_blank":
        out: list[str] = []
        for c in cells:
            out.extend([c or "\u00a0", ""])
        return out
    raise ValueError(fmt)


def _page_break(kind: str, fmt: str, page: int) -> list[str]:
    """The lines between two pages: a page mark or blank line, then the header repeated."""
    header = _render_row(HEADER, fmt)
    if kind == "trang":
        return ["", f"Trang {page}", "", *header]
    if kind == "formfeed":
        return ["\f" + header[0], *header[1:]]
    if kind == "blank":
        return ["", *header]
    raise ValueError(kind)


def table_lines(variant: Variant) -> list[str]:
    """The task table written in the variant's layout."""
    rows = logical_rows(variant)
    breaks: set[int] = set()
    if variant.page_break != "none":
        # Break after about a third and two thirds of the rows; a continued row is cut by the break,
        # as a row running over the page end is.
        for at in (len(rows) // 3, 2 * len(rows) // 3):
            cont = next((i for i in range(at, min(at + 6, len(rows))) if not rows[i][0] and rows[i][1]), None)
            breaks.add(cont if cont is not None else at)
    out = _render_row(HEADER, variant.fmt)
    page = 2
    for i, cells in enumerate(rows):
        if i in breaks:
            out.extend(_page_break(variant.page_break, variant.fmt, page))
            page += 1
        out.extend(_render_row(cells, variant.fmt))
    return out


def plan_text(variant: Variant) -> str:
    """The whole plan with the task table in the variant's layout."""
    table = seed_table(variant.seed)
    lines = list(table.before)
    if variant.signature:
        lines.extend(SIGNATURE)
    lines.extend(table.heading)
    lines.extend(table_lines(variant))
    return "\n".join(lines) + "\n"


def expected_sections(seed: str) -> dict[str, str | None]:
    """Task label → reform area as the seed itself gives it (its area rows)."""
    return dict(seed_table(seed).sections)


if __name__ == "__main__":  # write every variant out for a look: python tests/layout_variants.py DIR
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/layout_variants")
    target.mkdir(parents=True, exist_ok=True)
    for v in all_variants():
        (target / f"{v.name}.txt").write_text(plan_text(v), encoding="utf-8")
    print(len(all_variants()), "variants in", target)
