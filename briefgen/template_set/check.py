"""``briefgen templates check``: every problem rendering with a set would meet."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from briefgen.errors import Problem
from briefgen.template_set.data import (
    check_outline_labels,
    check_profiles,
    check_symlinks,
    set_labels,
)
from briefgen.template_set.files import custom_set, existing, list_templates
from briefgen.template_set.html import check_html
from briefgen.template_set.word import check_docx


@dataclass(frozen=True)
class CheckReport:
    folder: Path
    templates: int  # HTML, CSS and Word files checked
    problems: list[Problem]
    warnings: list[Problem]


def check_set(folder: Path) -> CheckReport:
    """Every problem rendering with a template set would meet: in its own files, and in the
    defaults it falls back to as far as the set changes them (its labels, what it includes)."""
    custom = custom_set(existing(folder))
    in_use = list_templates(folder)
    html = [f for f in in_use if f.format in ("html", "css") and f.relative.startswith("html/")]
    word = [f for f in in_use if f.format == "docx"]
    labels, findings = set_labels(custom)
    findings += [*check_profiles(folder), *check_symlinks(folder), *check_outline_labels(custom)]
    findings += check_html(html, custom, labels)
    for file in word:
        findings += check_docx(file.path, labels)
    unique = list(dict.fromkeys(findings))
    return CheckReport(folder, len(html) + len(word),
                       _ordered(f.problem for f in unique if not f.warning),
                       _ordered(f.problem for f in unique if f.warning))


def _ordered(problems: Iterable[Problem]) -> list[Problem]:
    """In the order InputError prints them (so check and render list them alike)."""
    return sorted(problems, key=lambda p: (p.file, p.line, p.column, p.path))
