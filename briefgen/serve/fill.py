"""Blanks filled in from the browser: a date of issue, a document's number, a signer's name
written into the meeting file at its line, the clerk's comments and layout kept.

Like ``collect`` (briefgen/followup/register.py), the file is edited as text where the YAML
parser places the mapping, never dumped whole (a round trip re-wraps the flow mappings clerks
write); ruamel.yaml's emitter decides how the new value is quoted. The new file is read and
validated as briefgen reads it before anything is written; the version before is kept as
``<stem>.previous.yaml``; the new bytes replace the file in one rename (all or nothing), under
the folder's lock ``collect`` takes; a file changed on disk since the page was drawn is
refused, not overwritten.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefgen.errors import EnvironmentFault, InputError, Problem
from briefgen.followup.register import previous_path
from briefgen.model import load_meeting
from briefgen.model.meeting import Documents, Meeting
from briefgen.publish import failpoint, locked, write_synced

#: What a blank may hold: typed text is refused past this (a name, a date, a number).
MAX_VALUE_CHARS = 500


@dataclass(frozen=True)
class Blank:
    """One value the documents print as a blank, that the clerk may type in the browser."""

    path: tuple[str | int, ...]  # where it goes in the meeting file: ("documents", "notice", "date")
    kind: str  # the document kind it shows in
    field: str  # date | number | name
    line: int  # the line of the meeting file it belongs at (its mapping, or the nearest one)

    @property
    def key(self) -> str:
        return ".".join(str(p) for p in self.path)


class Conflict(Exception):
    """The meeting file changed on disk since the page the clerk typed in was drawn."""


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blanks(m: Meeting, line_of: Callable[[tuple[str | int, ...]], int], made: set[str],
           dated: set[str] | None = None) -> list[Blank]:
    """The blanks of the documents ``made`` (kinds with a document in the workspace): each
    one's number and date of issue, and a signer known only by role. ``line_of`` gives
    the line of a path (the nearest enclosing one); ``dated``: the kinds whose form prints a
    date line (all, if not given)."""
    found: list[Blank] = []
    index = {p.id: i for i, p in enumerate(m.people)}
    for kind in Documents.model_fields:
        if kind not in made:
            continue
        info = getattr(m.documents, kind)
        for field in ("number", "date"):
            if field == "date" and dated is not None and kind not in dated:
                continue
            if getattr(info, field) is None:
                path: tuple[str | int, ...] = ("documents", kind, field)
                found.append(Blank(path, kind, field, line_of(path)))
        signer = info.signer
        if m.people_file:  # the people live in a sheet: its name is typed there, not here
            continue
        if signer and signer.person and m.people[index[signer.person]].name is None:
            path = ("people", index[signer.person], "name")
            found.append(Blank(path, kind, "name", line_of(path)))
    return found


def fill(meeting: Path, path: tuple[str | int, ...], typed: str, drawn_from: str) -> bytes:
    """Write ``typed`` at ``path`` of the meeting file; the bytes written. Refused with
    :class:`Conflict` when the file's digest is no longer ``drawn_from``, with InputError
    (located, in the file's own name) when the value would not validate."""
    value = typed.strip()
    if not value or len(value) > MAX_VALUE_CHARS or "\n" in value:
        raise InputError.single(meeting, f"{'.'.join(map(str, path))}: type one line of at most "
                                f"{MAX_VALUE_CHARS} characters")
    with locked(meeting.parent):  # as collect does: one writer of the folder at a time
        try:
            old = meeting.read_bytes()
        except OSError as exc:
            raise EnvironmentFault.from_os_error(exc, meeting) from None
        if file_digest(old) != drawn_from:
            raise Conflict(f"{meeting.name} was changed on disk since this page was drawn")
        new = with_value(old.decode("utf-8-sig"), path, value, str(meeting))
        _check(meeting, new)
        try:
            write_synced(previous_path(meeting), old)
            failpoint("serve-fill")
            write_synced(meeting, new)
        except OSError as exc:
            raise EnvironmentFault.from_os_error(exc, meeting, f"{meeting.name} was not "
                                                 "changed") from None
    return new


def _check(meeting: Path, new: bytes) -> None:
    """Read ``new`` as briefgen reads the meeting file (its sheets beside it) before it
    replaces the file; problems are named in the meeting file's own name."""
    probe = meeting.with_name(f".{meeting.stem}.serve-check{meeting.suffix}")
    try:
        probe.write_bytes(new)
        load_meeting(probe)
    except InputError as exc:
        raise InputError([Problem(str(meeting), p.line, p.column, p.path, p.message)
                          if p.file == str(probe) else p for p in exc.problems]) from None
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, meeting.parent) from None
    finally:
        probe.unlink(missing_ok=True)


# -- the text edit -----------------------------------------------------------------------------

_RT = YAML(typ="rt")
_RT.default_flow_style, _RT.allow_unicode, _RT.width = True, True, 1 << 30


