"""The proof on every real meeting in inputs/, in its own regime and in the other (the same
facts in the party and the state layout), every kind and format: nothing to find. Each
meeting is printed once per run by `briefgen batch` (shared between the tests)."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import kinds
from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.kinds import made as documents_made
from briefgen.model import load_meeting
from briefgen.model.profile import choose_profile
from briefgen.model.warnings import warned_kinds
from briefgen.proof import proof_files, unwarned
from tests.conftest import ROOT, once, run_cli

MEETINGS = sorted(p.stem for p in (ROOT / "inputs").glob("*.yaml"))
REGIMES = ("own", "other")


def _other_regime(text: str) -> str:
    """The meeting file with its regime swapped (party for state, state for party)."""
    if "regime: party" in text:
        return text.replace("regime: party", "regime: state", 1)
    return text.replace("regime: state", "regime: party", 1)


@pytest.fixture(scope="session")
def batches(shared: Path) -> dict[tuple[str, str], Path]:
    """{(meeting, regime): the folder of its batch}, each made once."""

    def make(base: Path) -> None:
        for stem in MEETINGS:
            source = ROOT / "inputs" / f"{stem}.yaml"
            run_cli("batch", source, "--out", base / "own")
            other = base / "files" / f"{stem}.yaml"
            other.parent.mkdir(exist_ok=True)
            other.write_text(_other_regime(source.read_text(encoding="utf-8")), encoding="utf-8")
            run_cli("batch", other, "--out", base / "other")

    base = once(shared, "proof-batches", make)
    return {(stem, regime): base / regime / stem for stem in MEETINGS for regime in REGIMES}


def _warned(meeting: str, regime: str, batches: dict[tuple[str, str], Path]) -> set[str]:
    """The kinds of document the meeting's warnings name blanks of, in this regime."""
    source = ROOT / "inputs" / f"{meeting}.yaml"
    if regime == "other":
        source = batches[meeting, regime].parent.parent / "files" / f"{meeting}.yaml"
    m, smap = load_meeting(source)
    profile = choose_profile(DEFAULT_TEMPLATES / "profiles", m.meeting.regime, m.meeting.date,
                             m.meeting.profile)
    return warned_kinds(m, smap, documents_made(m), profile.header.undated)


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("meeting", MEETINGS)
def test_every_pdf_of_every_meeting_proofs_clean(batches: dict[tuple[str, str], Path],
                                                  meeting: str, regime: str) -> None:
    folder = batches[meeting, regime]
    pdfs = sorted(folder.glob("*.pdf"))
    printed = {p.stem.removeprefix(f"{meeting}-").split("-")[0] for p in pdfs}
    m, _ = load_meeting(ROOT / "inputs" / f"{meeting}.yaml")
    # every kind the meeting gets that a batch makes (invitations where points are invited,
    # a report where the register holds a task)
    assert printed == {k.name for k in kinds.KINDS.values() if k.in_batch and k.made_for(m)}
    result = proof_files(pdfs, docx=False)
    result.findings += unwarned(result, meeting, _warned(meeting, regime, batches))
    assert result.findings == [], "\n".join(map(str, result.findings))
    assert set(result.blanks) == {p.name for p in pdfs}


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("meeting", MEETINGS)
def test_every_docx_laid_out_by_libreoffice_proofs_clean(batches: dict[tuple[str, str], Path],
                                                         meeting: str, regime: str) -> None:
    folder = batches[meeting, regime]
    docs = sorted(folder.glob("*.docx"))
    assert docs
    result = proof_files(docs, docx=True)
    assert result.findings == [], "\n".join(map(str, result.findings))


def test_the_cli_names_document_page_and_rule_and_exits_2(tmp_path: Path) -> None:
    """`briefgen proof` on a folder holding a page with a defect: exit 2, the finding printed
    as DOCUMENT: page N: RULE; on a clean folder: exit 0."""
    from weasyprint import HTML

    from tests.proof.test_rules import BAD, GOOD

    for kind, pages in (("bad", BAD), ("good", GOOD)):
        (tmp_path / kind).mkdir()
        HTML(string=pages["heading-sequence"]).write_pdf(tmp_path / kind / "doc.pdf")
    bad = run_cli("proof", tmp_path / "bad", check=False)
    assert bad.returncode == 2 and "doc.pdf: page 1: heading-sequence:" in bad.stdout
    good = run_cli("proof", tmp_path / "good", check=False)
    assert good.returncode == 0 and "0 findings" in good.stderr
