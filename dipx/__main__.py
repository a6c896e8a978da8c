"""The `dipx` command's entry point: quick answers first, then the typer app (dipx.cli).

`dipx --version` needs nothing but the version, and `dipx --help` prints the same text every
time for one dipx, terminal and environment: both are answered here without importing typer,
rich and pydantic (0.15 s of a 0.25 s start). The help text is kept in dipx's cache folder the
first time it is printed, under a key of everything that can change it.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import sys
import warnings
from pathlib import Path

from .version import __version__

HELP_FLAGS = ("--help", "-h")
# What typer and rich read to lay out and colour the help.
HELP_ENV = ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TERM", "COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
            "_TYPER_FORCE_DISABLE_TERMINAL", "TYPER_USE_RICH", "JUPYTER_COLUMNS")


def main() -> None:
    argv = sys.argv[1:]
    if argv == ["--version"]:
        sys.stdout.write(f"dipx {__version__}\n")
        return
    # bs4 imports soupsieve (its CSS selectors: 80 ms of regular expressions) though dipx never
    # selects by CSS. This process is dipx's own, so nothing else here can miss it.
    sys.modules.setdefault("soupsieve", None)  # type: ignore[arg-type]
    warnings.filterwarnings("ignore", "The soupsieve package is not installed", UserWarning)
    if _is_help(argv) and not _completing():
        _cached_help(argv)
        return
    if argv[:1] != ["extract"]:
        _run()
        return
    from .startup import pause_gc, resume_gc

    pause_gc()  # resumed as the first article begins (pipeline.process) …
    try:
        _run()
    finally:
        resume_gc()  # … or here, when extract stops before one (a usage error, an unreadable input)


def _run() -> None:
    from .cli import main as cli_main

    cli_main()


def _completing() -> bool:
    """A shell asking for completions runs `dipx` with no arguments: its answer is not the help page."""
    return "_DIPX_COMPLETE" in os.environ


def _is_help(argv: list[str]) -> bool:
    """`dipx`, `dipx --help`, `dipx -h`, `dipx COMMAND --help`: a help page and nothing else."""
    if len(argv) == 2:
        return argv[1] in HELP_FLAGS and not argv[0].startswith("-")
    return not argv or (len(argv) == 1 and argv[0] in HELP_FLAGS)


def _help_key(argv: list[str]) -> str:
    cli = Path(__file__).with_name("cli")
    stamps = sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in cli.glob("*.py"))
    size = shutil.get_terminal_size()
    parts = (__version__, sys.argv[0], argv, sys.stdout.isatty(), sys.stderr.isatty(), tuple(size), stamps,
             [(k, os.environ.get(k)) for k in HELP_ENV], sys.executable)
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def _help_file(argv: list[str]) -> Path | None:
    try:
        from .cache import cache_dir

        return cache_dir() / f"help-{_help_key(argv)}.txt"
    except OSError:
        return None


def _cached_help(argv: list[str]) -> None:
    path = _help_file(argv)
    try:
        text = path.read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError):
        text = None
    if text is not None:
        sys.stdout.write(text)
        return
    tee = _Tee(sys.stdout)
    sys.stdout = tee
    code: object = 0
    try:
        _run()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.stdout = tee.out
    if code in (0, None) and path is not None:
        _save(path, tee.seen.getvalue())
    if code not in (0, None):
        raise SystemExit(code)


def _save(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in sorted(path.parent.glob("help-*.txt"), key=lambda p: p.stat().st_mtime)[:-16]:
            old.unlink(missing_ok=True)  # a few terminals' worth, not every width ever seen
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # the cache only saves time; the help was printed


class _Tee(io.TextIOBase):
    """stdout as it was, also keeping what was written (rich asks it whether it is a terminal)."""

    def __init__(self, out):
        self.out, self.seen = out, io.StringIO()

    def write(self, text: str) -> int:
        self.seen.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.out.flush()

    def isatty(self) -> bool:
        return self.out.isatty()

    def fileno(self) -> int:
        return self.out.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.out.encoding


if __name__ == "__main__":
    main()
