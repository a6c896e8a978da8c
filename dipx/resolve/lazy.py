"""A per-sentence table built on its first read, for the resolvers' sentence objects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class table(Generic[T]):  # noqa: N801 (used as a decorator, like cached_property)
    """functools.cached_property without the lock Python 3.11 takes on every first read: a sentence's
    objects belong to one thread, and each of their tables is read once or twice."""

    def __init__(self, build: Callable[[Any], T]) -> None:
        self.build, self.name = build, build.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        value = obj.__dict__[self.name] = self.build(obj)  # the instance's value hides this from now on
        return value
