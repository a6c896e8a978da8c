"""Option values that are already what typer would make of them, passed through without pydantic.

typer (0.29, pinned) coerces every non-flag value through a pydantic TypeAdapter, and the
first one imports pydantic and builds a schema per parameter: 80 ms of a 0.6 s `dipx extract`.
Most values need nothing: a default that is already an int, a str, an input name, a
choice's name. `QuickRuntimeParam` answers those as typer would (the same value, the same
type) and hands anything else (a number typed on the command line, a path, a wrong choice)
to typer's own coercion, so every conversion and every error message stays typer's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, get_args, get_origin

from typer._click import Context as ClickContext
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice
from typer.models import ParameterInfo


class _Slow(Exception):
    """The value needs typer's own coercion."""


@dataclass(frozen=True)
class QuickRuntimeParam(RuntimeParam):
    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: ClickContext) -> Any:
        try:
            return quick_value(self.annotation, self.parameter_info, value, ctx)
        except _Slow:
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def quick_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    if descriptor.file_annotation is not None or descriptor.parameter_info.parser is not None:
        return build_runtime_param(descriptor)
    return QuickRuntimeParam(descriptor.parameter_info, descriptor.annotation, descriptor)


def quick_value(annotation: Any, info: ParameterInfo, value: Any, ctx: ClickContext | None) -> Any:
    """What typer's adapter for `annotation` returns for `value`, when that is certain; else _Slow."""
    kind = type(value)
    if annotation is str and kind is str:
        return value
    if annotation in (int, float) and kind is annotation and not info.clamp and _within(value, info):
        return value
    if isinstance(annotation, type) and issubclass(annotation, Enum) and (kind is str or kind is annotation):
        try:
            return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            raise _Slow() from None  # typer words the error
    if get_origin(annotation) is list and kind in (list, tuple) and len(get_args(annotation)) == 1:
        return [quick_value(get_args(annotation)[0], info, v, ctx) for v in value]
    raise _Slow()


def _within(value: float, info: ParameterInfo) -> bool:
    return (info.min is None or value >= info.min) and (info.max is None or value <= info.max)
