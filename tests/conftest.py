"""Fixtures shared by the report, letter, export and browser tests: the real Bình Định pair, its audit, the
hand-made sample audit, and headless Debian Chromium (skipped when absent, failing under
CASCADE_BROWSER_TESTS=required)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "sample_audit.json"
PARENT = ROOT / "data" / "binh-dinh" / "2024" / "tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data" / "binh-dinh" / "2024" / "so-nnptnt-KH-SNN.txt"
SCORE_PY = ROOT.parent / "shared" / "eval" / "score.py"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def sample() -> dict:
    """The hand-made cascade-audit/1 object of the Bình Định pair (tests/fixtures/sample_audit.json)."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def real() -> dict:
    """The auditor's cascade-audit/1 object for the real Bình Định pair."""
    from cascade.audit import audit_files

    return audit_files(PARENT, CHILD).to_dict()


@pytest.fixture(scope="session")
def province():
    """The parsed Bình Định 2024 province plan (parsed once for every test module that needs it)."""
    from cascade.parse import parse_file

    return parse_file(PARENT)


def load_score_module():
    """../shared/eval/score.py as a module; the test is skipped when the harness is not beside the checkout."""
    import importlib.util

    if not SCORE_PY.is_file():
        pytest.skip(f"score.py not found at {SCORE_PY}: the shared evaluation harness is not checked out")
    spec = importlib.util.spec_from_file_location("shared_eval_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def score_module():
    return load_score_module()


def browser_unavailable(reason: str) -> None:
    """Skip a browser test, or fail it when CI says the browser must be there."""
    if os.environ.get("CASCADE_BROWSER_TESTS") == "required":
        pytest.fail(f"CASCADE_BROWSER_TESTS=required but {reason}")
    pytest.skip(reason)


def libreoffice_unavailable(reason: str) -> None:
    """Skip a test that needs LibreOffice (.doc/.odt conversion), or fail it when CI says it must be there."""
    if os.environ.get("CASCADE_LIBREOFFICE_TESTS") == "required":
        pytest.fail(f"CASCADE_LIBREOFFICE_TESTS=required but {reason}")
    pytest.skip(reason)


def ocr_unavailable(reason: str) -> None:
    """Skip a test that needs Tesseract OCR (scanned PDFs), or fail it when CI says it must be there."""
    if os.environ.get("CASCADE_OCR_TESTS") == "required":
        pytest.fail(f"CASCADE_OCR_TESTS=required but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator:
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not CHROMIUM.exists():
        browser_unavailable(f"{CHROMIUM} is not installed (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        browser_unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """The service's database for a test, once per engine: None for SQLite (a file under the test's data dir), or
    the URL of a fresh PostgreSQL database, dropped afterwards (skipped without `CASCADE_TEST_PG_URL`)."""
    from cascade.service.testing import drop_pg_database, pg_database_url

    if request.param == "sqlite":
        yield None
        return
    url = pg_database_url()
    if url is None:
        pytest.skip("no PostgreSQL: set CASCADE_TEST_PG_URL (CI starts one)")
    yield url
    drop_pg_database(url)
