"""Text made safe to show: on a terminal, in JSON, in a spreadsheet cell. A leaf module, no dependencies.

Articles come from crawlers and file names from anywhere; neither may drive the terminal that shows
them (escape sequences, C1 controls, bidi overrides), nor a spreadsheet that opens the CSV (formulas).
"""

from __future__ import annotations

import re

# C0 controls (but tab and newline), DEL, C1 controls, bidi controls and overrides, line/paragraph
# separators, and lone surrogates (undecodable bytes of a file name): shown as visible escapes.
_BIDI = "\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069"
_UNSAFE = f"\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}\\ud800-\\udfff"
_TERMINAL = re.compile(f"[{_UNSAFE}]")
_ONE_LINE = re.compile(f"[{_UNSAFE}\\n\\t]")
# What json.dumps(ensure_ascii=False) leaves raw although a terminal (or a JavaScript parser) would act on it.
_JSON_RAW = re.compile(f"[\\x7f-\\x9f{_BIDI}\\ud800-\\udfff]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal(text: str) -> str:
    """`text` with every control character shown as an escape (\\x1b, \\u202e); newlines and tabs kept."""
    return _TERMINAL.sub(_escape, text)


def one_line(text: str) -> str:
    """As `terminal`, and newlines and tabs escaped too: for error and warning lines."""
    return _ONE_LINE.sub(_escape, text)


def name(path: str) -> str:
    """A file name for output (JSON, CSV, table, errors): undecodable bytes as \\xff, controls escaped."""
    return one_line(path)


def json_text(dumped: str) -> str:
    """JSON from json.dumps(ensure_ascii=False), with C1, bidi and separator characters as \\u escapes.

    Those characters can only stand inside strings, so the result is the same JSON value.
    """
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def csv_cell(value: object) -> object:
    """A cell a spreadsheet will not run: text starting with = + - @ gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    value = one_line(value)
    return "'" + value if value.startswith(_FORMULA_START) else value
