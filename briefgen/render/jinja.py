"""The Jinja environment every template renders in: sandboxed, autoescaped, strict.

Sandboxed so a template from someone else cannot reach Python internals; autoescaped so input
text can never become markup; StrictUndefined so a misspelt variable is an error, not a blank.
Input text is only ever passed as data, never compiled, so ``{{ 7*7 }}`` in a meeting file
prints literally.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment

from briefgen.assets import template_dirs


@cache
def environment(custom: Path | None = None) -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader([str(d) for d in template_dirs(custom)]),
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "css"),
                                     default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def docx_environment() -> ImmutableSandboxedEnvironment:
    """Environment for docxtpl: the XML it renders is always escaped."""
    return ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
