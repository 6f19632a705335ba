"""A printed document cut into sections that are laid out once and reused.

A template marks the elements that open a section of their own, on a new page, with the
attribute ``data-briefgen-section`` (the pack marks each ``h1``). A section runs from one mark
to the next, or to the end of the body. Point packs repeat whole sections of one another and of
the whole pack: the agenda, the previous session, the groups that concern a point whole. A batch
lays such a section out once (:mod:`briefgen.render.reuse`). Every other document prints the
section's pages from that PDF onto pages reserved for them. Its own layout keeps, in the
section's place, the marked element (hidden), so that the table of contents, the bookmarks
and the links still find it; then the section's other pages, left blank.

This module works on the HTML text only, so that a batch can count shared sections cheaply
before any layout. A section is reused only when nothing in it points elsewhere, or is pointed
at, or counts pages: no link, no id but the mark's, no signature block, no annex page. Templates
whose page styles depend on where a page falls (left and right pages, page groups), or whose
text flows into the page margins (running strings, footnotes, counters), are printed whole.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from functools import cache

MARK = "data-briefgen-section"
RESERVED = "data-briefgen-reserved"  # on the placeholders, never printed
_OPENING = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\s" + MARK + r"(?=[\s=/>])[^>]*>")
_BODY = re.compile(r"<body\b[^>]*>")
_HTML = re.compile(r"<html\b[^>]*>", re.I)
_STYLES = re.compile(r"<(?:base|link)\b[^>]*>|<style\b.*?</style>", re.S | re.I)
_ID = re.compile(r"\sid\s*=", re.I)
#: What a section must not hold to be printed apart: a link, a signature block, annex pages.
_POINTS_ELSEWHERE = ("href=", "sign-cell", "annex-page", RESERVED)
#: Styles under which a page's content depends on what comes before it, or on where it falls.
_PLACE_DEPENDENT = (":left", ":right", ":recto", ":verso", ":blank", ":nth(", "string-set",
                    "running(", "element(", "footnote", "counter-increment", "counter-reset",
                    "target-text")


@dataclass(frozen=True)
class Section:
    """One marked section of a document's HTML."""

    text: str  # from its opening mark to the next one (or the end of the body)
    opening: str  # the marked element's opening tag
    tag: str  # its name
    key: str  # what it is laid out from: the page styles, the body's tag and the text
    fit: bool  # may be printed apart and reused

    def placeholder(self, pages: int, number: int) -> str:
        """What the document's own layout gets in the section's place: the marked element,
        hidden (it still anchors the contents' links and carries the bookmark), then one
        blank page for each of the section's further pages."""
        end = self.text.find(f"</{self.tag}>")
        element = self.text[:end + len(self.tag) + 3] if end >= 0 else self.opening
        hidden = _add_attributes(element, f'{RESERVED}="{number}"', "visibility: hidden")
        blank = f'<div {RESERVED}="{number}" style="break-before: page"></div>'
        return hidden + blank * (pages - 1)


@dataclass(frozen=True)
class Split:
    """A document's HTML: its head and ``<body>`` tag, what comes before the first section,
    the sections, and the end of the body."""

    head: str  # up to and with the <body> tag
    lead: str
    sections: list[Section]
    after: str
    layout: str  # what of the head lays pages out: the html tag, styles, the body tag

    def joined(self, texts: list[str]) -> str:
        return self.head + self.lead + "".join(texts) + self.after

    def alone(self, section: Section) -> str:
        """The section as a document of its own: the same page styles and body, one blank
        page first (then dropped), so that the section's first page is not the document's
        first, which the page styles may print differently. Nothing else of the head (a
        title, metadata): equal sections give equal bytes whichever document came first."""
        return f"<!DOCTYPE html>\n{self.layout}{LEAD_PAGE}{section.text}{self.after}"


#: The blank page a section laid out alone opens with.
LEAD_PAGE = '<div style="break-after: page"></div>'


def _add_attributes(element: str, attribute: str, style: str) -> str:
    tag_end = element.index(">")
    opening, rest = element[:tag_end], element[tag_end:]
    if opening.endswith("/"):
        opening, rest = opening[:-1], "/" + rest
    styled = re.search(r'\sstyle="([^"]*)"', opening)
    if styled:
        declarations = f"{styled.group(1).rstrip('; ')}; {style}".lstrip("; ")
        opening = opening[:styled.start()] + f' style="{declarations}"' + opening[styled.end():]
    else:
        opening += f' style="{style}"'
    return f"{opening} {attribute}{rest}"


@cache
def _engine() -> str:
    """What else a layout depends on: briefgen's and WeasyPrint's versions."""
    from importlib.metadata import version

    from briefgen import __version__

    return f"briefgen {__version__}|weasyprint {version('weasyprint')}"


def split(html: str) -> Split | None:
    """The document's sections, or None when it has none, or none can be reused: the styles
    place content by where pages fall, or the first page would be a section."""
    body = _BODY.search(html)
    end = html.rfind("</body>")
    if body is None or end < body.end():
        return None
    content = html[body.end():end]
    starts = list(_OPENING.finditer(content))
    if not starts or not content[:starts[0].start()].strip():
        return None
    styles = html[:body.start()].lower()
    if any(token in styles for token in _PLACE_DEPENDENT):
        return None
    engine, layout = _engine(), _what_lays_out(html[:body.end()])
    sections = []
    for index, opening in enumerate(starts):
        stop = starts[index + 1].start() if index + 1 < len(starts) else len(content)
        text = content[opening.start():stop]
        key = hashlib.sha256("\0".join((engine, layout, text, html[end:])).encode()).hexdigest()
        sections.append(Section(text, opening.group(0), opening.group(1).lower(), key,
                                _fits(text, opening.group(0))))
    return Split(html[:body.end()], content[:starts[0].start()], sections, html[end:], layout)


def _what_lays_out(head: str) -> str:
    """What of the head a section's layout depends on, as a head of its own: the ``html``
    and ``body`` tags (language, classes) and the styles, not the title."""
    html = _HTML.search(head)
    styles = "".join(m.group(0) for m in _STYLES.finditer(head))
    body = _BODY.search(head)
    assert body is not None  # split found it
    return (f'{html.group(0) if html else "<html>"}<head><meta charset="utf-8">{styles}'
            f"</head>{body.group(0)}")


def _fits(text: str, opening: str) -> bool:
    rest = text[len(opening):]
    return not any(token in text for token in _POINTS_ELSEWHERE) and not _ID.search(rest)


#: Characters of HTML (some two pages) a batch must lay out in one section, over all the
#: documents that hold it, for the section to be printed apart. A section this long is, even
#: when no other document holds it, so that a later run reuses it when something else in its
#: document changed (one point's attendees change the whole pack's list, not its register).
LONG = 4000


def worth_apart(htmls: Iterable[str], kept: Collection[str] = ()) -> frozenset[str]:
    """The sections a batch prints apart: those whose copies, over all its documents, add up
    to :data:`LONG` (printing a section apart costs about what a small document does, and
    drawing it onto pages little: a one-page section two documents hold is cheaper laid out
    twice), and those the last run printed apart (``kept``), which cost nothing to reuse."""
    counts: Counter[str] = Counter()
    sizes: dict[str, int] = {}
    for html in htmls:
        found = split(html)
        for section in found.sections if found else ():
            if section.fit:
                counts[section.key] += 1
                sizes[section.key] = len(section.text)
    return frozenset(key for key, count in counts.items()
                     if count * sizes[key] >= LONG or key in kept)
