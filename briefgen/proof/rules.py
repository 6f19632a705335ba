"""The proof's rules: each reads a document's pages and says where it breaks a rule of
docs/proof.md (which names each rule's source). A rule is a function of the pages."""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from briefgen.proof import layout, names
from briefgen.proof.layout import Area
from briefgen.proof.pages import Line, Page, Segment, Word


@dataclass(frozen=True)
class Finding:
    document: str
    page: int
    rule: str
    detail: str

    def __str__(self) -> str:
        return f"{self.document}: page {self.page}: {self.rule}: {self.detail}"


#: A phrase standing in for a fact the source did not give.
PLACEHOLDER = re.compile(
    r"\((?:nguồn|source)?\s*(?:không|chưa)\s+(?:nêu|rõ|có)[^)]*\)|\(not (?:stated|given)\)",
    re.IGNORECASE)
#: The official blank, left for a hand to fill.
BLANK = "……"
NUMBERED = re.compile(r"^((?:\d+\.)+)\s|^([IVXL]+)\.\s")
SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+")
#: A sentence this many words long or longer printed twice within a few sentences is a slip.
REPEAT_WORDS = 6
REPEAT_WITHIN = 3
#: Two words that open a clause and never begin a name (a body's, a place's, a person's).
#: One of them capitalised in mid-sentence, after a lower-case word with no punctuation, is a
#: sentence run into the next ("…còn chậm muộn Thời gian từ nay…"). A closed list, so that a
#: name ("của Ủy ban nhân dân", "thành phố Hà Nội") is never taken for one.
OPENERS = frozenset({
    "thời gian", "hiện nay", "đến nay", "từ nay", "tuy nhiên", "đồng thời", "trong đó",
    "theo đó", "do đó", "vì vậy", "ngoài ra", "bên cạnh", "đề nghị", "yêu cầu", "trước mắt",
    "sau đó", "qua đó", "tiếp tục", "khẩn trương", "tập trung", "đẩy mạnh", "phấn đấu",
    "chủ động", "kịp thời"})
#: How near (points) a justified line reaches the right edge, or a run-on line the left one.
EDGE_PT = 8.0
#: What a table cell's padding and rules take of its width (the profiles pad 4 pt a side).
CELL_INSET_PT = 10.0
#: A line ending in a word broken at its own hyphen ("các-", "form-bo-"), not a dash alone.
HYPHEN_END = re.compile(r"\w-$")
#: The columns the templates leave empty by design, by their labels' key and index: the mark
#: of a task to report now (empty: not now); what a unit's answer did not say (progress, the
#: reason for a delay, proposals); a change with nothing more to tell (a task dropped, or done
#: on no given date). Every other cell prints a value or the official blank.
OPTIONAL_COLUMNS = {"task_columns": (-1,), "numbered_columns": (-1,),
                    "answer_columns": (4, 5, 6), "change_columns": (4,)}
#: The languages whose labels head the tables.
LANGUAGES = ("vi", "en")


Rule = Callable[[str, list[Page], Area], Iterator[Finding]]


def _width(seg_text_x0: float, seg_text_x1: float) -> float:
    return seg_text_x1 - seg_text_x0


def _forced(a: Segment, b: Segment, width: float) -> bool:
    """Whether the break between ``a`` and ``b`` was made by the width: the first word of
    ``b`` would not have fitted after ``a``."""
    first = b.words[0]
    return (a.x1 - a.x0) + 0.25 * a.size + (first.x1 - first.x0) > width


def _name_breaks(doc: str, page: int, block: list[Segment], width: float,
                 what: str, given: tuple[names.Given, ...] = ()) -> Iterator[Finding]:
    starts = names.may_start(" ".join(w.text for seg in block for w in seg.words), given)
    first_word = list(itertools.accumulate((len(seg.words) for seg in block), initial=0))
    for at, (a, b) in enumerate(itertools.pairwise(block), 1):
        if a.words[-1].text.endswith("-") and a.words[-1].text != "-":
            yield Finding(doc, page, "name-break", f"{what}: a word broken at a hyphen: "
                          f"'{a.words[-1].text} / {b.words[0].text}'")
        elif _forced(a, b, width) and first_word[at] not in starts:
            yield Finding(doc, page, "name-break", f"{what}: a line break inside a name: "
                          f"'{a.text} / {b.text}'")


