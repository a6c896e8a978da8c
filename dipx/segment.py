"""Sentences and tokens. The only module that imports jieba.

jieba keeps global state, logs at import and caches its dictionary in the shared temp folder,
so dipx owns one private `jieba.Tokenizer`, silenced, that never touches jieba's cache (its
dictionary is kept in dipx's own checked cache), with the rules' words added once per process.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from . import cache
from .model import BODY_KINDS, Document, Sentence, Token
from .normalize import normalize

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


def _sentence_spans(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    open_quotes: list[str] = []
    begin = start
    i = start
    while i < end:
        ch = text[i]
        if ch in OPENERS:
            open_quotes.append(OPENERS[ch])
        elif open_quotes and ch == open_quotes[-1]:
            open_quotes.pop()
        elif ch in ENDERS and not open_quotes:
            j = i + 1
            while j < end and (text[j] in ENDERS or text[j] in CLOSERS):
                j += 1
            yield from _trimmed(text, begin, j)
            begin = i = j
            continue
        i += 1
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


class Tokenizer:
    """jieba, wrapped: one instance per process, cache in dipx's folder, user words added once."""

    def __init__(self, user_words: Iterable[str] = ()):
        import jieba  # deferred: importing jieba costs time that --help should not pay

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
            # A high frequency makes the rules' words win over jieba's own splits.
            self._jieba.add_word(word, freq=200000)
        cache.save("tokenizer", key, (self._jieba.FREQ, self._jieba.total))

    def tokens(self, sentence: Sentence) -> list[Token]:
        out: list[Token] = []
        pos = sentence.start
        freq = self._jieba.FREQ
        for piece in self._jieba.cut(sentence.norm, HMM=True):
            out.append(Token(piece, pos, pos + len(piece), freq.get(piece, 0)))
            pos += len(piece)
        return out


_shared: dict[tuple[str, ...], Tokenizer] = {}


def shared_tokenizer(user_words: tuple[str, ...]) -> Tokenizer:
    """The process's tokenizer for these user words (built on first use)."""
    if user_words not in _shared:
        _shared[user_words] = Tokenizer(user_words)
    return _shared[user_words]
