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
    "safe": set(),
    "limits": set(),
    "startup": set(),  # the collector paused for a start (python -m dipx), resumed by the pipeline
    "read": {"model", "errors", "limits"},
    "clean": {"model", "errors"},
    "normalize": set(),
    "segment": {"cache", "model", "normalize"},
    "ruleset": {"cache", "errors", "normalize", "ruleset", "version"},
    "match": {"model", "ruleset"},
    "resolve": {"match", "model", "ruleset", "normalize", "resolve"},
    "assemble": {"match", "model", "resolve", "ruleset"},
    "render": {"model", "normalize", "safe", "version"},
    "pipeline": {"assemble", "clean", "errors", "limits", "match", "model", "read", "resolve", "ruleset",
                 "segment", "startup"},
    "events": set(),
    "store": {"errors", "events"},
    "query": {"events", "store"},
    "export": {"errors"},
    "batch": {"errors", "limits", "model", "pipeline", "read", "render", "ruleset", "store", "version"},
    "dask_engine": {"batch", "errors", "limits", "model", "read", "ruleset"},  # batch's engine on a Dask cluster
    "lake": {"errors"},  # batch's Parquet / JSON Lines sink
    "report": {"errors", "render", "version"},  # a stage after the store: it draws what it is handed
    # above the pipeline: the rules' own examples, and scoring against gold
    "selftest": {"errors", "match", "model", "normalize", "pipeline", "resolve", "ruleset", "segment"},
    "evaluate": {"errors", "model", "normalize", "pipeline", "ruleset"},
    # the command line stands right of everything but the package face (dipx/__init__.py)
    "cli": {"batch", "cache", "clean", "dask_engine", "errors", "evaluate", "export", "lake", "limits", "model",
            "pipeline", "query", "read", "render", "report", "ruleset", "safe", "selftest", "store", "version"},
}
FACE = "__init__"  # what `from .. import X` names when X is not a module: the package face
# third-party library -> the only stage allowed to import it
OWNERS = {"bs4": "clean", "jieba": "segment", "rjieba": "segment", "yaml": "ruleset", "rich": "render",
          "opencc": "normalize", "typer": "cli", "lxml": "clean", "pickle": "cache", "plotly": "report",
          "numpy": "report", "fcntl": "store", "ahocorasick": "match", "orjson": "render",
          "dask": "dask_engine", "distributed": "dask_engine", "pyarrow": "lake"}
# libraries two stages may import: networkx lays out the report's network and writes the batch export's graphs;
# the report reads a batch store read-only until it can use the store's own reader
SHARED_OWNERS = {"networkx": {"report", "export"}, "sqlite3": {"store", "report"}}


def imports(path: Path) -> set[str]:
    return imports_in(path.read_text(encoding="utf-8"), path.relative_to(PACKAGE))


def imports_in(text: str, where: Path) -> set[str]:
    """Dotted names a module at `where` (relative to dipx/) imports; `dipx.__init__` for the package face."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and node.level:  # relative: resolve against the package
            base = (where.parts[: len(where.parts) - node.level])
            if node.module:
                found.add(".".join(("dipx", *base, node.module)))
                continue
            for alias in node.names:  # from .. import X: a module beside, or a name from the package's face
                module = PACKAGE.joinpath(*base, alias.name)
                is_module = module.with_suffix(".py").is_file() or module.is_dir()
                found.add(".".join(("dipx", *base, alias.name if is_module else FACE)))
        elif isinstance(node, ast.ImportFrom):
            if node.module != "dipx":
                found.add(node.module or "")
            else:
                found.update(f"dipx.{a.name}" if PACKAGE.joinpath(a.name + ".py").is_file() else f"dipx.{FACE}"
                             for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def stage_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _forbidden(stage: str, names: set[str]) -> list[str]:
    out = []
    for name in names:
        if name == "dipx" or name.startswith("dipx."):
            target = name.split(".")[1] if "." in name else FACE
            if target not in ALLOWED[stage] | {stage}:
                out.append(name)
    return out


def test_stages_import_only_to_their_left():
    for path in PACKAGE.rglob("*.py"):
        stage = stage_of(path)
        if stage in (FACE, "__main__", "_rules"):
            continue  # the face and `python -m dipx` may import anything
        assert stage in ALLOWED, f"{path.relative_to(PACKAGE)}: a module of no known stage; add it to ALLOWED"
        bad = _forbidden(stage, imports(path))
        assert not bad, f"{path.relative_to(PACKAGE)} ({stage}) imports {bad}"


def test_the_scanner_sees_every_form_of_relative_import():
    # the import that ran back up the layers: a ruleset module taking the version from the package face
    text = "from .. import __version__\nfrom .. import cache\nfrom . import yamlfile\nfrom ..normalize import x\n"
    found = imports_in(text, Path("ruleset", "compile.py"))
    assert found == {"dipx.__init__", "dipx.cache", "dipx.ruleset.yamlfile", "dipx.normalize"}, found
    assert _forbidden("ruleset", found) == ["dipx.__init__"]
    assert _forbidden("cli", imports_in("from dipx import extract\n", Path("cli", "x.py"))) == ["dipx.__init__"]


def test_each_library_has_one_owner():
    for path in PACKAGE.rglob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            if top in OWNERS:
                assert stage_of(path) == OWNERS[top], f"{path.relative_to(PACKAGE)} imports {top}"
            if top in SHARED_OWNERS:
                assert stage_of(path) in SHARED_OWNERS[top], f"{path.relative_to(PACKAGE)} imports {top}"
