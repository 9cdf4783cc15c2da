"""The self-check page in a real browser: Debian's /usr/bin/chromium driven by Playwright (no browser download)
against `cascade serve`'s app in uvicorn on loopback. Upload the real Sở plan, pick the Bình Định province plan,
see its findings, download the letter.

Skips where no Chromium is installed, unless CASCADE_BROWSER_TESTS=required (CI), where a missing browser fails.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHILD, PARENT

ROOT = Path(__file__).resolve().parents[1]
BINH_DINH = "Số 4935/QĐ-UBND – Ủy ban nhân dân tỉnh Bình Định – năm 2024"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """The app in uvicorn on 127.0.0.1, in a background thread of this process."""
    import uvicorn

    from cascade.web import Settings, create_app

    port = _free_port()
    app = create_app(Settings(upload_dir=tmp_path_factory.mktemp("uploads")))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):  # start-up parses the bundled plans
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((server, "data:", "about:")) else outside.append(r.url))
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    # a script or style the Content-Security-Policy blocked shows up as a console error
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    yield pg, server, outside, errors
    context.close()


def test_upload_pick_parent_see_findings_download_letter(page, tmp_path: Path) -> None:
    import docx

    from cascade.audit import audit_files

    pg, server, outside, errors = page
    expected = audit_files(PARENT, CHILD).to_dict()
    pg.goto(server + "/")
    assert pg.title() == "Tự kiểm tra kế hoạch CCHC"
    pg.set_input_files("#child", str(CHILD))
    # the draft cites 4935/QĐ-UBND, which is in the library: the form picks it by itself
    from playwright.sync_api import expect

    expect(pg.locator("#parent_id")).to_have_value("binh-dinh-2024-tinh-4935-qd-ubnd", timeout=60_000)
    assert "Đã chọn sẵn kế hoạch cấp trên mà dự thảo viện dẫn: " + BINH_DINH in pg.inner_text("#goi-y")
    with pg.expect_navigation(url="**/result/*", timeout=60_000):
        pg.click("#kiem-tra")

    assert pg.inner_text("#so-phat-hien") == str(len(expected["findings"]))
    assert expected["summary"]["verdict_text"] in pg.inner_text("#tom-tat")
    report = pg.frame_locator("#bao-cao")
    report.locator("#align tr.row").first.wait_for()
    assert report.locator("#align tr.row").count() > 20
    # each task the Sở left out (warning) is a row marked "missing" that quotes the province's task
    missing = [f for f in expected["findings"] if f["type"] == "missing" and f["severity"] == "warning"]
    assert missing
    rows = report.locator("#align tr.row").evaluate_all(
        "rs => rs.filter(r => (r.dataset.types || '').split(' ').includes('missing')).map(r => r.textContent)")
    texts = {it["id"]: " ".join(it["text"].split()) for it in expected["parent"]["items"]}
    shown = [" ".join(r.split()) for r in rows]
    for f in missing:
        assert any(texts[f["parent"]][:60] in r for r in shown), texts[f["parent"]]

    with pg.expect_download() as info:
        pg.click("#tai-thu")
    download = info.value
    today = time.strftime("%d-%m-%Y")
    assert download.suggested_filename == f"Thư góp ý - Sở Nông nghiệp và Phát triển nông thôn - {today}.docx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    body = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    assert "Kính gửi: Sở Nông nghiệp và Phát triển nông thôn." in body
    assert "4935/QĐ-UBND" in body

    assert errors == []
    assert outside == [], f"the page made requests off the server: {outside}"


def test_empty_upload_shows_a_vietnamese_error(page, tmp_path: Path) -> None:
    pg, server, _, _ = page
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    pg.goto(server + "/")
    pg.set_input_files("#child", str(empty))
    pg.select_option("#parent_id", label=BINH_DINH)
    pg.click("#kiem-tra")
    pg.wait_for_selector("#loi")
    assert pg.inner_text("#loi") == "Không đọc được tệp “rong.txt”: tệp rỗng, không có nội dung."
    assert pg.input_value("#parent_id") == "binh-dinh-2024-tinh-4935-qd-ubnd"  # the choice is kept


def test_a_form_error_keeps_the_chosen_file_for_the_next_submit(page) -> None:
    pg, server, _, errors = page
    pg.goto(server + "/")
    pg.set_input_files("#child", str(CHILD))
    pg.select_option("#parent_id", label=BINH_DINH)
    pg.fill("#agency", "Sở\tTư pháp")  # a tab: not one line, refused
    pg.click("#kiem-tra")
    pg.wait_for_selector("#loi")
    assert "Tên cơ quan không hợp lệ" in pg.inner_text("#loi")
    assert pg.inner_text("#tep-du-thao") == CHILD.name and pg.is_checked("#reuse_child")
    assert pg.input_value("#parent_id") == "binh-dinh-2024-tinh-4935-qd-ubnd"
    pg.fill("#agency", "Sở Tư pháp")
    with pg.expect_navigation(url="**/result/*", timeout=60_000):
        pg.click("#kiem-tra")  # no file chosen again: the kept one is audited
    assert "Sở Tư pháp" in pg.inner_text("#tom-tat")
    assert errors == []


def test_library_page_lists_the_province_plans(page) -> None:
    pg, server, _, _ = page
    pg.goto(server + "/")
    pg.click("text=Thư viện kế hoạch cấp trên")
    pg.wait_for_selector("#thu-vien")
    rows = pg.locator("#thu-vien tbody tr")
    assert rows.count() == 4
    assert "4935/QĐ-UBND" in rows.first.inner_text()
