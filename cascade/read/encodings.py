"""Decoding text files and converting legacy Vietnamese encodings (TCVN3/ABC, VNI, windows-1258) to Unicode NFC.

Older administrative documents were typed in TCVN3 (fonts ".VnTime", ".VnArial", …) or VNI (fonts "VNI-Times", …):
the bytes are ordinary 8-bit characters that only the special font draws as Vietnamese letters. Read as Unicode they
look like mojibake ("C¶i c¸ch hµnh chÝnh"), so we recognize that and map it back.

The tables below were checked against the TCVN3 and VNI-Windows tables of the Vietnamese keyboard drivers
NAKL (huyphan/NAKL) and VBKey (khiemdoan/VBKey) and the X11 `tcvn.h` converter.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cascade.errors import ReadError

# --- TCVN3 (ABC): one 8-bit code per letter; only lower-case letters and seven upper-case bases have codes ---------
# Unicode letters, in the order of _TCVN3_CODES below.
_TCVN3_UNI = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
_TCVN3_CODES = (
    "\xb5\xb8\xb6\xb7\xb9"
    "\xa8\xbb\xbe\xbc\xbd\xc6"
    "\xa9\xc7\xca\xc8\xc9\xcb"
    "\xae"
    "\xcc\xd0\xce\xcf\xd1"
    "\xaa\xd2\xd5\xd3\xd4\xd6"
    "\xd7\xdd\xd8\xdc\xde"
    "\xdf\xe3\xe1\xe2\xe4"
    "\xab\xe5\xe8\xe6\xe7\xe9"
    "\xac\xea\xed\xeb\xec\xee"
    "\xef\xf3\xf1\xf2\xf4"
    "\xad\xf5\xf8\xf6\xf7\xf9"
    "\xfa\xfd\xfb\xfc\xfe"
    "\xa1\xa2\xa7\xa3\xa4\xa5\xa6"
)
assert len(_TCVN3_UNI) == len(_TCVN3_CODES) == 74
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_CODES, _TCVN3_UNI, strict=True))
UNICODE_TO_TCVN3: dict[str, str] = {v: k for k, v in TCVN3_TO_UNICODE.items()}
_TCVN3_TRANS = str.maketrans(TCVN3_TO_UNICODE)

# --- VNI-Windows: base ASCII letter followed by a modifier character; a few letters are single characters ----------
# Tone modifiers (lower, upper) in the order: grave, acute, hook, tilde, dot.
_VNI_TONES_LOWER = "\xf8\xf9\xfb\xf5\xef"  # ø ù û õ ï
_VNI_TONES_UPPER = "\xd8\xd9\xdb\xd5\xcf"  # Ø Ù Û Õ Ï
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # grave, acute, hook above, tilde, dot below
# â/ê/ô with tones: circumflex, then grave acute hook tilde dot
_VNI_CIRC_LOWER = ("\xe2", "\xe0\xe1\xe5\xe3\xe4")  # â, (à á å ã ä)
_VNI_CIRC_UPPER = ("\xc2", "\xc0\xc1\xc5\xc3\xc4")
_VNI_BREVE_LOWER = ("\xea", "\xe8\xe9\xfa\xfc\xeb")  # ê, (è é ú ü ë)
_VNI_BREVE_UPPER = ("\xca", "\xc8\xc9\xda\xdc\xcb")
# single-character letters
_VNI_SINGLE = {
    "\xf1": "đ", "\xd1": "Đ",
    "\xf4": "ơ", "\xd4": "Ơ",
    "\xf6": "ư", "\xd6": "Ư",
    "\xec": "ì", "\xed": "í", "\xe6": "ỉ", "\xf3": "ĩ", "\xf2": "ị",
    "\xcc": "Ì", "\xcd": "Í", "\xc6": "Ỉ", "\xd3": "Ĩ", "\xd2": "Ị",
    "\xee": "ỵ", "\xce": "Ỵ",
}  # fmt: skip


def _build_vni() -> dict[str, str]:
    table: dict[str, str] = {}

    def nfc(s: str) -> str:
        return unicodedata.normalize("NFC", s)

    for upper in (False, True):
        tones = _VNI_TONES_UPPER if upper else _VNI_TONES_LOWER
        circ = _VNI_CIRC_UPPER if upper else _VNI_CIRC_LOWER
        breve = _VNI_BREVE_UPPER if upper else _VNI_BREVE_LOWER
        bases = "AEOUY" if upper else "aeouy"
        horn_o, horn_u = ("\xd4", "\xd6") if upper else ("\xf4", "\xf6")
        for base in bases:
            for mod, tone in zip(tones, _TONES, strict=True):
                if base in "yY" and tone == "\u0323":
                    continue  # ỵ is the single character î
                table[base + mod] = nfc(base + tone)
        for base in ("A", "E", "O") if upper else ("a", "e", "o"):
            table[base + circ[0]] = nfc(base + "\u0302")
            for mod, tone in zip(circ[1], _TONES, strict=True):
                table[base + mod] = nfc(base + "\u0302" + tone)
        a = "A" if upper else "a"
        table[a + breve[0]] = nfc(a + "\u0306")
        for mod, tone in zip(breve[1], _TONES, strict=True):
            table[a + mod] = nfc(a + "\u0306" + tone)
        for horn, letter in ((horn_o, "o"), (horn_u, "u")):
            letter = letter.upper() if upper else letter
            for mod, tone in zip(tones, _TONES, strict=True):
                table[horn + mod] = nfc(letter + "\u031b" + tone)
    table.update(_VNI_SINGLE)
    return table


VNI_TO_UNICODE: dict[str, str] = _build_vni()
UNICODE_TO_VNI: dict[str, str] = {}
for _k, _v in sorted(VNI_TO_UNICODE.items(), key=lambda kv: len(kv[0])):
    UNICODE_TO_VNI.setdefault(_v, _k)
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))


def tcvn3_to_unicode(s: str) -> str:
    """Convert TCVN3 (ABC) text, as read through a Latin-1/cp1252 view of its bytes, to Unicode NFC."""
    return unicodedata.normalize("NFC", s.translate(_TCVN3_TRANS))


def vni_to_unicode(s: str) -> str:
    """Convert VNI-Windows text, as read through a cp1252 view of its bytes, to Unicode NFC."""
    return unicodedata.normalize("NFC", _VNI_RE.sub(lambda m: VNI_TO_UNICODE[m.group(0)], s))


def unicode_to_tcvn3(s: str) -> str:
    """The TCVN3 form of Unicode text (upper-case toned letters, which TCVN3 lacks, are lowered). For tests and fixtures."""
    out = []
    for ch in unicodedata.normalize("NFC", s):
        if ch in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[ch])
        elif ch.lower() in UNICODE_TO_TCVN3 and ch != ch.lower():
            out.append(UNICODE_TO_TCVN3[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)


def unicode_to_vni(s: str) -> str:
    """The VNI-Windows form of Unicode text. For tests and fixtures."""
    return "".join(UNICODE_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", s))


def unicode_to_cp1258(s: str) -> bytes:
    """Windows-1258 bytes of Unicode text: base letter (precomposed where cp1258 has it) plus a combining tone.
    For tests and fixtures."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        nfd = unicodedata.normalize("NFD", ch)
        base, marks = nfd[0], nfd[1:]
        # keep the circumflex/breve/horn on the base when cp1258 has that letter; the tone goes separately
        for mark in [m for m in marks if m not in _TONES]:
            candidate = unicodedata.normalize("NFC", base + mark)
            if len(candidate) == 1 and _encodable(candidate):
                base, marks = candidate, marks.replace(mark, "", 1)
        out += (base + marks).encode("cp1258")
    return bytes(out)


