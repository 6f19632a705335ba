"""What `briefgen serve` costs a clerk, against what they do without it. Figures, not a test.

1. Where one document's render goes in the warm workspace (in process, median of N): the
   meeting read and validated, the view and every document's printed HTML (what a save
   pays before it knows what changed), the PDF laid out and written, the pages drawn as PNG.
2. Save-to-updated-page in the browser (Debian's Chromium, Playwright): the meeting file
   saved on disk until the open page shows the new words, for the notice and for the whole
   pack; against `briefgen render --doc notice|pack --format pdf`, the command a clerk runs
   by hand after each save (a fresh process each time), without opening the PDF.
3. `batch --format pdf` against the route users take today for the same PDFs: the batch's
   Word files (`batch --format docx`) then one `soffice --convert-to pdf` call.

``.venv/bin/python bench/serve.py [--runs N] [--meeting FILE] [--skip-lo] [--national]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
MEETING = ROOT / "inputs" / "bcd-khcn-2025-05-22.yaml"
BRIEFGEN = [sys.executable, "-m", "briefgen"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
# What each timed save rewords: words the document prints; each save adds a new run number.
EDITS = {
    "notice": "Thời gian từ nay đến ngày 28-5 không còn nhiều",
    "pack": "Khu công nghiệp công nghệ cao",
}


def median(values: list[float]) -> float:
    return statistics.median(values)


def in_process(meeting: Path, runs: int) -> dict[str, float]:
    """Where the warm workspace's time goes, by step, for the notice and the pack."""
    from briefgen.serve.workspace import Workspace

    out: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        ws = Workspace(meeting, Path(folder))
        ws.reload()
        ws.warm()
        stem = meeting.stem
        for _ in range(runs):
            clock = time.perf_counter()
            ws.reload()  # unchanged: the same prints, nothing dropped from the cache
            out.setdefault("reload: read, validate, view, every document's HTML", []).append(
                time.perf_counter() - clock)
            for kind in ("notice", "pack"):
                snap = ws.good
                assert snap is not None
                drawn = ws._draw(snap, f"{stem}-{kind}")  # uncached: the cost of a change
                out.setdefault(f"{kind}: PDF laid out and written", []).append(drawn.seconds["pdf"])
                for n in range(1, len(drawn.texts) + 1):
                    drawn.png(n)
                out.setdefault(f"{kind}: text of its {len(drawn.texts)} pages", []).append(
                    drawn.seconds["text"])
                out.setdefault(f"{kind}: its {len(drawn.texts)} pages drawn as PNG", []).append(
                    drawn.seconds["png"])
    return {k: median(v) for k, v in out.items()}


def in_browser(meeting: Path, runs: int) -> dict[str, float]:
    """Median seconds from a save on disk to the new words on the open page."""
    from playwright.sync_api import sync_playwright

    log = meeting.parent / "serve.log"
    with open(log, "w") as sink:
        server = subprocess.Popen([*BRIEFGEN, "serve", str(meeting), "--port", "0", "--out",
                                   str(meeting.parent / "out")], cwd=ROOT, stdout=sink,
                                  stderr=subprocess.STDOUT)
    try:
        address = None
        while address is None:
            time.sleep(0.1)
            address = re.search(r"http://\S+\?token=\S+", log.read_text())
        base = address.group(0).split("/?")[0]
        out: dict[str, float] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(address.group(0))
            for kind, words in EDITS.items():
                page.goto(f"{base}/doc/{meeting.stem}-{kind}")
                page.wait_for_selector("pre.page-text", state="attached")
                times, current = [], words
                for run in range(runs):
                    after = f"{words} (lần {run + 1})"
                    text = meeting.read_text(encoding="utf-8")
                    assert current in text, current
                    clock = time.perf_counter()
                    meeting.write_text(text.replace(current, after, 1), encoding="utf-8")
                    page.wait_for_function(
                        "w => [...document.querySelectorAll('pre.page-text')].some("
                        "p => p.textContent.replace(/\\s+/g, ' ').includes(w))", arg=after,
                        timeout=60_000)
                    page.wait_for_function("() => [...document.images].every(i => i.complete)")
                    times.append(time.perf_counter() - clock)
                    current = after
                meeting.write_text(meeting.read_text(encoding="utf-8").replace(current, words, 1),
                                   encoding="utf-8")
                out[f"{kind}: save to updated page (serve)"] = median(times)
                out[f"{kind}: save to updated page, slowest"] = max(times)
            browser.close()
    finally:
        server.terminate()
        server.wait(30)
    return out


