"""The web app through FastAPI's test client: the cascade-audit/1 contract on the real Bình Định pair, the parent
library, the limits (upload size, .docx inflation, time), bad files answered 4xx with a Vietnamese message naming
the file, the pages and the downloads."""

from __future__ import annotations

import atexit
import datetime as dt
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fixtures_build import build_blank_pdf, build_encrypted_pdf, pdf_font_available

from cascade.web import Settings, create_app
from cascade.web.library import Library
from cascade.web.settings import MB, default_data_dir
from cascade.web.store import ReportStore

ROOT = Path(__file__).resolve().parents[1]
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
GIA_LAI = ROOT / "data" / "gia-lai" / "2024" / "tinh-3638-KH-UBND.txt"
BINH_DINH_ID = "binh-dinh-2024-tinh-4935-qd-ubnd"
NOT_A_PLAN = "THÔNG BÁO\nLịch họp giao ban tháng 3.\nKính mời các đồng chí dự họp đúng giờ tại phòng họp số 2.\n"
needs_font = pytest.mark.skipif(not pdf_font_available(), reason="DejaVuSans.ttf missing (fonts-dejavu-core)")


@pytest.fixture(scope="module")
def library() -> Library:
    """The bundled library, parsed once for the module."""
    return Library(default_data_dir())


UPLOADS = Path(tempfile.mkdtemp(prefix="cascadetest-uploads-"))
atexit.register(shutil.rmtree, UPLOADS, True)


def make_client(library: Library | None = None, **settings) -> TestClient:
    """A test client of a new app; uploads go to a folder of this test run, not the user's cache."""
    settings.setdefault("upload_dir", UPLOADS)
    app = create_app(Settings(**settings), library=library)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def client(library: Library) -> TestClient:
    return make_client(library)


@pytest.fixture(scope="module")
def real_audit(library: Library) -> dict:
    """The real pair through the API, both files uploaded."""
    c = make_client(library)
    with PARENT.open("rb") as p, CHILD.open("rb") as ch:
        r = c.post("/api/audit", files={"parent": (PARENT.name, p), "child": (CHILD.name, ch)})
    assert r.status_code == 200, r.text
    return r.json()


def post_child(client: TestClient, name: str, data: bytes, **form) -> dict:
    """POST a child file against the bundled Bình Định parent; returns status and JSON."""
    r = client.post("/api/audit", files={"child": (name, data)}, data={"parent_id": BINH_DINH_ID, **form})
    return {"status": r.status_code, "body": r.json(), "text": r.text}


def assert_refused(resp: dict, status: int, *phrases: str) -> None:
    assert resp["status"] == status, resp["text"]
    msg = resp["body"]["error"]
    for phrase in phrases:
        assert phrase in msg, msg
    assert "Traceback" not in resp["text"] and "Error" not in msg


# --- the contract ---------------------------------------------------------------------------------------------


def test_api_audit_returns_the_contract_for_the_real_pair(real_audit: dict) -> None:
    from cascade.audit import audit_files

    assert real_audit["schema"] == "cascade-audit/1"
    assert real_audit["parent"]["number"] == "4935/QĐ-UBND"
    assert real_audit["child"]["agency"] == "Sở Nông nghiệp và Phát triển nông thôn"
    expected = audit_files(PARENT, CHILD).to_dict()
    # same findings and links as the library call; only the upload's temp path differs
    assert real_audit["findings"] == expected["findings"]
    assert real_audit["links"] == expected["links"]
    assert real_audit["summary"]["counts"] == expected["summary"]["counts"]
    assert real_audit["summary"]["counts"]["by_type"].get("missing", 0) > 0
    # the file names the user uploaded, never where the server kept them
    assert real_audit["parent"]["path"] == PARENT.name and real_audit["child"]["path"] == CHILD.name


def test_parent_from_library_gives_the_same_findings(client: TestClient, real_audit: dict) -> None:
    r = post_child(client, CHILD.name, CHILD.read_bytes())
    assert r["status"] == 200
    assert r["body"]["findings"] == real_audit["findings"]


