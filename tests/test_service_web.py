"""The province service over HTTP (FastAPI's test client), on SQLite and on PostgreSQL when
`CASCADE_TEST_PG_URL` is set: login and its rate limit, CSRF on every form, every role boundary (agency A can
neither list, read, download, change nor guess agency B's submissions), the workflow (upload → audit through the
worker pool → decisions → letter → status → version 2 and what changed), queued audits surviving a restart, and
the single-user self-check left as it was."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from cascade.service import Database
from cascade.service.accounts import create_user
from cascade.service.models import AuditLog, Version
from cascade.web import Settings, create_app
from cascade.web.library import Library
from cascade.web.settings import default_data_dir

ROOT = Path(__file__).resolve().parents[1]
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
BINH_DINH_ID = "binh-dinh-2024-tinh-4935-qd-ubnd"
PASSWORD = "mat-khau-du-dai"
LINES = CHILD.read_text(encoding="utf-8").splitlines()
# version 1 lacks a block of tasks that version 2 (the real plan) carries: findings fixed between them
V1 = "\n".join(LINES[:120] + LINES[200:]).encode("utf-8")
V2 = CHILD.read_bytes()


@pytest.fixture(scope="module")
def library() -> Library:
    """The bundled library, parsed once for the module."""
    return Library(default_data_dir())



def settings(tmp_path: Path, db_url: str | None, **kw) -> Settings:
    return Settings(service_dir=tmp_path / "data", database=db_url, upload_dir=tmp_path / "uploads", workers=1, **kw)


def add_users(s: Settings) -> None:
    db = Database.open(s.service_dir, s.database)
    with db.session() as session:
        create_user(session, "stp", PASSWORD, "agency", "Sở Tư pháp", "so")
        create_user(session, "snn", PASSWORD, "agency", "Sở Nông nghiệp và Phát triển nông thôn", "so")
        create_user(session, "noivu", PASSWORD, "reviewer")
    db.dispose()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    token = csrf_of(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf_of(client.get("/ho-so").text)


def submit(client: TestClient, token: str, data: bytes, name: str = "du-thao.txt", pid: str | None = None) -> dict:
    url = f"/api/submissions/{pid}/versions" if pid else "/api/submissions"
    r = client.post(url, files={"child": (name, data)}, data={"parent_id": BINH_DINH_ID},
                    headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    return r.json()


def wait_done(client: TestClient, pid: str, number: int) -> dict:
    """Poll the submission until the version's audit is finished (the audit itself takes a few seconds)."""
    for _ in range(600):
        body = client.get(f"/api/submissions/{pid}").json()
        version = body["versions"][number - 1]
        if version["state"] in ("done", "failed"):
            return version
        time.sleep(0.2)
    raise AssertionError(f"version {number} of {pid} not audited: {body}")


@pytest.fixture
def service(tmp_path: Path, db_url: str | None, library: Library) -> Iterator[tuple]:
    """A running service with two agency users and a reviewer; yields (app, main client)."""
    s = settings(tmp_path, db_url)
    add_users(s)
    app = create_app(s, library=library)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client


def other(app) -> TestClient:
    """Another browser on the same server (its own cookies)."""
    return TestClient(app, raise_server_exceptions=False)


# --- login, CSRF --------------------------------------------------------------------------------------------


def test_everything_needs_a_login(service) -> None:
    app, client = service
    for path in ("/", "/ho-so", "/library"):
        r = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == "/login", path
    assert client.get("/api/submissions").status_code == 401
    assert client.get("/api/library").status_code == 401
    page = client.get("/login")
    assert page.status_code == 200 and "Đăng nhập" in page.text
    assert "cascade_session" in page.headers.get("set-cookie", "")
    assert "httponly" in page.headers["set-cookie"].lower() and "samesite=lax" in page.headers["set-cookie"].lower()


