"""A folder like a crawler's: copies of the sample with other dates and parties, the team's own
articles, and broken files. Used by the store tests and by tests/benchmark_batch.py."""

from __future__ import annotations

import shutil
from pathlib import Path

from dipx.store import Store

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_48ad92835f6f67ab.txt"
EPOCH_MS = "1668744781000"
YEAR_MS = 365 * 24 * 3600 * 1000
# party swaps: the same story told of other countries
SWAPS = [("", ""), ("加拿大", "墨西哥"), ("澳大利亚", "新西兰"), ("荷兰", "比利时")]

# columns that say when and by which run, not what: left out when two stores are compared
VOLATILE = {"run_id", "taken_at", "failed_at"}
SKIP_TABLES = {"runs", "schema_version"}

BROKEN = {
    "broken/binary.txt": b"\x00\x01\x02\xff\xfe" * 40,
    "broken/empty.txt": b"",
    "broken/english.txt": b"Leaders met in Bali.\nNothing here is Chinese, so there is no article to read.\n",
    "broken/truncated.html": b"<html><head><title>x</title></head><body><div class=\"art",
    "broken/latin1.txt": "Caf\xe9 cr\xe8me \xe0 la fran\xe7aise, na\xefve r\xe9sum\xe9.\n".encode("latin-1") * 5,
}


def sample_variant(n: int) -> bytes:
    """The sample moved on by n years (up to 7; publication time and every 2022), with countries swapped."""
    years = n % 8
    text = SEED.read_text(encoding="utf-8")
    text = text.replace(EPOCH_MS, str(int(EPOCH_MS) + years * YEAR_MS), 1).replace("2022", str(2022 + years))
    text = text.replace("chinese-news-63672515", f"chinese-news-63672515-{n}")
    old, new = SWAPS[n % len(SWAPS)]
    return (text.replace(old, new) if old else text).encode("utf-8")


def build_corpus(folder: Path, variants: int = 3, heldout: bool = True, broken: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / "sample.txt")
    (folder / "copies").mkdir(exist_ok=True)
    shutil.copy(SEED, folder / "copies" / "sample_again.txt")  # the same article under another name
    for n in range(1, variants + 1):
        sub = folder / "variants" / f"{n // 100:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"sample_{n:03d}.txt").write_bytes(sample_variant(n))
    shutil.copytree(ROOT / "tests" / "store_docs", folder / "team", dirs_exist_ok=True)
    if heldout:
        for name in ("heldout", "heldout2"):
            shutil.copytree(ROOT / "tests" / name / "docs", folder / name, dirs_exist_ok=True)
    if broken:
        for rel, data in BROKEN.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    return folder


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, less the volatile columns: two equal dumps are the same store."""
    with Store(db, readonly=True) as store:
        tables = [r["name"] for r in store.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            if table in SKIP_TABLES:
                continue
            columns = [r["name"] for r in store.rows(f"PRAGMA table_info({table})") if r["name"] not in VOLATILE]
            cols = ", ".join(f'"{c}"' for c in columns)
            out[table] = [tuple(r.values()) for r in store.rows(f"SELECT {cols} FROM {table} ORDER BY {cols}")]
        return out
