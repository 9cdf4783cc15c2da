"""The national run: one batch per province of a country folder, then a national page.

    result = run_national("quoc-gia/", "out/", jobs=2)
    result.provinces    # one compact ProvinceSummary per province (never its audits)
    result.files        # index.html (national page), national.json

A country folder holds one sub-folder per province (its province plan and its children, as `cascade batch` reads
them), optionally a `country.yaml` manifest (see `cascade.synth_country`) naming the provinces, their plans and the
national template. The template is the plan of the national level whose tasks every province plan must carry: the
manifest's `template`, else the one plan file at the top of the country folder, else a province chosen with
`template=` (its folder name), else the first province's plan.

Coupling with the province batch is kept to `run_batch(src, out, jobs=..., html=..., **batch_kwargs)` and, of its
result, `results` (dicts with node, parent_node, agency, level, verdict, errors, warnings, cells, error, json),
`hierarchy.problems` (title, message, severity, nodes), `hierarchy.metas` (node → level, only to find the province
plan when no child names it) and `files["dashboard"]`. Each province's result is reduced to a summary of counts and
per-template-item numbers and dropped before the next province starts, so memory does not grow with the country.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cascade.batch.matrix import ROW_KINDS, WEAK_TYPES
from cascade.errors import CascadeError
from cascade.hierarchy.scan import PLAN_SUFFIXES, discover
from cascade.outputs import write_text_atomic
from cascade.text import slug

MANIFEST_NAMES = ("country.yaml", "country.yml")
TEMPLATES = Path(__file__).resolve().parent / "templates"
CARRIED = ("carried", "weakened")


@dataclass
class ProvinceSummary:
    """What the national page needs of one province: counts, problems and per-template-item numbers."""

    name: str
    folder: str
    slug: str
    plan: str | None = None  # the province plan's file, relative to the province folder
    agency: str | None = None
    number: str | None = None
    dashboard: str | None = None  # relative to the national output folder
    n_children: int = 0
    n_failures: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    errors: int = 0
    warnings: int = 0
    child_missing: int = 0  # cells of the province's coverage matrix that are "missing" (required or advisory)
    child_weakened: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)  # hierarchy problems and failures, in words
    template: dict[str, str] = field(default_factory=dict)  # template item id → carried | weakened | missing
    template_findings: dict[str, list[str]] = field(default_factory=dict)  # template item id → weakened types
    shares: dict[str, list[int]] = field(default_factory=dict)  # template item id → [children carrying, applicable]
    children: list[dict[str, Any]] = field(default_factory=list)  # node, agency, level, verdict, json
    error: str | None = None  # why the province could not be audited at all


@dataclass
class NationalResult:
    """The template's rows, one summary per province, national problems and the files written."""

    root: Path
    outdir: Path
    template: str | None = None
    template_label: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)  # template items: id, label, kind, text
    provinces: list[ProvinceSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)


def _plan_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PLAN_SUFFIXES]


