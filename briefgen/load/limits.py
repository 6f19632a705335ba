"""The limits on input, in one place: each is checked before the expensive work, and each
message states its number (``docs/limits.md`` lists them; a test keeps the two equal).

The numbers are set well above the largest real meetings and registers (the reference meeting
file is 17 KB with 44 tasks; a ministry's whole-year register holds a few thousand tasks), and
low enough that the slowest document they allow (a report on the largest register) renders in
minutes, not hours, within a few gigabytes of memory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, format_path

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

MAX_FORM_UNPACKED_BYTES = 50_000_000
"""A returned response form once unzipped: one unit's tasks, a few MB even for thousands."""

MAX_ARCHIVE_BYTES = 500_000_000
"""A PDF ``extract`` or ``verify`` reads: a briefing pack with its annexes bound in."""

MAX_KEY_BYTES = 1_000_000
"""A signing key (PKCS#12) or a file of trusted certificates: a few kilobytes each."""

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


MAX_EXPANDED_CHARS = 10_000_000
"""Characters a YAML file stands for once its aliases and merge keys are expanded: no more
than a file within :data:`MAX_FILE_BYTES` could hold written out."""

MAX_DEPTH = 64
"""Levels of nesting in a YAML file, aliases and merge keys followed (a real meeting: 6)."""


def refuse_special(path: Path, what: str, limit: int | None = None) -> None:
    """Refuse, before it is opened, a ``path`` that is a pipe or a device (reading one waits
    for a writer, or never ends) or a regular file over ``limit`` bytes (if given); a missing
    file or a folder is left to the reader's own message."""
    try:
        info = path.stat()
    except OSError:
        return
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        raise InputError.single(path, f"the {what} is not a regular file (a pipe or device); "
                                "give the file itself")
    if limit is not None and stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise InputError.single(path, too_large_file(info.st_size, limit, what))


def read_limited(path: Path, limit: int, what: str, display: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them: a FIFO, a device
    (``/dev/zero``), a folder or a file over the limit is refused as bad input before it is
    read (a FIFO is opened without waiting for a writer)."""
    name = display or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError.single(name, f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError.single(name, f"cannot read file: {os.strerror(errno.EISDIR)}")
        if not stat.S_ISREG(info.st_mode):
            raise InputError.single(name, f"the {what} is not a regular file (a pipe, device or "
                                    "folder); give the file itself")
        if info.st_size > limit:
            raise InputError.single(name, too_large_file(info.st_size, limit, what))
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise InputError.single(name, f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew while read
        raise InputError.single(name, too_large_file(len(data), limit, what))
    return data
