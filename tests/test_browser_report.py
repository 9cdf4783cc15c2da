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
        " types: r.dataset.types, text: r.textContent}))")


def test_filters_in_the_browser(page, report) -> None:
    pg, requests, errors = page
    _, audit = report
    all_rows = visible_rows(pg)
    assert len(all_rows) > 20
    assert pg.inner_text("#f-count") == f"Đang hiện {len(all_rows)}/{len(all_rows)} dòng"

    pg.check("#f-errors")
    shown = visible_rows(pg)
    error_parents = {f["parent"] for f in audit["findings"] if f["severity"] == "error" and f.get("parent")}
    assert all(r["sev"] == "error" for r in shown)
    assert len(shown) == len(error_parents)
    assert pg.is_visible("#f-empty") == (not error_parents)
    pg.uncheck("#f-errors")

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
