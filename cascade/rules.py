"""Loading of the rule files (`rules/<name>.yaml`): vocabularies and patterns kept as data, not code.

A province's own rules directory (`CASCADE_RULES_DIR`) overrides pack by pack: a file it holds replaces the shipped
pack of that name, any other pack is the shipped one, so a province copies only the packs it changes. Packs are
read on first use, never at import; `reload_rules` forgets every pack read and everything compiled from one, so a
batch or the service can switch to another directory.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml

from cascade.errors import CascadeError

_PACKAGE_DIR = Path(__file__).resolve().parent
# libyaml's C loader reads the rule packs about ten times faster than the pure-Python one (start-up time of
# every command); both are safe loaders.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def shipped_rules_dir() -> Path:
    """The directory of the rule packs shipped with cascade: `<package parent>/rules` (a checkout or an editable
    install), then `cascade/rules` (inside an installed package), then <prefix>/share/cascade/rules (a wheel
    installs the packs there as data files, pyproject.toml)."""
    candidates = [_PACKAGE_DIR.parent / "rules", _PACKAGE_DIR / "rules", Path(sys.prefix) / "share/cascade/rules"]
    for cand in candidates:
        if cand.is_dir():
            return cand
    return candidates[-1]


def rules_dir() -> Path:
    """The directory rule files are looked up in first: `CASCADE_RULES_DIR` (a province's own rules, tests) when
    set and present, else the shipped packs."""
    env = os.environ.get("CASCADE_RULES_DIR")
    if env and Path(env).is_dir():
        return Path(env)
    return shipped_rules_dir()


def rule_path(name: str) -> Path:
    """The file `rules/<name>.yaml` is read from: the province's own copy when its directory holds one, else the
    shipped pack (the first directory's path when neither exists, for the error message)."""
    first = rules_dir() / f"{name}.yaml"
    if first.is_file():
        return first
    shipped = shipped_rules_dir() / f"{name}.yaml"
    return shipped if shipped.is_file() else first


_F = TypeVar("_F", bound=Callable[..., Any])
_RULE_CACHES: list[Any] = []


def rules_cached(fn: _F | None = None, *, maxsize: int | None = None) -> Any:
    """`functools.cache` (or `lru_cache(maxsize)`) for a value built from the rule packs: `reload_rules` clears it.

    Use it on every loader and on every compiled pattern or cached result that depends on a pack."""

    def wrap(f: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(f)
        _RULE_CACHES.append(cached)
        return cached  # type: ignore[return-value]

    return wrap(fn) if fn is not None else wrap


def reload_rules() -> None:
    """Forget every pack read and everything built from one (after `CASCADE_RULES_DIR` changed): the next use reads
    the packs again."""
    load_rules.cache_clear()
    for cached in _RULE_CACHES:
        cached.cache_clear()


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed `rules/<name>.yaml` (cached: every caller shares one dict, so do not mutate it)."""
    path = rule_path(name)
    try:
        with path.open(encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_LOADER)
    except FileNotFoundError as exc:
        raise CascadeError(
            f"Không tìm thấy tệp quy tắc {path.name}", detail_en=f"rule file not found: {path}", path=str(path), code="rules"
        ) from exc
    except yaml.YAMLError as exc:
        raise CascadeError(
            f"Tệp quy tắc {path.name} không đúng định dạng YAML", detail_en=f"invalid YAML in {path}: {exc}", path=str(path), code="rules"
        ) from exc
    return data or {}


# ---------------------------------------------------------------- typed, validated access
#
# `load_rules` hands out the raw dict. A `RulePack` wraps it for a typed loader: each accessor checks the key's
# presence and type and fails with a CascadeError naming the file and the key, so a province editing its own rules
# directory learns which line is wrong instead of meeting a KeyError deep inside the parser.

_TYPE_VI = {
    "list of strings": "danh sách chuỗi",
    "string": "chuỗi",
    "mapping": "bảng khóa – giá trị",
    "mapping of string lists": "bảng khóa – danh sách chuỗi",
    "mapping of strings": "bảng khóa – chuỗi",
}


def rule_key_error(file: str, key: str, expected: str, found: object = None, *, missing: bool = False) -> CascadeError:
    """The error for a missing or ill-typed key of a rule file: Vietnamese message, English detail, both naming
    the file and the key (`expected` is one of the English type names of `_TYPE_VI`)."""
    want = _TYPE_VI.get(expected, expected)
    if missing:
        vi = f"Tệp quy tắc {file} thiếu khóa “{key}” (cần {want})."
        en = f"rule file {file}: missing key '{key}' (expected {expected})"
    else:
        vi = f"Tệp quy tắc {file}: khóa “{key}” không đúng kiểu (cần {want}, có {type(found).__name__})."
        en = f"rule file {file}: key '{key}' must be a {expected}, not {type(found).__name__}"
    return CascadeError(vi, detail_en=en, path=str(rule_path(file.removesuffix(".yaml"))), code="rules")


class RulePack:
    """Typed, validated reader of one rule file (or of one mapping inside it).

    Every accessor raises `rule_key_error` for a missing key or a value of the wrong type. Keys of nested mappings
    are reported as a dotted path ("levels.so").
    """

    def __init__(self, name: str, data: dict[str, Any] | None = None, prefix: str = "") -> None:
        self.name = name
        self.file = f"{name}.yaml"
        self.data = load_rules(name) if data is None else data
        self.prefix = prefix

    def _key(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def _get(self, key: str, expected: str) -> Any:
        if not isinstance(self.data, dict) or key not in self.data or self.data[key] is None:
            raise rule_key_error(self.file, self._key(key), expected, missing=True)
        return self.data[key]

    def has(self, key: str) -> bool:
        """Whether the key is present (for optional keys)."""
        return isinstance(self.data, dict) and self.data.get(key) is not None

    def string(self, key: str) -> str:
        """A string value."""
        value = self._get(key, "string")
        if not isinstance(value, str):
            raise rule_key_error(self.file, self._key(key), "string", value)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        """A list of strings, in file order (a single string is refused: it is a typo for a one-item list)."""
        value = self._get(key, "list of strings")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise rule_key_error(self.file, self._key(key), "list of strings", value)
        return tuple(value)

    def string_map(self, key: str) -> dict[str, str]:
        """A mapping of strings to strings, in file order."""
        value = self._get(key, "mapping of strings")
        if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            raise rule_key_error(self.file, self._key(key), "mapping of strings", value)
        return dict(value)

    def lists_map(self, key: str) -> dict[str, tuple[str, ...]]:
        """A mapping of strings to lists of strings, in file order."""
        value = self._get(key, "mapping of string lists")
        ok = isinstance(value, dict) and all(
            isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in value.items()
        )
        if not ok:
            raise rule_key_error(self.file, self._key(key), "mapping of string lists", value)
        return {k: tuple(v) for k, v in value.items()}

    def section(self, key: str) -> RulePack:
        """The nested mapping under `key`, as a pack whose errors name the dotted key path."""
        value = self._get(key, "mapping")
        if not isinstance(value, dict):
            raise rule_key_error(self.file, self._key(key), "mapping", value)
        return RulePack(self.name, value, prefix=f"{self._key(key)}.")


def rule_pack(name: str) -> RulePack:
    """The validated reader of `rules/<name>.yaml` (the file is read on first use and shared, see `load_rules`)."""
    return RulePack(name)
