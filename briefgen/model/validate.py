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
from briefgen.load.limits import oversized_values
from briefgen.load.sheets import PEOPLE, POINTS, TASKS, read_sheet
from briefgen.load.source import Loc, RoutedSourceMap, SourceMap, read_yaml
from briefgen.model.history import at_session, with_later_answers
from briefgen.model.meeting import Documents, Meeting
from briefgen.model.problems import schema_problems


def load_meeting(path: Path, *, earlier: bool = True) -> tuple[Meeting, SourceMap]:
    """Read and validate a meeting file; raise :class:`InputError` listing every problem.
    With ``earlier``, the meeting file ``previous.file`` names is read too (one level: not
    the one before it), as :attr:`Meeting.earlier`."""
    data, smap = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError([smap.problem((), "", "the file must be a mapping with a 'meeting:' key")])
    smap = _read_sheets(path, data, smap)
    smap = _read_responses(path, data, smap)
    too_large = [smap.problem(loc, format_path(loc), message)
                 for loc, message in oversized_values(data)]
    if too_large:  # refused before the schema and the renderers spend time on them
        raise InputError(too_large)
    try:
        meeting = Meeting.model_validate(data)
    except ValidationError as exc:
        raise InputError(schema_problems(exc, smap, Meeting)) from None
    problems = [*check_references(meeting, smap), *check_attachments(meeting, path.parent, smap),
                *check_images(meeting, path.parent, smap)]
    if problems:
        raise InputError(problems)
    if earlier and meeting.previous and meeting.previous.file:
        meeting = _with_earlier(meeting, earlier_file(path, meeting.previous.file, smap))
    return meeting, smap


def earlier_file(path: Path, name: str, smap: SourceMap) -> Path:
    """The previous session's meeting file ``previous.file`` names."""
    file, refused = beside(path.parent, name, "previous session's meeting")
    if not refused and file.resolve() == path.resolve():
        refused = "previous.file names this meeting file itself; name the earlier session's"
    if refused:
        raise InputError([smap.problem(("previous", "file"), "previous.file", refused)])
    return file


def _with_earlier(meeting: Meeting, file: Path) -> Meeting:
    """``meeting`` with the answers collected into the earlier file since its register was
    carried, and the earlier session as it stood (:attr:`Meeting.earlier`); the earlier
    file's own problems name its lines."""
    before, _ = load_meeting(file, earlier=False)
    then = at_session(before, file)
    meeting = with_later_answers(meeting, before, then)
    meeting._earlier = then
    return meeting


# The meeting file's keys naming a sheet, and the collection each fills.
SHEET_KEYS = {"register_file": TASKS, "people_file": PEOPLE, "points_file": POINTS}


def _read_sheets(path: Path, data: dict[str, Any], smap: SourceMap) -> SourceMap:
    """Put the rows of each CSV/XLSX sheet the file names (register, people, points) in
    ``data``; errors there name the sheet's cells."""
    routes: dict[Loc, SourceMap] = {}
    problems: list[Problem] = []
    for file_key, sheet in SHEET_KEYS.items():
        name = data.get(file_key)
        if not isinstance(name, str) or not name.strip():
            continue  # absent, or of the wrong type: the schema reports it
        what = sheet.collection
        if data.get(what):
            problems.append(smap.problem((file_key,), file_key, f"give the {what} either in "
                                         f"'{what}:' or in a {sheet.what} file, not both", key=True))
            continue
        file, refused = beside(path.parent, name, sheet.what)
        if refused:
            problems.append(smap.problem((file_key,), file_key, refused))
            continue
        try:
            data[what], routes[(what,)] = read_sheet(file, sheet, display=str(file))
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    return RoutedSourceMap(smap, routes) if routes else smap


def responses_path(meeting: Path) -> Path:
    """The response log beside a meeting file: ``<meeting>.responses.yaml``."""
    return meeting.with_name(f"{meeting.stem}.responses.yaml")


def meeting_inputs(m: Meeting, meeting_file: Path) -> list[Path]:
    """Every file a meeting is read from: the meeting file, its sheets, response log, annexes,
    signature and seal images and the earlier session's file. No command writes over them."""
    folder = meeting_file.parent
    names = [m.register_file, m.people_file, m.points_file,
             *(a.file for a in m.attachments), m.previous.file if m.previous else None]
    for kind in Documents.model_fields:
        signer = getattr(m.documents, kind).signer
        names += [signer.signature_image, signer.seal_image] if signer else []
    return [meeting_file, responses_path(meeting_file),
            *(folder / name for name in names if name)]


def _read_responses(path: Path, data: dict[str, Any], smap: SourceMap) -> SourceMap:
    """The response log, when there is one, as ``responses:``; its errors name its lines."""
    log = responses_path(path)
    if not log.is_file():
        return smap
    if data.get("responses"):
        raise InputError([smap.problem(("responses",), "responses", (
            f"give the responses either in 'responses:' or in {log.name}, not both"), key=True)])
    entries, log_map = read_yaml(log)
    if not isinstance(entries, dict) or not isinstance(entries.get("responses", []), list):
        raise InputError([log_map.problem((), "", "a response log is a mapping with a "
                                                  "'responses:' list (briefgen collect writes it)")])
    data["responses"] = entries.get("responses", [])
    return RoutedSourceMap(smap, {("responses",): log_map})


