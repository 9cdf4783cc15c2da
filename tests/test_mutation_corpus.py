"""A mutation corpus made from the real seeds, built at test time with a fixed random seed (nothing large is
committed): truncated files, shuffled table rows, random bytes, broken and legacy encodings, very long cells and a
5,000-row task table. Every input either parses into a sane plan or takes the clear-error path (a CascadeError
whose Vietnamese message names the file) — never another exception."""

from __future__ import annotations

import json
import random
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from expectations import expect

from cascade.errors import CascadeError, NotAPlanError, ReadError
from cascade.model import Plan
from cascade.parse import parse_file
from cascade.read.encodings import unicode_to_cp1258, unicode_to_tcvn3, unicode_to_vni

ROOT = Path(__file__).resolve().parent.parent
PARENT = ROOT / "data/binh-dinh/2024/tinh-4935-QD-UBND.txt"
CHILD = ROOT / "data/binh-dinh/2024/so-nnptnt-KH-SNN.txt"
SEEDS = sorted((ROOT / "data").glob("*/*/*.txt"))
SEED = 20241121
TASK_ROW = re.compile(r"^\d+(?:\.\d+)?\t")
TASK_HEADER = "TT\tNhiệm vụ\tHoạt động/sản phẩm\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian thực hiện"


def _child_text() -> str:
    return CHILD.read_text(encoding="utf-8")


def _mutations() -> dict[str, Callable[[random.Random], bytes]]:
    """name → function making the mutated file's bytes (each gets its own Random, so cases are independent)."""
    out: dict[str, Callable[[random.Random], bytes]] = {}
    for seed in SEEDS:
        stem = f"{seed.parent.parent.name}-{seed.parent.name}"
        # cut anywhere, also inside a multi-byte UTF-8 character
        out[f"truncated-{stem}"] = lambda r, s=seed: s.read_bytes()[: r.randrange(200, s.stat().st_size)]

    def shuffled_parent_rows(r: random.Random) -> bytes:
        lines = PARENT.read_text(encoding="utf-8").split("\n")
        idx = [k for k, line in enumerate(lines) if "|" in line]
        rows = [lines[k] for k in idx]
        r.shuffle(rows)
        for k, row in zip(idx, rows, strict=True):
            lines[k] = row
        return "\n".join(lines).encode()

    def random_byte_flips(r: random.Random) -> bytes:
        return bytes(b if r.random() > 0.01 else r.randrange(256) for b in PARENT.read_bytes())

    def junk_block(r: random.Random) -> bytes:
        data = CHILD.read_bytes()
        at = r.randrange(len(data))
        return data[:at] + r.randbytes(2048) + data[at:]

    def double_encoded_utf8(r: random.Random) -> bytes:
        return _child_text().encode().decode("latin-1").encode()

    def invalid_utf8_sprinkled(r: random.Random) -> bytes:
        data = bytearray(CHILD.read_bytes())
        for _ in range(20):
            data.insert(r.randrange(len(data)), r.choice([0xC3, 0xFF, 0x80, 0xE1]))
        return bytes(data)

    def half_utf8_half_cp1258(r: random.Random) -> bytes:
        text = _child_text()
        mid = len(text) // 2
        return text[:mid].encode() + unicode_to_cp1258(text[mid:])

    out |= {"shuffled-parent-rows": shuffled_parent_rows, "random-byte-flips": random_byte_flips,
            "junk-block": junk_block, "double-encoded-utf8": double_encoded_utf8,
            "invalid-utf8-sprinkled": invalid_utf8_sprinkled, "half-utf8-half-cp1258": half_utf8_half_cp1258,
            "utf16-bom": lambda r: _child_text().encode("utf-16"),
            "utf8-bom-crlf": lambda r: b"\xef\xbb\xbf" + _child_text().replace("\n", "\r\n").encode()}
    return out


MUTATIONS = _mutations()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("mutations")
    paths = {}
    for k, (name, make) in enumerate(sorted(MUTATIONS.items())):
        paths[name] = folder / f"{name}.txt"
        paths[name].write_bytes(make(random.Random(SEED + k)))
    return paths


def check_plan(plan: Plan) -> None:
    """What every parsed plan must satisfy, whatever its input."""
    assert plan.items
    ids = [it.id for it in plan.items]
    assert len(ids) == len(set(ids))
    for it in plan.items:
        assert it.kind in ("task", "indicator", "directive")
        assert unicodedata.is_normalized("NFC", it.text)
    json.dumps(plan.to_dict(), ensure_ascii=False)


def parse_or_clear_error(path: Path) -> Plan | CascadeError:
    """Parse, or return the CascadeError after checking it is the clear-error path; anything else propagates."""
    try:
        plan = parse_file(path)
    except CascadeError as exc:
        assert isinstance(exc, ReadError | NotAPlanError)
        assert path.name in exc.message_vi and exc.exit_code != 0
        assert "Traceback" not in exc.message_vi and unicodedata.is_normalized("NFC", exc.message_vi)
        return exc
    check_plan(plan)
    return plan


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_mutation_parses_or_fails_clearly(name: str, corpus: dict[str, Path]) -> None:
    parse_or_clear_error(corpus[name])


