"""The task register rewritten in its own format, the clerk's file kept as it was elsewhere:
``tasks:`` in the meeting file, or the CSV or XLSX sheet ``register_file:`` names. Only the
updated tasks change. The YAML is edited as text where the parser places each task's keys
and values (a ruamel.yaml round trip of the whole file re-wraps the flow mappings clerks
write over two lines); ruamel.yaml's emitter quotes the new values, read back to check. In
a CSV only the changed cells of the updated rows are rewritten; an XLSX is updated in place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import glob
import io
import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from ruamel.yaml import YAML
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from briefgen.errors import EnvironmentFault, InputError
from briefgen.followup.sheet import (
    STATUS_VALUES,
    Changes,
    RegisterSheet,
    check_found,
    status_words,
    written_value,
)

# The reader's own rules for cells, headers and separators, so that both sides agree.
from briefgen.load.source import read_yaml
from briefgen.model.history import ANSWER_FIELDS  # the ones rewritten() sets
from briefgen.model.text import clean_text
from briefgen.model.validate import beside
from briefgen.publish import failpoint, fsync_dir

Edit = tuple[int, int, str]  # text[start:end] becomes the string


@dataclass(frozen=True)
class RegisterFile:
    """The file holding a meeting's task register, and its format."""

    path: Path  # the file holding the register (meeting YAML, or the CSV/XLSX)
    kind: Literal["yaml", "csv", "xlsx"]


def register_file(meeting_path: Path) -> RegisterFile:
    """Where the meeting's register lives (reads the meeting YAML's register_file key).
    Raises InputError when that names no CSV or XLSX file in the meeting file's folder."""
    data, smap = read_yaml(meeting_path)
    name = data.get("register_file") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name.strip():
        return RegisterFile(meeting_path, "yaml")
    file, refused = beside(meeting_path.parent, name, "register")
    suffix = file.suffix.lower()
    if not refused and suffix not in (".csv", ".xlsx", ".xlsm"):
        refused = f"a register must be a .csv or .xlsx file, not '{suffix}'"
    if refused:
        raise InputError([smap.problem(("register_file",), "register_file", refused)])
    return RegisterFile(file, "csv" if suffix == ".csv" else "xlsx")


def rewritten(reg: RegisterFile, updates: Mapping[str, Mapping[str, object]]) -> bytes:
    """The register file's new bytes with ``updates`` applied: task id -> {field: value}.
    Values: status as the TaskStatus value string ("done", "late", ...), finished as
    datetime.date, the others str; None removes/clears the field. Raises KeyError-free
    ValueError naming the id if an updated task id is not in the file.

    Blank text clears too. ValueError also for a field not in :data:`ANSWER_FIELDS`, a value
    the schema refuses, or an id two tasks share; InputError for a file that is no register."""
    try:
        raw = reg.path.read_bytes()
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, reg.path) from None
    return rewritten_bytes(raw, reg.kind, updates, str(reg.path))


def rewritten_bytes(raw: bytes, kind: Literal["yaml", "csv", "xlsx"],
                    updates: Mapping[str, Mapping[str, object]], name: str) -> bytes:
    """A register's bytes ``raw`` (a meeting file, a CSV or an XLSX sheet) with ``updates``
    applied, as :func:`rewritten` does; ``name`` names it in messages."""
    changes = _checked(updates)
    if kind == "yaml":
        return _rewrite_yaml(raw, changes, name)
    sheet = RegisterSheet(raw, kind, name)
    sheet.update(changes)
    return sheet.bytes()


def previous_path(path: Path) -> Path:
    """Where the version before the rewrite is kept: <stem>.previous<suffix> beside it
    (meeting.previous.yaml, so-theo-doi.previous.xlsx)."""
    return path.with_name(f"{path.stem}.previous{path.suffix}")


def replace_register(reg: RegisterFile, data: bytes) -> None:
    """Keep the current file as previous_path(path) (a copy, byte for byte), then write data
    to a temporary file in the same folder, fsync it, os.replace it over the register, fsync
    the folder. A crash at any point leaves either the old register or the new one whole
    (never a half-written file). OSError becomes briefgen.errors.EnvironmentFault naming the
    real path.

    The new bytes are staged first: an unwritable folder fails before anything changes. Both
    files keep the register's mode (and owner); temporary files of an interrupted run go.
    """
    target = Path(os.path.realpath(reg.path))
    previous = previous_path(target)
    untouched = f"{reg.path.name} was not changed"
    try:
        for leftover in (p for f in (target, previous)
                         for p in f.parent.glob(f".{glob.escape(f.name)}.*.briefgen-tmp")):
            leftover.unlink(missing_ok=True)
        old = os.stat(target)
        staged = _staged(target, data, old)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, reg.path, untouched) from None
    try:
        failpoint("register-staged")
        try:
            _staged(previous, target.read_bytes(), old, kept=True)
        except OSError as exc:
            raise EnvironmentFault.from_os_error(
                exc, previous, f"the version before could not be kept there; {untouched}") from None
        failpoint("register-kept")
        os.replace(staged, target)
        fsync_dir(target.parent)
    except OSError as exc:
        raise EnvironmentFault.from_os_error(exc, reg.path, untouched) from None
    finally:
        with contextlib.suppress(OSError):
            staged.unlink()


