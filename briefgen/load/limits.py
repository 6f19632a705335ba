"""The limits on input, in one place: each is checked before the expensive work, and each
message states its number (``docs/limits.md`` lists them; a test keeps the two equal).

The numbers are set well above the largest real meetings and registers (the reference meeting
file is 17 KB with 44 tasks; a ministry's whole-year register holds a few thousand tasks), and
low enough that the slowest document they allow (a report on the largest register) renders in
minutes, not hours, within a few gigabytes of memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from briefgen.errors import format_path

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 10_000_000
"""A meeting file (YAML) in bytes: 10 MB, several times a 10,000-task register written out."""

MAX_SHEET_BYTES = 20_000_000
"""A CSV or XLSX sheet (register, people, points) on disk, in bytes."""

MAX_UNPACKED_BYTES = 200_000_000
"""An XLSX workbook once unzipped (a "zip bomb" unpacks a few kilobytes into gigabytes)."""

MAX_VALUES = 1_000_000
"""Values a YAML file stands for once its aliases are expanded ("billion laughs")."""

MAX_ITEMS = 10_000
"""Entries in one list: tasks in the register, people, connection points, units..."""

MAX_FIELD_CHARS = 100_000
"""Characters in one field: about 30 printed pages of one paragraph."""

MAX_IMAGE_BYTES = 2_000_000
"""A signature or seal image (PNG) in bytes: a 600 dpi scan of a seal is under 1 MB."""

MAX_IMAGE_PIXELS = 4_000
"""Pixels on either side of a signature or seal image (10 cm at 1,000 dpi)."""

MAX_PRINTED = 50
"""Problems printed in full; the rest are counted."""


def too_large_file(size: int, limit: int, what: str) -> str:
    """The message for a file over its limit in bytes."""
    return (f"the {what} is {size:,} bytes; briefgen reads at most {limit:,} bytes "
            f"({limit // 1_000_000:,} MB): refused before it is read; split it")


def too_many_items(count: int, path: str) -> str:
    what = "tasks in the register" if path == "tasks" else "entries"
    return (f"holds {count:,} {what}; briefgen takes at most {MAX_ITEMS:,} in one list: split the "
            "meeting (by unit, source or period)")


FIELD_LIMIT = (f"one field holds at most {MAX_FIELD_CHARS:,} characters (about 30 printed "
               "pages): shorten it, or put the text in an annex (PDF)")


def too_long_text(length: int) -> str:
    return f"is {length:,} characters long; {FIELD_LIMIT}"


def oversized_values(data: Any) -> Iterator[tuple[Loc, str]]:
    """Every list longer than :data:`MAX_ITEMS` and every text longer than
    :data:`MAX_FIELD_CHARS` in plain loaded data, as (location, message), in one pass. A list
    over the limit is reported, not walked."""
    stack: list[tuple[Loc, Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARS:
                yield loc, too_long_text(len(value))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                yield loc, too_many_items(len(value), format_path(loc))
                continue
            stack.extend(((*loc, i), item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            stack.extend(((*loc, k), item) for k, item in value.items())
