"""The Jinja environment every template renders in: sandboxed, autoescaped, strict, confined.

Sandboxed so a template from someone else cannot reach Python internals; autoescaped so input
text can never become markup; StrictUndefined so a misspelt variable is an error, not a blank.
Input text is only ever passed as data, never compiled, so ``{{ 7*7 }}`` in a meeting file
prints literally. Two further fences: on objects that carry more than data (pydantic models
with their file-reading class methods, docxtpl's InlineImage holding the live document) a
template may read declared fields only; and the loader serves only files that really lie in
the template set, so a symbolic link cannot smuggle in an outside file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateNotFound,
    nodes,
    select_autoescape,
)
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from jinja2.environment import Environment
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel

from briefgen import __version__
from briefgen.assets import TemplateSet


class DataOnlySandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, tightened: models expose their fields and nothing else."""

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, BaseModel):
            model = type(obj)
            return attr in model.model_fields or attr in model.model_computed_fields
        if type(obj).__module__.startswith("docxtpl"):
            return False  # InlineImage.tpl is the whole DocxTemplate: save(), replace_zipname()
        return bool(super().is_safe_attribute(obj, attr, value))


class LinkOutOfSet(TemplateNotFound):
    """A template file that is a link to a file outside its template set."""


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses files whose real path leaves their search folder."""

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(filename).resolve()
        if not any(real.is_relative_to(Path(root).resolve()) for root in self.searchpath):
            raise LinkOutOfSet(f"{template} (a link to a file outside the template set)")
        return source, filename, uptodate


class NoIncludes(BaseLoader):
    """Word templates are one file: an include or import names nothing that exists."""

    def get_source(self, environment: Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        raise TemplateNotFound(template)


class CompiledTemplates(FileSystemBytecodeCache):
    """Compiled templates kept between runs: compiling the default set cost each process of a
    batch (the parent's fingerprints, then every worker) its share (bench/FIGURES.md). Jinja's own
    per-user folder (mode 0700, checked) under briefgen's own file names, so no template
    compiled by another program's environment, outside a sandbox, is ever loaded. Entries are
    keyed by template and checked against the source; a cache: what cannot be read or written
    is compiled again."""

    def __init__(self) -> None:
        super().__init__(pattern="briefgen-sandboxed-%s.cache")

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):  # unreadable or damaged
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            return


@cache
def compiled_templates() -> CompiledTemplates | None:
    try:
        return CompiledTemplates()
    except (OSError, RuntimeError):  # no safe folder of this user's to keep them in
        return None


@cache
def environment(templates: TemplateSet = TemplateSet()) -> ImmutableSandboxedEnvironment:
    """The HTML templates' environment for a template set, made once per set."""
    return DataOnlySandbox(
        bytecode_cache=compiled_templates(),
        loader=ConfinedLoader([str(d) for d in templates.dirs()]),
        autoescape=select_autoescape(enabled_extensions=("html", "xml", "css"),
                                     default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


class CompilingOnce(DataOnlySandbox):
    """docxtpl hands over each part of a Word template as a string on every render; compiling
    those (several parts a file) was a large share of DOCX time in a batch (bench/FIGURES.md).
    Same source, same template."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: str | nodes.Template, globals: Any = None,
                    template_class: type[Template] | None = None) -> Template:
        if not isinstance(source, str) or globals or template_class:
            return super().from_string(source, globals, template_class)
        if source not in self._compiled:
            if len(self._compiled) > 256:  # a long-lived process with many template sets
                self._compiled.clear()
            self._compiled[source] = self._kept_or_compiled(source)
        return self._compiled[source]

    def _kept_or_compiled(self, source: str) -> Template:
        """From the compiled templates kept between runs when there, else compiled (a set's
        Word templates, in each process) and kept. The entry's name is the
        source's hash under this environment's and briefgen's version, so no template
        compiled with other options is ever loaded for it."""
        cache = self.bytecode_cache
        if cache is None:
            return super().from_string(source)
        digest = hashlib.sha256(source.encode()).hexdigest()
        bucket = cache.get_bucket(self, f"docx/{__version__}/{digest}", None, source)
        if bucket.code is None:
            bucket.code = self.compile(source)
            cache.set_bucket(bucket)
        return self.template_class.from_code(self, bucket.code, self.make_globals(None))


@cache
def docx_environment() -> ImmutableSandboxedEnvironment:
    """Environment for docxtpl: the XML it renders is always escaped."""
    return CompilingOnce(loader=NoIncludes(), autoescape=True, undefined=StrictUndefined,
                         bytecode_cache=compiled_templates())
