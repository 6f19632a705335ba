"""The guide's reference, generated from the code so that it cannot drift from it: every field of
the meeting file (its JSON Schema, ``briefgen schema``), every command (its ``--help``), every
limit (``briefgen/load/limits.py``). Where the code speaks English, the Vietnamese explanation
comes from a data file beside this module, keyed as the code names the thing
(tests/docs/test_guide.py checks that every field, command and limit has one, and no more)."""

from __future__ import annotations

import ast
import html
import json
import os
import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tools.guide.steps import ROOT

DATA = Path(__file__).resolve().parent
BRIEFGEN = ROOT / ".venv" / "bin" / "briefgen"
LIMITS = ROOT / "briefgen" / "load" / "limits.py"
# The documents a meeting file describes share one shape (DocumentInfo): listed once as <doc>.
DOCUMENTS = "documents"


@dataclass(frozen=True)
class Field:
    """One field of the meeting file: its path (``tasks[].status``), type and description."""

    path: str
    type: str
    required: bool
    description: str


def vietnamese(name: str) -> dict[str, str]:
    """A data file of Vietnamese explanations (``fields``, ``commands``, ``limits``)."""
    data = yaml.safe_load((DATA / f"{name}.vi.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def schema() -> dict[str, Any]:
    """The meeting file's JSON Schema, as ``briefgen schema`` prints it."""
    out = subprocess.run([str(BRIEFGEN), "schema"], capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout))


def fields(doc: dict[str, Any] | None = None) -> list[Field]:
    """Every field of the schema, depth first in the schema's order."""
    doc = doc if doc is not None else schema()
    defs = doc["$defs"]
    found: list[Field] = []
    _walk(doc, defs, "", found, frozenset())
    return found


def _walk(node: dict[str, Any], defs: dict[str, Any], prefix: str, found: list[Field],
          seen: frozenset[str]) -> None:
    required = set(node.get("required", []))
    props: dict[str, Any] = node.get("properties", {})
    if prefix == f"{DOCUMENTS}." and props:
        _walk_documents(props, defs, found, seen)
        return
    for name, prop in props.items():
        path = prefix + name
        found.append(Field(path, _type(prop, defs), name in required,
                           prop.get("description", "")))
        target, suffix = _target(prop)
        if target and target not in seen and "properties" in defs.get(target, {}):
            _walk(defs[target], defs, f"{path}{suffix}.", found, seen | {target})


def _walk_documents(props: dict[str, Any], defs: dict[str, Any], found: list[Field],
                    seen: frozenset[str]) -> None:
    """``documents.<doc>``: each document named, their shared fields listed once."""
    shared: dict[str, Any] | None = None
    for name, prop in props.items():
        found.append(Field(f"{DOCUMENTS}.{name}", _type(prop, defs), False,
                           prop.get("description", "")))
    targets = {name: _target(prop)[0] for name, prop in props.items()}
    kinds = [t for t in targets.values() if t]
    common = max(set(kinds), key=kinds.count)
    shared = defs[common]
    _walk(shared, defs, f"{DOCUMENTS}.<doc>.", found, seen | {common})
    for name, target in targets.items():
        if target and target != common:
            extra = {k: v for k, v in defs[target]["properties"].items()
                     if k not in shared["properties"]}
            _walk({"properties": extra, "required": defs[target].get("required", [])}, defs,
                  f"{DOCUMENTS}.{name}.", found, seen | {target})


def _target(prop: dict[str, Any]) -> tuple[str | None, str]:
    """The definition a property refers to, and how: ``''``, ``'[]'`` (a list of them)."""
    if "$ref" in prop:
        return str(prop["$ref"]).rsplit("/", 1)[-1], ""
    for key in ("anyOf", "allOf", "oneOf"):
        for option in prop.get(key, []):
            target, suffix = _target(option)
            if target:
                return target, suffix
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        target, suffix = _target(prop["items"])
        return (target, "[]" + suffix) if target else (None, "")
    return None, ""


def _type(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    """A short type: ``text``, ``list of Person``, ``one of party, state``."""
    if "$ref" in prop:
        name = str(prop["$ref"]).rsplit("/", 1)[-1]
        target = defs.get(name, {})
        if "enum" in target:
            return "một trong: " + ", ".join(f"`{v}`" for v in target["enum"])
        return "mục" if "properties" in target else name
    if "enum" in prop:
        return "một trong: " + ", ".join(f"`{v}`" for v in prop["enum"])
    options = prop.get("anyOf") or prop.get("oneOf")
    if options:
        kinds = [_type(o, defs) for o in options if o.get("type") != "null"]
        return " hoặc ".join(dict.fromkeys(kinds))
    if prop.get("type") == "array":
        return "danh sách " + _type(prop.get("items", {}), defs)
    words = {"string": "chữ", "integer": "số nguyên", "number": "số", "boolean": "đúng/sai",
             "object": "mục"}
    fmt = {"date": "ngày", "date-time": "thời điểm"}.get(prop.get("format", ""))
    return fmt or words.get(str(prop.get("type", "")), "giá trị")


def commands() -> list[str]:
    """Every command, as typed after ``briefgen`` (``render``, ``templates check``)."""
    import typer

    from briefgen.cli import app

    root = typer.main.get_command(app)
    return list(_command_names(root, ""))


def _command_names(group: Any, prefix: str) -> Iterator[str]:
    for name, cmd in group.commands.items():  # registration order
        if getattr(cmd, "hidden", False):
            continue
        full = f"{prefix}{name}"
        if hasattr(cmd, "commands"):
            yield full
            yield from _command_names(cmd, f"{full} ")
        else:
            yield full


def help_text(command: str) -> str:
    """``briefgen COMMAND --help`` as a terminal 100 columns wide prints it."""
    env = {**os.environ, "COLUMNS": "100", "TERM": "dumb", "NO_COLOR": "1"}
    out = subprocess.run([str(BRIEFGEN), *command.split(), "--help"], capture_output=True,
                         text=True, check=True, env=env)
    return "\n".join(line.rstrip() for line in out.stdout.rstrip().splitlines())


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    doc: str


def limits() -> list[Limit]:
    """Every ``MAX_*`` constant of briefgen/load/limits.py with its docstring."""
    body = ast.parse(LIMITS.read_text(encoding="utf-8")).body
    found: list[Limit] = []
    for node, after in zip(body, [*body[1:], None], strict=True):
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id.startswith("MAX_")
                and isinstance(node.value, ast.Constant) and isinstance(node.value.value, int)):
            doc = ""
            if isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant):
                doc = " ".join(str(after.value.value).split())
            found.append(Limit(node.targets[0].id, int(node.value.value), doc))
    return found


