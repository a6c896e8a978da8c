"""Stage 1, read: turn a path or stdin into decoded RawDocuments, recognising the format by content.

Formats (never guessed from the file name):
  seed   `<!--EPOCH_MS-->`, `[TITLE](URL)`, a line of dashes, then the page HTML
  jsonl  one JSON object per line (or one object for the whole input) with a "text" or "html" string
  html   a page or fragment
  text   anything else: first non-empty line is the title (a date line under it is read by clean)
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Iterator
from typing import BinaryIO

from dipx.errors import InputError
from dipx.model import RawDocument

_UTF8_BOM = b"\xef\xbb\xbf"
# C0 controls other than tab/newline/vertical tab/form feed/carriage return, plus DEL: never in real text.
_CONTROL_BYTES = frozenset([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_BINARY_SHARE = 0.05
# A legacy (GB18030/Big5) decoding is trusted only if nearly all its non-ASCII characters are plausible Chinese text.
_MIN_PLAUSIBLE = 0.8
_UNDECODABLE = "cannot decode as UTF-8, GB18030 or Big5"
# The most frequent characters of Chinese prose, simplified and traditional. They make up about a third of any real
# article but only a few percent of Korean or Japanese legacy bytes misread as GB18030/Big5, which otherwise look fine.
_FREQUENT = frozenset(
    "的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家"
    "种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第"
    "公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制表示会谈领导总统"
    "這個們來為國說時會對發後裡過種經麼學動還進樣從與長機開關點業將兩間問實體產戰頭見現當沒領導總統談"
)
_MIN_FREQUENT = 0.1
_FREQUENT_SAMPLE = 20  # below this many hanzi the frequency test says nothing

_SEED_START = re.compile(r"\n(?=<!--\s*\d{10,13}\s*-->\s*\n)")
_SEED_HEAD = re.compile(r"<!--\s*([^<>]*?)\s*-->")
_SEED_LINK = re.compile(r"\[(?P<title>.*)\]\((?P<url>\S*)\)")
_DASHES = re.compile(r"-{3,}")
_HTML_START = re.compile(
    r"\A\s*(?:<!--|<(?:!doctype|html|head|body|article|div|p|main|section|header|meta|title|h[1-6])[\s>/])", re.I
)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|br|img|h[1-6]|ul|ol|li|table|tr|td|article|section|strong|em|b|i|figure|figcaption"
    r"|script|style|meta|link|html|head|body|main|time)\b[^<>]*>",
    re.I,
)


def read_source(source: str, stdin: BinaryIO | None = None) -> list[RawDocument]:
    """Read every document in `source`; bad JSON Lines records are skipped unless none is good.

    Callers that must report bad records individually use `iter_documents`.
    """
    docs: list[RawDocument] = []
    errors: list[InputError] = []
    for item in iter_documents(source, stdin):
        (errors if isinstance(item, InputError) else docs).append(item)
    if errors and not docs:
        raise errors[0]
    return docs


def iter_documents(source: str, stdin: BinaryIO | None = None) -> Iterator[RawDocument | InputError]:
    """Yield the documents in `source`, and an InputError (source "path:LINE") for each bad JSON Lines record.

    Problems with the input as a whole (missing, unreadable, empty, binary, undecodable) raise InputError.
    """
    yield from iter_bytes(_read_bytes(source, stdin), source)


def iter_bytes(data: bytes, source: str) -> Iterator[RawDocument | InputError]:
    """As `iter_documents`, for bytes already in hand (an article given to extract() as text)."""
    if not data.strip():
        raise InputError(source, "is empty")
    text, encoding = decode(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError(source, "is empty")
    fmt = detect_format(text)
    if fmt == "jsonl":
        yield from _jsonl_documents(text, source, encoding)
    elif fmt == "seed":
        # `cat seeds/*.txt | dipx extract -`: several seed articles, each opening with its own header
        parts = [p for p in _SEED_START.split(text) if p.strip()]
        for n, part in enumerate(parts, start=1):
            label = source if len(parts) == 1 else f"{source}:{n}"
            yield _seed_document(part, label, encoding)
    elif fmt == "html":
        yield RawDocument(source=source, format="html", encoding=encoding, body=text, body_is_html=True)
    else:
        yield _text_document(text, source, encoding)


def detect_format(text: str) -> str:
    """seed | jsonl | html | text, from the content alone."""
    if _split_seed(text) is not None:
        return "seed"
    if text.lstrip().startswith("{"):
        return "jsonl"
    if _looks_html(text):
        return "html"
    return "text"


# --- bytes and decoding -------------------------------------------------------------------------------------------


def _read_bytes(source: str, stdin: BinaryIO | None) -> bytes:
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read()
    else:
        data = _read_file(source)
    if not data.strip():
        raise InputError(source, "is empty")
    return data


def _read_file(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode `data` as UTF-8 (with or without BOM), else GB18030 or Big5, whichever reads as Chinese.

    Raises InputError rather than return text that would be mojibake.
    """
    if _looks_binary(data):
        raise InputError(source, "looks binary, not text")
    if data.startswith(_UTF8_BOM):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            raise InputError(source, _UNDECODABLE) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = _best_legacy_decoding(data)
    if best is None:
        raise InputError(source, _UNDECODABLE)
    return best


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = sum(1 for byte in data if byte in _CONTROL_BYTES)
    return controls > _BINARY_SHARE * len(data)


