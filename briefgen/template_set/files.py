"""A template set's files: which a render uses and where each comes from (``templates
list``), and a copy of the defaults to edit (``templates copy``)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from briefgen import kinds
from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.errors import InputError

SET_FOLDERS = ("html", "docx", "labels", "profiles")
Origin = Literal["custom", "default"]


@dataclass(frozen=True)
class TemplateFile:
    """One file of a template set in use, and where it comes from."""

    relative: str  # "html/minutes.html", "docx/party/minutes.docx"
    path: Path
    document: str  # minutes | notice | invitation | pack | report | index | shared
    format: str  # docx | html | css | labels | profile | (other files: their suffix)
    regime: str | None
    origin: Origin


def custom_set(folder: Path | None) -> Path | None:
    """``folder`` as a custom set, or None when it is the default set itself."""
    if folder is None or folder.resolve() == DEFAULT_TEMPLATES.resolve():
        return None
    return folder


def set_files(folder: Path, everything: bool = False) -> dict[str, Path]:
    """Relative name -> path of each file of a set: the template folders only, or (for a
    custom set) ``everything`` it holds, such as fonts and images. Hidden files aside."""
    tops = [folder] if everything else [folder / sub for sub in SET_FOLDERS]
    files = {}
    for top in tops:
        for path in sorted(top.rglob("*")) if top.is_dir() else []:
            relative = path.relative_to(folder)
            if path.is_file() and not any(p.startswith(".") or p == "__pycache__"
                                          for p in relative.parts):
                files[relative.as_posix()] = path
    files.pop("meeting-skeleton.yaml", None)  # `briefgen init`'s, not a document template
    return files


def describe(relative: str, path: Path) -> tuple[str, str, str | None]:
    """(document, format, regime) of a file of a set, from where it sits."""
    parts, name = relative.split("/"), Path(relative)
    suffix = name.suffix.lstrip(".").lower()
    if parts[0] == "docx" and suffix == "docx":
        return (name.stem if name.stem in kinds.KINDS else "shared", "docx",
                parts[1] if len(parts) == 3 else None)
    if parts[0] == "labels" and suffix == "yaml":
        return "shared", "labels", None
    if parts[0] == "profiles" and suffix == "yaml":
        return "shared", "profile", _profile_regime(path)
    if parts[0] == "html" and suffix in ("html", "css"):
        document = name.stem if name.stem in (*kinds.KINDS, "index") else "shared"
        return document, suffix, None
    return "shared", suffix or "file", None


def _profile_regime(path: Path) -> str | None:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None
    return str(data["regime"]) if isinstance(data, dict) and "regime" in data else None


def list_templates(folder: Path | None = None) -> list[TemplateFile]:
    """Every file rendering uses with the set ``folder`` (the defaults when None): its own
    files, and the defaults it falls back to. Default profiles are not used by a set that has
    a profiles folder of its own, so they are not listed for it."""
    custom = custom_set(existing(folder) if folder else None)
    own = set_files(custom, everything=True) if custom else {}
    own_profiles = custom is not None and (custom / "profiles").is_dir()
    rows: dict[str, TemplateFile] = {}
    for relative, path in set_files(DEFAULT_TEMPLATES).items():
        if relative not in own and not (own_profiles and relative.startswith("profiles/")):
            rows[relative] = TemplateFile(relative, path, *describe(relative, path), "default")
    for relative, path in own.items():
        rows[relative] = TemplateFile(relative, path, *describe(relative, path), "custom")
    return [rows[name] for name in sorted(rows)]


def existing(folder: Path) -> Path:
    if not folder.is_dir():
        raise InputError.single(folder, "no such folder; a template set is a folder laid out "
                                        "like the one `briefgen templates copy` writes")
    return folder


def copy_defaults(target: Path) -> list[Path]:
    """Copy the default template set into ``target`` (new or empty) and return the files."""
    if target.exists() and not target.is_dir():
        raise InputError.single(target, "exists and is not a folder; give a new folder")
    if target.is_dir() and any(target.iterdir()):
        raise InputError.single(target, "exists and is not empty; give a new or empty folder "
                                        "(nothing was copied)")
    for sub in SET_FOLDERS:
        shutil.copytree(DEFAULT_TEMPLATES / sub, target / sub, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return sorted(target / relative for relative in set_files(target))
