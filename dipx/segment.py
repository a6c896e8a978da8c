"""Sentences and tokens. The only module that imports jieba (or rjieba).

jieba keeps global state, logs at import and caches its dictionary in the shared temp folder,
so dipx owns one private `jieba.Tokenizer`, silenced, that never touches jieba's cache (its
dictionary is kept in dipx's own checked cache), with the rules' words added once per process.

rjieba (`pip install 'dipx[fast]'`) binds jieba-rs, the same dictionary and algorithm in Rust.
When it is installed it is used unless `--tokenizer jieba` (or DIPX_TOKENIZER=jieba) says
otherwise, and jieba's own 71 MiB dictionary is then never loaded: dipx reads only a token's
frequency class from it, which a small table of jieba's common words gives.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
from collections.abc import Callable, Iterable
from itertools import accumulate, islice, repeat
from pathlib import Path
from types import ModuleType

from . import cache
from .model import BODY_KINDS, Document, Sentence, Token
from .normalize import normalize

BACKENDS = ("jieba", "rjieba")
USER_WORD_FREQ = 200000  # a high frequency makes the rules' words win over jieba's own splits
# Frequencies the resolvers compare against (resolve/people.py: 1000) are this or above: below
# it, a known word's exact frequency is never read, only that it is not 0.
COMMON_FLOOR = 1000

# A sentence ends at these (after width folding) unless inside quotation marks.
ENDERS = frozenset("。!?！？…")
OPENERS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
CLOSERS = frozenset("”」』’)）》")
# Matching, actors and meetings cost more than linear time in a sentence's length, so a long sentence is cut
# into pieces: above SOFT_MAX characters at semicolons, line breaks and between quoted passages (a chronology,
# a paragraph of quotes); what is still above HARD_MAX is cut at a comma or space near the limit, else at it.
# Real news sentences stay far below (the longest in the sample and held-out sets is 128).
SOFT_MAX = 200
HARD_MAX = 400
SOFT_BREAKS = frozenset(";；\n")
QUOTE_ENDS = frozenset("”」』’")
WEAK_BREAKS = frozenset(",，、 :：")


def split_sentences(doc: Document) -> list[Sentence]:
    """Body blocks cut into sentences; offsets index doc.text; quotations are not cut inside."""
    norm = normalize(doc.text)
    sentences: list[Sentence] = []
    for b, block in enumerate(doc.blocks):
        if block.kind not in BODY_KINDS:
            continue
        for start, end in bounded_spans(norm, block.start, block.end):
            sentences.append(Sentence(len(sentences), b, start, end, doc.text[start:end], norm[start:end]))
    return sentences


def bounded_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Sentences of text[start:end], none longer than HARD_MAX characters."""
    for s_start, s_end in _sentence_spans(text, start, end):
        if s_end - s_start <= SOFT_MAX:
            yield s_start, s_end
            continue
        for p_start, p_end in _soft_pieces(text, s_start, s_end):
            yield from _capped(text, p_start, p_end)


