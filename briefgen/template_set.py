"""Bring your own templates: list a template set, copy the defaults to edit, document every
variable templates receive, and check a set before anything is rendered with it.

A template set has the layout of ``templates/``: ``html/`` (Jinja HTML and CSS, printed to PDF
by WeasyPrint), ``docx/<regime>/<document>.docx`` (Word files filled by docxtpl),
``labels/<lang>.yaml`` and ``profiles/*.yaml``. A custom set falls back to the defaults file by
file (profiles as a folder). Only :func:`copy_defaults` writes anything.

The check reads templates as Jinja reads them (the same sandboxed environments, and for Word
files docxtpl's own preprocessing), then follows every variable from the names templates
receive through the view's typed fields. Rendering reuses it (:func:`explain_failure`), so a
broken template is reported in the same words by ``render`` and by ``templates check``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import traceback
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import (
    Environment,
    FileSystemLoader,
    Template,
    TemplateNotFound,
    TemplateSyntaxError,
    nodes,
)
from jinja2.exceptions import SecurityError
from markupsafe import Markup
from pydantic import BaseModel, ValidationError

from briefgen.assets import DEFAULT_TEMPLATES, find_template, template_dirs
from briefgen.documents import DOCS
from briefgen.errors import InputError, Problem
from briefgen.profile import Profile
from briefgen.render.errors import not_in_set_message, template_problem, unknown_variable_message
from briefgen.render.jinja import LinkOutOfSet, docx_environment, environment
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView, InvitationView, NoticeView, PackView, ReportView

SET_FOLDERS = ("html", "docx", "labels", "profiles")
REFERENCE_MEETING = DEFAULT_TEMPLATES.parent / "inputs" / "bcd-khcn-2025-05-22.yaml"
# What ``doc.extra`` is, by document.
EXTRA: dict[str, type | None] = {"minutes": None, "notice": NoticeView,
                                 "invitation": InvitationView, "pack": PackView,
                                 "report": ReportView}
# The documents that receive chart_svg / chart_image (render.base.chart_data decides; the
# variable reference checks the two agree).
CHARTED = ("pack",)
Origin = Literal["custom", "default"]


# == list =========================================================================================

@dataclass(frozen=True)
class TemplateFile:
    """One file of a template set in use, and where it comes from."""

    relative: str  # "html/minutes.html", "docx/party/minutes.docx"
    path: Path
    document: str  # minutes | notice | invitation | pack | report | index | shared
    format: str  # docx | html | css | labels | profile | (other files: their suffix)
    regime: str | None
    origin: Origin


def custom_set(folder: Path | None) -> Path | None:
    """``folder`` as a custom set, or None when it is the default set itself."""
    if folder is None or folder.resolve() == DEFAULT_TEMPLATES.resolve():
        return None
    return folder


def set_files(folder: Path, everything: bool = False) -> dict[str, Path]:
    """Relative name -> path of each file of a set: the template folders only, or (for a
    custom set) ``everything`` it holds, such as fonts and images. Hidden files aside."""
    tops = [folder] if everything else [folder / sub for sub in SET_FOLDERS]
    files = {}
    for top in tops:
        for path in sorted(top.rglob("*")) if top.is_dir() else []:
            relative = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") or p == "__pycache__"
                                          for p in relative.parts):
                files[relative.as_posix()] = path
    files.pop("meeting-skeleton.yaml", None)  # `briefgen init`'s, not a document template
    return files


def describe(relative: str, path: Path) -> tuple[str, str, str | None]:
    """(document, format, regime) of a file of a set, from where it sits."""
    parts, name = relative.split("/"), Path(relative)
    suffix = name.suffix.lstrip(".").lower()
    if parts[0] == "docx" and suffix == "docx":
        return (name.stem if name.stem in DOCS else "shared", "docx",
                parts[1] if len(parts) == 3 else None)
    if parts[0] == "labels" and suffix == "yaml":
        return "shared", "labels", None
    if parts[0] == "profiles" and suffix == "yaml":
        return "shared", "profile", _profile_regime(path)
    if parts[0] == "html" and suffix in ("html", "css"):
        document = name.stem if name.stem in (*DOCS, "index") else "shared"
        return document, suffix, None
    return "shared", suffix or "file", None


def _profile_regime(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return str(data["regime"]) if isinstance(data, dict) and "regime" in data else None


def list_templates(folder: Path | None = None) -> list[TemplateFile]:
    """Every file rendering uses with the set ``folder`` (the defaults when None): its own
    files, and the defaults it falls back to. Default profiles are not used by a set that has
    a profiles folder of its own, so they are not listed for it."""
    custom = custom_set(_existing(folder) if folder else None)
    own = set_files(custom, everything=True) if custom else {}
    own_profiles = custom is not None and (custom / "profiles").is_dir()
    rows: dict[str, TemplateFile] = {}
    for relative, path in set_files(DEFAULT_TEMPLATES).items():
        if relative not in own and not (own_profiles and relative.startswith("profiles/")):
            rows[relative] = TemplateFile(relative, path, *describe(relative, path), "default")
    for relative, path in own.items():
        rows[relative] = TemplateFile(relative, path, *describe(relative, path), "custom")
    return [rows[name] for name in sorted(rows)]


def _existing(folder: Path) -> Path:
    if not folder.is_dir():
        raise InputError.single(folder, "no such folder; a template set is a folder laid out "
                                        "like the one `briefgen templates copy` writes")
    return folder


# == copy =========================================================================================

def copy_defaults(target: Path) -> list[Path]:
    """Copy the default template set into ``target`` (new or empty) and return the files."""
    if target.exists() and not target.is_dir():
        raise InputError.single(target, "exists and is not a folder; give a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise InputError.single(target, "exists and is not empty; give a new or empty folder "
                                        "(nothing was copied)")
    for sub in SET_FOLDERS:
        shutil.copytree(DEFAULT_TEMPLATES / sub, target / sub, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return sorted(target / relative for relative in set_files(target))


# == types: the view's fields, as documented and as checked =======================================

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


def _is_union(hint: Any) -> bool:
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
    if _is_union(hint):
        return " | ".join(type_name(a) for a in args)
    if origin is not None:
        inner = ", ".join("..." if a is Ellipsis else type_name(a) for a in args)
        return f"{getattr(origin, '__name__', str(origin))}[{inner}]"
    return hint.__name__ if isinstance(hint, type) else str(hint)


# == vars: the reference of template variables ====================================================

@dataclass
class TypeEntry:
    """A record type templates meet, where they meet it, and real instances of it."""

    cls: type
    reached_as: list[str] = field(default_factory=list)
    samples: list[object] = field(default_factory=list)


class _Walker:
    """Walks typed fields from the top-level names, collecting each record type once with every
    path that reaches it (``note``: in which document) and every instance the reference
    meeting has of it."""

    def __init__(self) -> None:
        self.types: dict[type, TypeEntry] = {}

    def visit(self, path: str, hint: Any, samples: list[object], note: str = "") -> None:
        hint, path, samples = _peel(hint, path, samples)
        if not is_record(hint):
            return
        entry = self.types.setdefault(hint, TypeEntry(hint))
        entry.reached_as.append(f"{path} ({note})" if note else path)
        entry.samples.extend(samples)
        for name, sub in record_fields(hint):
            if (hint, name) != (DocView, "extra"):  # by document: walked from the roots
                self.visit(f"{path}.{name}", sub, [getattr(s, name) for s in samples], note)


def _peel(hint: Any, path: str, samples: list[object]) -> tuple[Any, str, list[object]]:
    """Look through ``X | None``, lists and dicts to the type of what they hold."""
    while True:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if _is_union(hint):
            rest = [a for a in args if a is not type(None)]
            if len(rest) != 1:
                return hint, path, samples
            hint, samples = rest[0], [s for s in samples if s is not None]
        elif origin in (list, tuple, set, frozenset) and args:
            hint, path = args[0], path + "[i]"
            samples = [x for s in samples for x in s]  # type: ignore[attr-defined]
        elif origin is dict and len(args) == 2:
            hint, path = args[1], path + "[key]"
            samples = [x for s in samples for x in s.values()]  # type: ignore[attr-defined]
        else:
            return hint, path, samples


def _cut(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def show(value: object, same_as: dict[int, str] | None = None, width: int = 70) -> str:
    """A short, readable example of a value (strings cut at ``width``)."""
    if same_as and id(value) in same_as:
        return f"same as {same_as[id(value)]}"
    if value is None or isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(_cut(value, width), ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_record(type(value)):
        texts = [getattr(value, n) for n in ("name", "title", "text", "label", "unit", "id")
                 if isinstance(getattr(value, n, None), str)]
        return f"{type(value).__name__}({json.dumps(_cut(texts[0], 40), ensure_ascii=False)})" \
            if texts else type(value).__name__
    if isinstance(value, dict):
        items = [f"{k}: {show(v)}" for k, v in list(value.items())[:2]]
        return _cut("{" + ", ".join(items) + (", …" if len(value) > 2 else "") + "}", 90)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        if items and is_record(type(items[0])):
            return f"[{len(items)} × {type(items[0]).__name__}]"
        shown = ", ".join(show(x) for x in items[:2]) + (", …" if len(items) > 2 else "")
        return _cut(f"[{shown}]", 90) + (f" ({len(items)})" if len(items) > 2 else "")
    return _cut(str(value))


def _informative(value: object) -> bool:
    return value is not None and not (isinstance(value, Sized) and len(value) == 0)


def example(values: list[object], same_as: dict[int, str]) -> str:
    """The first informative value among the instances, else the first, else nothing."""
    if not values:
        return ""
    return show(next((v for v in values if _informative(v)), values[0]), same_as)


def reference_documents() -> tuple[MeetingView, dict[str, DocView]]:
    """The reference meeting's view and one document of each kind (the first scope of each)."""
    from briefgen.documents import plan
    from briefgen.model import load_meeting

    meeting, _ = load_meeting(REFERENCE_MEETING)
    mv, jobs = plan(meeting, list(DOCS), ["html"], base_dir=REFERENCE_MEETING.parent)
    docs: dict[str, DocView] = {}
    for job in jobs:
        docs.setdefault(job.doc.kind, job.doc)
    return mv, docs


