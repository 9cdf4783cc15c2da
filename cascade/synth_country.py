"""A synthetic country for the national batch: provinces of the two-tier schema (2025), each with a province plan,
its Sở plans and its xã plans, planted deviations at both levels and their answer keys.

    generate_country("quoc-gia/", provinces=34, children_per_province=100, seed=2026)

writes

    quoc-gia/country.yaml                   the country manifest (template, provinces, their plans and keys)
    quoc-gia/ke-hoach-mau.txt               the national template: the province plan every province adapts
    quoc-gia/<tỉnh>/tinh-<số>-QD-UBND.txt   the province plan (template + the province's name, number, deviations)
    quoc-gia/<tỉnh>/dap-an-tinh.yaml        its key against the template (deviations only: missing, weakened)
    quoc-gia/<tỉnh>/gen/<cơ quan>/child.txt, key.yaml   Sở and xã plans from `synth.generate_children`

The template is the Bình Định 2024 plan moved two years on (plan year 2026, signed 29/12/2025), so the hierarchy
uses the two-tier schema: tỉnh → sở and xã, no huyện. Its place is "Mẫu": a template of no real province, so the
audit of a province against it raises no "another province" note. Everything written says it is synthetic and the
same arguments give the same bytes.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cascade.synth import SYNTHETIC_HEADER, _snippet, _softer, generate_children
from cascade.text import slug

REPO = Path(__file__).resolve().parents[1]
TEMPLATE_SOURCE = REPO / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
TEMPLATE_FILE = "ke-hoach-mau.txt"
MANIFEST = "country.yaml"
PROVINCE_KEY = "dap-an-tinh.yaml"
SOURCE_NAME, SOURCE_NUMBER = "Bình Định", "4935/QĐ-UBND"
TEMPLATE_NAME = "Mẫu"
# The 34 provinces and centrally-run cities after the 2025 merger (Nghị quyết 202/2025/QH15); every one is written
# as a "tỉnh" so the reader takes each plan as a province plan.
PROVINCES = ["Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An",
             "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
             "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng",
             "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau",
             "An Giang"]
# The departments of a province after the 2025 reorganisation (names the agency catalogue knows).
SO_NAMES = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường",
            "Sở Khoa học và Công nghệ", "Sở Công Thương", "Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế",
            "Sở Giáo dục và Đào tạo", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ"]
# Commune names are two common place-name syllables ("Phước Sơn", "Tân Hòa"): plausible, never a real list.
_XA_FIRST = ["An", "Bình", "Phước", "Tân", "Hòa", "Thạnh", "Long", "Mỹ", "Đông", "Tây", "Vĩnh", "Hưng", "Phú",
             "Quang", "Đức", "Xuân", "Thuận", "Hiệp", "Minh", "Nghĩa", "Cát", "Hoài", "Ân", "Tam", "Kim"]
_XA_SECOND = ["Sơn", "Hòa", "Lợi", "Thành", "Phú", "Hưng", "Lộc", "Điền", "Thắng", "An", "Trung", "Tiến", "Phong",
              "Tân", "Lâm", "Hải", "Khánh", "Thịnh", "Bình", "Yên", "Nhơn", "Mỹ", "Tường", "Quang", "Đạt"]
# Chances of a planted deviation on each eligible task row of a province plan.
P_PROVINCE = {"missing": 0.06, "weakened_deadline": 0.06, "weakened_wording": 0.3}
_TASK_ROW = re.compile(r"^(\d+) \| (.+?) \| (.*)$")
_MONTH_END = re.compile(r"\| Tháng (\d{1,2}) \|\s*$")


@dataclass
class ProvinceSpec:
    """One generated province: its name, folder, plan file and the planted deviations of its plan."""

    name: str
    folder: str
    plan: str
    number: str
    agency: str
    children: int
    deviations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def move_years(text: str, years: int = 2) -> str:
    """The template moved `years` on: "năm 2024" → "năm 2026", the signing date with it (other dates unchanged)."""
    text = re.sub(r"(năm|NĂM) (20\d\d)", lambda m: f"{m.group(1)} {int(m.group(2)) + years}", text)
    return text.replace("29/12/2023", f"29/12/{2023 + years}")


def template_text(source: str | Path = TEMPLATE_SOURCE) -> str:
    """The national template: the source province plan, two years on, of the template place "Mẫu"."""
    text = Path(source).read_text(encoding="utf-8")
    return _rename(move_years(text), TEMPLATE_NAME, SOURCE_NUMBER)


def _rename(text: str, name: str, number: str, old: str = SOURCE_NAME, old_number: str = SOURCE_NUMBER) -> str:
    return text.replace(old, name).replace(old.upper(), name.upper()).replace(old_number, number)


def commune_names(rng: random.Random, n: int) -> list[str]:
    """`n` distinct commune names of one province, in a seeded order."""
    pairs = [f"{a} {b}" for a in _XA_FIRST for b in _XA_SECOND if a != b]
    rng.shuffle(pairs)
    if n > len(pairs):
        pairs += [f"{p} {k}" for k in range(2, 2 + n // len(pairs)) for p in list(pairs)]
    return pairs[:n]


def _leaf_rows(lines: list[str]) -> set[int]:
    """Line numbers of task rows of Phụ lục 2 that have no sub-rows (dropping one takes no sub-row with it)."""
    start = next((k for k, line in enumerate(lines) if line.startswith("PHỤ LỤC 2")), len(lines))
    rows = [k for k in range(start, len(lines)) if _TASK_ROW.match(lines[k])]
    labels = {k: _TASK_ROW.match(lines[k]).group(1) for k in rows}  # type: ignore[union-attr]
    has_sub = {lab for k in range(start, len(lines)) if (m := re.match(r"^(\d+)\.\d+ \|", lines[k]))
               for lab in [m.group(1)]}
    return {k for k in rows if labels[k] not in has_sub}


def plant_province(text: str, rng: random.Random) -> tuple[str, dict[str, list[dict[str, Any]]]]:
    """The province plan with deviations from the template planted on its task rows, and their key.

    A leaf task row may be dropped (missing), its deadline "Tháng N" moved to "Quý IV" (weakened_deadline) or its
    strong opening verb softened (weakened_wording). The key names each parent row by a verbatim snippet of the
    template's task text.
    """
    lines = text.split("\n")
    leaves = _leaf_rows(lines)
    texts = [m.group(2) for line in lines if (m := _TASK_ROW.match(line))]
    dev: dict[str, list[dict[str, Any]]] = {"missing": [], "weakened": []}
    out: list[str] = []
    for k, line in enumerate(lines):
        if k not in leaves:
            out.append(line)
            continue
        m = _TASK_ROW.match(line)
        assert m is not None
        task = m.group(2)
        snippet = _snippet(task, [t for t in texts if t != task])
        draws = {name: rng.random() for name in P_PROVINCE}  # always drawn: one row's choice never shifts the next
        if draws["missing"] < P_PROVINCE["missing"]:
            dev["missing"].append({"kind": "task", "parent": snippet, "expect": "required"})
            continue
        month = _MONTH_END.search(line)
        if draws["weakened_deadline"] < P_PROVINCE["weakened_deadline"] and month and int(month.group(1)) < 10:
            line = line[:month.start()] + "| Quý IV |"
            dev["weakened"].append({"kind": "task", "parent": snippet, "findings": ["weakened_deadline"]})
        elif draws["weakened_wording"] < P_PROVINCE["weakened_wording"] and _softer(task):
            line = f"{m.group(1)} | {_softer(task)} | {m.group(3)}"
            dev["weakened"].append({"kind": "task", "parent": snippet, "findings": ["weakened_wording"]})
        out.append(line)
    return "\n".join(out), dev


def province_agencies(rng: random.Random, children: int, sos: int | None) -> list[tuple[str, str]]:
    """(agency, level) of a province's children: `sos` departments (default a third, at most all), then communes."""
    n_so = min(len(SO_NAMES), children // 3 if sos is None else sos, children)
    names = list(SO_NAMES)
    rng.shuffle(names)
    out = [(name, "so") for name in names[:n_so]]
    out += [(f"Ủy ban nhân dân xã {x}", "xa") for x in commune_names(rng, children - n_so)]
    return out


def generate_country(out_dir: str | Path, provinces: int = 34, children_per_province: int = 100, seed: int = 2026,
                     sos: int | None = None, docx: bool = False,
                     template_source: str | Path = TEMPLATE_SOURCE) -> Path:
    """Write a synthetic country under `out_dir` (see the module docstring); return the path of country.yaml.

    `provinces` (at most 34) provinces, each with `children_per_province` child plans (`sos` Sở, default a third,
    the rest xã). Deterministic for a seed.
    """
    from cascade.parse import parse_file

    if not 1 <= provinces <= len(PROVINCES):
        raise ValueError(f"provinces must be 1..{len(PROVINCES)}")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    base = template_text(template_source)
    (root / TEMPLATE_FILE).write_text(f"{SYNTHETIC_HEADER}\n{base}", encoding="utf-8")
    specs: list[ProvinceSpec] = []
    for k, name in enumerate(PROVINCES[:provinces]):
        rng = random.Random(f"{seed}:country:{name}")
        number = f"{1000 + 97 * k + rng.randrange(90)}/QĐ-UBND"
        # Planted on the template's own words (the key's snippets are verbatim in it), then renamed.
        planted, dev = plant_province(base, rng)
        text = _rename(planted, name, number, TEMPLATE_NAME)
        folder = root / slug(name)
        folder.mkdir(parents=True, exist_ok=True)
        plan_file = f"tinh-{slug(number)}.txt"
        (folder / plan_file).write_text(f"{SYNTHETIC_HEADER}\n{text}", encoding="utf-8")
        agency = f"Ủy ban nhân dân tỉnh {name}"
        key = {"case": f"synthetic-{slug(name)}-2026", "synthetic": True,
               "note": "TÀI LIỆU MÔ PHỎNG (synthetic) — đáp án của kế hoạch tỉnh mô phỏng so với kế hoạch mẫu; chỉ "
                       "ghi các sai lệch đã cài (thiếu, làm yếu), các mục khác được thể hiện nguyên văn",
               "seed": seed, "parent": f"../{TEMPLATE_FILE}", "child": plan_file, "child_agency": agency,
               "child_level": "tinh", "parent_level": "tinh", "child_number": number,
               "links": dev["weakened"], "missing": dev["missing"], "added": []}
        (folder / PROVINCE_KEY).write_text(yaml.safe_dump(key, allow_unicode=True, sort_keys=False, width=200),
                                           encoding="utf-8")
        plan = parse_file(folder / plan_file)
        generate_children(plan, province_agencies(rng, children_per_province, sos), seed * 100 + k, folder / "gen",
                          docx=docx, parent_file=plan_file)
        specs.append(ProvinceSpec(name, slug(name), plan_file, number, agency, children_per_province, dev))
    manifest = {"schema": "cascade-country/1", "synthetic": True, "note": SYNTHETIC_HEADER, "seed": seed,
                "template": TEMPLATE_FILE,
                "provinces": [{"name": s.name, "folder": s.folder, "plan": s.plan, "number": s.number,
                               "agency": s.agency, "children": s.children, "key": PROVINCE_KEY} for s in specs]}
    path = root / MANIFEST
    path.write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    return path


# --- Scoring a national run against the generator's keys ---------------------------------------------------------

WEAK_KINDS = ("weakened_deadline", "weakened_target", "weakened_wording")
MISSING_KINDS = {"required": "missing_required", "advisory": "missing_advisory"}
_SEVERITY_KIND = {"error": "missing_required", "warning": "missing_advisory"}


def _norm(text: str) -> str:
    import unicodedata

    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(text))).strip().casefold()


