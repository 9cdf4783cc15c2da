"""Fresh copies of remembered parse results.

The parser reads the same cells and sentences again and again: a batch parses hundreds of children that repeat
their parent's wording, and the audit re-reads targets from item texts. `parse_deadline`, `parse_target`,
`find_targets`, `find_level_targets` and `split_deadline` therefore remember their results for the last few
thousand texts (bounded: a long batch must not grow with its children). The model's dataclasses are mutable and
callers do change them (a target's `raw` and `extra`, an item's deadline), so a remembered result is never handed
out itself: each call gets a copy, as if it had been parsed afresh.
"""

from __future__ import annotations

from cascade.model import Deadline, LevelTarget, Target


def copy_deadline(d: Deadline) -> Deadline:
    """A copy of a deadline (its fields are all immutable values)."""
    c = object.__new__(Deadline)
    c.__dict__.update(d.__dict__)
    return c


def copy_target(t: Target) -> Target:
    """A copy of a target and of the targets in its `extra`."""
    c = object.__new__(Target)
    c.__dict__.update(t.__dict__)
    c.extra = [copy_target(x) for x in t.extra]
    return c


def copy_level_target(lt: LevelTarget) -> LevelTarget:
    """A copy of a per-level value and of its target."""
    c = object.__new__(LevelTarget)
    c.__dict__.update(lt.__dict__)
    c.target = copy_target(lt.target)
    return c
