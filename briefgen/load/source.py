"""YAML reading that keeps the line and column of every key and value.

PyYAML's composer gives nodes with marks; we build plain Python data from them ourselves so
that (a) every value's position is known for error messages and (b) YAML 1.1 surprises stay
strings: ``14:00`` is not the sexagesimal integer 840, ``no`` is not False, ``0912 345`` keeps
its leading zero, and dates stay text for the schema to parse (so an impossible date is a
located validation error rather than a crash inside the YAML library).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefgen.errors import InputError, Problem, format_path
from briefgen.load.limits import (
    MAX_DEPTH,
    MAX_EXPANDED_CHARS,
    MAX_FILE_BYTES,
    MAX_VALUES,
    Loc,
    read_limited,
)

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_BOOL = {"true": True, "false": False}
_NULL = {"", "~", "null"}
# Characters YAML refuses anywhere in a file (the complement of its printable set). PyYAML stops
# at the first with only a stream offset, so we look for them ourselves to give line, column and
# the field that holds them (text pasted from Word often carries U+000B or U+000C).
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# YAML aliases can make a few hundred bytes stand for billions of values ("billion laughs"):
# building stops at MAX_VALUES (briefgen.load.limits), before memory runs out.
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


class WrittenNumber(float):
    """A plain YAML number that remembers how it was written: ``start: 14.30`` reads as 14.3,
    but a message quoting it must say the 14.30 the clerk typed."""

    written: str

    def __new__(cls, text: str) -> WrittenNumber:
        number = super().__new__(cls, float(text))
        number.written = text
        return number

    def __getnewargs__(self) -> tuple[str]:  # type: ignore[override]
        return (self.written,)

    def __repr__(self) -> str:
        return self.written

    __str__ = __repr__


class RoutedSourceMap(SourceMap):
    """The meeting file's map, except under each prefix of ``routes``, whose values came from
    another file (the register, people or points read from CSV or XLSX): errors there name
    that file's row and column."""

    def __init__(self, main: SourceMap, routes: dict[Loc, SourceMap]) -> None:
        super().__init__(main.file, main.values, main.keys)
        self.routes = dict(getattr(main, "routes", {})) | routes

    def _for(self, loc: Loc) -> SourceMap | None:
        for prefix, other in self.routes.items():
            if tuple(loc[: len(prefix)]) == prefix and len(loc) > len(prefix):
                return other
        return None

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        other = self._for(loc)
        return other.locate(loc, key=key) if other else super().locate(loc, key=key)

    def problem(self, loc: Loc, path: str, message: str, *, key: bool = False) -> Problem:
        other = self._for(loc)
        return other.problem(loc, path, message, key=key) if other else \
            super().problem(loc, path, message, key=key)