def _encodable(ch: str) -> bool:
    try:
        ch.encode("cp1258")
    except UnicodeEncodeError:
        return False
    return True


# --- Recognizing Vietnamese -----------------------------------------------------------------------------------------
_VN_LETTERS = set("aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz")
_VN_LETTERS |= {c.upper() for c in _VN_LETTERS}
# non-ASCII characters that real Vietnamese documents use besides letters
_OK_SYMBOLS = set("“”‘’–—…•·«»°±×÷§©®€²³½¼¾≤≥→←\u00a0\ufeff")
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"([aăâeêioôơuưy]{1,3})"
    r"(ch|ng|nh|c|m|n|p|t)?"
)
_TONE_MARKS = set(_TONES)
_WORD = re.compile(r"[^\W\d_]+")


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    return _SYLLABLE.fullmatch(bare) is not None


@lru_cache(maxsize=4096)
def _word_score(word: str) -> int:
    # words repeat a lot in a plan, so each distinct word is judged once
    if word.isascii():
        return 0
    return 1 if all(ch in _VN_LETTERS for ch in word) and _is_syllable(word) else -1


def vietnamese_score(text: str) -> int:
    """How much `text` looks like correctly decoded Vietnamese: accented words that are real syllables score +1,
    accented non-syllables and stray symbols score -1. Used to choose between candidate decodings."""
    score = sum(_word_score(word) for word in _WORD.findall(text))
    score -= sum(1 for ch in text if not ch.isascii() and not ch.isalpha() and ch not in _OK_SYMBOLS)
    return score


