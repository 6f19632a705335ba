"""HTML for screens: the same template the PDF is printed from, styles and chart inlined."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Literal

from markupsafe import Markup, escape

from briefgen.render.base import Renderer
from briefgen.render.errors import template_errors
from briefgen.render.jinja import environment
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView

CHART_PLACEHOLDER = "<!-- chart -->"


def render_html(mv: MeetingView, doc: DocView, templates: Path | None = None, *,
                chart: Literal["svg", "png", "none"] = "svg") -> str:
    """The document as HTML, with the chart as inline SVG (screens), as a PNG (print: WeasyPrint
    lays a picture out several times faster than a vector drawing of the same chart), or,
    with "none", as a placeholder carrying its data (batch fingerprints documents this way
    without paying for matplotlib)."""
    context = Renderer.context(mv, doc)
    data = doc.chart
    if data is not None:
        from briefgen.render import chart as charts

        # Our own drawing (every label escaped by the chart module), inlined as markup.
        if chart == "svg":
            context["chart_svg"] = Markup(charts.chart_svg(data))
        elif chart == "png":
            encoded = base64.b64encode(charts.chart_png(data, dpi=200)).decode("ascii")
            context["chart_svg"] = Markup(
                f'<img class="chart" alt="{escape(data.title)}" src="data:image/png;base64,{encoded}">')
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
