"""The response form an owner unit fills in between sessions (XLSX), written and read back.

The secretariat sends each owner unit its open tasks from the register and asks for a report.
:func:`form_bytes` writes the form: a visible sheet (:data:`FORM_SHEET`) listing the unit's
open tasks, with six columns to fill in (a drop-down for the new status, a date, four texts),
and a very hidden sheet (:data:`META_SHEET`) holding what was sent: the meeting and unit ids,
the drop-down's five words, a copy of every prefilled cell and a digest over all of it.

:func:`read_form` reads a returned form and checks it against the *current* meeting (the
register may have changed since the form went out): the hidden part must be intact, the form
must be this meeting's and the unit one of its units, the prefilled cells as sent, nothing
typed outside the fill-in cells, every status one of the five words, every date a real date and
every text clean and within :data:`~briefgen.load.limits.MAX_FIELD_CHARS`. Every problem is
collected, each located as FILE:ROW:COLUMN of the visible sheet, before :class:`InputError`
is raised. Sheet protection only guides the unit's hand: openpyxl and other tools ignore it,
so everything is checked again here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from briefgen.load.notations import STATUS_LABELS
from briefgen.load.sheets import typed_text
from briefgen.model.history import ANSWER_FIELDS
from briefgen.model.meeting import Meeting, Task, TaskStatus

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORM_SHEET = "Báo cáo"
"""The visible sheet the unit fills in."""

META_SHEET = "_briefgen"
"""The very hidden sheet: meeting id, unit id, digest, status words, copy of prefilled cells."""

FORM_VERSION = "response-form/1"

STATUS_CHOICES: dict[str, TaskStatus] = {w: TaskStatus(v) for w, v in STATUS_LABELS.items()}
"""The five Vietnamese words of the status drop-down, each to its status (the vocabulary's)."""

STATUS_LABEL: dict[TaskStatus, str] = {status: word for word, status in STATUS_CHOICES.items()}

# The visible table's columns, in order: (header, width). The first six are written by
# briefgen; the last six are the unit's to fill (FILL_FIELDS names the Task field of each).
COLUMNS: tuple[tuple[str, float], ...] = (
    ("STT", 5),
    ("Mã nhiệm vụ", 12),
    ("Nội dung nhiệm vụ", 42),
    ("Thời hạn", 12),
    ("Trạng thái hiện tại", 17),
    ("Báo cáo ngay", 9),
    ("Trạng thái mới", 19),
    ("Tiến độ, kết quả thực hiện", 40),
    ("Ngày hoàn thành (hoặc dự kiến)", 15),
    ("Nguyên nhân chậm", 28),
    ("Kiến nghị, đề xuất", 28),
    ("Người liên hệ", 20),
)
PREFILLED = 6  # columns 1-6
FILL_FIELDS = ANSWER_FIELDS  # the Task field each fill-in column sets, in order
STATUS_COL = PREFILLED + 1  # G
DATE_COL = PREFILLED + 3  # I
LAST_COL = len(COLUMNS)  # L

TITLE = "PHIẾU BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ"
NO_TITLE = "……"  # a task the source gives no title, as the documents print it
YES_MARK = "x"
FONT = "Times New Roman"
EXCEL_CELL_CHARS = 32_767  # what one Excel cell holds; a longer title is cut to fit

# The hidden sheet: keys and values in A:B, the drop-down's words in D1:D5, the heading cells
# (title rows and header row) in F:G, the task rows in I:O, each table under a header row.
_KEYS = ("form", "meeting", "unit", "digest", "header_row")
_STATUS_RANGE = f"'{META_SHEET}'!$D$1:$D${len(STATUS_CHOICES)}"
_HEADING_COL = 6  # F
_ROWS_COL = 9  # I
_ROW_FIELDS = ("row", "stt", "id", "title", "deadline", "status", "report_now")

Refuse = Callable[[str], None]  # records a problem with a cell

_NOT_OURS = "the form's hidden part was changed or this is not a briefgen form"


# -- which tasks -----------------------------------------------------------------------------

# -- writing ---------------------------------------------------------------------------------

def _coord(row: int, col: int) -> str:
    """``G9``; a column beyond what Excel names (a damaged or forged file) by its number."""
    from openpyxl.utils import get_column_letter

    try:
        return f"{get_column_letter(col)}{row}"
    except ValueError:
        return f"R{row}C{col}"


def _title_text(task: Task) -> str:
    title = task.title or NO_TITLE
    return title if len(title) <= EXCEL_CELL_CHARS else title[:EXCEL_CELL_CHARS - 1] + "…"


def _prefilled(task: Task, number: int) -> list[Any]:
    """The six prefilled cells of a task row, as written (None: left empty)."""
    return [
        number,
        task.id,
        _title_text(task),
        f"{task.deadline:%d/%m/%Y}" if task.deadline else None,
        STATUS_LABEL[task.status],
        YES_MARK if task.report_now else None,
    ]


def _digest(payload: dict[str, Any]) -> str:
    """sha256 over a stable serialisation of what the hidden sheet holds (the digest aside)."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _session(meeting: Meeting) -> str:
    info = meeting.meeting
    holder = next((u for u in meeting.units if u.id == info.holder), None)
    words = info.kind[:1].upper() + info.kind[1:]
    if info.sequence:
        words += f" lần thứ {info.sequence}"
    if holder is not None:
        words += f" của {holder.short or holder.name}"
    return f"{words} ngày {info.date:%d/%m/%Y}"


def form_bytes(meeting: Meeting, unit: str, *, due: dt.date | None) -> bytes:
    """The XLSX response form for one unit: its open tasks (:func:`open_tasks`), the columns
    to fill and the hidden copy of what was sent.

    Deterministic: the same meeting, unit and due date give the same bytes (the workbook's
    times are the meeting date, the zip entries' are fixed). Raises ValueError for a unit that
    is not in the meeting's units.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.workbook.protection import WorkbookProtection
    from openpyxl.worksheet.datavalidation import DataValidation

    found = next((u for u in meeting.units if u.id == unit), None)
    if found is None:
        raise ValueError(f"unit '{unit}' is not in the meeting's units")
    tasks = meeting.open_tasks(unit)

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = FORM_SHEET
    normal, bold = Font(name=FONT, size=12), Font(name=FONT, size=12, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    thin = Side(style="thin")
    boxed = Border(left=thin, right=thin, top=thin, bottom=thin)
    to_fill = PatternFill("solid", fgColor="FFF8DC")
    heading: list[list[Any]] = []  # [coordinate, value] of every non-empty cell above the rows

    def line(row: int, text: str, *, font: Font = normal, align: Alignment = wrap,
             height: float | None = None) -> None:
        cell = typed_text(ws.cell(row, 1, text))
        cell.font, cell.alignment = font, align
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=LAST_COL)
        if height:
            ws.row_dimensions[row].height = height
        heading.append([cell.coordinate, text])

    report_now = sum(t.report_now for t in tasks)
    count = f"Số nhiệm vụ cần báo cáo: {len(tasks)}"
    if report_now:
        count += f" (trong đó {report_now} nhiệm vụ phải báo cáo ngay)"
    first_fill, last_fill = COLUMNS[PREFILLED][0], COLUMNS[-1][0]
    lines: list[tuple[str, Font, Alignment, float | None]] = [
        (TITLE, Font(name=FONT, size=14, bold=True), centre, 22),
        (_session(meeting), Font(name=FONT, size=12, italic=True), centre, None),
        (f"Đơn vị: {found.name}", bold, wrap, None),
    ]
    if due is not None:
        lines.append((f"Hạn gửi báo cáo: {due:%d/%m/%Y}", bold, wrap, None))
    lines += [
        (count + ".", normal, wrap, None),
        (f"Đơn vị điền các cột từ “{first_fill}” đến “{last_fill}” của từng nhiệm vụ (chọn "
         "trạng thái trong danh sách, ghi ngày theo dạng dd/mm/yyyy); không sửa các cột đã "
         "ghi sẵn và không ghi ra ngoài bảng.", Font(name=FONT, size=12, italic=True), wrap, 34),
    ]
    for row, (text, font, align, height) in enumerate(lines, 1):
        line(row, text, font=font, align=align, height=height)

    header_row = len(lines) + 2  # one blank row between the lines and the table
    for col, (header, width) in enumerate(COLUMNS, 1):
        cell = typed_text(ws.cell(header_row, col, header))
        cell.font, cell.alignment, cell.border = bold, centre, boxed
        ws.column_dimensions[cell.column_letter].width = width
        heading.append([cell.coordinate, header])
    ws.row_dimensions[header_row].height = 48

    rows: list[list[Any]] = []
    text_format = "@"  # typed as text: a phone number keeps its leading zero
    for number, task in enumerate(tasks, 1):
        row = header_row + number
        values = _prefilled(task, number)
        for col, value in enumerate(values, 1):
            cell = typed_text(ws.cell(row, col, value))
            cell.font, cell.border = normal, boxed
            cell.alignment = wrap if col == 3 else centre
        for col in range(PREFILLED + 1, LAST_COL + 1):
            cell = ws.cell(row, col)
            cell.font, cell.border, cell.fill, cell.alignment = normal, boxed, to_fill, wrap
            cell.protection = Protection(locked=False)
            cell.number_format = "DD/MM/YYYY" if col == DATE_COL else text_format
        rows.append([row, *values])

    if tasks:
        first, last = header_row + 1, header_row + len(tasks)
        words = ", ".join(STATUS_CHOICES)
        status = DataValidation(
            type="list", formula1=_STATUS_RANGE, allow_blank=True, showDropDown=False,
            showErrorMessage=True, errorStyle="stop", errorTitle="Trạng thái không hợp lệ",
            error=f"Chọn một trong năm trạng thái trong danh sách: {words}.",
            showInputMessage=True, promptTitle="Trạng thái mới",
            prompt="Chọn trạng thái trong danh sách.")
        status.add(f"{_coord(first, STATUS_COL)}:{_coord(last, STATUS_COL)}")
        from openpyxl.utils.datetime import to_excel

        date = DataValidation(
            type="date", operator="between", formula1=str(int(to_excel(dt.date(2000, 1, 1)))),
            formula2=str(int(to_excel(dt.date(2100, 12, 31)))), allow_blank=True,
            showErrorMessage=True, errorStyle="warning", errorTitle="Ngày không hợp lệ",
            error="Ghi ngày theo dạng dd/mm/yyyy, ví dụ 22/05/2025.",
            showInputMessage=True, promptTitle="Ngày hoàn thành",
            prompt="Ngày đã hoàn thành hoặc dự kiến hoàn thành, dạng dd/mm/yyyy.")
        date.add(f"{_coord(first, DATE_COL)}:{_coord(last, DATE_COL)}")
        ws.add_data_validation(status)
        ws.add_data_validation(date)

    ws.freeze_panes = _coord(header_row + 1, 1)
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column or a row stays allowed
    ws.protection.formatRows = False

    meta = book.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    payload = _payload(meeting.meeting.id, unit, header_row, list(STATUS_CHOICES), heading, rows)
    for i, (name, value) in enumerate(
            zip(_KEYS, (FORM_VERSION, meeting.meeting.id, unit, _digest(payload), header_row),
                strict=True), 1):
        meta.cell(i, 1, name)
        typed_text(meta.cell(i, 2, value))
    for i, word in enumerate(STATUS_CHOICES, 1):
        meta.cell(i, 4, word)
    _table(meta, _HEADING_COL, ("cell", "value"), heading)
    _table(meta, _ROWS_COL, _ROW_FIELDS, rows)
    meta.protection.sheet = True
    book.security = WorkbookProtection(lockStructure=True)

    when = dt.datetime.combine(meeting.meeting.date, dt.time())
    book.properties.created = book.properties.modified = when
    book.properties.creator = book.properties.lastModifiedBy = "briefgen"
    book.properties.title = f"{TITLE} - {found.name}"
    return _save(book)


def _payload(meeting: str, unit: str, header_row: int, statuses: list[str],
             heading: list[list[Any]], rows: list[list[Any]]) -> dict[str, Any]:
    return {"form": FORM_VERSION, "meeting": meeting, "unit": unit, "header_row": header_row,
            "statuses": statuses, "heading": heading, "rows": rows}


def _table(ws: Worksheet, col: int, names: Sequence[str], rows: list[list[Any]]) -> None:
    for j, name in enumerate(names):
        ws.cell(1, col + j, name)
    for i, values in enumerate(rows, 2):
        for j, value in enumerate(values):
            if value is not None:
                typed_text(ws.cell(i, col + j, value))


def _save(book: Any) -> bytes:
    """The workbook's bytes, its times as set (openpyxl's save stamps the modified time with
    the clock) and its zip entries' timestamps fixed."""
    from openpyxl.writer.excel import ExcelWriter

    from briefgen.render.docx import normalise_zip

    out = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return normalise_zip(out.getvalue())
