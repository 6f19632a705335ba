"""What a template expression is known to be, from the names templates receive."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from typing import Any, Literal

from markupsafe import Markup

from briefgen import kinds
from briefgen.model.profile import Profile
from briefgen.template_set.fields import is_record, is_union, record_fields
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView


class Shape:
    """What a template expression is known to be."""


@dataclass(frozen=True)
class Anything(Shape):
    """Not known: any use is accepted."""


@dataclass(frozen=True)
class Value(Shape):
    """A plain value (str, int, date ...): its methods only."""

    py: type


@dataclass(frozen=True)
class Items(Shape):
    """A list (or tuple, set) of ``item``."""

    item: Shape


@dataclass(frozen=True)
class AnyKeys(Shape):
    """A mapping whose keys are not known, of ``value``."""

    value: Shape


@dataclass(frozen=True)
class Keys(Shape):
    """A mapping with known keys (the labels). ``missing``: keys some files lack, and which."""

    entries: tuple[tuple[str, Shape], ...]
    missing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Record(Shape):
    """A view dataclass or profile model: its fields; ``overrides`` replace some fields'
    shapes (``doc.extra`` by document, ``m.L`` as the labels)."""

    cls: type
    overrides: tuple[tuple[str, Shape], ...] = ()


@dataclass(frozen=True)
class Opaque(Shape):
    """Something to print as it is (``chart_image``), with nothing to reach into."""


@dataclass(frozen=True)
class Reported(Anything):
    """What a reported name gives: not known, and not reported again further down its chain."""


ANY = Anything()
REPORTED = Reported()
LOOP = Keys(tuple((name, ANY) for name in (
    "index", "index0", "revindex", "revindex0", "first", "last", "length", "cycle", "depth",
    "depth0", "previtem", "nextitem", "changed")))


def shape_of(hint: Any) -> Shape:
    """The shape of a value of a type hint."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if is_union(hint):
        rest = [a for a in args if a is not type(None)]
        return shape_of(rest[0]) if len(rest) == 1 else ANY
    if origin is Literal:
        return Value(type(args[0]))
    if origin in (list, tuple, set, frozenset):
        return Items(shape_of(args[0]) if args else ANY)
    if origin is dict:
        return AnyKeys(shape_of(args[1]) if len(args) == 2 else ANY)
    if is_record(hint):
        return Record(hint)
    if isinstance(hint, type) and hint is not object:
        return Value(hint)
    return ANY


def member(shape: Shape, name: str) -> Shape | None:
    """What ``x.name`` is (Jinja: attribute first, then key), None when there is no such
    thing and the template would fail."""
    if isinstance(shape, Anything):
        return ANY
    if isinstance(shape, Record):
        overrides = dict(shape.overrides)
        if name in overrides:
            return overrides[name]
        hints = dict(record_fields(shape.cls))
        return shape_of(hints[name]) if name in hints else None
    if isinstance(shape, Keys | AnyKeys) and hasattr(dict, name):
        return ANY
    if isinstance(shape, Keys):
        return dict(shape.entries).get(name)
    if isinstance(shape, AnyKeys):
        return shape.value
    if isinstance(shape, Items):
        return ANY if hasattr(list, name) else None
    if isinstance(shape, Value):
        return ANY if hasattr(shape.py, name) else None
    return None


def key(shape: Shape, name: str) -> Shape | None:
    """What ``x['name']`` is (Jinja: key first, then attribute)."""
    if isinstance(shape, Keys) and name in dict(shape.entries):
        return dict(shape.entries)[name]
    if isinstance(shape, AnyKeys):
        return shape.value
    return member(shape, name)


def item(shape: Shape) -> Shape:
    """What iterating over ``x`` gives."""
    if isinstance(shape, Items):
        return shape.item
    if isinstance(shape, AnyKeys | Keys):
        return Value(str)  # a mapping's keys
    if isinstance(shape, Value) and shape.py is str:
        return shape
    return ANY


def index(shape: Shape) -> Shape:
    """What ``x[expr]`` is for a computed ``expr``."""
    if isinstance(shape, AnyKeys):
        return shape.value
    if isinstance(shape, Keys):
        values = {v for _, v in shape.entries}
        return values.pop() if len(values) == 1 else ANY
    return item(shape)


def names_of(shape: Shape) -> list[str]:
    """The names that can follow ``x.``, for a near-name hint."""
    if isinstance(shape, Record):
        return [n for n, _ in record_fields(shape.cls)]
    if isinstance(shape, Keys):
        return [n for n, _ in shape.entries]
    if isinstance(shape, Value):
        return [n for n in dir(shape.py) if not n.startswith("_")]
    return []


def labels_shape(files: list[tuple[str, Any]]) -> Shape:
    """The labels as one shape: keys every labels file has; keys only some have are kept in
    ``missing`` (a template using one fails in the other languages)."""
    if files and all(isinstance(data, dict) for _, data in files):
        names = dict.fromkeys(str(k) for _, data in files for k in data)
        entries, missing = [], []
        for name in names:
            having = [(f, data[name]) for f, data in files if name in data]
            lacking = [f for f, data in files if name not in data]
            if lacking:
                missing.append((name, ", ".join(lacking)))
            else:
                entries.append((name, labels_shape(having)))
        return Keys(tuple(entries), tuple(missing))
    if files and all(isinstance(data, list) for _, data in files):
        return Items(labels_shape([(f, x) for f, data in files for x in data[:1]]))
    if files and all(isinstance(data, str) for _, data in files):
        return Value(str)
    return ANY


def roots(kind: str | None, fmt: Literal["html", "docx"], labels: Shape) -> dict[str, Shape]:
    """The names a template of ``kind`` receives (``kind`` None: not known, so ``doc.extra``
    could be anything)."""
    if kind is None:
        extra: Shape = ANY
    else:
        cls = kinds.get(kind).view
        extra = Record(cls) if cls else Value(type(None))
    scope: dict[str, Shape] = {
        "m": Record(MeetingView, (("L", labels),)), "doc": Record(DocView, (("extra", extra),)),
        "L": labels, "p": Record(Profile)}
    if kind is None or kinds.get(kind).charted:
        if fmt == "html":
            scope["chart_svg"] = Value(Markup)
        else:
            scope["chart_image"] = Opaque()
    if fmt == "docx":  # the signatures' images, by their PNG's path (render/docx_fill.py)
        scope["sign_images"] = AnyKeys(Opaque())
    return scope


def index_roots(labels: Shape) -> dict[str, Shape]:
    """The names ``html/index.html`` receives from ``briefgen batch``."""
    row = Keys((("document", Value(str)), ("scope", Value(str)), ("files", Items(ANY)),
                ("notes", Items(Value(str)))))
    return {"m": Record(MeetingView, (("L", labels),)), "L": labels, "rows": Items(row),
            "formats": Items(Value(str)), "heading": Value(str), "proofed": Value(bool)}
