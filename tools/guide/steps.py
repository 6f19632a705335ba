"""The guide's pages read as steps, and the steps run as a clerk would type them.

A page marks what is run and what is checked with HTML comments, invisible on the site:

- every ```` ```bash ```` block is run (each in a fresh bash, ``set -e``, in the workspace,
  with ``.venv/bin`` on PATH as after ``source .venv/bin/activate``);
- ``<!-- output -->`` (or ``<!-- output exit=2 -->``) before a ```` ```text ```` block: what the
  block before printed (stdout and stderr as a terminal shows them) and its exit status. A line
  ``[...]`` stands for any lines (or none), ``[...]`` within a line for any text;
- ``<!-- when: COMMAND -->`` before a block: run it only if COMMAND succeeds (a command that
  another part of briefgen brings);
- ``<!-- not-run: REASON -->`` before a block: shown, not run (installing the machine itself);
- ``<!-- recipe: FILE#NAME -->``: run the ```bash block after ``<!-- NAME -->`` in FILE (a
  developer's page the guide links to rather than copies);
- ``<!-- picture: PATH from pdf FILE [PAGE] | page FILE | sheet FILE -->``: the image PATH (beside
  the page) made from FILE as it is at that step: a PDF page (PAGE: a number, ``last``, or words
  the page shows, so that the picture follows its section), an HTML page in headless Chromium,
  an XLSX sheet printed by LibreOffice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "huong-dan"
GAP = "[...]"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--hide-scrollbars"]

_DIRECTIVE = re.compile(r"^<!--\s*(output|when|not-run|recipe|picture)\b:?\s*(.*?)\s*-->\s*$")
_FENCE = re.compile(r"^```(\w*)\s*$")


@dataclass
class Step:
    """One thing the guide does: a block run, or a picture made."""

    page: Path
    line: int
    kind: str  # "run" or "picture"
    code: str = ""
    expected: str | None = None
    exit: int = 0
    when: str | None = None
    not_run: str | None = None
    picture: tuple[str, str, list[str]] | None = None  # (target, how, arguments)

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


@dataclass
class Outcome:
    """What a step did: its output and exit status, or why it did not run."""

    step: Step
    ran: bool
    output: str = ""
    exit: int = 0
    skipped: str = ""
    made: list[Path] = field(default_factory=list)

    def problem(self) -> str | None:
        """Why this step fails the guide, or None."""
        s = self.step
        if not self.ran:
            return None
        if self.exit != s.exit:
            return f"{s.where}: exited {self.exit}, the page says {s.exit}:\n{self.output}"
        if s.expected is not None and not matches(s.expected, self.output):
            return (f"{s.where}: the output no longer matches the page.\n--- the page\n{s.expected}"
                    f"\n--- now\n{self.output}")
        return None


def pages() -> list[Path]:
    """The guide's pages in their reading order (the site's nav: tools/guide/nav.yaml)."""
    import yaml
    order = yaml.safe_load((ROOT / "tools" / "guide" / "nav.yaml").read_text(encoding="utf-8"))
    return [ROOT / "docs" / page for page in order["guide"]]


def read_steps(page: Path) -> list[Step]:
    """The steps of one page, in order."""
    lines = page.read_text(encoding="utf-8").splitlines()
    steps: list[Step] = []
    pending: dict[str, str] = {}
    i = 0
    while i < len(lines):
        directive = _DIRECTIVE.match(lines[i])
        fence = _FENCE.match(lines[i])
        if directive:
            name, arg = directive.groups()
            if name == "picture":
                steps.append(Step(page, i + 1, "picture", picture=_picture(arg, page, i + 1)))
            elif name == "recipe":
                steps.append(Step(page, i + 1, "run", code=_recipe(page, arg)))
            else:
                pending[name] = arg
            i += 1
        elif fence:
            end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
            body = "\n".join(lines[i + 1:end])
            if "output" in pending:
                last = next((s for s in reversed(steps) if s.kind == "run"), None)
                if fence.group(1) != "text" or last is None:
                    raise ValueError(f"{page}:{i + 1}: <!-- output --> needs a ```text block "
                                     "after a ```bash block")
                status = re.fullmatch(r"(?:exit=(\d+))?", pending["output"])
                if status is None:
                    raise ValueError(f"{page}:{i}: <!-- output {pending['output']} -->: "
                                     "expected nothing or exit=N")
                last.expected, last.exit = body, int(status.group(1) or 0)
            elif fence.group(1) == "bash":
                steps.append(Step(page, i + 1, "run", code=body, when=pending.pop("when", None),
                                  not_run=pending.pop("not-run", None)))
            pending.clear()
            i = end + 1
        else:
            i += 1
    return steps


def _picture(arg: str, page: Path, line: int) -> tuple[str, str, list[str]]:
    match = re.fullmatch(r"(\S+) from (pdf|page|sheet) (.+)", arg)
    if match is None:
        raise ValueError(f"{page}:{line}: <!-- picture: PATH from pdf|page|sheet FILE --> expected")
    target, how, rest = match.groups()
    return target, how, rest.split()


def _recipe(page: Path, arg: str) -> str:
    """The ```bash block after ``<!-- NAME -->`` in another page."""
    name, _, anchor = arg.partition("#")
    lines = (page.parent / name).read_text(encoding="utf-8").splitlines()
    start = lines.index(f"<!-- {anchor} -->")
    end = next(j for j in range(start + 2, len(lines)) if lines[j].startswith("```"))
    return "\n".join(lines[start + 2:end])


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` reads as ``expected``, ``[...]`` standing for what the page leaves out."""
    pattern = ""
    for line in expected.rstrip("\n").split("\n"):
        if line.strip() == GAP:
            pattern += r"(?:[^\n]*\n)*?"
        else:
            pattern += ".*".join(re.escape(part) for part in line.rstrip().split(GAP)) + r"[ \t]*\n"
    return re.fullmatch(pattern, tidy(actual) + "\n") is not None


def tidy(output: str) -> str:
    """Output as compared: no trailing spaces, no trailing blank lines."""
    return "\n".join(line.rstrip() for line in output.rstrip().split("\n"))


def workspace(where: Path | None = None) -> Path:
    """A scratch folder as a clerk's after ``make demo``: a copy of inputs/ and the .venv."""
    folder = Path(tempfile.mkdtemp(prefix="briefgen-guide-", dir=where))
    shutil.copytree(ROOT / "inputs", folder / "inputs")
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder


def environment(folder: Path) -> dict[str, str]:
    """A plain terminal of known width, .venv/bin first on PATH, output in the order written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTEST"))}
    env.update(PATH=f"{folder / '.venv' / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
               COLUMNS="100", LINES="40", TERM="dumb", NO_COLOR="1", PYTHONUNBUFFERED="1",
               LANG="C.UTF-8", TZ="Asia/Ho_Chi_Minh")
    return env


def run_step(step: Step, folder: Path, env: dict[str, str], images: Path | None) -> Outcome:
    """Run one step in ``folder``; make its picture into ``images`` (None: only check its file)."""
    if step.kind == "picture":
        return _make_picture(step, folder, images)
    if step.not_run is not None:
        return Outcome(step, ran=False, skipped=f"not run: {step.not_run}")
    if step.when is not None:
        probe = subprocess.run(["bash", "-c", step.when], cwd=folder, env=env,
                               capture_output=True, timeout=120)
        if probe.returncode != 0:
            return Outcome(step, ran=False, skipped=f"`{step.when}` failed: not available yet")
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step.code], cwd=folder, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    return Outcome(step, ran=True, output=tidy(proc.stdout), exit=proc.returncode)


def _make_picture(step: Step, folder: Path, images: Path | None) -> Outcome:
    assert step.picture is not None
    target, how, args = step.picture
    source = folder / args[0]
    if not source.is_file() or source.stat().st_size == 0:
        return Outcome(step, ran=True, exit=1, output=f"no file {args[0]} to make {target} from")
    page = _find_page(source, " ".join(args[1:])) if how == "pdf" else 1
    if page is None:
        return Outcome(step, ran=True, exit=1,
                       output=f"{args[0]} has no page showing {' '.join(args[1:])!r}")
    if images is None:
        return Outcome(step, ran=True)
    out = images / step.page.parent.relative_to(GUIDE) / target
    out.parent.mkdir(parents=True, exist_ok=True)
    if how == "pdf":
        _pdf_page(source, page, out)
    elif how == "sheet":
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                            "--convert-to", "pdf", "--outdir", tmp, str(source)],
                           check=True, capture_output=True, timeout=300)
            _pdf_page(Path(tmp) / f"{source.stem}.pdf", 1, out, resolution=110)
            _crop_to_content(out)
    else:
        screenshot(source.resolve().as_uri(), out)
    return Outcome(step, ran=True, made=[out])


def _find_page(pdf: Path, which: str) -> int | None:
    """A page number: given (``3``), ``last``, or the first page whose text holds ``which``."""
    if not which or which.isdigit():
        return int(which or 1)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True, timeout=120).stdout.split("\f")
    pages = pages[:-1] if pages and not pages[-1].strip() else pages
    if which == "last":
        return len(pages)
    wanted = " ".join(which.strip('"').split())
    return next((i for i, text in enumerate(pages, 1) if wanted in " ".join(text.split())), None)


def _pdf_page(pdf: Path, page: int, out: Path, resolution: int = 80) -> None:
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", "-singlefile", "-f", str(page),
                    "-l", str(page), str(pdf), str(out.with_suffix(""))], check=True, timeout=120)


def _crop_to_content(png: Path, margin: int = 20) -> None:
    """A printed sheet without the empty rest of its page."""
    from PIL import Image, ImageOps

    with Image.open(png) as image:
        box = ImageOps.invert(image.convert("L")).getbbox()
        if box is not None:
            left, top, right, bottom = box
            image.crop((max(left - margin, 0), max(top - margin, 0),
                        min(right + margin, image.width), min(bottom + margin, image.height))
                       ).save(png)


def screenshot(url: str, out: Path, size: str = "1100,760") -> None:
    """A page as headless Chromium shows it."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={size}", f"--screenshot={out}", url],
                       check=True, capture_output=True, timeout=120)


def run_guide(images: Path | None = None, where: Path | None = None) -> list[Outcome]:
    """Every step of every page, in reading order, in one scratch workspace (later pages go on
    from what earlier ones made, as the clerk's cycle does)."""
    folder = workspace(where)
    env = environment(folder)
    return [run_step(step, folder, env, images) for page in pages() for step in read_steps(page)]