def check_attachments(m: Meeting, folder: Path, smap: SourceMap) -> Iterator[Problem]:
    """Every annex is a readable PDF (it is bound into the briefing pack)."""
    if not m.attachments:
        return  # nothing to read: pypdf (a sixth of a second) is not imported
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    for i, a in enumerate(m.attachments):
        loc = ("attachments", i, "file")
        file, refused = beside(folder, a.file, "annex")
        if refused:
            yield smap.problem(loc, format_path(loc), refused)
            continue
        try:
            pages = len(PdfReader(file).pages)
        except (PyPdfError, OSError, ValueError) as exc:
            yield smap.problem(loc, format_path(loc), f"'{a.file}' is not a readable PDF ({exc})")
            continue
        if pages == 0:
            yield smap.problem(loc, format_path(loc), f"'{a.file}' has no pages")


def check_images(m: Meeting, folder: Path, smap: SourceMap) -> Iterator[Problem]:
    """Signature and seal images: PNG files in the meeting's folder, within the limits."""
    for kind in Documents.model_fields:
        signer = getattr(m.documents, kind).signer
        for key in ("signature_image", "seal_image"):
            name = getattr(signer, key, None) if signer else None
            if name is None:
                continue
            loc = ("documents", kind, "signer", key)
            refused = image_problem(folder, name)
            if refused:
                yield smap.problem(loc, format_path(loc), refused)


def image_problem(folder: Path, name: str) -> str:
    """Why the image ``name`` is refused ('' when it is not)."""
    from briefgen.load.images import HEAD_BYTES, is_png, over_limits
    from briefgen.load.limits import MAX_IMAGE_BYTES

    file, refused = beside(folder, name, "image")
    if refused:
        return refused
    try:
        size = file.stat().st_size
        with file.open("rb") as f:
            head = f.read(HEAD_BYTES)
    except OSError as exc:
        return f"'{name}' cannot be read ({exc.strerror})"
    if size <= MAX_IMAGE_BYTES and not is_png(head):
        kind = "a JPEG" if head.startswith(b"\xff\xd8") else "not a PNG"
        return (f"'{name}' is {kind} file whatever its name says; give a PNG (with a "
                "transparent background)")
    return over_limits(name, size, head)


def beside(folder: Path, name: str, what: str) -> tuple[Path, str]:
    """The file ``name`` names, and why it is refused ('' when it is not): every file a meeting
    reads lies in the meeting file's folder or below it, so a meeting file cannot bind any
    file of the machine (``/etc/…``, ``../../…``, or a link leading out) into a document."""
    file = folder / name
    if Path(name).is_absolute() or ".." in Path(name).parts:
        return file, (f"'{name}' is outside the meeting file's folder; put the {what} in that "
                      "folder (or below it) and give its path from there")
    if not file.is_file():
        return file, f"no {what} file '{name}' next to the meeting file"
    if not file.resolve().is_relative_to(folder.resolve()):
        return file, (f"'{name}' is a link to a file outside the meeting file's folder; copy "
                      f"the {what} into that folder")
    return file, ""


# -- cross-references ------------------------------------------------------------------------

# Collections whose ids name output files (a point's invitation and pack, a unit's report).
NAMES_FILES = ("points", "units")


def file_key(ident: str) -> str:
    """What an id is as part of a file name on every file system: case folded, and trailing
    punctuation gone (Windows drops a trailing dot; batch trims the stem's ends)."""
    return ident.lower().rstrip("._-")


def check_references(m: Meeting, smap: SourceMap) -> Iterator[Problem]:
    """Ids unique within each collection; every reference resolves to a known id."""
    collections: dict[str, Iterable[Any]] = {
        "units": m.units, "people": m.people, "points": m.points, "agenda": m.agenda,
        "tasks": m.tasks, "attachments": m.attachments,
    }
    known: dict[str, dict[str, int]] = {}
    for name, items in collections.items():
        seen: dict[str, int] = {}
        files: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                first = smap.locate((name, seen[item.id], "id"))[0]
                yield smap.problem((name, i, "id"), f"{name}[{i}].id",
                                   f"duplicate id '{item.id}' (first used on line {first})")
                continue
            seen[item.id] = i
            if name in NAMES_FILES:
                key = file_key(item.id)
                if key in files:
                    j = files[key]
                    other = list(seen)[j]
                    line = smap.locate((name, j, "id"))[0]
                    yield smap.problem((name, i, "id"), f"{name}[{i}].id", (
                        f"'{item.id}' and '{other}' (line {line}) would give the same file "
                        "names (ids that differ only in case or in a trailing '.', '-' or '_' "
                        "name one file); make them differ in a letter or digit"))
                else:
                    files[key] = i
        known[name] = seen

    known["who"] = {**known.get("units", {}), **known.get("people", {})}
    for loc, kind, ref in _references(m, smap):
        if ref not in known[kind]:
            near = difflib.get_close_matches(ref, list(known[kind]), n=1, cutoff=0.6)
            hint = f"; did you mean '{near[0]}'?" if near else ""
            singular = {"units": "unit", "people": "person", "agenda": "agenda group",
                        "tasks": "task", "points": "connection point",
                        "who": "person or unit"}[kind]
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
        yield ("meeting", "chairs", i), "who", c
    if mi.secretary:
        yield ("meeting", "secretary"), "people", mi.secretary
    yield from _each(("meeting", "attendees"), "people", mi.attendees)
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
        yield ("conclusions", "by"), "who", m.conclusions.by
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
    for i, answered in enumerate(m.responses):
        yield ("responses", i, "unit"), "units", answered.unit
    for key in ("previous", "next"):
        other = getattr(m, key)
        if other and other.chair:
            yield (key, "chair"), "people", other.chair


def _each(loc: Loc, kind: str, refs: list[str]) -> Iterator[tuple[Loc, str, str]]:
    for j, ref in enumerate(refs):
        yield (*loc, j), kind, ref
