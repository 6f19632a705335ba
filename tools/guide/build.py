"""``make docs``: the site, built from docs/ with every guide step run and every picture made.

1. docs/ is staged into build/docs-src (the repository keeps no generated file);
2. every command block of the guide runs in a scratch copy of inputs/ and is compared with the
   output its page shows; the pictures are made from what the blocks wrote (a failing block or a
   changed output stops the build);
3. the reference pages are generated from the code (tools/guide/reference.py);
4. the nav: the guide in reading order, the reference, then every English page of docs/ (the
   developers' section, whichever pages docs/ holds when it is built);
5. ``mkdocs build --strict``; then no page may load a script, style or font from the network
   (the site is opened from disk, offline, search included).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from tools.guide.reference import write_reference
from tools.guide.steps import ROOT, Outcome, run_guide

STAGE = ROOT / "build" / "docs-src"
CONFIG = ROOT / "build" / "mkdocs.yml"
SITE = ROOT / "build" / "site"
GUIDE_PAGES = ("index.md", "developers.md")


def title(page: Path) -> str:
    """A page's first heading."""
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return page.stem


def nav(reference: list[str]) -> list[Any]:
    """Home, the guide, the reference, the developers' pages."""
    order = yaml.safe_load((ROOT / "tools" / "guide" / "nav.yaml").read_text(encoding="utf-8"))
    guide = [{title(STAGE / p): p} for p in order["guide"]]
    refs = [{title(STAGE / "tra-cuu" / p): f"tra-cuu/{p}"} for p in reference]
    english = sorted(p for p in (ROOT / "docs").glob("*.md") if p.name not in GUIDE_PAGES)
    developers = [{"Overview": "developers.md"}, *({title(p): p.name} for p in english)]
    return [{"Trang chủ": "index.md"}, {"Hướng dẫn sử dụng": guide},
            {"Tra cứu": refs}, {"For developers": developers}]


def report(outcomes: list[Outcome]) -> list[str]:
    """One line per step, and the problems."""
    problems = [p for o in outcomes if (p := o.problem())]
    ran = sum(o.ran and o.step.kind == "run" for o in outcomes)
    pictures = sum(len(o.made) for o in outcomes)
    print(f"guide: {ran} command blocks run, {pictures} pictures made")
    for o in outcomes:
        if not o.ran:
            print(f"  {o.step.where}: {o.skipped}")
    return problems


def build() -> int:
    shutil.rmtree(STAGE, ignore_errors=True)
    shutil.copytree(ROOT / "docs", STAGE)
    scratch = ROOT / "build" / "guide-run"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    problems = report(run_guide(images=STAGE / "huong-dan", where=scratch))
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        return 2
    reference = write_reference(STAGE / "tra-cuu")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(docs_dir=str(STAGE), site_dir=str(SITE), nav=nav(reference))
    CONFIG.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run([str(mkdocs), "build", "--strict", "--clean", "-f", str(CONFIG)],
                           env=env).returncode
    if built != 0:
        return built
    remote = remote_assets(SITE)
    if remote:
        print("the site loads from the network (it must work from disk):", *remote, sep="\n  ",
              file=sys.stderr)
        return 2
    print(f"site: {SITE / 'index.html'}")
    return 0


def remote_assets(site: Path) -> list[str]:
    """Scripts, styles and fonts a page would fetch from the network, page by page."""
    tag = re.compile(r"<(?:script|link)\b[^>]*\b(?:src|href)=\"(?:https?:)?//[^\"]*\"[^>]*>")
    return [f"{page.relative_to(site)}: {match}" for page in sorted(site.rglob("*.html"))
            for match in tag.findall(page.read_text(encoding="utf-8"))]


if __name__ == "__main__":
    sys.exit(build())
