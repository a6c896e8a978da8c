"""dipx's cache folder, and small pickled caches that are rebuilt whenever their inputs change.

Caches only ever save time: a missing, stale or unreadable cache is ignored, and an unwritable
one is said once on stderr (each run would otherwise pay the slow start without knowing why).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

KEEP = 4
_warned = False


def cache_dir() -> Path:
    """$DIPX_CACHE_DIR, else $XDG_CACHE_HOME/dipx, else ~/.cache/dipx."""
    if os.environ.get("DIPX_CACHE_DIR"):
        return Path(os.environ["DIPX_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dipx"


def key_of(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def load(name: str, key: str) -> Any | None:
    path = cache_dir() / f"{name}-{key}.pickle"
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - any damage to a cache means "build it again"
        return None


def save(name: str, key: str, value: Any) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        versions = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in versions[:-KEEP]:  # a few versions (with and without --rules), not every one ever made
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, folder / f"{name}-{key}.pickle")
    except OSError as exc:
        _warn_once(folder, exc)


def _warn_once(folder: Path, exc: OSError) -> None:
    global _warned
    if not _warned:
        _warned = True
        reason = exc.strerror or type(exc).__name__
        sys.stderr.write(f"dipx: warning: cannot write the cache in {folder} ({reason}); going on without it "
                         "(set DIPX_CACHE_DIR to a writable folder)\n")
