"""Where the default template set lives, and how a custom set falls back to it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any


def _default_set() -> Path:
    """The folder of the package data ``briefgen.templates`` (``templates/`` in a checkout,
    ``briefgen/templates/`` in an installed wheel), found without importing anything."""
    spec = find_spec("briefgen.templates")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("briefgen's default templates are not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


DEFAULT_TEMPLATES = _default_set()


@cache
def read_yaml(path: Path) -> Any:
    """A template set's YAML file (labels, profiles), parsed once per process with libyaml
    where it is there: the clerk's status vocabulary and the view read the same labels file.
    Shared: callers build from it, never change it."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def template_dirs(custom: Path | None = None) -> list[Path]:
    """Folders searched for templates, the custom set first."""
    return [custom, DEFAULT_TEMPLATES] if custom else [DEFAULT_TEMPLATES]


def find_template(relative: str, custom: Path | None = None) -> Path:
    """The first existing ``relative`` file in the custom set, then the defaults."""
    for folder in template_dirs(custom):
        candidate = folder / relative
        # A link out of the set (a set unzipped from elsewhere may carry one) is not a template.
        if candidate.is_file() and candidate.resolve().is_relative_to(folder.resolve()):
            return candidate
    raise FileNotFoundError(f"no template {relative}")


@dataclass(frozen=True)
class TemplateSet:
    """The template set a run renders with: a customised folder (``custom``, ``--templates``)
    and, for what it lacks, the defaults; None: the defaults alone. Made once (by the CLI,
    in :class:`briefgen.settings.Settings`) and given to what finds templates, labels and
    profiles, the view builder and the renderers when they are made. Hashable: what is read
    from a set is cached by it."""

    custom: Path | None = None

    def dirs(self) -> list[Path]:
        """Folders searched for templates, the custom set first."""
        return template_dirs(self.custom)

    def find(self, relative: str) -> Path:
        """The first existing ``relative`` file in the custom set, then the defaults."""
        return find_template(relative, self.custom)

    def folder(self, name: str) -> Path:
        """A folder of files read whole (``profiles``): the custom set's where it has one,
        else the default's."""
        mine = self.custom / name if self.custom else None
        return mine if mine is not None and mine.is_dir() else DEFAULT_TEMPLATES / name


DEFAULT_SET = TemplateSet()
"""The default template set alone (no ``--templates``)."""