def decode_utf8(raw: bytes, file: str) -> str:
    """Decode UTF-8 (a BOM is allowed); a bad byte is reported with its line and column."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        # Columns count characters everywhere else, so count the characters before the bad
        # byte on its line, not bytes: "Hà Nội, caf\xe9" has its bad byte in column 13, not 16.
        line_start = before.rfind(b"\n") + 1
        col = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        raise InputError.single(
            file, f"not UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line, col
        ) from None


def read_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Read a YAML file into plain data plus the positions of every node."""
    name = display or str(path)
    raw = read_limited(path, MAX_FILE_BYTES, "file", name)
    text = decode_utf8(raw, name)
    if _NON_PRINTABLE.search(text):
        raise InputError(_control_characters(text, name))
    smap = SourceMap(name)
    try:
        _check_nesting(text, name)  # before the composer, which recurses
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line, col, message = _syntax_problem(exc, text)
        raise InputError.single(name, message, line, col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - marked errors and bad characters are above
        raise InputError.single(name, f"YAML: {exc}") from None
    if node is None:
        # (The message once pointed to a `briefgen init` command that does not exist.)
        raise InputError.single(
            name, "the file is empty; it must be a mapping with a 'meeting:' key (`briefgen schema` "
            "prints every field)")
    _check_expansion(node, name)
    problems: list[Problem] = []
    try:
        data = _build(node, (), smap, problems, [0])
    except _TooLarge as exc:
        raise InputError.single(name, (
            f"the file stands for more than {MAX_VALUES:,} values (YAML aliases '*' repeating "
            "what anchors '&' name, nested): refused before it is read whole; write the values "
            "out, or split the file"), *exc.at) from None
    if problems:
        raise InputError(problems)
    return data, smap


TOO_DEEP = (f"nests more than {MAX_DEPTH} levels deep (lists and mappings inside each other, "
            "aliases '*' and merge keys '<<' followed; a meeting file needs fewer than 10): "
            "refused before it is built")


def _check_nesting(text: str, name: str) -> None:
    """Refuse a file nesting more than :data:`MAX_DEPTH` levels, from the parser's events
    (a flat stream), before anything is composed; a syntax error is left to the composer."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise InputError.single(name, TOO_DEEP, line, col)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: yaml.Node, name: str) -> None:
    """Refuse, before any of it is built, a document whose aliases and merge keys make it
    stand for more than :data:`MAX_EXPANDED_CHARS` characters, :data:`MAX_VALUES` values or
    :data:`MAX_DEPTH` levels. Each node is measured once (an alias reuses its anchor's node,
    so a node's size is what every copy of it will cost), in one pass without recursion; the
    innermost node over a limit is the one named. An alias inside its own anchor is a loop."""
    sizes: dict[int, tuple[int, int, int]] = {}  # node -> characters, depth, values
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if not finished:
            if key in sizes:
                continue
            if key in open_:
                line, col = _pos(node)
                raise InputError.single(name, "an alias '*' here repeats the value it lies in "
                                        "(a loop, endless once expanded); write the value out",
                                        line, col)
            open_.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
            continue
        open_.discard(key)
        inner = [sizes[id(child)] for child in _children(node)]
        chars = len(node.value) if isinstance(node, yaml.ScalarNode) else sum(c for c, _, _ in inner)
        depth = 0 if isinstance(node, yaml.ScalarNode) else 1 + max((d for _, d, _ in inner), default=0)
        counted = inner[1::2] if isinstance(node, yaml.MappingNode) else inner  # keys: no values
        values = 1 + sum(v for _, _, v in counted)
        sizes[key] = (chars, depth, values)
        line, col = _pos(node)
        if depth > MAX_DEPTH:
            raise InputError.single(name, TOO_DEEP, line, col)
        if chars > MAX_EXPANDED_CHARS:
            raise InputError.single(name, (
                f"the file stands for more than {MAX_EXPANDED_CHARS:,} characters once its aliases '*' "
                "and merge keys '<<' are expanded (no more than a file of the largest size "
                "allowed holds written out): refused before it is built; write the text once, "
                "or split the file"), line, col)
        if values > MAX_VALUES:
            raise InputError.single(name, (
                f"the file stands for more than {MAX_VALUES:,} values (YAML aliases '*' "
                "repeating what anchors '&' name, nested, and merge keys '<<'): refused before "
                "it is read whole; write the values out, or split the file"), line, col)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """Line, column and message for a YAML syntax error, with a hint in plain words.

    PyYAML reports where it gave up. For an unclosed quote that is the end of the file, and for
    an unclosed bracket the next line, so those point back to where the quote or bracket opened.
    """
    problem, context = exc.problem or "", exc.context or ""
    mark, opener = exc.problem_mark, exc.context_mark
    what = " ".join(s for s in (context, problem) if s)
    hint = ""
    quoted = _quoted_before(text, mark.index) if mark else None
    if "quoted scalar" in context and "end of stream" in problem and opener:
        mark, hint = opener, "the quote opened here is never closed"
    elif quoted is not None and mark:
        # A quote left open runs on to the next quote character, often a line or two below,
        # where YAML then stumbles: blame where the quote opened, not where YAML gave up.
        hint = (f"the quote opened here is not closed on its line (it runs on to line "
                f"{quoted.end_mark.line + 1}, where YAML then gave up at column "
                f"{mark.column + 1}); close it on this line")
        mark = quoted.start_mark
    elif context.startswith("while parsing a flow") and opener and mark and mark.line > opener.line:
        hint = f"the bracket opened here is not closed (YAML gave up on line {mark.line + 1})"
        mark = opener
    elif (mark and _char_at(text, mark.line, mark.column) == "\t") or "tab character" in problem:
        hint = "tabs cannot indent YAML; indent with spaces"
    elif "mapping values are not allowed" in problem:
        hint = ("a ':' where none was expected; check this line's indentation, or quote a value "
                "containing ': '")
    elif any(s in problem for s in ("expected '-' indicator", "expected <block end>", "expected key")):
        hint = "check the indentation of this line against the lines above"
    elif "alias" in what:
        hint = "a value starting with '*' or '&' must be quoted"
    elif "cannot start any token" in problem and mark:
        hint = f"a value starting with {_char_at(text, mark.line, mark.column)!r} must be quoted"
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, col, f"YAML syntax: {what}" + (f"; {hint}" if hint else "")


def _quoted_before(text: str, index: int) -> yaml.ScalarToken | None:
    """The last scalar before ``index`` when it is quoted and runs over several lines."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= index:
                break
            if isinstance(token, yaml.ScalarToken):
                last = token
    except yaml.YAMLError:
        pass  # the tokens up to the fault are all that is needed
    if last is None or last.style not in ('"', "'") or last.end_mark.line == last.start_mark.line:
        return None
    return last


def _char_at(text: str, line: int, column: int) -> str:
    """The character at a 0-based YAML mark, or '' past the end."""
    lines = text.split("\n")
    return lines[line][column : column + 1] if line < len(lines) else ""


def _control_characters(text: str, file: str) -> list[Problem]:
    """One problem per character YAML cannot hold, with the field path of the value holding it,
    in time linear in the file (100,000 such characters once took 25 s).

    The file is composed again with each such character replaced by U+FFFD (one character for
    one, so every position stays put); the scalar spanning a character is its field, found by
    bisecting the scalars' spans, which never overlap.
    """
    try:
        root = yaml.compose(_NON_PRINTABLE.sub("\ufffd", text), Loader=_Loader)
    except yaml.YAMLError:
        root = None
    spans = _scalar_spans(root) if root is not None else []
    starts = [start for start, _, _ in spans]
    problems: list[Problem] = []
    line, line_start, scanned = 1, 0, 0
    for match in _NON_PRINTABLE.finditer(text):
        at = match.start()
        breaks = text.count("\n", scanned, at)
        if breaks:
            line += breaks
            line_start = text.rfind("\n", scanned, at) + 1
        scanned = at
        i = bisect_right(starts, at) - 1
        loc = spans[i][2] if i >= 0 and at < spans[i][1] else None
        problems.append(Problem(
            file, line, at - line_start + 1, format_path(loc) if loc else "",
            f"contains the control character U+{ord(match.group()):04X}, which YAML files and "
            f"documents cannot hold; remove it"))
    return problems


def _scalar_spans(root: yaml.Node) -> list[tuple[int, int, Loc]]:
    """(start, end, location) of every scalar, value or key, in file order."""
    spans: list[tuple[int, int, Loc]] = []
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index, loc))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*loc, i)) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*loc, str(key_node.value))
                stack += [(key_node, child), (value_node, child)]
    spans.sort(key=lambda span: span[0])
    return spans


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
        return WrittenNumber(value)
    return value


class _TooLarge(Exception):
    def __init__(self, at: tuple[int, int]) -> None:
        self.at = at


def _build(node: yaml.Node, loc: Loc, smap: SourceMap, problems: list[Problem],
           count: list[int]) -> Any:
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise _TooLarge(_pos(node))
    smap.values[loc] = _pos(node)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), smap, problems, count)
                for i, item in enumerate(node.value)]
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
        out[key] = _build(value_node, child, smap, problems, count)
    return out
