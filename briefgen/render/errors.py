"""Template faults reported like input faults: ``template-file:LINE:1: message``, exit 2.

A template comes from a clerk or another office; when it is broken or tries what it may not
(reach Python internals, include a file outside its set, load a URL), the user gets the
template's name and line, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import TracebackType

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError

from briefgen.errors import InputError, Problem, did_you_mean


def _template_frame(tb: TracebackType | None) -> tuple[str, int] | None:
    """The innermost traceback frame that runs template code (Jinja maps it to the template)."""
    found = None
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".css", ".xml", ".docx")) or "/templates/" in name:
            found = (name, tb.tb_lineno)
        tb = tb.tb_next
    return found


def template_problem(exc: Exception, template: str) -> Problem:
    """Locate a Jinja error in its template and say it plainly."""
    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name or template
        return Problem(where, exc.lineno or 1, 1, "", f"template syntax: {exc.message}")
    frame = _template_frame(exc.__traceback__)
    where, line = frame if frame else (template, 1)
    if isinstance(exc, SecurityError):
        message = f"template tried something templates may not do: {exc}"
    elif isinstance(exc, TemplateNotFound):
        message = not_in_set_message(str(exc.name))
    elif isinstance(exc, UndefinedError):
        message = f"template uses an unknown variable: {exc.message}"
    else:
        message = f"template error: {exc}"
    return Problem(where, line, 1, "", message)


class TemplateFault(InputError):
    """A template failed while rendering. ``problems`` say it as Jinja located it; ``cause`` and
    ``template`` let a caller that knows the template set explain it further (the template
    toolkit's analysis, which ``briefgen templates check`` runs too)."""

    def __init__(self, problems: list[Problem], cause: Exception | None = None,
                 template: str = "") -> None:
        super().__init__(problems)
        self.cause, self.template = cause, template

    def __reduce__(self) -> tuple[type[InputError], tuple[list[Problem]]]:
        return (InputError, (self.problems,))  # across a process: the problems, as they are


@contextmanager
def template_errors(template: str) -> Iterator[None]:
    """Turn any Jinja failure while rendering ``template`` into a TemplateFault."""
    try:
        yield
    except (TemplateError, SecurityError) as exc:
        raise TemplateFault([template_problem(exc, template)], exc, template) from None


def not_in_set_message(name: str) -> str:
    return (f"template includes '{name}', which is not in the template set "
            f"(templates may only include files of their own set)")


def unknown_variable_message(name: str, known: Iterable[str], prefix: str = "") -> str:
    """``unknown variable 'doc.titel'; did you mean 'doc.title'?``: ``name`` is the last part
    of the variable, compared with the ``known`` names that can follow ``prefix``."""
    lead = f"{prefix}." if prefix else ""
    return f"unknown variable '{lead}{name}'{did_you_mean(name, known, lead)}"
