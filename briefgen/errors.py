"""Problems found in user input, reported as ``FILE:LINE:COL: field.path: message``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
