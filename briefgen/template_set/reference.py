"""The reference of template variables (``templates vars``, docs/template-variables.md):
every name a template receives, its type and an example from the reference meeting."""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Iterable, Sized
from dataclasses import dataclass, field
from typing import Any

from briefgen import kinds
from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.errors import InputError
from briefgen.model.profile import Profile
from briefgen.render.jinja import environment
from briefgen.template_set.fields import cut, is_record, is_union, record_fields, type_name
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView

REFERENCE_MEETING = DEFAULT_TEMPLATES.parent / "inputs" / "bcd-khcn-2025-05-22.yaml"


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
        if is_union(hint):
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


def show(value: object, same_as: dict[int, str] | None = None, width: int = 70) -> str:
    """A short, readable example of a value (strings cut at ``width``)."""
    if same_as and id(value) in same_as:
        return f"same as {same_as[id(value)]}"
    if value is None or isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(cut(value, width), ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if is_record(type(value)):
        texts = [getattr(value, n) for n in ("name", "title", "text", "label", "unit", "id")
                 if isinstance(getattr(value, n, None), str)]
        return f"{type(value).__name__}({json.dumps(cut(texts[0], 40), ensure_ascii=False)})" \
            if texts else type(value).__name__
    if isinstance(value, dict):
        items = [f"{k}: {show(v)}" for k, v in list(value.items())[:2]]
        return cut("{" + ", ".join(items) + (", …" if len(value) > 2 else "") + "}", 90)
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value) if isinstance(value, set | frozenset) else list(value)
        if items and is_record(type(items[0])):
            return f"[{len(items)} × {type(items[0]).__name__}]"
        shown = ", ".join(show(x) for x in items[:2]) + (", …" if len(items) > 2 else "")
        return cut(f"[{shown}]", 90) + (f" ({len(items)})" if len(items) > 2 else "")
    return cut(str(value))


def _informative(value: object) -> bool:
    return value is not None and not (isinstance(value, Sized) and len(value) == 0)


def example(values: list[object], same_as: dict[int, str]) -> str:
    """The first informative value among the instances, else the first, else nothing."""
    if not values:
        return ""
    return show(next((v for v in values if _informative(v)), values[0]), same_as)


def reference_documents() -> tuple[MeetingView, dict[str, DocView]]:
    """The reference meeting's view and one document of each kind (its first scope)."""
    from briefgen.model import load_meeting
    from briefgen.view.build import ViewBuilder
    from briefgen.view.parts import Parts

    if not REFERENCE_MEETING.is_file():
        raise InputError.single(REFERENCE_MEETING, "the reference meeting, whose values the "
                                "reference shows as examples, comes with briefgen's sources")
    meeting, _ = load_meeting(REFERENCE_MEETING)
    parts = Parts(ViewBuilder(meeting), REFERENCE_MEETING.parent)
    docs = {k.name: k.make(parts, k.scopes(parts)[0]) for k in kinds.KINDS.values()}
    return parts.view, docs


def _roots_table() -> list[dict[str, str]]:
    every, all_formats = "every document", "docx, pdf, html"
    charted = ", ".join(k.name for k in kinds.KINDS.values() if k.charted)
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
        {"name": "chart_svg", "type": "Markup", "documents": charted,
         "formats": "html, pdf", "what": "the status-by-unit chart as an inline `<svg>`"},
        {"name": "chart_image", "type": "InlineImage", "documents": charted,
         "formats": "docx", "what": "the same chart as a 160 mm wide PNG: `{{ chart_image }}`"},
        {"name": "sign_images", "type": "dict[str, InlineImage]", "documents": every,
         "formats": "docx", "what": "each signature's images at real size: "
         "`{{ sign_images[s.image.path] }}` inline, `{{ sign_images['seal:' ~ s.seal.path] }}` "
         "anchored over the signature's left third"},
    ]


INDEX_CONTEXT = [
    {"name": "m", "type": "MeetingView", "what": "the meeting, as above"},
    {"name": "L", "type": "dict", "what": "the labels, as above"},
    {"name": "rows", "type": "list[dict]", "what": "one per document and scope: document "
     "(str), scope (str), files (one per format: the output's name, or None), notes "
     "(the proof's findings and blanks for its files, with --proof)"},
    {"name": "formats", "type": "list[str]", "what": "\"DOCX\", \"PDF\", \"HTML\""},
    {"name": "heading", "type": "str", "what": "the session and its date, one line"},
    {"name": "proofed", "type": "bool", "what": "whether the batch ran with --proof"},
]


LABEL_WIDTH = 240  # labels in full: their {placeholders} matter


def _label_type(value: Any) -> str:
    """A label is a ``str`` to a template (its class only groups numbers in ``format``)."""
    return "str" if isinstance(value, str) else type_name(type(value))


def _label_rows(vi: dict[str, Any], en: dict[str, Any]) -> list[dict[str, str]]:
    rows = []
    for key, value in vi.items():
        if isinstance(value, dict):
            found = en.get(key)
            other: dict[str, Any] = found if isinstance(found, dict) else {}
            for sub, text in value.items():
                rows.append({"name": f"L.{key}.{sub}", "type": _label_type(text),
                             "vi": show(text, width=LABEL_WIDTH),
                             "en": show(other.get(sub, ""), width=LABEL_WIDTH)})
        else:
            kind = "list[str]" if isinstance(value, list) else _label_type(value)
            rows.append({"name": f"L.{key}", "type": kind, "vi": show(value, width=LABEL_WIDTH),
                         "en": show(en.get(key, ""), width=LABEL_WIDTH)})
    return rows


def variable_reference() -> dict[str, Any]:
    """Every variable a template can use, with its type and an example from the reference
    meeting, plus the filters, tests and globals the sandboxed environment offers."""
    from briefgen.view.build import load_labels

    mv, docs = reference_documents()
    walker = _Walker()
    walker.visit("m", MeetingView, [mv])
    walker.visit("doc", DocView, list(docs.values()))
    for kind in kinds.KINDS.values():
        if kind.view is not None:
            walker.visit("doc.extra", kind.view, [docs[kind.name].extra], kind.name)
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
        "extra": {k.name: k.view.__name__ if k.view else None for k in kinds.KINDS.values()},
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
            "`{{ L.held_by.format(body=m.holder, session=m.session) }}`.", "",
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