def test_agency_and_level_are_passed_to_the_auditor(client: TestClient) -> None:
    r = post_child(client, CHILD.name, CHILD.read_bytes(), agency="Sở Tư pháp", level="so")
    assert r["status"] == 200
    assert r["body"]["summary"]["child_agency"] == "Sở Tư pháp"
    assert r["body"]["summary"]["child_level"] == "so"


def test_library_lists_the_bundled_province_plans_only(client: TestClient) -> None:
    entries = client.get("/api/library").json()
    by_id = {e["id"]: e for e in entries}
    assert set(by_id) == {
        BINH_DINH_ID,
        "gia-lai-2024-tinh-3638-kh-ubnd",
        "hai-duong-2024-tinh-du-thao-kh-ubnd",
        "yen-bai-2022-tinh-271-kh-ubnd",
    }
    assert by_id[BINH_DINH_ID]["number"] == "4935/QĐ-UBND"
    assert by_id[BINH_DINH_ID]["agency"] == "Ủy ban nhân dân tỉnh Bình Định"
    assert by_id[BINH_DINH_ID]["year"] == 2024
    assert by_id["yen-bai-2022-tinh-271-kh-ubnd"]["year"] == 2022
    assert by_id["hai-duong-2024-tinh-du-thao-kh-ubnd"]["label"].startswith("Dự thảo (chưa có số)")
    assert all(e["source"] == "bundled" and e["level"] == "tinh" for e in entries)


