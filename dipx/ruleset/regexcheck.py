"""Reject a rule's regular expression that can backtrack catastrophically, before it ever runs.

Python's `re` backtracks: `(a+)+$` takes exponential time on "aaaa…b". The shape behind it is a
repeat whose body can match by repeating an inner repeat alone, so one run of characters splits
into the two loops in exponentially many ways. `check_regex` finds that shape (nested quantifiers
with nothing required between them) in the parsed pattern; what it passes is still bounded by the
sentence length limit of segment.py.
"""

from __future__ import annotations

import importlib
from typing import Any


def _module(new: str, old: str) -> Any:
    """re's own parser: `re._parser` from Python 3.11, `sre_parse` before (private, but stable in shape)."""
    try:
        return importlib.import_module(new)
    except ImportError:  # pragma: no cover - Python 3.10
        return importlib.import_module(old)


_c = _module("re._constants", "sre_constants")
_sre = _module("re._parser", "sre_parse")

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_ZERO_WIDTH = {_c.AT, _c.ASSERT, _c.ASSERT_NOT}


def check_regex(pattern: str) -> str | None:
    """None if `pattern` is safe to run, else why not (for a rule problem)."""
    try:
        parsed = _sre.parse(pattern)
    except Exception:  # noqa: BLE001 - re.compile reports syntax errors itself
        return None
    return _nested(list(parsed))


def _nested(items: list) -> str | None:
    for op, av in items:
        if op in _REPEATS:
            low, high, body = av
            body = list(body)
            if high > 1 and _loops_on_a_repeat(body):
                return "nested quantifiers such as (a+)+ can take exponential time; rewrite without them"
            found = _nested(body)
        else:
            found = next(filter(None, (_nested(sub) for sub in _children(op, av))), None)
        if found:
            return found
    return None


def _children(op, av) -> list[list]:
    if op is _c.SUBPATTERN:
        return [list(av[-1])]
    if op is _c.BRANCH:
        return [list(branch) for branch in av[1]]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(av[1])]
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return [list(av)]
    if op is _c.GROUPREF_EXISTS:
        return [list(x) for x in av[1:] if x is not None]
    return []


def _loops_on_a_repeat(body: list) -> bool:
    """True if `body` can match as one variable-length repeat with everything around it empty."""
    items = _flat(body)
    for i, (op, av) in enumerate(items):
        if not all(_can_be_empty(other) for other in items[:i] + items[i + 1:]):
            continue
        if op in _REPEATS and av[1] > av[0]:
            return True
        if op is _c.BRANCH and any(_loops_on_a_repeat(list(branch)) for branch in av[1]):
            return True
    return False


def _flat(body: list) -> list:
    """The items of `body` with groups opened up: (?:a+)b is a+ then b."""
    out = []
    for op, av in body:
        if op is _c.SUBPATTERN:
            out.extend(_flat(list(av[-1])))
        else:
            out.append((op, av))
    return out


def _can_be_empty(item) -> bool:
    op, av = item
    if op in _REPEATS:
        return av[0] == 0 or all(_can_be_empty(x) for x in av[2])
    if op in _ZERO_WIDTH:
        return True
    if op is _c.BRANCH:
        return any(all(_can_be_empty(x) for x in branch) for branch in av[1])
    if op is _c.SUBPATTERN:
        return all(_can_be_empty(x) for x in av[-1])
    return False
