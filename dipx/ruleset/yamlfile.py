"""Read YAML keeping line numbers (the only module that imports yaml).

Every mapping becomes a `Node` (a dict) that remembers the file and line where it starts
and where each of its keys stands, so that validation can name `file:line`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any


class Node(dict):
    """A YAML mapping with its position: `node.where()` and `node.where(key)` give 'file:line'."""

    file: str = "?"
    line: int = 0
    key_lines: dict

    def where(self, key: str | None = None) -> str:
        line = self.key_lines.get(key, self.line) if key is not None else self.line
        return f"{self.file}:{line}"


@functools.cache
def _loader_class() -> Any:
    """The loader, made on first use: with the compiled rules cached, a run reads no YAML and skips yaml's import."""
    import yaml

    if TYPE_CHECKING or not hasattr(yaml, "CSafeLoader"):  # noqa: SIM108 - mypy needs one class to check against
        base = yaml.SafeLoader
    else:  # the C loader is several times faster; line numbers come from the same marks
        base = yaml.CSafeLoader

    class LineLoader(base):  # type: ignore[valid-type,misc]
        file_label = "?"

    LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_node)
    # Dates stay text (the rules decide what a date means), and only true/false are booleans:
    # YAML 1.1 would read a country key like NO or a word like "yes" as a boolean.
    dropped = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool"}
    LineLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in dropped]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    LineLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return LineLoader


def _construct_node(loader: Any, node: Any) -> Node:
    seen: dict = {}
    for key_node, _ in node.value:
        if isinstance(getattr(key_node, "value", None), list):
            continue  # {[a]: b}: construct_mapping names an unhashable key below
        key = key_node.value
        if key in seen:  # YAML would keep the last silently; a rule writer meant something else
            raise YamlProblem(f"{loader.file_label}:{key_node.start_mark.line + 1}: duplicate key '{key}' "
                              f"(first at line {seen[key]})")
        seen[key] = key_node.start_mark.line + 1
    mapping = Node(loader.construct_mapping(node, deep=True))
    mapping.file = loader.file_label
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {k.value: k.start_mark.line + 1 for k, _ in node.value
                         if isinstance(getattr(k, "value", None), str)}
    return mapping


class YamlProblem(Exception):
    pass


# A rules file is a few thousand values. Aliases share one object among many places, so a file of
# a few lines can stand for billions of values (an alias bomb); its size is counted, aliases
# expanded, before anything walks it, and a file over the limit is refused.
MAX_VALUES = 1_000_000


def _expanded_size(data: object, label: str) -> int:
    """How many values `data` holds with every alias expanded, counted in time linear in the file."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: object) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise YamlProblem(f"{label}: an alias refers to itself")
        visiting.add(key)
        children = [*node.keys(), *node.values()] if isinstance(node, dict) else node
        total = 1 + sum(size(child) for child in children)
        visiting.discard(key)
        if total > MAX_VALUES:
            raise YamlProblem(f"{label}: expands to more than {MAX_VALUES:,} values (aliases repeated too often?)")
        sizes[key] = total
        return total

    try:
        return size(data)
    except RecursionError:
        raise YamlProblem(f"{label}: nested too deeply") from None


def load_yaml(path: Path, label: str | None = None):
    """Parse one YAML file into plain data whose mappings are `Node`s; raise YamlProblem with file:line."""
    label = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise YamlProblem(f"{label}: cannot read: {exc}") from None
    import yaml  # imported by _loader_class already

    loader = _loader_class()(text)
    loader.file_label = label
    try:
        data = loader.get_single_data()
        _expanded_size(data, label)
        return data
    except RecursionError:
        raise YamlProblem(f"{label}: nested too deeply") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise YamlProblem(f"{label}:{line}: not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"{label}: not valid YAML: {exc}") from None
    finally:
        loader.dispose()
