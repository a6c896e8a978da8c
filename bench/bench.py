"""dipx's speed beside raw jieba on the same text, in one run: throughput, stage shares, cold start, memory.

    python bench/bench.py [--mb 3] [--seed 12] [--no-record] [--profile N]

Not a test: nothing here asserts a time. It builds a JSON Lines corpus of about `--mb` MB of
article text (fixed seed) from seeds/, tests/heldout*/docs and the rules' own examples, then
measures, on that same corpus:

- raw `jieba.lcut` (and rjieba's `cut`, when installed) on each article's cleaned text, with
  dipx's user words added to the dictionary;
- `dipx extract -f jsonl` end to end in a fresh process, with each backend, on one worker and
  on two (`dipx batch --workers 2` when that command exists, else two processes on two halves);
- dipx and raw jieba taking turns on the same chunks of 50 articles in one process (the median of
  the per-chunk ratios: the steadier figure on a host whose speed swings);
- the share of each stage (timing hooks around the pipeline's stage functions, in-process);
- cold starts: `dipx --help`, `dipx --version`, `dipx extract` on the sample (warm and empty
  cache; with the default tokenizer and each by name; with dipx's bytecode compiled, as a pip
  install leaves it, and from source), and `import jieba` + a first cut;
- peak memory (ru_maxrss) and CPU and wall time of every process.

Throughput counts the UTF-8 bytes of the cleaned article text, paired on CPU time (the machine
may be busy: CPU time is what one core gives). Each run is appended to bench/results.json, and
the ratio to the run before it is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
SAMPLE = ROOT / "seeds" / "000_48ad92835f6f67ab.txt"
HAN = re.compile(r"[\u4e00-\u9fff]")
HTML_SHARE = 0.15  # of generated articles: whole HTML pages from the sources, so the cleaner's cost shows


# ---------------------------------------------------------------- corpus
def source_documents() -> list[Path]:
    docs = sorted((ROOT / "seeds").glob("*.txt"))
    for folder in sorted(ROOT.glob("tests/heldout*/docs")):
        docs += sorted(p for p in folder.iterdir() if p.is_file())
    return docs


def rule_examples() -> list[str]:
    """Every example sentence the rules carry (match, no_match, known_miss): short, dense in rule words."""
    import yaml

    found: list[str] = []

    def walk(node, under_examples: bool) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, under_examples or "example" in str(key) or key in ("match", "no_match", "known_miss"))
        elif isinstance(node, list):
            for value in node:
                walk(value, under_examples)
        elif isinstance(node, str) and under_examples and HAN.search(node) and len(node) >= 6:
            found.append(node.strip())

    for path in sorted((ROOT / "rules").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")), False)
    return found


def build_corpus(target_mb: float, seed: int, out: Path) -> dict:
    """JSON Lines articles: text articles of paragraphs drawn from all sources, plus whole HTML pages."""
    from dipx.pipeline import load_rules, process
    from dipx.read import iter_documents

    rules = load_rules(())
    paragraphs: list[str] = []
    titles: list[str] = []
    dates: list[str] = []
    pages: list[tuple[str, str | None]] = []
    for path in source_documents():
        for raw in iter_documents(str(path)):
            if isinstance(raw, Exception):
                continue
            result = process(raw, rules)
            if isinstance(result, Exception):
                continue
            doc = result.document
            if doc.published:
                dates.append(doc.published.strftime("%Y-%m-%d %H:%M"))
            if raw.body_is_html and raw.format == "html":
                pages.append((raw.body, raw.published))
            for block in doc.blocks:
                text = doc.text[block.start:block.end].strip()
                if block.kind == "headline":
                    titles.append(text)
                elif block.kind == "paragraph" and len(text) >= 10:
                    paragraphs.append(text)
    examples = rule_examples()
    rng = random.Random(seed)
    size = articles = html_articles = 0
    with out.open("w", encoding="utf-8") as f:
        while size < target_mb * 1e6:
            if pages and rng.random() < HTML_SHARE:
                body, published = rng.choice(pages)
                obj = {"id": f"a{articles}", "html": body, "published": published or rng.choice(dates)}
                html_articles += 1
            else:
                body_paras = rng.sample(paragraphs, min(len(paragraphs), rng.randint(4, 14)))
                for _ in range(rng.randint(0, 3)):  # rule examples, glued into paragraphs as prose
                    body_paras.insert(rng.randrange(len(body_paras) + 1), "。".join(rng.sample(examples, 3)) + "。")
                obj = {"id": f"a{articles}", "title": rng.choice(titles), "text": "\n\n".join(body_paras),
                       "published": rng.choice(dates)}
            line = json.dumps(obj, ensure_ascii=False)
            f.write(line + "\n")
            size += len(line.encode("utf-8"))
            articles += 1
    return {"articles": articles, "html_articles": html_articles, "jsonl_bytes": size, "seed": seed,
            "paragraph_pool": len(paragraphs), "example_pool": len(examples), "html_pool": len(pages)}


def split_corpus(corpus: Path, parts: int) -> list[Path]:
    lines = corpus.read_text(encoding="utf-8").splitlines(keepends=True)
    paths = []
    for k in range(parts):
        path = corpus.with_name(f"{corpus.stem}.{k + 1}of{parts}.jsonl")
        path.write_text("".join(lines[k::parts]), encoding="utf-8")
        paths.append(path)
    return paths


# ---------------------------------------------------------------- processes
# Linux carries a process's peak RSS (ru_maxrss) across fork and exec, so a child of this process
# (200 MB with jieba loaded) would report this process's peak. VmHWM in /proc is the peak of the
# running program alone: a dipx run started through LAUNCH writes its own at exit.
LAUNCH_CODE = """import atexit, runpy, sys
out = sys.argv.pop(1)
def peak():
    with open("/proc/self/status") as f:
        kib = next((line.split()[1] for line in f if line.startswith("VmHWM:")), "0")
    with open(out, "w") as f:
        f.write(kib)
