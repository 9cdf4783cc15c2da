"""Reading a Word .docx into a `Document`: body paragraphs and tables in order, with Word's automatic numbering
labels restored, merged cells read once, and runs in legacy TCVN3/VNI fonts converted to Unicode."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.oxml.ns import qn

from cascade.errors import ReadError
from cascade.model import SourceRef
from cascade.read.document import Block, Document, Row
from cascade.read.encodings import tcvn3_to_unicode, vni_to_unicode
from cascade.read.zipguard import check_archive

MAX_UNCOMPRESSED = 200 * 1024 * 1024
# One XML part (document.xml, numbering.xml, …) inflated: lxml holds it as a tree several times its size, so a
# larger part would take the reader past a few hundred MB. A 300-page plan's document.xml is about 10 MB.
MAX_XML_PART = 32 * 1024 * 1024
# XML elements one part may hold: lxml keeps each as a node of ~100+ bytes and the reader visits each (1,000,000
# empty paragraphs took 166 MB and 24 s), so this bounds both.
# A 40-page plan's document.xml has about 100,000.
MAX_XML_ELEMENTS = 600_000

_P, _TBL, _TR, _TC, _R = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:r")
_SKIP = {qn("w:del"), qn("w:moveFrom"), qn("w:drawing"), qn("w:pict"), qn("w:pPr"), qn("w:rPr"), qn("w:txbxContent")}
_VAL = qn("w:val")


# --- legacy fonts ---------------------------------------------------------------------------------------------------
@dataclass
class _FontRules:
    tcvn3: list[str]
    upper_suffix: str
    vni: list[str]
    unsupported: dict[str, list[str]]

    @classmethod
    def load(cls) -> _FontRules:
        from cascade.rules import load_rules

        r = load_rules("legacy_fonts")
        return cls(
            [p.lower() for p in r["tcvn3"]["prefixes"]],
            r["tcvn3"].get("uppercase_suffix", "H"),
            [p.lower() for p in r["vni"]["prefixes"]],
            {k: [p.lower() for p in v] for k, v in (r.get("unsupported") or {}).items()},
        )

    def encoding_of(self, font: str | None) -> str | None:
        """ "tcvn3", "tcvn3-upper", "vni", "unsupported:<name>" or None for a Unicode font."""
        if not font:
            return None
        low = font.strip().lower()
        if any(low.startswith(p) for p in self.tcvn3):
            return "tcvn3-upper" if font.strip().endswith(self.upper_suffix) else "tcvn3"
        if any(low.startswith(p) for p in self.vni):
            return "vni"
        for name, prefixes in self.unsupported.items():
            if any(low.startswith(p) for p in prefixes):
                return f"unsupported:{name}"
        return None


def _convert(text: str, encoding: str | None) -> str:
    if encoding is None:
        return text
    # symbol-charset fonts store byte b as U+F000+b
    text = "".join(chr(ord(c) - 0xF000) if 0xF020 <= ord(c) <= 0xF0FF else c for c in text)
    if encoding == "vni":
        return vni_to_unicode(text)
    out = tcvn3_to_unicode(text)
    return out.upper() if encoding == "tcvn3-upper" else out


def _fonts_of(rpr) -> str | None:
    if rpr is None:
        return None
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        return None
    # bytes >= 0x80 are drawn with the hAnsi font; ASCII with the ascii font
    return rfonts.get(qn("w:hAnsi")) or rfonts.get(qn("w:ascii"))


class _Styles:
    """Font and numbering inherited from styles (basedOn chains) and document defaults."""

    def __init__(self, document) -> None:
        root = document.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        self.default_font = _fonts_of(defaults)
        self.default_para = next(
            (
                sid
                for sid, s in self.by_id.items()
                if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find(qn("w:basedOn"))
            style_id = based.get(_VAL) if based is not None else None

    def font(self, style_id: str | None) -> str | None:
        for style in self._chain(style_id):
            f = _fonts_of(style.find(qn("w:rPr")))
            if f:
                return f
        return None

    def num_pr(self, style_id: str | None) -> tuple[str, int] | None:
        """(numId, ilvl) a paragraph style attaches to its paragraphs."""
        for style in self._chain(style_id):
            ppr = style.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            if numpr is not None:
                num = numpr.find(qn("w:numId"))
                lvl = numpr.find(qn("w:ilvl"))
                if num is not None:
                    return num.get(_VAL), int(lvl.get(_VAL)) if lvl is not None else 0
        return None


# --- automatic numbering -------------------------------------------------------------------------------------------
_BULLET_KEEP = {"-", "+", "*"}


def _roman(n: int) -> str:
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word's lowerLetter: a … z, then aa … zz, aaa …
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A counter value in a Word numFmt (decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, …)."""
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level; None = after any higher level


