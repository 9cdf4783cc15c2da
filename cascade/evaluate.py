"""Score an audit against an answer key (key.yaml), with the same logic as ../shared/eval/score.py."""

from __future__ import annotations

import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from cascade.errors import CascadeError

SUMMARY_METRICS = ("link_f1", "weakened_recall", "weakened_precision", "missing_recall", "missing_severity_accuracy")


@dataclass
class Evaluation:
    key_path: Path
    scores: dict[str, float]
    problems: list[str]
    audit: Any  # cascade.audit.AuditResult

    def summary_line(self) -> str:
        """score.py's last line: `summary: link_f1=… …`."""
        return "summary: " + " ".join(f"{n}={self.scores[n]:.2f}" for n in SUMMARY_METRICS)


def score_module_path(key_path: Path | None = None) -> Path | None:
    """Where score.py is: $CASCADE_SCORE_PY, next to the key's folder, or ../shared/eval beside the checkout."""
    candidates = []
    if os.environ.get("CASCADE_SCORE_PY"):
        candidates.append(Path(os.environ["CASCADE_SCORE_PY"]))
    if key_path is not None:
        candidates.append(key_path.resolve().parent.parent / "score.py")
    candidates.append(Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "score.py")
    for cand in candidates:
        if cand.is_file():
            return cand.resolve()
    return None


def load_score_module(key_path: Path | None = None) -> ModuleType:
    """Import score.py (it is a script, not a package)."""
    path = score_module_path(key_path)
    if path is None:
        raise CascadeError("Không tìm thấy chương trình chấm điểm score.py (../shared/eval/score.py)",
                           detail_en="score.py not found; set CASCADE_SCORE_PY")
    spec = importlib.util.spec_from_file_location("cascade_eval_score", path)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def load_key(key_path: str | Path) -> dict[str, Any]:
    path = Path(key_path)
    try:
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CascadeError(f"Không tìm thấy tệp đáp án {path}", detail_en=str(exc), path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise CascadeError(f"Tệp đáp án {path} không đúng định dạng YAML", detail_en=str(exc), path=str(path)) from exc
    if not isinstance(key, dict) or "parent" not in key or "child" not in key:
        raise CascadeError(f"Tệp đáp án {path} thiếu mục parent/child", detail_en="key without parent/child",
                           path=str(path))
    return key


def evaluate_key(key_path: str | Path, use_key_agency: bool = False) -> Evaluation:
    """Audit the key's pair (files relative to the key) and score it.

    By default the child's agency and level are detected from the child, as a user would run it; with
    `use_key_agency` the key's `child_agency`/`child_level` are passed instead.
    """
    from cascade.audit import audit_files

    path = Path(key_path)
    key = load_key(path)
    base = path.resolve().parent
    parent, child = base / key["parent"], base / key["child"]
    for f in (parent, child):
        if not f.is_file():
            raise CascadeError(f"Không tìm thấy tệp {f} nêu trong đáp án {path}", detail_en=f"missing {f}",
                               path=str(f))
    agency = key.get("child_agency") if use_key_agency else None
    level = key.get("child_level") if use_key_agency else None
    result = audit_files(parent, child, agency=agency, level=level)
    scorer = load_score_module(path)
    scores, problems = scorer.score(key, json.loads(result.to_json()))
    return Evaluation(path, scores, problems, result)
