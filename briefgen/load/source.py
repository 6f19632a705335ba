"""YAML reading that keeps the line and column of every key and value.

PyYAML's composer gives nodes with marks; we build plain Python data from them ourselves so
that (a) every value's position is known for error messages and (b) YAML 1.1 surprises stay
strings: ``14:00`` is not the sexagesimal integer 840, ``no`` is not False, ``0912 345`` keeps
its leading zero, and dates stay text for the schema to parse (so an impossible date is a
located validation error rather than a crash inside the YAML library).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import InputError, Problem, format_path

Loc = tuple[str | int, ...]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_BOOL = {"true": True, "false": False}
_NULL = {"", "~", "null"}

try:  # the C composer is several times faster; fall back where libyaml is absent
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@dataclass
class SourceMap:
    """Positions (1-based line, column) of values and mapping keys, by location tuple."""

    file: str
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Best position for ``loc``: the exact node, else the nearest enclosing one."""
        table = (self.keys, self.values) if key else (self.values, self.keys)
        probe = tuple(loc)
        while True:
            for t in table:
                if probe in t:
                    return t[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def problem(self, loc: Loc, path: str, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate(loc, key=key)
        return Problem(self.file, line, col, path, message)


def decode_utf8(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is allowed); a bad byte is reported with its line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise InputError.single(
            file, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain data plus the positions of every node."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(name, f"cannot read file: {exc.strerror}") from None
    text = decode_utf8(raw, name)
    smap = SourceMap(name)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(s for s in (exc.context, exc.problem) if s)
        raise InputError.single(name, f"YAML syntax: {what}", line, col) from None
    except yaml.YAMLError as exc:  # e.g. a character YAML forbids
        raise InputError.single(name, f"YAML: {exc}") from None
    if node is None:
        raise InputError.single(name, "the file is empty; `briefgen init` writes a skeleton")
    problems: list[Problem] = []
    data = _build(node, (), smap, problems)
    if problems:
        raise InputError(problems)
    return data, smap


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: yaml.ScalarNode) -> Any:
    value: str = node.value
    if node.style in ("'", '"', "|", ">"):
        return value
    tag = node.tag.rsplit(":", 1)[-1]
    if tag == "null" and value in _NULL | {"Null", "NULL"}:
        return None
    if tag == "bool" and value.lower() in _BOOL:
        return _BOOL[value.lower()]
    if tag == "int" and _INT.fullmatch(value):
        return int(value)
    if tag == "float" and _FLOAT.fullmatch(value):
        return float(value)
    return value


def _build(node: yaml.Node, loc: Loc, smap: SourceMap, problems: list[Problem]) -> Any:
    smap.values[loc] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), smap, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.MappingNode)
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            line, col = _pos(key_node)
            problems.append(Problem(smap.file, line, col, format_path(loc), "keys must be names"))
            continue
        child = (*loc, key)
        if key in out:
            line, col = _pos(key_node)
            first = smap.keys[child][0]
            problems.append(Problem(smap.file, line, col, format_path(child),
                                    f"duplicate key (first given on line {first})"))
            continue
        smap.keys[child] = _pos(key_node)
        out[key] = _build(value_node, child, smap, problems)
    return out
