"""A CSV or XLSX task register written back: its layout read once (header row, columns, the
words it writes statuses in, a column of row numbers), then ``update`` sets the answered
cells (``briefgen collect``), ``append`` adds tasks (``briefgen next``), and ``bytes`` is the
file. Only what changes is written: a CSV keeps every other byte (BOM, separator, quoting,
line ends), an XLSX keeps its styles and is saved the same for the same content. Text that
a spreadsheet would run as a formula is written as text (``csv_safe``, a cell typed "s").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

from briefgen.errors import InputError
from briefgen.load.cells import copy_style
from briefgen.load.notations import STATUS_WORDS, key
from briefgen.load.sheets import (
    IGNORED,
    cell_text,
    cell_value,
    column_title,
    csv_delimiter,
    csv_safe,
    header_columns,
    open_book,
)
from briefgen.load.source import decode_utf8
from briefgen.model.columns import TASKS
from briefgen.model.history import ANSWER_FIELDS
from briefgen.model.meeting import TaskStatus

Changes = dict[str, dict[str, object]]  # task id -> {answer field: value}
Words = Callable[[str], str]  # a status value as the register writes statuses
NewTask = dict[str, Any]  # a task as next writes it: field -> value

STATUS_VALUES = tuple(s.value for s in TaskStatus)


_FIRST_WORDS = {value: word for word, value in reversed(STATUS_WORDS.items())}  # long forms


def status_words(written: Iterable[object]) -> Words:
    """How this register writes statuses: the schema's values, or the documents' words
    (capitalised if most are) where those outnumber the values."""
    values, words = {key(v) for v in STATUS_VALUES}, {key(w) for w in STATUS_WORDS}
    texts = [c.strip() for c in written if isinstance(c, str)]
    vietnamese = [c for c in texts if key(c) in words]
    if len(vietnamese) <= sum(key(c) in values for c in texts):
        return str
    if 2 * sum(c[:1].isupper() for c in vietnamese) >= len(vietnamese):
        return lambda status: _FIRST_WORDS[status][:1].upper() + _FIRST_WORDS[status][1:]
    return _FIRST_WORDS.__getitem__


def written_value(field: str, value: object, word: Words, day_first: bool) -> str:
    """A value as text: dates ISO or DD/MM/YYYY, statuses in the register's words."""
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}" if day_first else value.isoformat()
    return "" if value is None else word(str(value)) if field == "status" else str(value)


def check_found(counts: Mapping[str, int], changes: Changes, name: str) -> None:
    unknown = [ident for ident in changes if not counts.get(ident)]
    if unknown:
        raise ValueError(f"{name}: no task with id {', '.join(map(repr, unknown))} in the register")
    for ident in changes:
        if counts[ident] > 1:
            raise ValueError(f"{name}: {counts[ident]} tasks have the id {ident!r}; make the ids "
                             "unique first")


