"""The self-contained HTML audit report (jinja2, autoescaped, inline CSS/JS, no network access)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import ChainableUndefined, ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from cascade.outputs import write_text_atomic
from cascade.report.labels import TEMPLATES
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


class Macros:
    """The small pieces of markup every row of the side-by-side table repeats, as `partials/macros.html` binds them.

    Written in Python because a jinja2 macro call costs more than the rest of a row (a report of 90 rows makes
    some 600 of them). Each method returns what the jinja2 macro of the same name did, byte for byte: a value is
    read as the template's `a.b` reads it (a missing key is undefined, shown as nothing) and escaped as autoescape
    does. A province may still override `partials/macros.html` with jinja2 macros of these names and arguments
    (tests/test_report_speed.py renders with the former jinja2 file and compares).
    """

    def __init__(self, env: Environment) -> None:
        undefined = env.undefined()
        env_get = env.getattr

        def get(obj: Any, name: str) -> Any:
            """`obj.name` in a template; `name` is never a dict method's name here (those are read through jinja2)."""
            if type(obj) is dict:
                return obj.get(name, undefined)
            return env_get(obj, name)

        self._get, self._env_get = get, env_get

    def segments(self, segs: Any) -> Markup:
        """A text's diff segments: unchanged words as is, <del> removed ones, <ins> added ones."""
        out = []
        for s in segs:
            op, text = s.op, escape(s.text)  # Segment objects (frozen dataclass): both attributes always there
            out.append(text if op == "same" else f"<del>{text}</del>" if op == "del" else f"<ins>{text}</ins>")
        return Markup("".join(out))

    def badge(self, f: Any) -> Markup:
        """A finding's type as a coloured badge, its severity in the tooltip."""
        return Markup(f'<span class="badge sev-{escape(f.severity)}" title="{escape(f.severity_vi)}">'
                      f'{escape(f.type_vi)}</span>')

    def meta(self, item: Any, L: Any, changed: Any = ()) -> Markup:  # noqa: N803 — the templates' name
        """An item's deadline, target and lead agencies (a <dl>), and its targets per level (a <ul>)."""
        get = self._get
        deadline, target, lead = get(item, "deadline"), get(item, "target"), get(item, "lead")
        d = get(deadline, "raw") if deadline else None
        t = get(target, "raw") if target else None
        out = []
        if d or t or lead:
            out.append('<dl class="meta">\n')
            chg = ' class="chg"' if "weakened_deadline" in changed else ""
            # a product written in the deadline column is no deadline: say so rather than show it as a date
            if d and get(deadline, "kind") == "unknown":
                out.append(f"<dt>Thời hạn</dt><dd{chg}>không ghi (cột thời hạn ghi: {escape(d)})</dd>\n")
            elif d:
                out.append(f"<dt>Thời hạn</dt><dd{chg}>{escape(d)}</dd>")
            if t:
                chg = ' class="chg"' if "weakened_target" in changed else ""
                out.append(f"<dt>Chỉ tiêu</dt><dd{chg}>{escape(t)}</dd>")
            if lead:
                # jinja2's join filter under autoescape, for items that are not markup: joined, escaped after
                out.append(f"<dt>Chủ trì</dt><dd>{escape('; '.join(map(str, lead)))}</dd>")
            out.append("</dl>\n")
        level_targets = get(item, "level_targets")
        if level_targets:
            levels = get(L, "levels")
            levels_get = levels.get if type(levels) is dict else self._env_get(levels, "get")
            out.append('<ul class="levels">')
            for lt in level_targets:
                level, lt_target = get(lt, "level"), get(lt, "target")
                out.append(f"<li>{escape(levels_get(level, level))}: "
                           f"<b>{escape(get(lt_target, 'raw') if lt_target else '')}</b></li>")
            out.append("</ul>\n")
        return Markup("".join(out))

    def item_label(self, item: Any, L: Any) -> Markup:  # noqa: N803 — the templates' name
        """"Nhiệm vụ 12": the item's kind in words and its number."""
        get = self._get
        label = get(item, "label")
        kinds = get(L, "kinds")
        kinds_get = kinds.get if type(kinds) is dict else self._env_get(kinds, "get")
        kind = escape(kinds_get(get(item, "kind"), "Mục"))
        return Markup(f'<span class="kind">{kind}</span> <span class="num">{escape(label)}</span>' if label
                      else f'<span class="kind">{kind}</span>')


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
    env.globals["report_macros"] = Macros(env)
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
