"""Build the Word templates that the DOCX renderer fills: templates/docx/<regime>/<doc>.docx.

The templates carry docxtpl (Jinja) tags and the same content, in the same order, as the HTML
templates (templates/html/<doc>.html, their includes and base.html). Layout numbers (margins,
sizes, spacing) come from one format profile per regime, so they stay data:

    .venv/bin/python tools/build_docx_templates.py          # (re)write the templates
    .venv/bin/python tools/build_docx_templates.py --check  # exit 1 if any is out of date

Rules kept while building, so docxtpl can always read the tags:
- every Jinja tag sits inside one run (runs are built here, never typed in Word);
- ``{%p ... %}`` tags stand alone in their paragraph, ``{%tr ... %}`` alone in their row;
- the output is byte-stable: fixed core properties and fixed zip timestamps.

The builder is this package: the shared parts (xml.py: OOXML helpers; flow.py: paragraphs and
tables; base.py: page, styles, header, title, close; pieces.py: lists and grid tables several
kinds print) and one module per kind, whose class writes that kind's content (:data:`BUILDERS`).
Where Word differs from the HTML is said in the kind's module (pack.py).

Sizes and emphasis are fixed when the template is built (from the profile named in BUILD_FROM);
choices a later profile of the same regime may change (the mark under the issuing body, the
mark under the subject) stay conditions on ``p`` at render time, as in the HTML.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefgen import kinds
from briefgen.model.profile import Profile, load_profile
from tools.docx_templates.base import TemplateBuilder
from tools.docx_templates.invitation import InvitationTemplate
from tools.docx_templates.minutes import MinutesTemplate
from tools.docx_templates.notice import NoticeTemplate
from tools.docx_templates.pack import PackTemplate
from tools.docx_templates.report import ReportTemplate
from tools.docx_templates.request import RequestTemplate

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATES = ROOT / "templates"
BUILD_FROM = {"party": "party-hd36", "state": "state-nd30"}  # regime -> profile file stem
#: The builder of each kind's template, by kind name.
BUILDERS: dict[str, type[TemplateBuilder]] = {
    b.kind: b for b in (MinutesTemplate, NoticeTemplate, InvitationTemplate, PackTemplate,
                        ReportTemplate, RequestTemplate)}


def profile_named(stem: str) -> Profile:
    """A default profile, validated as rendering validates it (errors at their line)."""
    return load_profile(TEMPLATES / "profiles" / f"{stem}.yaml")


def build_all() -> dict[Path, bytes]:
    """Every registered kind's template for each regime's default profile, by path."""
    out = {}
    for regime, stem in BUILD_FROM.items():
        profile = profile_named(stem)
        if profile.regime != regime:
            raise SystemExit(f"profile {stem} is for regime {profile.regime}, not {regime}")
        # Every kind of the package's registry has its builder here (a kind registered at run
        # time brings its own Word template); one without is named, not silently skipped.
        for kind in kinds.names():
            if kind not in BUILDERS:
                raise SystemExit(f"kind {kind!r} (briefgen/kinds/{kind}.py) has no builder in "
                                 f"tools/docx_templates/ (BUILDERS) to build its Word template")
            out[TEMPLATES / "docx" / regime / f"{kind}.docx"] = BUILDERS[kind](profile).build()
    return out


def main(argv: list[str] | None = None) -> int:
    """Write the templates, or with ``--check`` compare them with a fresh build."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a template differs from a fresh build")
    args = parser.parse_args(argv)
    stale = []
    for path, data in build_all().items():
        rel = path.relative_to(ROOT)
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                stale.append(rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"wrote {rel} ({len(data):,} bytes)")
    if stale:
        print("out of date: " + ", ".join(map(str, stale)), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