class _Finder:
    """Parent items located by the key's verbatim snippets (as shared/eval/score.py does)."""

    def __init__(self, items: list[dict[str, Any]]):
        self.items = [(it["id"], it.get("kind"), _norm(it.get("text", ""))) for it in items if not it.get("group")]

    def find(self, snippet: str, kind: str | None) -> set[str]:
        s = re.sub(r"^[-+•]\s*", "", _norm(snippet))
        hits = [(i, k) for i, k, t in self.items if s in t]
        same = {i for i, k in hits if k == kind}
        return same or {i for i, _ in hits}


@dataclass
class Tally:
    """Planted deviations found (hit of planted) and reported deviations that are planted (correct of flagged)."""

    planted: int = 0
    hit: int = 0
    flagged: int = 0
    correct: int = 0

    @property
    def recall(self) -> float:
        return self.hit / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    def add(self, other: Tally) -> None:
        self.planted += other.planted
        self.hit += other.hit
        self.flagged += other.flagged
        self.correct += other.correct


def _score(planted: dict[str, list[set[str]]], flagged: dict[str, set[str]], tallies: dict[str, Tally]) -> None:
    """planted: kind → the id sets of each planted deviation; flagged: kind → reported parent item ids."""
    for kind in set(planted) | set(flagged):
        t = tallies.setdefault(kind, Tally())
        sets = planted.get(kind, [])
        got = flagged.get(kind, set())
        union = set().union(*sets) if sets else set()
        t.planted += len(sets)
        t.hit += sum(1 for ids in sets if ids & got)
        t.flagged += len(got)
        t.correct += len(got & union)


