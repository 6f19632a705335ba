"""PDF printed by WeasyPrint from the HTML template (A4, profile margins, fonts embedded).

A pack's annexes (PDFs units submitted) are bound onto blank pages the template reserves for
them, so the table of contents, bookmarks and page numbers already count their pages.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from briefgen.errors import InputError, Problem
from briefgen.render import archive, chunked, reuse, sections
from briefgen.render.base import Renderer
from briefgen.render.html import draw_chart, render_html
from briefgen.render.weasy import PT_PER_PX, load_weasyprint, page_box
from briefgen.view.build import MeetingView
from briefgen.view.model import AnnexView, DocView


class ForbiddenResource(Exception):
    """A template asked WeasyPrint for something outside its own template set."""


def confined_fetcher(roots: list[Path]) -> Any:
    """A WeasyPrint URL fetcher that serves files inside ``roots`` (the template sets' folders:
    fonts, images, CSS) and ``data:`` URLs, and refuses everything else before any byte is read
    or any connection is opened: no other path, no URL (WeasyPrint's default reads both)."""
    import mimetypes
    from urllib.request import url2pathname

    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class Refused(FatalURLFetchingError):
        pass

    allowed = [r.resolve() for r in roots]

    class ConfinedFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file:"):
                path = Path(url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:")))
                path = path.resolve()
                if any(path.is_relative_to(root) for root in allowed) and path.is_file():
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            raise Refused(url)

    ConfinedFetcher.Refused = Refused  # type: ignore[attr-defined]
    return ConfinedFetcher()


def refused_problem(template: Path, url: str) -> Problem:
    """Where the template names the refused resource (it may come from an included file)."""
    from briefgen.assets import DEFAULT_TEMPLATES

    candidates = [template, *sorted(template.parent.glob("*")), *sorted(
        (DEFAULT_TEMPLATES / "html").glob("*"))]
    tail = url.rsplit("/", 1)[-1] or url
    for file in candidates:
        if not file.is_file():
            continue
        for number, line in enumerate(file.read_text(encoding="utf-8", errors="replace")
                                      .splitlines(), 1):
            if url in line or tail in line:
                return Problem(str(file), number, line.find(tail) + 1, "",
                               f"template loads '{url}', outside its template set; templates "
                               f"may load only files in their own folder (fonts, images, CSS)")
    return Problem(str(template), 1, 1, "", f"template loads '{url}', outside its template set")


class PdfRenderer(Renderer):
    name = "pdf"
    out_suffix = ".pdf"
    _shared_fonts: Any = None

    def warm_up(self) -> None:
        load_weasyprint()

    def _fonts(self, html: str) -> Any:
        """The fonts to lay ``html`` out with: one font configuration for every document this
        renderer prints, so Pango and HarfBuzz load each font once per process, not once per
        document (less PDF time over a batch in one process, bench/FIGURES.md; the bytes are
        the same). A document that may bring faces of its own (@font-face rules, or
        a linked stylesheet that could hold some) gets a configuration of its own, as
        WeasyPrint asks: the faces it adds must not reach another document."""
        from weasyprint.text.fonts import FontConfiguration

        if "@font-face" in html or "<link" in html:
            return FontConfiguration()
        if self._shared_fonts is None:
            self._shared_fonts = FontConfiguration()
        return self._shared_fonts

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        # Loaded here: WeasyPrint and Pango cost most of a second, which commands that print
        # no PDF should not pay.
        HTML = load_weasyprint().HTML

        if doc.signed:  # the signatures' appearance will show the images, not the page
            doc = replace(doc, signatures=[replace(s, image=None, seal=None)
                                           for s in doc.signatures])
        keyed = render_html(mv, doc, self.templates, chart="none")
        html = draw_chart(keyed, doc, "png")
        name = f"html/{doc.kind}.html"
        fetcher = confined_fetcher(self.templates.dirs())
        base = self.templates.find(name).parent

        def parse(text: str) -> Any:
            return HTML(string=text, base_url=str(base) + "/", url_fetcher=fetcher
                        ).render(font_config=self._fonts(text))

        try:
            if chunked.splittable(html, bool(doc.annexes), bool(doc.archive)):
                parts = _in_parts(html, parse, doc)
                if parts is not None:
                    return parts
            document, reused = self._laid_out(doc, keyed, html, parse)
            blocks = label_blocks(find_blocks(document.pages), doc)
            info = recorded(blocks, doc)
            document.metadata.custom.update(info)
            options = archive.write_options(document, doc, doc.archive) if doc.archive else {}
            # Attachments (<link rel="attachment">) are fetched only here, while writing.
            pdf = document.write_pdf(custom_metadata=bool(info), **options)
            if reused is not None:
                pdf = reuse.overlay(bytes(pdf), reused)
        except fetcher.Refused as exc:
            raise InputError([refused_problem(self.templates.find(name), exc.args[0])]
                             ) from None
        assert pdf is not None
        annexes = doc.annexes
        if annexes:
            starts = {anchor: i for i, page in enumerate(document.pages) for anchor in page.anchors}
            pdf = bind_annexes(bytes(pdf), [(a, starts[a.anchor]) for a in annexes])
        return archive.complete_xmp(bytes(pdf), doc, doc.archive) if doc.archive else bytes(pdf)

    def _laid_out(self, doc: DocView, keyed_html: str, html: str, parse: Any
                  ) -> tuple[Any, list[tuple[reuse.Printed, int]] | None]:
        """The document laid out, and the sections printed apart to draw onto it (with their
        first pages), when a batch asked for some (:mod:`briefgen.render.reuse`); the keys
        come from ``keyed_html``, the document as the batch counted it (chart as data)."""
        store = self.sections
        split = sections.split(html) if store is not None and not doc.archive else None
        if store is None or split is None:
            return parse(html), None
        keyed = sections.split(keyed_html)
        prepared = reuse.prepare(keyed, split, store, parse, _write_pdf) if keyed else None
        if prepared is None:
            return parse(html), None
        document = parse(prepared.html)
        firsts = reuse.placed(document.pages, prepared.expected())
        if firsts is None:  # the template did not give each section its own pages
            return parse(html), None
        return document, [(prepared.printed[n], firsts[n]) for n in sorted(firsts)]


def _write_pdf(document: Any) -> bytes:
    return bytes(document.write_pdf())


#: The document information key (/BriefgenSignatureBlocks) recording the signature blocks.
SIGNATURE_BLOCKS = "BriefgenSignatureBlocks"
#: The key (/BriefgenHeaderLines) recording the header names printed on the lines the clerk
#: gave (a JSON list of names, each a list of lines): the proof accepts a break there.
HEADER_LINES = "BriefgenHeaderLines"


def recorded(blocks: list[dict[str, Any]], doc: DocView) -> dict[str, str]:
    """The document information briefgen records: for ``briefgen sign``, where each
    signature goes, whatever the template; for ``briefgen proof``, the header's given lines."""
    info = {SIGNATURE_BLOCKS: json.dumps(blocks, ensure_ascii=True)} if blocks else {}
    if doc.header.given_lines:
        info[HEADER_LINES] = json.dumps(doc.header.given_lines, ensure_ascii=True)
    return info


def _in_parts(html: str, parse: Any, doc: DocView) -> bytes | None:
    """A document with long tables laid out part by part (:mod:`briefgen.render.chunked`),
    or None when it has none long enough."""
    import tinyhtml5

    found = chunked.long_rows(tinyhtml5.parse(html, namespace_html_elements=False))
    if found is None:
        return None
    parts = chunked.render_parts(parse, found, _write_pdf, find_blocks)
    blocks = label_blocks([dict(block, page=block["page"] + offset)
                           for part, offset in zip(parts, chunked.page_offsets(parts), strict=True)
                           for block in part.found], doc)
    return chunked.join(parts, recorded(blocks, doc))


def find_blocks(pages: list[Any]) -> list[dict[str, Any]]:
    """Where each signature block landed: its page (0-based), the whole cell and the space
    between the position line and the name (``box``), as [x1, y1, x2, y2] in PDF points from
    the page's bottom left. Blocks are the template's ``td.sign-cell`` elements."""
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    for number, page in enumerate(pages):
        height = page.height
        cell: dict[str, Any] | None = None
        for box in page_box(page).descendants():
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if "sign-cell" in classes and id(element) not in seen:
                seen.add(id(element))
                cell = {"page": number, "cell": _rect(box, height), "box": None}
                found.append(cell)
            elif "sign-space" in classes and cell is not None and cell["box"] is None:
                cell["box"] = _rect(box, height)
    return found


def label_blocks(found: list[dict[str, Any]], doc: DocView) -> list[dict[str, Any]]:
    """The blocks found, in the order of ``doc.signatures``, with the authority, position and
    name each prints; only those with a signing space."""
    for block, s in zip(found, doc.signatures, strict=False):
        block.update(authority=s.authority, position=s.position, name=s.name)
    return [b for b in found if b["box"] is not None]


def _rect(box: Any, page_height: float) -> list[float]:
    x, y = box.border_box_x(), box.border_box_y()
    w, h = box.border_width(), box.border_height()
    return [round(v * PT_PER_PX, 2) for v in (x, page_height - y - h, x + w, page_height - y)]


def bind_annexes(pdf: bytes, annexes: list[tuple[AnnexView, int]]) -> bytes:
    """Draw each annex page onto its reserved page and give each annex a bookmark."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for annex, start in annexes:
        source = PdfReader(annex.path)
        for offset, page in enumerate(source.pages):
            target = writer.pages[start + offset]
            target.merge_transformed_page(page, _fit(page, target))
        writer.add_outline_item(title=annex.title, page_number=start)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _fit(page: Any, target: Any) -> Any:
    """Scale a page of any size into the A4 page, centred, never enlarged."""
    from pypdf import Transformation

    w, h = float(page.mediabox.width), float(page.mediabox.height)
    tw, th = float(target.mediabox.width), float(target.mediabox.height)
    scale = min(tw / w, th / h, 1.0)
    dx = (tw - w * scale) / 2 - float(page.mediabox.left) * scale
    dy = (th - h * scale) / 2 - float(page.mediabox.bottom) * scale
    return Transformation().scale(scale, scale).translate(dx, dy)