atexit.register(peak)
sys.argv = sys.argv[1:]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def launched(cmd: list[str], peak_file: Path) -> list[str]:
    """`python -m dipx …` as a launcher that records its peak memory; other commands unchanged."""
    if cmd[:2] != [sys.executable, "-m"] or not Path("/proc/self/status").exists():
        return cmd
    return [sys.executable, "-c", LAUNCH_CODE, str(peak_file), *cmd[2:]]


def run(cmds: list[list[str]], env: dict | None = None, stdin_null: bool = True, launch: bool = True) -> dict:
    """Start the commands together; wall time until all end, their summed CPU time, the largest peak RSS.

    launch=False (cold starts: only time counts) starts them directly. With batch -j 2 the peak is
    the parent's (the workers are forked from it after the rules load).
    """
    peaks = [Path(tempfile.mkstemp(prefix="dipx-peak-")[1]) for _ in cmds]
    start = time.perf_counter()
    procs = [subprocess.Popen(launched(c, f) if launch else c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              cwd=ROOT, stdin=subprocess.DEVNULL if stdin_null else None, env=env)
             for c, f in zip(cmds, peaks, strict=True)]
    cpu, peak = 0.0, 0
    for p, f in zip(procs, peaks, strict=True):
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
        if p.returncode not in (0, 1):  # 1: some article had a warning-level problem; still measured
            raise SystemExit(f"bench: {' '.join(cmds[0])} failed ({p.returncode}): {err[-500:]}")
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, int(f.read_text() or 0))  # KiB; 0 when not launched (cold starts)
        f.unlink()
    return {"wall_s": time.perf_counter() - start, "cpu_s": cpu, "peak_mib": peak / 1024}


def cold(cmd: list[str], runs: int, env: dict | None = None, before: Callable[[], None] | None = None) -> dict:
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        r = run([cmd], env, launch=False)
        walls.append(r["wall_s"])
        cpus.append(r["cpu_s"])
    return {"wall_s": statistics.median(walls), "cpu_s": statistics.median(cpus), "runs": runs}


def dipx_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "dipx", *args]


