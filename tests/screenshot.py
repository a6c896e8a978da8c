"""The README's picture: the report of the sample and the team's held-out articles, shot in Chromium.

    .venv/bin/python -m tests.screenshot docs/report.png
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dipx
from dipx.report import build_report, report_data_from_results
from dipx.ruleset import load_rules

from .browser import Browser, chromium_path
from .conftest import ROOT, SEED


def main(out: Path) -> None:
    rules = load_rules()
    paths = [SEED, *sorted((ROOT / "tests" / "heldout" / "docs").iterdir())]
    results = [r for p in paths for r in dipx.extract_all(p, rules=rules) if not isinstance(r, Exception)]
    data = report_data_from_results(results, fingerprint=rules.fingerprint,
                                    selection="the sample and tests/heldout (one event per meeting, unconsolidated)")
    executable = chromium_path()
    if executable is None:
        sys.exit("Chromium is absent: install Debian's `chromium` package")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(build_report(data), encoding="utf-8")
        browser = Browser(executable, width=1200)
        try:
            session, log = browser.open(page, settle=1.0)
            if log.errors or log.requests:
                sys.exit(f"the page misbehaved: {log}")
            # header, timeline and network: the part of the page a reader sees first
            top = browser.evaluate(session, "document.getElementById('partners').offsetTop")
            browser.screenshot(session, out, max_height=int(top), scale=0.6)
        finally:
            browser.close()
    print(f"{out}: {out.stat().st_size // 1024} KB, {len(data.events)} events from {len(results)} articles")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/report.png"))
