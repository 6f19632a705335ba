"""openpyxl's private cell style, read in one place.

A writer that adds a column or a row to a clerk's XLSX register styles the new cells as the
ones beside (font, fill, borders, number format, alignment, protection at once). openpyxl has
no public way to copy a cell's whole style; its ``Cell._style`` (a StyleArray of indices into
the workbook's style tables) is what its own ``copy_worksheet`` copies. pyproject.toml holds
openpyxl below its next minor release until the suite passes on it.
"""

from __future__ import annotations

from copy import copy
from typing import Any


def copy_style(target: Any, source: Any) -> None:
    """Give the cell ``target`` the whole style of the cell ``source`` (same workbook)."""
    target._style = copy(source._style)
