"""The HTML report's repeated pieces of markup, written in Python: what `partials/macros.html` binds.

A report shows a hundred rows in its side-by-side table; as jinja2 macros, the calls, attribute look-ups and
escapes of those rows cost most of the report's time. These functions return the very bytes the jinja2 macros of
`partials/macros_jinja.html` return (tests/test_report_speed.py renders reports both ways and compares them):

- a value is read as the template's `a.b` reads it: an audit dict's missing key is jinja2's undefined, shown as
  nothing (the view objects of `cascade.report.view` always have their attributes, so they are read directly);
- every value is escaped as autoescape escapes it (markupsafe), the markup of a nested macro is not escaped again;
- the whitespace is what the template's `trim_blocks` and `lstrip_blocks` leave.

A province that wants other markup copies `partials/macros_jinja.html` to its templates folder as
`partials/macros.html`; the report then uses its jinja2 macros.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import Environment
from markupsafe import Markup, escape

try:  # the C function markupsafe.escape itself calls on a str: same text, without building a Markup object
    from markupsafe import _escape_inner as _escape_str  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover — another markupsafe: the public function
    def _escape_str(text: str) -> str:
        return str(escape(text))


def esc(value: Any) -> str:
    """`{{ value }}` under autoescape: text escaped, markup as is, undefined as nothing, anything else as str()."""
    return _escape_str(value) if value.__class__ is str else str(escape(value))


def _join(value: Any, sep: str) -> str:
    """jinja2's `join` filter under autoescape, for items that are not markup: their text joined, escaped after."""
    return esc(sep.join(map(str, value)))


