"""The dipx command line: one module per command group, one error boundary here.

Data goes to stdout; errors, warnings and progress to stderr. Whatever happens reaches the
user as one line and an exit code (errors.ExitCode), never a traceback: a DipxError as its
own message, a failing output (full disk, closed pipe) and a bug in dipx as exit 5. Set
DIPX_DEBUG=1 to see the traceback instead.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable

import typer

from .. import safe
from ..errors import DipxError, ExitCode, OutputError
from ..version import __version__
from .helptext import ROOT_EPILOG, ClickContext, Command, plain_help_params, plain_params


class Group(typer.core.TyperGroup):
    """The root command group: every command's help shows words, not Python types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_help_params(self)

    def get_params(self, ctx: ClickContext) -> list:
        return plain_params(super().get_params(ctx))


__all__ = ["Command", "app", "error_line", "main", "reports_errors", "warning_line"]

app = typer.Typer(
    name="dipx",
    cls=Group,
    help="Who met whom, when, in what form, and whether it happened: evidence from Chinese-language news.",
    epilog=ROOT_EPILOG,
    invoke_without_command=True,  # bare `dipx` prints the help and exits 0 (no_args_is_help exits 2)
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"dipx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version."),
) -> None:
    """dipx reads articles and prints meetings, countries, dates and quoted people."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        typer.echo(ctx.get_help())
        raise typer.Exit(int(ExitCode.OK))


def error_line(message: str) -> None:
    _stderr_line(f"dipx: error: {safe.one_line(message)}")


def warning_line(source: str, message: str) -> None:
    _stderr_line(f"dipx: warning: {safe.name(source)}: {safe.one_line(message)}")


def _stderr_line(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr itself is full or closed: nowhere left to say it
        pass


def reports_errors(command: Callable) -> Callable:
    """The single error boundary: anything raised becomes one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            try:
                return command(*args, **kwargs)
            finally:
                _flush_stdout()  # a full disk often shows only here: inside the boundary, not at exit
        except (typer.Exit, typer.Abort, typer.TyperException):  # typer's own exits and usage errors
            raise
        except KeyboardInterrupt:  # typer would print "Aborted!" and exit 1, the code for a partial run
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `dipx … | head` closed the pipe early: not a failure
            _silence_stdout()
            raise typer.Exit(int(ExitCode.OK)) from None
        except OSError as exc:
            _silence_stdout()
            _fail(OutputError(exc))
        except DipxError as exc:
            _fail(exc)
        except Exception as exc:  # a bug in dipx: one line, not a traceback
            _fail(DipxError(f"internal error: {type(exc).__name__}: {exc} (set DIPX_DEBUG=1 for details)"),
                  ExitCode.INTERNAL)

    return wrapper


def _fail(exc: DipxError, code: ExitCode | None = None) -> None:
    if os.environ.get("DIPX_DEBUG"):
        raise exc
    error_line(str(exc))
    for problem in getattr(exc, "problems", [])[1:]:
        _stderr_line(f"  {safe.one_line(problem)}")
    raise typer.Exit(int(code if code is not None else exc.exit_code)) from None


def _flush_stdout() -> None:
    if sys.stdout is not None:
        sys.stdout.flush()


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _guard_streams() -> bool:
    """Streams dipx can always write to: a closed stderr becomes /dev/null; False if stdout is closed."""
    if sys.stderr is None:  # `dipx … 2>&-`
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    with contextlib.suppress(AttributeError, ValueError):  # a non-UTF-8 locale must not crash an error line
        sys.stderr.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]  # a TextIOWrapper
    return sys.stdout is not None


# Which module registers each command. Building typer's command tree costs per command (27 ms for
# all, 10 for extract alone), so `dipx COMMAND …` registers that command only; anything else
# (`dipx --help`, an unknown command, completion) registers them all, for the list and the hints.
COMMAND_MODULES = {"extract": "extract", "batch": "batch", "eval": "evaluate", "query": "query",
                   "stats": "query", "export": "query", "report": "report", "rules": "rules"}


def _register_commands(first: list[str]) -> None:
    import importlib

    wanted = {COMMAND_MODULES[first[0]]} if first and first[0] in COMMAND_MODULES else set(COMMAND_MODULES.values())
    for module in sorted(wanted):
        importlib.import_module(f"{__name__}.{module}")


def main() -> None:
    if not _guard_streams():  # `dipx … >&-`
        error_line("standard output is closed; nowhere to write the results")
        sys.exit(int(ExitCode.INTERNAL))
    _register_commands(sys.argv[1:2])
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `dipx … | head` closed the pipe: not an error
        _silence_stdout()
        sys.exit(int(ExitCode.OK))
    except OSError as exc:  # the help text or usage line could not be written
        _silence_stdout()
        error_line(str(OutputError(exc)))
        sys.exit(int(ExitCode.INTERNAL))
