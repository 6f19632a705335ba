"""What briefgen costs on this machine, against what a user would use instead.

Not a test: it prints figures (Rich tables) and writes them to bench/last-run.json.

1. The reference batch as a user runs it (`briefgen batch ... --force` in a subprocess, a fresh
   output folder each run), median of N runs with --jobs 1 and with all cores; per-file render
   seconds (from the command's own table, jobs=1), pages from the manifest; the no-change rerun;
   and a PDF-only batch through the library (``run_batch(formats=["pdf"])``) in a fresh process.
2. The two LibreOffice routes over the same DOCX files the batch wrote: one
   ``soffice --convert-to pdf`` call with a fresh profile (first-start cost included), and
   LibreOffice kept warm by unoserver, timed per ``unoconvert`` call (server start-up excluded).
3. A synthetic register of 44, 440 and 4,400 tasks (a temporary copy of the reference meeting
   whose tasks repeat the reference tasks' owners and groups, with statuses spread over all
   five): the whole-meeting task report in PDF, DOCX and HTML, wall time, peak memory, pages.

Run it with ``make bench`` (which installs python3-uno and the ``bench`` extra first), or
``.venv/bin/python bench/bench.py [--runs N] [--sizes 44,440] [--skip-lo]``.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.metadata
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import extra  # bench/extra.py, beside this file
import yaml
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
MEETING = ROOT / "inputs" / "bcd-khcn-2025-05-22.yaml"
LAST_RUN = Path(__file__).resolve().parent / "last-run.json"
BIN = Path(sys.executable).parent
STATUSES = ("done", "on_track", "late", "at_risk", "not_started")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, where python3-uno puts the `uno` module

console = Console(highlight=False, width=None if sys.stdout.isatty() else 130)


# -- small helpers ---------------------------------------------------------------------------

def tool(name: str) -> str:
    """A console script of this venv (briefgen, unoconvert, unoping), else from PATH."""
    local = BIN / name
    if local.exists():
        return str(local)
    found = shutil.which(name)
    if not found:
        sys.exit(f"bench: {name} not found; run `make bench` to install what the bench needs")
    return found


def median(values: Sequence[float]) -> float:
    return round(statistics.median(values), 3)


def run(cmd: Sequence[str], *, timeout: float = 1800, env: dict[str, str] | None = None,
        what: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command in its own process group; wall seconds and the finished process.
    A command that fails stops the bench with its output."""
    start = time.perf_counter()
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env, start_new_session=True) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
        except BaseException:
            stop_group(proc)
            raise
    seconds = time.perf_counter() - start
    done = subprocess.CompletedProcess(list(cmd), proc.returncode, out, err)
    if done.returncode != 0:
        console.print(f"[red]{what or cmd[0]} failed (exit {done.returncode})[/red]")
        console.print(done.stdout[-3000:], markup=False)
        console.print(done.stderr[-3000:], markup=False)
        raise SystemExit(1)
    return seconds, done


def stop_group(proc: subprocess.Popen[Any], grace: float = 20) -> None:
    """Ask the process to stop (SIGTERM to it alone: unoserver passes it on to LibreOffice),
    then kill what is left of the process group it leads (it was started in a new session)."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(5)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def ratio(a: float | None, b: float | None) -> str:
    return "" if not a or not b else f"{a / b:.2f}×"


# -- 1. the reference batch ------------------------------------------------------------------

SUMMARY = re.compile(r"(\d+) of (\d+) files rendered.* in ([\d.]+) s")


def batch_summary(text: str) -> dict[str, Any]:
    """The command's closing line: files rendered, of how many, in how many seconds."""
    s = SUMMARY.search(" ".join(text.split()))
    if not s:
        return {}
    return {"rendered": int(s.group(1)), "files": int(s.group(2)), "in_process_seconds": float(s.group(3))}


