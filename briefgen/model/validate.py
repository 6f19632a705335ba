"""Turn a meeting file into a validated :class:`Meeting`, or every problem with its position.

Validation runs in three passes, each reporting all it finds: YAML syntax (source.py), the
schema (pydantic, with positions and near-name hints) and cross-references (ids that must
resolve, ids that must be unique).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import AliasChoices, BaseModel, ValidationError

from briefgen.errors import InputError, Problem, did_you_mean, format_path
from briefgen.load.limits import oversized_values
from briefgen.load.sheets import read_sheet
from briefgen.load.source import Loc, RoutedSourceMap, SourceMap, read_yaml
from briefgen.model.columns import PEOPLE, POINTS, TASKS
from briefgen.model.history import at_session, with_later_answers
from briefgen.model.meeting import Documents, Meeting
from briefgen.model.problems import schema_problems
from briefgen.model.text import Ref


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
    return with_later_answers(meeting, before, then).with_earlier(then)


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
        return  # nothing to read: pypdf (slow to import, bench/FIGURES.md) is not imported
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
    for loc, ref, ident in _references(m, smap):
        if ident not in known[ref.collection]:
            hint = did_you_mean(ident, known[ref.collection])
            yield smap.problem(loc, format_path(loc), f"unknown {ref.noun} '{ident}' (no such "
                               f"id in '{ref.collection}'){hint}")

    if m.points and not any(p.central for p in m.points):
        yield smap.problem(("points",), "points", "mark the central connection point: central: true")
    # Point at each extra `central: true`, not at the start of the list, so it can be found.
    central = [i for i, p in enumerate(m.points) if p.central]
    for i in central[1:]:
        yield smap.problem(("points", i, "central"), f"points[{i}].central",
                           f"only one connection point can be central; "
                           f"'{m.points[central[0]].id}' already is")


def _references(m: Meeting, smap: SourceMap) -> Iterator[tuple[Loc, Ref, str]]:
    """Every (location, reference, id) that must resolve: each value of a field the schema
    marks ``Ref``, found by walking the fields (a new reference field is checked once it is
    declared), at the key the file wrote it under (``body``, the holder's older name)."""
    yield from _refs_in(m, (), smap)


def _refs_in(model: BaseModel, loc: Loc, smap: SourceMap) -> Iterator[tuple[Loc, Ref, str]]:
    for field in _ref_fields(type(model)):
        value = getattr(model, field.name)
        if value is None:
            continue
        at: Loc = (*loc, _written_as(field, loc, smap))
        items = [((*at, j), v) for j, v in enumerate(value)] if field.many else [(at, value)]
        for here, item in items:
            if field.ref is not None:
                yield here, field.ref, item
            else:
                yield from _refs_in(item, here, smap)


@dataclass(frozen=True)
class _RefField:
    """A field that holds references, itself or in the models it holds."""

    name: str
    ref: Ref | None  # its values are ids of this list; None: models to walk into
    many: bool  # a list of them
    aliases: tuple[str, ...]  # older keys it may be written under


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[_RefField, ...]:
    """The fields of ``model`` that hold references, read once per model from the schema (a
    4,400-task register walks the same two fields of each task)."""
    found = []
    for name, info in model.model_fields.items():
        ref, nested, many = _what_holds(info.annotation, list(info.metadata))
        if ref is None and (nested is None or not _ref_fields(nested)):
            continue
        choices = info.validation_alias.choices if isinstance(info.validation_alias,
                                                               AliasChoices) else []
        found.append(_RefField(name, ref, many, tuple(str(c) for c in choices)))
    return tuple(found)


def _what_holds(annotation: Any, metadata: list[Any]) -> tuple[Ref | None, Any, bool]:
    """A field type's reference (its Ref) or the model it holds, and whether it is a list."""
    many = False
    while True:
        if get_origin(annotation) is Annotated:
            annotation, *more = get_args(annotation)
            metadata += more
        elif get_origin(annotation) in (Union, UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return None, None, many
            annotation = options[0]
        elif get_origin(annotation) is list:
            many, annotation = True, get_args(annotation)[0]
        else:
            break
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    nested = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) \
        else None
    return ref, nested, many


def _written_as(field: _RefField, loc: Loc, smap: SourceMap) -> str:
    """The key a field has in the file: its name, or the older name it was written under."""
    return next((c for c in field.aliases if (*loc, c) in smap.keys), field.name)
