#!/usr/bin/env python3
"""Write mutated copies of the real Bình Định Sở NN&PTNT plan, each with an answer key derived from the dev key.

    .venv/bin/python tests/keys/mutate.py [--dev-key PATH] [--out tests/keys]

Deterministic: the mutations are a fixed list below, and each case's key.yaml is regenerated from the dev key and
that list, so the child text and the key cannot drift apart. The generated files are committed (CI never runs
this script); rerun it after changing a mutation and commit the result.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
PARENT = REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = REPO / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
DEV_KEY = REPO.parent / "shared/eval/binhdinh-snn-2024/key.yaml"
SNIPPET_MAX = 80


@dataclass(frozen=True)
class Row:
    """One tab-separated row of the child's appendix tables: its printed label and a phrase only it holds."""

    label: str
    contains: str


@dataclass(frozen=True)
class Delete:
    """Delete a carried row: its parent item becomes a `missing` entry with the given expectation."""

    row: Row
    kind: str
    expect: str
    why: str


@dataclass(frozen=True)
class Replace:
    """Replace text inside one cell of a row and record the finding this change deserves on its link."""

    row: Row
    kind: str
    cell: int
    old: str
    new: str
    finding: str
    why: str


@dataclass(frozen=True)
class Move:
    """Move a row under another row (possibly another reform area) and give it a new label."""

    row: Row
    kind: str
    after: Row
    new_label: str
    findings: tuple[str, ...]
    why: str


@dataclass
class Case:
    name: str
    title: str
    ops: list[Delete | Replace | Move] = field(default_factory=list)


CASES: list[Case] = [
    Case(
        "binhdinh-snn-mutated-deleted",
        "4 carried task rows and 2 indicator rows deleted from the child",
        [
            Delete(Row("14", "Kế hoạch 153/KH-UBND"), "task", "required",
                   "parent task 20 is led by 'Các sở, ngành, địa phương' (a group the Sở belongs to)"),
            Delete(Row("17", "Quyết định số 3416/QĐ-UBND"), "task", "required",
                   "parent task 26 is led by 'Các sở, ngành; các cơ quan, đơn vị có liên quan'"),
            Delete(Row("9", "Công bố kết quả hệ thống hóa"), "task", "advisory",
                   "parent task 13: Sở Tư pháp leads, 'Các sở, ban, ngành tỉnh' only co-operate"),
            Delete(Row("20", "Trợ lý ảo"), "task", "advisory",
                   "parent task 29: Sở Thông tin và Truyền thông leads, the Sở only co-operates"),
            Delete(Row("2", "được ban hành đúng trình tự"), "indicator", "required",
                   "parent indicator 2 is implemented by 'Các cơ quan chuyên môn thuộc tỉnh'"),
            Delete(Row("6.1", "Quyết định số 3416/QĐ-UBND"), "indicator", "required",
                   "parent indicator 6.1 is implemented by 'Các cơ quan, đơn vị thuộc và trực thuộc UBND tỉnh'"),
        ],
    ),
    Case(
        "binhdinh-snn-mutated-weakened",
        "lowered percentages and later deadlines in the child's tables",
        [
            Replace(Row("3.2", "Thực hiện số hóa hồ sơ"), "indicator", 2, "80%", "70%", "weakened_target",
                    "80% -> 70% (parent 3.2: 80%)"),
            Replace(Row("7.2", "Tỷ lệ lập hồ sơ công việc"), "indicator", 2, "90%", "80%", "weakened_target",
                    "90% -> 80%: the huyện value of parent 7.3 instead of the sở value 90%"),
            Replace(Row("6", "Kế hoạch kiểm tra, xử lý"), "task", 5, "Tháng 1", "Tháng 6", "weakened_deadline",
                    "Tháng 1 -> Tháng 6 (parent task 10: Tháng 1)"),
            Replace(Row("18", "Kế hoạch chuyển đổi số"), "task", 5, "Tháng 3", "Quý IV", "weakened_deadline",
                    "Tháng 3 -> Quý IV (parent task 27: Tháng 3)"),
        ],
    ),
    Case(
        "binhdinh-snn-mutated-softened",
        "softened commitment verbs, and one row renumbered and moved to another reform area",
        [
            Replace(Row("15", "Đề án vị trí việc làm"), "task", 1, "Phê duyệt Đề án", "Xây dựng dự thảo Đề án",
                    "weakened_wording", "Phê duyệt -> Xây dựng dự thảo"),
            Replace(Row("13", "sắp xếp, tổ chức lại"), "task", 1, "Triển khai Kế hoạch", "Từng bước triển khai Kế hoạch",
                    "weakened_wording", "Triển khai -> Từng bước triển khai"),
            Replace(Row("20", "Trợ lý ảo"), "task", 1, "Triển khai ứng dụng", "Nghiên cứu ứng dụng",
                    "weakened_wording", "Triển khai -> Nghiên cứu"),
            Replace(Row("6", "Kế hoạch kiểm tra, xử lý"), "task", 1, "Kế hoạch kiểm tra",
                    "Xây dựng dự thảo Kế hoạch kiểm tra", "weakened_wording",
                    "parent 'Ban hành Kế hoạch' -> 'Xây dựng dự thảo Kế hoạch'"),
            Move(Row("21", "dịch vụ công trực tuyến"), "task", Row("12", "công cụ quản lý dữ liệu"), "12.1",
                 ("renumbered", "moved"),
                 "row 21 (area VII, chính quyền số) moved under row 12 in area III (thủ tục hành chính) as 12.1"),
        ],
    ),
]


