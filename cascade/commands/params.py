"""Option values officials type in their own words: "--level huyện", "--fail-on lỗi".

The help shows only the Vietnamese words; the codes of the JSON contract ("huyen", "error") are still accepted, so
scripts written against them keep working. Typed without diacritics or in capitals, a word is still understood.
"""

from __future__ import annotations

import click

from cascade.text import fold


class WordChoice(click.ParamType):
    """A choice among Vietnamese words, each standing for one code: the command receives the code."""

    name = "word_choice"

    def __init__(self, words: dict[str, str], metavar: str) -> None:
        self.words = words  # Vietnamese word → code
        self.metavar = metavar
        self._lookup = {_key(w): c for w, c in words.items()} | {_key(c): c for c in words.values()}

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:  # click 8.1 and 8.2+
        return f"[{'|'.join(self.words)}]"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> str:
        code = self._lookup.get(_key(str(value)))
        if code is None:
            self.fail(f"“{value}” không phải một trong: {', '.join(self.words)}.", param, ctx)
        return code


def _key(word: str) -> str:
    return " ".join(fold(word).replace("-", " ").replace("_", " ").split())


LEVEL = WordChoice({"tỉnh": "tinh", "sở": "so", "huyện": "huyen", "phòng": "phong", "xã": "xa"}, "CẤP")
CHILD_LEVEL = WordChoice({"sở": "so", "huyện": "huyen", "phòng": "phong", "xã": "xa"}, "CẤP")
SEVERITY = WordChoice({"lỗi": "error", "cảnh-báo": "warning"}, "MỨC")
