"""Verify key.yaml against parent.docx and child.txt (case yenbai-xa-2022).

Run with the project venv from this folder:  ../../../.venv/bin/python check_key.py

Checks (exit 1 on any FAIL):
  * parent.docx is a byte copy of ../yenbai-huyen-2022/child.docx; child.txt is what make_child.py writes;
  * every snippet: 20-80 chars, NFC, no line break;
  * parent snippets occur exactly once in the parent's text (paragraphs and table cells), also case-insensitively,
    inside the parent item named in the note ("parent task N", "parent indicator a", "parent directive TCTH-N");
  * child snippets occur exactly once in child.txt (also case-insensitively), inside the child item named in the
    note ("child N.M", "child 7-K", "child CT-1", "child TCTH-N");
  * 'renumbered' is set iff the child item prints a label ("N.M.") that differs from the parent row's number;
    'moved' iff the child's reform area differs from the parent row's area (task rows only);
  * every parent task row 1..27 and both parent indicators are linked or missing; every child task item
    (N.M paragraphs, area-7 bullets, the chỉ tiêu bullet) is linked or added;
  * absence probes: the themes of the missing items do not occur in the child;
  * informational (never fails): where the project parser (cascade.parse) puts each snippet, as score.py would
    find it, so that parser misses are visible.
"""
import os
import re
import subprocess
import sys
import unicodedata

import docx

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.dirname(HERE))
from keycheck import basic, err, finish, load_key, parser_view  # noqa: E402  (the shared checks one folder up)

key = load_key(HERE)

# ------------------------------------------------------------ seed copies --
with open(os.path.join(HERE, key["parent"]), "rb") as f:
    pbytes = f.read()
with open(os.path.join(HERE, "..", "yenbai-huyen-2022", "child.docx"), "rb") as f:
    if f.read() != pbytes:
        err("parent.docx is not a byte copy of ../yenbai-huyen-2022/child.docx")
with open(os.path.join(HERE, key["child"]), "rb") as f:
    cbytes = f.read()
subprocess.run([sys.executable, os.path.join(HERE, "make_child.py")], check=True, capture_output=True)
with open(os.path.join(HERE, key["child"]), "rb") as f:
    if f.read() != cbytes:
        err("child.txt differs from what make_child.py writes (it has now been regenerated)")

# ------------------------------------------------------------ parent items --
# units: (text, item) with item = ("task", n) | ("indicator", "a") | ("directive", "TCTH-n") | None
pdoc = docx.Document(os.path.join(HERE, key["parent"]))
punits, in_tcth, tcth_n = [], False, 0
for p in pdoc.paragraphs:
    t = p.text
    item = None
    m = re.match(r"^([ab])\) ", t)
    if m:
        item = ("indicator", m.group(1))
    if re.match(r"^[IVX]+\. ", t):
        in_tcth = t.startswith("V. TỔ CHỨC THỰC HIỆN")
    elif in_tcth and t.strip():
        tcth_n += 1
        item = ("directive", f"TCTH-{tcth_n}")
    punits.append((t, item))
parea, app = {}, None
for t in pdoc.tables:
    if [c.text for c in t.rows[0].cells][:2] == ["TT", "Nội dung nhiệm vụ"]:
        app = t
    for row in t.rows:
        seen = set()
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                punits.append((cell.text, None))
assert app is not None, "parent appendix table not found"
area = None
for row in app.rows[1:]:
    first = row.cells[0].text.strip()
    if re.fullmatch(r"[IVX]+", first):
        area = row.cells[1].text.strip()
    elif first.isdigit():
        parea[int(first)] = area
        text = row.cells[1].text
        punits = [(u, ("task", int(first)) if u == text and it is None else it) for u, it in punits]
if sorted(parea) != list(range(1, 28)):
    err(f"parent rows are not 1..27: {sorted(parea)}")
pfull = "\n".join(u for u, _ in punits)

# ------------------------------------------------------------- child items --
ctext = cbytes.decode("utf-8")
clines = ctext.split("\n")
citem, carea = {}, {}  # line index -> item id; item id -> area name
section, cur_area, bullets, tcth = None, None, 0, 0
for i, line in enumerate(clines):
    if re.match(r"^[IVX]+\. ", line):
        section = line.split(". ", 1)[1]
        continue
    if section == "NHIỆM VỤ TRỌNG TÂM":
        m = re.match(r"^(\d)\. (.+)$", line)
        if m:
            cur_area, bullets = m.group(2), 0
            continue
        m = re.match(r"^(\d\.\d)\. ", line)
        if m:
            citem[i] = m.group(1)
        elif line.startswith("- "):
            bullets += 1
            citem[i] = f"7-{bullets}"
            if not cur_area.startswith("Xây dựng và phát triển"):
                err(f"child line {i + 1}: '- ' bullet outside area 7")
        if i in citem:
            carea[citem[i]] = cur_area
    elif section == "MỤC TIÊU, CHỈ TIÊU" and line.startswith("- "):
        citem[i] = "CT-1"
    elif section == "TỔ CHỨC THỰC HIỆN" and line.strip():
        tcth += 1
        citem[i] = f"TCTH-{tcth}"
        if line.endswith("./."):
            section = None
TASK_ITEMS = {v for v in citem.values() if not v.startswith("TCTH")}


