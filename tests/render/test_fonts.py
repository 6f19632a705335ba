"""A missing system font is the machine's fault, not the input's: exit 3, saying what to
install (issue 26: it was refused as bad input, exit 2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from briefgen import fonts
from briefgen.cli.console import ExitCode, reports_errors
from briefgen.errors import EnvironmentFault


@pytest.fixture
def no_fontconfig(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A PATH without fc-match, and the font looked up again."""
    monkeypatch.setenv("PATH", str(tmp_path))
    fonts.times_font.cache_clear()
    yield
    fonts.times_font.cache_clear()


def test_the_font_is_found_where_fontconfig_is() -> None:
    fonts.times_font.cache_clear()
    assert fonts.times_font().suffix.lower() in (".ttf", ".otf")


@pytest.mark.usefixtures("no_fontconfig")
def test_without_fontconfig_the_run_stops_as_an_environment_fault(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(EnvironmentFault) as fault:
        fonts.times_font()
    assert fault.value.path == "Times New Roman" and "fonts-liberation2" in fault.value.hint

    @reports_errors
    def draw() -> None:
        fonts.times_font()

    with pytest.raises(typer.Exit) as done:
        draw()
    assert done.value.exit_code == ExitCode.environment
    said = " ".join(capsys.readouterr().err.split())
    assert said.startswith("cannot draw text in Times New Roman: fontconfig is not installed")
    assert "install fontconfig and fonts-liberation2" in said
