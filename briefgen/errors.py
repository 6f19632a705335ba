"""Problems found in user input, reported as ``FILE:LINE:COL: field.path: message``."""

from __future__ import annotations

import difflib
import errno
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# How alike (difflib's ratio) a word must be to a known one to be offered as what was meant:
# one cut-off for every "did you mean" briefgen prints.
NEAR_CUTOFF = 0.6


def near(word: str, known: Iterable[str]) -> str | None:
    """The known word ``word`` is most likely a misspelling of, if any is alike enough."""
    found = difflib.get_close_matches(word, list(known), n=1, cutoff=NEAR_CUTOFF)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str], lead: str = "") -> str:
    """``"; did you mean '<lead><nearest>'?"``, or "" when no known word is near."""
    found = near(word, known)
    return f"; did you mean '{lead}{found}'?" if found is not None else ""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the source allows."""

    file: str
    line: int  # 1-based
    column: int  # 1-based
    path: str  # dotted field path, e.g. "people[3].unit"; "" for the file itself
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InputError(Exception):
    """Raised when input (meeting file, register, template) is unusable; carries every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column, p.path))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        # Rebuilt from its problems, not its message, when it crosses a process boundary
        # (a batch worker refusing a template).
        return (type(self), (self.problems,))

    @classmethod
    def single(cls, file: str | Path, message: str, line: int = 1, column: int = 1,
               path: str = "") -> InputError:
        return cls([Problem(str(file), line, column, path, message)])


def format_path(loc: tuple[str | int, ...]) -> str:
    """Turn a location tuple into ``a.b[2].c``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Words for the environment faults a user can act on, by errno.
_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device (the disk is full)",
    errno.EDQUOT: "the disk quota is exceeded",
    errno.EFBIG: "the file is larger than this system allows",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.EEXIST: "a file of that name is in the way",
    errno.EISDIR: "this is a folder, not a file",
    errno.ENAMETOOLONG: "the path is too long for this file system",
    errno.EMFILE: "too many files are open",
    errno.ENOMEM: "the machine is out of memory",
}


class EnvironmentFault(Exception):
    """The machine, not the input, stops the run: a folder that cannot be written, a full
    disk, an output folder another run holds, a system font missing. Reported with the real
    path (or what is missing), exit 3: "cannot <doing> <path>: <reason>; <hint>"."""

    def __init__(self, path: str | Path, reason: str, hint: str = "",
                 doing: str = "write") -> None:
        self.path, self.reason, self.hint, self.doing = str(path), reason, hint, doing
        super().__init__(f"{path}: {reason}" + (f"; {hint}" if hint else ""))

    def __reduce__(self) -> tuple[type[EnvironmentFault], tuple[str, str, str, str]]:
        return (type(self), (self.path, self.reason, self.hint, self.doing))

    @classmethod
    def from_os_error(cls, exc: OSError, path: str | Path | None = None,
                      hint: str = "") -> EnvironmentFault:
        """``exc`` in words, naming ``path`` (the file the user knows) rather than any hidden
        temporary name the system call used."""
        reason = _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()
        return cls(path if path is not None else (exc.filename or "?"), reason, hint)
