"""Sheets: the task register, the people and the connection points read from CSV or XLSX,
shaped like the meeting file's ``tasks:``, ``people:`` and ``points:``.

Secretariats keep the register (sổ theo dõi nhiệm vụ) and lists of delegates in Excel, so the
meeting file may point at them (``register_file``, ``people_file``, ``points_file``) instead of
listing them. Each kind of sheet is one :class:`Sheet`: its columns, their Vietnamese headers,
which are required and how cells read; the schema declares them on its fields and builds the
sheets (briefgen.model.columns), this module reads any of them. The reader only reshapes
cells into the plain data the YAML loader would give; the schema (pydantic) still does the
validating, so a bad status or an impossible date is reported like any other field error.
Positions use the same :class:`SourceMap`, with (row, column) of the spreadsheet in place of
(line, column): the header is row 1, and ``values[("tasks", i, field)]`` is the cell of task
``i``'s field.

Only what pydantic cannot locate or explain is checked here: the file itself (encoding,
damage), the header row (unknown, duplicate and missing columns) and values in columns
without a header. Every such problem is collected before raising.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem, near
from briefgen.load.limits import (
    FIELD_LIMIT,
    MAX_ITEMS,
    MAX_SHEET_BYTES,
    MAX_UNPACKED_BYTES,
    read_limited,
)
from briefgen.load.notations import key, parse_date
from briefgen.load.source import SourceMap

Row = tuple[int, Sequence[Any]]  # 1-based row number, cell values

@dataclass(frozen=True)
class Sheet:
    """One kind of sheet. ``columns``: canonical field -> other accepted headers, the usual
    Vietnamese one first (shown in hints); matching ignores case, diacritics and '_' versus
    space, so "Don vi chu tri" and "REPORT NOW" also match. ``lists``: fields holding several
    values in one cell, and what separates them. ``nested``: columns that fill a field of a
    sub-mapping (link_test.participants). ``what``: the sheet in messages."""

    collection: str  # "tasks": the meeting file's key the rows become
    what: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    lists: dict[str, re.Pattern[str]] = field(default_factory=dict)
    booleans: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    nested: dict[str, tuple[str, str]] = field(default_factory=dict)

    @cached_property
    def headers(self) -> dict[str, tuple[str, str]]:
        """key -> (field, header as shown in hints)."""
        return {key(alias): (name, alias) for name, aliases in self.columns.items()
                for alias in (name, *aliases)}

    def column_list(self) -> str:
        return ", ".join(f"{name} ({aliases[0]})" for name, aliases in self.columns.items())


# Row numbers (STT) head almost every Vietnamese table; they carry nothing the schema needs.
IGNORED = ("stt", "số thứ tự")

_TRUE = {"true", "x", "có", "yes", "1", "y"}
_FALSE = {"false", "không", "no", "0", "n"}

_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes surrogateescape could not decode


_IGNORED = {key(h) for h in IGNORED}
_TRUE_KEYS = {key(k) for k in _TRUE}
_FALSE_KEYS = {key(k) for k in _FALSE}


def read_sheet(path: Path, sheet: Sheet, display: str | None = None
               ) -> tuple[list[dict[str, Any]], SourceMap]:
    """Read a CSV or XLSX sheet into entries of ``sheet.collection`` and their cell positions.

    Raises :class:`InputError` with every problem of the file and its header row; field
    values are left for the schema to judge.
    """
    name = display or str(path)
    raw = read_limited(path, MAX_SHEET_BYTES, sheet.what, name)
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
        raise InputError.single(name, f"a {sheet.what} must be a .csv or .xlsx file, not '{suffix}'")
    tasks, smap = _entries(rows, name, problems, sheet)
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
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    rows: list[Row] = []
    try:
        # Records, not physical lines: a quoted cell may hold line breaks, and a spreadsheet
        # counts it as one row. Blank lines come through as empty records, keeping the count.
        _bounded_rows(reader, name, rows)
    except csv.Error as exc:
        # csv's own limit on a cell (131,072 characters) lies above a field's: say the latter.
        message = (f"a cell holds more than {csv.field_size_limit():,} characters; "
                   f"{FIELD_LIMIT}") if "field larger" in str(exc) else f"CSV: {exc}"
        problems.append(Problem(name, len(rows) + 1, 1, "", message))
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
    return [(n, [csv_plain(cell) for cell in cells]) for n, cells in rows]


# A spreadsheet opening a CSV file takes a cell starting with one of these as a formula
# (OWASP, "CSV Injection"): '=HYPERLINK(…)', '=cmd|…', '+', '-', '@', a tab or a return.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(text: str) -> str:
    """``text`` as briefgen writes it into a CSV cell: one starting as a formula would, or
    with an apostrophe, gets an apostrophe in front, the way spreadsheet users mark text
    (OWASP's advice), so no spreadsheet runs it; :func:`csv_plain` reads it back unchanged."""
    return f"'{text}" if text.startswith((*_FORMULA_START, "'")) else text


def csv_plain(cell: str) -> str:
    """A CSV cell as it was meant: the apostrophe :func:`csv_safe` (or a clerk) put before a
    formula character or another apostrophe is dropped; any other text stays as it is."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith((*_FORMULA_START, "'")) \
        else cell


def typed_text(cell: Any) -> Any:
    """An openpyxl cell holding text, typed as text: openpyxl takes any string starting with
    '=' for a formula, which Excel and LibreOffice would then run."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def csv_delimiter(text: str) -> str:
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
    check_unpacked_size(raw, name)
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
        return _bounded_rows(sheet.iter_rows(values_only=True), name, [])
    except InputError:
        raise
    except Exception as exc:  # cell XML is parsed lazily, so damage can surface here too
        raise damaged(exc) from None
    finally:
        book.close()


def _bounded_rows(cells: Iterable[Sequence[Any]], name: str, rows: list[Row]) -> list[Row]:
    """The rows, added to ``rows``, read no further than one filled row past what a list may
    hold (a sheet can hold a million rows, and reading them all takes minutes)."""
    filled = 0
    for row in enumerate(cells, 1):
        rows.append(row)
        if any(v is not None and v != "" for v in row[1]):
            filled += 1
            if filled > MAX_ITEMS + 1:  # the header and one row over
                raise InputError.single(name, (
                    f"more than {MAX_ITEMS:,} filled rows below the header; briefgen takes at "
                    f"most {MAX_ITEMS:,} in one list: refused at this row, before the rest is "
                    "read; split the sheet (by unit, source or period)"), row[0], 1)
    return rows


def check_unpacked_size(raw: bytes, name: str) -> None:
    """Refuse a workbook that would unpack beyond :data:`MAX_UNPACKED_BYTES` (a zip bomb)
    before any of it is unpacked; the sizes are read from the zip's directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        return  # damaged: openpyxl's reading says so in its words
    if unpacked > MAX_UNPACKED_BYTES:
        raise InputError.single(name, (
            f"the workbook unpacks to {unpacked:,} bytes; briefgen unpacks at most "
            f"{MAX_UNPACKED_BYTES:,} bytes ({MAX_UNPACKED_BYTES // 1_000_000:,} MB): refused "
            "before it is unpacked; save only the sheet it needs, or save it as CSV"))


# -- rows into entries -----------------------------------------------------------------------

def _entries(rows: Iterable[Row], name: str, problems: list[Problem],
             sheet: Sheet) -> tuple[list[dict[str, Any]], SourceMap]:
    top = sheet.collection
    smap = SourceMap(name)
    smap.values[()] = smap.keys[()] = (1, 1)
    columns: dict[int, str] | None = None  # 1-based column -> field, once the header is read
    skipped: set[int] = set()  # headed columns that map to no field (STT, or reported)
    headless: set[int] = set()  # columns without a header, already reported
    tasks: list[dict[str, Any]] = []
    for rownum, raw_cells in rows:
        cells = [cell_value(v) for v in raw_cells]
        if all(v is None for v in cells):
            continue
        if columns is None:
            columns, skipped = _header(cells, rownum, name, problems, sheet)
            smap.values[(top,)] = smap.keys[(top,)] = (rownum, 1)
            continue
        i = len(tasks)
        smap.values[(top, i)] = smap.keys[(top, i)] = (rownum, 1)
        task: dict[str, Any] = {}
        for col, column in columns.items():
            pos = (rownum, col)
            place = (top, i, *sheet.nested.get(column, (column,)))
            # Recorded for empty cells too, so a "missing" error can point at the empty cell.
            smap.values[place] = smap.keys[place] = pos
            value = cells[col - 1] if col <= len(cells) else None
            if value is None:
                continue  # left out, so the schema's default (or "required") applies
            converted = _convert(sheet, column, value)
            if column in sheet.nested:
                parent, child = sheet.nested[column]
                task.setdefault(parent, {})[child] = converted
                smap.values[(top, i, parent)] = pos
            else:
                task[column] = converted
            if column in sheet.lists:
                for j in range(len(converted)):
                    smap.values[(top, i, column, j)] = pos
        for col, value in enumerate(cells, 1):
            if value is not None and col not in columns and col not in skipped and col not in headless:
                headless.add(col)
                problems.append(Problem(name, rownum, col, "",
                                        "value in a column without a header; name the column "
                                        "in the header row or clear it"))
        tasks.append(task)
    if columns is None:
        problems.append(Problem(name, 1, 1, "", f"the {sheet.what} is empty; the first row must "
                                                f"name the columns: {sheet.column_list()}"))
    return tasks, smap


def _header(cells: list[Any], rownum: int, name: str, problems: list[Problem],
            sheet: Sheet) -> tuple[dict[int, str], set[int]]:
    columns: dict[int, str] = {}
    first: dict[str, int] = {}
    for col, value in enumerate(cells, 1):
        if value is None:
            continue
        text = cell_text(value)
        found = key(text)
        if found in _IGNORED:
            continue
        if found not in sheet.headers:
            nearest = near(found, sheet.headers)
            if nearest is not None:
                field, shown = sheet.headers[nearest]
                hint = f"did you mean '{shown}'" + (f" ({field})" if shown != field else "") + "?"
            else:
                hint = f"columns: {sheet.column_list()}"
            problems.append(Problem(name, rownum, col, "", f"unknown column '{text}'; {hint}"))
            continue
        field = sheet.headers[found][0]
        if field in first:
            problems.append(Problem(name, rownum, col, "",
                                    f"column '{text}' repeats '{field}' (already column {first[field]})"))
            continue
        first[field] = col
        columns[col] = field
    for field in sheet.required:
        if field not in first:
            problems.append(Problem(
                name, rownum, 1, "",
                f"missing column '{field}' ({sheet.columns[field][0]}); it is required"))
    # Headed columns that feed no field (STT, or a header reported above): their values are
    # not reported again as lacking a header.
    skipped = {col for col, value in enumerate(cells, 1) if value is not None} - columns.keys()
    return columns, skipped


# -- cell values -----------------------------------------------------------------------------

def cell_value(value: Any) -> Any:
    """A cell's value, or None when it is empty (blank text counts as empty)."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").strip()
        return value or None
    return value


def cell_text(value: Any) -> str:
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


def _convert(sheet: Sheet, field: str, value: Any) -> Any:
    """A cell as the schema reads it (statuses and other words stay text: the schema knows
    the clerk's words, briefgen.load.notations)."""
    if field in sheet.lists:
        if not isinstance(value, str):
            return [cell_text(value)]
        return [part.strip() for part in sheet.lists[field].split(value) if part.strip()]
    if field in sheet.dates:
        return _deadline(value)
    if field in sheet.booleans:
        if isinstance(value, bool):
            return value
        word = key(cell_text(value))
        # Anything else goes through as written, for the schema to reject with its position.
        return True if word in _TRUE_KEYS else False if word in _FALSE_KEYS else cell_text(value)
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    return cell_text(value)


def _deadline(value: Any) -> str:
    """ISO date text when the cell holds a real date; otherwise the text as written.

    An impossible date (31/02/2025) is passed on unchanged so the schema's error quotes what
    the clerk typed.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = cell_text(value)
    try:
        found = parse_date(text)
    except ValueError:
        return text
    return found.isoformat() if found else text


def open_book(raw: bytes, name: str) -> tuple[Any, Any, list[list[Any]]]:
    """The workbook of an XLSX sheet file (to rewrite it), its first sheet (the one the reader
    reads) and that sheet's rows as values; InputError naming the file if it cannot be read."""
    import openpyxl  # deferred, as in the reader: slow to import

    check_unpacked_size(raw, name)
    try:
        book = openpyxl.load_workbook(io.BytesIO(raw), keep_vba=name.lower().endswith(".xlsm"))
        sheet = book.worksheets[0]
    except Exception as exc:  # whatever the zip and XML layers raise
        raise InputError.single(name, f"cannot read the workbook ({exc or type(exc).__name__})"
                                ) from None
    return book, sheet, [list(r) for r in sheet.iter_rows(values_only=True)]


def header_columns(header: Sequence[object], sheet: Sheet) -> tuple[dict[str, int], bool]:
    """A header row of ``sheet`` read as the reader reads it: field -> 0-based column (the
    first of each), and whether the headers are the schema's English names."""
    columns: dict[str, int] = {}
    english = True
    for i, cell in enumerate(cell_value(v) for v in header):
        found = sheet.headers.get(key(cell_text(cell))) if cell is not None else None
        if found and found[0] not in columns:
            columns[found[0]] = i
            english = english and key(cell_text(cell)) == key(found[0])
    return columns, english


def column_title(sheet: Sheet, field: str, english: bool) -> str:
    """The header of a column of ``sheet`` added for ``field``, in the language of the others."""
    alias = sheet.columns[field][0]
    return field if english else alias[:1].upper() + alias[1:]
