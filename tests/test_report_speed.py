"""The HTML report's quick paths change no byte: the Python macros (cascade/report/macros.py) against their jinja2
reference (partials/macros_jinja.html), the remembered word diff against a fresh one."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
from conftest import CHILD, PARENT  # noqa: F401

from cascade.report import render_html
from cascade.report.diff import Segment, _diff, _word_diff, word_diff
from cascade.report.labels import TEMPLATES


def _jinja_macros(tmp_path: Path) -> Path:
    """A province templates folder whose partials/macros.html is the jinja2 reference."""
    (tmp_path / "partials").mkdir(exist_ok=True)
    shutil.copy(TEMPLATES / "partials" / "macros_jinja.html", tmp_path / "partials" / "macros.html")
    return tmp_path


def _edge_audit() -> dict:
    """Everything a row can show, with markup in the texts and keys left out."""
    parent_items = [
        {"id": "p1", "kind": "task", "label": "1", "text": "Rà soát <b>thủ tục</b> & “quy trình”", "section": "the_che",
         "deadline": {"raw": "Tháng 2", "kind": "month"}, "target": {"raw": "100% <hồ sơ>"},
         "lead": ["Sở Nội vụ", "Sở Tư pháp & các sở"],
         "level_targets": [{"level": "so", "target": {"raw": "90%"}}, {"level": "xyz"}, {"target": {"raw": "x"}}]},
        {"id": "p2", "kind": "indicator", "text": "Tỷ lệ hồ sơ trực tuyến", "section": "the_che",
         "deadline": {"raw": "Phần mềm quản lý", "kind": "unknown"}},
        {"id": "p3", "kind": "no_such_kind", "label": "", "text": "Không có ở cấp dưới 'x'", "section": "khac"},
        {"id": "p4", "text": "Chỉ áp dụng cấp huyện", "section": "khac", "deadline": "Tháng 3", "lead": "ab"},
        {"id": "p5", "kind": "task", "label": "5", "text": "Nhóm", "group": True},
        {"id": "p6", "kind": "task", "label": "6", "text": "Cùng một câu", "target": {"kind": "pct"},
         "deadline": {}},
    ]
    child_items = [
        {"id": "c1", "kind": "task", "label": "1.1", "text": "Rà soát thủ tục và quy trình <i>mới</i>",
         "deadline": {"raw": "Trong năm", "kind": "year"}, "lead": []},
        {"id": "c2", "kind": "indicator", "label": "2", "text": "Tỷ lệ hồ sơ trực tuyến"},
        {"id": "c6", "label": 6, "text": "Cùng một câu"},
        {"id": "c9", "kind": "task", "label": "9", "text": "Nội dung bổ sung <script>"},
    ]
    findings = [
        {"type": "weakened_deadline", "severity": "warning", "parent": "p1", "child": "c1", "message": "Thời hạn <muộn>",
         "details": {"parent_value": {"raw": "Tháng 2"}, "child_value": {"raw": "Trong năm"}}},
        {"type": "weakened_wording", "severity": "info", "parent": "p1", "child": "c1", "message": "Lời văn",
         "details": {"parent_value": "", "child_value": "mới & khác"}},
        {"type": "missing", "severity": "error", "parent": "p3", "message": "Thiếu"},
        {"type": "not_applicable", "severity": "info", "parent": "p4", "message": "Không áp dụng",
         "details": {"status": "not_applicable", "reason": "Cấp <huyện>"}},
        {"type": "added", "severity": "info", "child": "c9", "message": "Bổ sung"},
        {"type": "moved", "severity": "warning", "parent": "p2", "child": "c2", "message": "Chuyển",
         "details": {"parent_value": "the_che", "child_value": "khac", "status": "advisory", "reason": "Nên <có>"}},
    ]
    links = [{"parent": "p1", "child": "c1", "score": 0.8649, "why": "Giống <nhau>"},
             {"parent": "p1", "child": "c9", "score": None},
             {"parent": "p2", "child": "c2", "score": 1.0, "why": ""},
             {"parent": "p6", "child": "c6", "score": 0.5},
             {"parent": "p6", "child": "gone", "score": 0.3}]
    return {"schema": "cascade-audit/1",
            "parent": {"number": "1/KH <UBND>", "agency": "UBND tỉnh", "level": "tinh", "items": parent_items},
            "child": {"number": "2/KH", "agency": "Sở <A>", "level": "so", "items": child_items},
            "links": links, "findings": findings,
            "summary": {"verdict": "fail", "judged": True, "score": 83.5,
                        "applicability": {"p2": {"status": "advisory", "reason": "Nên <có>"}}}}


@pytest.mark.parametrize("which", ["sample", "real", "edge", "minimal"])
def test_python_macros_render_what_the_jinja_macros_render(which: str, request: pytest.FixtureRequest,
                                                          tmp_path: Path) -> None:
    if which == "edge":
        audit = _edge_audit()
    elif which == "minimal":
        audit = {"parent": {"items": [{"id": "x", "text": "A"}]}, "child": {}, "links": [{"parent": "x"}],
                 "findings": []}
    else:
        audit = request.getfixturevalue(which)
    fast = render_html(copy.deepcopy(audit))
    assert fast == render_html(copy.deepcopy(audit), template_dir=_jinja_macros(tmp_path))
    assert 'class="row' in fast


def test_the_edge_audit_shows_its_markup_as_text() -> None:
    html = render_html(_edge_audit())
    assert "Rà soát &lt;b&gt;thủ tục&lt;/b&gt; &amp;" in html and "<b>thủ tục</b>" not in html
    assert "không ghi (cột thời hạn ghi: Phần mềm quản lý)" in html
    assert "<dd>Sở Nội vụ; Sở Tư pháp &amp; các sở</dd>" in html


def test_remembered_word_diff_is_the_fresh_one() -> None:
    pairs = [("Hoàn thành trong Tháng 2 năm 2024", "Hoàn thành Trong năm 2024"), ("a  b", "a  b"), ("", ""),
             (" ", " "), ("Cafe\u0301 x", "Cafe\u0301 x"), ("Cafe\u0301 x", "Café x"), ("x", ""), ("", "y"),
             ("Rà soát, (đánh giá) TTHC.", "Rà soát, (đánh giá) TTHC.")]
    _word_diff.cache_clear()
    for parent, child in pairs:
        fresh = _diff(parent, child)  # the diff itself, also for identical texts (which word_diff skips)
        first = word_diff(parent, child)
        assert first == fresh
        first[0].append(Segment("ins", "changed by a caller"))  # the lists handed out are the caller's own
        assert word_diff(parent, child) == fresh  # now from the cache
    assert word_diff(None, None) == ([], [])  # type: ignore[arg-type]
