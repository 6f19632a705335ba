"""The set-up a newcomer follows: the README's commands run as written, in order, on a copy of
``inputs/`` (with the test keys docs/signing.md makes), and what they print on stderr is
briefgen's own words only, never a library's warning, a file path into site-packages or a
traceback, even where the environment asks Python to show every warning. ``make test-latest``
runs the same test on the newest releases the ranges allow."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID
from openpyxl import load_workbook

from briefgen import __version__
from tests.conftest import ROOT

BIN = Path(sys.executable).parent
# What a library's voice looks like on stderr: a warning category, a source location, a path
# into an installed package, a traceback.
FOREIGN = re.compile(r"Warning\b|warnings\.warn|site-packages|Traceback|\.py:\d+|^\s+File \"",
                     re.MULTILINE)
# Python notation in --help: Typer's type names and click's ranges.
NOTATION = re.compile(r"<(path|str|int|float|bool|dir|file|list\[)[^>]*>|\{[a-z_]+\}|\[x[<>]=|"
                      r"INTEGER|FLOAT|TEXT\b|PATH\b|DIRECTORY\b")


def fenced(text: str, after: str) -> str:
    """The first fenced block after the heading or marker ``after``, continuation lines joined."""
    block = re.search(r"```[a-z]*\n(.*?)```", text.split(after, 1)[1], re.DOTALL)
    assert block, f"no code block after {after!r}"
    return block.group(1).replace("\\\n", " ")


def readme_commands() -> list[str]:
    """Every command of the README's Use section, its trailing comment dropped."""
    lines = fenced((ROOT / "README.md").read_text(encoding="utf-8"), "## Use").splitlines()
    commands = [re.sub(r"\s+#\s.*$", "", line).strip() for line in lines]
    return [c for c in commands if c.startswith("briefgen ")]


def signing_recipe() -> tuple[str, str]:
    """docs/signing.md's test-key recipe and the commands that try it, verbatim."""
    text = (ROOT / "docs" / "signing.md").read_text(encoding="utf-8")
    part = text.split("<!-- test-key-recipe -->")[1].split("<!-- /test-key-recipe -->")[0]
    recipe, trial = re.findall(r"```bash\n(.*?)```", part, re.DOTALL)
    return recipe, trial.replace("\\\n", " ")


def passphrases(recipe: str) -> dict[str, str]:
    """The variables the recipe exports, for the commands run after it."""
    found = re.search(r"^export (.*)$", recipe, re.MULTILINE)
    assert found, "the recipe exports the passphrases"
    return dict(re.findall(r"(\w+)='([^']*)'", found.group(1)))


def fill_as_a_unit_would(form: Path) -> None:
    """Answer a returned form's first task: a status from the form's own drop-down."""
    book = load_workbook(form)
    sheet = book.worksheets[0]
    header = next(row for row in sheet.iter_rows() if any(c.value == "STT" for c in row))
    validation = sheet.data_validations.dataValidation[0]
    listed, cells = validation.formula1.split("!")  # the list lies on the form's hidden sheet
    choices = [row[0].value for row in book[listed.strip("'")][cells.replace("$", "")]]
    column = next(iter(validation.sqref.ranges)).min_col
    sheet.cell(header[0].row + 1, column, choices[0])
    book.save(form)


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A copy of ``inputs/`` with the test keys made by the recipe, as a newcomer would have."""
    folder = tmp_path_factory.mktemp("newcomer")
    shutil.copytree(ROOT / "inputs", folder / "inputs")
    recipe, _ = signing_recipe()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
           "PYTHONWARNINGS": "default", **passphrases(recipe)}
    made = run(f"set -euo pipefail\n{recipe}", folder, env)
    assert made.returncode == 0, made.stderr
    return folder, env


def test_the_readme_commands_run_as_written_and_say_only_briefgen_words(
        scratch: tuple[Path, dict[str, str]]) -> None:
    folder, env = scratch
    commands = readme_commands()
    assert len(commands) >= 15, commands
    for command in commands:
        if command.startswith("briefgen collect"):
            (folder / "answers").mkdir()
            for form in sorted((folder / "requests").glob("*-form-*.xlsx"))[:2]:
                fill_as_a_unit_would(shutil.copy(form, folder / "answers"))
        done = run(command, folder, env)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert not FOREIGN.search(done.stderr), f"{command}\n{done.stderr}"
    assert list((folder / "restored").glob("*.yaml")), "extract gave back the meeting file"


def test_the_signing_recipe_gives_keys_verify_accepts_with_a_long_body_name(
        scratch: tuple[Path, dict[str, str]]) -> None:
    folder, env = scratch
    office = x509.load_pem_x509_certificate((folder / "test-keys" / "office.pem").read_bytes())
    with warnings.catch_warnings():  # cryptography warns of a name over 64 characters
        warnings.simplefilter("ignore")
        name = str(office.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)
    assert len(name.encode()) > 64, "the recipe's body name is the long case the issue names"
    shutil.copytree(folder / "inputs", folder / "trial" / "inputs")
    shutil.copytree(folder / "test-keys", folder / "trial" / "test-keys")
    _, trial = signing_recipe()
    for command in (c.strip() for c in trial.splitlines() if c.strip()):
        done = run(command, folder / "trial", env)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert not FOREIGN.search(done.stderr), f"{command}\n{done.stderr}"
    verified = run(trial.strip().splitlines()[-1], folder / "trial", env).stdout
    assert verified.rstrip().endswith("all hold") and verified.count("trusted") == 2, verified


def test_version_and_help_speak_in_words() -> None:
    briefgen = str(BIN / "briefgen")
    version = subprocess.run([briefgen, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.split() == ["briefgen", __version__]
    listed = subprocess.run([briefgen, "--help"], capture_output=True, text=True, timeout=60)
    names = re.findall(r"^  ([a-z]+)\s", listed.stdout.split("Commands:")[1], re.MULTILINE)
    assert {"render", "collect", "verify", "templates"} <= set(names), names
    pages = [["--help"], *([name, "--help"] for name in names),
             *(["templates", sub, "--help"] for sub in ("list", "copy", "vars", "check"))]
    for args in pages:
        shown = subprocess.run([briefgen, *args], capture_output=True, text=True, timeout=60)
        assert shown.returncode == 0, (args, shown.stderr)
        usage = shown.stdout.split("\n\n")[0] + "".join(
            line.split("  ")[0] + "\n" for line in shown.stdout.splitlines()
            if line.lstrip().startswith("-"))
        assert not NOTATION.search(usage), (args, usage)
