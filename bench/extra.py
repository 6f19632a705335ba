"""What bench.py and national.py share: a command timed with its peak memory (GNU time), the
one-call LibreOffice route over DOCX files, and the command line's start-up against a bare
``import typer``."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import time
from pathlib import Path
from typing import Any

HELP_RUNS = 21
GNU_TIME = "/usr/bin/time"


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


def timed(cmd: list[str], timeout: float = 3600) -> tuple[float, float, str]:
    """Wall seconds, peak memory of the largest process (MiB, GNU time) and stdout of one
    command; a command that fails stops the bench with its output."""
    start = time.perf_counter()
    done = subprocess.run([GNU_TIME, "-f", "%M", *cmd], capture_output=True, text=True,
                          timeout=timeout, check=False)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"{' '.join(cmd[:4])} failed:\n{done.stderr[-2000:]}")
    return seconds, round(int(done.stderr.strip().splitlines()[-1]) / 1024, 1), done.stdout


def soffice_one_call(docx: list[Path], work: Path) -> dict[str, Any]:
    """What offices do today: one ``soffice --convert-to pdf`` call over the DOCX files, with
    a fresh profile (first start included); wall seconds, peak memory, the PDFs' folder."""
    soffice = shutil.which("soffice")
    if not soffice or not Path(GNU_TIME).exists():
        return {"skipped": "soffice or GNU time not found (make bench installs them)"}
    out, profile = work / "out", work / "profile"
    out.mkdir(parents=True, exist_ok=True)
    seconds, peak, _ = timed([soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                              "--convert-to", "pdf", "--outdir", str(out), *map(str, docx)])
    pdfs = len(list(out.glob("*.pdf")))
    if pdfs != len(docx):
        raise SystemExit(f"soffice made {pdfs} PDFs of {len(docx)} DOCX")
    return {"wall_seconds": round(seconds, 3), "peak_rss_mib": peak, "pdfs": pdfs, "out": out}