def test_every_post_needs_the_session_csrf_token(service) -> None:
    app, client = service
    assert client.post("/login", data={"username": "stp", "password": PASSWORD}).status_code == 403
    client.get("/login")
    bad = client.post("/login", data={"username": "stp", "password": PASSWORD, "csrf_token": "x" * 43})
    assert bad.status_code == 403 and "biểu mẫu không hợp lệ" in bad.text
    token = login(client, "stp")
    files = {"child": ("a.txt", V2)}
    assert client.post("/api/submissions", files=files).status_code == 403
    assert client.post("/api/submissions", files=files, headers={"X-CSRF-Token": "sai"}).status_code == 403
    assert client.post("/ho-so", files=files, data={"csrf_token": "sai"}).status_code == 403
    assert client.post("/logout", data={}).status_code == 403
    # another user's token is not this session's
    reviewer = other(app)
    assert login(reviewer, "noivu") != token
    assert client.post("/logout", data={"csrf_token": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/submissions").status_code == 401


def test_wrong_passwords_are_rate_limited(service) -> None:
    app, client = service
    token = csrf_of(client.get("/login").text)
    for _ in range(5):
        r = client.post("/login", data={"username": "stp", "password": "sai-mat-khau", "csrf_token": token})
        assert r.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in r.text
    r = client.post("/login", data={"username": "stp", "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 0
    with Database.open(app.state.cascade.settings.service_dir, app.state.cascade.settings.database).session() as s:
        assert len(list(s.scalars(select(AuditLog).where(AuditLog.action == "login-failed")))) == 5


# --- roles --------------------------------------------------------------------------------------------------


def test_an_agency_never_sees_another_agencys_submission(service) -> None:
    app, a = service
    token_a = login(a, "stp")
    pid = submit(a, token_a, V2, "ke-hoach-stp.txt")["id"]
    assert wait_done(a, pid, 1)["state"] == "done"
    b = other(app)
    token_b = login(b, "snn")
    assert b.get("/api/submissions").json() == []
    assert "ke-hoach-stp" not in b.get("/ho-so").text
    for path in (f"/ho-so/{pid}", f"/ho-so/{pid}/v/1", f"/ho-so/{pid}/v/1/tep", f"/ho-so/{pid}/v/1/bao-cao.html",
                 f"/ho-so/{pid}/v/1/thu-gop-y.docx", f"/ho-so/{pid}/v/1/bang-tinh.xlsx", f"/api/submissions/{pid}"):
        r = b.get(path, follow_redirects=False)
        assert r.status_code == 404, path
        assert "Sở Tư pháp" not in r.text and "ke-hoach-stp" not in r.text
    r = b.post(f"/api/submissions/{pid}/versions", files={"child": ("x.txt", V2)}, headers={"X-CSRF-Token": token_b})
    assert r.status_code == 404
    assert b.post(f"/ho-so/{pid}/trang-thai", data={"status": "dat", "csrf_token": token_b}).status_code == 404
    # a guessed id is as unknown as a wrong one
    for guess in ("1", "0", pid[:-1] + ("A" if pid[-1] != "A" else "B"), "../" + pid):
        assert b.get(f"/api/submissions/{guess}").status_code == 404
    with Database.open(app.state.cascade.settings.service_dir, app.state.cascade.settings.database).session() as s:
        assert len(list(s.scalars(select(Version)))) == 1  # B's refused upload stored nothing


def test_agency_users_cannot_review_and_reviewers_see_every_agency(service) -> None:
    app, a = service
    token_a = login(a, "stp")
    pid = submit(a, token_a, V2)["id"]
    assert wait_done(a, pid, 1)["state"] == "done"
    page = a.get(f"/ho-so/{pid}/v/1").text
    key = re.search(r'name="key" value="([^"]+)"', page)
    assert key is None  # no decision forms for an agency
    assert a.post(f"/ho-so/{pid}/trang-thai", data={"status": "dat", "csrf_token": token_a}).status_code == 403
    assert a.post(f"/ho-so/{pid}/v/1/quyet-dinh", data={"key": "x", "decision": "dismiss",
                                                       "csrf_token": token_a}).status_code == 403
    assert a.post("/api/library", files={"file": ("p.txt", b"x")}, headers={"X-CSRF-Token": token_a}).status_code == 403
    b = other(app)
    token_b = login(b, "snn")
    submit(b, token_b, V1)
    r = other(app)
    login(r, "noivu")
    rows = r.get("/api/submissions").json()
    assert {row["agency"] for row in rows} == {"Sở Tư pháp", "Sở Nông nghiệp và Phát triển nông thôn"}
    only = r.get("/api/submissions", params={"agency": "Sở Tư pháp"}).json()
    assert [row["id"] for row in only] == [pid]
    assert r.get("/api/submissions", params={"status": "dat"}).json() == []
    assert "Sở Tư pháp" in r.get("/ho-so", params={"agency": "Sở Tư pháp"}).text


# --- the workflow -------------------------------------------------------------------------------------------


def test_upload_review_letter_status_and_version_two(service) -> None:
    from cascade.service.workflow import notable

    app, a = service
    token_a = login(a, "snn")
    r = a.post("/ho-so", files={"child": ("ke-hoach.txt", V1)},
               data={"parent_id": BINH_DINH_ID, "title": "Kế hoạch CCHC 2024", "csrf_token": token_a},
               follow_redirects=False)
    assert r.status_code == 303
    pid = r.headers["location"].split("/")[2]
    v1 = wait_done(a, pid, 1)
    assert v1["state"] == "done" and v1["verdict"] == "can_sua"
    page = a.get(f"/ho-so/{pid}/v/1").text
    assert "Kế hoạch CCHC 2024" in page and "Cần sửa" in page and "Dự thảo" in page
    report = a.get(f"/ho-so/{pid}/v/1/bao-cao.html")
    assert report.status_code == 200 and "Sở Nông nghiệp" in report.text
    assert a.get(f"/ho-so/{pid}/v/1/tep").content == V1

    reviewer = other(app)
    token_r = login(reviewer, "noivu")
    page = reviewer.get(f"/ho-so/{pid}/v/1").text
    keys = re.findall(r'name="key" value="([^"]+)"', page)
    assert len(keys) >= 2
    import html

    first, second = html.unescape(keys[0]), html.unescape(keys[1])
    for key, decision in ((first, "dismiss"), (second, "accept")):
        r = reviewer.post(f"/ho-so/{pid}/v/1/quyet-dinh", data={"key": key, "decision": decision,
                                                               "comment": "Ý kiến của Sở Nội vụ",
                                                               "csrf_token": token_r}, follow_redirects=False)
        assert r.status_code == 303
    assert reviewer.post(f"/ho-so/{pid}/v/1/quyet-dinh", data={"key": "khong|co|that", "decision": "accept",
                                                              "csrf_token": token_r}).status_code == 404
    page = reviewer.get(f"/ho-so/{pid}/v/1").text
    assert "Bỏ qua: Ý kiến của Sở Nội vụ" in page and "Giữ trong thư góp ý: Ý kiến của Sở Nội vụ" in page
    letter = reviewer.get(f"/ho-so/{pid}/v/1/thu-gop-y.docx")
    assert letter.status_code == 200 and letter.content[:2] == b"PK"
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(letter.content)).paragraphs)
    assert "Sở Nông nghiệp" in text
    r = reviewer.post(f"/ho-so/{pid}/trang-thai", data={"status": "da_gop_y", "csrf_token": token_r},
                      follow_redirects=False)
    assert r.status_code == 303
    assert a.get(f"/api/submissions/{pid}").json()["status"] == "da_gop_y"

    # version 2: the agency fixes the plan; the version page says what changed
    submit(a, token_a, V2, "ke-hoach-v2.txt", pid=pid)
    v2 = wait_done(a, pid, 2)
    assert v2["state"] == "done"
    body = a.get(f"/api/submissions/{pid}").json()
    assert body["status"] == "du_thao" and [v["number"] for v in body["versions"]] == [1, 2]
    page = a.get(f"/ho-so/{pid}/v/2").text
    fixed = int(re.search(r'id="da-sua">(\d+)<', page).group(1))
    still = int(re.search(r'id="con-lai">(\d+)<', page).group(1))
    assert fixed > 0 and still > 0
    with Database.open(app.state.cascade.settings.service_dir, app.state.cascade.settings.database).session() as s:
        audits = [v.audit for v in s.scalars(select(Version).order_by(Version.number))]
    # every notable finding of version 1 is either fixed or still open in version 2
    assert fixed + still == len({(f["type"], f.get("parent") or f.get("child")) for f in notable(audits[0])})
    assert still <= len(notable(audits[1]))
    assert reviewer.post(f"/ho-so/{pid}/trang-thai", data={"status": "dat", "csrf_token": token_r},
                         follow_redirects=False).status_code == 303
    assert a.get(f"/api/submissions/{pid}").json()["status"] == "dat"


def test_letter_leaves_out_dismissed_findings() -> None:
    from cascade.service.workflow import finding_key, letter_audit

    audit = {"findings": [{"type": "missing", "parent": "1", "child": None, "severity": "error"},
                          {"type": "weakened_deadline", "parent": "2", "child": "3", "severity": "warning"}],
             "summary": {}}
    kept = letter_audit(audit, {finding_key(audit["findings"][0]): "dismiss",
                                finding_key(audit["findings"][1]): "accept"})
    assert kept["findings"] == [audit["findings"][1]] and len(audit["findings"]) == 2


def test_queued_audits_survive_a_restart(tmp_path: Path, db_url: str | None, library: Library) -> None:
    s = settings(tmp_path, db_url)
    add_users(s)
    first = create_app(s, library=library)
    # no lifespan: the server "stops" before its queue runs; the uploads are stored and queued
    c = TestClient(first, raise_server_exceptions=False)
    token = login(c, "stp")
    ids = [submit(c, token, data, f"v{i}.txt")["id"] for i, data in enumerate((V1, V2))]
    first.state.cascade.pool.close()
    first.state.cascade.db.dispose()
    db = Database.open(s.service_dir, s.database)
    with db.session() as session:
        assert [v.state for v in session.scalars(select(Version))] == ["queued", "queued"]
        session.get(Version, 1).state = "running"  # as if killed in the middle of the audit
    db.dispose()
    second = create_app(s, library=library)
    with TestClient(second, raise_server_exceptions=False) as c2:
        login(c2, "stp")  # the session key is kept in the data dir: the old cookie would work too
        assert [wait_done(c2, pid, 1)["state"] for pid in ids] == ["done", "done"]
    assert c.cookies.get("cascade_session")


def test_single_user_mode_has_no_login_and_no_service(tmp_path: Path, library: Library) -> None:
    app = create_app(Settings(upload_dir=tmp_path / "u"), library=library)
    client = TestClient(app, raise_server_exceptions=False)
    assert client.get("/").status_code == 200 and "Đăng xuất" not in client.get("/").text
    assert client.get("/ho-so").status_code == 404 and client.get("/login").status_code == 404
    assert "set-cookie" not in client.get("/").headers
    assert app.state.cascade.db is None
