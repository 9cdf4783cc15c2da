"""No machine words where officials read (issue 11, point 5): no internal id ("task:1.1", "chi_dao_dieu_hanh"),
no level code ("so", "huyen" as a word), no English severity or kind ("error", "warning", "task", TRUE), no ISO
date ("2023-12-29") and no click English ("Usage:", "Options:") in any output — the terminal (parse, trace, graph,
batch, --help, click's errors), the batch dashboard and workbook, and the audit's own outputs (terminal summary,
HTML report, workbook, CSV tables, letter)."""

from __future__ import annotations

import html
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cascade.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
BD = DATA / "binh-dinh/2024"
PROVINCE = BD / "tinh-4935-QD-UBND.txt"
CHILD = BD / "so-nnptnt-KH-SNN.txt"
# the bundled plans and the answer keys' children (Word, PDF, text; district, commune, department)
PLANS = sorted(DATA.rglob("*.txt")) + sorted((REPO / "tests/keys").glob("*/child.*"))

# A token naming a file or a document ("data/binh-dinh/2024/so-nnptnt-KH-SNN.txt", "4935/QĐ-UBND",
# "summary.xlsx") is shown as it is named on disk: not a machine word.
_PATHLIKE = re.compile(r"\S*(?:/|\.(?:txt|docx|pdf|html|xlsx|json|csv|yaml|yml)\b)\S*")
CHECKS: dict[str, re.Pattern[str]] = {
    "internal id": re.compile(r"\b(?:task|ind|dir):\S+|\b[a-z]+(?:_[a-z]+)+\b"),
    # "tinh", "phong", "xa" are also Vietnamese words ("tinh giản", "niêm phong", "từ xa"): a code is one standing
    # as a value — after "Cấp:", alone in a cell or line, or between separators
    "level code": re.compile(r"(?:[Cc]ấp\s*:?\s*|(?:^|[·|\[(,;:])[ \t]*)(?:tinh|so|huyen|phong|xa|chinh_phu)"
                             r"(?=[ \t]*(?:$|[·|\]),;]))|[Cc]ấp\s*:?\s*(?:tinh|so|huyen|phong|xa)\b", re.M),
    "English word": re.compile(r"\b(?:error|errors|warning|warnings|info|task|indicator|directive|true|false|"
                               r"usage|options|show this message|missing argument|invalid value)\b", re.I),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
}


def leaks(text: str) -> list[str]:
    """The machine words in `text` an official would read, as "kind: word" (empty when clean)."""
    text = _PATHLIKE.sub(" ", text)
    return [f"{what}: {m.group(0).strip(' ·|[(,;:')}" for what, pat in CHECKS.items() for m in pat.finditer(text)]


