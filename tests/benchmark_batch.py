"""`dipx batch` with one worker and with two on the same folder of a few hundred articles.

    python tests/benchmark_batch.py [VARIANTS]     (default 300 copies of the sample, plus the team's articles)

Prints the wall time of each run, the ratio, and whether both stores hold the same rows.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_corpus import ROOT, build_corpus, dump  # noqa: E402


def timed_run(folder: Path, db: Path, workers: int) -> float:
    """Wall time of one run; CPU time too, since on a shared machine the wall time says little alone."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "dipx", "batch", str(folder), "--db", str(db), "--workers",
                           str(workers)], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    print(f"workers={workers}: {elapsed:.1f} s wall, {cpu:.1f} s CPU  {proc.stderr.strip().splitlines()[-1]}")
    return elapsed


def main() -> None:
    variants = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        folder = build_corpus(Path(tmp) / "news", variants=variants)
        print(f"{sum(1 for p in folder.rglob('*') if p.is_file())} files; load average {os.getloadavg()}")
        one = timed_run(folder, Path(tmp) / "one.db", 1)
        two = timed_run(folder, Path(tmp) / "two.db", 2)
        same = dump(Path(tmp) / "one.db") == dump(Path(tmp) / "two.db")
        print(f"speed-up with 2 workers: {one / two:.2f}x; same rows: {same}")
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