# ------------------------------------------------------------------ checks --
def parent_item(s, label, note):
    if not basic(s, label):
        return None
    c, ci = pfull.count(s), pfull.lower().count(s.lower())
    if c != 1 or ci != 1:
        err(f"{label}: occurs {c}x ({ci}x case-insensitively) in parent: {s!r}")
        return None
    item = next(it for u, it in punits if s in u)
    m = re.search(r"parent (task|indicator|directive) ([\w-]+)", note or "")
    want = (m.group(1), int(m.group(2)) if m.group(1) == "task" else m.group(2)) if m else None
    if item != want:
        err(f"{label}: snippet lies in parent {item}, note says {want}")
    return item


def child_item(s, label, note):
    if not basic(s, label):
        return None
    c, ci = ctext.count(s), ctext.lower().count(s.lower())
    if c != 1 or ci != 1:
        err(f"{label}: occurs {c}x ({ci}x case-insensitively) in child: {s!r}")
        return None
    idx = next(i for i, line in enumerate(clines) if s in line)
    item = citem.get(idx)
    m = re.search(r"child ([\w.-]+)", note or "")
    want = m.group(1).rstrip(".") if m else None
    if item != want:
        err(f"{label}: snippet lies in child {item}, note says {want}")
    return item


counts = {"links": 0, "kinds": {}, "findings": {}, "missing": {}, "added": 0}
linked_parent, used_child = set(), {}
for i, L in enumerate(key["links"]):
    label = f"link#{i + 1}"
    p = parent_item(L["parent"], label + " parent", L.get("note"))
    c = child_item(L["child"], label + " child", L.get("note"))
    fs = set(L.get("findings") or [])
    counts["links"] += 1
    counts["kinds"][L["kind"]] = counts["kinds"].get(L["kind"], 0) + 1
    for f in fs:
        counts["findings"][f] = counts["findings"].get(f, 0) + 1
    if p is None or c is None:
        continue
    linked_parent.add(p)
    used_child.setdefault(c, []).append(label)
    printed = bool(re.fullmatch(r"\d\.\d", c))
    want_renum = p[0] == "task" and printed and c != str(p[1])
    if want_renum != ("renumbered" in fs):
        err(f"{label}: renumbered flag wrong (parent {p}, child {c})")
    want_moved = p[0] == "task" and c in carea and parea[p[1]].casefold() != carea[c].casefold()
    if want_moved != ("moved" in fs):
        err(f"{label}: moved flag wrong (parent {p}, child {c})")
    print(f"ok  {label:8s} parent {p!s:24s} -> child {c:7s} {sorted(fs)}")

missing_parent = set()
for i, M in enumerate(key.get("missing") or []):
    label = f"missing#{i + 1}"
    p = parent_item(M["parent"], label, M.get("note"))
    counts["missing"][M["expect"]] = counts["missing"].get(M["expect"], 0) + 1
    if p in missing_parent:
        err(f"{label}: parent {p} listed twice")
    missing_parent.add(p)
    print(f"ok  {label:10s} parent {p!s:24s} {M['expect']}")
if linked_parent & missing_parent:
    err(f"parent items both linked and missing: {linked_parent & missing_parent}")
want_parent = {("task", n) for n in range(1, 28)} | {("indicator", "a"), ("indicator", "b")}
if want_parent - linked_parent - missing_parent:
    err(f"parent items neither linked nor missing: {sorted(want_parent - linked_parent - missing_parent)}")

for i, A in enumerate(key.get("added") or []):
    label = f"added#{i + 1}"
    c = child_item(A["child"], label, A.get("note"))
    counts["added"] += 1
    if c in used_child:
        err(f"{label}: child item {c} is also linked")
    used_child.setdefault(c, []).append(label)
    print(f"ok  {label:8s} child {c}")
if TASK_ITEMS - set(used_child):
    err(f"child items neither linked nor added: {sorted(TASK_ITEMS - set(used_child))}")

# themes of the missing items must be absent from the child
PROBES = {
    "indicator b": ["công nghệ số cộng đồng"], "task 14": ["iso", "quản lý chất lượng"],
    "task 15": ["thanh toán", "tiền mặt"], "task 2": ["par index", "papi", "nâng cao chỉ số"],
    "task 9": ["thi hành pháp luật"], "task 1": ["chấm điểm", "tự đánh giá"], "task 4": ["kế hoạch kiểm tra"],
    "task 6": ["đối thoại"], "task 10": ["kế hoạch kiểm soát", "rà soát, đánh giá thủ tục"],
    "task 16": ["sắp xếp", "tổ chức lại", "sự nghiệp công lập"], "task 17": ["chỉ tiêu biên chế"],
    "task 18": ["kế hoạch biên chế"], "task 21": ["tự chủ"], "task 22": ["60/2021"],
}
low = ctext.lower()
for rid, words in PROBES.items():
    for w in words:
        if w in low:
            err(f"absence probe {rid}: {w!r} occurs in the child")
if unicodedata.normalize("NFC", ctext) != ctext:
    err("child text is not NFC")

# ------------------------------------------- informational: the project parser --
parser_view(HERE, key)

print("\nlinks:", counts["links"], dict(sorted(counts["kinds"].items())),
      "| findings:", dict(sorted(counts["findings"].items())))
print("missing:", counts["missing"], "| added:", counts["added"])
print("child task items:", len(TASK_ITEMS), "| parent items labelled:", len(linked_parent | missing_parent))
finish()
