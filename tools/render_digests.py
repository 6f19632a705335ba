"""sha256 of every document briefgen renders for the meetings in inputs/, to prove a refactor
keeps outputs byte-identical.

    python tools/render_digests.py OUT.json            # render and write the digests
    python tools/render_digests.py OUT.json --against BEFORE.json   # and compare

For each meeting: `briefgen batch --force` (every kind, point and unit, DOCX, PDF and HTML)
and `briefgen requests` (letters in every format and the XLSX forms). The batch's index.html
and manifest.json are left out: they list the run, not a document.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_DOCUMENTS = {"index.html", "manifest.json"}


def _briefgen(*args: str) -> None:
    """Run the CLI of the interpreter running this script."""
    subprocess.run([sys.executable, "-m", "briefgen", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)


def _digests(folder: Path) -> dict[str, str]:
    """sha256 of every document file under ``folder``, by relative path: a batch's
    OUT/<meeting-id> is a link to a folder named by the run, followed under the link's name
    (hidden files and folders, the run's own and the kept sections, are left out)."""
    found = {}
    for top, dirs, files in os.walk(folder, followlinks=True):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(top) / name
            if name not in NOT_DOCUMENTS and not name.startswith("."):
                found[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return dict(sorted(found.items()))


def render_all(work: Path) -> dict[str, str]:
    """Render every meeting of inputs/ into ``work`` and digest the files."""
    for meeting in sorted((ROOT / "inputs").glob("*.yaml")):
        _briefgen("batch", str(meeting), "--out", str(work / "batch"), "--force", "-j", "1")
        _briefgen("requests", str(meeting), "--out", str(work / "requests" / meeting.stem),
                  "--format", "docx,pdf,html")
    return _digests(work)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        digests = render_all(Path(work))
    args.out.write_text(json.dumps(digests, indent=1, sort_keys=True) + "\n")
    if not args.against:
        print(f"{len(digests)} files")
        return 0
    before = json.loads(args.against.read_text())
    changed = sorted(k for k in before.keys() & digests.keys() if before[k] != digests[k])
    for name in changed:
        print("changed", name)
    for name in sorted(before.keys() - digests.keys()):
        print("gone", name)
    for name in sorted(digests.keys() - before.keys()):
        print("new", name)
    same = len(before.keys() & digests.keys()) - len(changed)
    print(f"{same} identical, {len(changed)} changed, "
          f"{len(before.keys() - digests.keys())} gone, {len(digests.keys() - before.keys())} new")
    return 1 if changed or before.keys() != digests.keys() else 0


if __name__ == "__main__":
    raise SystemExit(main())
