"""Verify key.yaml against parent.txt and child.pdf (case binhdinh-snv-2024).

Run with the project venv from this folder:  ../../../.venv/bin/python check_key.py

Checks (exit 1 on any FAIL):
  * every snippet: 20-80 chars, NFC, no line break;
  * parent snippets occur exactly once in parent.txt, also case-insensitively, and lie in the parent item named in
    the note ("parent task 1.3", "parent indicator 7.4-2", "parent directive 5 đ");
  * child snippets occur in exactly one unit of the child (a paragraph, a bullet or a table cell, as written by
    make_child.py), once there, and exactly once in the text that pdfplumber extracts from child.pdf (whitespace
    collapsed, so a line wrap inside a snippet is allowed), inside the child item named in the note;
  * 'renumbered' is set iff the child label differs from the parent label; 'moved' (task rows only) iff the child's
    reform area differs from the parent's;
  * every child task row, chỉ tiêu bullet and section-III bullet is linked or added;
  * absence probes: the themes of the missing items do not occur in the child;
  * informational (never fails): where the project parser (cascade.parse) puts each snippet, as score.py would
    find it, so that parser misses are visible.
"""
import importlib.util
import os
import re
import sys
import unicodedata
from pathlib import Path

import pdfplumber

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.dirname(HERE))
from keycheck import basic, err, finish, load_key, parser_view  # noqa: E402  (the shared checks one folder up)

key = load_key(HERE)
ptext = Path(os.path.join(HERE, key["parent"])).read_text(encoding="utf-8")
plines = ptext.split("\n")

# ------------------------------------------------------------ parent items --
p1 = plines.index("PHỤ LỤC 1")
p2 = plines.index("PHỤ LỤC 2")
p2_end = next(i for i in range(p2, len(plines)) if plines[i].startswith("- 1Hiến pháp"))
s3 = plines.index("III. NHIỆM VỤ CỤ THỂ")
s4 = plines.index("IV. KINH PHÍ THỰC HIỆN")
item_of_line, area_of_item, label_of_item = {}, {}, {}
P2_AREAS = {"I": "Công tác chỉ đạo, điều hành", "II": "Cải cách thể chế", "III": "Cải cách thủ tục hành chính",
            "IV": "Cải cách tổ chức bộ máy hành chính nhà nước", "V": "Cải cách chế độ công vụ",
            "VI": "Cải cách tài chính công", "VII": "Xây dựng và phát triển chính quyền điện tử, chính quyền số"}
area, cur = None, None
for i in range(p2 + 1, p2_end):
    m = re.match(r"^(I|II|III|IV|V|VI|VII) \| ", plines[i])
    if m:
        area = P2_AREAS[m.group(1)]
        continue
    m = re.match(r"^(\d+(?:\.\d)?) \| ", plines[i])
    if m:
        cur = f"task {m.group(1)}"
        area_of_item[cur], label_of_item[cur] = area, m.group(1)
    if plines[i].strip() not in ("", "| |"):
        item_of_line[i] = cur
cur, sub = None, 0
for i in range(p1 + 1, p2):
    m = re.match(r"^(\d+(?:\.\d)?) \| ", plines[i])
    if m:
        cur, sub = f"indicator {m.group(1)}", 0
        label_of_item[cur] = m.group(1)
    elif plines[i].startswith("- ") and cur and cur.split("-")[0] in ("indicator 7.3", "indicator 7.4"):
        base = cur.split("-")[0]
        sub += 1
        cur = f"{base}-{sub}"
        label_of_item[cur] = "-"
    item_of_line[i] = cur
anum = None
for i in range(s3 + 1, s4):
    m = re.match(r"^(\d)\. ", plines[i])
    if m:
        anum = m.group(1)
        continue
    m = re.match(r"^([a-zđ])\) ", plines[i])
    if m:
        item_of_line[i] = f"directive {anum} {m.group(1)}"
        label_of_item[item_of_line[i]] = m.group(1)

# ------------------------------------------------------------- child units --
spec = importlib.util.spec_from_file_location("make_child", os.path.join(HERE, "make_child.py"))
mc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mc)
units = []
for left, right in mc.HEADER + mc.SIGN:
    units += [{"text": left, "item": None}, {"text": right, "item": None}]
section = None
carea = None
for style, text in mc.BODY:
    if style == "sec":
        section = text.split(".")[0]
    if style == "sub":
        carea = text
    item = None
    if style == "item":
        letter = re.match(r"^([a-zđ])\) ", text).group(1)
        item = ("indicator", letter) if section == "II" else ("directive", f"{carea[0]} {letter}")
    units.append({"text": text, "item": item})
