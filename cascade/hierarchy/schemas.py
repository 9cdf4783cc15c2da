"""Level schemas (rules/level_schemas.yaml): the level a plan's parent sits at, by the year the plan covers."""

from __future__ import annotations

from dataclasses import dataclass

from cascade.rules import load_rules, rules_cached


@dataclass(frozen=True)
class LevelSchema:
    """One schema: `parents` maps a child level to its parent levels, most likely first."""

    key: str
    name: str
    valid_from: str
    valid_until: str
    parents: dict[str, tuple[str, ...]]

    def parent_levels(self, level: str | None) -> tuple[str, ...]:
        """The levels a plan of this level may sit under (empty for the top or an unknown level)."""
        return self.parents.get(level or "", ())


@rules_cached(maxsize=1)
def schemas() -> tuple[LevelSchema, ...]:
    """Every schema of the rule file, in file order."""
    out = []
    for s in load_rules("level_schemas").get("schemas", []):
        parents = {k: tuple(v or ()) for k, v in (s.get("parents") or {}).items()}
        out.append(LevelSchema(s["key"], s.get("name", s["key"]), str(s["valid_from"]), str(s["valid_until"]), parents))
    return tuple(out)


def schema_for(year: int | None, date: str | None = None) -> LevelSchema:
    """The schema in force for a plan covering `year`.

    A plan for 2025 signed on or after 1 July 2025 follows the two-tier schema; otherwise 1 January of the year
    decides. Without a year the date decides; without both, the latest schema.
    """
    if year is None and date:
        year = int(date[:4])
    if year is None:
        return schemas()[-1]
    day = f"{year:04d}-01-01"
    if date and date[:4] == str(year):
        day = date
    for s in schemas():
        if s.valid_from <= day <= s.valid_until:
            return s
    return schemas()[-1]
