"""The province service's year dashboard, admin pages, stored self-checks and data location, on SQLite and on
PostgreSQL when `CASCADE_TEST_PG_URL` is set: who may open each new page (an agency user gets 404, a reviewer 403 on
the admin pages), what every admin action changes and writes to the audit log, the dashboard built by the worker
pool and rebuilt when a version lands, and a restart in the middle of a queued batch losing nothing."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select
from test_service_web import (
    BINH_DINH_ID,
    PASSWORD,
    V1,
    V2,
    add_users,
    csrf_of,
    login,
    other,
    settings,
    submit,
    wait_done,
)

from cascade.service import Database
from cascade.service.accounts import create_user
from cascade.service.models import AuditLog, Dashboard, Submission, User, Version
from cascade.web import create_app
from cascade.web.library import Library
from cascade.web.settings import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
ADMIN_PAGES = ("/quan-tri", "/quan-tri/nguoi-dung", "/quan-tri/co-quan", "/quan-tri/thu-vien", "/quan-tri/nhat-ky")
ADMIN_POSTS = ("/quan-tri/nguoi-dung", "/quan-tri/nguoi-dung/1/khoa", "/quan-tri/nguoi-dung/1/mat-khau",
               "/quan-tri/nguoi-dung/1/vai-tro", "/quan-tri/co-quan", "/quan-tri/co-quan/1", "/quan-tri/thu-vien",
               f"/quan-tri/thu-vien/{BINH_DINH_ID}/xoa")
DASHBOARD_PAGES = ("/tong-hop", "/tong-hop/2024", "/tong-hop/2024/", "/tong-hop/2024/index.html", "/api/dashboards")


def open_db(app) -> Database:
    s = app.state.cascade.settings
    return Database.open(s.service_dir, s.database)



@pytest.fixture(scope="module")
def library() -> Library:
    """The bundled library, parsed once for the module."""
    return Library(default_data_dir())


@pytest.fixture(scope="module")
def saved_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """The bundled library with a folder for uploaded parents (the admin's library page adds and removes them)."""
    return Library(default_data_dir(), tmp_path_factory.mktemp("library"))


@pytest.fixture
def service(tmp_path: Path, db_url: str | None, saved_library: Library) -> Iterator[tuple]:
    """A running service with two agency users, a reviewer and an admin; yields (app, admin's client, token)."""
    s = settings(tmp_path, db_url, dashboard_delay=0.0)
    add_users(s)
    db = Database.open(s.service_dir, s.database)
    with db.session() as session:
        create_user(session, "quantri", PASSWORD, "admin")
    db.dispose()
    app = create_app(s, library=saved_library)
    with TestClient(app, raise_server_exceptions=False) as client:
        token = login(client, "quantri")
        yield app, client, token


def log_rows(app, action: str) -> list[tuple[str | None, str | None, str | None]]:
    """(actor, target, detail) of the audit log's lines of `action`."""
    with open_db(app).session() as s:
        rows = s.execute(select(AuditLog, User.username).outerjoin(User, AuditLog.user_id == User.id)
                         .where(AuditLog.action == action).order_by(AuditLog.id)).all()
        return [(name, a.target, a.detail) for a, name in rows]


# --- who may open what --------------------------------------------------------------------------------------


def test_agency_users_get_404_and_reviewers_403_on_admin_pages(service) -> None:
    app, admin, _ = service
    agency, reviewer = other(app), other(app)
    token_a, token_r = login(agency, "stp"), login(reviewer, "noivu")
    for path in ADMIN_PAGES:
        assert agency.get(path, follow_redirects=False).status_code == 404, path
        assert reviewer.get(path, follow_redirects=False).status_code == 403, path
        assert admin.get(path).status_code == 200, path
    form = {"username": "moi", "password": PASSWORD, "role": "admin", "active": "0", "name": "X"}
    for path in ADMIN_POSTS:
        assert agency.post(path, data={**form, "csrf_token": token_a}).status_code == 404, path
        assert reviewer.post(path, data={**form, "csrf_token": token_r}).status_code == 403, path
    with open_db(app).session() as s:
        assert s.scalar(select(User).where(User.username == "moi")) is None
        assert all(u.active and u.role in ("agency", "reviewer", "admin") for u in s.scalars(select(User)))
    # the pages' links follow the role
    assert "/quan-tri" not in agency.get("/ho-so").text and "/tong-hop" not in agency.get("/ho-so").text
    assert "/quan-tri" not in reviewer.get("/ho-so").text and "/tong-hop" in reviewer.get("/ho-so").text
    assert "/quan-tri" in admin.get("/ho-so").text


def test_agency_users_cannot_see_the_year_dashboard(service) -> None:
    app, admin, _ = service
    agency, reviewer = other(app), other(app)
    token_a = login(agency, "stp")
    login(reviewer, "noivu")
    for path in DASHBOARD_PAGES:
        r = agency.get(path, follow_redirects=False)
        assert r.status_code == 404, path
    assert agency.post("/tong-hop/2024/dung-lai", data={"csrf_token": token_a}).status_code == 404
    assert reviewer.get("/tong-hop").status_code == 200 and admin.get("/tong-hop").status_code == 200
    assert reviewer.post("/tong-hop/2024/dung-lai", data={}).status_code == 403  # CSRF as everywhere
    with open_db(app).session() as s:
        assert list(s.scalars(select(Dashboard))) == []


# --- users, agencies, library, log -------------------------------------------------------------------------


def test_admin_creates_disables_resets_and_changes_users(service) -> None:
    app, admin, token = service
    r = admin.post("/quan-tri/nguoi-dung", data={"username": "sxd", "password": PASSWORD, "role": "agency",
                                                 "agency": "Sở Xây dựng", "level": "so", "csrf_token": token})
    assert r.status_code == 200 and "Đã tạo tài khoản sxd" in r.text
    again = admin.get("/quan-tri/nguoi-dung", params={"tb": "Hãy gửi mật khẩu cho x", "loi": "Giả mạo"}).text
    assert "Đã tạo tài khoản" not in again and "Hãy gửi" not in again and "Giả mạo" not in again  # said once, by us
    short = admin.post("/quan-tri/nguoi-dung", data={"username": "ngan", "password": "123", "role": "reviewer",
                                                     "csrf_token": token})
    assert "mật khẩu quá ngắn" in short.text
    twice = admin.post("/quan-tri/nguoi-dung", data={"username": "sxd", "password": PASSWORD, "role": "reviewer",
                                                     "csrf_token": token})
    assert "đã có" in twice.text
    no_agency = admin.post("/quan-tri/nguoi-dung", data={"username": "x1", "password": PASSWORD, "role": "agency",
                                                         "csrf_token": token})
    assert "cần tên cơ quan" in no_agency.text
    with open_db(app).session() as s:
        users = {u.username: u for u in s.scalars(select(User))}
    assert set(users) == {"stp", "snn", "noivu", "quantri", "sxd"}
    new = users["sxd"]
    page = admin.get("/quan-tri/nguoi-dung").text
    assert re.search(r'data-user="sxd"><td>sxd</td><td>Cán bộ cơ quan</td><td>Sở Xây dựng</td>', page)

    user = other(app)
    login(user, "sxd")
    assert user.get("/api/submissions").status_code == 200
    # disabled: the open session stops at its next request, and no new login
    admin.post(f"/quan-tri/nguoi-dung/{new.id}/khoa", data={"active": "0", "csrf_token": token})
    assert user.get("/api/submissions").status_code == 401
    fresh = other(app)
    t = csrf_of(fresh.get("/login").text)
    assert fresh.post("/login", data={"username": "sxd", "password": PASSWORD, "csrf_token": t}).status_code == 401
    admin.post(f"/quan-tri/nguoi-dung/{new.id}/khoa", data={"active": "1", "csrf_token": token})
    # a new password replaces the old one
    admin.post(f"/quan-tri/nguoi-dung/{new.id}/mat-khau", data={"password": "mat-khau-moi-123", "csrf_token": token})
    assert fresh.post("/login", data={"username": "sxd", "password": PASSWORD, "csrf_token": t}).status_code == 401
    login(fresh, "sxd", "mat-khau-moi-123")
    # role and agency: agency → reviewer sees every agency
    admin.post(f"/quan-tri/nguoi-dung/{new.id}/vai-tro", data={"role": "reviewer", "agency": "", "csrf_token": token})
    assert fresh.get("/tong-hop").status_code == 200
    # an admin cannot lock themselves out
    with open_db(app).session() as s:
        me = s.scalar(select(User).where(User.username == "quantri"))
    r = admin.post(f"/quan-tri/nguoi-dung/{me.id}/khoa", data={"active": "0", "csrf_token": token})
    assert "Không thể tự khoá" in r.text
    r = admin.post(f"/quan-tri/nguoi-dung/{me.id}/vai-tro", data={"role": "reviewer", "csrf_token": token})
    assert "không thể tự bỏ quyền quản trị" in r.text
    assert admin.get("/quan-tri/nguoi-dung").status_code == 200
    # every action in the log, under the admin's name
    assert log_rows(app, "create-user")[-1] == ("quantri", "sxd", "agency – Sở Xây dựng")
    assert log_rows(app, "disable-user") == [("quantri", "sxd", None)]
    assert log_rows(app, "enable-user") == [("quantri", "sxd", None)]
    assert log_rows(app, "reset-password") == [("quantri", "sxd", None)]
    assert log_rows(app, "change-role") == [("quantri", "sxd", "reviewer")]


def test_admin_manages_agencies_and_the_library(service) -> None:
    app, admin, token = service
    r = admin.post("/quan-tri/co-quan", data={"name": "Sở Y tế", "level": "so", "csrf_token": token})
    assert "Đã thêm cơ quan Sở Y tế" in r.text
    assert "đã có" in admin.post("/quan-tri/co-quan", data={"name": "Sở Y tế", "csrf_token": token}).text
    with open_db(app).session() as s:
        from cascade.service.models import Agency

        health = s.scalar(select(Agency).where(Agency.name == "Sở Y tế"))
        justice = s.scalar(select(Agency).where(Agency.name == "Sở Tư pháp"))
    r = admin.post(f"/quan-tri/co-quan/{health.id}", data={"name": "Sở Y tế tỉnh", "level": "so", "csrf_token": token})
    assert "Đã sửa cơ quan Sở Y tế tỉnh" in r.text
    clash = admin.post(f"/quan-tri/co-quan/{health.id}", data={"name": "Sở Tư pháp", "csrf_token": token})
    assert "đã có" in clash.text
    page = admin.get("/quan-tri/co-quan").text
    assert 'data-agency="Sở Y tế tỉnh"' in page and 'data-agency="Sở Tư pháp"' in page
    assert justice.id != health.id
    assert log_rows(app, "create-agency") == [("quantri", "Sở Y tế", "so")]
    assert log_rows(app, "update-agency") == [("quantri", "Sở Y tế", "Sở Y tế tỉnh (so)")]

    before = {e["id"] for e in admin.get("/api/library").json()}
    r = admin.post("/quan-tri/thu-vien", files={"file": ("ke-hoach-tinh.txt", PARENT.read_bytes())},
                   data={"csrf_token": token})
    assert r.status_code == 200 and "vào thư viện" in r.text
    added = [e for e in admin.get("/api/library").json() if e["id"] not in before]
    assert len(added) == 1 and added[0]["number"] == "4935/QĐ-UBND" and added[0]["source"] == "saved"
    new_id = added[0]["id"]
    assert re.search(rf'data-id="{new_id}">.*?<td>quantri \(', admin.get("/quan-tri/thu-vien").text, re.S)
    assert log_rows(app, "library-add")[0][:2] == ("quantri", new_id)
    # bundled plans stay; an uploaded one goes, with its file
    r = admin.post(f"/quan-tri/thu-vien/{BINH_DINH_ID}/xoa", data={"csrf_token": token})
    assert "Không xoá được" in r.text
    r = admin.post(f"/quan-tri/thu-vien/{new_id}/xoa", data={"csrf_token": token})
    assert "khỏi thư viện" in r.text
    assert new_id not in {e["id"] for e in admin.get("/api/library").json()}
    assert not list(app.state.cascade.library.library_dir.glob(f"{new_id}.*"))
    assert log_rows(app, "library-remove")[0][:2] == ("quantri", new_id)
    assert admin.post("/quan-tri/thu-vien", data={"csrf_token": token}).status_code == 200  # no file: a message


def test_audit_log_is_paged_and_filtered(service) -> None:
    app, admin, _ = service
    with open_db(app).session() as s:
        reviewer = s.scalar(select(User).where(User.username == "noivu"))
        old = dt.datetime(2025, 1, 15, 10, tzinfo=dt.UTC)
        for i in range(120):
            s.add(AuditLog(user_id=reviewer.id, action="status", target=f"ho-so-{i:03d}", detail="dat",
                           at=old if i < 10 else dt.datetime.now(dt.UTC)))
    page = admin.get("/quan-tri/nhat-ky").text
    lines = re.findall(r"<tr><td class=\"nowrap\">", page)
    assert len(lines) == 50
    total = int(re.search(r'id="tong-so">(\d+) dòng', page).group(1))
    assert total >= 121  # the 120 lines and at least the admin's login
    assert 'id="trang-sau"' in page and 'id="trang-truoc"' not in page
    statuses = admin.get("/quan-tri/nhat-ky", params={"action": "status"}).text
    assert "120 dòng · trang 1/3" in statuses
    last = admin.get("/quan-tri/nhat-ky", params={"action": "status", "trang": 3}).text
    assert len(re.findall(r"<tr><td class=\"nowrap\">", last)) == 20 and "ho-so-000" in last
    assert "1 dòng" in admin.get("/quan-tri/nhat-ky", params={"q": "ho-so-042"}).text
    by_user = admin.get("/quan-tri/nhat-ky", params={"user": "noivu"}).text
    assert "121 dòng" in by_user  # the 120 and the creation of the account on the command line
    dated = admin.get("/quan-tri/nhat-ky", params={"action": "status", "tu": "2025-01-15", "den": "2025-01-15"}).text
    assert "10 dòng" in dated
    assert admin.get("/quan-tri/nhat-ky", params={"tu": "15/01/2025"}).status_code == 422
    logins = admin.get("/quan-tri/nhat-ky", params={"action": "login", "user": "quantri"}).text
    assert "Đăng nhập" in logins and "1 dòng" in logins


# --- the year's dashboard -----------------------------------------------------------------------------------


def wait_dashboard(client: TestClient, year: int, after: str = "", timeout: float = 240.0) -> dict:
    """Poll the dashboards until `year`'s is built (later than `after`) or failed."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        rows = {r["year"]: r for r in client.get("/api/dashboards").json()}
        row = rows.get(year)
        if row and row["state"] == "failed":
            return row
        if row and row["state"] == "done" and row["built_at"] and row["built_at"] != after:
            return row
        time.sleep(0.3)
    raise AssertionError(f"dashboard {year} not built: {rows}")


def test_year_dashboard_is_built_by_the_pool_served_and_rebuilt(service) -> None:
    app, admin, token = service
    a, b = other(app), other(app)
    token_a, token_b = login(a, "stp"), login(b, "snn")
    pid_a = submit(a, token_a, V2, "ke-hoach-stp.txt")["id"]
    pid_b = submit(b, token_b, V1, "ke-hoach-snn.txt")["id"]
    assert wait_done(a, pid_a, 1)["state"] == "done" and wait_done(b, pid_b, 1)["state"] == "done"
    first = wait_dashboard(admin, 2024)
    assert first["state"] == "done" and first["children"] == 2 and first["failures"] == 0 and first["ready"]
    started = app.state.cascade.pool.stats.started
    page = admin.get("/tong-hop/2024/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "Sở Tư pháp" in page.text and "Sở Nông nghiệp và Phát triển nông thôn" in page.text
    assert "content-security-policy" in page.headers
    uploads = str(app.state.cascade.uploads.dir)
    assert uploads not in page.text  # the scratch folder the dashboard was built from is not shown
    folder = app.state.cascade.settings.service_dir / "dashboards" / "2024"
    assert folder.is_dir() and any(folder.rglob("*.html"))
    # the files it links are served, and nothing outside its folder
    linked = [h for h in re.findall(r'href="([^"#?:]+)"', page.text) if not h.startswith("/")]
    assert linked and all(admin.get(f"/tong-hop/2024/{h}").status_code == 200 for h in linked[:5])
    assert admin.get("/tong-hop/2024/../../cascade.db").status_code == 404
    assert admin.get("/tong-hop/2024/%2e%2e/%2e%2e/session.key").status_code == 404
    assert "Đã dựng xong" in admin.get("/tong-hop").text

    # a new version lands: the dashboard is rebuilt by itself
    submit(a, token_a, V1, "ke-hoach-stp-v2.txt", pid=pid_a)
    assert wait_done(a, pid_a, 2)["state"] == "done"
    second = wait_dashboard(admin, 2024, after=first["built_at"])
    assert second["state"] == "done" and second["children"] == 2
    assert app.state.cascade.pool.stats.started > started
    with open_db(app).session() as s:
        row = s.scalar(select(Dashboard).where(Dashboard.year == 2024))
        built = row.built_at
    # the button: queued at once (shown), built again, written to the log
    reviewer = other(app)
    token_r = login(reviewer, "noivu")
    r = reviewer.post("/tong-hop/2024/dung-lai", data={"csrf_token": token_r}, follow_redirects=False)
    assert r.status_code == 303
    states = {row["year"]: row["state"] for row in reviewer.get("/api/dashboards").json()}
    assert states[2024] in ("queued", "running", "done")
    end = time.monotonic() + 240
    while time.monotonic() < end:
        with open_db(app).session() as s:
            row = s.scalar(select(Dashboard).where(Dashboard.year == 2024))
            if row.state == "done" and row.built_at != built:
                break
        time.sleep(0.3)
    else:
        raise AssertionError("the rebuild asked for by the button did not happen")
    assert log_rows(app, "dashboard-rebuild") == [("noivu", "2024", None)]
    assert admin.get("/tong-hop/1999/").status_code == 404


# --- /api/audit in the service, and where the data live ----------------------------------------------------


def test_api_audit_is_stored_as_a_submission_of_the_users_agency(service) -> None:
    app, admin, token = service
    a = other(app)
    token_a = login(a, "stp")
    r = a.post("/api/audit", files={"child": ("tu-kiem-tra.txt", V2)}, data={"parent_id": BINH_DINH_ID},
               headers={"X-CSRF-Token": token_a})
    assert r.status_code == 200 and r.json()["schema"] == "cascade-audit/1"
    pid = r.headers["x-cascade-submission"]
    body = a.get(f"/api/submissions/{pid}").json()
    assert body["agency"] == "Sở Tư pháp" and body["title"] == "Tự kiểm tra: tu-kiem-tra.txt"
    assert [(v["number"], v["state"], v["verdict"]) for v in body["versions"]] == \
        [(1, "done", r.json()["summary"]["verdict"])]
    assert a.get(f"/ho-so/{pid}/v/1/tep").content == V2
    assert a.get(f"/ho-so/{pid}/v/1/bao-cao.html").status_code == 200
    b = other(app)
    login(b, "snn")
    assert b.get(f"/api/submissions/{pid}").status_code == 404
    assert log_rows(app, "self-check") == [("stp", pid, "tu-kiem-tra.txt")]
    # a reviewer's own check is kept only under an agency they name
    reviewer = other(app)
    token_r = login(reviewer, "noivu")
    r = reviewer.post("/api/audit", files={"child": ("x.txt", V1)}, data={"parent_id": BINH_DINH_ID},
                      headers={"X-CSRF-Token": token_r})
    assert r.status_code == 200 and "x-cascade-submission" not in r.headers
    with open_db(app).session() as s:
        assert s.scalar(select(Submission).where(Submission.public_id == pid)) is not None
        assert len(list(s.scalars(select(Version)))) == 1


def test_single_user_api_audit_stores_nothing(tmp_path: Path, library: Library) -> None:
    from cascade.web import Settings

    app = create_app(Settings(upload_dir=tmp_path / "u"), library=library)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.post("/api/audit", files={"child": ("a.txt", V2)}, data={"parent_id": BINH_DINH_ID})
    assert r.status_code == 200 and "x-cascade-submission" not in r.headers
    assert app.state.cascade.db is None and not (tmp_path / "data").exists()


def test_multi_user_without_data_dir_keeps_data_in_the_documented_place(tmp_path: Path, library: Library,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import cascade.web
    from cascade.commands.serve import command as serve

    made: list = []
    real = cascade.web.create_app
    monkeypatch.setattr(cascade.web, "create_app", lambda s: made.append(real(s, library=library)) or made[-1])
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    result = CliRunner().invoke(serve, ["--multi-user", "--upload-dir", str(tmp_path / "u")])
    assert result.exit_code == 0, result.output
    where = tmp_path / "xdg" / "cascade"
    assert f"Dữ liệu của dịch vụ (tệp đã nộp, báo cáo, cơ sở dữ liệu SQLite) nằm ở {where}" in result.output
    assert made[0].state.cascade.settings.service_dir == where
    assert (where / "cascade.db").is_file() and (where / "session.key").is_file()
    made[0].state.cascade.db.dispose()
    made[0].state.cascade.pool.close()


# --- acceptance: a restart in the middle of a queued batch -----------------------------------------------------


def test_restart_in_the_middle_of_a_queued_batch_loses_nothing(tmp_path: Path, db_url: str | None,
                                                              library: Library) -> None:
    """The server stops while a batch of submissions is being audited (some done, one running, the rest queued):
    afterwards every submission and every finished result is there unchanged, and the others finish."""
    s = settings(tmp_path, db_url)
    add_users(s)
    first = create_app(s, library=library)
    with TestClient(first, raise_server_exceptions=False) as c:
        token = login(c, "stp")
        ids = [submit(c, token, data, f"v{i}.txt")["id"] for i, data in enumerate((V2, V1, V2, V1, V2))]
        wait_done(c, ids[0], 1)  # the first is audited; the server stops while the rest wait or run
    db = Database.open(s.service_dir, s.database)
    with db.session() as session:
        before = {v.id: (v.state, v.report_sha256, v.verdict) for v in session.scalars(select(Version))}
    db.dispose()
    assert len(before) == 5 and before[1][0] == "done"
    assert sum(state == "done" for state, _, _ in before.values()) < 5  # stopped in the middle of the batch
    second = create_app(s, library=library)
    with TestClient(second, raise_server_exceptions=False) as c2:
        login(c2, "stp")
        assert {row["id"] for row in c2.get("/api/submissions").json()} == set(ids)
        assert [wait_done(c2, pid, 1)["state"] for pid in ids] == ["done"] * 5
        assert all(c2.get(f"/ho-so/{pid}/v/1/bao-cao.html").status_code == 200 for pid in ids)
    db = Database.open(s.service_dir, s.database)
    with db.session() as session:
        after = {v.id: (v.state, v.report_sha256, v.verdict) for v in session.scalars(select(Version))}
    db.dispose()
    for vid, row in before.items():
        if row[0] == "done":
            assert after[vid] == row  # finished before the restart: the same result, not audited again
