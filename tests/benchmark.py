"""Speed of dipx beside raw jieba on the same text: throughput and cold start, as ratios.

    python tests/benchmark.py [--rounds N]

Not a test (nothing here asserts a time): a report to compare runs on one machine.
Throughput counts the UTF-8 bytes of the cleaned article text; raw jieba cuts that same text.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "heldout" / "docs").glob("*"))


def cold(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="passes over the articles for throughput")
    ap.add_argument("--cold-runs", type=int, default=3, help="process starts timed for cold start")
    args = ap.parse_args()

    import jieba

    import dipx

    results = [dipx.extract(p) for p in ARTICLES]  # warms rules and tokenizer
    texts = [r.document.text for r in results]
    size = sum(len(t.encode("utf-8")) for t in texts) * args.rounds

    start = time.perf_counter()
    for _ in range(args.rounds):
        for path in ARTICLES:
            dipx.extract(path)
    dipx_rate = size / (time.perf_counter() - start) / 1e6

    jieba.lcut("预热")
    start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            jieba.lcut(text)
    jieba_rate = size / (time.perf_counter() - start) / 1e6

    py = sys.executable
    jieba_cold = cold([py, "-c", "import jieba; jieba.lcut('测试')"], args.cold_runs)
    dipx_cold = cold([py, "-m", "dipx", "extract", "--format", "json", str(ARTICLES[0])], args.cold_runs)
    help_cold = cold([py, "-m", "dipx", "--help"], args.cold_runs)

    print(f"articles: {len(ARTICLES)} x {args.rounds} rounds, {size / 1e6:.2f} MB of cleaned text")
    print(f"throughput  dipx.extract {dipx_rate:6.3f} MB/s   jieba.lcut {jieba_rate:6.3f} MB/s   "
          f"ratio {dipx_rate / jieba_rate:.2f}")
    print(f"cold start  dipx extract {dipx_cold:6.2f} s      import jieba + cut {jieba_cold:6.2f} s   "
          f"ratio {dipx_cold / jieba_cold:.2f}")
    print(f"dipx --help {help_cold:.2f} s")


if __name__ == "__main__":
    main()
