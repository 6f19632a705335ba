"""The Word templates carry every style their parts name, and nothing python-docx's starting
document brought that none of them uses (tools/docx_templates/xml.py: ``slim``)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

TEMPLATES = sorted((Path(__file__).resolve().parents[2] / "templates" / "docx").glob("*/*.docx"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
USES = ("pStyle", "rStyle", "tblStyle", "numStyleLink", "styleLink", "basedOn", "next", "link")


def _xml(docx: zipfile.ZipFile) -> dict[str, etree._Element]:
    return {name: etree.fromstring(docx.read(name)) for name in docx.namelist()
            if name.endswith(".xml") and name.startswith("word/")}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_style_named_is_defined_and_no_unused_one_is_kept(template: Path) -> None:
    with zipfile.ZipFile(template) as docx:
        parts = _xml(docx)
        listed = docx.namelist()
    styles = parts.pop("word/styles.xml")
    defined = {el.get(f"{W}styleId"): el for el in styles.iter(f"{W}style")}
    named = {el.get(f"{W}val") for part in [*parts.values(), styles]
             for tag in USES for el in part.iter(f"{W}{tag}")}
    assert named, "the template names no style at all"
    assert named <= set(defined), f"named but not defined: {sorted(named - set(defined))}"
    unused = {sid for sid, el in defined.items()
              if sid not in named and el.get(f"{W}default") not in ("1", "true")}
    assert not unused, f"defined, never named: {sorted(unused)}"
    assert "word/stylesWithEffects.xml" not in listed
    assert len(defined) < 40, f"{len(defined)} styles"
