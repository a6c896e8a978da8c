"""The published JSON Schema (schema/dipx.extract-2.schema.json) against real output.

Strict on purpose: a field dipx writes but the schema does not list fails here, so the file
cannot drift from the code as the README's sketch once did (`dates[].kind` also gives `span`).
"""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

import dipx
from dipx.render import to_dict

from .conftest import ROOT

SCHEMA = json.loads((ROOT / "schema" / "dipx.extract-2.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
GOLDEN = sorted((ROOT / "tests" / "golden").glob("*.json"))


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_every_golden_output_validates(path):
    VALIDATOR.validate(json.loads(path.read_text(encoding="utf-8")))


def test_fresh_output_validates_for_every_input_format(seed_result):
    VALIDATOR.validate(to_dict(seed_result, include_text=True, explain=True))
    for doc in ("heldout/docs/03_video_summit_trad.html", "heldout/docs/08_jpn_kor_trad.txt",
                "heldout2/docs/cjk_summit.jsonl"):
        for result in dipx.extract_all(ROOT / "tests" / doc):
            VALIDATOR.validate(to_dict(result))


def _golden() -> dict:
    return json.loads(GOLDEN[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize("spoil", [
    lambda d: d["dates"][0].update(kind="someday"),                          # a value outside the enum
    lambda d: d["meetings"][0].update(parties="CHN-USA"),                    # a packed string, not a list
    lambda d: d["document"].update(published="2022-11-18T12:13:01"),         # the offset lost
    lambda d: d["countries"][0]["evidence"][0].update(offset=3),             # a field the schema does not know
    lambda d: d.pop("rules_fingerprint"),                                    # provenance missing
])
def test_a_wrong_field_fails(spoil):
    data = copy.deepcopy(_golden())
    VALIDATOR.validate(data)
    spoil(data)
    with pytest.raises(jsonschema.ValidationError):
        VALIDATOR.validate(data)