def score_child(key: dict[str, Any], audit: dict[str, Any], tallies: dict[str, Tally]) -> None:
    """Add one child's planted deviations (missing required/advisory, weakened per type) and the audit's findings
    of those kinds to `tallies`."""
    find = _Finder(audit["parent"].get("items", [])).find
    group = {it["id"] for it in audit["parent"].get("items", []) if it.get("group")}
    planted: dict[str, list[set[str]]] = {}
    for m in key.get("missing", []):
        if m.get("expect") in MISSING_KINDS:
            planted.setdefault(MISSING_KINDS[m["expect"]], []).append(find(m["parent"], m.get("kind")))
    for lk in key.get("links", []):
        for t in lk.get("findings") or []:
            if t in WEAK_KINDS:
                planted.setdefault(t, []).append(find(lk["parent"], lk.get("kind")))
    linked = {lk["parent"] for lk in audit.get("links", [])}
    flagged: dict[str, set[str]] = {}
    for f in audit.get("findings", []):
        p, ftype = f.get("parent"), f.get("type")
        if not p or p in group:
            continue
        if ftype == "missing" and p not in linked and f.get("severity") in _SEVERITY_KIND:
            # a reported omission counts once, under the kind the key planted it as (else its severity's kind)
            kind = next((k for k in MISSING_KINDS.values() if any(p in s for s in planted.get(k, []))),
                        _SEVERITY_KIND[f["severity"]])
            flagged.setdefault(kind, set()).add(p)
        elif ftype in WEAK_KINDS:
            flagged.setdefault(ftype, set()).add(p)
    _score(planted, flagged, tallies)