def _cell(text: str) -> str:
    """Text for a table cell: one line, its ``|`` escaped, and ``<doc>`` outside code spans
    shown as written rather than read as an HTML tag."""
    parts = re.split(r"(`+[^`]*`+)", text.replace("\n", " "))
    return "".join(part if part.startswith("`") else html.escape(part, quote=False)
                   for part in parts).replace("|", "\\|")


def fields_page() -> str:
    vi = vietnamese("fields")
    lines = ["# Các trường của tệp dữ liệu cuộc họp", "",
             "Trang này được sinh tự động từ lược đồ JSON (JSON Schema) của tệp dữ liệu cuộc họp "
             "(`briefgen schema`), nên luôn khớp với phiên bản briefgen đi kèm. Đường dẫn viết "
             "như trong thông báo lỗi: `tasks[].status` là trường `status` của mỗi nhiệm vụ "
             "trong danh sách `tasks`; `documents.<doc>` là từng văn bản (`minutes`, `notice`, "
             "`invitation`, `pack`, `report`, `request`). Trường có dấu ✱ là bắt buộc.", "",
             "Lưu ý: mỗi trình soạn thảo hỗ trợ JSON Schema (như Visual Studio Code với phần mở "
             "rộng YAML) có thể dùng `briefgen schema > meeting.schema.json` để gợi ý và kiểm "
             "tra trường ngay khi gõ.", ""]
    section = None
    for f in fields():
        top = f.path.split(".")[0].split("[")[0]
        if top != section:
            section = top
            lines += ["", f"## `{top}`", "", "| trường | kiểu | ý nghĩa | mô tả trong mã (tiếng Anh) |",
                      "| --- | --- | --- | --- |"]
        mark = " ✱" if f.required else ""
        lines.append(f"| `{f.path}`{mark} | {_cell(f.type)} | {_cell(vi.get(f.path, ''))} | "
                     f"{_cell(f.description)} |")
    return "\n".join(lines) + "\n"


def commands_page() -> str:
    vi = vietnamese("commands")
    lines = ["# Các lệnh", "",
             "Trang này chép lại `--help` của từng lệnh, sinh tự động khi dựng trang. Câu đầu mỗi "
             "mục là lời giải thích tiếng Việt; phần trong khung là đúng những gì lệnh in ra.", ""]
    for name in commands():
        lines += [f"## `briefgen {name}`", "", vi.get(name, ""), "", "```text", help_text(name),
                  "```", ""]
    return "\n".join(lines)


def limits_page() -> str:
    vi = vietnamese("limits")
    lines = ["# Các giới hạn", "",
             "briefgen từ chối trước những gì sẽ tốn thời gian hoặc bộ nhớ không giới hạn, và nói "
             "rõ giới hạn nào bị vượt. Các con số dưới đây được đọc thẳng từ mã nguồn "
             "(`briefgen/load/limits.py`) khi dựng trang; chúng cao hơn nhiều so với các cuộc họp "
             "thật (tệp cuộc họp mẫu 17 KB, 44 nhiệm vụ). Thông báo đầy đủ (tiếng Anh): "
             "[Limits](../limits.md).", "",
             "| giới hạn | con số | ý nghĩa | trong mã (tiếng Anh) |", "| --- | --- | --- | --- |"]
    for limit in limits():
        number = f"{limit.value:,}".replace(",", ".")
        lines.append(f"| `{limit.name}` | {number} | {_cell(vi.get(limit.name, ''))} | "
                     f"{_cell(limit.doc)} |")
    return "\n".join(lines) + "\n"


def index_page() -> str:
    return "\n".join([
        "# Tra cứu", "",
        "Sinh tự động từ mã nguồn mỗi khi dựng trang, nên không thể lệch với chương trình:", "",
        "- [Các trường của tệp dữ liệu cuộc họp](truong.md): từ `briefgen schema`;",
        "- [Các lệnh](lenh.md): từ `--help` của từng lệnh;",
        "- [Các giới hạn](gioi-han.md): từ `briefgen/load/limits.py`.", ""])


def write_reference(folder: Path) -> list[str]:
    """Write the reference pages into ``folder``; their names, in nav order."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = {"index.md": index_page(), "truong.md": fields_page(), "lenh.md": commands_page(),
             "gioi-han.md": limits_page()}
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return list(pages)
