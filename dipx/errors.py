"""dipx's own exceptions and exit codes. The CLI turns these into one line on stderr."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PARTIAL = 1  # some inputs failed, the others were processed
    INPUT = 2  # the input could not be read or holds no article
    RULES = 3  # the rules are broken
    LOCKED = 6  # another run holds the store


class DipxError(Exception):
    exit_code = ExitCode.INPUT


class InputError(DipxError):
    """An input that cannot be read, decoded or holds no Chinese article."""

    def __init__(self, source: str, message: str):
        super().__init__(f"{source}: {message}")
        self.source = source
        self.reason = message


class RuleError(DipxError):
    """One or more problems in the rules; every problem is listed, each with file:line."""

    exit_code = ExitCode.RULES

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = self.problems[0] if self.problems else "invalid rules"
        more = f" (and {len(self.problems) - 1} more problems)" if len(self.problems) > 1 else ""
        super().__init__(head + more)


class ExtractionError(DipxError):
    """A fault inside dipx while processing one article: reported for that article, the others go on."""

    exit_code = ExitCode.INPUT

    def __init__(self, source: str, exc: BaseException):
        super().__init__(f"{source}: internal error: {type(exc).__name__}: {exc} (set DIPX_DEBUG=1 for details)")
        self.source = source




class StoreError(DipxError):
    """The store cannot be opened, is not a dipx store, or was written by a newer dipx."""

    exit_code = ExitCode.INPUT


class StoreLockedError(StoreError):
    """Another run holds the store's write lock and did not let go within --wait seconds."""

    exit_code = ExitCode.LOCKED