class RegisterSheet:
    """A register sheet being written back (see the module's docstring)."""

    def __init__(self, raw: bytes, kind: Literal["csv", "xlsx"], name: str) -> None:
        self.kind, self.name = kind, name
        if kind == "csv":
            self.bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
            text = decode_utf8(raw, name)
            self.delimiter = csv_delimiter(text)
            pieces = _split(text, "\n")  # records, with a quoted cell's line breaks inside
            self.ends = ["\r\n" if p.endswith("\r") else "\n" for p in pieces[:-1]] + [""]
            self.lines = [p.removesuffix("\r") if e == "\r\n" else p
                          for p, e in zip(pieces, self.ends, strict=True)]
            self.rows = [next(csv.reader(io.StringIO(line, newline=""), delimiter=self.delimiter),
                              []) for line in self.lines]
        else:
            self.book, self.sheet, self.rows = open_book(raw, name)
        self._read_layout()

    def _read_layout(self) -> None:
        """The header row (the first filled one, 0-based), its width (to the last header),
        field -> 0-based column, the last filled row, the status words, the rows by id."""
        rows = self.rows
        filled = [i for i, row in enumerate(rows) if any(cell_value(v) is not None for v in row)]
        if not filled:
            raise InputError.single(self.name, "the register is empty")
        self.top, self.last = filled[0], filled[-1]
        header = rows[self.top]
        self.width = max(i + 1 for i, v in enumerate(header) if cell_value(v) is not None)
        self.columns, self.english = header_columns(header[:self.width], TASKS)
        if "id" not in self.columns or "status" not in self.columns:
            raise InputError.single(self.name, "the register needs an id column (Mã) and a "
                                    "status column (Trạng thái)", self.top + 1)
        cells = {f: {i: cell_value(rows[i][c]) for i in filled[1:] if c < len(rows[i])}
                 for f, c in self.columns.items() if f in ("id", "status")}
        self.ids = [(i, cell_text(c)) for i, c in cells["id"].items() if c is not None]
        self.word = status_words(cells["status"].values())
        ignored = {key(h) for h in IGNORED}  # a column of row numbers (STT)
        self.numbers = next((i for i, v in enumerate(header) if cell_value(v) is not None
                             and key(cell_text(cell_value(v))) in ignored), None)

    # -- collect: the answers ----------------------------------------------------------------
    def update(self, changes: Changes) -> None:
        """Set the answered cells (a column added at the end for a field set that has none).
        ValueError naming an id not in the sheet, or one two rows share."""
        hits = [(i, ident) for i, ident in self.ids if ident in changes]
        check_found(Counter(ident for _, ident in hits), changes, self.name)
        added: list[str] = []
        for field in ANSWER_FIELDS:
            if field not in self.columns and any(c.get(field) is not None for c in changes.values()):
                self.columns[field] = self.width + len(added)
                added.append(column_title(TASKS, field, self.english))
        (self._update_csv if self.kind == "csv" else self._update_xlsx)(changes, hits, added)

    def _update_csv(self, changes: Changes, hits: list[tuple[int, str]], added: list[str]) -> None:
        lines, delimiter, top = self.lines, self.delimiter, self.top
        if added:
            lines[top] = delimiter.join([*_split(lines[top], delimiter)[:self.width],
                                         *(_csv_cell(h, delimiter) for h in added)])
        for i, ident in hits:
            fields = _split(lines[i], delimiter)
            if len(fields) != len(self.rows[i]):  # quotes the splitter reads otherwise: anew
                fields = [_csv_cell(v, delimiter) for v in self.rows[i]]
            for field, value in changes[ident].items():
                if field in self.columns:  # else cleared, with no column to clear
                    fields += [""] * (self.columns[field] + 1 - len(fields))
                    fields[self.columns[field]] = _csv_cell(
                        csv_safe(written_value(field, value, self.word, True)), delimiter)
            lines[i] = delimiter.join(fields)

    def _update_xlsx(self, changes: Changes, hits: list[tuple[int, str]], added: list[str]
                     ) -> None:
        sheet, top, width = self.sheet, self.top, self.width
        last = sheet.cell(top + 1, width).column_letter
        for offset, title in enumerate(added, 1):  # styled as the header and the rows beside
            letter = sheet.cell(top + 1, width + offset, title).column_letter
            for row in range(top + 1, len(self.rows) + 1):
                copy_style(sheet.cell(row, width + offset), sheet.cell(row, width))
            if last in sheet.column_dimensions:
                sheet.column_dimensions[letter].width = sheet.column_dimensions[last].width
        for i, ident in hits:
            for field, value in changes[ident].items():
                if field not in self.columns:
                    continue  # cleared, with no column to clear
                cell = sheet.cell(i + 1, self.columns[field] + 1)
                cell.value = (value if isinstance(value, dt.date)
                              else written_value(field, value, self.word, True) or None)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif cell.value is not None:
                    cell.data_type = "s"  # text, even when it starts with '=' as a formula does

    # -- next: new tasks ---------------------------------------------------------------------
    def append(self, tasks: list[NewTask], fields: Iterable[str]) -> None:
        """Add ``tasks`` below the last filled row (their ``fields`` in this order; a column
        added at the end of the header for each the sheet lacks), statuses in the sheet's
        words, the next row number in a column of row numbers."""
        header = self.rows[self.top]
        added = [f for f in fields if f not in self.columns and any(f in t for t in tasks)]
        self.columns |= {f: len(header) + i for i, f in enumerate(added)}
        heads = [column_title(TASKS, f, self.english) for f in added]
        last, numbers = self.rows[self.last], self.numbers
        number = cell_text(last[numbers]) if numbers is not None and numbers < len(last) \
            and self.last != self.top and cell_value(last[numbers]) is not None else ""
        new: list[dict[int, Any]] = []
        for n, task in enumerate(tasks, 1):
            new.append({numbers: int(number) + n} if numbers is not None and number.isdigit()
                       else {})
            new[-1] |= {self.columns[f]: ", ".join(v) if f == "owners" else
                        self.word(v) if f == "status" else v for f, v in task.items()}
        (self._append_csv if self.kind == "csv" else self._append_xlsx)(heads, new)

    def _append_csv(self, heads: list[str], new: list[dict[int, Any]]) -> None:
        if any("\n" in c or "\r" in c for r in self.rows[:self.top + 1] for c in r):
            raise InputError.single(self.name, "a header cell holds a line break; write the "
                                    "header on one line, then run again", self.top + 1)
        newline = "\r\n" if "\r\n" in self.ends else "\n"

        def line(cells: list[str]) -> str:
            out = io.StringIO()
            csv.writer(out, delimiter=self.delimiter, lineterminator=newline).writerow(cells)
            return out.getvalue().removesuffix(newline)

        if heads:
            self.lines[self.top] += self.delimiter + line(heads)
        if self.lines and self.lines[-1] == "":  # the file ends with a line break
            self.lines.pop()
            self.ends.pop()
        if self.ends and self.ends[-1] == "":
            self.ends[-1] = newline
        width = max(self.columns.values()) + 1
        for row in new:
            self.lines.append(line([f"{v:%d/%m/%Y}" if isinstance(v, dt.date) else csv_safe(str(v))
                                    for v in (row.get(c, "") for c in range(width))]))
            self.ends.append(newline)

    def _append_xlsx(self, heads: list[str], new: list[dict[int, Any]]) -> None:
        sheet, top, last = self.sheet, self.top, self.last
        header = len(self.rows[top])
        for col, title in enumerate(heads, header + 1):  # styled as the header beside
            copy_style(sheet.cell(top + 1, col, title), sheet.cell(top + 1, header))
        for n, row in enumerate(new, last + 2):
            for col in range(1, max(self.columns.values()) + 2) if last != top else ():
                copy_style(sheet.cell(n, col), sheet.cell(n - 1, col))
            for col, value in row.items():
                cell = sheet.cell(n, col + 1, value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
                elif isinstance(value, str):
                    cell.data_type = "s"  # text, even when it starts with '=' as a formula does

    def bytes(self) -> bytes:
        """The file as it stands now."""
        if self.kind == "csv":
            body = "".join(line + end for line, end in zip(self.lines, self.ends, strict=True))
            return self.bom + body.encode("utf-8")
        return _saved(self.book)


def _split(text: str, separator: str) -> list[str]:
    """``text`` cut at each ``separator`` outside quotes, the parts as written."""
    parts, start, quoted = [], 0, False
    for m in re.finditer(f'["{re.escape(separator)}]', text):
        if m.group() == '"':
            quoted = not quoted
        elif not quoted:
            parts.append(text[start:m.start()])
            start = m.end()
    return [*parts, text[start:]]


def _csv_cell(text: str, delimiter: str) -> str:
    if any(c in text for c in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _saved(book: Any) -> bytes:
    """The workbook's bytes, the same for the same content: the modified time stays as the
    file had it, and every part of the zip carries that time."""
    from openpyxl.writer.excel import ExcelWriter

    first, out = io.BytesIO(), io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(first, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    modified = book.properties.modified
    stamp = modified.timetuple()[:6] if modified and modified.year >= 1980 else (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(first) as packed, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as fixed:
        for info in packed.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=stamp)
            part.compress_type, part.external_attr = zipfile.ZIP_DEFLATED, info.external_attr
            fixed.writestr(part, packed.read(info))
    return out.getvalue()
