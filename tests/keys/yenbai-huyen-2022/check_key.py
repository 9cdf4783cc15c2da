"""Verify key.yaml against parent.txt and child.docx (case yenbai-huyen-2022).

Run with the project venv from this folder:  ../../../.venv/bin/python check_key.py

Checks (exit 1 on any FAIL):
  * every snippet: 20-80 chars, NFC, no line break;
  * parent snippets occur exactly once in parent.txt, also case-insensitively, and lie in the parent row named in
    the note ("parent C12", "parent A12-3", "parent directive ...");
  * child snippets occur in exactly one unit of child.docx (a body paragraph or a table cell), once there and once
    in the whole text, inside the child item named in the note ("child task N" / "child indicator a");
  * 'renumbered' is set iff the child number differs from the parent row's number; 'moved' iff the child's reform
    area differs from the parent row's area;
  * every child task row and chỉ tiêu line is linked or added;
  * absence probes: the themes of the missing rows do not occur in the child;
  * informational (never fails): where the project parser (cascade.parse) puts each snippet, as score.py would
    find it, so that parser misses are visible.
"""
import os
import re
import sys
import unicodedata
from pathlib import Path

import docx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.dirname(HERE))
from keycheck import basic, err, finish, load_key, parser_view  # noqa: E402  (the shared checks one folder up)

key = load_key(HERE)
ptext = Path(os.path.join(HERE, key["parent"])).read_text(encoding="utf-8")
plines = ptext.split("\n")

# ------------------------------------------------------------ parent rows --
AREAS = {"A": "Công tác chỉ đạo, điều hành", "B": "Cải cách thể chế", "C": "Cải cách thủ tục hành chính",
         "D": "Cải cách tổ chức bộ máy hành chính nhà nước", "E": "Cải cách chế độ công vụ",
         "F": "Cải cách tài chính công", "G": "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"}
app_start = next(i for i, ln in enumerate(plines) if ln.strip() == "Lĩnh vực |")
row_of_line = {}  # line index -> row id like "C12" / "A12-3"
letter, cur, seen_first = "A", None, False
sub12 = {"- Đẩy mạnh công tác tuyên truyền": "A12-1", "- Tuyên truyền CCHC trong nội bộ": "A12-2",
         "- Tuyên truyền Chương trình CCHC;": "A12-3", "- Tuyên truyền bằng các hình thức": "A12-4"}
for i in range(app_start + 1, len(plines)):
    line = plines[i]
    m = re.match(r"^(\d+)\. ", line)
    if m:
        n = int(m.group(1))
        if n == 1 and seen_first:
            letter = chr(ord(letter) + 1)
        seen_first = True
        cur = f"{letter}{n}"
    for pref, rid in sub12.items():
        if line.startswith(pref):
            cur = rid
    row_of_line[i] = cur
assert letter == "G", f"expected 7 areas in the appendix, ended at {letter}"

# narrative directives outside the appendix: area number -> letter bullets
dir_of_line = {}
area_no = None
for i in range(0, app_start):
    m = re.match(r"^(\d)\. ", plines[i])
    if m and plines[i].rstrip().endswith(":"):
        area_no = m.group(1)
    m = re.match(r"^([a-zđ])\) ", plines[i])
    if m:
        dir_of_line[i] = f"directive {area_no} {m.group(1)}"
# The narrative headings "2. Cải cách thể chế", "5. ...", "6. ..." are missing from the seed text, so areas 5/6
# bullets follow "4." directly; the one directive named in the key (kỷ luật công vụ) is identified by its text.


def parent_labels(rid):
    m = re.match(r"^[A-G](\d+)", rid)
    return {int(m.group(1))}


# ------------------------------------------------------------- child units --
cdoc = docx.Document(os.path.join(HERE, key["child"]))
units = []
for pi, p in enumerate(cdoc.paragraphs):
    units.append({"text": p.text, "where": f"para{pi}", "item": None})
    m = re.match(r"^([ab])\) ", p.text)
    if m:
        units[-1]["item"] = ("indicator", m.group(1))
app_tbl = None
for ti, t in enumerate(cdoc.tables):
    for ri, row in enumerate(t.rows):
        seen = set()
        for ci, cell in enumerate(row.cells):
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            units.append({"text": cell.text, "where": f"table{ti}/r{ri}/c{ci}", "table": ti, "row": ri,
                          "item": None})
    if [c.text for c in t.rows[0].cells][:2] == ["TT", "Nội dung nhiệm vụ"]:
        app_tbl = ti
assert app_tbl is not None
child_area, child_rows, area = {}, {}, None
romans = {"I", "II", "III", "IV", "V", "VI", "VII"}
for ri, row in enumerate(cdoc.tables[app_tbl].rows[1:], start=1):
    first = row.cells[0].text.strip()
    if first in romans:
        area = row.cells[1].text.strip()
    elif first.isdigit():
        child_rows[ri] = int(first)
        child_area[int(first)] = area
for u in units:
    if u.get("table") == app_tbl and u["row"] in child_rows:
        u["item"] = ("task", child_rows[u["row"]])
seq = sorted(child_area)
if seq != list(range(1, len(seq) + 1)):
    err(f"child rows not numbered 1..N: {seq}")
full_child = "\n".join(u["text"] for u in units)


