"""mypy passes on the modules listed here; the list grows until it is the whole package (`mypy dipx`).

The settings are pyproject.toml's [tool.mypy]. Modules not yet listed are still read, for the
types they export, but their own errors are not reported here (--follow-imports=silent).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLEAN = [
    "dipx/match.py",
    "dipx/assemble.py",
    "dipx/resolve",
    "dipx/safe.py",
    "dipx/limits.py",
    "dipx/errors.py",
    "dipx/cache.py",
    "dipx/segment.py",
    "dipx/pipeline.py",
    "dipx/ruleset/__init__.py",
    "dipx/ruleset/regexcheck.py",
    "dipx/ruleset/check.py",
    "dipx/ruleset/compile.py",
    "dipx/ruleset/constructions.py",
    "dipx/ruleset/inventory.py",
    "dipx/ruleset/jsonschema.py",
    "dipx/ruleset/model.py",
    "dipx/ruleset/required.py",
    "dipx/ruleset/schema.py",
    "dipx/evaluate.py",
    "dipx/selftest.py",
    "dipx/report.py",
    "dipx/cli/helptext.py",
]


def _checked_files() -> int:
    return sum(len(list((ROOT / p).glob("*.py"))) if (ROOT / p).is_dir() else 1 for p in CLEAN)


def test_mypy_passes_on_the_typed_modules() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", *CLEAN],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # every listed file was checked: a path that moved would otherwise shrink the list unseen
    checked = re.search(r"no issues found in (\d+) source files", proc.stdout)
    assert checked is not None, proc.stdout
    assert int(checked.group(1)) == _checked_files()