class Macros:
    """The macros of `partials/macros_jinja.html` for one jinja2 environment (its undefined and `a.b`)."""

    def __init__(self, env: Environment, pct: Callable[[Any], str]) -> None:
        undefined = env.undefined()
        env_get = env.getattr
        self._env_get = env_get
        self._pct = pct

        def get(obj: Any, name: str) -> Any:
            """`obj.name` in a template, for names that are no dict method's (`item.text`, not `L.levels.get`)."""
            if type(obj) is dict:
                return obj.get(name, undefined)
            return env_get(obj, name)

        self._get = get
        self._undefined = undefined

    # -- the macros a template calls: markup --------------------------------------------------------------------

    def segments(self, segs: Any) -> Markup:
        """A text's diff segments: unchanged words as is, <del> removed ones, <ins> added ones."""
        return Markup(self._segments(segs))

    def badge(self, f: Any) -> Markup:
        """A finding's type as a coloured badge, its severity in the tooltip."""
        return Markup(self._badge(f))

    def meta(self, item: Any, L: Any, changed: Any = ()) -> Markup:  # noqa: N803 — the templates' name
        """An item's deadline, target and lead agencies (a <dl>), and its targets per level (a <ul>)."""
        return Markup(self._meta(item, L, changed))

    def item_label(self, item: Any, L: Any) -> Markup:  # noqa: N803 — the templates' name
        """"Nhiệm vụ 12": the item's kind in words and its number."""
        return Markup(self._item_label(item, L))

    def row(self, row: Any, area: Any, L: Any) -> Markup:  # noqa: N803 — the templates' name
        """One parent item of the side-by-side table: its text, the child items that carry it, their links, the
        findings (a `cascade.report.view.Row` of an `AreaView`)."""
        return Markup(self._row(row, area, L))

    # -- the same as text ----------------------------------------------------------------------------------------

    @staticmethod
    def _segments(segs: Any) -> str:
        out = []
        for s in segs:  # Segment objects (a frozen dataclass): both attributes always there
            op, text = s.op, esc(s.text)
            out.append(text if op == "same" else f"<del>{text}</del>" if op == "del" else f"<ins>{text}</ins>")
        return "".join(out)

    @staticmethod
    def _badge(f: Any) -> str:
        return f'<span class="badge sev-{esc(f.severity)}" title="{esc(f.severity_vi)}">{esc(f.type_vi)}</span>'

    def _meta(self, item: Any, L: Any, changed: Any) -> str:  # noqa: N803
        get = self._get
        if type(item) is dict:  # the audit's items: read without a call per key
            u = self._undefined
            deadline, target, lead = item.get("deadline", u), item.get("target", u), item.get("lead", u)
            level_targets = item.get("level_targets", u)
        else:
            deadline, target, lead = get(item, "deadline"), get(item, "target"), get(item, "lead")
            level_targets = get(item, "level_targets")
        if not (deadline or target or lead or level_targets):  # most items
            return ""
        d = get(deadline, "raw") if deadline else None
        t = get(target, "raw") if target else None
        out = []
        if d or t or lead:
            out.append('<dl class="meta">\n')
            chg = ' class="chg"' if "weakened_deadline" in changed else ""
            # a product written in the deadline column is no deadline: say so rather than show it as a date
            if d and get(deadline, "kind") == "unknown":
                out.append(f"<dt>Thời hạn</dt><dd{chg}>không ghi (cột thời hạn ghi: {esc(d)})</dd>\n")
            elif d:
                out.append(f"<dt>Thời hạn</dt><dd{chg}>{esc(d)}</dd>")
            if t:
                chg = ' class="chg"' if "weakened_target" in changed else ""
                out.append(f"<dt>Chỉ tiêu</dt><dd{chg}>{esc(t)}</dd>")
            if lead:
                out.append(f"<dt>Chủ trì</dt><dd>{_join(lead, '; ')}</dd>")
            out.append("</dl>\n")
        if level_targets:
            levels_get = self._env_get(get(L, "levels"), "get")
            out.append('<ul class="levels">')
            for lt in level_targets:
                level, lt_target = get(lt, "level"), get(lt, "target")
                out.append(f"<li>{esc(levels_get(level, level))}: <b>{esc(get(lt_target, 'raw') if lt_target else '')}"
                           f"</b></li>")
            out.append("</ul>\n")
        return "".join(out)

    def _item_label(self, item: Any, L: Any) -> str:  # noqa: N803
        get = self._get
        kinds = get(L, "kinds")
        if type(item) is dict:
            u = self._undefined
            kind, label = item.get("kind", u), item.get("label", u)
        else:
            kind, label = get(item, "kind"), get(item, "label")
        kind = esc((kinds.get if type(kinds) is dict else self._env_get(kinds, "get"))(kind, "Mục"))
        if label:
            return f'<span class="kind">{kind}</span> <span class="num">{esc(label)}</span>'
        return f'<span class="kind">{kind}</span>'

    def _row(self, row: Any, area: Any, L: Any) -> str:  # noqa: N803
        get = self._get
        item, types, children, reason = row.item, row.types, row.children, row.reason
        sev = esc(row.severity)
        out = [f'<tr class="row sev-{sev}{" is-missing" if row.missing else ""}{" in-order" if row.in_order else ""}"'
               f' id="{esc(row.anchor)}"\n'
               f'        data-area="{esc(area.key)}" data-severity="{sev}" data-severities="{_join(row.severities, " ")}"\n'
               f'        data-types="{_join(types, " ")}" data-parent="{esc(get(item, "id"))}">\n'
               f'      <td class="parent">\n'
               f'        <div class="head">{self._item_label(item, L)}']
        if row.status != "required":
            out.append(f' <span class="appl appl-{esc(row.status)}" title="{esc(reason or "")}">'
                       f'{esc(row.status_vi)}</span>')
        text = self._segments(children[0].parent_segments) if children else esc(get(item, "text"))
        out.append(f'</div>\n'
                   f'        <div class="text">{text}</div>\n'
                   f'        {self._meta(item, L, types)}\n'
                   f'      </td>\n'
                   f'      <td class="child">\n')
        for c in children:
            out.append(f'        <div class="child-item">\n'
                       f'          <div class="head">{self._item_label(c.item, L)}</div>\n'
                       f'          <div class="text">{self._segments(c.text_segments)}</div>\n'
                       f'          {self._meta(c.item, L, types)}\n'
                       f'        </div>\n')
        if not children:
            out.append('        <div class="none">Không có nội dung tương ứng'
                       + (f'<br><span class="reason">({esc(reason)})</span>' if reason else "") + "</div>\n")
        out.append('      </td>\n      <td class="link">\n')
        for c in children:
            why = f'<div class="why">{esc(c.why)}</div>' if c.why else ""
            out.append(f'        <div class="link-item"><span class="link-score">{esc(self._pct(c.score))}</span>{why}'
                       f'</div>\n')
        if not children:
            out.append("—")
        out.append('      </td>\n      <td class="findings">\n')
        for f in row.findings:
            out.append(f'        <div class="finding">\n          {self._badge(f)}\n')
            if f.field_vi:
                out.append(f'<div class="change">{esc(f.field_vi)}: <span class="before">{esc(f.before)}</span> → '
                           f'<span class="after">{esc(f.after)}</span></div>')
            out.append(f'          <div class="msg">{esc(f.message)}</div>\n        </div>\n')
        if not row.findings:
            out.append('<span class="badge sev-ok">Phù hợp</span>' if children else "—")
        out.append("      </td>\n    </tr>")
        return "".join(out)
