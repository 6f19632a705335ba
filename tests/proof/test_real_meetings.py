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


def _given_by_the_meeting(source: Path) -> set[str]:
    """The words after each "đồng chí" the meeting file itself writes (a role, a recipient,
    a name whose own ``address_as`` is "đồng chí"): the clerk's words, not the labels'."""
    import re

    from briefgen.load.source import read_yaml

    def strings(node: object) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, dict):
            return [s for v in node.values() for s in strings(v)]
        if isinstance(node, list):
            return [s for v in node for s in strings(v)]
        return []

    data, _ = read_yaml(source)
    allowed = {m.lower() for text in strings(data)
               for m in re.findall(r"đồng chí:?\s+(\S+)", text, re.IGNORECASE)}
    m, _ = load_meeting(source)
    allowed |= {p.name.split()[0].lower() for p in m.people
                if p.name and p.address_as and "đồng chí" in p.address_as.lower()}
    return allowed


@pytest.mark.parametrize("meeting", MEETINGS)
def test_state_documents_never_say_dong_chi(batches: dict[tuple[str, str], Path],
                                            meeting: str) -> None:
    """Every document of every meeting in the state regime (its own or swapped to it), PDF
    and DOCX: "đồng chí" (a Party form of address) only where the meeting file writes it."""
    import re

    from tests.readers import docx_text, pdf_text

    source = ROOT / "inputs" / f"{meeting}.yaml"
    regime = "own" if "regime: state" in source.read_text(encoding="utf-8") else "other"
    folder = batches[meeting, regime]
    if regime == "other":
        source = folder.parent.parent / "files" / f"{meeting}.yaml"
    allowed = _given_by_the_meeting(source)
    files = sorted(folder.glob("*.pdf")) + sorted(folder.glob("*.docx"))
    m, _ = load_meeting(source)
    made = [k for k in kinds.KINDS.values() if k.in_batch and k.made_for(m)]
    assert len(files) >= 2 * len(made)  # a PDF and a DOCX of each kind the meeting gets
    said = []
    for file in files:
        text = pdf_text(file) if file.suffix == ".pdf" else docx_text(file)
        text = " ".join(text.replace("\xa0", " ").split())
        said += [f"{file.name}: đồng chí {word}"
                 for word in re.findall(r"đồng chí:?\s+(\S+)", text, re.IGNORECASE)
                 if word.lower() not in allowed]
    assert said == [], "\n".join(said)


@pytest.mark.parametrize("regime", REGIMES)
@pytest.mark.parametrize("meeting", MEETINGS)
def test_the_place_and_date_line_stays_on_one_line(batches: dict[tuple[str, str], Path],
                                                   meeting: str, regime: str) -> None:
    """Every first page's place-and-date line ("…, ngày … tháng … năm 2023"), however long
    the place or the blanks, keeps its date on one line with its year (never "năm / 2023");
    in the state regime (narrower columns, the date at 14 pt) on one line with its place."""
    import re

    from briefgen.proof.pages import read_pdf

    dated = 0
    for pdf in sorted(batches[meeting, regime].glob("*.pdf")):
        lines = [" ".join(s.text.replace("\xa0", " ") for s in ln.segments
                          if all(w.italic for w in s.words))
                 for ln in read_pdf(pdf, tables=False)[0].lines[:12]]  # the date is in italics
        at = [t for t in lines if re.search(r"\bngày\b.*\btháng\b", t)]
        if at:
            dated += 1
            assert re.search(r"\bnăm \d{4}\b", at[0]), (pdf.name, lines)
    # the notice and the pack at least, and the report where the meeting gets one (the state
    # minutes has no date line)
    m, _ = load_meeting(ROOT / "inputs" / f"{meeting}.yaml")
    assert dated >= 2 + kinds.get("report").made_for(m)