def has_batch() -> bool:
    return subprocess.run(dipx_cmd("batch", "--help"), capture_output=True, cwd=ROOT).returncode == 0


def backends() -> list[str]:
    from dipx import segment

    return list(getattr(segment, "available_backends", lambda: ["jieba"])())


def env_with(**extra: str) -> dict:
    env = dict(os.environ)
    env.update(extra)
    return env


# ---------------------------------------------------------------- in-process measurements
def cleaned_texts(corpus: Path) -> list[str]:
    from dipx.pipeline import clean
    from dipx.read import iter_documents

    return [clean(raw, None).text for raw in iter_documents(str(corpus)) if not isinstance(raw, Exception)]


def raw_jieba(texts: list[str], user_words: tuple[str, ...]) -> dict:
    """jieba.lcut as a caller would use it, with dipx's words added (as dipx adds them)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in user_words:
        tok.add_word(w, freq=200000)
    tok.lcut("预热")
    return timed_cut(texts, tok.lcut)


def raw_rjieba(texts: list[str]) -> dict | None:
    try:
        import rjieba
    except ImportError:
        return None
    rjieba.cut("预热")
    return timed_cut(texts, rjieba.cut)


def timed_cut(texts: list[str], cut: Callable[[str], list[str]]) -> dict:
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        cut(text)
    return {"cpu_s": time.process_time() - cpu, "wall_s": time.perf_counter() - wall}


class StageClock:
    """Timing hooks around the pipeline's stage functions; `resolve` is what analyse spends outside them."""

    HOOKED = ("clean", "split_sentences", "match_sentence", "disambiguate", "assemble_meetings", "find_people")

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}

    def wrap(self, name: str, fn: Callable) -> Callable:
        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.process_time() - start
        return timed

    def measure(self, corpus: Path, backend: str) -> dict:
        from dipx import pipeline, render, segment
        from dipx.read import iter_documents

        if hasattr(pipeline, "use_tokenizer"):
            pipeline.use_tokenizer(backend)
        pipeline.process(next(r for r in iter_documents(str(corpus)) if not isinstance(r, Exception)),
                         pipeline.load_rules(()))  # the tokenizer's start is a cold start, not a stage

        saved = {n: getattr(pipeline, n) for n in self.HOOKED}
        classes = [c for c in (segment.Tokenizer, getattr(segment, "RjiebaTokenizer", None)) if c]
        saved_tokens, saved_analyse = [c.tokens for c in classes], pipeline.analyse
        for n in self.HOOKED:
            setattr(pipeline, n, self.wrap(n, saved[n]))
        for c, fn in zip(classes, saved_tokens, strict=True):
            c.tokens = self.wrap("tokenize", fn)
        pipeline.analyse = self.wrap("analyse", saved_analyse)
        rules = pipeline.load_rules(())
        null = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115  closed in the finally below
        try:
            total_cpu, wall = time.process_time(), time.perf_counter()
            reading = self.wrap("read", lambda: list(iter_documents(str(corpus))))()
            for raw in reading:
                if isinstance(raw, Exception):
                    continue
                result = pipeline.process(raw, rules)
                if not isinstance(result, Exception):
                    self.wrap("render_jsonl", render.write_jsonl)(result, null)
            total = time.process_time() - total_cpu
            wall = time.perf_counter() - wall
        finally:
            for n, fn in saved.items():
                setattr(pipeline, n, fn)
            for c, fn in zip(classes, saved_tokens, strict=True):
                c.tokens = fn
            pipeline.analyse = saved_analyse
            null.close()
        s = self.spent
        inside = sum(s.get(n, 0.0) for n in ("split_sentences", "tokenize", "match_sentence", "disambiguate",
                                               "assemble_meetings", "find_people"))
        stages = {
            "read": s.get("read", 0.0),
            "clean": s.get("clean", 0.0),
            "split_sentences": s.get("split_sentences", 0.0),
            "tokenize": s.get("tokenize", 0.0),
            "match": s.get("match_sentence", 0.0) + s.get("disambiguate", 0.0),
            "resolve": s.get("analyse", 0.0) - inside,
            "assemble": s.get("assemble_meetings", 0.0),
            "people": s.get("find_people", 0.0),
            "render_jsonl": s.get("render_jsonl", 0.0),
        }
        stages["other"] = total - sum(stages.values())
        return {"cpu_s": total, "wall_s": wall,
                "shares": {k: round(v / total, 4) for k, v in stages.items()},
                "seconds": {k: round(v, 3) for k, v in stages.items()}}


