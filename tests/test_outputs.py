"""Safe output files (issue 17, points 5, 7, 8): no input overwritten, no foreign file replaced, no half file."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from cascade.errors import CascadeError
from cascade.outputs import (
    GENERATOR,
    HTML_MARKER,
    Output,
    atomic_output,
    check_outputs,
    inert_text,
    is_previous_output,
    write_text_atomic,
)


def _docx(path: Path, creator: str) -> Path:
    import docx

    d = docx.Document()
    d.core_properties.author = creator
    d.add_paragraph("x")
    d.save(path)
    return path


def test_an_output_on_an_input_is_refused(tmp_path: Path) -> None:
    parent = tmp_path / "P.txt"
    parent.write_text("kế hoạch", encoding="utf-8")
    with pytest.raises(CascadeError) as e:
        check_outputs([parent], [Output("json", parent)])
    assert "tệp đầu vào" in e.value.message_vi and str(parent) in e.value.message_vi
    assert parent.read_text(encoding="utf-8") == "kế hoạch"


def test_another_spelling_or_a_hard_link_of_an_input_is_the_same_file(tmp_path: Path) -> None:
    child = tmp_path / "C.txt"
    child.write_text("x", encoding="utf-8")
    link = tmp_path / "link.txt"
    os.link(child, link)
    for spelled in (tmp_path / "." / "C.txt", link):
        with pytest.raises(CascadeError, match="tệp đầu vào"):
            check_outputs([child], [Output("html", spelled)], force=True)  # --force never allows it


def test_two_outputs_on_one_file(tmp_path: Path) -> None:
    with pytest.raises(CascadeError, match="Hai kết quả"):
        check_outputs([], [Output("html", tmp_path / "a.html"), Output("json", tmp_path / "./a.html")])


def test_a_foreign_file_needs_force_and_a_previous_output_does_not(tmp_path: Path) -> None:
    foreign = tmp_path / "notes.json"
    foreign.write_text('{"ghi chú": 1}', encoding="utf-8")
    with pytest.raises(CascadeError, match="--force"):
        check_outputs([], [Output("json", foreign)])
    check_outputs([], [Output("json", foreign)], force=True)
    ours = tmp_path / "a.json"
    ours.write_text(json.dumps({"schema": "cascade-audit/1", "links": []}), encoding="utf-8")
    check_outputs([], [Output("json", ours)])


def test_previous_outputs_are_recognised_by_content(tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    html.write_text(f"<!doctype html><html><head>{HTML_MARKER}</head></html>", encoding="utf-8")
    other = tmp_path / "o.html"
    other.write_text("<html><head></head></html>", encoding="utf-8")
    assert is_previous_output(html, "html") and not is_previous_output(other, "html")
    assert is_previous_output(_docx(tmp_path / "ours.docx", GENERATOR), "letter")
    plan = _docx(tmp_path / "plan.docx", "Nguyễn Văn A")
    assert not is_previous_output(plan, "letter")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not a zip")
    assert not is_previous_output(bad, "xlsx")
    csv = tmp_path / "findings.csv"
    csv.write_bytes("\ufeffa,b\n".encode())
    assert is_previous_output(csv, "csv")
    csv.write_text("a,b\n", encoding="utf-8")
    assert not is_previous_output(csv, "csv")


def test_a_folder_is_not_an_output_and_a_stream_is_only_for_text(tmp_path: Path) -> None:
    folder = tmp_path / "folder.docx"
    folder.mkdir()
    for out in (Output("letter", folder), Output("json", tmp_path)):
        with pytest.raises(CascadeError, match="không phải là một tệp thông thường"):
            check_outputs([], [out], force=True)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    check_outputs([], [Output("json", Path("/dev/null")), Output("html", fifo)])
    with pytest.raises(CascadeError, match="không phải là một tệp thông thường"):
        check_outputs([], [Output("csv", Path("/dev/null"))], force=True)


def test_office_outputs_keep_their_extension(tmp_path: Path) -> None:
    with pytest.raises(CascadeError, match="phải có đuôi .xlsx"):
        check_outputs([], [Output("xlsx", tmp_path / "out.txt")])
    with pytest.raises(CascadeError, match="phải có đuôi .docx"):
        check_outputs([], [Output("letter", Path("/dev/full"))])


def test_atomic_output_keeps_the_old_file_when_the_writer_fails(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_output(target) as tmp:
        assert tmp.suffix == ".xlsx" and tmp.parent == tmp_path
        tmp.write_bytes(b"half")
        raise RuntimeError("writer crashed")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.xlsx"]  # no temporary left


def test_atomic_output_replaces_on_success(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "r.json"
    with pytest.raises(CascadeError, match="Không ghi được tệp"):
        write_text_atomic(target, "mới")  # a missing folder is not created behind the user's back
    target.parent.mkdir()
    write_text_atomic(target, "mới")
    assert target.read_text(encoding="utf-8") == "mới"
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        zf.writestr("a", "b")
    assert sorted(p.name for p in target.parent.iterdir()) == ["r.json"]


def test_atomic_output_failure_is_a_vietnamese_error(tmp_path: Path) -> None:
    with pytest.raises(CascadeError) as e, atomic_output(tmp_path / "r.json") as tmp:
        raise OSError(28, "No space left on device", str(tmp))
    assert e.value.message_vi.startswith("Không ghi được tệp")


@pytest.mark.parametrize("value,expected", [
    ('=HYPERLINK("http://evil.example/","Mở")', '\'=HYPERLINK("http://evil.example/","Mở")'),
    ("+84 912", "'+84 912"),
    ("-1+2", "'-1+2"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("Ban hành kế hoạch", "Ban hành kế hoạch"),
    (42, 42),
    (None, None),
])
def test_inert_text(value: object, expected: object) -> None:
    assert inert_text(value) == expected
