"""What the signing tests share: the throwaway PKI, the images, the reference notice rendered
by briefgen (with its recorded signature block) and a PDF briefgen did not make."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, STEM, run_cli
from tests.signing import pki

NOTICE = f"{STEM}-notice.pdf"


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> pki.Pki:
    return pki.make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("images")
    return {"signature": pki.signature_png(base / "signature.png"),
            "seal": pki.seal_png(base / "seal.png"),
            "jpeg": pki.jpeg_named_png(base / "photo.png")}


@pytest.fixture(scope="session")
def rendered_notice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference meeting's conclusion notice, as ``briefgen render`` writes it."""
    base = tmp_path_factory.mktemp("notice")
    run_cli("render", REFERENCE, "--doc", "notice", "--format", "pdf", "--out", base)
    return base / NOTICE


@pytest.fixture
def notice(rendered_notice: Path, tmp_path: Path) -> Path:
    """A fresh copy of the notice to sign, alone in its folder."""
    target = tmp_path / "notice" / NOTICE
    target.parent.mkdir()
    shutil.copy(rendered_notice, target)
    return target


@pytest.fixture
def foreign_pdf(tmp_path: Path) -> Path:
    """A one-page PDF that briefgen did not make (no recorded signature block)."""
    import weasyprint

    target = tmp_path / "foreign.pdf"
    weasyprint.HTML(string="<html><body><p>Công văn</p></body></html>").write_pdf(target)
    return target


@pytest.fixture
def passphrase(monkeypatch: pytest.MonkeyPatch) -> str:
    """The test keys' passphrase, in the environment variable the commands are told of."""
    monkeypatch.setenv(pki.PASSPHRASE_VAR, pki.PASSPHRASE)
    return pki.PASSPHRASE_VAR
