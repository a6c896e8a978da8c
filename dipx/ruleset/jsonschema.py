"""The rule schema as a JSON Schema document, generated from the records in `schema.py`.

`schema.py` stays the one definition (it also gives the `file:line` messages); this module
only translates it, so editors and other tools can validate rules files too. The published
copy is `rules/rules.schema.json`; a test keeps it in sync. Regenerate it with

    python -m dipx.ruleset.jsonschema > rules/rules.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from . import schema
from .schema import CODE, ISO_DATE, SECTIONS, Field, Record

SCHEMA_ID = "https://dipx.invalid/rules.schema.json"  # a name, not a place: nothing is fetched

SCALARS: dict[str, dict[str, Any]] = {
    "str": {"type": "string", "pattern": r"\S"},
    "int": {"type": "integer"},
    "bool": {"type": "boolean"},
    # a year alone reads as a number in YAML; the checker accepts both
    "date": {"type": ["string", "integer"], "pattern": ISO_DATE.pattern, "minimum": 1},
    "code": {"type": "string", "pattern": CODE.pattern},
    "any": {},
}


def _record_names() -> dict[int, str]:
    """Each named record in schema.py, by identity, so that a shared record becomes one $defs entry."""
    return {id(value): name.lower() for name, value in vars(schema).items()
            if isinstance(value, dict) and value and all(isinstance(f, Field) for f in value.values())
            and value is not SECTIONS}


class _Translator:
    def __init__(self) -> None:
        self.names = _record_names()
        self.defs: dict[str, dict[str, Any]] = {}

    def record(self, spec: Record) -> dict[str, Any]:
        name = self.names.get(id(spec))
        if name is None:
            return self._object(spec)
        if name not in self.defs:
            self.defs[name] = {}  # a placeholder first, should a record ever refer to itself
            self.defs[name] = self._object(spec)
        return {"$ref": f"#/$defs/{name}"}

    def _object(self, spec: Record) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "object",
            "properties": {key: self.field(fld) if fld.required else _nullable(self.field(fld))
                           for key, fld in spec.items()},
            "additionalProperties": False,
        }
        required = [key for key, fld in spec.items() if fld.required]
        if required:
            out["required"] = required
        return out

    def field(self, fld: Field) -> dict[str, Any]:
        if fld.kind == "list":
            out: dict[str, Any] = {"type": "array", "items": self.item(fld.items)}
            if fld.nonempty:
                out["minItems"] = 1
            return out
        if fld.kind == "map":
            return {"type": "object", "additionalProperties": self.item(fld.items)}
        if fld.kind == "record":
            return self.record(fld.items)
        out = dict(SCALARS[fld.kind])
        if fld.choices:
            out["enum"] = list(fld.choices)
        return out

    def item(self, spec: Any) -> dict[str, Any]:
        if isinstance(spec, dict):
            return self.record(spec)
        if spec == "codes":
            return {"type": "array", "items": SCALARS["code"], "minItems": 1}
        return dict(SCALARS[spec])


def _nullable(out: dict[str, Any]) -> dict[str, Any]:
    """An optional key may be written empty (`to:` for a term still running): YAML reads that as null."""
    if "$ref" in out or "type" not in out:
        return {"anyOf": [out, {"type": "null"}]}
    types = out["type"] if isinstance(out["type"], list) else [out["type"]]
    out = {**out, "type": [*types, "null"]}
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    return out


def rules_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one rules file."""
    translator = _Translator()
    root = translator._object(SECTIONS)
    root["properties"]["version"] = {"const": schema.SUPPORTED_VERSION}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "dipx rules file",
        "description": "One rules/*.yaml file: `version` and any of the sections. Generated from "
                       "dipx/ruleset/schema.py; do not edit by hand.",
        **root,
        "$defs": dict(sorted(translator.defs.items())),
    }


def schema_text() -> str:
    return json.dumps(rules_json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # pragma: no cover - the regeneration command in the docstring
    print(schema_text(), end="")