def _roots_table() -> list[dict[str, str]]:
    every, all_formats = "every document", "docx, pdf, html"
    return [
        {"name": "m", "type": "MeetingView", "documents": every, "formats": all_formats,
         "what": "the meeting: session, people, points, agenda, register, conclusions"},
        {"name": "doc", "type": "DocView", "documents": every, "formats": all_formats,
         "what": "this document: header, title, subject, signatures, recipients"},
        {"name": "doc.extra", "type": "by document (below)", "documents": every,
         "formats": all_formats, "what": "what only this kind of document prints"},
        {"name": "L", "type": "dict (`labels/<lang>.yaml`)", "documents": every,
         "formats": all_formats, "what": "the wording, in the document's language"},
        {"name": "p", "type": "Profile (`profiles/*.yaml`)", "documents": every,
         "formats": all_formats, "what": "the format profile: margins, sizes, fixed wording"},
        {"name": "chart_svg", "type": "Markup", "documents": ", ".join(CHARTED),
         "formats": "html, pdf", "what": "the status-by-unit chart as an inline `<svg>`"},
        {"name": "chart_image", "type": "InlineImage", "documents": ", ".join(CHARTED),
         "formats": "docx", "what": "the same chart as a 160 mm wide PNG: `{{ chart_image }}`"},
    ]


INDEX_CONTEXT = [
    {"name": "m", "type": "MeetingView", "what": "the meeting, as above"},
    {"name": "L", "type": "dict", "what": "the labels, as above"},
    {"name": "rows", "type": "list[dict]", "what": "one per document and scope: document "
     "(str), scope (str), files (one per format: the output's name, or None)"},
    {"name": "formats", "type": "list[str]", "what": "\"DOCX\", \"PDF\", \"HTML\""},
    {"name": "heading", "type": "str", "what": "the session and its date, one line"},
]


