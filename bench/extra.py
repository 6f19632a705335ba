"""Two parts of the bench kept apart from bench.py: the command line's start-up against a bare
``import typer``, and the task report's PDF against one LibreOffice call over its DOCX, with the
peak memory of each (whole process tree, GNU time)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

HELP_RUNS = 21


def startup(bin_dir: Path, runs: int = HELP_RUNS) -> dict[str, Any]:
    """Median wall seconds of ``briefgen --help`` and of ``python -c "import typer"``, runs
    interleaved so that a busy moment weighs on both alike."""
    help_cmd = [str(bin_dir / "briefgen"), "--help"]
    typer_cmd = [str(bin_dir / "python"), "-c", "import typer"]
    help_s: list[float] = []
    typer_s: list[float] = []
    for _ in range(runs):
        for cmd, into in ((help_cmd, help_s), (typer_cmd, typer_s)):
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
            into.append(time.perf_counter() - start)
    h, t = statistics.median(help_s), statistics.median(typer_s)
    return {"runs": runs, "help_median": round(h, 3), "import_typer_median": round(t, 3),
            "ratio": round(h / t, 2)}


def lo_register(docx: Path, work: Path) -> dict[str, Any]:
    """One ``soffice --convert-to pdf`` call over the report's DOCX, fresh profile: wall seconds
    and peak memory (LibreOffice's own processes, through GNU time)."""
    soffice = shutil.which("soffice")
    gnu_time = Path("/usr/bin/time")
    if not soffice or not gnu_time.exists():
        return {"skipped": "soffice or /usr/bin/time not found"}
    out, profile = work / "lo-out", work / "lo-profile"
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    done = subprocess.run([str(gnu_time), "-f", "%M", soffice,
                           f"-env:UserInstallation={profile.as_uri()}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                          capture_output=True, text=True, timeout=3600, check=True)
    seconds = time.perf_counter() - start
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return {"wall_seconds": round(seconds, 3), "peak_rss_mib": round(peak_kib / 1024, 1)}
