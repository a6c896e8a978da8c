"""Normalise text for matching: traditional → simplified Chinese and full-width → half-width.

The output always has the same length as the input, character for character, so every
offset found in the normalised text is also an offset into the original. OpenCC converts
phrases as well as characters; where a phrase conversion changes the length we fall back
to converting that stretch one character at a time.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s.json")


# Full-width ASCII (！ to ～) sits 0xFEE0 above its half-width form; the ideographic space becomes a space.
# Chinese text holds such characters every few dozen, so a regex finds them and only they are replaced.
_FULL_WIDTH = re.compile(r"[\uff01-\uff5e\u3000]")
_HALF_WIDTH = {chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


# The dots pages write inside a foreign name (丹尼•拉塞尔, ナ・ボ, 羅伯特‧薩特): the middle dot the rules
# and the name readers know. A bullet, a hyphenation point, a katakana middle dot (full or half width).
_NAME_DOTS = str.maketrans(dict.fromkeys("\u2022\u2027\u2219\u30fb\uff65", "\u00b7"))


# An ASCII full stop inside a foreign name glossed in Latin letters is the name's dot (肯特.邓(Kent Deng)):
# without the gloss it may end a sentence (布林肯.布林肯表示), and the full-width stop always does.
_STOP_IN_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\.(?=[\u4e00-\u9fff]{1,4}[(\uff08][A-Za-z\uff21-\uff3a\uff41-\uff5a])")


def fold_width(text: str) -> str:
    """Full-width ASCII (！ to ～) and the ideographic space become their half-width forms; the
    variant dots of foreign names become the middle dot."""
    if "." in text:
        text = _STOP_IN_NAME.sub("\u00b7", text)  # before folding: a full-width stop is never a dot
    return _FULL_WIDTH.sub(lambda m: _HALF_WIDTH[m[0]], text).translate(_NAME_DOTS)


def to_simplified(text: str) -> str:
    converted = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    # Length changed (a rare phrase mapping): convert per line, then per character where needed.
    parts = []
    for line in text.splitlines(keepends=True):
        line_conv = _converter().convert(line)
        if len(line_conv) != len(line):
            line_conv = "".join(_char(ch) for ch in line)
        parts.append(line_conv)
    return "".join(parts)


def _char(ch: str) -> str:
    conv = _converter().convert(ch)
    return conv if len(conv) == 1 else ch


def normalize(text: str) -> str:
    """The matching form of `text`: simplified, width-folded, same length."""
    # Fold width first so OpenCC sees ASCII punctuation and digits as it expects.
    return to_simplified(fold_width(text))


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")  # raw: the range as regex escapes, like HAN elsewhere
_CHUNK = 64


def has_traditional(text: str, sample: int = 2000) -> bool:
    """True where conversion changes a noticeable share of the Han characters (a traditional-script text)."""
    head = text[:sample]
    han = sum(map(len, _HAN_RUN.findall(head)))
    if not han:
        return False
    changed = 0
    for a, b in _differing_chunks(head, to_simplified(head)):
        changed += sum(map(operator.ne, a, b))
        if changed / han > 0.05:
            return True  # the share only grows from here
    return False


def _differing_chunks(text: str, converted: str) -> Iterator[tuple[str, str]]:
    """The pieces of `text` that conversion changed, beside their conversion (it keeps the length).

    A chunk at a time: most of a text converts to itself, and such a chunk compares equal as a
    whole string, in C, where comparing its characters one by one would take a Python loop.
    """
    if len(converted) != len(text):
        raise ValueError("conversion changed the text's length")
    for at in range(0, len(text), _CHUNK):
        a, b = text[at:at + _CHUNK], converted[at:at + _CHUNK]
        if a != b:
            yield a, b


def converter_version() -> str:
    """What the conversion depends on, for cache keys: OpenCC's version (its dictionaries ship with it)."""
    return f"opencc {getattr(opencc, '__version__', 'unknown')}"


TRADITIONAL_FORMS = ("s2t.json", "s2twp.json", "s2hk.json")  # standard, Taiwan (義大利, 紐西蘭), Hong Kong (台灣)


@lru_cache(maxsize=len(TRADITIONAL_FORMS))
def _to_traditional(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional_forms(text: str) -> tuple[str, ...]:
    """A name from the rules (simplified) as traditional script writes it: standard, Taiwan and Hong Kong
    usage, distinct, standard first."""
    return tuple(dict.fromkeys(_to_traditional(config).convert(text) for config in TRADITIONAL_FORMS))
