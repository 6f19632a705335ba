"""The sheets the meeting file may name (task register, people, connection points), read off
the schema: each field marked :class:`~briefgen.model.text.Column` is a column, with its
headers; required columns are the fields without a default, and the annotation says which
cells hold several values, a yes/no or a date. A field of a nested model (``link_test``) gives
a column per marked field of that model (``link_test_participants``). So a new column is
declared once, on its field, and the reader (briefgen.load.sheets) reads it.
"""

from __future__ import annotations

import datetime as dt
import re
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from briefgen.load.sheets import Sheet
from briefgen.model.meeting import ConnectionPoint, Person, Task
from briefgen.model.text import Column

Mark = TypeVar("Mark")


def mark(info: FieldInfo, kind: type[Mark]) -> Mark | None:
    """The field's marker of type ``kind`` (its Column, its Answer), or None."""
    return next((m for m in info.metadata if isinstance(m, kind)), None)


def marked(model: type[BaseModel], kind: type) -> tuple[str, ...]:
    """The fields of ``model`` marked with a ``kind``, in the order they are declared."""
    return tuple(name for name, info in model.model_fields.items() if mark(info, kind))


def held(annotation: Any) -> tuple[Any, bool]:
    """The type a field's values have, through Annotated and an optional None, and whether
    the field holds a list of them."""
    many = False
    while True:
        if get_origin(annotation) is Annotated:
            annotation = get_args(annotation)[0]
        elif get_origin(annotation) in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, many
            annotation = options[0]
        elif get_origin(annotation) is list:
            many, annotation = True, get_args(annotation)[0]
        else:
            return annotation, many


def sheet_of(model: type[BaseModel], collection: str, what: str) -> Sheet:
    """The sheet whose rows are entries of ``model`` (``collection``: the meeting file's key
    they become; ``what``: the sheet in messages), its columns read off the fields."""
    columns: dict[str, tuple[str, ...]] = {}
    required: list[str] = []
    lists: dict[str, re.Pattern[str]] = {}
    booleans: list[str] = []
    dates: list[str] = []
    nested: dict[str, tuple[str, str]] = {}

    def add(name: str, info: FieldInfo, column: Column) -> None:
        columns[name] = column.headers
        kind, many = held(info.annotation)
        if many:
            lists[name] = re.compile(column.split)
        if kind is bool:
            booleans.append(name)
        if kind is dt.date:
            dates.append(name)

    for name, info in model.model_fields.items():
        column = mark(info, Column)
        if column is not None:
            add(name, info, column)
            required += [name] if info.is_required() else []
            continue
        inner, many = held(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel) and not many:
            for part, part_info in inner.model_fields.items():
                part_column = mark(part_info, Column)
                if part_column is not None:
                    nested[f"{name}_{part}"] = (name, part)
                    add(f"{name}_{part}", part_info, part_column)
    return Sheet(collection, what, columns, tuple(required), lists=lists,
                 booleans=tuple(booleans), dates=tuple(dates), nested=nested)


TASKS = sheet_of(Task, "tasks", "register")
PEOPLE = sheet_of(Person, "people", "list of people")
POINTS = sheet_of(ConnectionPoint, "points", "list of connection points")