class Numbering:
    """Word's list numbering (numbering.xml): computes the label each numbered paragraph shows."""

    def __init__(self, abstract: dict[str, dict[int, _Level]], nums: dict[str, tuple[str, dict[int, int]]]) -> None:
        self.abstract = abstract
        self.nums = nums
        self.counters: dict[str, dict[int, int]] = {}
        self.restarted: set[str] = set()  # nums whose startOverride has been applied

    @classmethod
    def from_document(cls, document) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls({}, {})
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in an.findall(qn("w:lvl")):
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = _parse_level(lvl)
            abstract[an.get(qn("w:abstractNumId"))] = levels
        nums: dict[str, tuple[str, dict[int, int]]] = {}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            overrides: dict[int, int] = {}
            for ov in num.findall(qn("w:lvlOverride")):
                so = ov.find(qn("w:startOverride"))
                if so is not None:
                    overrides[int(ov.get(qn("w:ilvl"), "0"))] = int(so.get(_VAL, "1"))
            if ref is not None:
                nums[num.get(qn("w:numId"))] = (ref.get(_VAL), overrides)
        return cls(abstract, nums)

    def next_label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list's counter at `ilvl` and return the label ("1.", "1.2.", "a)", "-"), or None."""
        if num_id not in self.nums:
            return None
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        level = levels.get(ilvl, _Level())
        # One counter per list definition: a num with a startOverride restarts it the first time it is used and
        # then counts on with the rest. LibreOffice saves a restarted list as its first paragraph on a num of its
        # own and the following ones on the base num, so separate counters would read "1" where Word shows "2".
        counters = self.counters.setdefault(f"abs:{abstract_id}", {})
        if overrides and num_id not in self.restarted:
            self.restarted.add(num_id)
            for lv, value in overrides.items():
                counters[lv] = value - 1
                for deeper in [d for d in counters if d > lv]:
                    del counters[deeper]

        def start(lv: int) -> int:
            return levels.get(lv, _Level()).start

        counters[ilvl] = counters.get(ilvl, start(ilvl) - 1) + 1
        for deeper in [lv for lv in counters if lv > ilvl]:
            restart = levels.get(deeper, _Level()).restart
            if restart is None or restart > ilvl:
                del counters[deeper]
        if level.fmt == "bullet":
            sym = level.text.strip()
            return sym if sym in _BULLET_KEEP else "-"  # Symbol/Wingdings glyphs: plans write bullets as "-"
        label = level.text
        for lv in range(9):
            marker = f"%{lv + 1}"
            if marker in label:
                value = counters.get(lv, start(lv))
                fmt = levels.get(lv, _Level()).fmt
                if lv != ilvl and fmt == "bullet":
                    fmt = "decimal"
                label = label.replace(marker, format_number(value, fmt))
        return label.strip() or None


def _parse_level(lvl) -> _Level:
    def val(tag: str) -> str | None:
        el = lvl.find(qn(tag))
        return el.get(_VAL) if el is not None else None

    restart = val("w:lvlRestart")
    return _Level(
        fmt=val("w:numFmt") or "decimal",
        text=val("w:lvlText") if val("w:lvlText") is not None else "",
        start=int(val("w:start") or 1),
        restart=int(restart) if restart is not None else None,
    )


