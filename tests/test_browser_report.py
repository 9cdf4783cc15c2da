"""The HTML report in a real browser: Debian's /usr/bin/chromium driven by Playwright (no browser download).

Skips where no Chromium is installed, unless CASCADE_BROWSER_TESTS=required (CI), where a missing browser fails.
CASCADE_SAVE_SCREENSHOT=1 saves the screenshot to docs/report.png for the README.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import CHILD, PARENT

from cascade.report import write_html

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "sample_audit.json"


def _audit() -> dict:
    """The real pair's audit when the auditor can produce it, else the hand-made fixture of the same pair."""
    try:
        from cascade.audit import audit_files

        return audit_files(PARENT, CHILD).to_dict()
    except (ImportError, NotImplementedError):
        return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    audit = _audit()
    path = tmp_path_factory.mktemp("report") / "bao-cao.html"
    write_html(audit, path)
    return path, audit


@pytest.fixture
def page(browser, report):
    path, _ = report
    context = browser.new_context(viewport={"width": 1280, "height": 1500})
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    pg.wait_for_load_state("load")
    yield pg, requests, errors
    context.close()


def visible_rows(pg) -> list[dict]:
    return pg.eval_on_selector_all(
        "#align tr.row", "rs => rs.filter(r => !r.hidden).map(r => ({sev: r.dataset.severity, area: r.dataset.area,"
        " sevs: r.dataset.severities, types: r.dataset.types, text: r.textContent}))")


def _parents_with(audit: dict, severity: str) -> set[str]:
    """Parent items in the side-by-side table with a finding of this severity."""
    na = {k for k, v in audit["summary"]["applicability"].items() if v["status"] == "not_applicable"}
    linked = {lk["parent"] for lk in audit["links"]}
    return {f["parent"] for f in audit["findings"] if f["severity"] == severity and f.get("parent")
            and (f["parent"] not in na or f["parent"] in linked)}


def test_filters_in_the_browser(page, report) -> None:
    pg, requests, errors = page
    _, audit = report
    all_rows = visible_rows(pg)
    assert len(all_rows) > 20
    assert pg.inner_text("#f-count") == f"Đang hiện {len(all_rows)}/{len(all_rows)} dòng"

    # severity filters include warnings: the real pair has no error and 11 warnings
    warned, erred = _parents_with(audit, "warning"), _parents_with(audit, "error")
    assert warned and len(warned) == audit["summary"]["counts"]["by_severity"]["warning"]
    pg.select_option("#f-severity", "warning")
    shown = visible_rows(pg)
    assert len(shown) == len(warned) and all("warning" in r["sevs"].split() for r in shown)
    pg.select_option("#f-severity", "error")
    shown = visible_rows(pg)
    assert len(shown) == len(erred) and all("error" in r["sevs"].split() for r in shown)
    assert pg.is_visible("#f-empty") == (not erred)
    pg.select_option("#f-severity", "problem")
    assert len(visible_rows(pg)) == len(warned | erred)
    pg.select_option("#f-severity", "")
    # rows in order can be hidden: what is left is what to fix
    pg.check("#f-hide-ok")
    shown = visible_rows(pg)
    assert len(shown) == len(warned | erred) and all({"error", "warning"} & set(r["sevs"].split()) for r in shown)
    assert pg.inner_text("#f-count") == f"Đang hiện {len(shown)}/{len(all_rows)} dòng"
    pg.uncheck("#f-hide-ok")

    pg.select_option("#f-area", "cong_vu")
    shown = visible_rows(pg)
    assert shown and {r["area"] for r in shown} == {"cong_vu"}
    assert pg.is_visible("tbody.area[data-area='cong_vu']")
    assert not pg.is_visible("tbody.area[data-area='the_che']")
    pg.select_option("#f-area", "")

    pg.select_option("#f-type", "weakened_deadline")
    shown = visible_rows(pg)
    late = {f["parent"] for f in audit["findings"] if f["type"] == "weakened_deadline"}
    assert len(shown) == len(late) and all("weakened_deadline" in r["types"].split() for r in shown)
    # every type filter shows as many rows as its option says
    for value, label in pg.eval_on_selector_all("#f-type option", "os => os.map(o => [o.value, o.textContent])"):
        if value:
            pg.select_option("#f-type", value)
            assert f"({len(visible_rows(pg))} dòng)" in label, label
    assert any("Kế hoạch đào tạo, bồi dưỡng cán bộ, công chức, viên chức" in r["text"] for r in shown)
    pg.select_option("#f-type", "")

    pg.fill("#f-search", "tro ly ao")  # without diacritics still finds "Trợ lý ảo"
    shown = visible_rows(pg)
    assert len(shown) == 1 and "Trợ lý ảo" in shown[0]["text"]
    pg.fill("#f-search", "không có dòng nào như thế này")
    assert visible_rows(pg) == [] and pg.is_visible("#f-empty")
    pg.fill("#f-search", "")
    assert len(visible_rows(pg)) == len(all_rows)

    assert not pg.is_visible("#not-applicable table")  # collapsed until clicked
    pg.click("#not-applicable summary")
    assert pg.is_visible("#not-applicable table")
    assert "Quy chế tổ chức tuyển dụng công chức cấp xã" in pg.inner_text("#not-applicable")

    assert errors == []
    outside = [u for u in requests if not u.startswith(("file://", "data:"))]
    assert outside == [], f"the report made network requests: {outside}"


