"""dipx's cache folder, and small pickled caches that are rebuilt whenever their inputs change.

Caches only ever save time: a missing, stale, unreadable or unwritable cache is ignored.
A pickle can run code when loaded, so one is loaded only from a folder that is the user's own
and that nobody else may write to, and only if the file is too (owner and mode checked on the
open file, links not followed). Anything else is not loaded, nothing is written there, and one
warning says so; the caches are then rebuilt in memory, which costs time, not results.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

KEEP = 4
# Part of every key: a change in how the pickles are written leaves the old ones unread (3: regexes as source).
FORMAT = 3
_warned: set[str] = set()


def cache_dir() -> Path:
    """$DIPX_CACHE_DIR, else $XDG_CACHE_HOME/dipx, else ~/.cache/dipx."""
    if os.environ.get("DIPX_CACHE_DIR"):
        return Path(os.environ["DIPX_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dipx"


def key_of(*parts: object) -> str:
    return hashlib.sha256(repr((FORMAT, *parts)).encode("utf-8")).hexdigest()[:20]


def private(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else."""
    return st.st_uid == os.getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def usable_dir(create: bool = False) -> Path | None:
    """The cache folder if it is safe to read pickles from (made, private, if `create`), else None."""
    folder = cache_dir()
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        _warn_once(f"cannot use the cache folder {folder} ({exc.strerror or exc}); working without a cache")
        return None
    if not stat.S_ISDIR(st.st_mode) or not private(st):
        _warn_once(f"the cache folder {folder} is not private to this user (owner or permissions); "
                   "not loading caches from it, working without them")
        return None
    return folder


def load(name: str, key: str) -> Any | None:
    folder = usable_dir()
    if folder is None:
        return None
    try:
        fd = os.open(folder / f"{name}-{key}.pickle", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not private(st):
            _warn_once(f"{folder / f'{name}-{key}.pickle'} is not private to this user; not loading it")
            return None
        try:
            return pickle.load(fh)
        except Exception:  # noqa: BLE001 - any damage to a cache means "build it again"
            return None


def save(name: str, key: str, value: Any) -> None:
    folder = usable_dir(create=True)
    if folder is None:
        return
    try:
        versions = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in versions[:-KEEP]:  # a few versions (with and without --rules), not every one ever made
            old.unlink(missing_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".tmp") as fh:  # mode 0600
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(fh.name, folder / f"{name}-{key}.pickle")
    except OSError as exc:
        _warn_once(f"cannot write to the cache folder {folder} ({exc.strerror or exc}); working without a cache")


def _warn_once(message: str) -> None:
    if message in _warned:
        return
    _warned.add(message)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.write(f"dipx: warning: {message.encode('utf-8', 'backslashreplace').decode('utf-8')}\n")