def header_breaks(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A name in the header (parent body, issuing body) broken where the width ran out and
    not where its phrases part, nor between the lines the clerk gave."""
    given = pages[0].header_lines
    left, right = layout.header_columns(pages[0], area)
    edge = min([area.left] + [s.x0 for s in left])
    for block in layout.blocks([s for s in left if s.caps]):
        centre = sum(s.centre for s in block) / len(block)
        yield from _name_breaks(doc, 1, block, 2 * (centre - edge), "header", given)
    for block in layout.blocks([s for s in right if s.caps]):
        centre = sum(s.centre for s in block) / len(block)
        yield from _name_breaks(doc, 1, block, 2 * (area.right - centre), "header", given)


def signature_breaks(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A name or a position in the signature block broken where the width ran out."""
    close = layout.closing(pages, area)
    if close is None:
        return
    index, top = close
    segs = [s for ln in layout.body_lines(pages[index]) if ln.top >= top - 1
            for s in ln.segments if s.caps and s.centre > area.centre]
    for block in layout.blocks(segs):
        centre = sum(s.centre for s in block) / len(block)
        yield from _name_breaks(doc, index + 1, block, 2 * (area.right - centre), "signature")


def subject_breaks(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """The subject line: no word broken at a hyphen, no number parted from what it counts,
    no word alone on its last line."""
    lines = layout.subject_lines(pages[0], area)
    segs = [ln.segments[0] for ln in lines]
    for a, b in itertools.pairwise(segs):
        last, first = a.words[-1].text, b.words[0].text
        if last.endswith("-") and last != "-":
            yield Finding(doc, 1, "name-break", f"subject: a word broken at a hyphen: "
                          f"'{last} / {first}'")
        elif re.match(r"^\d", first) and not re.search(r"[,.;:]$", last):
            yield Finding(doc, 1, "name-break", f"subject: a number parted from the word it "
                          f"counts: '{last} / {first}'")
    if len(segs) > 1 and len(segs[-1].text.split()) == 1:
        yield Finding(doc, 1, "subject-widow", f"one word alone on the subject's last line: "
                      f"'{segs[-2].words[-1].text} / {segs[-1].text}'")


def closing_alone(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """The closing block (the last paragraph, the recipients, the signatures) on a page of
    its own: its page must also carry a line of the text before the last paragraph."""
    close = layout.closing(pages, area)
    if close is None or close[0] == 0:
        return
    index, top = close
    above = [ln for ln in layout.body_lines(pages[index]) if ln.bottom <= top]
    starts = [i for i, ln in enumerate(above) if ln.x0 > area.left + 8]
    if above and not starts:
        return  # the page opens inside a paragraph running on to the close
    before = starts[-1] if starts else 0
    if before < 1:
        yield Finding(doc, index + 1, "closing-alone", (
            f"the closing block starts page {index + 1} with {before} line(s) of the text "
            "it closes"))


def headings(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """Bold numbered headings in sequence at each level: 1, 2, 3 under each parent heading;
    I, II, III. Top-level numbers without a parent may skip forward (never repeat or go
    back): a pack narrowed to a point keeps the agenda's numbers of the items it holds."""
    seen: dict[int, int] = {}
    for page in pages:
        for ln in layout.body_lines(page):
            seg = ln.segments[0]
            match = NUMBERED.match(seg.text)
            if not match or not seg.words[0].bold:
                continue
            if match.group(1):
                parts = [int(x) for x in match.group(1).strip(".").split(".")]
                level = len(parts)
                number = parts[-1]
            else:
                level, number = 0, _roman(match.group(2))
            expected = seen.get(level, 0) + 1
            under_parent = any(k < level for k in seen)
            if number != expected and (under_parent or number < expected):
                yield Finding(doc, page.number, "heading-sequence", (
                    f"heading '{seg.text[:40]}' is number {number} where {expected} comes next"))
            seen[level] = number
            for deeper in [k for k in seen if k > level]:
                del seen[deeper]


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for i, c in enumerate(text):
        v = values[c]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def repeated_sentences(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A sentence printed twice in a row (or within a few sentences)."""
    sentences: list[tuple[str, int]] = []
    for page in pages:
        for ln in layout.body_lines(page):
            if any(t.top - 1 <= ln.top <= t.bottom for t in page.tables):
                continue  # a table's cells are not running text
            if len(ln.segments) > 1 or ln.x0 > area.left + 8:
                sentences.append(("", page.number))  # a paragraph or a block begins
            for part in SENTENCE_END.split(ln.text):
                sentences.append((part, page.number))
    joined = _join_sentences(sentences)
    for i, (text, page_no) in enumerate(joined):
        key = " ".join(text.lower().split())
        if len(key.split()) < REPEAT_WORDS:
            continue
        for other, _ in joined[max(0, i - REPEAT_WITHIN):i]:
            if " ".join(other.lower().split()) == key:
                yield Finding(doc, page_no, "sentence-repeated", f"printed twice: '{text[:60]}'")
                break


def sentences_run_on(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A sentence running into the next with no punctuation: a lower-case word, then a word
    of :data:`OPENERS` capitalised as a sentence's first ("muộn Thời gian từ nay")."""
    for page in pages:
        for words in _paragraphs(page, area):
            for w1, w2, w3 in zip(words, words[1:], words[2:], strict=False):
                if _runs_on(w1.text, w2.text, w3.text) and w1.bold == w2.bold:
                    yield Finding(doc, page.number, "sentence-run-on", (
                        f"'{w1.text} {w2.text} {w3.text}': a sentence runs into the next "
                        "with no punctuation"))


def _runs_on(before: str, first: str, second: str) -> bool:
    """``first second`` opens a sentence (capitalised, in OPENERS) right after ``before``, a
    lower-case word with no punctuation."""
    second = second.rstrip(",.;:!?")
    return (before.isalpha() and before.islower() and first.isalpha() and first[:1].isupper()
            and first[1:].islower() and second.isalpha() and second.islower()
            and f"{first} {second}".lower() in OPENERS)


def _paragraphs(page: Page, area: Area) -> Iterator[list[Word]]:
    """The words of each paragraph of running text on the page (outside tables, one column):
    a line continues the one above when that one is justified to the right edge and this
    one starts at the left."""
    words: list[Word] = []
    reaches = False
    for ln in layout.body_lines(page):
        if len(ln.segments) > 1 or any(t.top - 1 <= ln.top <= t.bottom for t in page.tables):
            if words:
                yield words
            words, reaches = [], False
            continue
        if not (reaches and ln.x0 <= area.left + EDGE_PT) and words:
            yield words
            words = []
        words += ln.segments[0].words
        reaches = ln.segments[0].x1 >= area.right - EDGE_PT
    if words:
        yield words


def _join_sentences(parts: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Line pieces joined into sentences (a piece not ending a sentence runs into the next)."""
    out: list[tuple[str, int]] = []
    current, page_no = "", 0
    for text, page in parts:
        if not text:
            if current:
                out.append((current, page_no))
            current = ""
            continue
        if not current:
            page_no = page
        current = f"{current} {text}".strip()
        if re.search(r"[.!?;:]$", text):
            out.append((current, page_no))
            current = ""
    if current:
        out.append((current, page_no))
    return out


def placeholders(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A phrase standing in for a fact not known, where the official blank belongs."""
    for page in pages:
        text = " ".join(ln.text for ln in page.lines)
        for match in PLACEHOLDER.finditer(text):
            yield Finding(doc, page.number, "placeholder", f"'{match.group(0)}' printed "
                          f"where the official blank '{BLANK}' belongs")


def images_over_text(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """An image (a signature, a seal) covering printed words."""
    for page in pages:
        for x0, top, x1, bottom in page.images:
            covered = [w.text for w in page.words
                       if _overlap(w.x0, w.x1, x0, x1) * _overlap(w.top, w.bottom, top, bottom)
                       > 0.3 * (w.x1 - w.x0) * (w.bottom - w.top)]
            if covered:
                yield Finding(doc, page.number, "image-over-text",
                              f"an image covers '{' '.join(covered)[:60]}'")


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def rows_cut(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A table row's cells on two pages: the page after a table's last row opens with a row
    whose first cell is empty while another is not (the rest of a row begun above)."""
    for prev, page in itertools.pairwise(pages):
        if not prev.tables or not page.tables:
            continue
        before, after = prev.tables[-1], page.tables[0]
        if before.bottom < 0.7 * prev.height or after.top > 0.25 * page.height:
            continue
        header = before.rows[0] if before.rows else []
        rows = [r for r in after.rows if r != header]
        if rows and not rows[0][0] and any(rows[0][1:]):
            cells = " | ".join(c for c in rows[0] if c)[:60]
            yield Finding(doc, prev.number, "row-cut", (
                f"a table row runs on from page {prev.number} to page {page.number}: "
                f"'{cells}'"))


def hyphen_breaks(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A word broken at its own hyphen at a line's end in the body or a table cell ("các- /
    bon", "form-bo- / khcn.xlsx") where the whole word would have fitted on the next line: a
    word wider than its column has to break somewhere, and at its hyphen is best. The
    header, the subject and names in capitals are name-break's."""
    for page in pages:
        lines = layout.body_lines(page)
        if page.number == 1:
            lines = lines[layout.first_paragraph(lines, area):]
        for a, b in itertools.pairwise(lines):
            for left, right, room in _columns(page, a, area):
                ends = [w for w in _words(a) if left <= w.x0 < right]
                goes_on = [w for w in _words(b) if left <= w.x0 < right]
                if not ends or not goes_on:
                    continue
                last, first = ends[-1], goes_on[0]
                if (HYPHEN_END.search(last.text) and not last.text.isupper()
                        and first.text[:1].isalnum()
                        and (last.x1 - last.x0) + (first.x1 - first.x0) <= room):
                    yield Finding(doc, page.number, "hyphen-break", (
                        f"a word broken at its hyphen: '{last.text} / {first.text}'"))


#: The widest gap between two words of a justified line, in ems of its type: justified
#: Vietnamese prose opens its spaces to half an em at most (0.47 over every real meeting's
#: documents); three normal spaces (three quarters of an em) are a hole a reader sees, left
#: where a long unbreakable word went to the next line.
LOOSE_EM = 0.75
#: Edge tolerance: a line ending this close to the right edge was justified to it.
JUSTIFIED_PT = 2.0


def loose_lines(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A justified line of the body (outside tables) whose words stand an em or more apart:
    the line before a word too long to share it ("Báo cáo theo mẫu phiếu kèm theo (tệp /
    bcd-khcn-…-form-bo-khcn.xlsx)"), which the clerk would rewrite by hand."""
    for page in pages:
        for line in layout.body_lines(page):
            words = _words(line)
            if (len(words) < 3 or abs(words[-1].x1 - area.right) > JUSTIFIED_PT
                    or any(t.top - JUSTIFIED_PT <= line.top <= t.bottom for t in page.tables)):
                continue
            size = max(w.size for w in words)
            widest = max(b.x0 - a.x1 for a, b in itertools.pairwise(words))
            if widest >= LOOSE_EM * size:
                yield Finding(doc, page.number, "loose-line", (
                    f"words {widest / size:.1f} em apart in a justified line: "
                    f"'{' '.join(w.text for w in words)}'"))


def _words(line: Line) -> list[Word]:
    """The line's words, left to right."""
    return sorted((w for s in line.segments for w in s.words), key=lambda w: w.x0)


def _columns(page: Page, line: Line, area: Area) -> list[tuple[float, float, float]]:
    """Where the line's text runs, and how wide a line of it may be: each cell of the table
    it is in (its width less its padding), else the text area where the line is the body's
    one column, else each of its segments."""
    table = next((t for t in page.tables if t.top - 1 <= line.top <= t.bottom), None)
    if table is not None and len(table.edges) > 1:
        return [(a, b, b - a - CELL_INSET_PT)
                for a, b in zip(table.edges, table.edges[1:], strict=False)]
    if len(line.segments) == 1:
        return [(area.left - EDGE_PT, area.right + EDGE_PT, area.right - area.left)]
    return [(s.x0, s.x1 + EDGE_PT, s.x1 - s.x0) for s in line.segments]


@cache
def optional_headers() -> frozenset[str]:
    """The headers of the columns left empty by design (:data:`OPTIONAL_COLUMNS`), in every
    language, as a reader reads them (case and spacing aside)."""
    from briefgen.view.build import load_labels

    heads = set()
    for lang in LANGUAGES:
        labels = load_labels(lang)
        for key, indexes in OPTIONAL_COLUMNS.items():
            heads |= {_cell_key(labels[key][i]) for i in indexes}
    return frozenset(heads)


def _cell_key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).lower().split())


def empty_cells(doc: str, pages: list[Page], area: Area) -> Iterator[Finding]:
    """A table's body cell printed empty where a value or the official blank belongs: every
    column but those left empty by design (:data:`OPTIONAL_COLUMNS`). A row's first cell
    (its number, its unit, its status) is never optional: empty, it is the rest of a row cut
    from the page before, or a row with nothing to name it."""
    optional = optional_headers()
    for page in pages:
        for table in page.tables:
            header, *rows = table.rows
            for row in rows:
                if row == header or not any(row):
                    continue
                empty = [i for i, cell in enumerate(row) if not cell and (
                    i == 0 or i >= len(header) or _cell_key(header[i]) not in optional)]
                if empty:
                    named = ", ".join(f"'{header[i]}'" if i < len(header) and header[i]
                                      else f"column {i + 1}" for i in empty)
                    filled = " | ".join(c for c in row if c)[:50]
                    yield Finding(doc, page.number, "cell-empty", (
                        f"a table row prints {named} empty, where a value or '{BLANK}' "
                        f"belongs: '{filled}'"))


def blanks(pages: list[Page]) -> list[tuple[int, int]]:
    """(page, how many official blanks it prints), for the pages that print any."""
    return [(p.number, n) for p in pages if (n := sum(ln.text.count(BLANK) for ln in p.lines))]


RULES: tuple[Rule, ...] = (rows_cut, header_breaks, subject_breaks, signature_breaks,
                           closing_alone, headings, repeated_sentences, sentences_run_on,
                           placeholders, images_over_text, hyphen_breaks, empty_cells,
                           loose_lines)