child_area = {}
tarea = None
for row in mc.ROWS:
    if row[0] == "area":
        tarea = row[2]
        units.append({"text": row[1], "item": None})
        units.append({"text": row[2], "item": None})
        continue
    child_area[int(row[0])] = tarea
    for c in row:
        units.append({"text": c, "item": ("task", int(row[0]))})
for u in units:
    u["text"] = unicodedata.normalize("NFC", u["text"])
child_items = {u["item"] for u in units if u["item"]}
# PDF text layer: running text of each page without the footer (page number), plus every cell of the ruled
# tables (pdfplumber interleaves the lines of wrapped cells in the running text, so cells are read separately).
pdf_pages, pdf_cells = [], []
with pdfplumber.open(os.path.join(HERE, key["child"])) as pdf:
    for page in pdf.pages:
        body = page.crop((0, 0, page.width, page.height - 40))
        pdf_pages.append(body.extract_text() or "")
        for table in page.extract_tables():
            for row in table:
                pdf_cells.extend(c for c in row if c)


def flat_nfc(t):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", t)).strip()


pdf_run = flat_nfc(" ".join(pdf_pages))
pdf_cells = [flat_nfc(c) for c in pdf_cells]
pdf_flat = pdf_run + " \u241e " + " \u241e ".join(pdf_cells)
src_flat = re.sub(r"\s+", " ", " ".join(u["text"] for u in units))


def norm_area(s):
    return " ".join(re.sub(r"[^\w\s]", " ", unicodedata.normalize("NFC", s).lower()).split())


# ------------------------------------------------------------------ checks --
def parent_item(s, label, note):
    if not basic(s, label):
        return None
    c, ci = ptext.count(s), ptext.lower().count(s.lower())
    if c != 1 or ci != 1:
        err(f"{label}: occurs {c}x ({ci}x case-insensitively) in parent: {s!r}")
        return None
    idx = next(i for i, ln in enumerate(plines) if s in ln)
    got = item_of_line.get(idx)
    m = re.search(r"parent ((?:task|indicator) [\d.]+(?:-\d)?|directive \d [a-zđ])\b", note or "")
    want = m.group(1) if m else None
    if got != want:
        err(f"{label}: snippet lies in parent {got}, note says {want}")
    return got


def child_unit(s, label):
    if not basic(s, label):
        return None
    hits = [u for u in units if s in u["text"]]
    if len(hits) != 1 or hits[0]["text"].count(s) != 1:
        err(f"{label}: child snippet in {len(hits)} units: {s!r}")
        return None
    flat = re.sub(r"\s+", " ", s)
    in_run, in_cells = pdf_run.count(flat), sum(c.count(flat) for c in pdf_cells)
    if in_run > 1 or in_cells > 1 or in_run + in_cells == 0:
        err(f"{label}: child snippet occurs {in_run}x in the PDF running text, {in_cells}x in its table cells: {s!r}")
    return hits[0]


def child_note(note):
    m = re.search(r"child (task|indicator|directive) (\d [a-zđ]|\d+|[a-zđ])\b", note or "")
    if not m:
        return None
    return (m.group(1), int(m.group(2)) if m.group(1) == "task" else m.group(2))


counts = {"links": 0, "findings": {}, "missing": {}, "added": 0, "kinds": {}}
used = {}
linked_parents = set()
for i, L in enumerate(key["links"]):
    label = f"link#{i + 1}"
    pid = parent_item(L["parent"], label + " parent", L.get("note"))
    u = child_unit(L["child"], label + " child")
    fs = set(L.get("findings") or [])
    counts["links"] += 1
    for f in fs:
        counts["findings"][f] = counts["findings"].get(f, 0) + 1
    linked_parents.add(pid)
    if u is None or pid is None:
        continue
    item = u["item"]
    if item != child_note(L.get("note")):
        err(f"{label}: child snippet lies in {item}, note says {child_note(L.get('note'))}")
        continue
    if L["kind"] != item[0]:
        err(f"{label}: kind {L['kind']} but the child item is a {item[0]} (cross-kind links use the child's kind)")
    cross = pid.split()[0] != item[0]
    if cross != ("CROSS-KIND" in (L.get("note") or "")):
        err(f"{label}: cross-kind {cross} but the note says otherwise")
    counts["kinds"][f"{pid.split()[0]}->{item[0]}"] = counts["kinds"].get(f"{pid.split()[0]}->{item[0]}", 0) + 1
    used.setdefault(item, []).append(label)
    clabel = str(item[1]).split()[-1]
    if ("renumbered" in fs) != (clabel != label_of_item[pid]):
        err(f"{label}: renumbered flag wrong (parent label {label_of_item[pid]}, child label {clabel})")
    if item[0] == "task" and pid.startswith("task"):
        moved = norm_area(area_of_item[pid]) != norm_area(child_area[item[1]])
        if moved != ("moved" in fs):
            err(f"{label}: moved flag wrong ({area_of_item[pid]!r} vs {child_area[item[1]]!r})")
    elif "moved" in fs:
        err(f"{label}: 'moved' only judged on task rows here")
    print(f"ok  {label:8s} parent {pid:22s} -> child {item} {sorted(fs)}")