@pytest.mark.parametrize("name", ["utf16-bom", "utf8-bom-crlf"])
def test_unicode_variants_read_like_the_original(name: str, corpus: dict[str, Path]) -> None:
    plan, real = parse_file(corpus[name]), parse_file(CHILD)
    assert [(it.kind, it.label, it.text) for it in plan.items] == [(it.kind, it.label, it.text) for it in real.items]


def _ascii_punct(text: str) -> str:
    return text.translate(str.maketrans({"“": '"', "”": '"', "–": "-"}))


LEGACY: dict[str, Callable[[str], bytes]] = {
    "windows-1258": unicode_to_cp1258,
    # TCVN3 and VNI are font encodings: typographic quotes and dashes would collide with their letter bytes, so
    # files typed in them use the ASCII ones
    "tcvn3": lambda s: unicode_to_tcvn3(_ascii_punct(s)).encode("latin-1"),
    "vni": lambda s: unicode_to_vni(_ascii_punct(s)).encode("cp1252"),
}


@pytest.mark.parametrize("codec", sorted(LEGACY))
def test_legacy_encodings_read_like_the_original(codec: str, tmp_path: Path) -> None:
    f = tmp_path / f"so-nnptnt-{codec}.txt"
    f.write_bytes(LEGACY[codec](_child_text()))
    plan, real = parse_file(f), parse_file(CHILD)
    assert len(plan.of_kind("task")) == len(real.of_kind("task")) == expect("binh-dinh-2024-so-nnptnt", "tasks")

    def plain(text: str) -> str:  # TCVN3 has no toned capitals: compare case-folded, quotes straightened
        return _ascii_punct(text).casefold()

    assert [plain(it.text) for it in plan.of_kind("task")] == [plain(it.text) for it in real.of_kind("task")]


def test_shuffled_task_rows_keep_every_task(tmp_path: Path) -> None:
    """The Sở plan with its numbered task rows shuffled: the same tasks, and the audit links them
    to the same parent tasks (matching does not depend on order)."""
    from cascade.audit import audit_plans

    lines = _child_text().split("\n")
    start = lines.index("PHỤ LỤC II")  # the task table only: indicator rows are numbered alike
    idx = [k for k, line in enumerate(lines) if k > start and TASK_ROW.match(line)]
    rows = [lines[k] for k in idx]
    random.Random(SEED).shuffle(rows)
    for k, row in zip(idx, rows, strict=True):
        lines[k] = row
    f = tmp_path / "xao-tron.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    shuffled, real = parse_file(f), parse_file(CHILD)
    assert sorted(it.label for it in shuffled.of_kind("task")) == sorted(it.label for it in real.of_kind("task"))
    parent = parse_file(PARENT)

    def task_links(child: Plan) -> set[tuple[str, str]]:
        res = audit_plans(parent, child)
        # by label: a row continued after a page break keeps its continuation only in document order
        return {(lk.parent, child.item(lk.child).label) for lk in res.links if child.item(lk.child).kind == "task"}

    assert len(task_links(real)) >= expect("binh-dinh-2024-pair", "task_links_at_least")
    assert task_links(shuffled) == task_links(real)


def test_very_long_cell(tmp_path: Path) -> None:
    lines = _child_text().split("\n")
    k = next(i for i, line in enumerate(lines) if line.startswith("2\tKiểm tra cải cách hành chính"))
    cells = lines[k].split("\t")
    cells[1] += " " + "rà soát, đơn giản hóa thủ tục hành chính nội bộ " * 2500  # ~120,000 characters
    lines[k] = "\t".join(cells)
    f = tmp_path / "o-rat-dai.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    plan = parse_file(f)
    check_plan(plan)
    assert len(plan.of_kind("task")) == expect("binh-dinh-2024-so-nnptnt", "tasks")
    long = next(it for it in plan.of_kind("task") if it.text.startswith("Kiểm tra cải cách hành chính năm 2024"))
    assert len(long.text) > 100_000 and long.deadline and long.deadline.raw == "Tháng 4"


def test_five_thousand_row_table(tmp_path: Path) -> None:
    head = _child_text().split("PHỤ LỤC II")[0]
    rows = [f"{n}\tRà soát thủ tục hành chính lĩnh vực số {n}\tBáo cáo của Sở\tVăn phòng Sở\t"
            f"Các phòng chuyên môn\tTháng {n % 12 + 1}" for n in range(1, 5001)]
    f = tmp_path / "5000-dong.txt"
    f.write_text(head + "PHỤ LỤC II\n" + TASK_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    plan = parse_file(f)
    check_plan(plan)
    tasks = plan.of_kind("task")
    assert len(tasks) == 5000
    assert [t.label for t in tasks[:3]] == ["1", "2", "3"] and tasks[998].label == "999"


def test_five_thousand_row_table_labels(tmp_path: Path) -> None:
    head = _child_text().split("PHỤ LỤC II")[0]
    rows = [f"{n}\tRà soát thủ tục hành chính lĩnh vực số {n}\tBáo cáo của Sở\tVăn phòng Sở\tCác phòng\tTháng 3"
            for n in range(995, 1006)]
    f = tmp_path / "1000-dong.txt"
    f.write_text(head + "PHỤ LỤC II\n" + TASK_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    tasks = parse_file(f).of_kind("task")
    assert [t.label for t in tasks] == [str(n) for n in range(995, 1006)]
    assert tasks[-1].text == "Rà soát thủ tục hành chính lĩnh vực số 1005"