def test_openapi_documents_the_audit_endpoint(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    op = schema["paths"]["/api/audit"]["post"]
    assert "multipart/form-data" in op["requestBody"]["content"]
    assert {"413", "422", "429"} <= set(op["responses"]) and "504" not in op["responses"]
    assert "/" not in schema["paths"]  # the HTML pages stay out of the API schema
    assert client.get("/docs").status_code == 404  # Swagger UI would load its scripts from a CDN


# --- uploaded parents ---------------------------------------------------------------------------------------


def test_uploaded_parents_stay_in_memory_capped() -> None:
    lib = Library(None, max_session=2)
    c = make_client(lib)
    ids = []
    for _ in range(3):
        r = c.post("/api/library", files={"file": (GIA_LAI.name, GIA_LAI.read_bytes())})
        assert r.status_code == 200, r.text
        assert r.json()["number"] == "3638/KH-UBND" and r.json()["source"] == "session"
        ids.append(r.json()["id"])
    listed = [e["id"] for e in c.get("/api/library").json()]
    assert listed == ids[1:]  # the oldest was dropped
    r = c.post("/api/audit", files={"child": (CHILD.name, CHILD.read_bytes())}, data={"parent_id": ids[0]})
    assert_refused({"status": r.status_code, "body": r.json(), "text": r.text}, 404, "Không tìm thấy kế hoạch cấp trên")


def test_library_dir_keeps_uploaded_parents_across_restarts(tmp_path: Path) -> None:
    c = make_client(Library(None, tmp_path), data_dir=tmp_path / "none", library_dir=tmp_path)
    r = c.post("/api/library", files={"file": (GIA_LAI.name, GIA_LAI.read_bytes())})
    assert r.status_code == 200 and r.json()["source"] == "saved"
    assert [p.name for p in tmp_path.iterdir()] == [f"{r.json()['id']}.txt"]
    again = Library(None, tmp_path)
    assert [(e.id, e.number) for e in again.entries()] == [(r.json()["id"], "3638/KH-UBND")]


def test_form_upload_adds_the_parent_to_the_session_library() -> None:
    lib = Library(None)
    c = make_client(lib)
    with PARENT.open("rb") as p, CHILD.open("rb") as ch:
        r = c.post("/audit", files={"parent": (PARENT.name, p), "child": (CHILD.name, ch)}, follow_redirects=False)
    assert r.status_code == 303
    assert [e.number for e in lib.entries()] == ["4935/QĐ-UBND"]
    page = c.get("/").text
    assert "Số 4935/QĐ-UBND – Ủy ban nhân dân tỉnh Bình Định – năm 2024" in page


# --- bad requests and bad files -----------------------------------------------------------------------------


def test_empty_file(client: TestClient) -> None:
    assert_refused(post_child(client, "du-thao.txt", b""), 422, "du-thao.txt", "tệp rỗng")


def test_binary_junk(client: TestClient) -> None:
    assert_refused(post_child(client, "rac.txt", bytes(range(256)) * 40), 422, "rac.txt", "nhị phân")


def test_docx_that_is_not_a_zip(client: TestClient) -> None:
    assert_refused(
        post_child(client, "du-thao.docx", "Không phải tệp Word".encode()), 422, "du-thao.docx", "không phải .docx"
    )


def test_broken_zip_named_docx(client: TestClient) -> None:
    assert_refused(post_child(client, "hong.docx", b"PK\x03\x04" + b"\x00" * 300), 422, "hong.docx", "bị hỏng")


def test_textless_pdf(client: TestClient, tmp_path: Path) -> None:
    pdf = build_blank_pdf(tmp_path / "scan.pdf")
    assert_refused(post_child(client, "scan.pdf", pdf.read_bytes()), 422, "scan.pdf", "không có lớp chữ")


@needs_font
def test_encrypted_pdf(client: TestClient, tmp_path: Path) -> None:
    pdf = build_encrypted_pdf(tmp_path / "mat-khau.pdf")
    assert_refused(post_child(client, "mat-khau.pdf", pdf.read_bytes()), 422, "mat-khau.pdf", "mật khẩu")


def test_document_that_is_not_a_plan(client: TestClient) -> None:
    resp = post_child(client, "thong-bao.txt", NOT_A_PLAN.encode("utf-8"))
    assert_refused(resp, 422, "thong-bao.txt", "không giống một kế hoạch")


def test_twenty_megabyte_text_file_is_refused_as_too_large(client: TestClient) -> None:
    big = ("Nhiệm vụ cải cách hành chính. " * 800_000).encode("utf-8")[: 20 * MB + 1]
    assert_refused(post_child(client, "rat-lon.txt", big), 413, "rat-lon.txt", "quá lớn", "20 MB")


def test_upload_limit_is_configurable(library: Library) -> None:
    c = make_client(library, max_upload_bytes=4096)
    resp = post_child(c, "lon.txt", CHILD.read_bytes())
    assert_refused(resp, 413, "lon.txt", "quá lớn")


def test_declared_content_length_beyond_the_request_limit(library: Library) -> None:
    c = make_client(library, max_upload_bytes=1024)  # request limit: 2 KB + 1 MB
    r = c.post("/api/audit", files={"child": ("x.txt", b"a" * (MB + 4096))}, data={"parent_id": BINH_DINH_ID})
    assert r.status_code == 413
    assert "quá lớn" in r.json()["error"]


def test_chunked_body_is_counted_without_content_length(library: Library) -> None:
    c = make_client(library, max_upload_bytes=1024)
    boundary = "ranh-gioi"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="child"; filename="x.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()

    def body() -> Iterator[bytes]:
        yield head
        for _ in range(40):
            yield b"a" * 32_768
        yield f"\r\n--{boundary}--\r\n".encode()

    r = c.post("/api/audit", content=body(), headers={"content-type": f"multipart/form-data; boundary={boundary}"})
    assert "content-length" not in {k.lower() for k in r.request.headers}
    assert r.status_code == 413
    assert "quá lớn" in r.json()["error"]


def test_docx_inflating_beyond_the_cap(library: Library) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"0" * (3 * MB))
    c = make_client(library, max_docx_uncompressed=2 * MB)
    assert_refused(post_child(c, "bom.docx", buf.getvalue()), 413, "bom.docx", "giải nén ra quá lớn")


def test_missing_fields_are_named_in_vietnamese(client: TestClient) -> None:
    r = client.post("/api/audit", data={"parent_id": BINH_DINH_ID})
    assert r.status_code == 422
    assert r.json() == {"error": "Yêu cầu chưa đúng: thiếu tệp dự thảo kế hoạch cấp dưới."}
    # a province plan cites no plan of the library: there is no parent to guess
    r = client.post("/api/audit", files={"child": (GIA_LAI.name, GIA_LAI.read_bytes())})
    assert r.status_code == 422 and "Chưa chọn kế hoạch cấp trên" in r.json()["error"]


