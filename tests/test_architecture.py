"""The flow runs one way: each stage imports only what stands to its left, each library one module."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "dipx"

# stage -> the dipx modules it may import
ALLOWED = {
    "model": set(),
    "errors": set(),
    "version": set(),
    "cache": set(),
    "read": {"model", "errors"},
    "clean": {"model", "errors"},
    "normalize": set(),
    "segment": {"cache", "model", "normalize"},
    "ruleset": {"cache", "errors", "normalize", "ruleset", "version"},
    "match": {"model", "ruleset"},
    "resolve": {"match", "model", "ruleset", "normalize", "resolve"},
    "assemble": {"match", "model", "resolve", "ruleset"},
    "render": {"model", "normalize", "version"},
    "pipeline": {"assemble", "clean", "errors", "match", "model", "read", "resolve", "ruleset", "segment"},
    "report": {"errors", "render", "version"},  # a stage after the store: it draws what it is handed
}
# third-party library -> the only stage allowed to import it
OWNERS = {"bs4": "clean", "jieba": "segment", "yaml": "ruleset", "rich": "render", "opencc": "normalize",
          "typer": "cli", "lxml": "clean", "pickle": "cache", "plotly": "report",
          "numpy": "report"}
# libraries two stages may import: networkx lays out the report's network and writes the batch export's graphs;
# the report reads a batch store read-only until it can use the store's own reader
SHARED_OWNERS = {"networkx": {"report", "export"}, "sqlite3": {"store", "report"}}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                parts = path.relative_to(PACKAGE).parts
                base = parts[: len(parts) - node.level]
                found.add(".".join(("dipx", *base, node.module or "")).rstrip("."))
            else:
                found.add(node.module or "")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def stage_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def test_stages_import_only_to_their_left():
    for path in PACKAGE.rglob("*.py"):
        stage = stage_of(path)
        if stage not in ALLOWED:
            continue
        for name in imports(path):
            if name.startswith("dipx."):
                target = name.split(".")[1]
                assert target in ALLOWED[stage] | {stage}, f"{path.name} ({stage}) imports {name}"


def test_each_library_has_one_owner():
    for path in PACKAGE.rglob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            if top in OWNERS:
                assert stage_of(path) == OWNERS[top], f"{path.relative_to(PACKAGE)} imports {top}"
            if top in SHARED_OWNERS:
                assert stage_of(path) in SHARED_OWNERS[top], f"{path.relative_to(PACKAGE)} imports {top}"