# ------------------------------------------------------------------ checks --
def parent_row(s, label, note):
    if not basic(s, label):
        return None
    c, ci = ptext.count(s), ptext.lower().count(s.lower())
    if c != 1 or ci != 1:
        err(f"{label}: occurs {c}x ({ci}x case-insensitively) in parent: {s!r}")
        return None
    idx = next(i for i, ln in enumerate(plines) if s in ln)
    rid = row_of_line.get(idx) or dir_of_line.get(idx)
    m = re.search(r"parent ((?:directive)|[A-G]\d+(?:-\d)?)\b", note or "")
    want = m.group(1) if m else None
    if want == "directive":
        if not (idx < app_start and rid and rid.startswith("directive")):
            err(f"{label}: note says directive, snippet is at line {idx + 1} ({rid})")
    elif want != rid:
        err(f"{label}: snippet lies in parent row {rid}, note says {want}")
    return rid


def child_unit(s, label):
    if not basic(s, label):
        return None
    hits = [u for u in units if s in u["text"]]
    if len(hits) != 1 or hits[0]["text"].count(s) != 1 or full_child.count(s) != 1:
        err(f"{label}: child snippet found in {len(hits)} units / {full_child.count(s)}x: {s!r}")
        return None
    return hits[0]


def child_note(note):
    m = re.search(r"child (task|indicator) (\w+)\)?", note or "")
    if not m:
        return None
    return (m.group(1), int(m.group(2)) if m.group(1) == "task" else m.group(2).rstrip(")"))


counts = {"links": 0, "findings": {}, "missing": {}, "added": 0}
used_child = {}
for i, L in enumerate(key["links"]):
    label = f"link#{i + 1}"
    rid = parent_row(L["parent"], label + " parent", L.get("note"))
    u = child_unit(L["child"], label + " child")
    fs = set(L.get("findings") or [])
    counts["links"] += 1
    for f in fs:
        counts["findings"][f] = counts["findings"].get(f, 0) + 1
    if u is None:
        continue
    item = u["item"]
    if item != child_note(L.get("note")):
        err(f"{label}: child snippet lies in {item}, note says {child_note(L.get('note'))}")
    used_child.setdefault(item, []).append(label)
    if item and item[0] == "task" and rid and not rid.startswith("directive"):
        if ("renumbered" in fs) != (item[1] not in parent_labels(rid)):
            err(f"{label}: renumbered flag wrong (parent {rid}, child {item[1]})")
        moved = AREAS[rid[0]] != child_area[item[1]]
        if moved != ("moved" in fs):
            err(f"{label}: moved flag wrong (parent {AREAS[rid[0]]!r}, child {child_area[item[1]]!r})")
    print(f"ok  {label:8s} parent {rid!s:7s} -> child {item} {sorted(fs)}")

parents_missing = set()
for i, M in enumerate(key.get("missing") or []):
    label = f"missing#{i + 1}"
    rid = parent_row(M["parent"], label, M.get("note"))
    counts["missing"][M["expect"]] = counts["missing"].get(M["expect"], 0) + 1
    if rid in parents_missing:
        err(f"{label}: parent row {rid} listed twice")
    parents_missing.add(rid)
    print(f"ok  {label:10s} parent {rid!s:10s} {M['expect']}")
linked_rows = {parent_row(L["parent"], "recheck", L.get("note")) for L in key["links"]}
if linked_rows & parents_missing:
    err(f"rows both linked and missing: {linked_rows & parents_missing}")

for i, A in enumerate(key.get("added") or []):
    label = f"added#{i + 1}"
    u = child_unit(A["child"], label)
    counts["added"] += 1
    if u is None:
        continue
    if u["item"] != child_note(A.get("note")):
        err(f"{label}: child snippet lies in {u['item']}, note says {child_note(A.get('note'))}")
    if u["item"] in used_child:
        err(f"{label}: child item {u['item']} is also linked")
    used_child.setdefault(u["item"], []).append(label)
    print(f"ok  {label:8s} child {u['item']}")

all_items = {("task", n) for n in child_area} | {("indicator", "a"), ("indicator", "b")}
if all_items - set(used_child):
    err(f"child items neither linked nor added: {sorted(all_items - set(used_child))}")

# themes of the missing rows must be absent from the child
PROBES = {
    "A12-2": ["cuộc họp", "trong nội bộ"], "C6": ["niêm yết"], "directive": ["kỷ luật công vụ", "kỷ luật"],
    "A9": ["tham mưu trực tiếp", "mở lớp"], "C7": ["đường link", "tích hợp các tthc"], "F3": ["đặt hàng"],
    "G8": ["năng suất", "thời gian chờ"], "A1": ["trên địa bàn tỉnh yên bái năm 2022"],
    "A3": ["chương trình phối hợp"], "A5": ["chỉ thị"], "A10": ["bộ tiêu chí"],
    "A11": ["điều tra xã hội học", "phần mềm điều tra"], "A12-4": ["sân khấu"], "B1": ["lập đề nghị"],
    "B2": ["thẩm định các dự thảo"], "C3": ["tham gia ý kiến"], "C4": ["công bố tthc", "danh mục tthc"],
    "C5": ["cơ sở dữ liệu quốc gia"], "C8": ["phương án đơn giản hóa"], "C9": ["quy trình nội bộ"],
    "E3": ["nâng ngạch"], "E6": ["giám đốc"], "F5": ["chi thường xuyên"], "G2": ["kiến trúc"],
}
low = full_child.lower()
for rid, words in PROBES.items():
    for w in words:
        if w in low:
            err(f"absence probe {rid}: {w!r} occurs in the child")
if unicodedata.normalize("NFC", full_child) != full_child:
    err("child text is not NFC")

# ------------------------------------------- informational: the project parser --
parser_view(HERE, key)

print("\nlinks:", counts["links"], "| findings:", dict(sorted(counts["findings"].items())))
print("missing:", counts["missing"], "| added:", counts["added"])
print("child items: tasks", len(child_area), "indicators 2")
finish()
