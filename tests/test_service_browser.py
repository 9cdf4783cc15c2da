"""The province service's whole workflow in a real browser (Debian's Chromium through Playwright, as
tests/test_web_browser.py): an agency uploads its draft, a reviewer keeps one finding, dismisses another and
downloads the letter, sets the status; the agency uploads version 2 and sees what it fixed. Then the reviewer opens
the year's dashboard the service built, and an admin creates an account that can log in.

Skips where no Chromium is installed, unless CASCADE_BROWSER_TESTS=required (CI)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
PASSWORD = "mat-khau-du-dai"
BINH_DINH = "Số 4935/QĐ-UBND – Ủy ban nhân dân tỉnh Bình Định – năm 2024"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def service(tmp_path_factory) -> Iterator[str]:
    """The service (SQLite in a temp data dir) in uvicorn on loopback, with an agency user and a reviewer."""
    import uvicorn

    from cascade.service import Database
    from cascade.service.accounts import create_user
    from cascade.web import Settings, create_app

    data = tmp_path_factory.mktemp("service")
    db = Database.open(data / "data", None)
    with db.session() as s:
        create_user(s, "snn", PASSWORD, "agency", "Sở Nông nghiệp và Phát triển nông thôn", "so")
        create_user(s, "noivu", PASSWORD, "reviewer")
        create_user(s, "quantri", PASSWORD, "admin")
    db.dispose()
    port = _free_port()
    app = create_app(Settings(service_dir=data / "data", upload_dir=data / "uploads", workers=1,
                              dashboard_delay=0.5))
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(400):
        if srv.started:
            break
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def _login(browser, server: str, username: str):
    context = browser.new_context(viewport={"width": 1280, "height": 1400}, accept_downloads=True)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.goto(server + "/ho-so")
    assert pg.url.endswith("/login")
    pg.fill("#username", username)
    pg.fill("#password", PASSWORD)
    with pg.expect_navigation(url="**/ho-so"):
        pg.click("#vao")
    return context, pg, errors


def _wait_audited(pg) -> None:
    # the version page refreshes itself every 3 s until the audit is done
    pg.wait_for_selector("#ket-luan", timeout=120_000)


def test_agency_uploads_reviewer_decides_agency_sends_version_two(browser, service, tmp_path: Path) -> None:
    import docx
    from playwright.sync_api import expect

    lines = CHILD.read_text(encoding="utf-8").splitlines()
    v1 = tmp_path / "ke-hoach-v1.txt"
    v1.write_text("\n".join(lines[:120] + lines[200:]), encoding="utf-8")

    agency, pa, errors_a = _login(browser, service, "snn")
    assert "Chưa có hồ sơ nào." in pa.inner_text("#chua-co")
    pa.set_input_files("#child", str(v1))
    pa.fill("#title", "Kế hoạch CCHC năm 2024")
    pa.select_option("#parent_id", label=BINH_DINH)
    with pa.expect_navigation(url="**/v/1"):
        pa.click("#nop")
    _wait_audited(pa)
    assert pa.inner_text("#ket-luan") == "Cần sửa" and pa.inner_text("#trang-thai") == "Dự thảo"
    assert pa.locator(".quyet-dinh-form").count() == 0  # an agency does not decide
    submission = pa.url.rsplit("/v/", 1)[0]

    reviewer, pr, errors_r = _login(browser, service, "noivu")
    assert "Kế hoạch CCHC năm 2024" in pr.inner_text("#ds-ho-so")
    pr.click("text=Kế hoạch CCHC năm 2024")
    pr.wait_for_selector("#nhan-xet")
    forms = pr.locator(".quyet-dinh-form")
    assert forms.count() >= 2
    forms.nth(0).locator("input[name=comment]").fill("Nội dung này Sở không chủ trì")
    with pr.expect_navigation():
        forms.nth(0).locator("button[value=dismiss]").click()
    forms = pr.locator(".quyet-dinh-form")
    forms.nth(1).locator("input[name=comment]").fill("Đề nghị bổ sung")
    with pr.expect_navigation():
        forms.nth(1).locator("button[value=accept]").click()
    decided = pr.locator(".quyet-dinh").all_inner_texts()
    assert "Bỏ qua: Nội dung này Sở không chủ trì" in decided and "Giữ trong thư góp ý: Đề nghị bổ sung" in decided
    with pr.expect_download() as info:
        pr.click("#thu-gop-y")
    saved = tmp_path / "thu.docx"
    info.value.save_as(saved)
    assert "Sở Nông nghiệp và Phát triển nông thôn" in "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    pr.select_option("#status", "da_gop_y")
    with pr.expect_navigation():
        pr.click("#luu-trang-thai")
    assert pr.inner_text("#trang-thai") == "Đã góp ý"

    pa.goto(submission)
    assert pa.inner_text("#trang-thai") == "Đã góp ý"
    pa.set_input_files("#child", str(CHILD))
    with pa.expect_navigation(url="**/v/2"):
        pa.click("#nop-phien-ban")
    _wait_audited(pa)
    expect(pa.locator("#thay-doi")).to_be_visible()
    assert int(pa.inner_text("#da-sua")) > 0
    assert pa.inner_text("#trang-thai") == "Dự thảo"
    assert errors_a == [] and errors_r == []
    agency.close()
    reviewer.close()


def test_reviewer_opens_the_year_dashboard_and_admin_creates_an_account(browser, service) -> None:
    agency, pa, errors_a = _login(browser, service, "snn")
    pa.set_input_files("#child", str(CHILD))
    pa.select_option("#parent_id", label=BINH_DINH)
    with pa.expect_navigation(url="**/v/*"):
        pa.click("#nop")
    _wait_audited(pa)
    assert pa.locator("text=Bảng tổng hợp theo năm").count() == 0  # not for an agency
    agency.close()

    reviewer, pr, errors_r = _login(browser, service, "noivu")
    pr.click("text=Bảng tổng hợp theo năm")
    # the page refreshes itself every 5 s while a build is waiting or running
    pr.wait_for_selector('tr[data-year="2024"] a.xem', timeout=180_000)
    with pr.expect_navigation():
        pr.click('tr[data-year="2024"] a.xem')
    assert "Sở Nông nghiệp và Phát triển nông thôn" in pr.content()
    assert errors_r == [] and errors_a == []
    reviewer.close()

    admin, pm, errors_m = _login(browser, service, "quantri")
    pm.click("text=Quản trị")
    pm.fill("#username", "sxd")
    pm.fill("#password", "mat-khau-moi-123")
    pm.select_option("#role", "agency")
    pm.fill("#agency", "Sở Xây dựng")
    with pm.expect_navigation():
        pm.click("#tao")
    assert "Đã tạo tài khoản sxd" in pm.inner_text("#thong-bao")
    assert "Sở Xây dựng" in pm.inner_text('tr[data-user="sxd"]')
    pm.click("text=Nhật ký")
    assert "Tạo tài khoản" in pm.inner_text("#nhat-ky")
    assert errors_m == []
    admin.close()