seen_missing = set()
for i, M in enumerate(key.get("missing") or []):
    label = f"missing#{i + 1}"
    pid = parent_item(M["parent"], label, M.get("note"))
    counts["missing"][M["expect"]] = counts["missing"].get(M["expect"], 0) + 1
    if pid in seen_missing or pid in linked_parents:
        err(f"{label}: parent {pid} listed twice / also linked")
    seen_missing.add(pid)
    print(f"ok  {label:10s} parent {pid:22s} {M['expect']}")

for i, A in enumerate(key.get("added") or []):
    label = f"added#{i + 1}"
    u = child_unit(A["child"], label)
    counts["added"] += 1
    if u is None:
        continue
    if u["item"] != child_note(A.get("note")):
        err(f"{label}: child snippet lies in {u['item']}, note says {child_note(A.get('note'))}")
    if u["item"] in used:
        err(f"{label}: child item {u['item']} is also linked")
    used.setdefault(u["item"], []).append(label)
    print(f"ok  {label:8s} child {u['item']}")
if child_items - set(used):
    err(f"child items neither linked nor added: {sorted(child_items - set(used), key=str)}")

# every parent task of PHỤ LỤC 2 is linked, missing, or listed as left out in NOTES.md
LEFT_OUT = {"task 12"}
tasks = {v for v in item_of_line.values() if v and v.startswith("task")}
unlabelled = tasks - linked_parents - seen_missing - LEFT_OUT
if unlabelled:
    err(f"PHỤ LỤC 2 tasks not labelled: {sorted(unlabelled)}")

PROBES = {
    "task 24": ["nhân lực chất lượng cao", "thu hút"], "indicator 1.3": ["papi", "quản trị và hành chính công"],
    "indicator 7.4-4": ["cấp kết quả"], "directive 1 d": ["đạo đức công vụ", "thực thi công vụ"],
    "directive 5 e": ["nhân tài", "năng động", "73/2023"], "task 6/1.2": ["ddci", "năng lực cạnh tranh"],
    "task 7": ["pci"], "task 10/13/14": ["hệ thống hóa", "xử lý, rà soát"], "task 15": ["tái sử dụng"],
    "task 16": ["công cụ quản lý dữ liệu"], "task 17": ["đánh giá mức độ hài lòng"],
    "task 27": ["kế hoạch chuyển đổi số"], "task 28": ["phân tích xử lý dữ liệu"], "task 29": ["trợ lý ảo"],
    "task 30": ["thúc đẩy việc sử dụng"], "indicator 7.2": ["cấp xã chuyển đổi số"],
    "task 12 (left out)": ["phổ biến, giáo dục pháp luật", "hòa giải"],
}
low = src_flat.lower() + " " + pdf_flat.lower()
for pid, words in PROBES.items():
    for w in words:
        if w in low:
            err(f"absence probe {pid}: {w!r} occurs in the child")

# the PDF text layer holds every unit of the source, in order-independent form
header_sign = {t for pair in mc.HEADER + mc.SIGN for t in pair}
for u in units:
    flat = re.sub(r"\s+", " ", u["text"]).strip()
    if u["text"] in header_sign:  # borderless layout tables: their wrapped lines interleave in the text layer
        continue
    if flat and flat not in pdf_flat:
        err(f"PDF text layer lacks a unit: {flat[:60]!r}")

# ------------------------------------------- informational: the project parser --
parser_view(HERE, key)

print("\nlinks:", counts["links"], "| kinds:", counts["kinds"])
print("findings:", dict(sorted(counts["findings"].items())))
print("missing:", counts["missing"], "| added:", counts["added"])
finish()
