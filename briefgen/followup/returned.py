"""A returned response form read back and checked against the current meeting (the register
may have changed since the form went out): see :mod:`briefgen.followup.forms` for the form and
:func:`read_form` for what is checked. Every problem is located as FILE:ROW:COLUMN of the
visible sheet and all are collected before :class:`InputError` is raised."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefgen.errors import InputError, Problem
from briefgen.load.limits import (
    MAX_FIELD_CHARS,
    MAX_FORM_UNPACKED_BYTES,
    MAX_SHEET_BYTES,
    read_limited,
    too_long_text,
)
from briefgen.load.notations import parse_date, status_hint, status_value
from briefgen.model.meeting import Meeting, TaskStatus
from briefgen.model.text import clean_text

if TYPE_CHECKING:
    pass

from briefgen.followup.forms import (  # the form's layout, written there
    _HEADING_COL,
    _KEYS,
    _NOT_OURS,
    _ROW_FIELDS,
    _ROWS_COL,
    COLUMNS,
    DATE_COL,
    FILL_FIELDS,
    FORM_SHEET,
    FORM_VERSION,
    LAST_COL,
    META_SHEET,
    PREFILLED,
    STATUS_CHOICES,
    STATUS_COL,
    Refuse,
    _coord,
    _digest,
    _payload,
)

# -- reading ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What a unit wrote on one task row; None where it left the cell empty."""

    task: str  # task id
    row: int  # row in the form (for messages)
    status: TaskStatus | None
    progress: str | None
    finished: dt.date | None
    delay_reason: str | None
    proposals: str | None
    contact: str | None

    def fields(self) -> dict[str, object]:
        """Only the filled fields, by Task field name: status as its value string, finished
        as a date."""
        out: dict[str, object] = {}
        for name in FILL_FIELDS:
            value = getattr(self, name)
            if value is not None:
                out[name] = value.value if isinstance(value, TaskStatus) else value
        return out


@dataclass(frozen=True)
class ReturnedForm:
    """A returned form, checked against the meeting."""

    file: str  # as given (for messages)
    meeting: str  # meeting id from the hidden sheet
    unit: str  # unit id from the hidden sheet
    digest: str  # the request digest from the hidden sheet
    sha256: str  # of the file's bytes
    answers: tuple[Answer, ...]  # rows with at least one filled cell; empty: returned unanswered
    sent: tuple[str, ...] = ()  # the ids of the tasks the form asked about, in its order

    @property
    def blank(self) -> tuple[str, ...]:
        """The tasks the form asked about and the unit left blank."""
        answered = {a.task for a in self.answers}
        return tuple(t for t in self.sent if t not in answered)


@dataclass(frozen=True)
class _Sent:
    """What the hidden sheet says was sent."""

    meeting: str
    unit: str
    digest: str
    header_row: int
    heading: dict[str, Any]  # coordinate -> value
    rows: list[list[Any]]  # [row, stt, id, title, deadline, status, report_now]


def read_form(path: Path, meeting: Meeting, display: str | None = None) -> ReturnedForm:
    """Read and check a returned form against the meeting; raise :class:`InputError` listing
    every problem found (not just the first), each at FILE:ROW:COLUMN of the visible sheet,
    FILE being ``display`` (the name the user knows) or else ``path``.

    The form is checked against the meeting as it is now: a task since removed from the
    register, or moved to another unit, is refused where the unit answered it."""
    name = display or str(path)
    raw = _read_bytes(path, name)
    visible, hidden = _sheets(raw, name)
    sent = _sent(hidden, name)
    if sent.meeting != meeting.meeting.id:
        raise InputError.single(name, f"this form is for the meeting '{sent.meeting}', not for "
                                      f"'{meeting.meeting.id}'; read it with that meeting's file")
    problems: list[Problem] = []
    known_unit = any(u.id == sent.unit for u in meeting.units)
    if not known_unit:
        problems.append(Problem(name, 1, 1, "", f"the form's unit '{sent.unit}' is not in the "
                                               "meeting's units"))
    tasks = {t.id: t for t in meeting.tasks}
    by_row = {r[0]: r for r in sent.rows}
    answers: list[Answer] = []
    for rownum, cells in enumerate(visible, 1):
        copy = by_row.get(rownum)
        for col, value in enumerate(cells, 1):
            if rownum <= sent.header_row:
                _check_fixed(problems, name, rownum, col, sent.heading.get(_coord(rownum, col)),
                             value, heading=True)
            elif copy is not None and col <= PREFILLED:
                _check_fixed(problems, name, rownum, col, copy[col], value)
            elif copy is None or col > LAST_COL:
                _check_fixed(problems, name, rownum, col, None, value, outside=True)
        if copy is None:
            continue
        fill = [cells[c - 1] if c <= len(cells) else None for c in range(PREFILLED + 1, LAST_COL + 1)]
        if all(_empty(v) for v in fill):
            continue
        answer = _answer(problems, name, rownum, copy[2], fill)
        task = tasks.get(copy[2])
        where = (name, rownum, 2, COLUMNS[1][0])
        if task is None:
            problems.append(Problem(*where, f"{_where(rownum, 2)}: the task '{copy[2]}' is no "
                                            "longer in the register; its answer cannot be merged"))
        elif known_unit and sent.unit not in task.owners:
            problems.append(Problem(*where, f"{_where(rownum, 2)}: task not assigned to that unit: "
                                            f"'{copy[2]}' is no longer owned by '{sent.unit}' "
                                            f"(owners now: {', '.join(task.owners)})"))
        if answer is not None:
            answers.append(answer)
    if problems:
        raise InputError(problems)
    return ReturnedForm(file=name, meeting=sent.meeting, unit=sent.unit, digest=sent.digest,
                        sha256=hashlib.sha256(raw).hexdigest(), answers=tuple(answers),
                        sent=tuple(str(r[2]) for r in sent.rows))