# The choice between decodings needs only a sample; scoring a whole 20 MB file would be slow.
_SAMPLE = 20000


def _count_scores(line: str) -> tuple[int, int]:
    """How many words of a line are real syllables (+1) and how many broken (-1)."""
    scores = list(map(_word_score, _WORD.findall(line)))
    return scores.count(1), scores.count(-1)


# Lines up to this long are remembered: the plans of a batch repeat each other's lines, and every file is judged
# before it is read. Bounded in number and length, so the memory stays small whatever the files.
_LINE_MEMO_MAX = 1000
_line_scores = lru_cache(maxsize=4096)(_count_scores)


def fix_legacy_mojibake(text: str) -> tuple[str, str | None]:
    """If Unicode `text` is TCVN3 or VNI text shown through a Western code page, convert it.

    Returns (text, "tcvn3" | "vni" | None). Correct Unicode Vietnamese is left alone: converting it would break its
    syllables and lower the score.
    """
    sample = text[:_SAMPLE]
    good = bad = 0
    for line in sample.split("\n"):  # no word spans a line break
        g, b = _line_scores(line) if len(line) <= _LINE_MEMO_MAX else _count_scores(line)
        good += g
        bad += b
    if good >= 20 and bad <= good // 20:
        return text, None  # already real Vietnamese syllables: nothing to convert
    best: tuple[int, str | None] = (vietnamese_score(sample), None)
    converters = {"tcvn3": tcvn3_to_unicode, "vni": vni_to_unicode}
    for name, convert in converters.items():
        candidate = convert(sample)
        if candidate == sample:
            continue
        score = vietnamese_score(candidate)
        if score > best[0] + 2:
            best = (score, name)
    if best[1] is None:
        return text, None
    return converters[best[1]](text), best[1]


