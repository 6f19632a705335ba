"""The task register read from a CSV or XLSX file, shaped like the meeting file's ``tasks:``.

Secretariats keep the register (sổ theo dõi nhiệm vụ) in Excel, so the meeting file may point
at it instead of listing the tasks. The reader only reshapes cells into the plain data the YAML
loader would give; the schema (pydantic) still does the validating, so a bad status or an
impossible date is reported like any other field error. Positions use the same
:class:`SourceMap`, with (row, column) of the spreadsheet in place of (line, column): the
header is row 1, and ``values[("tasks", i, field)]`` is the cell of task ``i``'s field.

Only what pydantic cannot locate or explain is checked here: the file itself (encoding,
damage), the header row (unknown, duplicate and missing columns) and values in columns
without a header. Every such problem is collected before raising.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem
from briefgen.load.notations import key, parse_date
from briefgen.load.source import SourceMap

Row = tuple[int, Sequence[Any]]  # 1-based row number, cell values

# Canonical field -> other accepted headers, the usual Vietnamese one first (shown in hints). Matching ignores
# case, diacritics and '_' versus space, so "Don vi chu tri" and "REPORT NOW" also match.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("mã", "mã nhiệm vụ", "mã số"),
    "title": ("nội dung", "tên nhiệm vụ", "nội dung nhiệm vụ", "nhiệm vụ"),
    "owners": ("đơn vị chủ trì", "cơ quan chủ trì", "đơn vị", "owner"),
    "source": ("nguồn", "nguồn giao"),
    "deadline": ("thời hạn", "hạn"),
    "status": ("trạng thái", "tình trạng"),
    "report_now": ("báo cáo ngay",),
    "notes": ("ghi chú", "note"),
    "group": ("nhóm", "nhóm nội dung"),
}
REQUIRED = ("id", "owners", "status")
# Row numbers (STT) head almost every Vietnamese table; they carry nothing the schema needs.
IGNORED = ("stt", "số thứ tự")

_TRUE = {"true", "x", "có", "yes", "1", "y"}
_FALSE = {"false", "không", "no", "0", "n"}

_OWNER_SPLIT = re.compile(r"[;,\n]")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode


_key = key


_HEADERS: dict[str, tuple[str, str]] = {  # key -> (field, header as shown in hints)
    _key(alias): (field, alias) for field, aliases in COLUMNS.items() for alias in (field, *aliases)
}
_IGNORED = {_key(h) for h in IGNORED}
_TRUE_KEYS = {_key(k) for k in _TRUE}
_FALSE_KEYS = {_key(k) for k in _FALSE}


def read_register(path: Path, display: str | None = None) -> tuple[list[dict[str, Any]], SourceMap]:
    """Read a CSV or XLSX task register into ``tasks:`` entries and their cell positions.

    Raises :class:`InputError` with every problem of the file and its header row; field
    values are left for the schema to judge.
    """
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError.single(name, f"cannot read file: {exc.strerror}") from None
    suffix = path.suffix.lower()
    problems: list[Problem] = []
    if suffix == ".csv":
        rows = _csv_rows(raw, name, problems)
    elif suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(raw, name)
    elif suffix == ".xls":
        raise InputError.single(name, "the old Excel 97-2003 format (.xls) cannot be read; "
                                      "save the sheet as .xlsx or as CSV UTF-8")
    else:
        raise InputError.single(name, f"a register must be a .csv or .xlsx file, not '{suffix}'")
    tasks, smap = _tasks(rows, name, problems)
    if problems:
        raise InputError(problems)
    return tasks, smap


# -- files into rows -------------------------------------------------------------------------

def _csv_rows(raw: bytes, name: str, problems: list[Problem]) -> list[Row]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError.single(name, "the file is UTF-16 text; save it as CSV UTF-8")
    if raw.startswith(b"PK\x03\x04"):  # an Excel workbook renamed to .csv
        raise InputError.single(name, "this is an Excel workbook, not CSV text; name it .xlsx")
    # Decode leniently so the file still parses into cells; an undecodable byte is then
    # reported at its spreadsheet row and column rather than at a byte offset.
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[Row] = []
    try:
        # Records, not physical lines: a quoted cell may hold line breaks, and a spreadsheet
        # counts it as one row. Blank lines come through as empty records, keeping the count.
        for rownum, record in enumerate(reader, 1):
            rows.append((rownum, record))
    except csv.Error as exc:
        problems.append(Problem(name, len(rows) + 1, 1, "", f"CSV: {exc}"))
    bad = [(n, c, m.group()) for n, cells in rows for c, cell in enumerate(cells, 1)
           for m in [_UNDECODED.search(cell)] if m]
    if bad:
        row, col, char = bad[0]
        others = len(bad) - 1
        more = (f"; {others} more cell{'s have' if others > 1 else ' has'} such bytes"
                if others else "")
        # Alone: in a file saved in another encoding every header and word is misread, and
        # reporting those would bury the one fix that matters.
        raise InputError.single(name, f"not UTF-8 (byte 0x{ord(char) - 0xDC00:02x}{more}); "
                                      "save the file as CSV UTF-8", row, col)
    return rows


def _delimiter(text: str) -> str:
    """',' or ';' (Excel's choice where ',' is the decimal mark), whichever splits the header."""
    first = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in ";,"}
    return ";" if counts[";"] > counts[","] else ","


