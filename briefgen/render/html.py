"""HTML for screens: the same template the PDF is printed from, styles inlined."""

from __future__ import annotations

from briefgen.render.base import Renderer
from briefgen.render.jinja import environment
from briefgen.view.build import MeetingView
from briefgen.view.model import DocView


def render_html(mv: MeetingView, doc: DocView, templates: object = None) -> str:
    env = environment(templates)  # type: ignore[arg-type]
    return env.get_template(f"html/{doc.kind}.html").render(Renderer.context(mv, doc))


class HtmlRenderer(Renderer):
    name = "html"
    out_suffix = ".html"

    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        return render_html(mv, doc, self.templates).encode("utf-8")
