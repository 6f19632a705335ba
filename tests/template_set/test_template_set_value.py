"""The template set a run renders with, as one value made once: it finds files in the custom
set first, reads a whole folder (profiles) from the set that has it, and is the key what is
read from a set is cached by, so a second run with the same folder reuses the first's."""

from __future__ import annotations

import pickle
from pathlib import Path

from briefgen.assets import DEFAULT_SET, DEFAULT_TEMPLATES, TemplateSet
from briefgen.render.jinja import environment
from briefgen.settings import Settings
from briefgen.view.build import load_labels


def test_a_custom_file_comes_first_and_the_rest_from_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "labels" / "vi.yaml").write_text("and: cùng\n", encoding="utf-8")
    chosen = TemplateSet(tmp_path)
    assert chosen.find("labels/vi.yaml") == tmp_path / "labels" / "vi.yaml"
    assert chosen.find("labels/en.yaml") == DEFAULT_TEMPLATES / "labels" / "en.yaml"
    assert chosen.dirs() == [tmp_path, DEFAULT_TEMPLATES]
    assert DEFAULT_SET.dirs() == [DEFAULT_TEMPLATES]


def test_profiles_come_whole_from_the_set_that_has_them(tmp_path: Path) -> None:
    assert TemplateSet(tmp_path).folder("profiles") == DEFAULT_TEMPLATES / "profiles"
    (tmp_path / "profiles").mkdir()
    assert TemplateSet(tmp_path).folder("profiles") == tmp_path / "profiles"


def test_equal_sets_share_what_is_read_from_them(tmp_path: Path) -> None:
    assert environment(TemplateSet(tmp_path)) is environment(TemplateSet(tmp_path))
    assert environment(TemplateSet(tmp_path)) is not environment(DEFAULT_SET)
    assert load_labels("vi", TemplateSet(tmp_path)) is load_labels("vi", TemplateSet(tmp_path))


def test_settings_travel_to_worker_processes_whole(tmp_path: Path) -> None:
    """The batch's workers are given the set in their start arguments (pickled)."""
    settings = Settings(templates=TemplateSet(tmp_path), lang="en")
    assert pickle.loads(pickle.dumps(settings)) == settings
