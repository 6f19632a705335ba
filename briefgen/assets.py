"""Where the default template set lives, and how a custom set falls back to it."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path


def _default_set() -> Path:
    """The folder of the package data ``briefgen.templates`` (``templates/`` in a checkout,
    ``briefgen/templates/`` in an installed wheel), found without importing anything."""
    spec = find_spec("briefgen.templates")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("briefgen's default templates are not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


DEFAULT_TEMPLATES = _default_set()


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
