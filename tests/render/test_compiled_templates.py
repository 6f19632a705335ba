"""Compiled templates are kept between runs, and a kept file that is damaged, or a folder that
cannot be written, only means compiling again: the output is the same, nothing fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import DictLoader

from briefgen.render.jinja import CompiledTemplates, DataOnlySandbox

TEMPLATES = {"page.html": "<p>{{ items | length }} mục: {% for i in items %}{{ i }};{% endfor %}</p>"}
EXPECTED = "<p>2 mục: a&lt;b;c;</p>"


def render(folder: Path) -> str:
    cache = CompiledTemplates()
    cache.directory = str(folder)
    env = DataOnlySandbox(loader=DictLoader(TEMPLATES), bytecode_cache=cache, autoescape=True)
    return env.get_template("page.html").render(items=["a<b", "c"])


def test_templates_are_kept_compiled_under_briefgens_own_names(tmp_path: Path) -> None:
    assert render(tmp_path) == EXPECTED
    kept = list(tmp_path.iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("briefgen-sandboxed-")
    assert render(tmp_path) == EXPECTED  # from the kept file


@pytest.mark.parametrize("damage", [b"", b"\x00" * 40, b"j2\x00garbage-not-marshal"])
def test_a_damaged_kept_template_is_compiled_again(tmp_path: Path, damage: bytes) -> None:
    render(tmp_path)
    for kept in tmp_path.iterdir():
        kept.write_bytes(damage)
    assert render(tmp_path) == EXPECTED


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path: Path) -> None:
    """A file where the folder should be: nothing can be written or read there, even as root."""
    blocked = tmp_path / "blocked"
    blocked.write_bytes(b"not a folder")
    assert render(blocked) == EXPECTED
    assert blocked.read_bytes() == b"not a folder"


def test_a_missing_folder_only_means_compiling(tmp_path: Path) -> None:
    assert render(tmp_path / "gone" / "deeper") == EXPECTED


WORD_PART = "<w:t>{{ items | length }} mục{% for i in items %}, {{ i }}{% endfor %}</w:t>"


def fill_word_part(folder: Path) -> str:
    """A Word template's part, as docxtpl hands it over: a string, in a fresh environment
    (a new process) each time."""
    from briefgen.render.jinja import CompilingOnce, NoIncludes

    cache = CompiledTemplates()
    cache.directory = str(folder)
    env = CompilingOnce(loader=NoIncludes(), autoescape=True, bytecode_cache=cache)
    return env.from_string(WORD_PART).render(items=["a<b", "c"])


def test_word_template_parts_are_kept_compiled_too(tmp_path: Path) -> None:
    assert fill_word_part(tmp_path) == "<w:t>2 mục, a&lt;b, c</w:t>"
    kept = list(tmp_path.iterdir())
    assert len(kept) == 1 and kept[0].name.startswith("briefgen-sandboxed-")
    stamp = kept[0].stat().st_mtime_ns
    assert fill_word_part(tmp_path) == "<w:t>2 mục, a&lt;b, c</w:t>"  # loaded, not rewritten
    assert kept[0].stat().st_mtime_ns == stamp
    kept[0].write_bytes(b"\x00" * 40)  # damaged: compiled again
    assert fill_word_part(tmp_path) == "<w:t>2 mục, a&lt;b, c</w:t>"