# --- the reader -----------------------------------------------------------------------------------------------------
@dataclass
class _Reader:
    path: Path
    styles: _Styles
    numbering: Numbering
    fonts: _FontRules
    legacy_used: set[str] = field(default_factory=set)

    def _pstyle(self, p) -> str | None:
        ppr = p.find(qn("w:pPr"))
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return ps.get(_VAL) if ps is not None else self.styles.default_para

    def _label(self, p) -> str | None:
        ppr = p.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        style = self._pstyle(p)
        num_id, ilvl = None, None
        if numpr is not None:
            n, lv = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
            num_id = n.get(_VAL) if n is not None else None
            ilvl = int(lv.get(_VAL)) if lv is not None else None
        if num_id is None or ilvl is None:
            inherited = self.styles.num_pr(style)
            if inherited:
                num_id = num_id or inherited[0]
                ilvl = ilvl if ilvl is not None else inherited[1]
        if num_id is None or num_id == "0":
            return None
        return self.numbering.next_label(num_id, ilvl or 0)

    def _run_text(self, r, para_font: str | None) -> tuple[str, str | None]:
        rpr = r.find(qn("w:rPr"))
        font = _fonts_of(rpr)
        if font is None and rpr is not None:
            rs = rpr.find(qn("w:rStyle"))
            font = self.styles.font(rs.get(_VAL)) if rs is not None else None
        font = font or para_font
        parts = []
        for child in r:
            tag = child.tag
            if tag == qn("w:t"):
                parts.append(child.text or "")
            elif tag in (qn("w:br"), qn("w:cr")):
                parts.append("\n")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            elif tag == qn("w:sym"):
                code = child.get(qn("w:char"))
                if code:
                    parts.append(chr(int(code, 16)))
        return "".join(parts), self.fonts.encoding_of(font)

    def _runs(self, elm, para_font: str | None, out: list[tuple[str, str | None]]) -> None:
        for child in elm:
            if child.tag in _SKIP:
                continue
            if child.tag == _R:
                out.append(self._run_text(child, para_font))
            elif child.tag == qn("mc:AlternateContent"):
                choice = child.find(qn("mc:Choice"))
                if choice is not None:
                    self._runs(choice, para_font, out)
            else:  # hyperlink, ins, smartTag, fldSimple, sdt, sdtContent …
                self._runs(child, para_font, out)

    def para_text(self, p) -> str:
        """Text of a w:p with its numbering label, legacy fonts converted, NFC."""
        # the paragraph mark's own rPr formats only the mark, so runs inherit from the style, then the defaults
        para_font = self.styles.font(self._pstyle(p)) or self.styles.default_font
        segments: list[tuple[str, str | None]] = []
        self._runs(p, para_font, segments)
        # merge neighbouring runs of one encoding: a VNI letter and its tone mark may sit in separate runs
        merged: list[list] = []
        for text, enc in segments:
            if merged and merged[-1][1] == enc:
                merged[-1][0] += text
            else:
                merged.append([text, enc])
        pieces = []
        for text, enc in merged:
            if enc and enc.startswith("unsupported:"):
                name = enc.split(":", 1)[1]
                raise ReadError.for_file(
                    self.path,
                    f"văn bản dùng phông chữ bảng mã {name}, chưa chuyển được sang Unicode; hãy chuyển mã (Unikey) rồi lưu lại",
                    f"runs in a {name}-encoded font are not supported",
                    "encoding",
                )
            if enc:
                self.legacy_used.add(enc.removesuffix("-upper"))
            pieces.append(_convert(text, enc))
        text = unicodedata.normalize("NFC", "".join(pieces))
        label = self._label(p)
        if label and text.strip():
            text = f"{label} {text.lstrip()}"
        elif label:
            text = label
        return text

    def cell_text(self, tc) -> str:
        lines: list[str] = []
        for child in tc:
            if child.tag == _P:
                lines.append(self.para_text(child))
            elif child.tag == _TBL:
                for row, _ in self.table_rows(child):
                    lines.append(" | ".join(c.replace("\n", " ") for c in row))
        # Word forces an empty paragraph after a nested table; drop trailing blank lines
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines).strip()

    def table_rows(self, tbl) -> list[tuple[list[str], list[bool]]]:
        """Rows of cell texts aligned to the table grid: merged cells yield their text once; with each row, which
        cells continue a vertical merge from the row above."""
        grid = tbl.find(qn("w:tblGrid"))
        ncols = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
        rows: list[tuple[list[str], list[bool]]] = []
        for tr in tbl.iter(_TR):
            if tr.getparent() is not tbl:
                continue  # rows of nested tables
            trpr = tr.find(qn("w:trPr"))
            before = _int_prop(trpr, "w:gridBefore")
            cells = [""] * before
            merged = [False] * before
            for tc in tr.findall(_TC):
                tcpr = tc.find(qn("w:tcPr"))
                span = max(1, _int_prop(tcpr, "w:gridSpan", 1))
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(_VAL) != "restart"
                text = self.cell_text(tc)  # always read: numbering counters advance in hidden cells too
                cells.append("" if continued else text)
                cells.extend([""] * (span - 1))
                merged.extend([continued] * span)
            if len(cells) < ncols:
                merged.extend([False] * (ncols - len(cells)))
                cells.extend([""] * (ncols - len(cells)))
            rows.append((cells, merged))
        return rows


