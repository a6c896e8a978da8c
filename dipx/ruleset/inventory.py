"""`dipx rules list`: which rules are in force, by kind and by layer, and which a layer replaced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RuleError
from .compile import builtin_rules_dir, parse_layers

# section -> the key that names an entry (None: the entries have no id and are counted only)
SECTION_KEYS: dict[str, str | None] = {
    "countries": "code", "people": "name", "organizations": "code", "series": "id",
    "titles": "id", "institutions": "id", "triggers": "id", "cues": "id", "references": "id",
    "speech_verbs": "id", "word_classes": "id", "patterns": "id",
    "examples": None, "meeting_cases": None, "people_cases": None,
}


@dataclass
class Layer:
    name: str  # "shipped", or the folder as given
    path: str
    counts: dict[str, int] = field(default_factory=dict)  # section -> entries this layer writes
    replaces: dict[str, list[str]] = field(default_factory=dict)  # section -> ids it takes over


@dataclass
class Inventory:
    layers: list[Layer]
    in_force: dict[str, dict[str, str]]  # section -> id -> the layer it comes from

    def as_dict(self) -> dict:
        return {
            "layers": [vars(layer) for layer in self.layers],
            "in_force": {section: len(ids) for section, ids in self.in_force.items()},
            "rules": {section: [{"id": i, "layer": name} for i, name in ids.items()]
                      for section, ids in self.in_force.items()},
        }


def inventory(layers: Sequence[Path]) -> Inventory:
    """Count the entries of each layer; a later layer's entry replaces an earlier one with the same id."""
    parsed, problems = parse_layers(layers)
    if problems:
        raise RuleError(problems)
    shipped = builtin_rules_dir().resolve()
    found: list[Layer] = []
    in_force: dict[str, dict[str, str]] = {section: {} for section in SECTION_KEYS}
    for folder, files in zip(layers, parsed, strict=True):
        layer = Layer("shipped" if folder.resolve() == shipped else str(folder), str(folder))
        for data in files:
            for section, key in SECTION_KEYS.items():
                for entry in data.get(section) or []:
                    ident = str(entry[key]) if key else entry.where()
                    if ident in in_force[section]:
                        layer.replaces.setdefault(section, []).append(ident)
                    in_force[section][ident] = layer.name
                    layer.counts[section] = layer.counts.get(section, 0) + 1
        found.append(layer)
    return Inventory(found, {s: ids for s, ids in in_force.items() if ids})
