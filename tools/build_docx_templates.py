"""Build the Word templates that the DOCX renderer fills: templates/docx/<regime>/<doc>.docx.

    .venv/bin/python tools/build_docx_templates.py          # (re)write the templates
    .venv/bin/python tools/build_docx_templates.py --check  # exit 1 if any is out of date

The builder itself is the package tools/docx_templates/ (its build.py says how it is laid out).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: tools/ is on the path, the repository is not
    sys.path.insert(0, str(ROOT))

from tools.docx_templates.build import main  # noqa: E402 (after the path is set)

if __name__ == "__main__":
    raise SystemExit(main())
