"""Importing WeasyPrint without its slow library search.

WeasyPrint asks cffi for each of its C libraries under several names ("libgobject-2.0-0",
"gobject-2.0-0", "gobject-2.0" ...); every name cffi cannot open directly goes to
ctypes.util.find_library, which on Linux runs ``ldconfig -p`` and then gcc for each miss:
dozens of processes, a good part of the import (bench/FIGURES.md). Here the
linker cache is read once and misses answer at once; should that find nothing, the import is
retried with the standard search, so behaviour never depends on the shortcut.
"""

from __future__ import annotations

import ctypes.util
import re
import subprocess
from functools import cache
from types import ModuleType
from typing import Any

#: CSS pixels (WeasyPrint's layout unit) in PDF points.
PT_PER_PX = 0.75


@cache
def _linker_cache() -> dict[str, str]:
    """soname stem -> path, from one ``ldconfig -p``."""
    for ldconfig in ("/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"):
        try:
            listing = subprocess.run([ldconfig, "-p"], capture_output=True, text=True,
                                     timeout=10, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            continue
        found: dict[str, str] = {}
        for soname, path in re.findall(r"^\s*(\S+) \(.*\) => (\S+)$", listing, re.M):
            found.setdefault(soname.split(".so", 1)[0], path)
        return found
    return {}


def _find_library(name: str) -> str | None:
    return _linker_cache().get(name if name.startswith("lib") else f"lib{name}")


@cache
def load_weasyprint() -> ModuleType:
    """``import weasyprint``, looking its libraries up in the linker cache first."""
    standard = ctypes.util.find_library
    ctypes.util.find_library = _find_library
    try:
        import weasyprint
    except OSError:
        ctypes.util.find_library = standard
        import weasyprint
    finally:
        ctypes.util.find_library = standard
    return weasyprint


def page_box(page: Any) -> Any:
    """A laid-out page's box tree, where briefgen finds where signature blocks, long tables'
    rows and shared sections landed. WeasyPrint keeps it private (``Page._page_box``) and
    offers nothing public for it: this is the one place that reads it, and pyproject.toml
    holds weasyprint below the next major release until the tests pass on it."""
    return page._page_box
