"""A data-lake sink beside the store: what each run takes in, as JSON Lines or Parquet files.

The only module that imports pyarrow (an extra: pip install 'dipx[lake]'). Two datasets,
Hive-partitioned by the article's publication month, one file per partition per run:

    DIR/documents/published_month=2022-11/run-000042.parquet
    DIR/meetings/published_month=2022-11/run-000042.parquet

DuckDB reads them with read_parquet('DIR/documents/*/*.parquet', hive_partitioning = true),
Spark with spark.read.parquet('DIR/documents'). A file is written as a hidden `.part` and
renamed when the run ends, so readers never see half a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .errors import DipxError, ExitCode

FORMATS = ("jsonl", "parquet")
ROW_GROUP = 2000  # rows buffered per partition before a Parquet row group is written
UNKNOWN_MONTH = "unknown"  # articles without a publication date

DOCUMENT_COLUMNS = {"hash": "string", "source": "string", "doc_id": "string", "url": "string", "title": "string",
                    "published": "string", "format": "string", "script": "string", "characters": "int64",
                    "meetings": "int64", "countries": "list", "people": "list", "result": "string"}
MEETING_COLUMNS = {"hash": "string", "ordinal": "int64", "parties": "list", "kind": "string", "status": "string",
                   "date_value": "string", "date_precision": "string", "date_text": "string", "place": "string",
                   "place_country": "string", "published": "string"}
DATASETS = {"documents": DOCUMENT_COLUMNS, "meetings": MEETING_COLUMNS}


class LakeError(DipxError):
    exit_code = ExitCode.USAGE


class LakeSink:
    """`open(run_id)`, `add(key, result dict)` for each article taken in, `close()`: the dipx.batch Sink."""

    def __init__(self, folder: str | Path, fmt: str = "parquet"):
        if fmt not in FORMATS:
            raise LakeError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        if fmt == "parquet":
            _pyarrow()  # say it now, before a run starts, if the extra is missing
        self.folder, self.format = Path(folder), fmt
        self.run_id = 0
        self.writers: dict[tuple[str, str], _Writer] = {}

    def open(self, run_id: int) -> None:
        self.run_id = run_id

    def add(self, key: str, data: dict) -> None:
        doc = data["document"]
        month = _month(doc.get("published"))
        self._writer("documents", month).add(_document_row(key, data))
        for ordinal, meeting in enumerate(data.get("meetings", [])):
            self._writer("meetings", month).add(_meeting_row(key, ordinal, meeting, doc.get("published")))

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()

    def _writer(self, dataset: str, month: str) -> _Writer:
        if (dataset, month) not in self.writers:
            folder = self.folder / dataset / f"published_month={month}"
            name = f"run-{self.run_id:06d}.{self.format}"
            cls = _ParquetWriter if self.format == "parquet" else _JsonWriter
            self.writers[dataset, month] = cls(folder / name, DATASETS[dataset])
        return self.writers[dataset, month]


def _month(published: str | None) -> str:
    return published[:7] if published and len(published) >= 7 and published[4] == "-" else UNKNOWN_MONTH


def _document_row(key: str, data: dict) -> dict[str, Any]:
    doc = data["document"]
    return {"hash": key, "source": doc.get("source"), "doc_id": _str(doc.get("id")), "url": doc.get("url"),
            "title": doc.get("title"), "published": doc.get("published"), "format": doc.get("format"),
            "script": doc.get("script"), "characters": doc.get("characters"),
            "meetings": len(data.get("meetings", [])),
            "countries": [c.get("code") for c in data.get("countries", []) if c.get("code")],
            "people": [p.get("name") for p in data.get("people", []) if p.get("name")],
            "result": json.dumps(data, ensure_ascii=False, default=str)}


def _meeting_row(key: str, ordinal: int, m: dict, published: str | None) -> dict[str, Any]:
    date, place = m.get("date") or {}, m.get("place") or {}
    return {"hash": key, "ordinal": ordinal, "parties": list(m.get("parties", [])), "kind": m.get("kind"),
            "status": m.get("status"), "date_value": _str(date.get("value")), "date_precision": date.get("precision"),
            "date_text": date.get("text"), "place": place.get("name"), "place_country": place.get("country"),
            "published": published}


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


class _Writer:
    def __init__(self, path: Path, columns: dict[str, str]):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path, self.columns = path, columns
        self.part = path.with_name(f".{path.name}.part")  # hidden: pyarrow, DuckDB and Spark skip it

    def add(self, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        os.replace(self.part, self.path)


class _JsonWriter(_Writer):
    def __init__(self, path: Path, columns: dict[str, str]):
        super().__init__(path, columns)
        self.fh = open(self.part, "w", encoding="utf-8")  # noqa: SIM115  open for the run, closed in close()

    def add(self, row: dict[str, Any]) -> None:
        self.fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.fh.close()
        super().close()


class _ParquetWriter(_Writer):
    def __init__(self, path: Path, columns: dict[str, str]):
        super().__init__(path, columns)
        pa, pq = _pyarrow()
        types = {"string": pa.string(), "int64": pa.int64(), "list": pa.list_(pa.string())}
        self.schema = pa.schema([(name, types[kind]) for name, kind in columns.items()])
        self.writer = pq.ParquetWriter(self.part, self.schema, compression="zstd")
        self.rows: list[dict[str, Any]] = []

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self.rows:
            pa, _ = _pyarrow()
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self._flush()
        self.writer.close()
        super().close()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise LakeError("--format parquet needs pyarrow: pip install 'dipx[lake]'") from None
    return pa, pq