def batch_cli(work: Path, runs: int, jobs: int | None) -> dict[str, Any]:
    walls, inproc, files = [], [], None
    folder = None
    for r in range(runs):
        out = work / f"batch-j{jobs or 'all'}-{r}"
        cmd = [tool("briefgen"), "batch", str(MEETING), "--out", str(out), "--force"]
        if jobs:
            cmd += ["--jobs", str(jobs)]
        seconds, done = run(cmd, what="briefgen batch")
        summary = batch_summary(done.stdout)
        walls.append(seconds)
        inproc.append(summary.get("in_process_seconds"))
        files = summary.get("rendered")
        folder = next(p for p in out.iterdir() if p.is_dir())
        console.print(f"  briefgen batch --force --jobs {jobs or 'default'} run {r + 1}/{runs}: "
                      f"{seconds:.1f} s ({files} files)", markup=False)
    assert folder is not None
    return {"jobs": jobs, "files": files, "wall_runs": [round(w, 3) for w in walls],
            "wall_median": median(walls), "in_process_runs": inproc,
            "in_process_median": median([x for x in inproc if x]), "folder": folder}


def rerun_cli(folder: Path, runs: int) -> dict[str, Any]:
    walls = []
    summary: dict[str, Any] = {}
    for _ in range(runs):
        seconds, done = run([tool("briefgen"), "batch", str(MEETING), "--out", str(folder.parent)],
                            what="briefgen batch (rerun)")
        walls.append(seconds)
        summary = batch_summary(done.stdout)
    return {"wall_runs": [round(w, 3) for w in walls], "wall_median": median(walls),
            "rendered": summary.get("rendered"), "in_process_seconds": summary.get("in_process_seconds")}


LIB_BATCH = """
import json, sys
from pathlib import Path
from briefgen.batch import run_batch
from briefgen.model import load_meeting
from briefgen.settings import Settings
meeting, out, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) or None
m, _ = load_meeting(meeting)
r = run_batch(m, meeting, out, Settings(jobs=jobs, force=True), formats=sys.argv[4].split(","))
print(json.dumps({"seconds": r.seconds, "files": {o.name: o.seconds for o in r.rendered}}))
"""


def batch_lib(work: Path, runs: int, jobs: int | None, formats: str) -> dict[str, Any]:
    """``run_batch`` in a fresh process each run (imports paid, as by a user); per-file render
    seconds to the millisecond (the command's table rounds them to 10 ms)."""
    walls, inproc, per_file = [], [], {}
    for r in range(runs):
        out = work / f"lib-{formats.replace(',', '-')}-j{jobs or 'all'}-{r}"
        seconds, done = run([sys.executable, "-c", LIB_BATCH, str(MEETING), str(out), str(jobs or 0),
                             formats], what=f"run_batch(formats={formats})")
        info = json.loads(done.stdout.strip().splitlines()[-1])
        walls.append(seconds)
        inproc.append(info["seconds"])
        for name, secs in info["files"].items():
            per_file.setdefault(name, []).append(secs)
        console.print(f"  run_batch(formats=[{formats}], jobs={jobs or 'default'}) run {r + 1}/{runs}: "
                      f"{seconds:.1f} s ({len(info['files'])} files)", markup=False)
    return {"jobs": jobs, "formats": formats.split(","), "files": len(per_file),
            "wall_runs": [round(w, 3) for w in walls], "wall_median": median(walls),
            "in_process_median": median(inproc), "per_file_runs": per_file}


# -- 2. LibreOffice ---------------------------------------------------------------------------

def lo_one_call(docx: list[Path], work: Path, runs: int) -> dict[str, Any]:
    walls, done = [], {}
    for r in range(runs):
        done = extra.soffice_one_call(docx, work / f"lo-one-call-{r}")
        if "skipped" in done:
            return done
        walls.append(done["wall_seconds"])
        console.print(f"  soffice one call run {r + 1}/{runs}: {walls[-1]:.1f} s", markup=False)
    pages = {p.stem: pdf_pages(p) for p in sorted(done["out"].glob("*.pdf"))}
    return {"files": len(docx), "wall_runs": [round(w, 3) for w in walls],
            "wall_median": median(walls), "pages": pages, "peak_rss_mib": done["peak_rss_mib"]}


