"""The view's fields as templates see them: records, their typed fields, type names."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel


def is_record(hint: Any) -> bool:
    """A dataclass of the view or a pydantic model of the profile: something with fields."""
    return isinstance(hint, type) and (dataclasses.is_dataclass(hint) or issubclass(hint, BaseModel))


@cache
def record_fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """(name, type) of each field, in declaration order."""
    if dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))
    if issubclass(cls, BaseModel):
        return (*((name, info.annotation) for name, info in cls.model_fields.items()),
                *((name, info.return_type) for name, info in cls.model_computed_fields.items()))
    return ()


def is_union(hint: Any) -> bool:
    return typing.get_origin(hint) in (typing.Union, types.UnionType)


def type_name(hint: Any) -> str:
    """A type as a template author reads it: ``list[PersonView]``, ``str | None``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is type(None):
        return "None"
    if hint is Any:
        return "Any"
    if origin is Literal:
        return " | ".join(json.dumps(a) for a in args)
    if is_union(hint):
        return " | ".join(type_name(a) for a in args)
    if origin is not None:
        inner = ", ".join("..." if a is Ellipsis else type_name(a) for a in args)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    return hint.__name__ if isinstance(hint, type) else str(hint)


def cut(text: str, width: int = 70) -> str:
    """``text`` on one line, cut at ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"