def interleaved(corpus: Path, backend: str, user_words: tuple[str, ...], chunk: int = 50) -> dict:
    """dipx (process + JSON Lines) and raw jieba.lcut taking turns on the same chunks of articles, in one
    process: this host's speed swings by 2x within minutes, so a ratio of two runs minutes apart misleads.
    The figure is the median over chunks of (raw jieba's CPU time / dipx's) on each chunk."""
    import io
    import logging

    import jieba

    from dipx import pipeline, render
    from dipx.read import iter_documents

    if hasattr(pipeline, "use_tokenizer"):
        pipeline.use_tokenizer(backend)
    rules = pipeline.load_rules(())
    raws = [r for r in iter_documents(str(corpus)) if not isinstance(r, Exception)]
    texts = [pipeline.clean(r, None).text for r in raws]
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in user_words:
        tok.add_word(w, freq=200000)
    pipeline.process(raws[0], rules)
    tok.lcut("预热")
    per_chunk: list[float] = []
    spent = {"dipx": 0.0, "raw": 0.0}
    for n, lo in enumerate(range(0, len(raws), chunk)):
        got = {}
        for side in (("dipx", "raw") if n % 2 == 0 else ("raw", "dipx")):  # neither always goes first
            start = time.process_time()
            if side == "raw":
                for text in texts[lo:lo + chunk]:
                    tok.lcut(text)
            else:
                out = io.StringIO()
                for raw in raws[lo:lo + chunk]:
                    result = pipeline.process(raw, rules)
                    if not isinstance(result, Exception):
                        render.write_jsonl(result, out)
            got[side] = time.process_time() - start
            spent[side] += got[side]
        per_chunk.append(got["raw"] / got["dipx"])
    return {"chunks": len(per_chunk), "articles_per_chunk": chunk,
            "dipx_over_raw_jieba_median_chunk": round(statistics.median(per_chunk), 3),
            "dipx_over_raw_jieba_total": round(spent["raw"] / spent["dipx"], 3),
            "dipx_cpu_s": round(spent["dipx"], 3), "raw_jieba_cpu_s": round(spent["raw"], 3)}


def profile(corpus: Path, articles: int) -> None:
    """cProfile of dipx on the first `articles` articles: the top functions by own time."""
    import cProfile
    import pstats

    from dipx import pipeline
    from dipx.read import iter_documents

    rules = pipeline.load_rules(())
    raws = [r for r in iter_documents(str(corpus)) if not isinstance(r, Exception)][:articles]
    pipeline.process(raws[0], rules)  # warm the tokenizer outside the profile
    prof = cProfile.Profile()
    prof.enable()
    for raw in raws:
        pipeline.process(raw, rules)
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(30)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