def test_without_a_parent_the_cited_library_plan_is_used(client: TestClient, real_audit: dict) -> None:
    r = client.post("/api/audit", files={"child": (CHILD.name, CHILD.read_bytes())})
    assert r.status_code == 200, r.text
    assert r.json()["parent"]["number"] == "4935/QĐ-UBND"
    assert r.json()["findings"] == real_audit["findings"]
    hint = client.post("/api/parent-suggestion", files={"child": (CHILD.name, CHILD.read_bytes())}).json()
    assert hint["parent_id"] == BINH_DINH_ID and "4935/QĐ-UBND" in hint["cited"]
    assert hint["label"] == "Số 4935/QĐ-UBND – Ủy ban nhân dân tỉnh Bình Định – năm 2024"
    none = client.post("/api/parent-suggestion", files={"child": (GIA_LAI.name, GIA_LAI.read_bytes())}).json()
    assert none["parent_id"] is None


def test_bad_level_and_unknown_parent(client: TestClient) -> None:
    assert_refused(post_child(client, CHILD.name, CHILD.read_bytes(), level="tinhh"), 422, "Cấp của kế hoạch")
    r = client.post("/api/audit", files={"child": (CHILD.name, CHILD.read_bytes())}, data={"parent_id": "khong-co"})
    assert r.status_code == 404 and "thư viện" in r.json()["error"]


def test_not_multipart_body(client: TestClient) -> None:
    r = client.post("/api/audit", content=b"\x00\x01", headers={"content-type": "application/octet-stream"})
    assert 400 <= r.status_code < 500
    assert "thiếu tệp dự thảo" in r.json()["error"]


def test_time_limit_is_a_4xx_and_the_work_is_stopped(library: Library) -> None:
    c = make_client(library, audit_timeout=0.001)
    assert_refused(post_child(c, CHILD.name, CHILD.read_bytes()), 422, "Quá thời gian xử lý")
    assert c.app.state.cascade.pool.stats.killed == 1 and c.app.state.cascade.pool.running == 0


def test_an_auditor_bug_is_a_vietnamese_4xx_without_traceback(library: Library) -> None:
    c = make_client(library, test_faults=True)
    resp = post_child(c, "__bug__.txt", CHILD.read_bytes())
    assert_refused(resp, 422, "Không đối chiếu được")
    assert "boom" not in resp["text"]


def test_uploads_are_deleted_after_success_and_failure(library: Library, tmp_path: Path) -> None:
    c = make_client(library, upload_dir=tmp_path)
    assert post_child(c, CHILD.name, CHILD.read_bytes())["status"] == 200
    assert post_child(c, "rong.txt", b"")["status"] == 422
    # only this server's locked folder is left, empty but for its lock
    (own,) = tmp_path.iterdir()
    assert sorted(p.name for p in own.rglob("*")) == [".lock"]


def test_unknown_route_is_a_vietnamese_404(client: TestClient) -> None:
    r = client.get("/khong-co")
    assert r.status_code == 404 and "Không tìm thấy" in r.json()["error"]
    r = client.get("/khong-co", headers={"accept": "text/html"})
    assert r.status_code == 404 and "<html" in r.text and "Không tìm thấy" in r.text


# --- pages and downloads ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def result_page(library: Library) -> tuple[TestClient, str, str]:
    c = make_client(library)
    with CHILD.open("rb") as ch:
        r = c.post(
            "/audit", files={"child": (CHILD.name, ch)}, data={"parent_id": BINH_DINH_ID}, follow_redirects=False
        )
    assert r.status_code == 303
    token = r.headers["location"].rsplit("/", 1)[1]
    return c, token, c.get(r.headers["location"]).text


def test_index_offers_the_library_and_levels(client: TestClient) -> None:
    page = client.get("/").text
    assert f'<option value="{BINH_DINH_ID}"' in page
    assert "Số 3638/KH-UBND – Ủy ban nhân dân tỉnh Gia Lai – năm 2024" in page
    assert 'value="xa"' in page and 'enctype="multipart/form-data"' in page


def test_result_page_shows_counts_and_download_links(result_page, real_audit: dict) -> None:
    _, token, page = result_page
    assert f'id="so-phat-hien">{len(real_audit["findings"])}<' in page
    assert real_audit["summary"]["verdict_text"] in page
    for ext in ("html", "xlsx", "docx"):
        assert f"/report/{token}.{ext}" in page