def _xlsx_rows(raw: bytes, name: str) -> list[Row]:
    import openpyxl  # deferred: only registers in XLSX need it, and it is slow to import

    def damaged(exc: Exception) -> InputError:
        detail = str(exc) or type(exc).__name__
        return InputError.single(name, f"cannot read the workbook ({detail}); the file is damaged "
                                       "or not .xlsx: open it in Excel and save it again as .xlsx")

    # openpyxl fails on bad input with whatever its zip and XML layers raise; all of it means
    # the same to the user, so catch it broadly and say it once.
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise damaged(exc) from None
    try:
        if not book.worksheets:
            raise InputError.single(name, "the workbook has no worksheet")
        sheet = book.worksheets[0]
        # Some writers store a wrong sheet size; without this, read-only mode trusts it and
        # silently cuts rows or columns off.
        sheet.reset_dimensions()
        return list(enumerate(sheet.iter_rows(values_only=True), 1))
    except InputError:
        raise
    except Exception as exc:  # cell XML is parsed lazily, so damage can surface here too
        raise damaged(exc) from None
    finally:
        book.close()


# -- rows into tasks -------------------------------------------------------------------------

def _tasks(rows: Iterable[Row], name: str,
           problems: list[Problem]) -> tuple[list[dict[str, Any]], SourceMap]:
    smap = SourceMap(name)
    smap.values[()] = smap.keys[()] = (1, 1)
    columns: dict[int, str] | None = None  # 1-based column -> field, once the header is read
    skipped: set[int] = set()  # headed columns that map to no field (STT, or reported)
    headless: set[int] = set()  # columns without a header, already reported
    tasks: list[dict[str, Any]] = []
    for rownum, raw_cells in rows:
        cells = [_cell(v) for v in raw_cells]
        if all(v is None for v in cells):
            continue
        if columns is None:
            columns, skipped = _header(cells, rownum, name, problems)
            smap.values[("tasks",)] = smap.keys[("tasks",)] = (rownum, 1)
            continue
        i = len(tasks)
        smap.values[("tasks", i)] = smap.keys[("tasks", i)] = (rownum, 1)
        task: dict[str, Any] = {}
        for col, field in columns.items():
            pos = (rownum, col)
            # Recorded for empty cells too, so a "missing" error can point at the empty cell.
            smap.values[("tasks", i, field)] = smap.keys[("tasks", i, field)] = pos
            value = cells[col - 1] if col <= len(cells) else None
            if value is None:
                continue  # left out, so the schema's default (or "required") applies
            task[field] = _convert(field, value)
            if field == "owners":
                for j in range(len(task[field])):
                    smap.values[("tasks", i, "owners", j)] = pos
        for col, value in enumerate(cells, 1):
            if value is not None and col not in columns and col not in skipped and col not in headless:
                headless.add(col)
                problems.append(Problem(name, rownum, col, "",
                                        "value in a column without a header; name the column "
                                        "in the header row or clear it"))
        tasks.append(task)
    if columns is None:
        problems.append(Problem(name, 1, 1, "", "the register is empty; the first row must name "
                                                f"the columns: {_column_list()}"))
    return tasks, smap


def _header(cells: list[Any], rownum: int, name: str,
            problems: list[Problem]) -> tuple[dict[int, str], set[int]]:
    columns: dict[int, str] = {}
    first: dict[str, int] = {}
    for col, value in enumerate(cells, 1):
        if value is None:
            continue
        text = _text(value)
        key = _key(text)
        if key in _IGNORED:
            continue
        if key not in _HEADERS:
            near = difflib.get_close_matches(key, list(_HEADERS), n=1, cutoff=0.6)
            if near:
                field, shown = _HEADERS[near[0]]
                hint = f"did you mean '{shown}'" + (f" ({field})" if shown != field else "") + "?"
            else:
                hint = f"columns: {_column_list()}"
            problems.append(Problem(name, rownum, col, "", f"unknown column '{text}'; {hint}"))
            continue
        field = _HEADERS[key][0]
        if field in first:
            problems.append(Problem(name, rownum, col, "",
                                    f"column '{text}' repeats '{field}' (already column {first[field]})"))
            continue
        first[field] = col
        columns[col] = field
    for field in REQUIRED:
        if field not in first:
            problems.append(Problem(name, rownum, 1, "",
                                    f"missing column '{field}' ({COLUMNS[field][0]}); it is required"))
    # Headed columns that feed no field (STT, or a header reported above): their values are
    # not reported again as lacking a header.
    skipped = {col for col, value in enumerate(cells, 1) if value is not None} - columns.keys()
    return columns, skipped


def _column_list() -> str:
    return ", ".join(f"{field} ({aliases[0]})" for field, aliases in COLUMNS.items())


# -- cell values -----------------------------------------------------------------------------

def _cell(value: Any) -> Any:
    """A cell's value, or None when it is empty (blank text counts as empty)."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def _text(value: Any) -> str:
    """Text of a non-empty cell; Excel turns typed ids like 01 or 12 into numbers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def _convert(field: str, value: Any) -> Any:
    if field == "owners":
        if not isinstance(value, str):
            return [_text(value)]
        return [part.strip() for part in _OWNER_SPLIT.split(value) if part.strip()]
    if field == "deadline":
        return _deadline(value)
    if field == "status":  # the schema reads the clerk's words (briefgen.load.notations)
        return _text(value)
    if field == "report_now":
        if isinstance(value, bool):
            return value
        key = _key(_text(value))
        # Anything else goes through as written, for the schema to reject with its position.
        return True if key in _TRUE_KEYS else False if key in _FALSE_KEYS else _text(value)
    return _text(value)


def _deadline(value: Any) -> str:
    """ISO date text when the cell holds a real date; otherwise the text as written.

    An impossible date (31/02/2025) is passed on unchanged so the schema's error quotes what
    the clerk typed.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _text(value)
    try:
        found = parse_date(text)
    except ValueError:
        return text
    return found.isoformat() if found else text