def _province_dirs(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def is_country(folder: str | Path) -> bool:
    """True for a country folder: a `country.yaml` at its top, or no plan file at its top and at least two
    sub-folders holding plan files (a province folder keeps its province plan at its top; a country folder with its
    template at the top needs the manifest)."""
    root = Path(folder)
    if not root.is_dir():
        return False
    if any((root / name).is_file() for name in MANIFEST_NAMES):
        return True
    if _plan_files(root):
        return False
    return sum(1 for d in _province_dirs(root) if discover(d)) >= 2


def _manifest(root: Path) -> dict[str, Any] | None:
    for name in MANIFEST_NAMES:
        path = root / name
        if path.is_file():
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise CascadeError(f"Không đọc được danh sách tỉnh “{path.name}”: {exc}", str(exc), str(path)) from exc
            if not isinstance(data, dict) or not isinstance(data.get("provinces", []), list):
                raise CascadeError(f"Danh sách tỉnh “{path.name}” phải có mục “provinces” là một danh sách.",
                                   "provinces must be a list", str(path))
            return data
    return None


def _entries(root: Path, manifest: dict[str, Any] | None, skip: Path | None = None) -> list[dict[str, Any]]:
    """(name, folder, plan) of every province, from the manifest or the sub-folders (but `skip`, the output)."""
    if manifest and manifest.get("provinces"):
        out = []
        for p in manifest["provinces"]:
            p = p if isinstance(p, dict) else {"folder": str(p)}
            folder = str(p.get("folder") or p.get("name") or "")
            out.append({"name": p.get("name") or folder, "folder": folder, "plan": p.get("plan")})
        return out
    skip_real = skip.resolve() if skip is not None else None
    return [{"name": d.name, "folder": d.name, "plan": None} for d in _province_dirs(root)
            if d.resolve() != skip_real]


def run_national(root: str | Path, out: str | Path, *, jobs: int | None = 2, html: bool = True,
                 template: str | None = None, on_province: Callable[[str, int, int], None] | None = None,
                 **batch_kwargs: Any) -> NationalResult:
    """Run `cascade.batch.run_batch` on every province of a country folder into `out/<province>/`, compare every
    province plan with the national template, and write `out/index.html`, `out/national.json` and
    `out/national.xlsx`.

    `template`: a plan file (absolute or relative to `root`) or a province's folder name whose plan is the template.
    `on_province(name, done, total)` is called after each province; `batch_kwargs` (e.g. `progress`) go to every
    `run_batch` unchanged. A province that cannot be audited is a problem of the national page, never an exception;
    only an unreadable country folder, manifest or a named template that does not exist raise CascadeError.
    """
    from cascade.batch import run_batch

    root, outdir = Path(root), Path(out)
    if not root.is_dir():
        raise CascadeError(f"“{root}” không phải thư mục hồ sơ cả nước.", f"not a folder: {root}", str(root))
    manifest = _manifest(root)
    entries = _entries(root, manifest, outdir)
    if not entries:
        raise CascadeError(f"Thư mục “{root.name}” không có thư mục tỉnh nào.", "no province folders", str(root))
    outdir.mkdir(parents=True, exist_ok=True)
    _remove_old_page(outdir / "index.html")
    result = NationalResult(root, outdir)
    template_path, template_province = _template_choice(root, manifest, template, entries)
    order = [str(e["folder"]) for e in entries]
    if template_province is not None:  # the template province first: the others are compared with its plan
        entries.sort(key=lambda e: e["folder"] != template_province)
    tpl = None
    fallback = template_path is None and template_province is None  # the first province plan read is the template
    if template_path is not None:
        tpl = _load_template(template_path, result)
    used: set[str] = set()
    for k, entry in enumerate(entries):
        name = str(entry["name"])
        s = _unique(slug(name) or f"tinh-{k + 1}", used)
        summary = ProvinceSummary(name=name, folder=str(entry["folder"]), slug=s)
        folder = root / summary.folder
        cells: dict[str, dict[str, str]] = {}
        try:
            cells = _run_province(folder, outdir / s, summary, entry.get("plan"), run_batch, jobs, html,
                                  batch_kwargs)
        except CascadeError as exc:
            summary.error = exc.message_vi
        except Exception as exc:  # noqa: BLE001 — one province's failure must not stop the country
            summary.error = f"Không kiểm tra được hồ sơ tỉnh “{name}” (thư mục “{summary.folder}”): {exc}"
        if tpl is None and summary.plan and not summary.error and (fallback or template_province == summary.folder):
            tpl = _load_template(folder / summary.plan, result)
        if tpl is not None and summary.plan and not summary.error:
            _compare_with_template(tpl, folder / summary.plan, summary, cells)
        del cells  # the children's cells of one province at a time
        result.provinces.append(summary)
        if on_province:
            on_province(name, k + 1, len(entries))
    if tpl is None and template_province is not None:
        result.problems.append(f"Tỉnh mẫu “{template_province}” không có kế hoạch cấp tỉnh đọc được: các kế hoạch "
                               "tỉnh chưa được so sánh với kế hoạch mẫu.")
    elif tpl is None and fallback:
        result.problems.append("Không có kế hoạch mẫu để so sánh: không tỉnh nào có kế hoạch cấp tỉnh đọc được.")
    result.provinces.sort(key=lambda p: order.index(p.folder))
    result.files = write_national(result)
    return result


def _remove_old_page(path: Path) -> None:
    """Remove the national page of an earlier run first: a stopped run never leaves an old, complete-looking page."""
    import contextlib

    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _unique(name: str, used: set[str]) -> str:
    out, k = name, 2
    while out in used:
        out, k = f"{name}-{k}", k + 1
    used.add(out)
    return out


def _template_choice(root: Path, manifest: dict[str, Any] | None, template: str | None,
                     entries: list[dict[str, Any]]) -> tuple[Path | None, str | None]:
    """(template plan file, or None) and (the province folder whose plan is the template, or None)."""
    folders = {str(e["folder"]) for e in entries}
    if template:
        if template in folders:
            return None, template
        path = Path(template) if Path(template).is_absolute() else root / template
        if not path.exists():
            path = Path(template)
        if not path.is_file():
            raise CascadeError(f"Không tìm thấy kế hoạch mẫu “{template}” (tệp kế hoạch, hoặc tên thư mục một tỉnh).",
                               f"template not found: {template}", str(template))
        return path, None
    if manifest and manifest.get("template"):
        return root / str(manifest["template"]), None
    top = _plan_files(root)
    if len(top) == 1:
        return top[0], None
    return None, None


def _load_template(path: Path, result: NationalResult) -> Any:
    from cascade.parse import parse_file

    try:
        plan = parse_file(path)
    except CascadeError as exc:
        result.problems.append(f"Không đọc được kế hoạch mẫu: {exc.message_vi}")
        return None
    result.template = str(path)
    result.template_label = " ".join(x for x in (plan.doc_type, f"số {plan.number}" if plan.number else "",
                                                 plan.agency or "", f"năm {plan.year}" if plan.year else "") if x)
    result.rows = [{"id": it.id, "label": it.label or "", "kind": it.kind, "text": it.text}
                   for it in plan.items if not it.group and it.kind in ROW_KINDS]
    return plan


def _run_province(folder: Path, out: Path, s: ProvinceSummary, plan: str | None, run_batch: Callable,
                  jobs: int | None,
                  html: bool, batch_kwargs: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Run the province's batch, fill the summary `s`; return child node → its coverage cells (province item id →
    status), needed once more for the shares and then dropped."""
    if not folder.is_dir():
        raise CascadeError(f"Không có thư mục “{s.folder}” của tỉnh {s.name}.", f"no folder {folder}", str(folder))
    if not discover(folder):
        raise CascadeError(f"Thư mục tỉnh “{s.folder}” không có kế hoạch nào (.docx, .pdf, .txt).",
                           f"no plans in {folder}", str(folder))
    batch = run_batch(folder, out, jobs=jobs, html=html, **batch_kwargs)
    rows = list(batch.results)
    parents = Counter(r.get("parent_node") for r in rows if r.get("parent_node"))
    metas = getattr(batch.hierarchy, "metas", {}) or {}
    if plan is None:
        tinh = [n for n, m in metas.items() if getattr(m, "level", None) == "tinh" and not getattr(m, "error", None)]
        plan = next((n for n, _ in parents.most_common() if n in tinh), None) or (sorted(tinh)[0] if tinh else None)
    s.plan = plan
    if plan is not None and plan in metas:
        s.agency, s.number = metas[plan].agency, metas[plan].number
    dashboard = batch.files.get("dashboard")
    s.dashboard = f"{out.name}/{Path(dashboard).name}" if dashboard else None
    s.problems = [{"severity": p.severity, "title": p.title, "message": p.message} for p in batch.hierarchy.problems]
    cells_of: dict[str, dict[str, str]] = {}
    for r in rows:
        if r.get("parent_node") != plan:
            continue  # a child of a Sở (a phòng) is the Sở's matter, not the province plan's coverage
        s.n_children += 1
        verdict = r.get("verdict") or ""
        s.verdicts[verdict] = s.verdicts.get(verdict, 0) + 1
        s.errors += r.get("errors") or 0
        s.warnings += r.get("warnings") or 0
        s.children.append({"node": r.get("node"), "agency": r.get("agency"), "level": r.get("level"),
                           "verdict": verdict, "json": r.get("json")})
        if r.get("error"):
            s.n_failures += 1
            s.problems.append({"severity": "error", "title": "Tệp lỗi", "message": str(r["error"])})
            continue
        cells = r.get("cells") or {}
        s.child_missing += sum(1 for v in cells.values() if v == "missing")
        s.child_weakened += sum(1 for v in cells.values() if v == "weakened")
        cells_of[str(r.get("node"))] = cells
    if plan is None:
        s.problems.insert(0, {"severity": "error", "title": "Thiếu kế hoạch tỉnh",
                              "message": f"Thư mục tỉnh “{s.folder}” không có kế hoạch cấp tỉnh đọc được: không so "
                                         "sánh được với kế hoạch mẫu."})
    return cells_of


def template_links(args: tuple[Any, str]) -> dict[str, Any]:
    """Audit a province plan against the template (args: template Plan, province plan path) and reduce the audit to
    what the national page needs: template row id → province item ids linked, and → weakened types; or `error`.

    Runs in a short-lived process (a worker function: one tuple argument), so the audit pipeline's caches, filled
    with every province's own texts, never pile up in the long-running national process.
    """
    from cascade.audit import audit_plans
    from cascade.parse import parse_file

    tpl, plan_path = args
    try:
        plan = parse_file(plan_path)
        audit = audit_plans(tpl, plan, plan.agency, "tinh").to_dict()
    except CascadeError as exc:
        return {"error": exc.message_vi}
    targets: dict[str, list[str]] = {}
    for lk in audit.get("links", []):
        targets.setdefault(lk["parent"], []).append(lk["child"])
    weak: dict[str, set[str]] = {}
    for f in audit.get("findings", []):
        if f.get("parent") and f.get("type") in WEAK_TYPES:
            weak.setdefault(f["parent"], set()).add(f["type"])
    rows = [it["id"] for it in audit["parent"].get("items", []) if not it.get("group") and it.get("kind") in ROW_KINDS]
    return {"rows": rows, "targets": {i: targets[i] for i in rows if i in targets},
            "weak": {i: sorted(weak[i]) for i in rows if i in weak}}


def _in_fresh_process(fn: Callable[[Any], Any], arg: Any) -> Any:
    """fn(arg) in a process that ends afterwards (forked: cheap, the package already loaded), else in this one."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if multiprocessing.get_start_method(allow_none=False) != "fork":
        return fn(arg)
    with ProcessPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, arg).result()