def _read_bytes(path: Path, name: str) -> bytes:
    return read_limited(path, MAX_SHEET_BYTES, "response form", name)


def _sheets(raw: bytes, name: str) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The visible and the hidden sheet's rows of values (row 1 first)."""
    import openpyxl

    def damaged(detail: str) -> InputError:
        return InputError.single(name, f"cannot read the workbook ({detail}); the file is damaged "
                                       "or not .xlsx: this is not a response form as sent")

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # BadZipFile, and whatever else a damaged directory raises
        raise damaged(str(exc) or type(exc).__name__) from None
    if unpacked > MAX_FORM_UNPACKED_BYTES:
        raise InputError.single(name, (
            f"the workbook unpacks to {unpacked:,} bytes; briefgen unpacks at most "
            f"{MAX_FORM_UNPACKED_BYTES:,} bytes of a response form: refused before it is "
            "unpacked"))
    # openpyxl fails on bad input with whatever its zip and XML layers raise; all of it means
    # the same to the user. Cells are parsed lazily, so the reading of rows is inside too.
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # extensions openpyxl skips (Excel's own validations)
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
            try:
                names = book.sheetnames
                if META_SHEET not in names:
                    raise InputError.single(name, f"{_NOT_OURS} (it has no sheet '{META_SHEET}')")
                if FORM_SHEET not in names:
                    raise InputError.single(name, f"the sheet '{FORM_SHEET}' is missing (sheets: "
                                                  f"{', '.join(names)}); return the form as sent")
                return _values(book[FORM_SHEET]), _values(book[META_SHEET])
            finally:
                book.close()
    except InputError:
        raise
    except Exception as exc:
        raise damaged(str(exc) or type(exc).__name__) from None


def _values(ws: Any) -> list[tuple[Any, ...]]:
    # Some writers store a wrong sheet size; without this, read-only mode trusts it and
    # silently cuts rows or columns off.
    ws.reset_dimensions()
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _sent(rows: list[tuple[Any, ...]], name: str) -> _Sent:
    """What the hidden sheet holds, its digest checked; InputError when anything is off."""
    def cell(r: int, c: int) -> Any:
        return rows[r - 1][c - 1] if r <= len(rows) and c <= len(rows[r - 1]) else None

    def table(col: int, width: int) -> list[list[Any]]:
        out = []
        for r in range(2, len(rows) + 1):
            if cell(r, col) is None:
                break
            out.append([cell(r, col + j) for j in range(width)])
        return out

    refused = InputError.single(name, _NOT_OURS)
    keys = {cell(i, 1): cell(i, 2) for i in range(1, len(_KEYS) + 1)}
    if list(keys) != list(_KEYS) or keys["form"] != FORM_VERSION:
        raise refused
    meeting, unit, digest, header_row = (keys[k] for k in _KEYS[1:])
    statuses = [cell(i, 4) for i in range(1, len(STATUS_CHOICES) + 1)]
    heading = table(_HEADING_COL, 2)
    sent_rows = table(_ROWS_COL, len(_ROW_FIELDS))
    if not (isinstance(meeting, str) and isinstance(unit, str) and isinstance(digest, str)
            and isinstance(header_row, int) and statuses == list(STATUS_CHOICES)
            and all(isinstance(c, str) for c, _ in heading)
            and all(v is None or type(v) in (str, int) for r in (*heading, *sent_rows) for v in r)
            and all(isinstance(r[0], int) and r[0] > header_row and isinstance(r[2], str)
                    for r in sent_rows)):
        raise refused
    if _digest(_payload(meeting, unit, header_row, statuses, heading, sent_rows)) != digest:
        raise refused
    return _Sent(meeting, unit, digest, header_row, {c: v for c, v in heading}, sent_rows)


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _same(value: Any) -> Any:
    """A cell's value for comparing with what was sent."""
    if isinstance(value, bool):  # not the number 1 or 0
        return (bool, value)
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value.replace("\r\n", "\n"))
        return value if value.strip() else None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _shown(value: Any) -> str:
    """A cell's value in a message: text quoted (cut when long), a date as dd/mm/yyyy."""
    if _empty(value):
        return "empty"
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, dt.time):
        return f"{value:%H:%M}"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…'"


