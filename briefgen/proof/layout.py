"""Where things are on a document's pages: the text area, the type name and subject, the
header's columns, the closing block (recipients and signatures). Found from the words and
their fonts alone, the way a reader finds them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from briefgen.proof.pages import Line, Page, Segment

#: How far (points) a centred line's centre may sit from the text area's centre.
CENTRED_PT = 14.0
#: Lines of one block (a wrapped name) follow each other by at most this many times the size.
BLOCK_STEP = 1.7
#: A running page number: a line holding only digits near the top of a page.
PAGE_NUMBER_ZONE_PT = 60.0


@cache
def recipient_labels(templates: Path | None = None) -> tuple[str, ...]:
    """What opens the recipients list: the ``recipients.label`` of every profile of the
    default set and of the custom set ``templates`` (its profiles/ folder), whatever the
    regime or the language (the label is the profile's, not the labels file's)."""
    from briefgen.assets import DEFAULT_TEMPLATES
    from briefgen.model.profile import load_profiles

    folders = [DEFAULT_TEMPLATES / "profiles"]
    if templates is not None and (templates / "profiles").is_dir():
        folders.append(templates / "profiles")
    return tuple(sorted({p.recipients.label for folder in folders
                         for p in load_profiles(folder).values()}))


@cache
def recipients_pattern(labels: tuple[str, ...]) -> re.Pattern[str]:
    """A segment opening with one of ``labels`` (its colon, case and spacing aside)."""
    words = sorted({" ".join(label.strip().rstrip(":").split()) for label in labels} - {""},
                   key=len, reverse=True)
    if not words:
        return re.compile(r"(?!)")  # no label: nothing opens a recipients list
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"^(?:{alternatives})(?!\w)", re.IGNORECASE)


def _default_recipients() -> re.Pattern[str]:
    return recipients_pattern(recipient_labels())


@dataclass(frozen=True)
class Area:
    left: float
    right: float
    #: What opens the recipients list in these documents (:func:`recipient_labels`).
    recipients: re.Pattern[str] = field(default_factory=_default_recipients, compare=False)

    @property
    def centre(self) -> float:
        return (self.left + self.right) / 2


def text_area(pages: list[Page], recipients: re.Pattern[str] | None = None) -> Area:
    """The left edge most lines start at and the right edge justified lines reach; and what
    opens the recipients list (default: the labels of the default profiles)."""
    found = recipients or _default_recipients()
    starts: Counter[int] = Counter()
    ends: Counter[int] = Counter()
    for page in pages:
        for ln in page.lines:
            if len(ln.segments) == 1:
                starts[round(ln.x0)] += 1
                ends[round(ln.segments[-1].x1)] += 1
    if not starts:
        return Area(0.0, 0.0, found)
    return Area(float(_edge(starts, min)), float(_edge(ends, max)), found)


def _edge(counted: Counter[int], pick: Callable[[Iterable[int]], int]) -> int:
    """The outermost position held by a good share of the lines (a stray line does not
    move the edge)."""
    enough = max(2, counted.most_common(1)[0][1] // 4)
    held = [x for x, n in counted.items() if n >= enough]
    return pick(held or list(counted))


def body_lines(page: Page) -> list[Line]:
    """The page's lines without its running page number."""
    return [ln for ln in page.lines
            if not (ln.top < PAGE_NUMBER_ZONE_PT and ln.text.strip().isdigit())]


def centred(seg: Segment, area: Area) -> bool:
    return abs(seg.centre - area.centre) <= CENTRED_PT


def title_index(page: Page, area: Area) -> int | None:
    """The index of the type name's line on the first page: the first line that is one bold
    segment in capitals, centred on the text area, below the header."""
    lines = body_lines(page)
    for i, ln in enumerate(lines):
        if i < 2 or len(ln.segments) != 1:
            continue
        seg = ln.segments[0]
        if seg.bold and seg.caps and centred(seg, area) and len(seg.text) > 3:
            return i
    return None


def subject_lines(page: Page, area: Area) -> list[Line]:
    """The subject's lines: the bold centred lines right under the type name."""
    lines = body_lines(page)
    at = title_index(page, area)
    if at is None:
        return []
    out: list[Line] = []
    prev = lines[at]
    for ln in lines[at + 1:]:
        seg = ln.segments[0]
        if (len(ln.segments) != 1 or not seg.bold or seg.caps
                or ln.top - prev.top > BLOCK_STEP * seg.size):
            break
        out.append(ln)
        prev = ln
    return out


def blocks(segments: list[Segment]) -> list[list[Segment]]:
    """Segments of one column, top to bottom, cut into blocks of the same font where the
    gap between two is a line's, not a paragraph's."""
    out: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: s.top):
        if (out and seg.top - out[-1][-1].top <= BLOCK_STEP * seg.size
                and seg.bold == out[-1][-1].bold and seg.size == out[-1][-1].size
                and seg.caps == out[-1][-1].caps):
            out[-1].append(seg)
        else:
            out.append([seg])
    return out


def first_paragraph(lines: list[Line], area: Area) -> int:
    """The index of the first line that fills the text area's width (the body has begun)."""
    return next((i for i, ln in enumerate(lines) if len(ln.segments) == 1
                 and ln.segments[0].x1 >= area.right - 2 and ln.x0 >= area.left - 2
                 and not ln.segments[0].bold), len(lines))


def header_columns(page: Page, area: Area) -> tuple[list[Segment], list[Segment]]:
    """The first page's header, above the type name (or above the first body paragraph):
    the segments of its left and of its right column."""
    lines = body_lines(page)
    at = title_index(page, area)
    end = at if at is not None else first_paragraph(lines, area)
    left: list[Segment] = []
    right: list[Segment] = []
    for ln in lines[:end]:
        for seg in ln.segments:
            (left if seg.centre < area.centre else right).append(seg)
    return left, right


def closing(pages: list[Page], area: Area) -> tuple[int, float] | None:
    """Where the closing block starts: the index of its page and its top. The closing block
    is the recipients list or the signatures: the last line holding the recipients' label
    ("Nơi nhận:", :attr:`Area.recipients`) or a centred capitals segment in the right half
    of the area, below which every line is in columns."""
    for index in range(len(pages) - 1, -1, -1):
        lines = body_lines(pages[index])
        if index == 0:  # the header's columns are not the close
            lines = lines[first_paragraph(lines, area):]
        for ln in lines:
            if any(area.recipients.match(s.text) for s in ln.segments):
                return index, ln.top
        width = pages[index].width
        for ln in lines:  # a signature's column: in capitals, in the page's right part
            right = [s for s in ln.segments if s.x0 > 0.45 * width and s.caps
                     and s.centre > 0.6 * width]
            if right and len(ln.text) > 3 and not (len(ln.segments) == 1 and centred(
                    ln.segments[0], area)):
                return index, ln.top
    return None