def _compare_with_template(tpl: Any, plan_path: Path, s: ProvinceSummary,
                           cells_of: dict[str, dict[str, str]]) -> None:
    """Each template row carried, weakened or missing in the province plan, and the share of the province's children
    carrying the province item(s) it maps to (of those that must carry it)."""
    got = _in_fresh_process(template_links, (tpl, str(plan_path)))
    if got.get("error"):
        s.problems.append({"severity": "error", "title": "Không so sánh được với kế hoạch mẫu",
                           "message": got["error"]})
        return
    targets, weak = got["targets"], got["weak"]
    for iid in got["rows"]:
        if iid not in targets:
            s.template[iid] = "missing"
            continue
        s.template[iid] = "weakened" if iid in weak else "carried"
        if iid in weak:
            s.template_findings[iid] = weak[iid]
        carried = applicable = 0
        for cells in cells_of.values():
            statuses = [cells.get(c) for c in targets[iid] if cells.get(c)]
            if not statuses or all(g == "not_applicable" for g in statuses):
                continue
            applicable += 1
            carried += any(g in CARRIED for g in statuses)
        s.shares[iid] = [carried, applicable]


def summary_lines(result: NationalResult) -> list[str]:
    """What the command line prints after a national run, in Vietnamese: totals, then one line per problem province."""
    ps = result.provinces
    lines = [f"Đã kiểm tra {len(ps)} tỉnh, {sum(p.n_children for p in ps)} kế hoạch cấp dưới; "
             f"{sum(p.n_failures for p in ps)} tệp lỗi; "
             f"{sum(1 for p in ps if p.error or not p.plan)} tỉnh không kiểm tra được."]
    lines += [f"  {msg}" for msg in result.problems]
    for p in ps:
        missing = sum(1 for st in p.template.values() if st == "missing")
        if p.error:
            lines.append(f"  {p.name}: {p.error}")
        elif not p.plan:
            lines.append(f"  {p.name}: không có kế hoạch cấp tỉnh đọc được.")
        elif missing:
            lines.append(f"  {p.name}: kế hoạch tỉnh thiếu {missing} nhiệm vụ của kế hoạch mẫu.")
    return lines