# -- the updates -----------------------------------------------------------------------------

def _checked(updates: Mapping[str, Mapping[str, object]]) -> Changes:
    changes: Changes = {}
    for ident, fields in updates.items():
        others = sorted(set(fields) - set(ANSWER_FIELDS))
        if others:
            raise ValueError(f"task {ident!r}: only {', '.join(ANSWER_FIELDS)} can be updated, "
                             f"not {', '.join(others)}")
        change: dict[str, object] = {}
        for field in (f for f in ANSWER_FIELDS if f in fields):  # new fields come in this order
            value = fields[field]
            if isinstance(value, dt.datetime):
                value = value.date()
            elif isinstance(value, str):  # NFC, as it reads back; blank: cleared; TaskStatus: str
                try:
                    value = clean_text(str(value)) if value.strip() else None
                except ValueError as exc:
                    raise ValueError(f"task {ident!r}: {field} {exc}") from None
            kind = dt.date if field == "finished" else str
            allowed = value in STATUS_VALUES if field == "status" else (
                value is None or isinstance(value, kind))
            if not allowed:
                raise ValueError(f"task {ident!r}: {field} cannot be {value!r}")
            change[field] = value
        changes[str(ident)] = change
    return changes


# -- YAML: the meeting file's tasks ----------------------------------------------------------

_RT = YAML(typ="rt")
_RT.preserve_quotes, _RT.default_flow_style, _RT.allow_unicode = True, True, True
_RT.width = 1 << 30  # never wrap a value


def _rewrite_yaml(raw: bytes, changes: Changes, name: str) -> bytes:
    text = _decoded(raw, name)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    found, statuses = _yaml_tasks(body, name)
    check_found({ident: len(nodes) for ident, nodes in found.items()}, changes, name)
    word = status_words(statuses)
    newline = "\r\n" if "\r\n" in body else "\n"
    wanted = {ident: {f: None if v is None else written_value(f, v, word, False) for f, v in c.items()}
              for ident, c in changes.items()}
    edits = [e for ident, values in wanted.items()
             for e in _task_edits(body, found[ident][0], values, newline, name)]
    # From the end, so earlier positions hold; at one position, the first listed ends up last.
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        body = body[:start] + new + body[end:]
    found, _ = _yaml_tasks(body, name)  # refuse to hand back a file that reads otherwise
    if any(len(found.get(ident, [])) != 1 or getattr(_get(found[ident][0], f), "value", None) != v
           for ident, values in wanted.items() for f, v in values.items()):
        raise RuntimeError(f"{name}: rewriting the tasks went wrong; the file is left as it was")
    return (bom + body).encode("utf-8")


def _yaml_tasks(body: str, name: str) -> tuple[dict[str, list[MappingNode]], list[str]]:
    """The tasks' mappings by id, and every status as written."""
    try:  # the pure-Python parser: its marks count characters
        root = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise InputError.single(name, f"cannot read the YAML: {exc}") from None
    tasks = _get(root, "tasks")
    found: dict[str, list[MappingNode]] = {}
    for item in tasks.value if isinstance(tasks, SequenceNode) else []:
        ident = _get(item, "id")
        if isinstance(ident, ScalarNode):
            found.setdefault(ident.value, []).append(item)
    statuses = [s.value for items in found.values() for t in items
                if isinstance(s := _get(t, "status"), ScalarNode)]
    return found, statuses


def _get(node: Node | None, name: str) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == name:
                return v  # type: ignore[no-any-return]
    return None


