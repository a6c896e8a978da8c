"""The dipx command line: one module per command group, one error boundary here.

Data goes to stdout; errors, warnings and progress to stderr. A DipxError reaches the user
as one line and an exit code; set DIPX_DEBUG=1 to see the traceback instead.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable

import typer

from ..errors import DipxError, ExitCode
from ..version import __version__
from .helptext import ROOT_EPILOG, Command, plain_help_params, plain_params


class Group(typer.core.TyperGroup):
    """The root command group: every command's help shows words, not Python types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plain_help_params(self)

    def get_params(self, ctx: typer.Context) -> list:
        return plain_params(super().get_params(ctx))


__all__ = ["Command", "app", "error_line", "main", "reports_errors"]

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
    sys.stderr.write(f"dipx: error: {message}\n")


def reports_errors(command: Callable) -> Callable:
    """The single error boundary: a DipxError becomes one line on stderr and its exit code."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DipxError as exc:
            if os.environ.get("DIPX_DEBUG"):
                raise
            error_line(str(exc))
            for problem in getattr(exc, "problems", [])[1:]:
                sys.stderr.write(f"  {problem}\n")
            raise typer.Exit(int(exc.exit_code)) from None

    return wrapper


def main() -> None:
    from . import batch, evaluate, extract, query, report, rules  # noqa: F401  registers the commands

    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `dipx … | head` closed the pipe: not an error
        sys.stderr.close()
        sys.exit(int(ExitCode.OK))
