"""Help that teaches: the examples, inputs, environment and exit codes every help page shows.

Typer prints each parameter's Python type (`<list[Path]>`, `{INPUT...}...`); a user needs the
word that goes there (DIR, DATE, table|json) or nothing for a flag. `plain_help_params` makes
every command of the tree say that, in one place, so commands added later get it too.
"""

from __future__ import annotations

from typing import Any

import typer
from typer._click import Context as ClickContext  # typer vendors click: its hooks take this Context
from typer.core import TyperArgument, TyperOption

from .coercion import quick_runtime_param

EXAMPLES = """\
[bold]Examples[/bold]
  dipx extract article.html              tables, at a terminal
  dipx extract a.txt b.html -f jsonl | jq -c '.meetings[] | {parties, kind}'
  cat seeds/*.txt | dipx extract - | jq '.countries[].code'
  dipx extract --section meetings --excel *.html > meetings.csv
  cron:  30 2 * * * dipx batch /data/news --wait 600 >> batch.log 2>&1
  dipx query --country CAN               events from the store dipx batch fills"""

INPUTS = """\
[bold]Inputs[/bold] (recognised by content, not by file name)
  seed files ([TITLE](URL) header, then HTML) · HTML pages · plain text
  (first line the title, a date line near the top) · JSON Lines (one
  article a line: text or html, and url, published, id, title) · - for
  standard input. UTF-8, GB18030/GBK or Big5."""

ENVIRONMENT = """\
[bold]Environment[/bold]
  DIPX_CACHE_DIR  the cache (default $XDG_CACHE_HOME/dipx or ~/.cache/dipx)
  DIPX_RULES      rule folders layered over the built-in rules, like --rules
  DIPX_TOKENIZER  jieba or rjieba, like --tokenizer
  DIPX_DEBUG=1    a traceback instead of the one-line error
  NO_COLOR=1      no colours in tables and help"""

EXIT_CODES = """\
[bold]Exit codes[/bold]
  0 ok            1 some inputs failed (the rest was printed)   2 usage
  3 rules broken  4 no input could be read   5 internal error (disk full)
  6 the store is locked"""


def epilog(*sections: str) -> str:
    """Sections apart by a blank line; typer keeps the single line breaks inside each.

    Typer renders it as rich markup, which reads only `[lowercase…]` as a tag: `.meetings[]`
    and `[TITLE](URL)` print as written.
    """
    return "\n\n".join(sections)


ROOT_EPILOG = epilog(EXAMPLES, INPUTS, ENVIRONMENT, EXIT_CODES)


def _quick_runtime_param(self) -> Any:
    """Values that need no conversion skip pydantic (see coercion.py); the rest are typer's."""
    if self._runtime_param is None:
        self._runtime_param = quick_runtime_param(self.type_descriptor)
    return self._runtime_param


class _PlainArgument(TyperArgument):
    get_runtime_param = _quick_runtime_param  # a method, not a mixin: _plain re-classes params in place

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        return self.display_name_raw + ("..." if self.nargs != 1 else "")


class _PlainOption(TyperOption):
    get_runtime_param = _quick_runtime_param

    def display_type_rich(self, ctx: ClickContext) -> str | None:
        if self.is_flag or self.count:
            return None
        if self.metavar:
            return self.metavar
        if self.type_descriptor.is_choice:  # `<table|json>` or `<list[a|b]>` → `table|json`
            label = self.display_type(ctx).strip("<>")
            return label[5:-1] if label.startswith("list[") else label
        return (self.name or "value").upper()


def _plain(param) -> None:
    if type(param) is TyperArgument:
        param.__class__ = _PlainArgument
    elif type(param) is TyperOption:
        param.__class__ = _PlainOption


def plain_params(params: list) -> list:
    for param in params:
        _plain(param)
    return params


def plain_help_params(command) -> None:
    """Every declared parameter of `command` and its subcommands shows a metavar, not a Python type."""
    plain_params(command.params)
    for sub in getattr(command, "commands", {}).values():
        plain_help_params(sub)


class Command(typer.core.TyperCommand):
    """A command whose late options (--help) read plainly too: pass `cls=Command` to `app.command`."""

    def get_params(self, ctx: ClickContext) -> list:
        return plain_params(super().get_params(ctx))
