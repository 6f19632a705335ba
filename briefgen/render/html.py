"""HTML for screens: the same template the PDF is printed from, styles and chart inlined."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from briefgen.render.base import Renderer, chart_data
from briefgen.render.errors import template_errors
from briefgen.render.jinja import environment
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView

CHART_PLACEHOLDER = "<!-- chart -->"


def render_html(mv: MeetingView, doc: DocView, templates: Path | None = None, *,
                draw_chart: bool = True) -> str:
    """The document as HTML. ``draw_chart=False`` leaves a placeholder where the chart goes
    (batch fingerprints documents this way without paying for matplotlib)."""
    context = Renderer.context(mv, doc)
    data = chart_data(doc)
    if data is not None:
        if draw_chart:
            from briefgen.render.chart import chart_svg

            # Our own SVG (every label escaped by the chart module), inlined as markup.
            context["chart_svg"] = Markup(chart_svg(data))
        else:
            context["chart_svg"] = Markup(CHART_PLACEHOLDER) + repr(data)
    name = f"html/{doc.kind}.html"
    with template_errors(name):
        return environment(templates).get_template(name).render(context)


class HtmlRenderer(Renderer):
    name = "html"
    out_suffix = ".html"

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        return render_html(mv, doc, self.templates).encode("utf-8")