LABEL_WIDTH = 240  # labels in full: their {placeholders} matter


def _label_rows(vi: dict[str, Any], en: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for key, value in vi.items():
        if isinstance(value, dict):
            found = en.get(key)
            other: dict[str, Any] = found if isinstance(found, dict) else {}
            for sub, text in value.items():
                rows.append({"name": f"L.{key}.{sub}", "type": type_name(type(text)),
                             "vi": show(text, width=LABEL_WIDTH),
                             "en": show(other.get(sub, ""), width=LABEL_WIDTH)})
        else:
            kind = "list[str]" if isinstance(value, list) else type_name(type(value))
            rows.append({"name": f"L.{key}", "type": kind, "vi": show(value, width=LABEL_WIDTH),
                         "en": show(en.get(key, ""), width=LABEL_WIDTH)})
    return rows


def variable_reference() -> dict[str, Any]:
    """Every variable a template can use, with its type and an example from the reference
    meeting, plus the filters, tests and globals the sandboxed environment offers."""
    from briefgen.render.base import chart_data
    from briefgen.view.build import load_labels

    mv, docs = reference_documents()
    charted = tuple(kind for kind, doc in docs.items() if chart_data(doc) is not None)
    if charted != CHARTED:
        raise TypeError(f"the chart goes to {charted}, template_set.CHARTED says {CHARTED}")
    walker = _Walker()
    walker.visit("m", MeetingView, [mv])
    walker.visit("doc", DocView, list(docs.values()))
    for kind, cls in EXTRA.items():
        if cls is not None:
            extra = docs[kind].extra
            if not isinstance(extra, cls):
                raise TypeError(f"doc.extra of a {kind} is {type(extra).__name__}, not {cls}")
            walker.visit("doc.extra", cls, [extra], kind)
    walker.visit("p", Profile, [mv.profile])
    same_as = {id(mv.L): "`L`", id(mv.profile): "`p`"}
    types_out = []
    for cls, entry in walker.types.items():
        fields = [{"name": name, "type": type_name(hint),
                   "example": example([getattr(s, name) for s in entry.samples], same_as)}
                  if (cls, name) != (DocView, "extra") else
                  {"name": name, "type": "by document", "example": "see doc.extra"}
                  for name, hint in record_fields(cls)]
        types_out.append({"name": cls.__name__, "reached_as": entry.reached_as,
                          "fields": fields})
    env = environment()
    return {
        "reference": REFERENCE_MEETING.relative_to(DEFAULT_TEMPLATES.parent).as_posix(),
        "roots": _roots_table(),
        "extra": {kind: cls.__name__ if cls else None for kind, cls in EXTRA.items()},
        "index": INDEX_CONTEXT,
        "types": types_out,
        "labels": _label_rows(load_labels("vi"), load_labels("en")),
        "filters": sorted(env.filters), "tests": sorted(env.tests),
        "globals": sorted(env.globals),
    }


def _cell(text: str) -> str:
    """Markdown table cell: code span, pipes escaped."""
    if not text:
        return ""
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text.replace('|', chr(92) + '|')}{pad}{fence}"


def _reached(path: str) -> str:
    """``doc.extra.toc[i] (pack)`` as code with its document after it."""
    code, _, note = path.partition(" (")
    return _cell(code) + (f" ({note}" if note else "")


