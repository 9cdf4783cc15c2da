"""`cascade eval KEY.yaml`: audit a key's pair and print the scores of score.py."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cascade.evaluate import SUMMARY_METRICS


@click.command(name="eval", help="Kiểm tra cặp kế hoạch của một bộ đáp án (key.yaml) và chấm điểm.")
@click.argument("keys", nargs=-1, required=True)
@click.option("--json", "json_path", default=None, help="Ghi kết quả kiểm tra (một đáp án) vào tệp JSON này.")
@click.option("--key-agency", is_flag=True, help="Dùng cơ quan và cấp ghi trong đáp án thay vì tự nhận biết.")
@click.option("--min", "minimum", type=float, default=0.0, help="Ngưỡng tối thiểu cho mọi chỉ số tóm tắt.")
def command(keys: tuple[str, ...], json_path: str | None, key_agency: bool, minimum: float) -> None:
    from cascade.evaluate import evaluate_key

    failed = False
    for key in keys:
        ev = evaluate_key(Path(key), use_key_agency=key_agency)
        if len(keys) > 1:
            click.echo(f"== {key}")
        for p in ev.problems:
            click.echo(f"Ghi chú: {p}")
        for name, value in ev.scores.items():
            click.echo(f"{name}: {value:.3f}")
        below = [n for n in SUMMARY_METRICS if ev.scores[n] < minimum]
        click.echo(ev.summary_line() + (f" BELOW: {','.join(below)}" if below else ""))
        failed = failed or bool(below)
        if json_path and len(keys) == 1:
            Path(json_path).write_text(ev.audit.to_json(), encoding="utf-8")
    if failed:
        sys.exit(1)