def test_downloads_are_real_files(result_page, real_audit: dict) -> None:
    import docx
    import openpyxl

    c, token, _ = result_page
    html = c.get(f"/report/{token}.html")
    assert html.status_code == 200 and "4935/QĐ-UBND" in html.text
    xlsx = c.get(f"/report/{token}.xlsx")
    today = dt.date.today().strftime("%d-%m-%Y")
    assert xlsx.headers["content-disposition"].startswith(
        f'attachment; filename="bang-tinh-kiem-tra_so-nong-nghiep-va-phat-trien-nong-thon_{today}.xlsx"; '
        "filename*=UTF-8''B%E1%BA%A3ng%20t%C3%ADnh")
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[:3] == ["Tổng hợp", "Phát hiện", "Đối chiếu"]
    assert book["Phát hiện"].max_row - 1 == len(real_audit["findings"])
    letter = docx.Document(io.BytesIO(c.get(f"/report/{token}.docx").content))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "Sở Nông nghiệp và Phát triển nông thôn" in text


def test_unknown_token_and_extension(result_page) -> None:
    c, token, _ = result_page
    r = c.get("/report/khong-co.xlsx", headers={"accept": "text/html"})
    assert r.status_code == 404 and "hết hạn" in r.text
    assert c.get(f"/report/{token}.exe").status_code == 404


def test_form_error_rerenders_the_form_with_the_message(client: TestClient) -> None:
    r = client.post(
        "/audit",
        files={"child": ("rong.txt", b""), "parent": ("", b"")},
        data={"parent_id": BINH_DINH_ID, "agency": "<b>Sở</b>"},
    )
    assert r.status_code == 422
    assert "Không đọc được tệp “rong.txt”: tệp rỗng" in r.text
    assert "&lt;b&gt;Sở&lt;/b&gt;" in r.text and "<b>Sở</b>" not in r.text  # autoescaped
    assert 'id="child"' in r.text


def test_library_page_lists_plans(client: TestClient) -> None:
    page = client.get("/library").text
    assert page.count("<tr data-id=") == 4
    assert "4935/QĐ-UBND" in page and "Có sẵn" in page
    assert f'href="/?parent_id={BINH_DINH_ID}"' in page
    picked = client.get(f"/?parent_id={BINH_DINH_ID}").text
    assert f'<option value="{BINH_DINH_ID}" selected>' in picked


def test_report_store_expires_and_evicts() -> None:
    store = ReportStore(capacity=2, ttl=60)
    a, b, c = (store.put({"n": i}) for i in range(3))
    assert store.get(a) is None and store.get(b) == {"n": 1} and store.get(c) == {"n": 2}
    expired = ReportStore(ttl=-1)
    assert expired.get(expired.put({})) is None


def test_oversized_form_post_from_a_browser_gets_the_error_page(library: Library) -> None:
    c = make_client(library, max_upload_bytes=1024)
    r = c.post("/audit", files={"child": ("x.txt", b"a" * (MB + 4096))}, headers={"accept": "text/html"})
    assert r.status_code == 413
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="loi">Dữ liệu tải lên quá lớn' in r.text


# --- the command --------------------------------------------------------------------------------------------


def test_serve_listens_on_localhost_by_default(monkeypatch, tmp_path: Path) -> None:
    import uvicorn
    from click.testing import CliRunner

    from cascade.commands.serve import command

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    result = CliRunner().invoke(command, ["--plans-dir", str(tmp_path), "--max-upload-mb", "5", "--timeout", "12"])
    assert result.exit_code == 0, result.output
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8000
    settings = calls[0]["app"].state.cascade.settings
    assert settings.max_upload_bytes == 5 * MB and settings.audit_timeout == 12.0 and settings.library_dir is None
    assert "Chú ý" not in result.output  # no warning when only this machine can connect
    open_to_all = CliRunner().invoke(command, ["--plans-dir", str(tmp_path), "--host", "0.0.0.0"])
    assert calls[1]["host"] == "0.0.0.0"
    assert "Chú ý: trang web mở cho mọi máy truy cập được địa chỉ 0.0.0.0" in open_to_all.output