def _table(head: list[str], rows: Iterable[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def variables_markdown(ref: dict[str, Any] | None = None) -> str:
    """The reference as the markdown committed in docs/template-variables.md."""
    ref = ref or variable_reference()
    out = [
        "# Template variables",
        "",
        "<!-- Generated by `briefgen templates vars`; do not edit by hand. -->",
        "",
        "What a template can use, with each value's type and an example taken from the "
        f"reference meeting `{ref['reference']}`. HTML templates (`html/*.html`, `*.css`, "
        "also printed to PDF) and Word templates (`docx/<regime>/<document>.docx`) receive the "
        "same names. Templates run in a sandbox with strict undefined values: a misspelt name "
        "is an error (`briefgen templates check DIR` finds it before rendering), never a blank.",
        "",
        "`[i]` stands for any item of a list (`{% for c in m.chairs %}{{ c.name }}`), "
        "`[key]` for any key of a mapping.",
        "",
        "## Top-level names",
        "",
        *_table(["name", "type", "documents", "formats", "what"],
                ([_cell(r["name"]), r["type"], r["documents"], r["formats"], r["what"]]
                 for r in ref["roots"])),
        "### `doc.extra` by document",
        "",
        *_table(["document", "doc.extra"],
                ([k, _cell(v or "None")] for k, v in ref["extra"].items())),
        "### The batch index (`html/index.html`)",
        "",
        "`briefgen batch` renders `html/index.html` with its own names, not `doc` or `p`:",
        "",
        *_table(["name", "type", "what"],
                ([_cell(r["name"]), r["type"], r["what"]] for r in ref["index"])),
        "## Types",
        "",
    ]
    for t in ref["types"]:
        out += [f"### {t['name']}", "",
                "Reached as " + ", ".join(_reached(p) for p in t["reached_as"]) + ".", "",
                *_table(["field", "type", "example"],
                        ([_cell(f["name"]), _cell(f["type"]), _cell(f["example"])]
                         for f in t["fields"]))]
    out += ["## Labels (`L`)", "",
            "Keys of `labels/vi.yaml`, with the English of `labels/en.yaml`. A template can "
            "fill a label's `{placeholders}` itself: "
            "`{{ L.held_by.format(body=m.body, session=m.session) }}`.", "",
            *_table(["name", "type", "vi", "en"],
                    ([_cell(r["name"]), r["type"], _cell(r["vi"]), _cell(r["en"])]
                     for r in ref["labels"])),
            "## Filters, tests and globals", "",
            "Filters (`{{ x | upper }}`): " + ", ".join(_cell(f) for f in ref["filters"]) + ".",
            "",
            "Tests (`{% if x is defined %}`): " + ", ".join(_cell(t) for t in ref["tests"]) + ".",
            "",
            "Globals: " + ", ".join(_cell(g) for g in ref["globals"]) + ".", "",
            "Word templates also take docxtpl's tags: `{%p ... %}` (the whole paragraph), "
            "`{%tr ... %}` (the table row), `{%tc ... %}` (the cell) and `{%r ... %}` (the run) "
            "stand for the element that holds them.", ""]
    return "\n".join(out)


# == check: shapes ================================================================================

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
    if _is_union(hint):
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
        cls = EXTRA[kind]
        extra = Record(cls) if cls else Value(type(None))
    scope: dict[str, Shape] = {
        "m": Record(MeetingView, (("L", labels),)), "doc": Record(DocView, (("extra", extra),)),
        "L": labels, "p": Record(Profile)}
    if kind is None or kind in CHARTED:
        if fmt == "html":
            scope["chart_svg"] = Value(Markup)
        else:
            scope["chart_image"] = Opaque()
    return scope


def index_roots(labels: Shape) -> dict[str, Shape]:
    """The names ``html/index.html`` receives from ``briefgen batch``."""
    row = Keys((("document", Value(str)), ("scope", Value(str)), ("files", Items(ANY))))
    return {"m": Record(MeetingView, (("L", labels),)), "L": labels, "rows": Items(row),
            "formats": Items(Value(str)), "heading": Value(str)}


# == check: the analysis ==========================================================================

@dataclass(frozen=True)
class Finding:
    """One thing ``check`` found: a problem, or (``warning``) a risk that still renders."""

    category: str  # syntax | include | unknown | unsafe | loads | split | data
    problem: Problem
    warning: bool = False


@dataclass(frozen=True)
class Source:
    """A parsed template and how to place its lines for the user."""

    file: str  # as problems name it
    ast: nodes.Template
    locate: Callable[[int], tuple[int, str]] = lambda line: (line, "")


Resolver = Callable[[str], "Source | None"]  # raises TemplateNotFound
ITEM_FILTERS = {"first", "last", "random"}
SAME_FILTERS = {"sort", "reverse", "unique", "list", "select", "reject", "selectattr",
                "rejectattr", "default", "d", "batch", "slice"}
ATTRIBUTE_FILTERS = {"map", "sort", "sum", "unique", "min", "max", "groupby", "selectattr",
                     "rejectattr"}
LENIENT_TESTS = {"defined", "undefined"}  # may look at what does not exist
LENIENT_FILTERS = {"default", "d"}


class Analyzer:
    """Follows every variable of a template (and what it includes or extends) through the
    shapes of the names in scope. ``strict``: the names in scope are all the template gets,
    so an unknown bare name is reported too (not for a fragment reached by no document)."""

    def __init__(self, resolve: Resolver | None, strict: bool = True) -> None:
        self.resolve = resolve
        self.strict = strict
        self.findings: dict[Finding, None] = {}
        self.reached: set[str] = set()
        self._done: set[tuple[str, frozenset[tuple[str, Shape]]]] = set()
        self._stack: list[Source] = []
        self._roots: dict[str, Shape] = {}  # what the template rendering starts from receives
        self._globals = set(environment().globals)

    # -- templates --------------------------------------------------------------------------
    def run(self, source: Source, scope: dict[str, Shape]) -> None:
        key_ = (source.file, frozenset(scope.items()))
        if key_ in self._done or any(s.file == source.file for s in self._stack):
            return
        self._done.add(key_)
        self.reached.add(source.file)
        if not self._stack:
            self._roots = dict(scope)
        self._stack.append(source)
        try:
            parents: list[Source] = []
            inner = dict(scope)
            for node in source.ast.body:
                if isinstance(node, nodes.Extends):
                    parents += self._sources(node, node.template, inner)
                else:
                    self._stmt(node, inner)
            for parent in parents:
                self.run(parent, dict(scope))
        finally:
            self._stack.pop()

    def report(self, node: nodes.Node, category: str, message: str) -> None:
        source = self._stack[-1]
        line, where = source.locate(node.lineno)
        self.findings[Finding(category, Problem(source.file, line, 1, where, message))] = None

    def _sources(self, node: nodes.Node, template: nodes.Expr, scope: dict[str, Shape]
                 ) -> list[Source]:
        """The templates an include, import or extends names, each problem reported."""
        names = _constant_names(template)
        if names is None:
            self.expr(template, scope)
            return []
        if self.resolve is None:
            self.report(node, "include", "a Word template cannot include, import or extend "
                                         f"other templates ('{names[0]}')")
            return []
        for name in names:
            try:
                found = self.resolve(name)
            except TemplateNotFound:
                continue
            return [found] if found else []
        if not getattr(node, "ignore_missing", False):
            self.report(node, "include", not_in_set_message(names[0]))
        return []

    # -- statements -------------------------------------------------------------------------
    def stmts(self, body: Iterable[nodes.Node], scope: dict[str, Shape]) -> None:
        for node in body:
            self._stmt(node, scope)

    def _stmt(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        handler = getattr(self, f"_stmt_{type(node).__name__}", None)
        if handler is not None:
            handler(node, scope)
            return
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Expr):
                self.expr(child, scope)
            else:
                self._stmt(child, scope)

    def _stmt_For(self, node: nodes.For, scope: dict[str, Shape]) -> None:
        inner = dict(scope)
        self.bind(node.target, item(self.expr(node.iter, scope)), inner)
        inner["loop"] = LOOP
        if node.test is not None:
            self.expr(node.test, inner)
        self.stmts(node.body, inner)
        self.stmts(node.else_, dict(scope))

    def _stmt_If(self, node: nodes.If, scope: dict[str, Shape]) -> None:
        # An assignment inside {% if %} stays visible after it, as in Jinja.
        self.expr(node.test, scope)
        self.stmts(node.body, scope)
        for branch in node.elif_:
            self._stmt_If(branch, scope)
        self.stmts(node.else_, scope)

    def _stmt_Assign(self, node: nodes.Assign, scope: dict[str, Shape]) -> None:
        self.bind(node.target, self.expr(node.node, scope), scope)

    def _stmt_AssignBlock(self, node: nodes.AssignBlock, scope: dict[str, Shape]) -> None:
        if node.filter is not None:
            self.expr(node.filter, scope)
        self.stmts(node.body, dict(scope))
        self.bind(node.target, Value(str), scope)

    def _stmt_With(self, node: nodes.With, scope: dict[str, Shape]) -> None:
        inner = dict(scope)
        for target, value in zip(node.targets, node.values, strict=False):
            self.bind(target, self.expr(value, scope), inner)
        self.stmts(node.body, inner)

    def _stmt_Block(self, node: nodes.Block, scope: dict[str, Shape]) -> None:
        self.stmts(node.body, {**scope, "super": ANY})

    def _stmt_Macro(self, node: nodes.Macro, scope: dict[str, Shape]) -> None:
        scope[node.name] = ANY
        self._callable(node, scope)

    def _stmt_CallBlock(self, node: nodes.CallBlock, scope: dict[str, Shape]) -> None:
        self.expr(node.call, scope)
        self._callable(node, scope)

    def _callable(self, node: nodes.Macro | nodes.CallBlock, scope: dict[str, Shape]) -> None:
        for default in node.defaults:
            self.expr(default, scope)
        inner = {**scope, "caller": ANY, "varargs": ANY, "kwargs": ANY}
        for arg in node.args:
            inner[arg.name] = ANY
        self.stmts(node.body, inner)

    def _stmt_Include(self, node: nodes.Include, scope: dict[str, Shape]) -> None:
        for source in self._sources(node, node.template, scope):
            self.run(source, dict(scope) if node.with_context else dict(self._roots))

    def _stmt_Import(self, node: nodes.Import, scope: dict[str, Shape]) -> None:
        self._sources(node, node.template, scope)
        scope[node.target] = ANY

    def _stmt_FromImport(self, node: nodes.FromImport, scope: dict[str, Shape]) -> None:
        self._sources(node, node.template, scope)
        for name in node.names:
            scope[name[1] if isinstance(name, tuple) else name] = ANY

    def _stmt_Extends(self, node: nodes.Extends, scope: dict[str, Shape]) -> None:
        for parent in self._sources(node, node.template, scope):  # not at the top level
            self.run(parent, dict(scope))

    def bind(self, target: nodes.Node, shape: Shape, scope: dict[str, Shape]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = shape
        elif isinstance(target, nodes.Tuple):
            for part in target.items:
                self.bind(part, ANY, scope)
        elif isinstance(target, nodes.NSRef):
            self._name(target, target.name, scope)

    # -- expressions ------------------------------------------------------------------------
    def expr(self, node: nodes.Node, scope: dict[str, Shape]) -> Shape:
        """The shape of an expression; every unknown or unsafe name in it reported."""
        if isinstance(node, nodes.Name):
            return self._name(node, node.name, scope)
        if isinstance(node, nodes.Const):
            return Value(type(node.value))
        if isinstance(node, nodes.TemplateData):
            return Value(str)
        if isinstance(node, nodes.Getattr):
            return self._get(node, self.expr(node.node, scope), node.attr, member)
        if isinstance(node, nodes.Getitem):
            base = self.expr(node.node, scope)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._get(node, base, node.arg.value, key)
            self.expr(node.arg, scope)
            if isinstance(node.arg, nodes.Slice) or isinstance(base, Reported):
                return base if isinstance(base, Items | Value | Reported) else ANY
            return index(base)
        if isinstance(node, nodes.Filter):
            return self._filter(node, scope)
        if isinstance(node, nodes.Test):
            self._lenient(node.node, scope) if node.name in LENIENT_TESTS \
                else self.expr(node.node, scope)
            self._arguments(node, scope)
            return Value(bool)
        if isinstance(node, nodes.CondExpr):
            self.expr(node.test, scope)
            if node.expr2 is not None:
                self.expr(node.expr2, scope)
            return self.expr(node.expr1, scope)
        for child in node.iter_child_nodes():
            self.expr(child, scope)
        if isinstance(node, nodes.Compare | nodes.Not):
            return Value(bool)
        return ANY

    def _name(self, node: nodes.Node, name: str, scope: dict[str, Shape]) -> Shape:
        if name in scope:
            return scope[name]
        if name not in self._globals and name != "self" and self.strict:
            self.report(node, "unknown", unknown_variable_message(name, scope))
            return REPORTED
        return ANY

    def _get(self, node: nodes.Getattr | nodes.Getitem, base: Shape, name: str,
             look: Callable[[Shape, str], Shape | None]) -> Shape:
        if isinstance(base, Reported):
            return base
        if name.startswith("_"):
            self.report(node, "unsafe", "template tried something templates may not do: "
                                        f"access to attribute '{name}' is unsafe")
            return REPORTED
        found = look(base, name)
        if found is None:
            lacking = dict(base.missing).get(name) if isinstance(base, Keys) else None
            self.report(node, "unknown", unknown_variable_message(
                name, names_of(base), chain(node.node)) if lacking is None else
                unknown_variable_message(name, [], chain(node.node))
                + f": {lacking} lacks it (the other labels files have it)")
            return REPORTED
        return found

    def _lenient(self, node: nodes.Node, scope: dict[str, Shape]) -> None:
        """``x.y is defined``, ``x.y | default(...)``: only ``x`` has to exist."""
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            self.expr(node.node, scope)
            if isinstance(node, nodes.Getitem):
                self.expr(node.arg, scope)
        elif not isinstance(node, nodes.Name):
            self.expr(node, scope)

    def _arguments(self, node: nodes.Filter | nodes.Test | nodes.Call,
                   scope: dict[str, Shape]) -> None:
        for arg in [*node.args, *(kw.value for kw in node.kwargs)]:
            self.expr(arg, scope)
        for dyn in (node.dyn_args, node.dyn_kwargs):
            if dyn is not None:
                self.expr(dyn, scope)

    def _filter(self, node: nodes.Filter, scope: dict[str, Shape]) -> Shape:
        if node.node is None:  # {% filter %} block
            base: Shape = ANY
        elif node.name in LENIENT_FILTERS:
            self._lenient(node.node, scope)
            base = ANY
        else:
            base = self.expr(node.node, scope)
        self._arguments(node, scope)
        attribute = self._attribute_argument(node, base)
        if node.name in ITEM_FILTERS:
            return item(base)
        if node.name in SAME_FILTERS:
            return base
        if node.name == "map" and attribute is not None:
            return Items(attribute)
        if node.name in ("length", "count", "wordcount", "int"):
            return Value(int)
        return ANY

    def _attribute_argument(self, node: nodes.Filter, base: Shape) -> Shape | None:
        """Check ``map(attribute='x.y')``, ``selectattr('x')`` ... against the items."""
        if node.name not in ATTRIBUTE_FILTERS or not isinstance(base, Items):
            return None
        named = [kw.value for kw in node.kwargs if kw.key == "attribute"]
        positional = node.args[:1] if node.name in ("selectattr", "rejectattr", "groupby") \
            else []
        arg = (named or positional)[0] if named or positional else None
        if not isinstance(arg, nodes.Const) or not isinstance(arg.value, str):
            return None
        shape, prefix = base.item, f"{chain(node.node) if node.node else '…'}[i]"
        for part in arg.value.split("."):
            if part.isdigit():
                shape = item(shape)
                continue
            found = member(shape, part)
            if found is None:
                self.report(node, "unknown", unknown_variable_message(part, names_of(shape),
                                                                      prefix))
                return ANY
            shape, prefix = found, f"{prefix}.{part}"
        return shape


def chain(node: nodes.Node) -> str:
    """``doc.header.number`` for the expression that names it; ``…`` for anything else."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{chain(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        value = node.arg.value
        return f"{chain(node.node)}.{value}" if isinstance(value, str) \
            else f"{chain(node.node)}[{value!r}]"
    if isinstance(node, nodes.Getitem):
        return f"{chain(node.node)}[i]"
    return "…"


def _constant_names(node: nodes.Expr) -> list[str] | None:
    """The template names an include names literally; None when computed."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, nodes.List | nodes.Tuple) and node.items and all(
            isinstance(i, nodes.Const) and isinstance(i.value, str) for i in node.items):
        return [i.value for i in node.items]  # type: ignore[attr-defined]
    return None


# == check: the set's data ========================================================================

def set_labels(custom: Path | None) -> tuple[Shape, list[Finding]]:
    """The labels every language file of the set has (custom files first, then defaults),
    and any file that cannot be read."""
    names = sorted({p.name for d in template_dirs(custom) for p in (d / "labels").glob("*.yaml")})
    files, findings = [], []
    for name in names:
        path = find_template(f"labels/{name}", custom)
        try:
            files.append((f"labels/{name}", yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            findings.append(_data_problem(path, exc, "labels file"))
    return labels_shape(files), findings


def _data_problem(path: Path, exc: Exception, what: str) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Finding("data", Problem(str(path), line, column, "", f"not a readable {what}: {reason}"))


def check_profiles(folder: Path) -> list[Finding]:
    """Each profile file of the set reads as a format profile."""
    findings = []
    for path in sorted((folder / "profiles").glob("*.yaml")):
        try:
            Profile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            findings.append(_data_problem(path, exc, "profile"))
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err["loc"])
            findings.append(Finding("data", Problem(str(path), 1, 1, where,
                                                    f"not a valid profile: {err['msg']}")))
    return findings


def check_symlinks(folder: Path) -> list[Finding]:
    """Links that lead out of the set: the set would render a file from elsewhere."""
    root = folder.resolve()
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            findings.append(Finding("loads", Problem(
                str(path), 1, 1, "", f"is a link to {path.resolve()}, outside the template set; "
                                     "a template set must hold its own files")))
    return findings


# == check: HTML and CSS ==========================================================================

_URLS = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in (
    r"\bsrc\s*=\s*[\"']([^\"']*)[\"']",
    r"\bsrc\s*=\s*([^\s\"'>]+)",
    r"<link\b[^>]*?\bhref\s*=\s*[\"']([^\"']*)[\"']",
    r"<(?:image|use|feImage)\b[^>]*?\b(?:xlink:)?href\s*=\s*[\"']([^\"']*)[\"']",
    r"\burl\(\s*[\"']?([^\"')]*)[\"']?\s*\)",
    r"@import\s+[\"']([^\"']*)[\"']",
    r"<object\b[^>]*?\bdata\s*=\s*[\"']([^\"']*)[\"']",
)]


def _outside(url: str, base: Path, allowed: list[Path]) -> bool:
    """Whether WeasyPrint would be asked for something outside the template sets."""
    from urllib.request import url2pathname

    url = url.strip()
    if not url or url.startswith(("data:", "#")) or "{{" in url or "{%" in url:
        return False
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if url.startswith("//") or (scheme and scheme.group(1).lower() != "file"):
        return True
    plain = url.split("?")[0].split("#")[0]
    path = Path(url2pathname(plain[len("file:"):])) if scheme else base / plain
    resolved = path.resolve()
    return not any(resolved.is_relative_to(root.resolve()) for root in allowed)


def check_loads(path: Path, text: str, allowed: list[Path]) -> list[Finding]:
    """Every image, stylesheet, font or object the file loads from outside the set."""
    findings = []
    for pattern in _URLS:
        for match in pattern.finditer(text):
            url = match.group(1)
            if _outside(url, path.parent, allowed):
                line = text.count("\n", 0, match.start(1)) + 1
                column = match.start(1) - text.rfind("\n", 0, match.start(1))
                findings.append(Finding("loads", Problem(
                    str(path), line, column, "",
                    f"template loads '{url}', outside its template set; templates may load only "
                    "files in their own folder (fonts, images, CSS)")))
    return findings


def html_resolver(env: Environment) -> Resolver:
    """Template name -> parsed Source through the environment's own loader (so the same
    files, and the same refusals, as rendering); None for a file that does not parse."""
    cache: dict[str, Source | None] = {}

    def resolve(name: str) -> Source | None:
        if name not in cache:
            assert env.loader is not None
            try:
                text, filename, _ = env.loader.get_source(env, name)
            except LinkOutOfSet:
                cache[name] = None  # reported by the link pass
                return None
            try:
                cache[name] = Source(filename or name, env.parse(text, name, filename))
            except TemplateSyntaxError:
                cache[name] = None  # reported by the syntax pass
        return cache[name]

    return resolve


def html_entries(labels: Shape) -> list[tuple[str, dict[str, Shape]]]:
    """The templates rendering starts from, with the names each receives."""
    return [*((f"html/{kind}.html", roots(kind, "html", labels)) for kind in DOCS),
            ("html/index.html", index_roots(labels))]


def check_entry(name: str, custom: Path | None) -> list[Finding]:
    """The variable analysis of one document's HTML template and what it includes."""
    labels, _ = set_labels(custom)
    entry = dict(html_entries(labels)).get(name)
    analyzer = Analyzer(html_resolver(environment(custom)))
    source = analyzer.resolve(name) if analyzer.resolve and entry is not None else None
    if source is not None and entry is not None:
        analyzer.run(source, entry)
    return list(analyzer.findings)


def check_html(files: list[TemplateFile], custom: Path | None, labels: Shape) -> list[Finding]:
    """Syntax, includes, loads and variables of the HTML/CSS templates a set renders with; the
    documents' templates are followed from the names they receive, other files alone."""
    env = environment(custom)
    findings: list[Finding] = []
    for file in files:
        text = file.path.read_text(encoding="utf-8", errors="replace")
        try:
            env.compile(text, file.relative, os.path.normpath(file.path))
        except TemplateSyntaxError as exc:
            findings.append(Finding("syntax", template_problem(exc, file.relative)))
        findings += check_loads(file.path, text, template_dirs(custom))
    resolve = html_resolver(env)
    strict = Analyzer(resolve)
    for name, scope in html_entries(labels):
        try:
            source = resolve(name)
        except TemplateNotFound:
            continue
        if source is not None:
            strict.run(source, scope)
    alone = Analyzer(resolve, strict=False)
    for file in files:
        source = resolve(file.relative)
        if source is not None and source.file not in strict.reached:
            alone.run(source, roots(None, "html", labels))
    return [*findings, *strict.findings, *alone.findings]


# == check: Word ==================================================================================

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARK = "briefgen-paragraph:"
_MARK_LINE = re.compile(re.escape(_MARK) + r"(\d+)-->")
_ELEMENT = re.compile(r"<w:(p|tr|tc)([ >/])")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")


def mark_paragraphs(xml: str) -> str:
    """Put a numbered marker, starting a new line, before each paragraph (and each table row
    and cell, numbered as the first paragraph in them) of a part's XML. docxtpl's own
    preprocessing keeps them (they sit outside the elements it folds into a tag), so a Jinja
    line number tells the paragraph it comes from."""
    count = 0

    def mark(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) == "p":
            count += 1
        return f"<!--\n{_MARK}{count + (match.group(1) != 'p')}-->{match.group(0)}"

    return _ELEMENT.sub(mark, xml)


def paragraph_locator(patched: str, texts: list[str], part: str
                      ) -> Callable[[int], tuple[int, str]]:
    """Jinja line -> (paragraph number, ``paragraph N “its text”``)."""
    numbers, current = [], 1
    for line in patched.split("\n"):
        found = _MARK_LINE.match(line)
        current = int(found.group(1)) if found else current
        numbers.append(current)

    def locate(line: int) -> tuple[int, str]:
        n = numbers[min(max(line, 1), len(numbers)) - 1]
        text = texts[n - 1] if 0 < n <= len(texts) else ""
        return n, f"{part}paragraph {n} “{_cut(text, 60)}”"

    return locate


def _runs(paragraph: Any) -> list[str]:
    """The text of each run directly in a paragraph (not in a nested text box's)."""
    return ["".join(t.text or "" for t in run.iter(f"{W}t"))
            for run in paragraph.iter(f"{W}r")
            if next(run.iterancestors(f"{W}p"), None) is paragraph]


def check_runs(file: str, part: str, paragraphs: list[Any], texts: list[str]) -> list[Finding]:
    """Tags split across runs (a warning: docxtpl joins them) and tags left open at the end
    of a paragraph (a problem: docxtpl would fold paragraphs together)."""
    findings = []
    for n, paragraph in enumerate(paragraphs, 1):
        where = f"{part}paragraph {n} “{_cut(texts[n - 1], 60)}”"
        owner: list[int] = []
        for i, text in enumerate(_runs(paragraph)):
            owner += [i] * len(text)
        text = "".join(_runs(paragraph))
        for tag in _TAG.finditer(text):
            runs = len(set(owner[tag.start():tag.end()]))
            if runs > 1:
                findings.append(Finding("split", Problem(
                    file, n, 1, where,
                    f"warning: the tag '{_cut(tag.group(0), 50)}' is split across {runs} Word "
                    "runs (the formatting changes inside it); it renders, since docxtpl joins "
                    "the runs, but text after the tag in them takes the first run's formatting. "
                    "Retype the tag in one go to keep it in one run"), warning=True))
        left = _OPEN.search(_TAG.sub("", text))
        if left:
            findings.append(Finding("syntax", Problem(
                file, n, 1, where, f"a tag opened here ('{_cut(text[left.start():], 30)}') is "
                                   "not closed in the same paragraph")))
    return findings


def _docx_parts(tpl: Any) -> Iterator[tuple[str, str]]:
    """(label, XML) of each part docxtpl renders: body, headers, footers, footnotes."""
    yield "", tpl.get_xml()
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            yield f"{part.partname.rsplit('/', 1)[-1]}, ", tpl.get_part_xml(part)
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            blob = part.blob
            yield "footnotes.xml, ", blob.decode("utf-8") if isinstance(blob, bytes) else blob


def check_docx_part(file: str, part: str, xml: str, tpl: Any, scope: dict[str, Shape],
                    strict: bool) -> list[Finding]:
    """One part of a Word template, read as docxtpl reads it, located by paragraph."""
    from lxml import etree

    tree = etree.fromstring(xml.encode("utf-8"))
    paragraphs = list(tree.iter(f"{W}p"))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    findings = check_runs(file, part, paragraphs, texts)
    patched = tpl.patch_xml(mark_paragraphs(xml))
    locate = paragraph_locator(patched, texts, part)
    env = docx_environment()
    try:
        env.compile(patched)
    except TemplateSyntaxError as exc:
        line, where = locate(exc.lineno or 1)
        problem = dataclasses.replace(template_problem(exc, file), file=file, line=line,
                                      column=1, path=where)
        return [*findings, Finding("syntax", problem)]
    analyzer = Analyzer(None, strict)
    analyzer.run(Source(file, env.parse(patched), locate), scope)
    return [*findings, *analyzer.findings]


def check_properties(file: str, tpl: Any, scope: dict[str, Shape], strict: bool
                     ) -> list[Finding]:
    """The document properties docxtpl renders (title, subject, author ...)."""
    findings: list[Finding] = []
    env = docx_environment()
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        text = getattr(tpl.docx.core_properties, name) or ""
        where = f"document property '{name}'"
        try:
            ast = env.parse(text)
        except TemplateSyntaxError as exc:
            problem = dataclasses.replace(template_problem(exc, file), file=file, line=1,
                                          path=where)
            findings.append(Finding("syntax", problem))
            continue
        analyzer = Analyzer(None, strict)
        analyzer.run(Source(f"{file} {name}", ast, _fixed(where)), scope)
        findings += [dataclasses.replace(f, problem=dataclasses.replace(f.problem, file=file))
                     for f in analyzer.findings]
    return findings


def _fixed(where: str) -> Callable[[int], tuple[int, str]]:
    """A locator that places every line at one named place (a document property)."""
    return lambda _line: (1, where)


def check_docx(path: Path, labels: Shape) -> list[Finding]:
    """Syntax, variables and split tags of a Word template ``docx/<regime>/<kind>.docx``."""
    from docxtpl import DocxTemplate

    file = str(path)
    tpl = DocxTemplate(file)
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a file that is no .docx
        return [Finding("data", Problem(file, 1, 1, "", f"not a Word document: {exc}"))]
    kind = path.stem if path.stem in DOCS else None
    scope, strict = roots(kind, "docx", labels), kind is not None
    findings = check_properties(file, tpl, scope, strict)
    for part, xml in _docx_parts(tpl):
        findings += check_docx_part(file, part, xml, tpl, scope, strict)
    return findings


# == check: the whole set =========================================================================

@dataclass(frozen=True)
class CheckReport:
    folder: Path
    templates: int  # HTML, CSS and Word files checked
    problems: list[Problem]
    warnings: list[Problem]


def check_set(folder: Path) -> CheckReport:
    """Every problem rendering with a template set would meet: in its own files, and in the
    defaults it falls back to as far as the set changes them (its labels, what it includes)."""
    custom = custom_set(_existing(folder))
    in_use = list_templates(folder)
    html = [f for f in in_use if f.format in ("html", "css") and f.relative.startswith("html/")]
    word = [f for f in in_use if f.format == "docx"]
    labels, findings = set_labels(custom)
    findings += [*check_profiles(folder), *check_symlinks(folder)]
    findings += check_html(html, custom, labels)
    for file in word:
        findings += check_docx(file.path, labels)
    unique = list(dict.fromkeys(findings))
    return CheckReport(folder, len(html) + len(word),
                       _ordered(f.problem for f in unique if not f.warning),
                       _ordered(f.problem for f in unique if f.warning))


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    """In the order InputError prints them (so check and render list them alike)."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.path))


def explain_failure(exc: Exception, template: str) -> list[Problem]:
    """The problems ``check`` finds behind a failed render (syntax errors for a syntax error,
    unknown variables for an undefined one, unsafe attributes for a sandbox refusal), so both
    commands say the same; empty when the analysis cannot tell (the caller then reports the
    failure as it is)."""
    wanted = "syntax" if isinstance(exc, TemplateSyntaxError) else \
        "unsafe" if isinstance(exc, SecurityError) else "unknown"
    try:
        if template.endswith(".docx"):
            labels, _ = set_labels(_rendering_set(exc))
            findings = check_docx(Path(template), labels)
        elif wanted != "syntax":
            findings = check_entry(template, _rendering_set(exc))
        else:
            return []  # HTML syntax: template_problem already says what check says
    except Exception:  # a better message is a nicety; never let it hide the real failure
        return []
    return [f.problem for f in findings if f.category == wanted and not f.warning]


def _rendering_set(exc: Exception) -> Path | None:
    """The custom set the failed render used: that of the renderer (or of the Jinja template)
    whose ``render`` call is on the traceback."""
    from briefgen.render.base import Renderer

    for frame, _ in traceback.walk_tb(exc.__traceback__):
        owner = frame.f_locals.get("self")
        if isinstance(owner, Renderer):
            return custom_set(owner.templates)
        if isinstance(owner, Template) and isinstance(owner.environment.loader, FileSystemLoader):
            paths = owner.environment.loader.searchpath
            return custom_set(Path(paths[0])) if len(paths) > 1 else None
    return None
