"""Schema errors as problems a user can act on: at their line and column, in plain words,
with the near name for a misspelt field. Shared by meeting files and format profiles."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from briefgen.errors import Problem, did_you_mean, format_path
from briefgen.load.notations import TIME_ALSO
from briefgen.load.source import Loc, SourceMap


def schema_problems(exc: ValidationError, smap: SourceMap, root: type[BaseModel]) -> list[Problem]:
    """Every error pydantic found validating ``root``, at its place in the source file."""
    return [_problem_from(err, smap, root) for err in exc.errors()]


def _problem_from(err: Any, smap: SourceMap, root: type[BaseModel]) -> Problem:
    loc: Loc = tuple(err["loc"])
    kind = err["type"]
    path = format_path(loc)
    if kind == "missing":
        return smap.problem(loc[:-1], path, "required field is missing", key=True)
    if kind == "extra_forbidden":
        message = f"unknown field '{loc[-1]}'"
        message += did_you_mean(str(loc[-1]), field_names_at(loc[:-1], root)) or _allowed(
            loc[:-1], root)
        return smap.problem(loc, path, message, key=True)
    message = _message(err)
    return smap.problem(loc, path, message)


def _message(err: Any) -> str:
    kind, msg = err["type"], err["msg"]
    got = err.get("input")
    if kind == "enum" or kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ",").split(",") if o.strip()]
        # Only text can be a misspelling: an empty value once got "did you mean 'online'?"
        # because difflib found 'None' close to it.
        hint = did_you_mean(got, options) if isinstance(got, str) else ""
        return f"expected one of {expected}, got {_shown(got)}{hint}"
    if kind.startswith(("date_", "time_", "datetime_")):
        if not kind.startswith("date_"):
            return (f"expected a real time (HH:MM), got {_shown(got)}{_time_hint(got)}; also "
                    f"accepted: {TIME_ALSO}")
        return f"expected a real date (YYYY-MM-DD), got {_shown(got)}"
    if kind == "value_error":
        return msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        return (f"expected an id of ASCII letters, digits, '_', '.', '-' "
                f"(at most 64, not starting with a symbol), got {got!r}")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        # pydantic says "instance of MeetingInfo", a class name the user never sees.
        return f"expected a mapping of fields (name: value), got {_shown(got)}"
    if kind == "too_short":  # pydantic's "... after validation, not 0" reads as jargon
        least = err.get("ctx", {}).get("min_length", 1)
        count = len(got) if isinstance(got, list) else 0
        return f"needs at least {least} item{'s' * (least != 1)}, got {count or 'none'}"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, got {_shown(got)}"
    if kind == "list_type" and isinstance(got, str):
        return f"expected a list, got {_shown(got)}; write [{got}] for a list of one"
    return f"{msg[0].lower()}{msg[1:]}, got {_shown(got)}"


def _time_hint(got: Any) -> str:
    """``14.30`` (a number to YAML) or ``14,30``: the time it most likely means, to copy."""
    m = re.fullmatch(r"(\d{1,2})[.,](\d{2})", str(got).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return ""
    quoted = " (in quotes: unquoted, YAML reads it as a number)" if isinstance(got, float) else ""
    return f'; write "{int(m.group(1)):02d}:{m.group(2)}"{quoted}'


def _shown(value: Any) -> str:
    """The offending input in words a user knows from the file, cut short when long."""
    if value is None:
        return "an empty value"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}...{text[-1]}"


def _model_at(loc: Loc, root: type[BaseModel]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (walking field annotations)."""
    current: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip list[...] / X | None / Annotated[...] down to the model inside, if any."""
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if origin in (list, typing.Union, types.UnionType) or origin is typing.Annotated:
        for arg in args:
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def field_names_at(loc: Loc, root: type[BaseModel]) -> list[str]:
    model = _model_at(loc, root)
    return list(model.model_fields) if model else []


def _allowed(loc: Loc, root: type[BaseModel]) -> str:
    names = field_names_at(loc, root)
    return f"; allowed: {', '.join(names)}" if names else ""
