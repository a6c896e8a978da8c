"""`dipx rules check | test | list`: write, test and inspect rules as a language."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import ExitCode
from . import app, reports_errors

rules_app = typer.Typer(name="rules", help="Check, test and list the rules in force.", no_args_is_help=True)
app.add_typer(rules_app)

Dirs = Annotated[list[Path] | None, typer.Argument(
    help="Folders of your own rules (*.yaml), layered over the shipped ones in this order.", metavar="[DIR]...")]
RulesOption = Annotated[list[Path] | None, typer.Option(
    "--rules", help="A folder of extra rules (*.yaml) layered over the built-in ones; repeatable.")]
AsJson = Annotated[bool, typer.Option("--json", help="Every rule's id and layer, as JSON.")]
NoDefaults = Annotated[bool, typer.Option(
    "--no-default-rules", help="Leave the shipped rules out: only $DIPX_RULES and the folders given.")]


def layer_paths(dirs: list[Path] | None, rules: list[Path] | None, no_default_rules: bool) -> list[Path]:
    """Shipped rules (unless left out), then $DIPX_RULES, then the folders on the command line."""
    from ..ruleset.compile import rule_layers

    return rule_layers([*(dirs or ()), *(rules or ())], defaults=not no_default_rules)


def rules_in_force(rules: list[Path] | None, no_default_rules: bool = False):
    """The compiled rules for a command: $DIPX_RULES and --rules over the shipped ones."""
    from ..ruleset import load_rules
    from ..ruleset.compile import rule_layers

    user = rule_layers(list(rules or ()), defaults=False)
    return load_rules(tuple(str(p) for p in user), defaults=not no_default_rules)


@rules_app.command("check")
@reports_errors
def check(dirs: Dirs = None, rules: RulesOption = None, no_default_rules: NoDefaults = False) -> None:
    """Every problem in the rules at once, as file:line: rule-id: what is wrong (exit 3 if any)."""
    from ..ruleset.check import check_layers

    layers = layer_paths(dirs, rules, no_default_rules)
    problems = check_layers(layers)
    for problem in problems:
        typer.echo(problem)
    files = {problem.split(":", 1)[0] for problem in problems}
    if problems:
        sys.stderr.write(f"dipx: {len(problems)} problem{'s' * (len(problems) != 1)} in {len(files)} "
                         f"file{'s' * (len(files) != 1)}\n")
        raise typer.Exit(int(ExitCode.RULES))
    sys.stderr.write(f"dipx: rules ok ({len(layers)} folder{'s' * (len(layers) != 1)})\n")


@rules_app.command("test")
@reports_errors
def test(dirs: Dirs = None, rules: RulesOption = None, no_default_rules: NoDefaults = False,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print every example run.")] = False) -> None:
    """Run every rule's examples; print failures with file:line (exit 3 if any fail)."""
    from ..selftest import run_examples

    report = run_examples(rules_in_force([*(dirs or ()), *(rules or ())], no_default_rules))
    for outcome in report.outcomes if verbose else [*report.failures, *report.known_misses]:
        typer.echo(outcome.line())
    summary = ", ".join(f"{kind} {row.get('pass', 0)}/{sum(row.values())}" for kind, row in report.counts().items())
    sys.stderr.write(f"dipx: examples passing: {summary}; {len(report.known_misses)} known misses; "
                     f"{len(report.failures)} failing\n")
    if report.failures:
        raise typer.Exit(int(ExitCode.RULES))


@rules_app.command("list")
@reports_errors
def list_rules(dirs: Dirs = None, rules: RulesOption = None, no_default_rules: NoDefaults = False,
               as_json: AsJson = False) -> None:
    """The rules in force, by kind and layer (shipped, then each of your folders), with counts."""
    from ..ruleset.inventory import inventory

    found = inventory(layer_paths(dirs, rules, no_default_rules))
    if as_json:
        typer.echo(json.dumps(found.as_dict(), ensure_ascii=False, indent=2))
        return
    names = [layer.name for layer in found.layers]
    typer.echo("\t".join(["kind", *names, "in force"]))
    for section, ids in found.in_force.items():
        cells = [str(layer.counts.get(section, 0)) for layer in found.layers]
        typer.echo("\t".join([section, *cells, str(len(ids))]))
    for layer in found.layers:
        for section, replaced in layer.replaces.items():
            typer.echo(f"{layer.name} replaces {len(replaced)} {section}: {', '.join(replaced)}")
