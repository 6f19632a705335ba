"""Turn a meeting file into a validated :class:`Meeting`, or every problem with its position.

Validation runs in three passes, each reporting all it finds: YAML syntax (source.py), the
schema (pydantic, with positions and near-name hints) and cross-references (ids that must
resolve, ids that must be unique).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from briefgen.errors import InputError, Problem, format_path
from briefgen.load.register import read_register
from briefgen.load.source import Loc, RoutedSourceMap, SourceMap, read_yaml
from briefgen.model.meeting import Documents, Meeting
from briefgen.model.problems import schema_problems


def load_meeting(path: Path) -> tuple[Meeting, SourceMap]:
    """Read and validate a meeting file; raise :class:`InputError` listing every problem."""
    data, smap = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "", "the file must be a mapping with a 'meeting:' key")])
    smap = _read_register(path, data, smap)
    try:
        meeting = Meeting.model_validate(data)
    except ValidationError as exc:
        raise InputError(schema_problems(exc, smap, Meeting)) from None
    problems = [*check_references(meeting, smap), *check_attachments(meeting, path.parent, smap)]
    if problems:
        raise InputError(problems)
    return meeting, smap


def _read_register(path: Path, data: dict[str, Any], smap: SourceMap) -> SourceMap:
    """Put a CSV/XLSX register's rows in ``data['tasks']``; errors there name its cells."""
    name = data.get("register_file")
    if not isinstance(name, str) or not name.strip():
        return smap  # absent, or of the wrong type: the schema reports it
    if data.get("tasks"):
        raise InputError([smap.problem(("register_file",), "register_file",
                                       "give the tasks either in 'tasks:' or in a register file, not both",
                                       key=True)])
    register = path.parent / name
    if not register.is_file():
        raise InputError([smap.problem(("register_file",), "register_file",
                                       f"no register file '{name}' next to the meeting file")])
    tasks, reg_map = read_register(register, display=str(register))
    data["tasks"] = tasks
    return RoutedSourceMap(smap, ("tasks",), reg_map)


def check_attachments(m: Meeting, folder: Path, smap: SourceMap) -> Iterator[Problem]:
    """Every annex is a readable PDF (it is bound into the briefing pack)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    for i, a in enumerate(m.attachments):
        loc = ("attachments", i, "file")
        file = folder / a.file
        if not file.is_file():
            yield smap.problem(loc, format_path(loc), f"no file '{a.file}' next to the meeting file")
            continue
        try:
            pages = len(PdfReader(file).pages)
        except (PyPdfError, OSError, ValueError) as exc:
            yield smap.problem(loc, format_path(loc), f"'{a.file}' is not a readable PDF ({exc})")
            continue
        if pages == 0:
            yield smap.problem(loc, format_path(loc), f"'{a.file}' has no pages")


# -- cross-references ------------------------------------------------------------------------

def check_references(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    """Ids unique within each collection; every reference resolves to a known id."""
    collections: dict[str, Iterable[Any]] = {
        "units": m.units, "people": m.people, "points": m.points, "agenda": m.agenda,
        "tasks": m.tasks, "attachments": m.attachments,
    }
    known: dict[str, dict[str, int]] = {}
    for name, items in collections.items():
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = smap.locate((name, seen[item.id], "id"))[0]
                yield smap.problem((name, i, "id"), f"{name}[{i}].id",
                                   f"duplicate id '{item.id}' (first used on line {first})")
            else:
                seen[item.id] = i
        known[name] = seen

    for loc, kind, ref in _references(m, smap):
        if ref not in known[kind]:
            near = difflib.get_close_matches(ref, list(known[kind]), n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            singular = {"units": "unit", "people": "person", "agenda": "agenda group",
                        "tasks": "task", "points": "connection point"}[kind]
            yield smap.problem(loc, format_path(loc),
                               f"unknown {singular} '{ref}' (no such id in '{kind}'){hint}")

    if m.points and not any(p.central for p in m.points):
        yield smap.problem(("points",), "points", "mark the central connection point: central: true")
    # Point at each extra `central: true`, not at the start of the list, so it can be found.
    central = [i for i, p in enumerate(m.points) if p.central]
    for i in central[1:]:
        yield smap.problem(("points", i, "central"), f"points[{i}].central",
                           f"only one connection point can be central; "
                           f"'{m.points[central[0]].id}' already is")


def _references(m: Meeting, smap: SourceMap) -> Iterator[tuple[Loc, str, str]]:
    """Every (location, collection, id) that must resolve."""
    mi = m.meeting
    # Under its old name 'body' in older files.
    held = "holder" if ("meeting", "holder") in smap.keys or ("meeting", "body") not in smap.keys \
        else "body"
    yield ("meeting", held), "units", mi.holder
    for i, c in enumerate(mi.chairs):
        yield ("meeting", "chairs", i), "people", c
    if mi.secretary:
        yield ("meeting", "secretary"), "people", mi.secretary
    for i, u in enumerate(m.units):
        if u.parent:
            yield ("units", i, "parent"), "units", u.parent
    for i, p in enumerate(m.people):
        if p.unit:
            yield ("people", i, "unit"), "units", p.unit
    for i, pt in enumerate(m.points):
        yield ("points", i, "host"), "units", pt.host
        yield from _each(("points", i, "units"), "units", pt.units)
        yield from _each(("points", i, "attendees"), "people", pt.attendees)
        for field in ("technical_contact", "content_contact"):
            ref = getattr(pt, field)
            if ref:
                yield ("points", i, field), "people", ref
    for i, g in enumerate(m.agenda):
        yield from _each(("agenda", i, "lead_units"), "units", g.lead_units)
        yield from _each(("agenda", i, "presenters"), "people", g.presenters)
        yield from _each(("agenda", i, "tasks"), "tasks", g.tasks)
    for i, t in enumerate(m.tasks):
        yield from _each(("tasks", i, "owners"), "units", t.owners)
        if t.group:
            yield ("tasks", i, "group"), "agenda", t.group
    for i, s in enumerate(m.statements):
        yield ("statements", i, "speaker"), "people", s.speaker
        if s.group:
            yield ("statements", i, "group"), "agenda", s.group
    for i, r in enumerate(m.recommendations):
        yield ("recommendations", i, "by"), "people", r.by
        if r.group:
            yield ("recommendations", i, "group"), "agenda", r.group
    if m.conclusions:
        yield ("conclusions", "by"), "people", m.conclusions.by
        for i, item in enumerate(m.conclusions.items):
            yield from _each(("conclusions", "items", i, "lead"), "units", item.lead)
            yield from _each(("conclusions", "items", i, "support"), "units", item.support)
    for name in Documents.model_fields:  # one per document kind
        info = getattr(m.documents, name)
        if info.issuer:
            yield ("documents", name, "issuer"), "units", info.issuer
        signer = info.signer
        if signer and signer.person:
            yield ("documents", name, "signer", "person"), "people", signer.person
    for i, a in enumerate(m.attachments):
        if a.unit:
            yield ("attachments", i, "unit"), "units", a.unit
        if a.group:
            yield ("attachments", i, "group"), "agenda", a.group
    for key in ("previous", "next"):
        other = getattr(m, key)
        if other and other.chair:
            yield (key, "chair"), "people", other.chair


def _each(loc: Loc, kind: str, refs: list[str]) -> Iterator[tuple[Loc, str, str]]:
    for j, ref in enumerate(refs):
        yield (*loc, j), kind, ref
