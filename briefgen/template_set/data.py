"""The data files of a set: labels, profiles, and links that lead out of it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from briefgen import kinds
from briefgen.assets import find_template, template_dirs
from briefgen.errors import InputError, Problem
from briefgen.model.profile import load_profile
from briefgen.template_set.analyser import Finding
from briefgen.template_set.shapes import Shape, labels_shape


def set_labels(custom: Path | None) -> tuple[Shape, list[Finding]]:
    """The labels every language file of the set has (custom files first, then defaults),
    and any file that cannot be read."""
    names = sorted({p.name for d in template_dirs(custom) for p in (d / "labels").glob("*.yaml")})
    files, findings = [], []
    for name in names:
        path = find_template(f"labels/{name}", custom)
        try:
            files.append((f"labels/{name}", yaml.safe_load(path.read_text(encoding="utf-8"))))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            findings.append(_data_problem(path, exc, "labels file"))
    return labels_shape(files), findings


def check_outline_labels(custom: Path | None) -> list[Finding]:
    """Each labels file of the set has the labels the kinds' outlines head their sections
    with (the views make those headings; no template names them)."""
    findings = []
    for name in sorted({p.name for d in template_dirs(custom) for p in (d / "labels").glob("*.yaml")}):
        path = find_template(f"labels/{name}", custom)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # reported by set_labels
        findings += [Finding("unknown", Problem(str(path), 1, 1, label,
                                                kinds.lacking_label_message(kind)))
                     for kind, label in kinds.lacking_labels(data if isinstance(data, dict) else {})]
    return findings


def _data_problem(path: Path, exc: Exception, what: str) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return Finding("data", Problem(str(path), line, column, "", f"not a readable {what}: {reason}"))


def check_profiles(folder: Path) -> list[Finding]:
    """Each profile file of the set reads as a format profile."""
    findings = []
    for path in sorted((folder / "profiles").glob("*.yaml")):
        try:
            load_profile(path)
        except InputError as exc:
            findings += [Finding("data", dataclasses.replace(
                p, message=f"not a valid profile: {p.message}")) for p in exc.problems]
    return findings


def check_symlinks(folder: Path) -> list[Finding]:
    """Links that lead out of the set: the set would render a file from elsewhere."""
    root = folder.resolve()
    findings = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            findings.append(Finding("loads", Problem(
                str(path), 1, 1, "", f"is a link to {path.resolve()}, outside the template set; "
                                     "a template set must hold its own files")))
    return findings
