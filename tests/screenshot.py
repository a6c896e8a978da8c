"""The README's picture: the report of the sample and the team's held-out articles, shot in Chromium.

    dipx batch seeds tests/heldout/docs --db sample.db
    .venv/bin/python -m tests.screenshot docs/report.png sample.db

Without a store it reports the articles themselves (each meeting its own event).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import dipx
from dipx.report import ReportData, build_report, report_data_from_results, report_data_from_store
from dipx.ruleset import load_rules

from .browser import Browser, chromium_path
from .conftest import ROOT, SEED


def articles_data() -> ReportData:
    rules = load_rules()
    paths = [SEED, *sorted((ROOT / "tests" / "heldout" / "docs").iterdir())]
    results = [r for p in paths for r in dipx.extract_all(p, rules=rules) if not isinstance(r, Exception)]
    return report_data_from_results(results, fingerprint=rules.fingerprint,
                                    selection="the sample and tests/heldout (one event per meeting, unconsolidated)")


def main(out: Path, store: Path | None) -> None:
    data = report_data_from_store(store) if store else articles_data()
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
    print(f"{out}: {out.stat().st_size // 1024} KB, {data.header.events} events from {data.header.articles} articles")


if __name__ == "__main__":
    args = sys.argv[1:]
    main(Path(args[0] if args else "docs/report.png"), Path(args[1]) if len(args) > 1 else None)
