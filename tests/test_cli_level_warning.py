"""`cascade audit --level` that contradicts the child document's own level is warned about (issue 11, point 7)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cascade.cli import cli, level_warning

REPO = Path(__file__).resolve().parents[1]
PROVINCE = REPO / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
SO_NN = REPO / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
WARNING = ("Chú ý: Cấp chọn bằng --level (cấp huyện) khác cấp của văn bản (cấp sở — Sở Nông nghiệp và Phát triển "
           "nông thôn); kết quả theo cấp huyện.")


def test_contradicting_level_is_warned_and_still_used() -> None:
    res = CliRunner().invoke(cli, ["audit", str(PROVINCE), str(SO_NN), "--level", "huyen"])
    assert res.exit_code == 0, res.output
    assert WARNING in res.stderr and WARNING not in res.stdout
    assert "Kết luận:" in res.stdout


def test_agreeing_or_absent_level_gives_no_warning() -> None:
    for extra in ([], ["--level", "so"]):
        res = CliRunner().invoke(cli, ["audit", str(PROVINCE), str(SO_NN), *extra])
        assert res.exit_code == 0 and "Chú ý" not in res.stderr


def test_unreadable_child_is_left_to_the_audit(tmp_path) -> None:
    assert level_warning(str(tmp_path / "khong-co.txt"), "so") is None
    assert level_warning(str(SO_NN), None) is None
