"""Rendering a template from someone else never writes, reads or links outside its set, even
through objects the templates legitimately receive (the profile model, the chart image)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REFERENCE, run_cli
from tests.template_set.test_templates import add_docx_paragraph, no_output


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "mau"
    run_cli("templates", "copy", target)
    return target


def render_pack(templates: Path, out: Path, fmt: str) -> tuple[int, str]:
    proc = run_cli("render", REFERENCE, "--doc", "pack", "--format", fmt, "--out", out,
                   "--templates", templates, check=False)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize(("tag", "attribute"), [
    ("{{ chart_image.tpl.save('%s') }}", "'tpl' of 'InlineImage'"),
    ("{{ p.parse_file('%s') }}", "'parse_file' of 'Profile'"),
    ("{{ p.model_validate_json('{}') }}", "'model_validate_json' of 'Profile'"),
])
def test_word_template_cannot_reach_methods_of_its_objects(
        copy: Path, tmp_path: Path, tag: str, attribute: str) -> None:
    target = tmp_path / "written-by-template.docx"
    add_docx_paragraph(copy / "docx" / "party" / "pack.docx", tag.replace("%s", str(target))
                       if "%s" in tag else tag)
    code, err = render_pack(copy, tmp_path / "out", "docx")
    assert code == 2 and "Traceback" not in err
    assert f"access to attribute {attribute} object is unsafe" in err
    assert not target.exists()
    assert no_output(tmp_path / "out")


def test_html_template_reads_profile_fields_but_not_methods(copy: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"name": "leaked"}', encoding="utf-8")
    minutes = copy / "html" / "minutes.html"
    text = minutes.read_text(encoding="utf-8")
    minutes.write_text(text.replace("{% block content %}",
                                    "{% block content %}{{ p.parse_file('" + str(secret) + "') }}",
                                    1),
                       encoding="utf-8")
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", "html", "--out",
                   tmp_path / "out", "--templates", copy, check=False)
    assert proc.returncode == 2 and "'parse_file' of 'Profile'" in proc.stderr
    assert "leaked" not in proc.stdout + proc.stderr
    assert no_output(tmp_path / "out")


def test_a_link_out_of_the_set_is_not_a_template(tmp_path: Path) -> None:
    templates = tmp_path / "set"
    (templates / "html").mkdir(parents=True)
    secret = tmp_path / "secret.css"
    secret.write_text("/* SECRET-CONTENT */", encoding="utf-8")
    (templates / "html" / "style.css").symlink_to(secret)
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", "html", "--out",
                   tmp_path / "out", "--templates", templates, check=False)
    assert proc.returncode == 2 and "outside the template set" in proc.stderr
    assert "SECRET-CONTENT" not in proc.stdout + proc.stderr
    assert no_output(tmp_path / "out")


def test_include_in_a_word_template_is_a_clean_error(copy: Path, tmp_path: Path) -> None:
    add_docx_paragraph(copy / "docx" / "party" / "minutes.docx", "{% include 'html/base.html' %}")
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", "docx", "--out",
                   tmp_path / "out", "--templates", copy, check=False)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    assert no_output(tmp_path / "out")