# --- Decoding bytes -------------------------------------------------------------------------------------------------
_CONTROL = bytes(sorted(set(range(0, 32)) - {9, 10, 12, 13}))


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text in any encoding we read: NUL bytes or many control characters."""
    sample = data[:65536]
    if not sample:
        return False
    if sample.count(0) > max(1, len(sample) // 1000):
        return True
    controls = len(sample) - len(sample.translate(None, _CONTROL))  # counted in C, not byte by byte in Python
    return controls > len(sample) // 50


def _decode_8bit(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


# cp1252 leaves five bytes undefined; legacy fonts never put letters there, so Latin-1 stands in for them
_CP1252_LENIENT = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))


def _cp1252_lenient(data: bytes) -> str:
    return data.decode("latin-1").translate(dict(enumerate(_CP1252_LENIENT)))


def decode_text(data: bytes, path: str | Path) -> tuple[str, str]:
    """Decode a text file's bytes to Unicode NFC. Returns (text, encoding name).

    Encoding names: "utf-8", "utf-8-sig", "utf-16", "windows-1258", "tcvn3", "vni", "utf-8+tcvn3", "utf-8+vni" (UTF-8
    text whose letters were TCVN3/VNI codes), "utf-8+windows-1258" … (a UTF-8 file with some lines in a legacy
    encoding, see `decode_text_notes`). Raises ReadError for binary data or text in no supported encoding.
    """
    text, encoding, _ = decode_text_notes(data, path)
    return text, encoding


@dataclass
class MixedLine:
    """A line of a mostly UTF-8 file that was not UTF-8: its 1-based number and how it was read."""

    number: int
    encoding: str  # "windows-1258" | "tcvn3" | "vni" | "utf-8" (invalid bytes dropped)
    dropped: int = 0  # bytes left out (stray bytes that are no letter in any encoding)


# Past this many non-UTF-8 lines a file is not "mostly UTF-8" with a few stray lines but a legacy file.
MAX_MIXED_LINES = 500


def decode_text_notes(data: bytes, path: str | Path) -> tuple[str, str, list[str]]:
    """`decode_text`, plus the Vietnamese notes to show the user: which lines of a mostly UTF-8 file were read
    in another encoding (a windows-1258 paragraph pasted into a UTF-8 file) or had stray bytes dropped.

    A file is mostly UTF-8 when its valid UTF-8 lines hold more non-ASCII letters than its broken lines hold
    non-ASCII bytes: then each broken line is decoded on its own (the reading with the most real Vietnamese
    syllables wins), instead of refusing the plan or reading the whole file in a legacy code page.
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
                       (codecs.BOM_UTF8, "utf-8-sig")):  # fmt: skip
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                if codec == "utf-8-sig":
                    mixed = _decode_mixed(data[len(bom) :])
                    if mixed is not None:
                        return _finish_mixed(*mixed, "utf-8-sig")
                raise ReadError.for_file(
                    path,
                    f"tệp có dấu hiệu bảng mã {codec.upper()} nhưng nội dung bị hỏng, không chuyển được",
                    f"{codec} BOM but undecodable content: {exc}",
                    code="encoding",
                ) from exc
            text = text.lstrip("\ufeff")
            fixed, legacy = fix_legacy_mojibake(unicodedata.normalize("NFC", text))
            return fixed, f"{codec}+{legacy}" if legacy else codec, []
    if looks_binary(data):
        raise ReadError.for_file(
            path,
            "nội dung là dữ liệu nhị phân, không phải văn bản",
            "binary data (NUL/control bytes)",
            code="binary",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        fixed, legacy = fix_legacy_mojibake(unicodedata.normalize("NFC", text))
        return fixed, f"utf-8+{legacy}" if legacy else "utf-8", []
    mixed = _decode_mixed(data)
    if mixed is not None:
        return _finish_mixed(*mixed, "utf-8")
    # Not UTF-8: an 8-bit legacy encoding. Pick the decoding that reads as the most real Vietnamese syllables.
    western = _cp1252_lenient(data)
    candidates: list[tuple[str, str]] = []
    cp1258 = _decode_8bit(data, "cp1258")
    if cp1258 is not None:
        candidates.append(("windows-1258", unicodedata.normalize("NFC", cp1258)))
    candidates.append(("tcvn3", tcvn3_to_unicode(western)))
    candidates.append(("vni", vni_to_unicode(western)))
    scored = [(vietnamese_score(text), i, enc, text) for i, (enc, text) in enumerate(candidates)]
    score, _, encoding, text = max(scored, key=lambda t: (t[0], -t[1]))
    letters = sum(1 for ch in text if ch.isalpha())
    if score <= 0 or letters < len(text) // 4:
        raise ReadError.for_file(
            path,
            "không nhận ra bảng mã của văn bản (không phải UTF-8, UTF-16, Windows-1258, TCVN3 hay VNI)",
            f"not decodable as utf-8/utf-16/cp1258/tcvn3/vni (best {encoding}, score {score})",
            code="binary",
        )
    return text, encoding, []


def _decode_line(raw: bytes) -> tuple[str, MixedLine]:
    """One non-UTF-8 line, read in the encoding that gives the most real Vietnamese syllables; with no reading
    better than UTF-8 without its invalid bytes, those bytes are dropped."""
    western = _cp1252_lenient(raw)
    kept = raw.decode("utf-8", errors="ignore")
    dropped = len(raw) - len(kept.encode("utf-8"))
    candidates: list[tuple[str, str]] = [("utf-8", unicodedata.normalize("NFC", kept))]
    cp1258 = _decode_8bit(raw, "cp1258")
    if cp1258 is not None:
        candidates.append(("windows-1258", unicodedata.normalize("NFC", cp1258)))
    candidates.append(("tcvn3", tcvn3_to_unicode(western)))
    candidates.append(("vni", vni_to_unicode(western)))
    # a tie goes to the earlier candidate: dropping a few bytes beats re-reading a whole line in a guessed code page
    score, _, encoding, text = max(((vietnamese_score(t), -i, e, t) for i, (e, t) in enumerate(candidates)))
    return text, MixedLine(0, encoding, dropped if encoding == "utf-8" else 0)


def _decode_mixed(data: bytes) -> tuple[str, list[MixedLine]] | None:
    """A mostly UTF-8 file decoded line by line where it is not UTF-8, or None when it is not mostly UTF-8.

    Only the broken lines are handled one by one (the valid stretches between them are decoded whole), so a large
    file with a few bad lines costs about two UTF-8 decodes."""
    view = memoryview(data)
    pieces: list[str] = []
    mixed: list[MixedLine] = []
    utf8_extra = 0  # bytes of multi-byte characters in the valid stretches: how much real UTF-8 the file holds
    bad_high = 0  # non-ASCII bytes of the broken lines
    pos, line_no = 0, 1
    while pos < len(data):
        try:
            pieces.append(str(view[pos:], "utf-8"))
            utf8_extra += len(data) - pos - len(pieces[-1])
            break
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
        start = data.rfind(b"\n", pos, bad) + 1 or pos
        start = max(start, pos)
        end = data.find(b"\n", bad)
        end = len(data) if end < 0 else end
        good = str(view[pos:start], "utf-8")
        pieces.append(good)
        utf8_extra += start - pos - len(good)
        line_no += data.count(b"\n", pos, start)
        raw = bytes(view[start:end])
        bad_high += sum(1 for b in raw if b >= 0x80)
        text, note = _decode_line(raw)
        note.number = line_no
        mixed.append(note)
        pieces.append(text)
        if len(mixed) > MAX_MIXED_LINES:
            return None
        pos = end
    if utf8_extra <= bad_high:
        return None
    return "".join(pieces), mixed


_ENCODING_VI = {"windows-1258": "Windows-1258", "tcvn3": "TCVN3 (ABC)", "vni": "VNI"}


def _line_list(numbers: list[int], most: int = 15) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" … (tổng {len(numbers)} dòng)" if len(numbers) > most else "")


def _finish_mixed(text: str, mixed: list[MixedLine], base: str) -> tuple[str, str, list[str]]:
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    notes = []
    legacy = sorted({m.encoding for m in mixed if m.encoding != "utf-8"})
    for enc in legacy:
        numbers = [m.number for m in mixed if m.encoding == enc]
        notes.append(f"Tệp dùng bảng mã UTF-8 nhưng {'dòng' if len(numbers) == 1 else 'các dòng'} "
                     f"{_line_list(numbers)} ở bảng mã {_ENCODING_VI[enc]}: đã chuyển sang Unicode; hãy đối chiếu "
                     "với bản gốc.")
    stray = [m for m in mixed if m.encoding == "utf-8"]
    if stray:
        count = sum(m.dropped for m in stray)
        notes.append(f"Tệp có {count} byte lỗi không thuộc bảng mã nào ở "
                     f"{'dòng' if len(stray) == 1 else 'các dòng'} {_line_list([m.number for m in stray])}: "
                     "đã bỏ các byte này khi đọc; hãy đối chiếu với bản gốc.")
    return text, "+".join([base, *legacy]), notes
