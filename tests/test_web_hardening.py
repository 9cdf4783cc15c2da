"""The web app under hostile and slow uploads: audits run in worker processes killed at the deadline, a full
queue answers 429 with Retry-After, the time a request waits is not taken from its time limit, and the service
answers a normal audit normally right after. Also: upload names cut by bytes, leftovers of a killed server swept
at start-up, security headers on every answer, no server path in any answer, the form keeping its files and
fields after an error, download names that carry the agency and the date.

Slow and failing audits come from the test hook `Settings.test_faults` (a child named "__hang__…" makes its
worker spin until killed, "__bug__…" raise, "__oom__…" pass its memory cap)."""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import hashlib
import io
import logging
import os
import re
import threading
import time
import zipfile
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from test_web_api import BINH_DINH_ID, CHILD, GIA_LAI, PARENT, make_client

from cascade.web import Settings, create_app
from cascade.web.library import Library
from cascade.web.settings import default_data_dir
from cascade.web.uploads import MAX_NAME_BYTES, UploadArea, safe_name, sweep

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy")


@pytest.fixture(scope="module")
def library() -> Library:
    return Library(default_data_dir())


def normal_audit(c: TestClient) -> httpx.Response:
    with CHILD.open("rb") as ch:
        return c.post("/api/audit", files={"child": (CHILD.name, ch)}, data={"parent_id": BINH_DINH_ID})


def post_child(c: TestClient, name: str, data: bytes) -> httpx.Response:
    return c.post("/api/audit", files={"child": (name, data)}, data={"parent_id": BINH_DINH_ID})


