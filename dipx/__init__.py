"""dipx: who met whom, when, in what form, and whether it happened — from Chinese-language news.

    import dipx
    result = dipx.extract("seeds/000_48ad92835f6f67ab.txt")
    result.meetings, result.countries, result.dates, result.people

Importing dipx is cheap: the pipeline (jieba, OpenCC, bs4) loads on the first extract().
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .version import __version__

__all__ = ["Store", "__version__", "extract", "extract_all", "process", "to_dict"]

if TYPE_CHECKING:  # pragma: no cover
    from .pipeline import extract, extract_all, process
    from .render import to_dict
    from .store import Store


def __getattr__(name: str):
    if name in ("extract", "extract_all", "process"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "to_dict":
        from .render import to_dict

        return to_dict
    if name == "Store":
        from .store import Store

        return Store
    raise AttributeError(name)