def by_hand(meeting: Path, runs: int) -> dict[str, float]:
    """``briefgen render --doc KIND --format pdf`` in a fresh process, as after each save."""
    out = {}
    for kind in EDITS:
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                clock = time.perf_counter()
                subprocess.run([*BRIEFGEN, "render", str(meeting), "--doc", kind, "--format",
                                "pdf", "--out", folder], cwd=ROOT, check=True,
                               capture_output=True)
                times.append(time.perf_counter() - clock)
        out[f"{kind}: briefgen render --format pdf (by hand)"] = median(times)
    return out


def batch_routes(meeting: Path, runs: int, skip_lo: bool) -> dict[str, float]:
    """Every document's PDF: ``batch --format pdf`` against Word files then LibreOffice."""
    out: dict[str, list[float]] = {}
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder)
            clock = time.perf_counter()
            subprocess.run([*BRIEFGEN, "batch", str(meeting), "--format", "pdf", "--force",
                            "--out", str(root / "pdf")], cwd=ROOT, check=True, capture_output=True)
            out.setdefault("batch --format pdf", []).append(time.perf_counter() - clock)
            if skip_lo or not shutil.which("soffice"):
                continue
            clock = time.perf_counter()
            subprocess.run([*BRIEFGEN, "batch", str(meeting), "--format", "docx", "--force",
                            "--out", str(root / "docx")], cwd=ROOT, check=True,
                           capture_output=True)
            filled = time.perf_counter() - clock
            docx = sorted(p for p in (root / "docx").glob("*/*.docx")  # the link, not the
                          if not p.parent.name.startswith("."))  # generation it points to
            clock = time.perf_counter()
            subprocess.run(["soffice", f"-env:UserInstallation=file://{root}/lo-profile",
                            "--headless", "--convert-to", "pdf", "--outdir", str(root / "lo"),
                            *map(str, docx)], check=True, capture_output=True,
                           env={**os.environ, "HOME": str(root)})
            converted = time.perf_counter() - clock
            assert len(list((root / "lo").glob("*.pdf"))) == len(docx)
            out.setdefault("batch --format docx (the Word files)", []).append(filled)
            out.setdefault(f"one soffice call converting them ({len(docx)} files)", []).append(
                converted)
            out.setdefault("Word + LibreOffice route, total", []).append(filled + converted)
    return {k: median(v) for k, v in out.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--meeting", type=Path, default=MEETING)
    parser.add_argument("--skip-lo", action="store_true")
    parser.add_argument("--national", action="store_true", help=(
        "only part 3, on the 63-point session the tests build (tests/national.py)"))
    args = parser.parse_args()
    if args.national:
        from tests.national import national_meeting

        with tempfile.TemporaryDirectory() as folder:
            meeting = national_meeting(Path(folder))
            print(f"median seconds, {args.runs} runs, {os.cpu_count()} cores, 63-point session")
            for name, seconds in batch_routes(meeting, args.runs, args.skip_lo).items():
                print(f"  {name:<62}  {seconds:7.3f}", flush=True)
        return
    with tempfile.TemporaryDirectory() as folder:
        meeting = Path(folder) / "meeting" / args.meeting.name
        meeting.parent.mkdir()
        shutil.copy(args.meeting, meeting)
        print(f"median seconds, {args.runs} runs, {os.cpu_count()} cores, {args.meeting.name}")
        for step in (lambda: in_process(meeting, args.runs), lambda: in_browser(meeting, args.runs),
                     lambda: by_hand(meeting, max(1, args.runs // 2)),
                     lambda: batch_routes(meeting, max(1, args.runs // 3), args.skip_lo)):
            for name, seconds in step().items():
                print(f"  {name:<62}  {seconds:7.3f}", flush=True)


if __name__ == "__main__":
    main()