def norm(text: str) -> str:
    """The comparison view score.py uses: NFC, no markup, collapsed spaces, casefolded."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"<[^>]+>", " ", text).replace("*", "")
    return re.sub(r"\s+", " ", text).strip().casefold()


def find_row(lines: list[str], row: Row) -> int:
    """Index of the one line that starts with the row's label cell and holds its phrase."""
    hits = [i for i, line in enumerate(lines) if line.split("\t", 1)[0] == row.label and row.contains in line]
    if len(hits) != 1:
        raise ValueError(f"row {row} matched {len(hits)} lines")
    return hits[0]


def find_link(links: list[dict], kind: str, row_text: str) -> dict:
    """The dev-key link whose child snippet lies in this row."""
    hits = [g for g in links if g["kind"] == kind and norm(g["child"]) in norm(row_text)]
    if len(hits) != 1:
        raise ValueError(f"{len(hits)} links of kind {kind} match row {row_text[:60]!r}")
    return hits[0]


def trim(snippet: str) -> str:
    """Shorten a snippet to the key's limit at a word boundary, keeping its start."""
    if len(snippet) <= SNIPPET_MAX:
        return snippet
    cut = snippet[: SNIPPET_MAX + 1].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;")


def add_findings(link: dict, names: tuple[str, ...] | list[str]) -> None:
    have = list(link.get("findings") or [])
    link["findings"] = have + [n for n in names if n not in have]


def apply_case(case: Case, child_lines: list[str], key: dict) -> tuple[list[str], dict]:
    """The mutated child lines and the adjusted key for one case."""
    lines = list(child_lines)
    key = json.loads(json.dumps(key))  # deep copy
    key["case"] = case.name
    links: list[dict] = key["links"]
    missing: list[dict] = key.setdefault("missing", [])
    for op in case.ops:
        i = find_row(lines, op.row)
        link = find_link(links, op.kind, lines[i])
        if isinstance(op, Delete):
            del lines[i]
            links.remove(link)
            missing.append({"kind": op.kind, "parent": link["parent"], "expect": op.expect,
                            "note": f"mutation: child row {op.row.label} deleted; {op.why}"})
        elif isinstance(op, Replace):
            cells = lines[i].rstrip("\n").split("\t")
            if cells[op.cell].count(op.old) != 1:
                raise ValueError(f"{op.old!r} is not in cell {op.cell} of row {op.row.label} exactly once")
            cells[op.cell] = cells[op.cell].replace(op.old, op.new)
            lines[i] = "\t".join(cells) + ("\n" if lines[i].endswith("\n") else "")
            if op.old in link["child"]:
                link["child"] = trim(link["child"].replace(op.old, op.new))
            add_findings(link, [op.finding])
            link["note"] = "; ".join(x for x in (link.get("note"), f"mutation: {op.why}") if x)
        else:
            was_last = i == len(lines) - 1
            line = lines.pop(i)
            if was_last:  # keep the file's missing final newline on the new last line
                lines[-1] = lines[-1].rstrip("\n")
            cells = line.rstrip("\n").split("\t")
            cells[0] = op.new_label
            j = find_row(lines, op.after)
            lines.insert(j + 1, "\t".join(cells) + "\n")
            add_findings(link, op.findings)
            link["note"] = "; ".join(x for x in (link.get("note"), f"mutation: {op.why}") if x)
    text = norm("".join(lines))
    for g in links:  # every kept child snippet must still be in the mutated child
        if norm(g["child"]) not in text:
            raise ValueError(f"{case.name}: child snippet lost: {g['child']!r}")
    return lines, key


def dump_key(key: dict, case: Case) -> str:
    """The key as YAML in the dev key's style: one flow mapping per entry (JSON strings are YAML scalars)."""

    def entry(d: dict) -> str:
        parts = []
        for k, v in d.items():
            if isinstance(v, list):
                parts.append(f"{k}: [{', '.join(v)}]")
            elif re.fullmatch(r"[a-z_]+", v):
                parts.append(f"{k}: {v}")
            else:
                parts.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
        return "  - {" + ", ".join(parts) + "}"

    out = [
        f"# Answer key GENERATED by tests/keys/mutate.py (do not edit by hand): {case.title}.",
        "# Parent: Bình Định Quyết định 4935/QĐ-UBND (real). Child: the real Sở NN&PTNT plan 2024 with the mutations",
        "# listed in mutate.py; key = the hand-labelled dev key (binhdinh-snn-2024) adjusted for those mutations.",
    ]
    for k in ("case", "parent", "child", "child_agency", "child_level", "parent_level"):
        out.append(f"{k}: {json.dumps(key[k], ensure_ascii=False)}")
    for section in ("links", "missing", "added"):
        rows = key.get(section) or []
        out.append(f"{section}:" + ("" if rows else " []"))
        out.extend(entry(r) for r in rows)
    return "\n".join(out) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev-key", type=Path, default=DEV_KEY)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    dev_key = yaml.safe_load(args.dev_key.read_text(encoding="utf-8"))
    child_lines = CHILD.read_text(encoding="utf-8").splitlines(keepends=True)
    for case in CASES:
        lines, key = apply_case(case, child_lines, dev_key)
        assert yaml.safe_load(dump_key(key, case)) == key, "YAML round trip"
        d = args.out / case.name
        d.mkdir(parents=True, exist_ok=True)
        (d / "parent.txt").write_bytes(PARENT.read_bytes())
        (d / "child.txt").write_text("".join(lines), encoding="utf-8")
        (d / "key.yaml").write_text(dump_key(key, case), encoding="utf-8")
        print(f"{d}: {len(key['links'])} links, {len(key['missing'])} missing")


if __name__ == "__main__":
    main()
