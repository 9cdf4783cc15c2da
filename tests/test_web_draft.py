"""The library's "Tải khung kế hoạch" (issue 16): the skeleton of `cascade draft` as a web download."""

from __future__ import annotations

import io
from urllib.parse import unquote

import docx
import pytest
from test_web_api import BINH_DINH_ID, make_client

from cascade.web.library import Library
from cascade.web.settings import default_data_dir


@pytest.fixture(scope="module")
def client():
    return make_client(Library(default_data_dir()))


def test_the_library_page_offers_a_skeleton_per_parent(client) -> None:
    page = client.get("/library").text
    assert "Tải khung kế hoạch" in page and f"/library/{BINH_DINH_ID}/draft" in page


def test_the_skeleton_downloads_as_word_named_for_the_agency(client) -> None:
    r = client.get(f"/library/{BINH_DINH_ID}/draft", params={"agency": "Sở Tư pháp", "level": "so"})
    assert r.status_code == 200, r.text
    disposition = unquote(r.headers["content-disposition"])
    assert disposition.startswith("attachment") and "Khung kế hoạch CCHC 2024 - Sở Tư pháp.docx" in disposition
    doc = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "SỞ TƯ PHÁP" in text.upper() and "4935/QĐ-UBND" in text


def test_the_level_is_read_from_the_agency_name_and_text_is_offered(client) -> None:
    r = client.get(f"/library/{BINH_DINH_ID}/draft", params={"agency": "UBND huyện Phù Cát", "format": "txt"})
    assert r.status_code == 200 and "Phù Cát" in r.text


@pytest.mark.parametrize("params,status,words", [
    ({"agency": ""}, 422, "Hãy ghi tên cơ quan"),
    ({"agency": "Công ty TNHH ABC"}, 422, "Không xác định được cấp"),
    ({"agency": "Sở Tư pháp", "format": "exe"}, 422, "Định dạng"),
])
def test_bad_requests_are_vietnamese_messages(client, params, status, words) -> None:
    r = client.get(f"/library/{BINH_DINH_ID}/draft", params=params)
    assert r.status_code == status and words in r.text


def test_an_unknown_parent_is_404(client) -> None:
    assert client.get("/library/khong-co/draft", params={"agency": "Sở Tư pháp"}).status_code == 404