def test_markup_does_not_run_and_screenshot(page, tmp_path: Path) -> None:
    pg, requests, _ = page
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.reload()
    pg.wait_for_load_state("load")
    assert dialogs == []
    if "alert(1)" in pg.content():
        assert "<script>alert(1)</script>" in pg.inner_text("body")  # shown as text
    target = ROOT / "docs" / "report.png" if os.environ.get("CASCADE_SAVE_SCREENSHOT") == "1" else tmp_path / "report.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(target), full_page=False)
    assert target.stat().st_size > 10_000
    assert [u for u in requests if not u.startswith(("file://", "data:"))] == []


# ---- issue 11, point 4: what matters first; point 2: unrelated pairs -----------------------------------------


def test_points_to_fix_come_first_and_link_to_their_rows(page, report) -> None:
    pg, _, errors = page
    _, audit = report
    headings = pg.eval_on_selector_all("h2", "hs => hs.map(h => h.textContent.trim())")
    assert headings[0] == "1. Những điểm cần sửa"
    order = pg.evaluate("""() => {
        const p = document.getElementById('points'), a = document.getElementById('align');
        return Boolean(p.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert order, "the points list must come before the side-by-side table"
    sev = audit["summary"]["counts"]["by_severity"]
    points = pg.eval_on_selector_all(
        "#points li", "ls => ls.map(l => ({sev: l.dataset.severity, href: l.querySelector('a') &&"
        " l.querySelector('a').getAttribute('href'), text: l.innerText}))")
    assert len(points) == sev.get("error", 0) + sev.get("warning", 0)
    ranks = [("error", "warning").index(p["sev"]) for p in points]
    assert ranks == sorted(ranks)  # errors then warnings
    assert all("\n" not in p["text"].strip() for p in points)  # one line each
    # each line links to its row; the row shows a finding of that severity
    for p in points:
        target = pg.eval_on_selector(p["href"], "r => r.dataset.severities")
        assert p["sev"] in target.split()
    # a link to a row the filters hide clears the filters and brings the row into view
    pg.select_option("#f-area", "cong_vu")
    hidden = next(p for p in points if pg.eval_on_selector(p["href"], "r => r.hidden"))
    pg.click(f"#points a[href='{hidden['href']}']")
    assert not pg.eval_on_selector(hidden["href"], "r => r.hidden")
    assert pg.eval_on_selector(hidden["href"], "r => { const b = r.getBoundingClientRect();"
                                               " return b.top >= 0 && b.top < window.innerHeight; }")
    assert pg.input_value("#f-area") == ""
    assert errors == []


def test_a4_print_has_no_mostly_blank_page(browser, report, tmp_path: Path) -> None:
    import pdfplumber

    path, _ = report
    pg = browser.new_page()
    pg.goto(path.as_uri())
    pg.emulate_media(media="print")
    pdf_path = tmp_path / "bao-cao.pdf"
    pg.pdf(path=str(pdf_path), format="A4", print_background=True)
    pg.close()
    with pdfplumber.open(pdf_path) as pdf:
        fills = []
        for p in pdf.pages:
            tops, bottoms = [c["top"] for c in p.chars], [c["bottom"] for c in p.chars]
            fills.append((max(bottoms) - min(tops)) / p.height if p.chars else 0.0)
        assert all(abs(float(p.width) - 595) < 2 for p in pdf.pages)  # A4 portrait
    assert len(fills) > 3
    # every page but the last is used (a tall row may break; nothing leaves a page half empty)
    assert min(fills[:-1]) > 0.6, [round(f, 2) for f in fills]
    assert fills[-1] > 0.1, "the last page holds more than a stray line"


@pytest.fixture(scope="module")
def unrelated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """Gia Lai's province plan as the parent of Yên Bái's: another province, another year, unrelated."""
    from cascade.audit import audit_files

    audit = audit_files(ROOT / "data" / "gia-lai" / "2024" / "tinh-3638-KH-UBND.txt",
                        ROOT / "data" / "yen-bai" / "2022" / "tinh-271-KH-UBND.txt").to_dict()
    path = tmp_path_factory.mktemp("unrelated") / "bao-cao.html"
    write_html(audit, path)
    return path, audit


def test_unrelated_pair_shows_the_note_and_nothing_that_reads_as_compliance(browser, unrelated) -> None:
    path, audit = unrelated
    pg = browser.new_page(viewport={"width": 1280, "height": 1500})
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    assert audit["summary"]["verdict"] == "khong_lien_quan"
    assert pg.inner_text(".verdict-name") == "Không liên quan"
    assert "Kiểm tra lại kế hoạch cấp trên" in pg.inner_text("#verdict")
    assert "thuộc tỉnh khác" in pg.inner_text("#notes")
    compared = pg.inner_text("#thong-tin")
    assert "Các văn bản đã so sánh" in compared
    for text in ("3638/KH-UBND", "271/KH-UBND", "Gia Lai", "Yên Bái", "2024", "2022",
                 str(len(audit["parent"]["items"])), str(len(audit["child"]["items"]))):
        assert text in compared, text
    body = pg.inner_text("body")
    for absent in ("Phù hợp", "Không có nội dung tương ứng", "Điểm tuân thủ", "Những điểm cần sửa"):
        assert absent not in body, absent
    assert pg.query_selector("#align") is None and pg.query_selector(".badge.sev-ok") is None
    assert errors == []
    pg.close()
