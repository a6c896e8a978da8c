"""dipx's own exceptions and exit codes. The CLI turns these into one line on stderr."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a dipx run ended in; each code means one thing (README, "Limits and hostile input")."""

    OK = 0
    PARTIAL = 1  # some inputs failed (each named on stderr), the others were processed
    USAGE = 2  # a bad option or argument
    RULES = 3  # the rules are broken
    INPUT = 4  # no input could be read
    INTERNAL = 5  # a bug in dipx, or the output could not be written
    LOCKED = 6  # the store is locked by another run


class DipxError(Exception):
    """dipx's errors travel between processes (batch workers), so each one pickles by its own arguments."""

    exit_code = ExitCode.INPUT


class InputError(DipxError):
    """An input that cannot be read, decoded or holds no Chinese article."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message

    def __reduce__(self):
        return (type(self), (self.source, self.reason))


# A rule problem quotes at most this much of the offending value: a hostile rule file must not
# flood the terminal (an alias bomb once wrote 351 MB to stderr).
PROBLEM_MAX = 300


def _one_line(problem: str) -> str:
    lines = problem.splitlines() or [""]
    first = lines[0]
    if len(first) > PROBLEM_MAX:
        return first[:PROBLEM_MAX] + " …"
    return first + (" …" if len(lines) > 1 else "")


class RuleError(DipxError):
    """One or more problems in the rules; every problem is listed, each with file:line."""

    exit_code = ExitCode.RULES

    def __init__(self, problems: list[str]):
        self.problems = [_one_line(str(p)) for p in problems]
        head = self.problems[0] if self.problems else "invalid rules"
        more = f" (and {len(self.problems) - 1} more problems)" if len(self.problems) > 1 else ""
        super().__init__(head + more)

    def __reduce__(self):
        return (type(self), (self.problems,))


class ExtractionError(DipxError):
    """A fault inside dipx while processing one article: reported for that article, the others go on."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, source: str, exc: BaseException | str):
        detail = exc if isinstance(exc, str) else _one_line(f"{type(exc).__name__}: {exc}")
        super().__init__(f"{source}: internal error: {detail} (set DIPX_DEBUG=1 for details)")
        self.source = source
        self.detail = detail

    def __reduce__(self):  # the exception itself may not pickle; its one-line description does
        return (type(self), (self.source, self.detail))


class ArticleTimeout(DipxError):
    """An article that took longer than its time budget (`--timeout`): it is skipped, the others go on."""

    def __init__(self, source: str, seconds: float):
        super().__init__(f"{source}: took longer than {seconds:g} s; skipped (raise --timeout to allow more)")
        self.source = source
        self.seconds = seconds

    def __reduce__(self):
        return (type(self), (self.source, self.seconds))


class OutputError(DipxError):
    """The results could not be written (a full disk, a closed or failing stdout)."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, exc: OSError | str):
        self.detail = exc if isinstance(exc, str) else str(exc.strerror or exc)
        super().__init__(f"cannot write the output: {self.detail}")

    def __reduce__(self):
        return (type(self), (self.detail,))


class StoreError(DipxError):
    """The store cannot be opened, is not a dipx store, or was written by a newer dipx."""

    exit_code = ExitCode.INPUT


class StoreLockedError(StoreError):
    """Another run holds the store's write lock and did not let go within --wait seconds."""

    exit_code = ExitCode.LOCKED