def _gone(pid: int) -> bool:
    """Whether process `pid` no longer runs (killed and reaped, or a zombie waiting for its reaper)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"
    except FileNotFoundError:
        return True


# --- a service one user cannot stall --------------------------------------------------------------------------


def test_hung_audits_are_killed_a_full_queue_answers_429_and_a_normal_audit_follows(library: Library) -> None:
    c = make_client(library, workers=2, queue_size=1, audit_timeout=3.0, queue_timeout=60.0, test_faults=True)
    pool = c.app.state.cascade.pool
    results: dict[str, httpx.Response] = {}

    def send(key: str, name: str) -> None:
        data = CHILD.read_bytes()
        results[key] = post_child(c, name, data)

    hangs = [threading.Thread(target=send, args=(f"hang{i}", f"__hang__{i}.txt")) for i in range(2)]
    for t in hangs:
        t.start()
    while pool.running < 2:  # both workers taken by hanging audits
        time.sleep(0.02)
    queued = threading.Thread(target=send, args=("queued", CHILD.name))
    queued.start()
    while pool.waiting < 1:  # the normal audit waits in line
        time.sleep(0.02)

    full = normal_audit(c)  # the line is full: refused at once, with a hint when to come back
    assert full.status_code == 429
    assert "đang bận" in full.json()["error"]
    assert 1 <= int(full.headers["retry-after"]) <= 120

    for t in [*hangs, queued]:
        t.join(timeout=60)
    for i in range(2):
        assert results[f"hang{i}"].status_code == 422
        assert "Quá thời gian xử lý (3 giây)" in results[f"hang{i}"].json()["error"]
    # it waited about as long as the hanging audits ran, and still had its whole time limit to work
    assert results["queued"].status_code == 200, results["queued"].text
    assert pool.stats.killed == 2
    for pid in pool.stats.killed_pids:
        for _ in range(100):
            if _gone(pid):
                break
            time.sleep(0.05)
        assert _gone(pid), f"worker {pid} still runs after its deadline"
    assert normal_audit(c).status_code == 200
    assert pool.running == 0 and pool.waiting == 0


def test_hostile_uploads_then_a_normal_audit(library: Library) -> None:
    c = make_client(library, test_faults=True, max_docx_uncompressed=2 * 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (3 * 1024 * 1024))
    hostile = [
        ("__oom__.txt", CHILD.read_bytes(), 422, "bộ nhớ"),
        ("__bug__.txt", CHILD.read_bytes(), 422, "cấu trúc bất thường"),
        ("bom.docx", bomb.getvalue(), 413, "giải nén ra quá lớn"),
        ("rac.pdf", os.urandom(50_000), 422, "rac.pdf"),
        ("trong.txt", b"\n" * 200_000, 422, "trong.txt"),
    ]
    for name, data, status, phrase in hostile:
        r = post_child(c, name, data)
        assert r.status_code == status, (name, r.text)
        assert phrase in r.json()["error"]
        ok = normal_audit(c)
        assert ok.status_code == 200 and ok.json()["schema"] == "cascade-audit/1", (name, ok.text)


def test_a_worker_memory_cap_is_set(library: Library) -> None:
    c = make_client(library, worker_memory_mb=64)  # far too little to read a plan: refused, not the server's end
    r = normal_audit(c)
    assert r.status_code == 422 and "Không" in r.json()["error"]  # the reader or the worker names the failure
    assert normal_audit(make_client(library)).status_code == 200


# --- upload names ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "😀" * 70 + ".txt",
    "😀" * 70,
    "👨‍👩‍👧‍👦" * 40 + ".docx",
    "kế-hoạch-" * 40 + ".pdf",
    "a" * 300 + "." + "b" * 40,
    "../../etc/passwd",
    "\ud800bad.txt",
])
def test_safe_name_fits_any_file_system(name: str, tmp_path: Path) -> None:
    safe = safe_name(name, "du-thao.txt")
    assert 0 < len(safe.encode("utf-8")) <= MAX_NAME_BYTES and "/" not in safe
    (tmp_path / safe).write_bytes(b"x")  # creatable
    (tmp_path / f"2-{safe}").write_bytes(b"x")  # and with the prefix of a second file of the same name
    if name.endswith((".txt", ".docx", ".pdf")):
        assert safe.endswith(name.rsplit(".", 1)[1])


def test_an_upload_named_with_70_emoji_is_audited_without_a_traceback(library: Library, caplog) -> None:
    c = make_client(library)
    with caplog.at_level(logging.DEBUG):
        r = post_child(c, "😀" * 70 + ".txt", CHILD.read_bytes())
    assert r.status_code == 200, r.text
    assert r.json()["child"]["path"] == "😀" * 29 + ".txt"
    assert "Traceback" not in caplog.text and not any(rec.exc_info for rec in caplog.records)


# --- leftovers ------------------------------------------------------------------------------------------------


def test_leftovers_of_a_killed_server_are_swept_at_start_up(library: Library, tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "uploads"
    dead = root / "srv-111-dead"
    (dead / "req-1").mkdir(parents=True)
    (dead / ".lock").write_bytes(b"")
    (dead / "req-1" / "du-thao.docx").write_bytes(b"plan")
    live = root / "srv-222-live"
    live.mkdir()
    fd = os.open(live / ".lock", os.O_CREAT | os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another server, still running
    tmp = tmp_path / "tmp"
    old, recent = tmp / "cascade-web-old", tmp / "cascade-web-recent"
    for d in (old, recent):
        d.mkdir(parents=True)
        (d / "ke-hoach.txt").write_text("x")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    monkeypatch.setattr("tempfile.tempdir", str(tmp))
    try:
        c = make_client(library, upload_dir=root)
        assert not dead.exists() and live.exists()
        assert not old.exists() and recent.exists()  # an older version's folder of a request still running stays
        assert normal_audit(c).status_code == 200
    finally:
        os.close(fd)
    assert sweep(root) == 1  # the other server stopped: its folder goes too


def test_the_upload_area_goes_with_its_server(tmp_path: Path) -> None:
    area = UploadArea(tmp_path)
    assert area.dir.parent == tmp_path and (area.dir / ".lock").exists()
    assert sweep(tmp_path) == 0  # held by us
    area.close()
    assert list(tmp_path.iterdir()) == []


# --- headers and paths ----------------------------------------------------------------------------------------


def _assert_headers(r: httpx.Response) -> None:
    for h in HEADERS:
        assert h in r.headers, (r.request.url, h)
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_every_answer_carries_the_security_headers(library: Library) -> None:
    c = make_client(library, max_upload_bytes=1024)
    answers = [
        c.get("/"), c.get("/library"), c.get("/api/library"), c.get("/openapi.json"), c.get("/static/app.js"),
        c.get("/khong-co"), c.get("/khong-co", headers={"accept": "text/html"}),
        c.post("/api/audit", files={"child": ("x.txt", b"a" * (2 * 1024 * 1024))}),  # 413 of the body limit
        c.post("/api/audit", data={"parent_id": BINH_DINH_ID}),  # 422
    ]
    for r in answers:
        _assert_headers(r)
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    page_csp = answers[0].headers["content-security-policy"]
    assert "script-src 'self'" in page_csp and "unsafe-inline" not in page_csp
    assert "<script>" not in answers[0].text and "<style>" not in answers[0].text  # nothing inline to allow


def test_the_framed_report_allows_its_own_scripts_only(library: Library) -> None:
    c = make_client(library)
    with CHILD.open("rb") as ch:
        r = c.post("/audit", files={"child": (CHILD.name, ch)}, data={"parent_id": BINH_DINH_ID},
                   follow_redirects=False)
    token = r.headers["location"].rsplit("/", 1)[1]
    report = c.get(f"/report/{token}.html")
    _assert_headers(report)
    assert report.headers["x-frame-options"] == "SAMEORIGIN"
    csp = report.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    for script in re.findall(r"<script>(.*?)</script>", report.text, re.S):
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_no_answer_shows_a_server_path(library: Library, tmp_path: Path) -> None:
    upload_dir = tmp_path / "uploads"
    c = make_client(library, upload_dir=upload_dir)
    answers = []
    with PARENT.open("rb") as p, CHILD.open("rb") as ch:
        answers.append(c.post("/api/audit", files={"parent": (PARENT.name, p), "child": (CHILD.name, ch)}))
    answers.append(normal_audit(c))
    answers.append(post_child(c, "rong.txt", b""))
    answers.append(post_child(c, "hong.docx", b"PK\x03\x04" + b"\x00" * 300))
    answers.append(c.post("/api/library", files={"file": (GIA_LAI.name, GIA_LAI.read_bytes())}))
    answers.append(c.get("/api/library"))
    assert [r.status_code for r in answers] == [200, 200, 422, 422, 200, 200]
    for r in answers:
        for secret in (str(upload_dir), str(tmp_path), str(default_data_dir()), "/tmp/", str(Path.home())):
            assert secret not in r.text, (r.request.url, secret)
    for audit in (answers[0].json(), answers[1].json()):
        assert audit["parent"]["path"] == PARENT.name and audit["child"]["path"] == CHILD.name
        assert {it["source"]["path"] for it in audit["child"]["items"] if "source" in it} <= {CHILD.name}


# --- the form -------------------------------------------------------------------------------------------------


def test_the_form_keeps_its_files_and_fields_after_an_error(library: Library, tmp_path: Path) -> None:
    c = make_client(library, upload_dir=tmp_path)
    with CHILD.open("rb") as ch:
        r = c.post("/audit", files={"child": (CHILD.name, ch), "parent": ("", b"")},
                   data={"parent_id": BINH_DINH_ID, "agency": "Sở Tư pháp", "level": "tinhh"})
    assert r.status_code == 422 and "Cấp của kế hoạch không hợp lệ" in r.text
    kept = re.search(r'name="kept" value="([^"]+)"', r.text).group(1)
    assert f'Dùng lại tệp đã chọn: <strong id="tep-du-thao">{CHILD.name}</strong>' in r.text
    assert 'id="reuse_child" name="reuse_child" value="1" checked' in r.text
    assert f'<option value="{BINH_DINH_ID}" selected>' in r.text
    assert 'value="Sở Tư pháp"' in r.text
    assert not re.search(r'<input type="file" id="child"[^>]*required', r.text)  # no need to choose it again
    # the next submit sends no file: the kept one is used, then forgotten
    again = c.post("/audit", data={"kept": kept, "reuse_child": "1", "parent_id": BINH_DINH_ID, "level": "so"},
                   files={"child": ("", b"")}, follow_redirects=False)
    assert again.status_code == 303, again.text
    assert not list(tmp_path.rglob(CHILD.name))
    gone = c.post("/audit", data={"kept": kept, "reuse_child": "1", "parent_id": BINH_DINH_ID},
                  files={"child": ("", b"")})
    assert gone.status_code == 422 and "Chưa chọn tệp dự thảo" in gone.text


def test_the_form_without_a_parent_uses_the_cited_plan(library: Library) -> None:
    c = make_client(library)
    with CHILD.open("rb") as ch:
        r = c.post("/audit", files={"child": (CHILD.name, ch)}, data={"parent_id": ""})
    assert r.status_code == 200 and "/result/" in str(r.url)
    assert "4935/QĐ-UBND" in c.get(str(r.url).replace("/result/", "/report/") + ".html").text


def test_download_names_carry_agency_and_date(library: Library) -> None:
    c = make_client(library)
    today = dt.date.today().strftime("%d-%m-%Y")
    names = {}
    for agency in ("Sở Tư pháp", "Sở Nội vụ"):
        with CHILD.open("rb") as ch:
            r = c.post("/audit", files={"child": (CHILD.name, ch)},
                       data={"parent_id": BINH_DINH_ID, "agency": agency}, follow_redirects=False)
        token = r.headers["location"].rsplit("/", 1)[1]
        names[agency] = c.get(f"/report/{token}.docx").headers["content-disposition"]
        page = c.get(r.headers["location"]).text
        assert f'download="Thư góp ý - {agency} - {today}.docx"' in page
    assert f'filename="thu-gop-y_so-tu-phap_{today}.docx"' in names["Sở Tư pháp"]
    assert f'filename="thu-gop-y_so-noi-vu_{today}.docx"' in names["Sở Nội vụ"]
    assert "filename*=UTF-8''Th%C6%B0%20g%C3%B3p%20%C3%BD%20-%20S%E1%BB%9F%20T%C6%B0%20ph%C3%A1p" in names["Sở Tư pháp"]


def test_the_serve_command_sets_workers_queue_and_upload_dir(monkeypatch, tmp_path: Path) -> None:
    import uvicorn
    from click.testing import CliRunner

    from cascade.commands.serve import command

    calls: list = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(app))
    monkeypatch.delenv("CASCADE_WEB_TEST_FAULTS", raising=False)
    result = CliRunner().invoke(command, ["--plans-dir", str(tmp_path / "d"), "--workers", "3", "--queue", "5",
                                          "--upload-dir", str(tmp_path / "u")])
    assert result.exit_code == 0, result.output
    settings = calls[0].state.cascade.settings
    assert (settings.workers, settings.queue_size, settings.upload_dir) == (3, 5, tmp_path / "u")
    assert settings.test_faults is False
    assert any(p.name.startswith("srv-") for p in (tmp_path / "u").iterdir())


def test_create_app_defaults_keep_uploads_out_of_the_system_temp(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASCADE_WEB_DIR", str(tmp_path / "web"))
    app = create_app(Settings(data_dir=tmp_path / "none"))
    assert app.state.cascade.uploads.dir.parent == tmp_path / "web"