def _best_legacy_decoding(data: bytes) -> tuple[str, str] | None:
    # GB18030 and Big5 both accept much of each other's byte space, so decode with each and keep the one whose
    # characters look like Chinese text; GB18030 wins ties (it is first and the more common encoding).
    best: tuple[float, str, str] | None = None
    for names in (("gb18030",), ("big5", "cp950")):
        decoded = _try_decode(data, names)
        if decoded is None:
            continue
        score = _plausibility(decoded[0])
        if score >= _MIN_PLAUSIBLE and (best is None or score > best[0]):
            best = (score, *decoded)
    return None if best is None else (best[1], best[2])


def _try_decode(data: bytes, names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    return None


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters or punctuation; 0 for non-Chinese prose."""
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return 1.0
    hanzi = [ch for ch in wide if 0x4E00 <= ord(ch) <= 0x9FFF]
    if len(hanzi) >= _FREQUENT_SAMPLE and sum(ch in _FREQUENT for ch in hanzi) < _MIN_FREQUENT * len(hanzi):
        return 0.0
    return sum(map(_plausible_char, wide)) / len(wide)


@functools.lru_cache(maxsize=1 << 16)
def _plausible_char(ch: str) -> bool:
    cp = ord(ch)
    if 0x4E00 <= cp <= 0x9FFF:
        return _in_gb2312(ch) or _in_big5_level1(ch)
    # CJK and fullwidth punctuation, quotes/dashes/ellipsis, middle dot, common symbols. Kana, Greek, Cyrillic, box
    # drawing and private-use characters are what a wrong GB/Big5 guess produces, so they count against it.
    return (
        0x3000 <= cp <= 0x303F
        or 0xFF01 <= cp <= 0xFF5E
        or 0x2010 <= cp <= 0x206F
        or 0x2100 <= cp <= 0x22FF
        or 0x2460 <= cp <= 0x24FF
        or 0x25A0 <= cp <= 0x26FF
        or ch in "\u00a0\u00b7\u00b0\u00d7\u00f7\u00a9\u00ae"
    )


def _in_gb2312(ch: str) -> bool:
    # GB2312 holds the ~6,800 hanzi in everyday simplified use.
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _in_big5_level1(ch: str) -> bool:
    # Big5 level 1 (A440–C67E) holds the ~5,400 frequent traditional characters; level 2 is the rare ones.
    try:
        code = int.from_bytes(ch.encode("big5"), "big")
    except UnicodeEncodeError:
        return False
    return 0xA440 <= code <= 0xC67E


# --- formats --------------------------------------------------------------------------------------------------


def _split_seed(text: str) -> tuple[str, str, str, str] | None:
    """(published, title, url, body) if `text` is a seed file, else None."""
    lines = text.lstrip().split("\n", 3)
    if len(lines) < 3:
        return None
    head = _SEED_HEAD.fullmatch(lines[0].strip())
    link = _SEED_LINK.fullmatch(lines[1].strip())
    if not (head and link and _DASHES.fullmatch(lines[2].strip())):
        return None
    body = lines[3] if len(lines) == 4 else ""
    return head.group(1), link.group("title"), link.group("url"), body


def _seed_document(text: str, source: str, encoding: str) -> RawDocument:
    published, title, url, body = _split_seed(text)  # type: ignore[misc]  # detect_format checked it
    return RawDocument(
        source=source,
        format="seed",
        encoding=encoding,
        body=body,
        # A seed body is HTML; one without a single tag is treated as plain text rather than parsed as markup.
        body_is_html=_HTML_TAG.search(body) is not None,
        title=title.strip() or None,
        url=url or None,
        published=published or None,
    )


def _looks_html(text: str) -> bool:
    if _HTML_START.match(text):
        return True
    tags = _HTML_TAG.findall(text)
    return len(tags) >= 4 or sum(map(len, tags)) > 0.2 * len(text)


def _jsonl_documents(text: str, source: str, encoding: str) -> Iterator[RawDocument | InputError]:
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict):  # a single (possibly pretty-printed) object
        yield _record_or_error(whole, source, encoding)
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield InputError(where, f"invalid JSON ({exc.msg})")
            continue
        yield _record_or_error(obj, where, encoding)


def _record_or_error(obj: object, source: str, encoding: str) -> RawDocument | InputError:
    if not isinstance(obj, dict):
        return InputError(source, "is not a JSON object")
    html, text = obj.get("html"), obj.get("text")
    # Prefer the HTML when both are given: it keeps headings, captions and bylines apart.
    if isinstance(html, str) and html.strip():
        body, is_html = html, True
    elif isinstance(text, str) and text.strip():
        body, is_html = text, False
    else:
        return InputError(source, 'has no non-empty "text" or "html" string')
    return RawDocument(
        source=source,
        format="jsonl",
        encoding=encoding,
        body=body.replace("\r\n", "\n").replace("\r", "\n"),
        body_is_html=is_html,
        title=_scalar(obj.get("title")),
        url=_scalar(obj.get("url")),
        published=_scalar(obj.get("published")),
        doc_id=_scalar(obj.get("id")),
    )


def _scalar(value: object) -> str | None:
    """A JSON string or number as text; anything else (null, lists, booleans) as None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (str, int, float)):
        return str(value).strip() or None
    return None


def _text_document(text: str, source: str, encoding: str) -> RawDocument:
    # The first non-empty line is the title; a date line under it is read by clean, as for every other format.
    lines = text.split("\n")
    title_at = next(i for i, line in enumerate(lines) if line.strip())
    return RawDocument(
        source=source,
        format="text",
        encoding=encoding,
        body="\n".join(lines[title_at + 1 :]).strip("\n"),
        body_is_html=False,
        title=lines[title_at].strip(),
    )
