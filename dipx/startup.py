"""Start-up without the cyclic garbage collector: `dipx extract` pauses it until the first article.

A start allocates hundreds of thousands of objects that live as long as the process (modules,
the compiled rules, the tokenizer's tables) and few that form garbage cycles; the collector
would scan them over and over as they come (25-40 ms of a 0.5 s start). When the first article
begins they are frozen (gc.freeze: never scanned again) and collection goes on as usual, so a
long run's memory is what it was. Only the command line pauses it; a library caller's
collector is left alone.
"""

from __future__ import annotations

import gc

_paused = False


def pause_gc() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_gc() -> None:
    """Freeze what start-up made and collect as usual again (a no-op unless pause_gc paused it)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