def _int_prop(parent, tag: str, default: int = 0) -> int:
    if parent is None:
        return default
    el = parent.find(qn(tag))
    try:
        return int(el.get(_VAL)) if el is not None else default
    except (TypeError, ValueError):
        return default


def read_docx(path: str | Path, data: bytes | None = None, max_uncompressed: int = MAX_UNCOMPRESSED) -> Document:
    """Read a .docx: body paragraphs and tables in document order (one Block each; a paragraph with line breaks
    gives one Block per line). `SourceRef.line` is the 1-based body paragraph number, `table`/`row` 0-based."""
    p = Path(path)
    if data is None:
        data = p.read_bytes()
    # every member inflated as a stream and counted before python-docx reads it whole (see cascade.read.zipguard)
    check_archive(data, p, "Word (.docx)", max_uncompressed, MAX_XML_PART, MAX_XML_ELEMENTS)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError/ValueError/lxml errors on damaged parts
        raise ReadError.for_file(p, "tệp Word (.docx) bị hỏng, không mở được", f"python-docx failed: {exc!r}", "corrupt") from exc
    reader = _Reader(p, _Styles(document), Numbering.from_document(document), _FontRules.load())
    doc = Document(path=str(p), format="docx")
    body = document.element.body
    para_no = 0
    table_no = 0
    for child in body.iterchildren():
        if child.tag == _P:
            para_no += 1
            text = reader.para_text(child)
            for line in text.split("\n"):
                if line.strip():
                    doc.blocks.append(Block("para", text=line.strip(), source=SourceRef(str(p), line=para_no)))
        elif child.tag == _TBL:
            rows = [
                Row(cells, SourceRef(str(p), table=table_no, row=i), merged_above=merged)
                for i, (cells, merged) in enumerate(reader.table_rows(child))
            ]
            doc.blocks.append(Block("table", rows=rows, source=SourceRef(str(p), table=table_no)))
            table_no += 1
    if reader.legacy_used:
        doc.encoding = "+".join(sorted(reader.legacy_used))
        doc.warnings.append(
            "Văn bản có đoạn dùng phông chữ cũ ("
            + ", ".join(e.upper() for e in sorted(reader.legacy_used))
            + "), đã chuyển sang Unicode."
        )
    return doc
