"""The alignment's per-parent memos (a batch aligns many children against one parent Plan object) never change a
result: a parent changed in place, a different parent, reloaded rules and a subset of a parent's items all give what
a fresh computation gives."""

from __future__ import annotations

import copy
from dataclasses import fields

import numpy as np

from cascade.align import pipeline
from cascade.align.features import views
from cascade.align.scoring import _sparse_dot, prepare, score
from cascade.model import Item, Plan
from cascade.rules import reload_rules

TASKS = [
    "Kiểm tra cải cách hành chính năm 2024 tại các cơ quan, đơn vị",
    "Truyền thông về cải cách hành chính năm 2024 trên Cổng thông tin điện tử",
    "Ban hành Kế hoạch theo dõi thi hành pháp luật năm 2024",
    "Triển khai thực hiện Quyết định số 3416/QĐ-UBND về tự chủ tài chính",
    "Phê duyệt Đề án vị trí việc làm, cơ cấu ngạch công chức, cơ cấu viên chức",
    "Triển khai ứng dụng Trợ lý ảo cho cán bộ, công chức",
]


def _plan(path: str, texts: list[str], year: int = 2024) -> Plan:
    items = [Item(id=f"{path}{k}", kind="task" if k % 3 else "directive", label=str(k + 1), text=t,
                  section="cong_vu", order=k,
                  activities=["1. Ban hành kế hoạch kiểm tra công vụ năm 2024 của tỉnh",
                              "2. Tổ chức kiểm tra đột xuất việc chấp hành kỷ luật"] if k == 1 else [])
             for k, t in enumerate(texts)]
    return Plan(path=path, items=items, number="4935/QĐ-UBND", level="tinh", year=year)


def _result(al: pipeline.Alignment) -> tuple:
    return ([(lk.parent, lk.child, lk.score, lk.why) for lk in al.links], al.related, al.relatedness,
            al.relatedness_reason, al.modes, al.restated)


def _fresh(parent: Plan, child: Plan) -> tuple:
    pipeline.release_caches()
    return _result(pipeline.align(copy.deepcopy(parent), copy.deepcopy(child)))


def test_a_parent_changed_in_place_is_not_served_from_the_memo() -> None:
    parent = _plan("p", TASKS)
    child = _plan("c", [t.replace("năm 2024", "của Sở") for t in TASKS[::-1]])
    first = _result(pipeline.align(parent, child))
    assert first == _fresh(parent, child)
    pipeline.align(parent, child)  # memo filled for this very object
    parent.items[0].text = "Tổ chức hội nghị tổng kết công tác thi đua khen thưởng"
    parent.items[2].activities = ["1. Rà soát văn bản quy phạm pháp luật", "2. Công bố kết quả hệ thống hóa văn bản"]
    changed = _result(pipeline.align(parent, child))
    assert changed == _fresh(parent, child)
    assert changed != first


def test_parents_are_told_apart_and_the_memo_stays_small() -> None:
    children = [_plan(f"c{k}", TASKS[k:] + TASKS[:k]) for k in range(3)]
    parents = [_plan(f"p{k}", TASKS[: 3 + k]) for k in range(pipeline._PARENTS_KEEP + 2)]
    for parent in parents:
        for child in children:
            assert _result(pipeline.align(parent, child)) == _fresh(parent, child)
            pipeline.align(parent, child)
        assert len(pipeline._PARENTS) <= pipeline._PARENTS_KEEP
    pipeline.release_caches()
    assert not pipeline._PARENTS


def test_reloaded_rules_rebuild_the_parent_side() -> None:
    parent, child = _plan("p", TASKS), _plan("c", TASKS[:4])
    pipeline.align(parent, child)
    before = pipeline._PARENTS[id(parent)]
    reload_rules()
    pipeline.align(parent, child)
    assert pipeline._PARENTS[id(parent)] is not before


def _same(a, b) -> bool:
    return all((x is None and y is None) or (x.dtype == y.dtype and np.array_equal(x, y))
               for x, y in ((getattr(a, f.name), getattr(b, f.name)) for f in fields(a)))


def test_a_subset_of_prepared_parents_scores_as_those_parents_alone() -> None:
    parent, child = _plan("p", TASKS), _plan("c", [t + " của Sở" for t in TASKS[1:5]])
    prep = prepare(views(parent.items))
    cv = views(child.items)
    for keep in ([0, 2, 3], [1], [1, 4, 5], list(range(len(TASKS)))):
        pv = views([parent.items[k] for k in keep])
        assert _same(score(prep.subset(keep, pv), cv), score(pv, cv))
    # the same prepared parents, many times (remembered columns and look-ups)
    assert _same(score(prep, cv), score(views(parent.items), cv))
    assert _same(score(prep, cv), score(views(parent.items), cv))


def test_weighted_sparse_sums_do_not_depend_on_the_order_of_the_terms() -> None:
    rng = np.random.default_rng(7)
    vocab = [f"w{k}" for k in range(60)]
    sets_p = [frozenset(rng.choice(vocab, size=int(rng.integers(0, 25)), replace=False).tolist()) for _ in range(30)]
    sets_c = [frozenset(rng.choice(vocab, size=int(rng.integers(0, 25)), replace=False).tolist()) for _ in range(20)]
    idf = np.log(np.float32(51) / (1 + rng.integers(1, 50, size=len(vocab)).astype(np.float32))) + np.float32(1)
    weight = dict(zip(vocab, (idf * idf).tolist(), strict=True))
    got = _sparse_dot(sets_p, sets_c, weight)
    want = np.array([[sum(weight[t] for t in sorted(p & c)) for c in sets_c] for p in sets_p]).astype(np.float32)
    assert np.array_equal(got, want)


def test_a_full_column_memo_keeps_the_keys_this_call_needs(monkeypatch) -> None:
    """The memo emptied when full must not lose the keys of the call that filled it (a KeyError in a long batch
    before: four children of 20,000 failed)."""
    from rapidfuzz import fuzz

    from cascade.align import scoring

    monkeypatch.setattr(scoring, "_MEMO_KEEP", 3)
    memo: dict[str, np.ndarray] = {}
    queries = ["cải cách hành chính", "chuyển đổi số"]
    first = scoring._columns(memo, queries, ["cải cách", "hành chính"], fuzz.token_sort_ratio)
    both = scoring._columns(memo, queries, ["hành chính", "chuyển đổi", "số hóa"], fuzz.token_sort_ratio)
    assert both.shape == (2, 3)
    assert np.array_equal(both[:, 0], first[:, 1])
    assert set(memo) == {"hành chính", "chuyển đổi", "số hóa"}