def score_province(key: dict[str, Any], rows: list[dict[str, Any]], statuses: dict[str, str],
                   findings: dict[str, list[str]], tallies: dict[str, Tally]) -> None:
    """Add one province plan's planted deviations from the template, and what the national run found, to `tallies`
    (kinds prefixed "province_")."""
    find = _Finder(rows).find
    planted: dict[str, list[set[str]]] = {}
    for m in key.get("missing", []):
        planted.setdefault("province_missing", []).append(find(m["parent"], m.get("kind")))
    for lk in key.get("links", []):
        for t in lk.get("findings") or []:
            planted.setdefault(f"province_{t}", []).append(find(lk["parent"], lk.get("kind")))
    flagged: dict[str, set[str]] = {"province_missing": {i for i, s in statuses.items() if s == "missing"}}
    for iid, types in findings.items():
        for t in types:
            flagged.setdefault(f"province_{t}", set()).add(iid)
    _score(planted, flagged, tallies)


def score_country(root: str | Path, result: Any) -> dict[str, Tally]:
    """Score a national run (`cascade.batch.national.NationalResult`) of a generated country against the keys the
    generator wrote: per kind, planted deviations found (recall) and reported deviations planted (precision).

    Reads one child audit JSON at a time (memory stays flat). Kinds: province_missing, province_weakened_* (province
    plans against the template), missing_required, missing_advisory, weakened_* (children against their province
    plan), and "all" over every kind.
    """
    import json

    root = Path(root)
    tallies: dict[str, Tally] = {}
    for p in result.provinces:
        folder = root / p.folder
        key_path = folder / PROVINCE_KEY
        if key_path.is_file() and p.template:
            score_province(yaml.safe_load(key_path.read_text(encoding="utf-8")), result.rows, p.template,
                           p.template_findings, tallies)
        for child in p.children:
            ckey = folder / Path(child["node"]).parent / "key.yaml"
            if not ckey.is_file() or not child.get("json"):
                continue
            audit_path = result.outdir / p.slug / child["json"]
            if not audit_path.is_file():
                continue
            audit = json.loads(audit_path.read_text(encoding="utf-8"))
            score_child(yaml.safe_load(ckey.read_text(encoding="utf-8")), audit, tallies)
    total = Tally()
    for t in tallies.values():
        total.add(t)
    tallies["all"] = total
    return tallies
