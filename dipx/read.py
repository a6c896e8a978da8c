"""Stage 1, read: turn a path or stdin into decoded RawDocuments, recognising the format by content.

Formats (never guessed from the file name):
  seed   `<!--EPOCH_MS-->`, `[TITLE](URL)`, a line of dashes, then the page HTML
  jsonl  one JSON object per line (or one object for the whole input) with a "text" or "html" string
  html   a page or fragment
  text   anything else: first non-empty line is the title (a date line under it is read by clean)
"""

from __future__ import annotations

import codecs
import functools
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from typing import BinaryIO

from dipx.errors import InputError
from dipx.limits import MAX_BYTES
from dipx.model import RawDocument

_UTF8_BOM = b"\xef\xbb\xbf"
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
              (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# C0 controls other than tab/newline/vertical tab/form feed/carriage return, plus DEL: never in real text.
_CONTROL_BYTES = bytes([*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
# A download cut mid-character leaves a few bad bytes: up to this share is repaired, more is another encoding.
_MAX_BAD_SHARE = 0.005
_MIN_BAD = 3  # a short article cut mid-character (at most 3 bytes) is still repaired
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of an undecodable byte
_SURROGATE = re.compile("[\ud800-\udfff]")
_ASCII_RANGE = re.compile("[\n 0-9A-Za-z]")
_SNIFF_LINES = 5  # JSON Lines if one of the first few lines is a JSON object
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

# A new seed article starts where all three header lines follow; a CMS's lone `<!-- 1668744781 -->` does not.
_SEED_START = re.compile(r"\n(?=<!--\s*\d{10,13}\s*-->[ \t]*\n[ \t]*\[.*\]\(\S*\)[ \t]*\n[ \t]*-{3,}[ \t]*\n)")
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
        if isinstance(item, InputError):
            errors.append(item)
        else:
            docs.append(item)
    if errors and not docs:
        raise errors[0]
    return docs


def iter_documents(
    source: str, stdin: BinaryIO | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[RawDocument | InputError]:
    """Yield the documents in `source`, and an InputError (source "path:LINE") for each bad JSON Lines record.

    Problems with the input as a whole (missing, unreadable, too large, empty, binary, undecodable) raise
    InputError. At most `max_bytes` are read, from a file or from stdin alike.
    """
    yield from iter_bytes(_read_bytes(source, stdin, max_bytes), source, max_bytes)


def read_limited(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    """At most `max_bytes` + 1 bytes of a file (OSError as it comes): `iter_bytes` refuses the + 1."""
    with open(path, "rb") as fh:
        return fh.read(max_bytes + 1)


def iter_bytes(data: bytes, source: str, max_bytes: int = MAX_BYTES) -> Iterator[RawDocument | InputError]:
    """As `iter_documents`, for bytes already in hand (an article given to extract() as text)."""
    if len(data) > max_bytes:
        raise InputError(source, f"is larger than {max_bytes:,} bytes (the limit; raise it with --max-bytes)")
    if not data.strip():
        raise InputError(source, "is empty")
    text, encoding, warnings = decode_with_warnings(data, source)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise InputError(source, "is empty")
    for doc in _documents(text, source, encoding):
        yield replace(doc, warnings=(*warnings, *doc.warnings)) if warnings and isinstance(doc, RawDocument) else doc


def _documents(text: str, source: str, encoding: str) -> Iterator[RawDocument | InputError]:
    fmt = detect_format(text)
    if fmt == "jsonl":
        yield from _jsonl_documents(text, source, encoding)
    elif fmt == "seed":
        parts = _seed_parts(text)
        for n, part in enumerate(parts, start=1):
            label = source if len(parts) == 1 else f"{source}:{n}"
            yield _seed_document(part, label, encoding)
    elif fmt == "html":
        yield RawDocument(source=source, format="html", encoding=encoding, body=text, body_is_html=True)
    else:
        yield _text_document(text, source, encoding)


def _seed_parts(text: str) -> list[str]:
    """`cat seeds/*.txt | dipx extract -`: several seed articles, each opening with its own header."""
    parts: list[str] = []
    for part in _SEED_START.split(text):
        if parts and _split_seed(part) is None:
            parts[-1] += "\n" + part  # not a header after all: it belongs to the article before
        elif part.strip():
            parts.append(part)
    return parts


def detect_format(text: str) -> str:
    """seed | jsonl | html | text, from the content alone."""
    if _split_seed(text) is not None:
        return "seed"
    if text.lstrip().startswith("{") and _looks_jsonl(text):
        return "jsonl"
    if _looks_html(text):
        return "html"
    return "text"


def _looks_jsonl(text: str) -> bool:
    """Text opening with `{` is JSON Lines only if a JSON object is really there: `{编者按}` is prose."""
    lines = [line for line in text.split("\n", 4 * _SNIFF_LINES)[: 4 * _SNIFF_LINES] if line.strip()]
    if any(isinstance(_json_value(line), dict) for line in lines[:_SNIFF_LINES]):
        return True
    return isinstance(_json_value(text), dict)  # one pretty-printed object


def _json_value(text: str) -> object:
    """The parsed JSON, or None if it is not JSON or nests too deeply to parse."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


# --- bytes and decoding -------------------------------------------------------------------------------------------


def _read_bytes(source: str, stdin: BinaryIO | None, max_bytes: int = MAX_BYTES) -> bytes:
    data = _read_stdin(stdin, max_bytes) if source == "-" else _read_file(source, max_bytes)
    if len(data) > max_bytes:
        raise InputError(source, f"is larger than {max_bytes:,} bytes (the limit; raise it with --max-bytes)")
    if not data.strip():
        raise InputError(source, "is empty")
    return data


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:  # `dipx extract - <&-`
        raise InputError("-", "standard input is closed")
    try:
        return stream.read(max_bytes + 1)  # one byte more tells "too large" from "exactly the limit"
    except (OSError, ValueError) as exc:
        raise InputError("-", f"cannot read standard input ({getattr(exc, 'strerror', None) or exc})") from None


def _read_file(path: str, max_bytes: int = MAX_BYTES) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(max_bytes + 1)  # /dev/zero and named pipes have no size to check first
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(path, f"cannot read ({getattr(exc, 'strerror', None) or exc})") from None


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode `data`; see `decode_with_warnings`."""
    text, encoding, _ = decode_with_warnings(data, source)
    return text, encoding


def decode_with_warnings(data: bytes, source: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode `data` as UTF-8 (with or without BOM), UTF-16/32 with a BOM, else GB18030 or Big5, whichever
    reads as Chinese; a few undecodable UTF-8 bytes are replaced (U+FFFD) with a warning saying how many.

    Raises InputError rather than return text that would be mojibake.
    """
    for bom, name in _WIDE_BOMS:
        wide = _wide(data, name) if data.startswith(bom) else None
        if wide is not None:
            return wide
    if _looks_binary(data):
        raise InputError(source, "looks binary, not text")
    name = "utf-8-sig" if data.startswith(_UTF8_BOM) else "utf-8"
    try:
        return data.decode(name), name, ()
    except UnicodeDecodeError:
        pass
    best = None if name == "utf-8-sig" else _best_legacy_decoding(data)
    if best is not None:
        return (*best, ())
    repaired = _repaired_utf8(data, name)
    if repaired is None:
        raise InputError(source, _UNDECODABLE)
    return repaired


def _wide(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """UTF-16/32 text after its BOM, or None if these bytes only happen to start like one."""
    try:
        text = data.decode(name)  # the BOM says which byte order
    except UnicodeDecodeError:
        return None
    if len(_CONTROL_CHARS.findall(text)) > _BINARY_SHARE * len(text) or _plausibility(text) < _MIN_PLAUSIBLE:
        return None
    # Random bytes after FF FE read as plausible hanzi; real text has a line break, digit or space somewhere.
    return (text, name, ()) if _ASCII_RANGE.search(text) else None


def _repaired_utf8(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]] | None:
    text = data.decode(name, errors="surrogateescape")
    bad = len(_ESCAPED_BYTE.findall(text))
    if bad > max(_MIN_BAD, _MAX_BAD_SHARE * len(data)):
        return None
    return _ESCAPED_BYTE.sub("\ufffd", text), name, (_replaced(bad),)


def _replaced(count: int) -> str:
    return f"{count} undecodable byte{'s' if count != 1 else ''} replaced with U+FFFD"


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
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
    whole = _json_value(text)
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
            yield InputError(where, f"invalid JSON ({getattr(exc, 'msg', exc)})")
            continue
        except RecursionError:
            yield InputError(where, "JSON is nested too deeply to read")
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
    fields = {key: _scalar(obj.get(key)) for key in ("title", "url", "published", "id")}
    lone = len(_SURROGATE.findall(body)) + sum(len(_SURROGATE.findall(v)) for v in fields.values() if v)
    return RawDocument(
        source=source,
        format="jsonl",
        encoding=encoding,
        body=_SURROGATE.sub("\ufffd", body.replace("\r\n", "\n").replace("\r", "\n")),
        body_is_html=is_html,
        title=_no_surrogates(fields["title"]),
        url=_no_surrogates(fields["url"]),
        published=_no_surrogates(fields["published"]),
        doc_id=_no_surrogates(fields["id"]),
        # "\ud800" is valid JSON but no character: it would fail every write of the article later
        warnings=(f"{lone} lone surrogate escape{'s' if lone != 1 else ''} replaced with U+FFFD",) if lone else (),
    )


def _no_surrogates(text: str | None) -> str | None:
    return _SURROGATE.sub("\ufffd", text) if text else text


def _scalar(value: object) -> str | None:
    """A JSON string or number as text; anything else (null, lists, booleans) as None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, (str, int, float)):
        try:
            return str(value).strip() or None
        except ValueError:  # an integer of more than 4,300 digits
            return None
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
