"""What every command shares: the two consoles, the options, and the one error handler.

Exit codes: 0 done; 2 bad input or usage (every problem as FILE:LINE:COL: field: message);
3 the machine stopped the run (a folder that cannot be written, a full disk, an output folder
another run holds), with the real path; 4 a signature does not hold (``briefgen verify``);
1 an internal error, with one line asking to report it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from enum import IntEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, overload

import typer

from briefgen import __version__
from briefgen.errors import EnvironmentFault, InputError
from briefgen.load.limits import MAX_PRINTED

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


class LazyConsole:
    """A Rich console made on first use: importing Rich is a good part of ``briefgen --help``
    (which prints through click, not Rich; bench/FIGURES.md), so commands pay for it only
    when they print."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def _real(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real(), name)

    # Special methods are looked up on the type, not through __getattr__ (Rich's Live enters
    # its console while a progress bar runs).
    def __enter__(self) -> Console:
        return self._real().__enter__()

    def __exit__(self, *exc: object) -> None:
        self._real().__exit__(*exc)  # type: ignore[arg-type]


# No emoji codes: a message's ":100:" is a line number, not an emoji.
err: Console = LazyConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # type: ignore[assignment]
out: Console = LazyConsole(highlight=False, soft_wrap=True, emoji=False)  # type: ignore[assignment]


def new_table(*args: Any, **kwargs: Any) -> Table:
    """A Rich table (Rich imported here, on first use)."""
    from rich.table import Table

    return Table(*args, **kwargs)

F = TypeVar("F", bound=Callable[..., Any])


class ExitCode(IntEnum):
    """What briefgen's exit status says; every command exits with one of these."""

    done = 0
    internal = 1  # a bug: reported with the version, never a traceback
    bad_input = 2
    environment = 3
    not_verified = 4  # briefgen verify: a file has a signature that does not hold, or none
    unverified = 5  # briefgen verify without --trust: signatures intact, signers not verified

    @property
    def meaning(self) -> str:
        return _EXIT_MEANINGS[self]


_EXIT_MEANINGS = {
    ExitCode.done: "done",
    ExitCode.bad_input: "bad input (every problem as FILE:LINE:COL: field: message)",
    ExitCode.environment: "the machine stopped the run (a folder that cannot be written, a "
                          "full disk, an output folder another run holds)",
    ExitCode.not_verified: "a signature does not hold (briefgen verify)",
    ExitCode.unverified: "signatures intact but their signers unverified (briefgen verify "
                         "without --trust)",
    ExitCode.internal: "an internal error",
}
# In --help, the internal error last: the codes a clerk acts on first.
EXIT_CODES = "Exit codes: " + "; ".join(
    f"{code.value} {code.meaning}" for code in sorted(ExitCode, key=lambda c: c is ExitCode.internal)
) + "."

MeetingArg = Annotated[Path, typer.Argument(help="The meeting file (YAML).", show_default=False)]
TemplatesOpt = Annotated[Path | None, typer.Option(
    "--templates", exists=True, file_okay=False, dir_okay=True,
    help="A customised template set (a folder); what it lacks comes from the defaults.")]
LangOpt = Annotated[str | None, typer.Option("--lang", help="Labels: vi (default) or en.")]


def add_command(app: typer.Typer, func: Callable[..., Any], name: str | None = None, *,
                checked: bool = True) -> None:
    """Register ``func`` as a command: its docstring is its ``--help``; the list of commands
    shows its first sentence on one line. ``checked``: input and machine faults become exit
    codes (:func:`reports_errors`), never a traceback."""
    doc = " ".join((func.__doc__ or "").split())
    first = re.split(r"(?<=[.;:])\s", doc, maxsplit=1)[0].rstrip(".;:")
    app.command(name, short_help=first)(reports_errors(func) if checked else func)


def reports_errors(func: F) -> F:
    """Turn input problems into exit 2 and anything unexpected into exit 1, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            print_located(exc.problems)
            n = len(exc.problems)
            err.print(f"{n:,} problem{'s' if n > 1 else ''}; nothing was written.", markup=False)
            raise typer.Exit(ExitCode.bad_input) from None
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except EnvironmentFault as exc:
            _environment(exc)
        except OSError as exc:  # one no layer below named: still the machine, not a bug
            _environment(EnvironmentFault.from_os_error(exc))
        except Exception as exc:
            err.print(f"internal error: {type(exc).__name__}: {exc}. Please report it "
                      f"(briefgen {__version__}).", markup=False)
            raise typer.Exit(ExitCode.internal) from None

    return wrapper  # type: ignore[return-value]


def print_located(items: Sequence[object], noun: str = "problems",
                  limit: int = MAX_PRINTED) -> None:
    """The first ``limit`` problems or warnings in full, one a line, then how many more: a
    file pasted from the wrong place can hold a hundred thousand, and the first ones say
    what is wrong."""
    for item in items[:limit]:
        err.print(str(item), markup=False)
    if len(items) > limit:
        rest = len(items) - limit
        err.print(f"… and {rest:,} more {noun}, not shown (the first {limit} are above).",
                  markup=False)


def _environment(fault: EnvironmentFault) -> None:
    hint = fault.hint or "nothing was changed"
    err.print(f"cannot {fault.doing} {fault.path}: {fault.reason}; {hint}.", markup=False)
    raise typer.Exit(ExitCode.environment) from None


def split_choices(value: str, allowed: tuple[str, ...], what: str) -> list[str]:
    """``a,b`` into [a, b], each one of ``allowed``."""
    items = [v.strip() for v in value.split(",") if v.strip()]
    bad = [v for v in items if v not in allowed]
    if bad or not items:
        raise typer.BadParameter(f"unknown {what} {', '.join(bad) or value!r}; "
                                 f"choose from {', '.join(allowed)}")
    return list(dict.fromkeys(items))


def at_least(least: float) -> Callable[[float | None], float | None]:
    """An option's check that its number is at least ``least``, said in words in the error
    (click's ranges print ``[x>=1]`` in the help)."""

    def check(value: float | None) -> float | None:
        if value is not None and value < least:
            raise typer.BadParameter(f"must be at least {least:g}, got {value:g}")
        return value

    return check


def check_lang(lang: str | None) -> None:
    if lang not in (None, "vi", "en"):
        raise typer.BadParameter(f"unknown language {lang!r}; choose vi or en")


@overload
def date_option(value: str, option: str) -> dt.date: ...
@overload
def date_option(value: None, option: str) -> None: ...
def date_option(value: str | None, option: str) -> dt.date | None:
    """A date option's value: ISO, or as clerks write it (28/05/2025); None when not given."""
    from briefgen.load.notations import parse_date

    if value is None:
        return None
    try:
        found = parse_date(value)
    except ValueError:
        found = None
    if found is None:
        raise typer.BadParameter(f"{option}: expected a date (2025-05-28 or 28/05/2025), "
                                 f"got {value!r}")
    return found
