"""The national case: a session online with all 63 provinces and cities (role-only attendees,
one invitation and one pack per point), timed as a user runs it, side by side with the one-call
LibreOffice route over the same DOCX files, and LibreOffice kept warm by unoserver.

``.venv/bin/python bench/national.py [--runs N]`` (``make bench`` runs bench.py; this case is
separate because it takes several minutes). Figures go to bench/last-national.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import extra  # noqa: E402  bench/extra.py, beside this file

import bench  # noqa: E402  bench/bench.py: the warm LibreOffice route
from tests.national import national_meeting  # noqa: E402  (the same meeting the tests use)

BRIEFGEN = str(Path(sys.executable).parent / "briefgen")
LAST_RUN = Path(__file__).resolve().parent / "last-national.json"
SUMMARY = re.compile(r"(\d+) of (\d+) files rendered.*? in ([\d.]+) s")
console = Console(highlight=False, width=None if sys.stdout.isatty() else 130)


def batch(meeting: Path, out: Path, *options: str) -> dict[str, Any]:
    seconds, peak, stdout = extra.timed([BRIEFGEN, "batch", str(meeting), "--out", str(out),
                                         *options])
    s = SUMMARY.search(" ".join(stdout.split()))
    return {"wall": round(seconds, 2), "peak_mib": peak,
            "rendered": int(s.group(1)) if s else None, "files": int(s.group(2)) if s else None}


def lo_one_call(docx: list[Path], work: Path) -> dict[str, Any]:
    done = extra.soffice_one_call(docx, work / "lo")
    if "skipped" in done:
        return done
    return {"wall": done["wall_seconds"], "peak_mib": done["peak_rss_mib"], "pdfs": done["pdfs"]}


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return runs[0] | {"wall": round(statistics.median(r["wall"] for r in runs), 2),
                      "wall_runs": [r["wall"] for r in runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cpus = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="briefgen-national-"))
    try:
        meeting = national_meeting(work)
        one = median_of([batch(meeting, work / f"j1-{r}", "--force", "--jobs", "1")
                         for r in range(args.runs)])
        full = median_of([batch(meeting, work / f"all-{r}", "--force")
                          for r in range(args.runs)])
        rerun = median_of([batch(meeting, work / "all-0") for _ in range(args.runs)])
        text = meeting.read_text(encoding="utf-8")
        first = re.search(r"(\n\s+)- (ld-63-[\w-]+)\n", text)  # a point's first attendee
        assert first, "no role-only attendee to change"
        indent, person = first.groups()
        meeting.write_text(text.replace(first.group(0), f"{indent}- {person}{indent}- tgv-thu-ky\n",
                                        1), encoding="utf-8")
        one_point = batch(meeting, work / "all-0")
        docx = sorted(next(p for p in (work / "j1-0").iterdir() if p.is_dir()).glob("*.docx"))
        lo = lo_one_call(docx, work)
        (work / "warm").mkdir()
        warm = bench.lo_unoserver(docx, work / "warm", 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    fig = {"cpus": cpus, "runs": args.runs, "jobs_1": one, "jobs_default": full,
           "rerun": rerun, "one_point_changed": one_point, "libreoffice_one_call": lo,
           "libreoffice_warm": {k: v for k, v in warm.items() if k != "per_file_runs"},
           "docx_files": len(docx)}
    t = Table(title=f"63-point session: {full['files']} files ({len(docx)} DOCX), {cpus} cores, "
                    f"median of {args.runs}")
    for col in ("run", "wall (s)", "peak RSS (MiB)", "files rendered", "÷ LibreOffice"):
        t.add_column(col, justify="left" if col == "run" else "right")
    base = lo.get("wall")
    for label, r in (("batch --force --jobs 1", one), (f"batch --force ({cpus} jobs)", full),
                     ("batch again, nothing changed", rerun),
                     ("batch after one point's attendees changed", one_point)):
        t.add_row(label, f"{r['wall']:.1f}", str(r["peak_mib"]), str(r["rendered"]),
                  f"{r['wall'] / base:.2f}×" if base else "")
    if base:
        t.add_row("soffice --convert-to pdf, one call over the DOCX", f"{base:.1f}",
                  str(lo["peak_mib"]), str(lo["pdfs"]), "1.00×")
    if base and "wall_median" in warm:
        t.add_row("LibreOffice kept warm (unoserver), one unoconvert per DOCX",
                  f"{warm['wall_median']:.1f}", "", str(warm["files"]),
                  f"{warm['wall_median'] / base:.2f}×")
    console.print(t)
    efficiency = one["wall"] / (full["wall"] * cpus)
    console.print(f"parallel efficiency on {cpus} cores: {efficiency:.0%}; no-change rerun: "
                  f"{rerun['wall'] / full['wall']:.0%} of a full batch; one point changed: "
                  f"{one_point['wall'] / full['wall']:.0%}", markup=False)
    fig["parallel_efficiency"] = round(efficiency, 3)
    LAST_RUN.write_text(json.dumps(fig, indent=1) + "\n", encoding="utf-8")
    console.print(f"figures written to {LAST_RUN}", markup=False)


if __name__ == "__main__":
    main()