def _task_edits(body: str, task: MappingNode, values: Mapping[str, str | None], newline: str,
                name: str) -> list[Edit]:
    """The edits that give ``task`` the ``values`` (None: remove the key), in its style: a
    new key ends a flow mapping, or takes a line of its own in a block one."""
    pairs: list[tuple[Node, Node]] = task.value
    names = [k.value if isinstance(k, ScalarNode) else "" for k, _ in pairs]
    gone = [i for i, n in enumerate(names) if n in values and values[n] is None]
    edits: list[Edit] = []
    new = [f"{f}: {_rendered(f, v)}" for f, v in values.items() if v is not None and f not in names]
    if new:
        end = _end(body, *pairs[max(set(range(len(pairs))) - set(gone))])  # the id stays
        if task.flow_style:
            edits.append((end, end, "".join(f", {n}" for n in new)))
        else:
            at, indent = _line_end(body, end), " " * pairs[0][0].start_mark.column
            edits.append((at, at, "".join(newline + indent + n for n in new)))
    for k, v in pairs:
        value = values.get(k.value) if isinstance(k, ScalarNode) else None
        if value is None:
            continue
        if not task.start_mark.index <= v.start_mark.index < task.end_mark.index:
            raise ValueError(f"{name}: line {k.start_mark.line + 1}: {k.value} is a YAML alias "
                             "of a value elsewhere; write the value out, then run again")
        end, rendered = _end(body, k, v), _rendered(k.value, value)
        # `progress:` with nothing after it ends at the colon
        edits.append((end, end, " " + rendered) if _empty(v) else (v.start_mark.index, end, rendered))
    return edits + _removals(body, task, gone)


def _removals(body: str, task: MappingNode, gone: Sequence[int]) -> list[Edit]:
    """Deletions of the pairs ``gone``, one per run of neighbouring pairs."""
    pairs, edits = task.value, []
    for first in (i for i in gone if i - 1 not in gone):
        last = first
        while last + 1 in gone:
            last += 1
        start = pairs[first][0].start_mark.index
        after = pairs[last + 1][0].start_mark.index if last + 1 < len(pairs) else None
        line = body.rfind("\n", 0, start) + 1
        if task.flow_style:  # up to the next key, or from the end of the one before
            edits.append((start, after) if after is not None
                         else (_end(body, *pairs[first - 1]), _end(body, *pairs[last])))
        elif body[line:start].strip() and after is not None:  # the first key, on the "- " line
            edits.append((start, after))
        else:  # whole lines, with their comments
            end = _line_end(body, _end(body, *pairs[last]))
            edits.append((line, body.find("\n", end) + 1 or len(body)))
    return [(start, end, "") for start, end in edits]


def _empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.style is None and node.value == ""


def _end(body: str, k: Node, v: Node) -> int:
    """Where the pair ``k: v`` ends: its last character, not the comments and blank lines
    the parser counts into block collections and block scalars."""
    while isinstance(v, MappingNode | SequenceNode) and not v.flow_style and v.value:
        k, v = v.value[-1] if isinstance(v, MappingNode) else (k, v.value[-1])
    if _empty(v):
        return body.index(":", k.end_mark.index) + 1
    start = v.start_mark.index
    return start + len(body[start:v.end_mark.index].rstrip())


def _line_end(body: str, at: int) -> int:
    """Where the line holding ``at`` ends, before its line break."""
    end = body.find("\n", at)
    return len(body) if end < 0 else end - (end > at and body[end - 1] == "\r")


def _rendered(field: str, text: str) -> str:
    """``text`` as a YAML value on one line, as valid in a flow mapping as in a block one,
    quoted where ruamel.yaml's emitter quotes it; then read back as briefgen reads it."""
    if field == "finished":
        return text  # an ISO date, plain
    out = io.StringIO()
    _RT.dump({"k": text}, out)
    rendered = out.getvalue().rstrip("\n")[len("{k: "):-1]
    try:
        node = _get(yaml.compose(f"{{k: {rendered}}}", Loader=yaml.SafeLoader), "k")
    except yaml.YAMLError:
        node = None
    if (isinstance(node, ScalarNode) and node.value == text and "\n" not in rendered
            and (node.style in ("'", '"') or node.tag == "tag:yaml.org,2002:str")):
        return rendered
    # JSON text is a double-quoted YAML scalar; escape what YAML would read as a line break
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}"
                   for c in json.dumps(text, ensure_ascii=False))


# -- files -----------------------------------------------------------------------------------

def _decoded(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError.single(name, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset "
                                      f"{exc.start}); save the file as UTF-8") from None


def _staged(dest: Path, data: bytes, like: os.stat_result, *, kept: bool = False) -> Path:
    """``data`` in a flushed temporary file beside ``dest``, with ``like``'s permissions;
    ``kept``: with its times too, and renamed to ``dest``."""
    fd, temp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".briefgen-tmp", dir=dest.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, like.st_mode & 0o7777)
        with contextlib.suppress(OSError):  # only root may give a file away: the clerk's stays
            os.chown(temp, like.st_uid, like.st_gid)
        if kept:
            os.utime(temp, ns=(like.st_atime_ns, like.st_mtime_ns))
            os.replace(temp, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return Path(temp)