def _soft_pieces(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    begin = start
    for i in range(start, end - 1):
        ch = text[i]
        if ch in SOFT_BREAKS or (ch in QUOTE_ENDS and text[i + 1] not in CLOSERS and text[i + 1] not in ENDERS):
            yield from _trimmed(text, begin, i + 1)
            begin = i + 1
    yield from _trimmed(text, begin, end)


def _capped(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while end - start > HARD_MAX:
        limit = start + HARD_MAX
        cut = next((i for i in range(limit - 1, start + HARD_MAX // 2, -1) if text[i] in WEAK_BREAKS), None)
        cut = limit if cut is None else cut + 1
        yield from _trimmed(text, start, cut)
        start = cut
    yield from _trimmed(text, start, end)


# What _sentence_spans looks at: quotation marks, and sentence ends (and the run of ends and closers after one).
_MARKS = re.compile("[" + re.escape("".join(OPENERS) + "".join(OPENERS.values()) + "".join(sorted(ENDERS))) + "]")
_END_RUN = re.compile("[" + re.escape("".join(sorted(ENDERS | CLOSERS))) + "]*")


def _sentence_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    # Only the marks matter, so a regex jumps from one to the next instead of a loop over every character.
    open_quotes: list[str] = []
    begin = start
    for mark in _MARKS.finditer(text, start, end):
        i = mark.start()
        if i < begin:
            continue  # inside the run that closed the last sentence
        ch = text[i]
        if ch in OPENERS:
            open_quotes.append(OPENERS[ch])
        elif open_quotes and ch == open_quotes[-1]:
            open_quotes.pop()
        elif ch in ENDERS and not open_quotes:
            run = _END_RUN.match(text, i + 1, end)
            j = run.end() if run else i + 1
            yield from _trimmed(text, begin, j)
            begin = j
    # An unbalanced quotation must not swallow the rest of the block: fall back to plain cuts.
    if begin < end:
        if open_quotes and any(c in ENDERS for c in text[begin:end]):
            yield from _plain_spans(text, begin, end)
        else:
            yield from _trimmed(text, begin, end)


def _plain_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    begin = start
    for i in range(start, end):
        if text[i] in ENDERS:
            yield from _trimmed(text, begin, i + 1)
            begin = i + 1
    yield from _trimmed(text, begin, end)


def _trimmed(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def available_backends() -> list[str]:
    """The backends this installation can run, jieba first."""
    return [b for b in BACKENDS if importlib.util.find_spec(b) is not None]


_chosen: str | None = None


def choose_backend(name: str | None) -> None:
    """Force a backend for this process (the CLI's --tokenizer); None goes back to the default.

    LookupError (one line, for the user) when the name is unknown or rjieba is not installed.
    """
    global _chosen
    _chosen = _checked(name) if name is not None else None


def backend() -> str:
    """--tokenizer, else $DIPX_TOKENIZER, else rjieba when installed, else jieba."""
    name = _chosen or os.environ.get("DIPX_TOKENIZER") or None
    if name:
        return _checked(name)
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def _checked(name: str) -> str:
    if name not in BACKENDS:
        raise LookupError(f"unknown tokenizer {name!r} (choose {' or '.join(BACKENDS)})")
    if name == "rjieba" and importlib.util.find_spec("rjieba") is None:
        raise LookupError("rjieba is not installed (pip install 'dipx[fast]')")
    return name


def _import_jieba() -> ModuleType:
    """jieba, imported when first needed (--help should not pay for it) and without pkg_resources.

    jieba imports setuptools' pkg_resources only to open its own bundled files, and that import
    is 0.1 s of jieba's 0.13 s. Where it fails, jieba opens the same files by their path, so it is
    hidden for the length of the import and any later `import pkg_resources` works as usual.
    """
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # None makes the import fail
    try:
        import jieba
    finally:
        if hide:
            del sys.modules["pkg_resources"]
    return jieba


class Tokenizer:
    """jieba, wrapped: one instance per process, cache in dipx's folder, user words added once."""

    name = "jieba"

    def __init__(self, user_words: Iterable[str] = ()):
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        words = tuple(user_words)
        key = cache.key_of(jieba.__version__, words)
        saved = cache.load("tokenizer", key)
        if saved is not None:
            # jieba's own cache is a marshal file that loads in ~1.5 s; a pickle of the same
            # dictionary, with the rules' words already in it, loads in a fifth of that.
            self._jieba.FREQ, self._jieba.total = saved
            self._jieba.initialized = True
            return
        # jieba's own cache is a marshal file in the temp folder, shared by every user: build the
        # dictionary directly instead, and keep it only in dipx's checked cache (the pickle above).
        self._jieba.FREQ, self._jieba.total = self._jieba.gen_pfdict(self._jieba.get_dict_file())
        self._jieba.initialized = True
        for word in words:
            self._jieba.add_word(word, freq=USER_WORD_FREQ)
        cache.save("tokenizer", key, (self._jieba.FREQ, self._jieba.total))

    def tokens(self, sentence: Sentence) -> list[Token]:
        pieces = self._jieba.lcut(sentence.norm, HMM=True)
        return built_tokens(pieces, sentence.start, map(self._jieba.FREQ.get, pieces, repeat(0)))


_rjieba_default_taken = False


class RjiebaTokenizer:
    """rjieba with the rules' words added; a token's frequency is exact where dipx reads it.

    Token.freq is jieba's frequency for words at or above COMMON_FLOOR (from a small table),
    1 for another word the dictionary holds, and 0 for a word the HMM made up: every test the
    resolvers make on it (`>= 1000`, `== 0`) answers as with jieba.
    """

    name = "rjieba"

    def __init__(self, user_words: Iterable[str] = ()):
        import rjieba  # deferred, as jieba is

        global _rjieba_default_taken
        # The first takes the module's own instance (a second Jieba() would build the dictionary
        # twice); another set of user words gets a private one, so words never leak between them.
        self._rjieba = rjieba.Jieba() if _rjieba_default_taken else rjieba
        _rjieba_default_taken = True
        user = frozenset(user_words)
        for word in sorted(user):
            self._rjieba.add_word(word, USER_WORD_FREQ, None)
        self._freq = _Frequencies(self._rjieba.has_word, common_words(), user)

    def tokens(self, sentence: Sentence) -> list[Token]:
        pieces = self._rjieba.cut(sentence.norm, True)
        return built_tokens(pieces, sentence.start, map(self._freq.__getitem__, pieces))


class _Frequencies(dict[str, int]):
    """A word's frequency class for RjiebaTokenizer, worked out on a word's first cut and kept.

    Most tokens repeat, and a kept word costs one dict lookup instead of three (the last a call
    into rjieba). Words the HMM makes up (new names) never stop coming: past MAX_KEPT words the
    rest are worked out each time instead of kept, so a long batch's memory stays bounded.
    """

    MAX_KEPT = 300_000

    def __init__(self, has_word: Callable[[str], bool], common: dict[str, int], user: frozenset[str]):
        super().__init__()
        self._has_word, self._common, self._user = has_word, common, user

    def __missing__(self, word: str) -> int:
        freq = USER_WORD_FREQ if word in self._user else self._common.get(word) or (1 if self._has_word(word) else 0)
        if len(self) < self.MAX_KEPT:
            self[word] = freq
        return freq


def built_tokens(pieces: list[str], start: int, freqs: Iterable[int]) -> list[Token]:
    """Tokens of the pieces cut from a sentence that begins at `start`, with their frequencies.

    The offsets are a running sum of the pieces' lengths, and every step runs in C (accumulate,
    map): a Python loop over the tokens cost more than rjieba's whole cut.
    """
    bounds = list(accumulate(map(len, pieces), initial=start))
    return list(map(Token, pieces, bounds, islice(bounds, 1, None), freqs))


def common_words() -> dict[str, int]:
    """jieba's words of frequency COMMON_FLOOR or more (about 7,000), read from its dict.txt once and cached."""
    spec = importlib.util.find_spec("jieba")  # finds the file without importing jieba
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).with_name("dict.txt")
    try:
        stamp = path.stat().st_size, path.stat().st_mtime_ns
    except OSError:
        return {}
    key = cache.key_of("common-words", COMMON_FLOOR, str(path), stamp)
    saved = cache.load("common-words", key)
    if saved is not None:
        return saved
    table: dict[str, int] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) >= 2 and parts[1].strip().isdigit() and int(parts[1]) >= COMMON_FLOOR:
                table[parts[0]] = int(parts[1])
    cache.save("common-words", key, table)
    return table


_shared: dict[tuple[str, tuple[str, ...]], Tokenizer | RjiebaTokenizer] = {}
# The last answer, for the same tuple of words: looking _shared up hashes every user word (thousands).
_last: tuple[str, tuple[str, ...], Tokenizer | RjiebaTokenizer] | None = None


def shared_tokenizer(user_words: tuple[str, ...]) -> Tokenizer | RjiebaTokenizer:
    """The process's tokenizer for these user words and the chosen backend (built on first use)."""
    global _last
    name = backend()
    if _last is not None and _last[0] == name and _last[1] is user_words:
        return _last[2]
    if (name, user_words) not in _shared:
        _shared[name, user_words] = RjiebaTokenizer(user_words) if name == "rjieba" else Tokenizer(user_words)
    _last = name, user_words, _shared[name, user_words]
    return _last[2]
