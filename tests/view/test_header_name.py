"""A header name the clerk gave no lines for: broken between its phrases on the fewest lines
the column holds, set smaller (down to the profile's header.name_smallest_pt) only where
that saves a line, the lines as even as the phrases allow. Checked against every way of
cutting every unit name of every real meeting, in both regimes' columns, then on the
reference's state notice as printed, in the PDF and in the DOCX."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from briefgen.load.source import read_yaml
from briefgen.model.profile import load_profile
from briefgen.proof.pages import read_pdf
from briefgen.view import fit, vi
from tests.conftest import REFERENCE, ROOT
from tests.readers import docx_text

PROFILES = sorted((ROOT / "templates" / "profiles").glob("*.yaml"))


def _names() -> list[str]:
    names = set()
    for path in sorted((ROOT / "inputs").glob("*.yaml")):
        data, _ = read_yaml(path)
        names |= {vi.upper(u.get("header_name") or u["name"]) for u in data.get("units", [])}
    return sorted(names)


def _cuttings(runs: list[str]) -> list[list[str]]:
    """Every way of setting ``runs`` on lines, in order."""
    found = []
    for cuts in itertools.product([False, True], repeat=len(runs) - 1):
        lines, line = [], [runs[0]]
        for run, cut in zip(runs[1:], cuts, strict=True):
            if cut:
                lines.append(" ".join(line))
                line = []
            line.append(run)
        found.append([*lines, " ".join(line)])
    return found


def _lines_at(runs: list[str], pt: float, room: float, bold: bool) -> list[list[str]]:
    """The cuttings whose lines fit ``room`` (a line of one phrase may not, alone)."""
    return [c for c in _cuttings(runs)
            if all(fit.width_pt(line, pt, bold) <= room or line in runs for line in c)]


def _slack(lines: list[str], pt: float, room: float, bold: bool) -> float:
    return sum(max(room - fit.width_pt(line, pt, bold), 0.0) ** 2 for line in lines)


@pytest.mark.parametrize("profile_path", PROFILES, ids=lambda p: p.stem)
def test_fewest_lines_then_largest_size_then_most_even(profile_path: Path) -> None:
    profile = load_profile(profile_path)
    column, _ = fit.header_columns_pt(profile)
    room = column * fit.FILL
    checked = 0
    for style in (profile.header.parent, profile.header.body):
        smallest = profile.header.name_smallest_pt or style.pt
        for name in _names():
            runs = [" ".join(r) for r in vi.phrases(name, profile.header.phrase_chars)]
            lines, size = fit.name_lines(runs, style.pt, column, smallest, bold=style.bold)
            assert " ".join(lines) == " ".join(runs) and smallest <= size <= style.pt
            sizes = [style.pt - 0.5 * i for i in range(int((style.pt - smallest) * 2) + 1)]
            fewest = min(len(c) for pt in sizes for c in _lines_at(runs, pt, room, style.bold))
            assert len(lines) == fewest, (name, lines)
            assert all(len(c) > fewest for pt in sizes if pt > size
                       for c in _lines_at(runs, pt, room, style.bold)), (name, size)
            even = min(_slack(c, size, room, style.bold)
                       for c in _lines_at(runs, size, room, style.bold) if len(c) == fewest)
            assert _slack(lines, size, room, style.bold) == pytest.approx(even), (name, lines)
            checked += 1
    assert checked >= 2 * 20


def test_a_party_name_keeps_its_size() -> None:
    """The Party's forms set the issuing body at 14 pt, no smaller: no profile of theirs
    lets a name shrink."""
    for path in PROFILES:
        profile = load_profile(path)
        if profile.regime == "party":
            assert profile.header.name_smallest_pt is None, path.name


STATE_LINES = ["BAN CHỈ ĐẠO TRUNG ƯƠNG", "VỀ PHÁT TRIỂN KHOA HỌC,",
               "CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO", "VÀ CHUYỂN ĐỔI SỐ"]


def test_the_state_notice_sets_the_long_name_on_four_even_lines(
        rendered: dict[str, Path]) -> None:
    """At 13 pt the reference's issuing body takes five lines in the state column, "CÔNG
    NGHỆ," alone on one; at 12 pt (the form's smallest) four, each phrase whole."""
    pdf = next(rendered["state"].glob("*-notice.pdf"))
    page = read_pdf(pdf, tables=False)[0]
    left = [ln.segments[0] for ln in page.lines[:8]]
    texts = [" ".join(w.text for w in seg.words) for seg in left]
    start = texts.index(STATE_LINES[0])
    assert texts[start:start + 4] == STATE_LINES, texts
    sizes = {round(w.size, 1) for seg in left[start:start + 4] for w in seg.words}
    assert sizes == {12.0}, sizes
    docx = docx_text(next(rendered["state"].glob("*-notice.docx"))).replace(vi.NBSP, " ")
    assert "\n".join(STATE_LINES) in docx


def test_a_phrase_wider_than_the_column_is_set_smaller_not_broken(tmp_path: Path) -> None:
    """A column narrower than the name's widest phrase at the style's size: the name is set
    smaller until that phrase fits (as a given line is), every line kept whole."""
    from tests.view.test_wording import parts_of

    parts = parts_of(tmp_path, REFERENCE, lambda data: None)
    unit = next(u for u in parts.meeting.units if u.id == parts.meeting.meeting.holder)
    style = parts.profile.header.body
    runs = [" ".join(r) for r in vi.phrases(vi.upper(unit.header_name or unit.name),
                                            parts.profile.header.phrase_chars)]
    widest = max(fit.width_pt(r, style.pt, bold=style.bold) for r in runs)
    column = widest * (style.pt - 0.75) / style.pt / fit.FILL  # fits half a point smaller
    name, size = parts.header_name(unit, style, column)
    assert size == style.pt - 1.0 or size == style.pt - 0.5, size
    assert all(" " not in line for line in name.split("\n")), name  # each line unbreakable
    assert name.replace("\n", " ").replace(vi.NBSP, " ") == " ".join(runs)