def visible_text(page: str) -> str:
    """The text a browser shows of an HTML page: no styles, scripts or attributes."""
    page = re.sub(r"(?is)<(style|script)\b[^>]*>.*?</\1>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


def workbook_text(path: Path) -> str:
    """Every sheet name and cell value of a workbook, one per line."""
    wb = openpyxl.load_workbook(path)
    values = list(wb.sheetnames)
    for ws in wb:
        values += [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    return "\n".join(values)


def docx_text(path: Path) -> str:
    """The words of a .docx (its document.xml without tags)."""
    with zipfile.ZipFile(path) as z:
        return visible_text(z.read("word/document.xml").decode("utf-8"))


def run(*args: str) -> str:
    res = CliRunner().invoke(cli, list(args), prog_name="cascade")
    return res.output + (res.stderr if res.stderr_bytes else "")


def test_the_checker_finds_each_kind_of_leak() -> None:
    text = "Cấp: so · [chi_dao_dieu_hanh] task:1.1 Ngày: 2023-12-29 Mức: error TRUE Usage: x\nhuyen\n"
    found = leaks(text)
    assert found.count("level code: huyen") == 1
    for word in ("level code: Cấp: so", "internal id: chi_dao_dieu_hanh", "internal id: task:1.1", "ISO date: 2023-12-29",
                 "English word: error", "English word: TRUE", "English word: Usage"):
        assert word in found
    assert leaks("Tệp: data/binh-dinh/2024/so-nnptnt-KH-SNN.txt · Số: 4935/QĐ-UBND · Cấp sở · ngày 29/12/2023") == []
    assert leaks("tinh giản biên chế, niêm phong điện tử, làm việc từ xa") == []


# --- the terminal ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.suffix[1:]}")
def test_parse_output_has_no_machine_words(plan: Path) -> None:
    out = run("parse", str(plan))
    assert "Tệp:" in out and "Đã nhận ra" in out
    assert leaks(out) == []


def test_parse_output_says_dates_levels_and_areas_in_words() -> None:
    out = run("parse", str(PROVINCE))
    assert "Ngày: 29/12/2023" in out and "Kế hoạch cấp tỉnh" in out
    assert "\nCải cách thể chế\n" in out and "[the_che]" not in out
    draft = run("parse", str(CHILD))
    assert "Ngày: chưa ghi ngày" in draft and "Số: chưa có số" in draft and "Ngày: ?" not in draft
    # long texts are cut at a word boundary: the word before "…" is a whole word of the item
    province_text = PROVINCE.read_text(encoding="utf-8")
    for line in out.splitlines():
        if "…" in line:
            cut = line.split("…")[0].split()[-1]
            assert re.search(rf"(?<!\w){re.escape(cut)}(?!\w)", province_text), line


@pytest.mark.parametrize("name", ["", *[c for c in COMMANDS if c != "audit"]])
def test_help_is_vietnamese(name: str) -> None:
    out = run(*([name] if name else []), "--help")
    assert out.startswith("Cách dùng: cascade") and "Tùy chọn:" in out and "Hiện hướng dẫn này rồi thoát." in out
    assert leaks(out) == []


def test_audit_help_is_vietnamese() -> None:
    out = run("audit", "--help")
    assert out.startswith("Cách dùng: cascade audit")
    assert leaks(out) == []


@pytest.mark.parametrize(("args", "words"), [
    (["trace"], "Thiếu tham số 'KẾ_HOẠCH'"),
    (["parse", "--format", "x", "f.txt"], "Giá trị không hợp lệ cho '--format'"),
    (["batch", "khong-co-thu-muc", "-o", "x"], "Không tìm thấy 'khong-co-thu-muc'"),
    (["lenh-la"], "Không có lệnh 'lenh-la'"),
    (["batch", ".", "-j", "x", "-o", "y"], "'x' không phải là số hợp lệ"),
    (["parse", "--bogus"], "Không có tùy chọn '--bogus'"),
])
def test_click_errors_are_vietnamese(args: list[str], words: str) -> None:
    from cascade.cli import main

    err = io.StringIO()
    with pytest.raises(SystemExit) as exc, _redirect(err):
        main(args)
    assert exc.value.code != 0
    text = err.getvalue()
    assert words in text and text.count("Lỗi:") == 1 and "Cách dùng: cascade" in text
    assert "Error" not in text and "Usage" not in text and "Try " not in text


def _redirect(stream: io.StringIO):
    from contextlib import redirect_stderr

    return redirect_stderr(stream)


def test_graph_tree_has_no_machine_words() -> None:
    out = run("graph", str(DATA))
    assert "cấp tỉnh" in out and "cấp sở" in out
    assert leaks(out) == []


def test_trace_output_has_no_machine_words() -> None:
    out = run("trace", str(PROVINCE), "1.1")
    assert "nhiệm vụ 1.1 và chỉ tiêu 1.1" in out
    assert leaks(out) == []


# --- the batch ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch_out(tmp_path_factory, province) -> tuple[Path, str]:
    from cascade.synth import generate_children

    src = tmp_path_factory.mktemp("plain-src")
    for f in BD.iterdir():
        shutil.copy(f, src)
    generate_children(province, [("Sở Tư pháp", "so"), ("Ủy ban nhân dân huyện Tuy Phước", "huyen")], 3,
                      src / "gen", docx=False)
    (src / "hong.docx").write_bytes(b"PK\x03\x04 not really a docx")  # an unreadable file: a problem row
    out = tmp_path_factory.mktemp("plain-out")
    res = CliRunner().invoke(cli, ["batch", str(src), "-o", str(out), "-j", "1"])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_batch_terminal_has_no_machine_words(batch_out) -> None:
    _, output = batch_out
    assert leaks(output) == []


def test_batch_workbook_has_no_machine_words(batch_out) -> None:
    out, _ = batch_out
    text = workbook_text(out / "summary.xlsx")
    assert "Nhiệm vụ" in text and "Cảnh báo" in text
    assert leaks(text) == []


def test_batch_dashboard_has_no_machine_words(batch_out) -> None:
    out, _ = batch_out
    text = visible_text((out / "index.html").read_text(encoding="utf-8"))
    assert "Ma trận thể hiện nhiệm vụ" in text
    assert leaks(text) == []


def test_batch_writes_no_csv_and_no_cache(batch_out) -> None:
    out, _ = batch_out
    assert not list(out.rglob("*.csv"))  # the batch has no CSV output: nothing to check there
    assert not [p for p in out.rglob("*") if p.name.startswith(".") or p.suffix in (".pkl", ".tmp")]


# --- the audit's outputs (written by cascade/report/* and cascade/audit/terminal.py) --------------------------

@pytest.fixture(scope="module")
def audit_out(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("plain-audit")
    res = CliRunner().invoke(cli, ["audit", str(PROVINCE), str(CHILD), "--html", str(out / "a.html"),
                                   "--xlsx", str(out / "a.xlsx"), "--csv", str(out / "csv"),
                                   "--letter", str(out / "a.docx")])
    assert res.exit_code == 0, res.output
    return out, res.output


def test_audit_terminal_has_no_machine_words(audit_out) -> None:
    assert leaks(audit_out[1]) == []


def test_audit_report_has_no_machine_words(audit_out) -> None:
    assert leaks(visible_text((audit_out[0] / "a.html").read_text(encoding="utf-8"))) == []


def test_audit_workbook_has_no_machine_words(audit_out) -> None:
    assert leaks(workbook_text(audit_out[0] / "a.xlsx")) == []


def test_audit_csv_has_no_machine_words(audit_out) -> None:
    text = "\n".join(p.read_text(encoding="utf-8-sig") for p in sorted((audit_out[0] / "csv").glob("*.csv")))
    assert text and leaks(text) == []


def test_audit_letter_has_no_machine_words(audit_out) -> None:
    assert leaks(docx_text(audit_out[0] / "a.docx")) == []