def unoserver_shim(work: Path) -> tuple[Path | None, str]:
    """A folder for /usr/bin/python3's path holding only the venv's unoserver (and its metadata,
    which it reads for its version): the server must run where `uno` is, and unoserver is pure
    Python with no dependencies. None when the system Python already has it."""
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    if probe.returncode != 0:
        return None, "no `uno` module for /usr/bin/python3 (Debian python3-uno)"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import unoserver"], capture_output=True)
    if probe.returncode == 0:
        return work, ""
    try:
        dist = importlib.metadata.distribution("unoserver")
    except importlib.metadata.PackageNotFoundError:
        return None, "unoserver not installed in the venv (pip install -e '.[bench]')"
    package = Path(str(dist.locate_file("unoserver/__init__.py"))).parent
    meta = next(Path(str(dist.locate_file(f))).parent for f in dist.files or []
                if f.parent.name.endswith(".dist-info"))
    shim = work / "unoserver-path"
    shim.mkdir()
    (shim / "unoserver").symlink_to(package)
    (shim / meta.name).symlink_to(meta)
    return shim, ""


def lo_unoserver(docx: list[Path], work: Path, runs: int) -> dict[str, Any]:
    shim, why = unoserver_shim(work)
    if shim is None:
        return {"skipped": why}
    port, uno_port = free_port(), free_port()
    while uno_port == port:
        uno_port = free_port()
    env = dict(os.environ, PYTHONPATH=str(shim))
    profile = work / "unoserver-profile"
    log = (work / "unoserver.log").open("w")
    started = time.perf_counter()
    server = subprocess.Popen(
        [SYSTEM_PYTHON, "-m", "unoserver.server", "--port", str(port), "--uno-port", str(uno_port),
         "--user-installation", str(profile), "--conversion-timeout", "600"],
        stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    result: dict[str, Any] = {"files": len(docx)}
    try:
        ping = [tool("unoping"), "--port", str(port), "--quiet"]
        while subprocess.run(ping, capture_output=True).returncode != 0:
            if server.poll() is not None or time.perf_counter() - started > 120:
                log.flush()
                raise SystemExit("unoserver did not start:\n"
                                 + (work / "unoserver.log").read_text()[-2000:])
            time.sleep(0.2)
        result["startup_seconds"] = round(time.perf_counter() - started, 3)
        console.print(f"  unoserver answered after {result['startup_seconds']:.1f} s", markup=False)
        out = work / "unoserver-out"
        out.mkdir()
        passes, per_file = [], {}
        for r in range(runs):
            total = 0.0
            for path in docx:
                target = out / f"{path.stem}.pdf"
                seconds, _ = run([tool("unoconvert"), "--port", str(port), "--convert-to", "pdf",
                                  str(path), str(target)], what="unoconvert")
                total += seconds
                per_file.setdefault(path.stem, []).append(round(seconds, 3))
            passes.append(total)
            console.print(f"  unoconvert pass {r + 1}/{runs} (first after start: {r == 0}): "
                          f"{total:.1f} s", markup=False)
        result |= {"pass_runs": [round(p, 3) for p in passes], "first_pass": round(passes[0], 3),
                   "wall_median": median(passes), "per_file_runs": per_file,
                   "pages": {p.stem: pdf_pages(p) for p in sorted(out.glob("*.pdf"))}}
        result["in_process_client"] = unoclient_pass(docx, port, out)
    finally:
        stop_group(server)
        log.close()
        result["server_stopped"] = server.poll() is not None
    return result


def unoclient_pass(docx: list[Path], port: int, out: Path) -> dict[str, Any] | None:
    """The same conversions through unoserver's client class in this process: what the
    `unoconvert` process start costs on top."""
    try:
        from unoserver.client import UnoClient
    except ImportError:
        return None
    client = UnoClient(port=str(port))
    start = time.perf_counter()
    for path in docx:
        client.convert(inpath=str(path), outpath=str(out / f"{path.stem}.pdf"), convert_to="pdf")
    return {"seconds": round(time.perf_counter() - start, 3)}


# -- 3. the synthetic register ------------------------------------------------------------------

def synthetic_meeting(n: int, folder: Path) -> Path:
    """The reference meeting with N tasks: owners and groups repeat the reference tasks' in
    order; statuses rotate over all five; late and at-risk ones mostly to report at once."""
    data = yaml.safe_load(MEETING.read_text(encoding="utf-8"))
    ref = data["tasks"]
    width = len(str(n))
    tasks = []
    for i in range(n):
        base = ref[i % len(ref)]
        status = STATUSES[i % len(STATUSES)]
        task: dict[str, Any] = {"id": f"t{i + 1:0{width}d}", "owners": list(base["owners"]),
                                "status": status}
        if status in ("late", "at_risk") and i % 6:
            task["report_now"] = True
        if base.get("group"):
            task["group"] = base["group"]
        tasks.append(task)
    data["tasks"] = tasks
    folder.mkdir(parents=True)
    path = folder / f"synthetic-{n}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


PEAK = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:]).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def measured(cmd: list[str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS in KiB, and stdout of one command, under /usr/bin/time -v
    (or, without it, a fresh child reading its own child's rusage)."""
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        seconds, done = run([str(gnu_time), "-v", *cmd], what=" ".join(cmd[:4]))
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        assert m, done.stderr
        return seconds, int(m.group(1)), done.stdout
    seconds, done = run([sys.executable, "-c", PEAK, *cmd], what=" ".join(cmd[:4]))
    return seconds, int(done.stderr.strip().splitlines()[-1]), done.stdout


REPORT_FORMATS = """
import json, sys, time
from pathlib import Path
from briefgen.documents import plan
from briefgen.model import load_meeting
from briefgen.render import RENDERERS
import weasyprint
meeting = Path(sys.argv[1])
t = time.perf_counter()
m, _ = load_meeting(meeting)
mv, jobs = plan(m, ["report"], ["pdf", "docx", "html"], base_dir=meeting.parent)
times = {"load_and_plan": time.perf_counter() - t}
for job in jobs:
    t = time.perf_counter()
    RENDERERS[job.fmt]().render(mv, job.doc)
    times[job.fmt] = time.perf_counter() - t
print(json.dumps(times))
"""


def register_sizes(work: Path, sizes: list[int], with_lo: bool = True) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        folder = work / f"register-{n}"
        meeting = synthetic_meeting(n, folder)
        out = folder / "out"
        seconds, peak_kib, _ = measured([tool("briefgen"), "render", str(meeting), "--doc", "report",
                                         "--format", "pdf,docx,html", "--out", str(out)])
        files = {p.suffix[1:]: p for p in out.iterdir()}
        row = {"tasks": n, "wall_seconds": round(seconds, 3), "peak_rss_mib": round(peak_kib / 1024, 1),
               "pdf_pages": pdf_pages(files["pdf"]),
               "bytes": {fmt: p.stat().st_size for fmt, p in sorted(files.items())}}
        console.print(f"  report of {n:,} tasks: {seconds:.1f} s, {row['peak_rss_mib']} MiB, "
                      f"{row['pdf_pages']} pages", markup=False)
        # Where the time goes: each format rendered once more, timed inside one process.
        _, done = run([sys.executable, "-c", REPORT_FORMATS, str(meeting)], what="report per format")
        row["in_process_seconds"] = {k: round(v, 3) for k, v in
                                     json.loads(done.stdout.strip().splitlines()[-1]).items()}
        if with_lo:
            row["libreoffice"] = {k: v for k, v in extra.soffice_one_call(
                [files["docx"]], folder / "lo").items() if k != "out"}
            lo_row = row["libreoffice"]
            if "wall_seconds" in lo_row:
                console.print(f"    soffice over its DOCX: {lo_row['wall_seconds']:.1f} s, "
                              f"{lo_row['peak_rss_mib']} MiB", markup=False)
        rows.append(row)
    return rows


# -- printing -----------------------------------------------------------------------------------

def show(fig: dict[str, Any]) -> None:
    b = fig["batch"]
    cpus = fig["machine"]["cpus"]
    t = Table(title=f"Reference batch ({cpus} cores; wall: whole process, median of {fig['runs']} runs)")
    for col in ("run", "files", "runs (s)", "median wall (s)", "in-process (s)"):
        t.add_column(col, justify="left" if col == "run" else "right")
    rows = [("`briefgen batch --force --jobs 1`", b["cli_jobs_1"]),
            (f"`briefgen batch --force` (default: {cpus} jobs)", b["cli_jobs_default"]),
            ("run_batch(all formats, jobs=1)", b["lib_all_jobs_1"]),
            ("run_batch(formats=['pdf'], jobs=1)", b["lib_pdf_jobs_1"]),
            (f"run_batch(formats=['pdf'], jobs={cpus})", b["lib_pdf_jobs_default"])]
    for label, r in rows:
        t.add_row(label, str(r["files"]), ", ".join(f"{w:.1f}" for w in r["wall_runs"]),
                  f"{r['wall_median']:.1f}", f"{r['in_process_median']:.1f}")
    re_ = b["rerun"]
    t.add_row("`briefgen batch` again, nothing changed", f"{re_['rendered']} rendered",
              ", ".join(f"{w:.2f}" for w in re_["wall_runs"]), f"{re_['wall_median']:.2f}",
              f"{re_['in_process_seconds']:.2f}")
    console.print(t)
    console.print(f"Load average (1 min) before each part: {fig['load_average']}", markup=False)
    console.print(f"Sum of per-file render seconds (run_batch jobs=1, medians): "
                  f"{fig['per_file_total']:.1f} s of {b['lib_all_jobs_1']['wall_median']:.1f} s wall; "
                  "the rest is start-up, planning, "
                  "fingerprinting, page counting and writing.", markup=False)

    t = Table(title=f"Per file, run_batch jobs=1 (render seconds, median of the runs; slowest first), "
                    f"{fig['meeting_id']}-*")
    for col in ("document", "format", "pages", "LO pages", "seconds"):
        t.add_column(col, justify="left" if col in ("document", "format") else "right")
    prefix = fig["meeting_id"] + "-"
    for row in fig["per_file"]:
        t.add_row(row["document"].removeprefix(prefix), row["format"],
                  "" if row["pages"] is None else str(row["pages"]),
                  "" if row.get("lo_pages") is None else str(row["lo_pages"]), f"{row['seconds']:.2f}")
    console.print(t)
    by_fmt = fig["per_format_total"]
    console.print("Render seconds by format (run_batch jobs=1): "
                  + ", ".join(f"{k} {v:.1f} s" for k, v in by_fmt.items()), markup=False)

    lo = fig["libreoffice"]
    t = Table(title=f"LibreOffice routes over the batch's {lo.get('docx_files')} DOCX files, to PDF")
    for col in ("route", "seconds", "batch CLI jobs 1 ÷", "batch CLI default ÷", "PDF-only jobs 1 ÷",
                "PDF-only default ÷"):
        t.add_column(col, justify="left" if col == "route" else "right")
    b = fig["batch"]
    bases = [b["cli_jobs_1"]["wall_median"], b["cli_jobs_default"]["wall_median"],
             b["lib_pdf_jobs_1"]["wall_median"], b["lib_pdf_jobs_default"]["wall_median"]]
    routes: list[tuple[str, float | None]] = []
    one = lo.get("one_call", {})
    routes.append(("soffice --convert-to pdf, one call, fresh profile (median)", one.get("wall_median")))
    uno = lo.get("unoserver", {})
    routes.append(("unoserver warm, unoconvert per file, first pass", uno.get("first_pass")))
    routes.append(("unoserver warm, unoconvert per file (median pass)", uno.get("wall_median")))
    if uno.get("in_process_client"):
        routes.append(("unoserver warm, UnoClient in one process", uno["in_process_client"]["seconds"]))
    for label, secs in routes:
        if secs is None:
            continue
        t.add_row(label, f"{secs:.2f}", *(ratio(base, secs) for base in bases))
    console.print(t)
    for key in ("one_call", "unoserver"):
        if lo.get(key, {}).get("skipped"):
            console.print(f"LibreOffice {key} skipped: {lo[key]['skipped']}", markup=False)
    if uno.get("startup_seconds") is not None:
        console.print(f"unoserver start-up (not counted above): {uno['startup_seconds']:.1f} s; "
                      f"stopped at the end: {uno.get('server_stopped')}", markup=False)
    console.print("÷ columns: briefgen's wall time divided by the route's (above 1× the route is "
                  "faster). LibreOffice only converts DOCX to PDF; the batch also writes DOCX and HTML.",
                  markup=False)

    t = Table(title="Whole-meeting task report, `briefgen render --doc report --format pdf,docx,html`")
    for col in ("tasks", "wall (s)", "peak RSS (MiB)", "PDF pages", "PDF s", "DOCX s", "HTML s",
                "PDF bytes", "DOCX bytes", "soffice (s)", "soffice MiB", "PDF s ÷ soffice"):
        t.add_column(col, justify="right")
    for r in fig["register"]:
        inner = r["in_process_seconds"]
        lo_r = r.get("libreoffice", {})
        t.add_row(f"{r['tasks']:,}", f"{r['wall_seconds']:.1f}", f"{r['peak_rss_mib']:.0f}",
                  str(r["pdf_pages"]), f"{inner['pdf']:.2f}", f"{inner['docx']:.2f}", f"{inner['html']:.2f}",
                  f"{r['bytes'].get('pdf', 0):,}", f"{r['bytes'].get('docx', 0):,}",
                  f"{lo_r['wall_seconds']:.1f}" if "wall_seconds" in lo_r else "",
                  f"{lo_r['peak_rss_mib']:.0f}" if "peak_rss_mib" in lo_r else "",
                  ratio(inner["pdf"], lo_r.get("wall_seconds")))
    console.print(t)
    console.print("wall and peak RSS: the whole `briefgen render` process (/usr/bin/time -v); "
                  "PDF/DOCX/HTML s: each renderer timed once more inside one process.", markup=False)
    st = fig.get("startup")
    if st:
        console.print(f"Start-up: `briefgen --help` {st['help_median']:.3f} s against "
                      f"`python -c 'import typer'` {st['import_typer_median']:.3f} s "
                      f"({st['ratio']:.2f}×, medians of {st['runs']} interleaved runs)", markup=False)


# -- main -----------------------------------------------------------------------------------------

def per_file_rows(lib: dict[str, Any], folder: Path, lo_pages: dict[str, int]) -> list[dict[str, Any]]:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    rows = []
    for entry in manifest["files"]:
        runs = lib["per_file_runs"].get(entry["file"])
        stem = Path(entry["file"]).stem
        rows.append({"file": entry["file"], "document": stem, "kind": entry["document"],
                     "scope": entry["scope"], "format": entry["format"],
                     "pages": entry["pages"] if entry["format"] == "pdf" else None,
                     "lo_pages": lo_pages.get(stem) if entry["format"] == "pdf" else None,
                     "seconds": median(runs) if runs else float("nan"), "seconds_runs": runs})
    rows.sort(key=lambda r: -r["seconds"])
    return rows


def machine() -> dict[str, Any]:
    def version(name: str) -> str | None:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return None

    lo = subprocess.run(["soffice", "--version"], capture_output=True, text=True) \
        if shutil.which("soffice") else None
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "briefgen": version("briefgen"), "weasyprint": version("weasyprint"),
            "docxtpl": version("docxtpl"), "unoserver": version("unoserver"),
            "libreoffice": lo.stdout.strip() if lo and lo.returncode == 0 else None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per timing, median taken (3)")
    parser.add_argument("--sizes", default="44,440,4400", help="task register sizes (44,440,4400)")
    parser.add_argument("--skip-lo", action="store_true", help="leave out the LibreOffice routes")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, default=LAST_RUN, help=f"figures file ({LAST_RUN.name})")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    # SIGTERM runs the finally blocks too (the unoserver is stopped, the work folder removed).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = Path(tempfile.mkdtemp(prefix="briefgen-bench-"))
    fig: dict[str, Any] = {"when": dt.datetime.now().isoformat(timespec="seconds"), "runs": args.runs,
                           "machine": machine(), "meeting": str(MEETING.relative_to(ROOT))}
    fig["load_average"] = {}

    def section(key: str, title: str) -> None:
        load = os.getloadavg()[0]
        fig["load_average"][key] = round(load, 2)
        console.rule(title)
        if load > 0.5:
            console.print(f"  note: load average {load:.2f} before this part; other work on the "
                          "machine skews the figures", markup=False)

    try:
        section("batch", "1. reference batch")
        cli1 = batch_cli(work, args.runs, 1)
        cli_all = batch_cli(work, args.runs, None)
        rerun = rerun_cli(cli_all["folder"], args.runs)
        lib_all1 = batch_lib(work, args.runs, 1, "docx,pdf,html")
        lib_pdf1 = batch_lib(work, args.runs, 1, "pdf")
        lib_pdf_all = batch_lib(work, args.runs, None, "pdf")
        folder = cli1["folder"]
        docx = sorted(folder.glob("*.docx"))
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        fig["meeting_id"] = manifest["meeting"]
        lo: dict[str, Any] = {"docx_files": len(docx)}
        if not args.skip_lo:
            section("libreoffice", "2. LibreOffice routes")
            lo["one_call"] = lo_one_call(docx, work, args.runs)
            lo["unoserver"] = lo_unoserver(docx, work, args.runs)
        section("register", "3. synthetic task register")
        register = register_sizes(work, sizes, with_lo=not args.skip_lo)
        section("startup", "4. start-up")
        fig["startup"] = extra.startup(BIN)

        lo_pages = lo.get("one_call", {}).get("pages") or lo.get("unoserver", {}).get("pages") or {}
        rows = per_file_rows(lib_all1, folder, lo_pages)
        per_format: dict[str, float] = {}
        for r in rows:
            per_format[r["format"]] = round(per_format.get(r["format"], 0) + r["seconds"], 2)
        fig |= {
            "batch": {key: {k: v for k, v in r.items() if k not in ("per_file_runs", "folder")}
                      for key, r in (("cli_jobs_1", cli1), ("cli_jobs_default", cli_all), ("rerun", rerun),
                                     ("lib_all_jobs_1", lib_all1), ("lib_pdf_jobs_1", lib_pdf1),
                                     ("lib_pdf_jobs_default", lib_pdf_all))},
            "per_file": rows, "per_file_total": round(sum(r["seconds"] for r in rows), 2),
            "per_format_total": per_format, "libreoffice": lo, "register": register,
        }
        fig["load_average"]["end"] = round(os.getloadavg()[0], 2)
        console.rule("figures")
        show(fig)
        args.json.write_text(json.dumps(fig, ensure_ascii=False, indent=1, default=str) + "\n",
                             encoding="utf-8")
        console.print(f"figures written to {args.json}", markup=False)
    finally:
        if args.keep:
            console.print(f"work folder kept: {work}", markup=False)
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
