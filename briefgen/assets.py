"""Where the default template set lives, and how a custom set falls back to it."""

from __future__ import annotations

from pathlib import Path

DEFAULT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


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
