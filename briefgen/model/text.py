"""Constrained scalar types shared by the schema: clean Unicode text and safe ids."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, StringConstraints
from pydantic_core import PydanticCustomError

from briefgen.load.notations import date_notation, time_notation

# Characters XML 1.0 cannot hold (DOCX and XHTML are XML): C0 controls but tab/newline/CR,
# lone surrogates, and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# Characters that print nothing or reorder what is printed, so that the document reads
# differently from the data: DEL, the C1 controls, and the bidirectional embeddings, overrides
# and isolates (U+202A-U+202E, U+2066-U+2069).
_MISLEADING = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str) -> str:
    """NFC-normalise and refuse characters no document format can carry, or that would make
    a printed document read differently from its data."""
    odd = _MISLEADING.search(value)
    if odd:
        char = odd.group()
        name = unicodedata.name(char, "a control character")
        raise ValueError(
            f"contains U+{ord(char):04X} ({name}) at position {odd.start() + 1}, which would make "
            "the printed document read differently from the data; remove it")
    bad = _XML_ILLEGAL.search(value)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X} at position "
            f"{bad.start() + 1}, which documents cannot hold; remove it"
        )
    return unicodedata.normalize("NFC", value)


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Text = Annotated[str, AfterValidator(clean_text), AfterValidator(_not_blank)]
"""Any human-readable text: NFC, XML-safe, not blank."""

Override = Annotated[str, AfterValidator(clean_text)]
"""The clerk's own sentence: NFC, XML-safe; empty ('') drops the sentence it replaces."""

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"),
]
"""An identifier used for cross-references and file names: ASCII letters, digits, ``_.-``."""

# Names Windows keeps for devices, whatever follows a dot (``con.txt`` is CON too).
_DEVICES = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?",
                      re.IGNORECASE)


def _folder_name(value: str) -> str:
    """A meeting id names the batch's folder ``OUT/<id>``: it must name a folder on every
    common file system, so no Windows device name (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with
    or without an extension) and no trailing dot, which Windows drops (``con.`` is ``con``)."""
    if _DEVICES.fullmatch(value):
        raise ValueError(f"'{value}' is a name Windows keeps for a device (CON, PRN, AUX, NUL, "
                         "COM1-9, LPT1-9, with any extension): no folder can have it; choose "
                         "another id")
    if value.endswith("."):
        raise ValueError(f"'{value}' ends with a dot, which Windows drops from a folder's "
                         "name; choose an id that does not")
    return value


MeetingId = Annotated[Id, AfterValidator(_folder_name)]
"""The meeting's id: an :data:`Id` that names a folder on Windows, macOS and Linux alike."""


@dataclass(frozen=True)
class Ref:
    """Marks an id field as naming an item of another list of the meeting file
    (``Annotated[Id, Ref("people")]``): validation checks each such id resolves, by walking
    the schema (briefgen.model.validate), so a new reference field is checked once declared."""

    collection: str  # the meeting file's key whose ids it names: units, people, agenda ...
    noun: str  # one item of it, in messages: "unknown person 'x'"


IDS = r"[;,\n]"
"""What separates several ids in one sheet cell: any of ; , or a line break."""

LINES = r"[;\n]"
"""What separates several texts in one sheet cell, where a text may hold commas ("Bí thư Tỉnh
ủy, Chủ tịch ..."): ; or a line break."""


@dataclass(frozen=True, init=False)
class Column:
    """Marks a field as a column of its sheet, CSV or XLSX (``Annotated[Date | None,
    Column("thời hạn", "hạn")]``): the headers accepted for it beside the field's own name, the
    usual Vietnamese one first (hints show it, and a column briefgen adds is headed with it).
    ``split``: for a list field, what separates its values in one cell. The sheet readers are
    built by walking the schema (briefgen.model.columns), so a new column is read once declared."""

    headers: tuple[str, ...]
    split: str

    def __init__(self, *headers: str, split: str = IDS) -> None:
        if not headers:
            raise ValueError("a column needs at least its usual header")
        object.__setattr__(self, "headers", headers)
        object.__setattr__(self, "split", split)


@dataclass(frozen=True)
class Answer:
    """Marks a task field as one an owner unit's answer fills in (the response form's columns,
    briefgen collect), in the order the fields are declared."""


ANSWER = Answer()


UnitId = Annotated[Id, Ref("units", "unit")]
PersonId = Annotated[Id, Ref("people", "person")]
GroupId = Annotated[Id, Ref("agenda", "agenda group")]
TaskId = Annotated[Id, Ref("tasks", "task")]
WhoId = Annotated[Id, Ref("who", "person or unit")]  # a chair or a concluder: a body may be one


def _no_bare_number(kind: str) -> Callable[[object], object]:
    """Refuse a YAML number where a date or time is due.

    pydantic reads a number as seconds since 1970 (or since midnight): ``start: 14.30`` became
    00:00:14 in UTC, and comparing that offset-aware time with a plain one crashed the run.
    """

    def check(value: object) -> object:
        if isinstance(value, int | float):
            raise PydanticCustomError(f"{kind}_type", "a {kind} written as a number", {"kind": kind})
        return value

    return check


def _local(value: dt.time) -> dt.time:
    # "16:30+07:00" parses to an offset-aware time, which cannot be compared with a plain one.
    if value.tzinfo is not None:
        raise ValueError("give the local time as HH:MM, without a time zone")
    return value


Date = Annotated[dt.date, BeforeValidator(date_notation), BeforeValidator(_no_bare_number("date"))]
"""A calendar date written YYYY-MM-DD, or as clerks write it (22/05/2025, 22-5-2025); text,
never a bare number."""

Time = Annotated[dt.time, BeforeValidator(time_notation), BeforeValidator(_no_bare_number("time")),
                 AfterValidator(_local)]
"""A local clock time written as HH:MM, or as clerks write it (14h30, 14 giờ 30); text, never a
bare number."""
