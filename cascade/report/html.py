"""The self-contained HTML audit report (jinja2, autoescaped, inline CSS/JS, no network access)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from cascade.outputs import write_text_atomic
from cascade.report.labels import TEMPLATES
from cascade.report.macros import Macros
from cascade.report.view import build_view

_DICT_NAMES = frozenset(dir(dict))


class _Environment(Environment):
    """jinja2's environment with a quicker `a.b` on the audit's dicts (items, plans, coverage rows).

    jinja2 tries the attribute first and, on a dict, only finds the key after an AttributeError; a report reads
    thousands of item fields. A key that is not a dict method name (`item.text`, not `L.levels.get`) is looked up
    directly, which is what jinja2 would end up doing.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_NAMES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        try:  # jinja2's own order (Environment.getattr), written out: a call to super() costs as much again
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)


@lru_cache(maxsize=8)
def environment(template_dir: str | Path | None = None) -> Environment:
    """A jinja2 environment that looks in the province's directory first, then in the package's templates.

    Cached: compiling the templates costs more than rendering them, and a batch renders hundreds of reports.
    """
    loaders = [FileSystemLoader(str(template_dir))] if template_dir is not None else []
    loaders.append(FileSystemLoader(str(TEMPLATES)))
    env = _Environment(
        loader=ChoiceLoader(loaders),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=ChainableUndefined,  # the auditor omits empty keys; a missing one renders as nothing
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = _pct
    env.filters["num"] = _num
    env.globals["report_macros"] = Macros(env, _pct)  # what partials/macros.html binds
    return env


def _pct(value: Any) -> str:
    """A 0..1 link score as a Vietnamese percentage ("86%")."""
    if value is None:
        return ""
    return f"{round(float(value) * 100)}%"


def _num(value: Any) -> str:
    """A score with a decimal comma when it has a fraction ("84" or "83,5")."""
    if value is None:
        return "—"
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.1f}".replace(".", ",")


def render_html(audit: dict[str, Any], template_dir: str | Path | None = None) -> str:
    """Render the audit (a cascade-audit/1 dict) as one self-contained HTML page."""
    view = build_view(audit, template_dir)
    template = environment(template_dir).get_template("report.html")
    return template.render(v=view, L=view.labels, today=date.today().strftime("%d/%m/%Y"))


def write_html(audit: dict[str, Any], path: str | Path, template_dir: str | Path | None = None) -> None:
    """Write the HTML report to `path` (UTF-8), through a temporary file renamed into place."""
    write_text_atomic(path, render_html(audit, template_dir))