def _header(col: int) -> str:
    return COLUMNS[col - 1][0] if col <= len(COLUMNS) else ""


def _where(rownum: int, col: int, *, heading: bool = False) -> str:
    """``cell G9 (Trạng thái mới)``: the cell, and below the header row its column's header."""
    header = "" if heading else _header(col)
    return f"cell {_coord(rownum, col)}" + (f" ({header})" if header else "")


def _check_fixed(problems: list[Problem], name: str, rownum: int, col: int, sent: Any, now: Any,
                 *, heading: bool = False, outside: bool = False) -> None:
    """A cell the unit does not fill: it must hold what was sent (None: nothing). ``heading``:
    above the task rows; ``outside``: below or beside the table."""
    if _same(sent) == _same(now):
        return
    cell = _where(rownum, col, heading=heading)
    if sent is None and (heading or outside):
        message = (f"{cell}: a value was typed outside the fill-in cells ({_shown(now)}); only "
                   f"the columns '{COLUMNS[PREFILLED][0]}' to '{COLUMNS[-1][0]}' of the task rows "
                   "are read: clear it")
    else:
        message = (f"{cell}: a prefilled cell was changed: it was {_shown(sent)}, it is now "
                   f"{_shown(now)}; the prefilled cells must stay as sent")
    problems.append(Problem(name, rownum, col, "" if heading else _header(col), message))


def _answer(problems: list[Problem], name: str, rownum: int, task: str,
            fill: list[Any]) -> Answer | None:
    """The row's answer, or None when one of its cells is refused (added to ``problems``)."""
    before = len(problems)
    values: dict[str, Any] = {}
    for col, field, value in zip(range(PREFILLED + 1, LAST_COL + 1), FILL_FIELDS, fill, strict=True):
        def refuse(message: str, col: int = col) -> None:
            problems.append(Problem(name, rownum, col, _header(col),
                                    f"{_where(rownum, col)}: {message}"))

        if _empty(value):
            values[field] = None
        elif col == STATUS_COL:
            values[field] = _status(value, refuse)
        elif col == DATE_COL:
            values[field] = _date(value, refuse)
        else:
            values[field] = _text(value, refuse)
    if len(problems) > before:
        return None
    return Answer(task=task, row=rownum, **values)


def _status(value: Any, refuse: Refuse) -> TaskStatus | None:
    typed = value.strip() if isinstance(value, str) else value
    found = status_value(unicodedata.normalize("NFC", typed)) if isinstance(typed, str) else None
    if found is not None:
        return TaskStatus(found)
    listed = ", ".join(f"'{w}'" for w in STATUS_CHOICES)
    refuse(f"{_shown(typed)} is not one of the five statuses: {listed}{status_hint(str(typed))}")
    return None


def _date(value: Any, refuse: Refuse) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            found = parse_date(value)
        except ValueError:
            refuse(f"'{value.strip()}' is not a real date; write the date as dd/mm/yyyy, "
                   "e.g. 22/05/2025")
            return None
        if found is not None:
            return found
    refuse(f"{_shown(value)} is not a date; write it as dd/mm/yyyy, e.g. 22/05/2025 "
           "(also accepted: 22-5-2025, 2025-05-22)")
    return None


def _text(value: Any, refuse: Refuse) -> str | None:
    if isinstance(value, bool):
        text = "x" if value else ""
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = f"{value:%d/%m/%Y}" if value.time() == dt.time() else f"{value:%d/%m/%Y %H:%M}"
    elif isinstance(value, dt.date):
        text = f"{value:%d/%m/%Y}"
    elif isinstance(value, dt.time):
        text = f"{value:%H:%M}"
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").strip()
    try:
        text = clean_text(text)
    except ValueError as exc:
        refuse(str(exc))
        return None
    if len(text) > MAX_FIELD_CHARS:
        refuse(too_long_text(len(text)))
        return None
    return text or None
