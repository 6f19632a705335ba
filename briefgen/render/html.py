"""HTML for screens: the same template the PDF is printed from, styles and chart inlined."""

from __future__ import annotations

import base64
import re
from typing import Literal

from markupsafe import Markup, escape

from briefgen.assets import TemplateSet
from briefgen.render.base import Renderer
from briefgen.render.errors import template_errors
from briefgen.render.jinja import environment
from briefgen.view import vi
from briefgen.view.build import MeetingView, ViewBuilder
from briefgen.view.model import ChangesView, DocView

CHART_PLACEHOLDER = "<!-- chart -->"


Chart = Literal["svg", "png", "none"]


def render_html(mv: MeetingView, doc: DocView, templates: TemplateSet = TemplateSet(), *,
                chart: Chart = "svg") -> str:
    """The document as HTML, with the chart as inline SVG (screens), as a PNG (print: one
    picture for WeasyPrint to place, and the same drawing Word gets), or, with "none", as a
    placeholder carrying its data (batch fingerprints documents this way without drawing)."""
    context = Renderer.context(mv, doc)
    if doc.chart is not None:
        context["chart_svg"] = _placeholder(doc.chart)
    name = f"html/{doc.kind}.html"
    with template_errors(name):
        html = environment(templates).get_template(name).render(context)
    if chart != "svg":  # to print: no word broken at its own hyphen (docs/proof.md)
        kept = str(_placeholder(doc.chart)) if doc.chart is not None else None
        html = kept.join(_hyphens_joined(part) for part in html.split(kept)) if kept \
            else _hyphens_joined(html)
    return draw_chart(html, doc, chart)


#: What of an HTML page is not its text: tags (their attributes: links, ids, classes), and
#: the content of style and script elements.
_NOT_TEXT = re.compile(r"(<style\b.*?</style>|<script\b.*?</script>|<!--.*?-->|<[^>]*>)",
                       re.DOTALL | re.IGNORECASE)


def _hyphens_joined(html: str) -> str:
    """The page's text (not its markup) with each hyphen inside a word joined to what follows
    (:func:`briefgen.view.vi.join_hyphens`): the printer breaks a line there otherwise."""
    parts = _NOT_TEXT.split(html)
    return "".join(part if i % 2 else vi.join_hyphens(part) for i, part in enumerate(parts))


def draw_chart(html: str, doc: DocView, chart: Chart) -> str:
    """The document's HTML made with ``chart="none"``, its chart drawn in as ``chart`` asks:
    one template render serves both the batch's fingerprint and the print."""
    data = doc.chart
    if data is None or chart == "none":
        return html
    from briefgen.render import chart as charts

    # Our own drawing (every label escaped by the chart module), inlined as markup.
    if chart == "svg":
        drawn = charts.chart_svg(data)
    else:
        encoded = base64.b64encode(charts.chart_png(data, dpi=200)).decode("ascii")
        drawn = (f'<img class="chart" alt="{escape(data.title)}" '
                 f'src="data:image/png;base64,{encoded}">')
    return html.replace(_placeholder(data), drawn)


def _placeholder(data: object) -> Markup:
    """Where the chart goes, with its data (input text in it escaped: no template output can
    take this form)."""
    return Markup(CHART_PLACEHOLDER) + repr(data)


class HtmlRenderer(Renderer):
    name = "html"
    out_suffix = ".html"

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        return render_html(mv, doc, self.templates).encode("utf-8")


def changes_page(b: ViewBuilder, view: ChangesView, old: str, new: str) -> str:
    """``briefgen diff --format html``: what changed between two meeting files as a page,
    in the later one's labels and profile."""
    name = "html/changes_page.html"
    with template_errors(name):
        return environment(b.templates).get_template(name).render(
            c=view, L=b.L, p=b.profile, lang=b.lang, session=b.view.session, old=old, new=new)