# ---------------------------------------------------------------- the run
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=2.0, help="size of the generated corpus (JSON Lines MB)")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--cold-runs", type=int, default=5, help="process starts per cold-start figure (median)")
    ap.add_argument("--no-record", action="store_true", help="do not append this run to bench/results.json")
    ap.add_argument("--profile", type=int, metavar="N", help="only print a cProfile of dipx on N articles")
    ap.add_argument("--note", default="", help="a note stored with the run (e.g. how busy the machine was)")
    args = ap.parse_args()

    os.environ.setdefault("DIPX_CACHE_DIR", str(ROOT / ".cache-bench"))
    work = Path(tempfile.mkdtemp(prefix="dipx-bench-"))
    corpus = work / "corpus.jsonl"
    info = build_corpus(args.mb, args.seed, corpus)
    if args.profile:
        profile(corpus, args.profile)
        return
    print(f"corpus: {info['articles']} articles ({info['html_articles']} HTML), {info['jsonl_bytes'] / 1e6:.2f} MB "
          f"JSON Lines, seed {args.seed}", file=sys.stderr)

    texts = cleaned_texts(corpus)
    text_mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    from dipx import pipeline

    user_words = pipeline.load_rules(()).user_words
    out: dict = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "note": args.note,
                 "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                             "load_avg_1m_at_start": round(os.getloadavg()[0], 2)},
                 "corpus": {**info, "text_mb": round(text_mb, 3)}}

    step("raw jieba.lcut")
    jb = raw_jieba(texts, user_words)
    rj = raw_rjieba(texts)
    out["raw"] = {"jieba": rate(jb, text_mb, len(texts))}
    if rj:
        out["raw"]["rjieba"] = rate(rj, text_mb, len(texts))

    third = split_corpus(corpus, 3)[0]  # a third of the articles is enough for shares
    out["stages"] = {}
    for backend in backends():
        step(f"stage shares, {backend} (in-process, a third of the corpus)")
        out["stages"][backend] = StageClock().measure(third, backend)

    out["interleaved"] = {}
    for backend in backends():
        step(f"dipx and raw jieba taking turns on chunks, {backend} (in-process, a third of the corpus)")
        out["interleaved"][backend] = interleaved(third, backend, user_words)

    out["dipx"] = {}
    halves = split_corpus(corpus, 2)
    batch = has_batch()
    for backend in backends():
        env = env_with(DIPX_TOKENIZER=backend)
        step(f"dipx extract, {backend}, one worker")
        run([dipx_cmd("extract", "--help")], env)  # warm the caches for this backend
        one = run([dipx_cmd("extract", "-q", "-f", "jsonl", str(corpus))], env)
        entry = {"one_worker": rate(one, text_mb, len(texts))}
        step(f"dipx, {backend}, two workers")
        if batch:  # one and two workers on the same path (the store included), so two/one is fair
            b1 = run([dipx_cmd("batch", "-j", "1", "--db", str(work / f"{backend}-1.db"), str(corpus))], env)
            b2 = run([dipx_cmd("batch", "-j", "2", "--db", str(work / f"{backend}-2.db"), str(corpus))], env)
            entry["batch_one_worker"] = {**rate(b1, text_mb, len(texts)), "how": "dipx batch -j 1 (into a fresh store)"}
            entry["two_workers"] = {**rate(b2, text_mb, len(texts)), "how": "dipx batch -j 2 (into a fresh store)"}
        else:
            two = run([dipx_cmd("extract", "-q", "-f", "jsonl", str(h)) for h in halves], env)
            entry["two_workers"] = {**rate(two, text_mb, len(texts)),
                                    "how": "two dipx extract processes, one per half of the corpus"}
        out["dipx"][backend] = entry

    step("cold starts")
    cache = os.environ["DIPX_CACHE_DIR"]
    empty = work / "empty-cache"

    def wipe() -> None:
        subprocess.run(["rm", "-rf", str(empty)], check=True)

    n = args.cold_runs
    sample = dipx_cmd("extract", "-f", "json", str(SAMPLE))
    # A checkout run with PYTHONDONTWRITEBYTECODE compiles dipx from source on every start; a pip
    # install leaves bytecode, as it does for jieba, which the starts are compared with.
    wipe_bytecode()
    from_source = cold(sample, n, env_with(DIPX_CACHE_DIR=cache, PYTHONDONTWRITEBYTECODE="1"))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dipx")], check=True)
    out["cold"] = {
        "dipx_help": cold(dipx_cmd("--help"), n),
        "dipx_version": cold(dipx_cmd("--version"), n),
        "dipx_extract_sample_warm": cold(sample, n, env_with(DIPX_CACHE_DIR=cache)),
        "dipx_extract_sample_warm_from_source": from_source,
        "dipx_extract_sample_empty_cache": cold(sample, max(2, n // 2),
                                                env_with(DIPX_CACHE_DIR=str(empty)), before=wipe),
        "jieba_import_and_first_cut": cold([sys.executable, "-c", "import jieba; jieba.lcut('测试')"], n),
    }
    for backend in backends():  # the default is rjieba where installed: each backend by name too
        out["cold"][f"dipx_extract_sample_warm_{backend}"] = cold(
            sample, n, env_with(DIPX_CACHE_DIR=cache, DIPX_TOKENIZER=backend))
    out["ratios"] = ratios(out)
    previous = load_runs()
    if previous:
        last = previous[-1]
        out["ratios"]["this_run_over_last"] = {
            "dipx_jieba_one_worker_mb_per_cpu_s": ratio(out["dipx"]["jieba"]["one_worker"]["mb_per_cpu_s"],
                                                        last["dipx"]["jieba"]["one_worker"]["mb_per_cpu_s"]),
            "dipx_over_raw_jieba": ratio(out["ratios"]["dipx_jieba_over_raw_jieba"],
                                         last["ratios"]["dipx_jieba_over_raw_jieba"]),
            "last_run": last["when"]}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    if not args.no_record:
        RESULTS.write_text(json.dumps({"runs": [*previous, out]}, ensure_ascii=False, indent=2) + "\n",
                           encoding="utf-8")
        print(f"recorded in {RESULTS.relative_to(ROOT)}", file=sys.stderr)


def wipe_bytecode() -> None:
    for folder in (ROOT / "dipx").rglob("__pycache__"):
        for pyc in folder.glob("*.pyc"):
            pyc.unlink()


def step(what: str) -> None:
    print(f"  {time.strftime('%H:%M:%S')} {what}", file=sys.stderr)


def rate(r: dict, mb: float, articles: int) -> dict:
    return {**{k: round(v, 3) for k, v in r.items()},
            "mb_per_cpu_s": round(mb / r["cpu_s"], 4), "mb_per_wall_s": round(mb / r["wall_s"], 4),
            "articles_per_cpu_s": round(articles / r["cpu_s"], 2),
            "articles_per_wall_s": round(articles / r["wall_s"], 2)}


def ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b else float("nan")


def ratios(out: dict) -> dict:
    raw = out["raw"]["jieba"]["mb_per_cpu_s"]
    r: dict = {"paired_on": "CPU time (MB of cleaned text per CPU second); two/one on wall time"}
    for backend, d in out["dipx"].items():
        r[f"dipx_{backend}_over_raw_jieba"] = ratio(d["one_worker"]["mb_per_cpu_s"], raw)
        one = d.get("batch_one_worker", d["one_worker"])
        r[f"dipx_{backend}_two_over_one_workers_wall"] = ratio(d["two_workers"]["mb_per_wall_s"], one["mb_per_wall_s"])
    if "rjieba" in out["raw"]:
        r["raw_rjieba_over_raw_jieba"] = ratio(out["raw"]["rjieba"]["mb_per_cpu_s"], raw)
    c = out["cold"]
    for clock in ("wall_s", "cpu_s"):  # on a busy machine the CPU figure is the steadier one
        r[f"dipx_extract_warm_over_jieba_import_and_cut_{clock[:-2]}"] = ratio(
            c["dipx_extract_sample_warm"][clock], c["jieba_import_and_first_cut"][clock])
        for variant in ("from_source", *backends()):
            r[f"dipx_extract_warm_{variant}_over_jieba_import_and_cut_{clock[:-2]}"] = ratio(
                c[f"dipx_extract_sample_warm_{variant}"][clock], c["jieba_import_and_first_cut"][clock])
    for backend, d in out.get("interleaved", {}).items():  # the steadier figure on a busy host
        r[f"dipx_{backend}_over_raw_jieba_interleaved"] = d["dipx_over_raw_jieba_median_chunk"]
    r["peak_mib_one_worker"] = {b: d["one_worker"]["peak_mib"] for b, d in out["dipx"].items()}
    return r


def load_runs() -> list[dict]:
    if not RESULTS.exists():
        return []
    return json.loads(RESULTS.read_text(encoding="utf-8")).get("runs", [])


if __name__ == "__main__":
    main()