def national_dict(result: NationalResult) -> dict[str, Any]:
    """The national run as JSON (`cascade-national/1`)."""
    return {"schema": "cascade-national/1", "template": result.template, "template_label": result.template_label,
            "rows": result.rows, "problems": result.problems,
            "provinces": [asdict(p) for p in result.provinces]}


def national_context(result: NationalResult) -> dict[str, Any]:
    """What the national page shows, as plain data."""
    from cascade.report.labels import label, table

    status_vi = table("coverage")
    provinces = result.provinces
    rows = []
    for order, r in enumerate(result.rows):
        cells = []
        n_missing = n_weak = 0
        for p in provinces:
            st = p.template.get(r["id"], "")
            n_missing += st == "missing"
            n_weak += st == "weakened"
            carried, applicable = p.shares.get(r["id"], [0, 0])
            share = f"{carried}/{applicable}" if applicable else ""
            pct = round(100 * carried / applicable) if applicable else None
            title = f"{p.name}: {status_vi.get(st, 'chưa kiểm tra') if st else 'chưa kiểm tra'}"
            if applicable:
                title += f"; {carried}/{applicable} kế hoạch cấp dưới phải thể hiện đã thể hiện"
            cells.append({"status": st, "share": share, "pct": pct, "title": title})
        rows.append({**r, "kind_vi": label("kinds", r["kind"]), "cells": cells, "n_missing": n_missing,
                     "n_weakened": n_weak, "order": order})
    rows.sort(key=lambda r: (-r["n_missing"], -r["n_weakened"], r["order"]))
    label_of = {r["id"]: f"{r['label']} {_cut(r['text'])}".strip() for r in result.rows}
    cards = []
    for p in provinces:
        missing = [label_of.get(i, i) for i, st in p.template.items() if st == "missing"]
        weakened = [label_of.get(i, i) for i, st in p.template.items() if st == "weakened"]
        cards.append({"p": p, "missing": missing, "weakened": weakened,
                      "n_carried": sum(1 for st in p.template.values() if st in CARRIED),
                      "verdicts": [(label("verdicts", v, v), n) for v, n in sorted(p.verdicts.items())]})
    return {"template_label": result.template_label, "rows": rows, "cards": cards, "problems": result.problems,
            "n_provinces": len(provinces), "n_children": sum(p.n_children for p in provinces),
            "n_failures": sum(p.n_failures for p in provinces),
            "n_unaudited": sum(1 for p in provinces if p.error or not p.plan), "status_vi": status_vi,
            "symbol": {"carried": "✓", "weakened": "▽", "missing": "✗"},
            "synthetic": result.template is not None and _synthetic(result)}


