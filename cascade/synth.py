"""Synthetic sub-plans for demos, tests and benchmarks, each with its answer key.

`generate_children(parent, agencies, seed, out_dir)` writes, for every (agency, level), a folder holding
`child.txt`, `child.docx` and `key.yaml` (answer-key format of shared/eval/README.md). A child carries the parent
items that `applicability.assess` says the agency must or should carry; some are dropped, some weakened (later
deadline, lower percentage, softer verb), tasks are renumbered. Everything written says it is synthetic.
The same parent, agencies and seed give the same bytes.
"""

from __future__ import annotations

import datetime
import random
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cascade.audit.applicability import assess
from cascade.model import Item, Plan
from cascade.rules import load_rules
from cascade.text import slug

SYNTHETIC_HEADER = "TÀI LIỆU MÔ PHỎNG (synthetic) — không phải văn bản thật"
TASK_HEADER = ["TT", "Nhiệm vụ", "Hoạt động/sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
INDICATOR_HEADER = ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu", "Đơn vị theo dõi", "Đơn vị thực hiện"]
# Softer openings for a strong verb: the parent commits, the child only studies or tries.
SOFTER = {
    "Ban hành": "Nghiên cứu xây dựng",
    "Phê duyệt": "Nghiên cứu, đề xuất",
    "Hoàn thành": "Phấn đấu từng bước",
    "Triển khai": "Nghiên cứu, đề xuất",
    "Xây dựng": "Nghiên cứu, đề xuất",
}
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
_MONTH = re.compile(r"^\s*Tháng\s+(\d{1,2})\s*$", re.IGNORECASE)
_PERCENT = re.compile(r"(\d{1,3})\s*%")
P_DROP = {"required": 0.1, "advisory": 0.2}
P_WEAKEN = 0.25


@dataclass
class _Child:
    """What one generated child holds, before it is written out."""

    agency: str
    level: str
    number: str
    narrative_ind: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)
    directives: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # area title → bullets
    indicator_rows: list[list[str]] = field(default_factory=list)
    task_rows: list[list[str]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    missing: list[dict[str, Any]] = field(default_factory=list)
    added: list[dict[str, Any]] = field(default_factory=list)


def _symbol(agency: str, level: str) -> str:
    if level != "so":
        return "UBND"
    words = [w for w in re.findall(r"\w+", agency) if w.lower() not in ("và", "sở")]
    return "S" + "".join(w[0].upper() for w in words)


def _noun(level: str) -> str:
    return load_rules("applicability")["child_nouns"].get(level, "đơn vị")


def _snippet(text: str, others: list[str]) -> str:
    """A 20–80 character verbatim piece of the text, unique among the other texts when possible."""
    text = " ".join(text.split())
    if len(text) <= 80:
        return text
    for start in range(0, len(text) - 40, 10):
        piece = text[start:start + 80].strip()
        if not any(piece in o for o in others):
            return piece
    return text[:80].strip()


def _weaker_deadline(raw: str, rng: random.Random) -> str | None:
    m = _MONTH.match(raw or "")
    if not m or int(m.group(1)) >= 10:
        return None
    return rng.choice(["Quý IV", "Trong năm"])


def _lower_percent(text: str, rng: random.Random) -> str | None:
    m = _PERCENT.search(text or "")
    if not m or int(m.group(1)) < 20:
        return None
    value = int(m.group(1))
    lower = max(10, value - rng.choice([10, 15, 20]))
    return text[:m.start(1)] + str(lower) + text[m.end(1):]


def _softer(text: str) -> str | None:
    for strong, soft in SOFTER.items():
        if text.startswith(strong + " "):
            return soft + " " + text[len(strong) + 1:]
    return None


def _adapt_product(product: str | None, level: str) -> str:
    if not product:
        return f"Văn bản triển khai của {_noun(level)}"
    return re.sub(r"(của|do)\s+(UBND|Ủy ban nhân dân)\s+tỉnh|của\s+HĐND\s+tỉnh", f"của {_noun(level)}", product)


def _decide(item: Item, status: str, rng: random.Random) -> str:
    """carry | drop | weaken (the rng is always drawn twice so one item's choice does not shift the next)."""
    a, b = rng.random(), rng.random()
    if status == "not_applicable":
        return "drop"
    if a < P_DROP.get(status, 0.0):
        return "drop"
    return "weaken" if b < P_WEAKEN else "carry"


def _weaken(item: Item, text: str, deadline: str, target: str, rng: random.Random) -> tuple[str, str, str, str | None]:
    """Apply one weakening the item allows: (text, deadline, target, finding type or None)."""
    options = []
    if item.kind == "task" and _weaker_deadline(deadline, rng) is not None:
        options.append("deadline")
    if item.kind == "indicator" and not item.level_targets and _lower_percent(target or text, rng) is not None:
        options.append("target")
    if item.kind == "task" and _softer(text) is not None:
        options.append("wording")
    if not options:
        return text, deadline, target, None
    what = rng.choice(options)
    if what == "deadline":
        return text, _weaker_deadline(deadline, rng) or deadline, target, "weakened_deadline"
    if what == "target":
        if target:
            return text, deadline, _lower_percent(target, rng) or target, "weakened_target"
        return _lower_percent(text, rng) or text, deadline, target, "weakened_target"
    return _softer(text) or text, deadline, target, "weakened_wording"


def _build(parent: Plan, agency: str, level: str, number: str, rng: random.Random) -> _Child:
    child = _Child(agency, level, number)
    parent_level = parent.level or "tinh"
    texts = [it.text for it in parent.items]
    noun = _noun(level)
    own = {"so": ("Văn phòng Sở", "Các phòng, đơn vị thuộc Sở"),
           "huyen": ("Phòng Nội vụ", "Các cơ quan, đơn vị thuộc UBND huyện"),
           "xa": ("Văn phòng UBND xã", "Các bộ phận chuyên môn thuộc UBND xã")}.get(level, (noun, noun))
    kept: set[str] = set()
    task_no = 0
    sub_no: dict[str, int] = {}
    task_labels: dict[str, str] = {}
    last_area, areas = "", 0
    dropped: list[tuple[Item, dict[str, Any]]] = []  # parent items left out, with their entry in the key
    for it in parent.items:
        status = assess(it, agency, level, parent_level).status if not it.group else "required"
        decision = "carry" if it.group else _decide(it, status, rng)
        if it.parent and it.parent not in kept:
            decision = "drop"  # a sub-row whose heading row was dropped goes with it
        others = [t for t in texts if t is not it.text]
        if decision == "drop":
            if not it.group:
                child.missing.append({"kind": it.kind, "parent": _snippet(it.text, others), "expect": status})
                dropped.append((it, child.missing[-1]))
            continue
        kept.add(it.id)
        text = it.text
        deadline = it.deadline.raw if it.deadline else ""
        target = it.target.raw if it.target and it.kind == "indicator" and it.source.table is not None else ""
        findings: list[str] = []
        if it.level_targets:
            own_value = next((lt.target.raw for lt in it.level_targets if lt.level == level), None)
            target = own_value or it.level_targets[0].target.raw
            findings.append("level_target")
        if decision == "weaken":
            text, deadline, target, found = _weaken(it, text, deadline, target, rng)
            if found:
                findings.append(found)
        label = it.label or "-"
        if it.kind == "task":
            if it.parent and it.parent in task_labels:
                sub_no[it.parent] = sub_no.get(it.parent, 0) + 1
                label = f"{task_labels[it.parent]}.{sub_no[it.parent]}"
            else:
                task_no += 1
                label = str(task_no)
            task_labels[it.id] = label
            if label != it.label:
                findings.insert(0, "renumbered")
            title = it.section_title or ""
            if title and title != last_area:  # roman section rows keep each task in its reform area
                last_area = title
                child.task_rows.append([_ROMAN[min(areas, 9)], title.upper(), "", "", "", ""])
                areas += 1
            child.task_rows.append([label, text, _adapt_product(it.product, level), own[0], own[1], deadline])
        elif it.kind == "indicator" and it.source.table is not None:
            cells = [label, text, target, own[0], own[1]] if not it.group else [label, text, "", "", ""]
            if it.label is None:  # a "-" sub-row prints its dash and text in one cell, as the parent does
                cells = [f"- {text}", target, "", ""]
            child.indicator_rows.append(cells)
        elif it.kind == "indicator":
            child.narrative_ind.append((it.label or "-", text))
        else:
            child.directives.setdefault(it.section_title or "Nhiệm vụ khác", []).append((it.label or "-", text))
        if not it.group:
            child.links.append({"kind": it.kind, "parent": _snippet(it.text, others),
                                "child": _snippet(text, []), "findings": findings})
    if rng.random() < 0.5:
        task_no += 1
        extra = f"Tự kiểm tra công tác cải cách hành chính tại các đơn vị thuộc {agency}"
        child.task_rows.append([str(task_no), extra, f"Báo cáo của {noun}", own[0], own[1], "Tháng 10"])
        inspection = next(((it, entry) for it, entry in dropped if _is_inspection(it)), None)
        if inspection is None:
            child.added.append({"kind": "task", "child": extra[:80]})
        else:
            # The agency's own inspection is its part of the province's inspection task when the plan has no other
            # (the real Bình Định key links the two): a carried task, renumbered, later if the province's is earlier.
            it, entry = inspection
            child.missing.remove(entry)
            found = ["renumbered"] if it.label != str(task_no) else []
            if parent.year and it.deadline and it.deadline.end and it.deadline.end < f"{parent.year}-10-01":
                found.append("weakened_deadline")
            child.links.append({"kind": "task", "parent": entry["parent"], "child": extra[:80], "findings": found})
    return child


def _is_inspection(item: Item) -> bool:
    """The province's "Kiểm tra cải cách hành chính năm …" task (not a sub-row of another task)."""
    from cascade.text import fold

    return item.kind == "task" and not item.group and fold(item.text).startswith("kiem tra cai cach hanh chinh")


def _citation(parent: Plan) -> str:
    kind = "Quyết định" if (parent.doc_type or "").startswith("Quyết định") else "Kế hoạch"
    when = ""
    if parent.date:
        y, m, d = parent.date.split("-")
        when = f" ngày {int(d):02d} tháng {int(m):02d} năm {y}"
    who = parent.agency or "cơ quan cấp trên"
    number = parent.number or "…"
    return (f"Căn cứ {kind} số {number}{when} của {who} ban hành Kế hoạch cải cách hành chính năm {parent.year};")


def _blocks(parent: Plan, c: _Child, year: int) -> list[tuple[str, Any]]:
    """The child document as paragraphs and tables, in reading order."""
    place = parent.place or ""
    where = c.agency.split(" xã ")[-1].split(" huyện ")[-1] if c.level in ("huyen", "xa") else place
    head = [[c.agency.upper(), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["", "Độc lập - Tự do - Hạnh phúc"]]
    if c.level == "so":  # a department prints its province above its own name
        head = [[f"ỦY BAN NHÂN DÂN TỈNH {place.upper()}", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                [c.agency.upper(), "Độc lập - Tự do - Hạnh phúc"]]
    out: list[tuple[str, Any]] = [
        ("para", SYNTHETIC_HEADER),
        ("header", [*head, [f"Số: {c.number}", f"{where}, ngày 15 tháng 01 năm {year}"]]),
        ("para", "KẾ HOẠCH"),
        ("para", f"Cải cách hành chính của {c.agency} năm {year}"),
        ("para", _citation(parent)),
        ("para", f"{c.agency} ban hành Kế hoạch cải cách hành chính năm {year} như sau:"),
        ("para", "I. MỤC ĐÍCH, YÊU CẦU"),
        ("para", f"Cụ thể hóa các nhiệm vụ cải cách hành chính của cấp trên tại {c.agency} (nội dung mô phỏng)."),
        ("para", "II. MỤC TIÊU, CHỈ TIÊU"),
        ("para", "1. Mục tiêu"),
        ("para", "Nâng cao hiệu quả công tác cải cách hành chính trong năm (nội dung mô phỏng)."),
    ]
    if c.narrative_ind:
        out.append(("para", "2. Chỉ tiêu cụ thể"))
        out += [("para", f"{letter}) {text}") for letter, text in c.narrative_ind]
    out.append(("para", "III. NHIỆM VỤ CỤ THỂ"))
    for k, (title, bullets) in enumerate(c.directives.items(), start=1):
        out.append(("para", f"{k}. {title}"))
        out += [("para", f"{letter}) {text}") for letter, text in bullets]
    out += [("para", "IV. TỔ CHỨC THỰC HIỆN"),
            ("para", f"Các phòng, đơn vị thuộc {c.agency} căn cứ Kế hoạch này tổ chức thực hiện."),
            ("para", SYNTHETIC_HEADER)]
    if c.indicator_rows:
        out += [("para", "PHỤ LỤC I"), ("para", f"CÁC CHỈ TIÊU CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
                ("table", [INDICATOR_HEADER, *c.indicator_rows])]
    if c.task_rows:
        out += [("para", "PHỤ LỤC II"), ("para", f"NHIỆM VỤ TRỌNG TÂM CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
                ("table", [TASK_HEADER, *c.task_rows])]
    return out


def _write_txt(blocks: list[tuple[str, Any]], path: Path) -> None:
    lines: list[str] = []
    for kind, value in blocks:
        if kind == "para":
            lines.append(value)
        else:
            lines += [" | ".join(cell.replace("|", "/") for cell in row) + " |" for row in value]
    path.write_text(unicodedata.normalize("NFC", "\n".join(lines) + "\n"), encoding="utf-8")


def _write_docx(blocks: list[tuple[str, Any]], path: Path) -> None:
    import docx

    doc = docx.Document()
    doc.core_properties.title = SYNTHETIC_HEADER
    fixed = datetime.datetime(2000, 1, 1)  # same seed, same bytes
    doc.core_properties.created = fixed
    doc.core_properties.modified = fixed
    doc.core_properties.last_printed = fixed
    for kind, value in blocks:
        if kind == "para":
            doc.add_paragraph(value)
            continue
        if kind == "header":  # the reader takes the number and date from paragraphs, not from a layout table
            for row in value:
                for cell in row:
                    if cell:
                        doc.add_paragraph(cell)
            continue
        table = doc.add_table(rows=len(value), cols=max(len(r) for r in value))
        for r, row in enumerate(value):
            for k, cell in enumerate(row):
                table.cell(r, k).text = cell
    doc.save(str(path))
    _fix_zip_times(path)


def _fix_zip_times(path: Path) -> None:
    """Rewrite the .docx zip with fixed entry times so the same seed gives the same bytes."""
    import io
    import zipfile

    with zipfile.ZipFile(path) as src:
        entries = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in entries:
            dst.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    path.write_bytes(buf.getvalue())


def generate_children(parent: Plan, agencies: list[tuple[str, str]], seed: int, out_dir: str | Path,
                      docx: bool = True, parent_file: str | None = None) -> list[Path]:
    """Write one synthetic child plan per (agency name, level) under `out_dir/<slug>/`; return the child.txt paths.

    Each folder holds child.txt, child.docx (unless `docx` is False) and key.yaml. Deterministic for a seed.
    """
    out = Path(out_dir)
    year = parent.year or 2024
    paths: list[Path] = []
    for k, (agency, level) in enumerate(agencies):
        rng = random.Random(f"{seed}:{agency}:{level}")
        number = f"{10 + k + rng.randrange(80)}/KH-{_symbol(agency, level)}"
        child = _build(parent, agency, level, number, rng)
        folder = out / slug(agency)
        folder.mkdir(parents=True, exist_ok=True)
        blocks = _blocks(parent, child, year)
        _write_txt(blocks, folder / "child.txt")
        if docx:
            _write_docx(blocks, folder / "child.docx")
        key = {"case": f"synthetic-{slug(agency)}-{year}", "synthetic": True,
               "note": "TÀI LIỆU MÔ PHỎNG (synthetic) — đáp án của kế hoạch mô phỏng, không phải văn bản thật",
               "seed": seed, "parent": parent_file or Path(parent.path).name, "child": "child.txt",
               "child_agency": agency, "child_level": level, "parent_level": parent.level or "tinh",
               "child_number": number, "links": child.links, "missing": child.missing, "added": child.added}
        (folder / "key.yaml").write_text(yaml.safe_dump(key, allow_unicode=True, sort_keys=False, width=200),
                                         encoding="utf-8")
        paths.append(folder / "child.txt")
    return paths
