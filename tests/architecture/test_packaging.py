"""The templates ship inside the package: a wheel, installed into a fresh environment outside
the checkout, renders the reference minutes as the checkout does."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

from tests.conftest import REFERENCE, ROOT
from tests.readers import pdf_text, squash


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([*map(str, args)], capture_output=True, text=True, cwd=cwd,
                          timeout=600)
    assert proc.returncode == 0, f"{args}: {proc.stdout}\n{proc.stderr}"
    return proc


def test_a_wheel_renders_the_minutes_from_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
        "-w", wheels, ROOT, cwd=tmp_path)
    wheel = next(wheels.glob("briefgen-*.whl"))
    env = tmp_path / "env"
    run(sys.executable, "-m", "venv", env, cwd=tmp_path)
    python = env / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel, cwd=tmp_path)
    # The dependencies are this environment's, reached through a .pth file: one path, no .pth
    # processing inside it, so the checkout's editable install stays out of the new one.
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                    cwd=tmp_path).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    where = run(python, "-c", "import briefgen.assets as a; print(a.__file__); "
                "print(a.DEFAULT_TEMPLATES)", cwd=tmp_path).stdout.split()
    assert all(Path(p).is_relative_to(env) for p in where), where

    work = tmp_path / "work"
    work.mkdir()
    out = work / "out"
    run(env / "bin" / "briefgen", "render", REFERENCE, "--doc", "minutes", "--format",
        "pdf,docx,html", "--out", out, cwd=work)
    stem = REFERENCE.stem
    assert {p.name for p in out.iterdir()} == {f"{stem}-minutes.{f}" for f in ("pdf", "docx", "html")}
    text = squash(pdf_text(out / f"{stem}-minutes.pdf"))
    assert "BIÊN BẢN" in text and "Nguyễn Duy Ngọc" in text
    checkout = tmp_path / "checkout"
    run(sys.executable, "-m", "briefgen", "render", REFERENCE, "--doc", "minutes", "--format",
        "pdf,docx,html", "--out", checkout, cwd=ROOT)
    for fmt in ("pdf", "docx", "html"):
        name = f"{stem}-minutes.{fmt}"
        assert (out / name).read_bytes() == (checkout / name).read_bytes(), name