def with_value(text: str, path: tuple[str | int, ...], value: str, name: str) -> bytes:
    """``text`` with ``value`` at ``path``: a key given a value where it is empty or null,
    added at the end of its mapping (in its style) where absent, its mapping made where the
    document has none yet."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)  # pure Python: marks count characters
    except yaml.YAMLError as exc:
        raise InputError.single(name, f"cannot read the YAML: {exc}") from None
    newline = "\r\n" if "\r\n" in body else "\n"
    rendered = scalar(value)
    node, depth = root, 0
    while depth < len(path) - 1:
        child = _child(node, path[depth])
        if not isinstance(child, MappingNode | SequenceNode):
            break
        node, depth = child, depth + 1
    rest = path[depth:]
    if not isinstance(node, MappingNode) or any(isinstance(p, int) for p in rest):
        raise InputError.single(name, f"{'.'.join(map(str, path))}: not a mapping to write into")
    if len(rest) == 1 and (pair := _pair(node, str(rest[0]))) is not None:
        start, end = _value_span(body, *pair)
        if not _blank(pair[1]):
            raise InputError.single(name, f"{'.'.join(map(str, path))}: already holds a value",
                                    pair[1].start_mark.line + 1, pair[1].start_mark.column + 1)
        body = body[:start] + (" " if start == end else "") + rendered + body[end:]
    else:
        body = _added(body, node, [str(p) for p in rest], rendered, newline)
    return (bom + body).encode("utf-8")


def scalar(value: str) -> str:
    """``value`` as one YAML scalar: plain where it reads back as the text typed (or the
    date it says), else as ruamel.yaml's emitter quotes it, else as JSON text; a number
    stays a number."""
    if value.isdigit() or _reads_as(value, value):
        return value
    out = io.StringIO()
    _RT.dump({"k": value}, out)
    rendered = out.getvalue().strip()[len("{k: "):-1]
    return rendered if _reads_as(rendered, value) else json.dumps(value, ensure_ascii=False)


def _reads_as(rendered: str, value: str) -> bool:
    try:
        node = yaml.compose(f"{{k: {rendered}}}", Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return False
    got = _child(node, "k")
    # read back as the text typed (or, plain, as the date it says): never as true, null, 1.5
    return isinstance(got, ScalarNode) and got.value == value and "\n" not in rendered and (
        got.style in ("'", '"') or got.tag in ("tag:yaml.org,2002:str",
                                                "tag:yaml.org,2002:timestamp"))


def _child(node: Node | None, key: str | int) -> Node | None:
    if isinstance(node, MappingNode):
        pair = _pair(node, str(key))
        return pair[1] if pair else None
    if isinstance(node, SequenceNode) and isinstance(key, int) and key < len(node.value):
        item: Node = node.value[key]
        return item
    return None


def _pair(node: MappingNode, key: str) -> tuple[Node, Node] | None:
    for k, v in node.value:
        if isinstance(k, ScalarNode) and k.value == key:
            return k, v
    return None


def _blank(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value in ("", "~", "null")


def _value_span(body: str, k: Node, v: Node) -> tuple[int, int]:
    """Where ``k``'s value is, or (nothing after the colon) where it goes."""
    if isinstance(v, ScalarNode) and v.value == "":
        at = body.index(":", k.end_mark.index) + 1
        return at, at
    return v.start_mark.index, v.end_mark.index


def _added(body: str, node: MappingNode, keys: list[str], rendered: str, newline: str) -> str:
    """``keys`` (the first one new in ``node``) with the value, at the end of ``node``."""
    flow = "{" + ": {".join(keys) + ": " + rendered + "}" * len(keys)
    entry = flow[1:-1]  # key: value, or key: {key: value}
    if node.flow_style:
        end = body.rindex("}", 0, node.end_mark.index)
        return body[:end] + ", " + entry + body[end:]
    last_k, last_v = node.value[-1]
    end = _end_of(body, last_k, last_v)
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end - (body[line_end - 1] == "\r")
    indent = " " * last_k.start_mark.column
    return body[:line_end] + newline + indent + entry + body[line_end:]


def _end_of(body: str, k: Node, v: Node) -> int:
    """Where the pair ``k: v`` ends: its last character, not the comments and blank lines
    the parser counts into block collections."""
    while isinstance(v, MappingNode) and not v.flow_style and v.value:
        k, v = v.value[-1]
    while not isinstance(v, ScalarNode | MappingNode) and not getattr(v, "flow_style", True) \
            and v.value:
        v = v.value[-1]
        while isinstance(v, MappingNode) and not v.flow_style and v.value:
            k, v = v.value[-1]
    if isinstance(v, ScalarNode) and v.value == "" and v.style is None:
        return body.index(":", k.end_mark.index) + 1
    start = v.start_mark.index
    return start + len(body[start:v.end_mark.index].rstrip())