def _cut(text: str, n: int = 90) -> str:
    """A task's text for a list line: whole when short, else cut at a word with an ellipsis."""
    return text if len(text) <= n else text[:n].rsplit(" ", 1)[0] + " …"


def _synthetic(result: NationalResult) -> bool:
    from cascade.hierarchy.meta import is_synthetic_file

    try:
        return bool(result.template and is_synthetic_file(result.template))
    except OSError:
        return False


def render_national(result: NationalResult) -> str:
    """The national page: self-contained HTML (inline CSS, no network), autoescaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]),
                      trim_blocks=True, lstrip_blocks=True)
    return env.get_template("national.html.j2").render(**national_context(result))


def write_national_xlsx(result: NationalResult, path: str | Path) -> None:
    """national.xlsx: sheets Tỉnh, Ma trận cả nước (status and children's share per province), Vấn đề; in words."""
    import pandas as pd

    from cascade.outputs import atomic_output
    from cascade.report.labels import label, table
    from cascade.report.xlsx import inert_workbook

    ctx = national_context(result)
    provinces = [c["p"] for c in ctx["cards"]]
    sheet1 = pd.DataFrame([{
        "Tỉnh": p.name, "Kế hoạch tỉnh": p.number or p.plan or "", "Nhiệm vụ mẫu thể hiện": c["n_carried"],
        "Làm yếu": len(c["weakened"]), "Thiếu": len(c["missing"]), "Kế hoạch cấp dưới": p.n_children,
        "Lỗi": p.errors, "Cảnh báo": p.warnings, "Ô thiếu ở cấp dưới": p.child_missing, "Tệp lỗi": p.n_failures,
        "Trang tổng hợp": p.dashboard or "", "Ghi chú": p.error or ""} for c, p in zip(ctx["cards"], provinces,
                                                                                       strict=True)])
    status_vi = table("coverage")
    matrix = []
    for r in ctx["rows"]:
        row = {"Số TT": r["label"], "Loại": r["kind_vi"], "Nội dung": r["text"], "Số tỉnh thiếu": r["n_missing"]}
        for p, cell in zip(provinces, r["cells"], strict=True):
            words = status_vi.get(cell["status"], "") if cell["status"] else "Chưa kiểm tra"
            row[p.name] = f"{words} · {cell['share']}" if cell["share"] else words
        matrix.append(row)
    problems = pd.DataFrame([{"Tỉnh": p.name, "Mức": label("severities", pr["severity"]), "Loại": pr["title"],
                              "Nội dung": pr["message"]} for p in provinces for pr in p.problems]
                            + [{"Tỉnh": p.name, "Mức": label("severities", "error"), "Loại": "Không kiểm tra được",
                                "Nội dung": p.error} for p in provinces if p.error],
                            columns=["Tỉnh", "Mức", "Loại", "Nội dung"])
    with atomic_output(path) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xw:
        sheet1.to_excel(xw, sheet_name="Tỉnh", index=False)
        pd.DataFrame(matrix).to_excel(xw, sheet_name="Ma trận cả nước", index=False)
        problems.to_excel(xw, sheet_name="Vấn đề", index=False)
        inert_workbook(xw.book)


def write_national(result: NationalResult) -> dict[str, Path]:
    """national.json, national.xlsx, then index.html (last: while it is missing, the run is not finished)."""
    out = result.outdir
    files = {"json": out / "national.json", "excel": out / "national.xlsx", "page": out / "index.html"}
    write_text_atomic(files["json"], json.dumps(national_dict(result), ensure_ascii=False, indent=1) + "\n")
    write_national_xlsx(result, files["excel"])
    write_text_atomic(files["page"], render_national(result))
    return files
