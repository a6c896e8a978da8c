"""mypy passes on the whole package, with pyproject.toml's [tool.mypy] settings.

The README's test command runs `mypy dipx` too; this test keeps a plain `pytest` run honest.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_passes_on_the_package() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "dipx"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checked = re.search(r"no issues found in (\d+) source files", proc.stdout)
    assert checked is not None, proc.stdout
    assert int(checked.group(1)) == len(list((ROOT / "dipx").rglob("*.py")))  # every module was read
