"""What a renderer is: a name, a file suffix, and one method from view to bytes."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any, ClassVar

from briefgen.view.build import MeetingView
from briefgen.view.model import DocView, PackView


class Renderer(ABC):
    name: ClassVar[str]
    out_suffix: ClassVar[str]

    def __init__(self, templates: Path | None = None) -> None:
        self.templates = templates

    @staticmethod
    def context(mv: MeetingView, doc: DocView) -> dict[str, Any]:
        """What every template receives: the meeting, the document, labels and profile."""
        return {"m": mv, "doc": doc, "L": mv.L, "p": mv.profile}

    @abstractmethod
    def render(self, mv: MeetingView, doc: DocView) -> bytes:
        """The finished file's bytes; nothing is written here."""


def chart_data(doc: DocView) -> Any:
    """The status-by-unit chart of a briefing pack, or None for other documents."""
    if not isinstance(doc.extra, PackView):
        return None
    from briefgen.render.chart import ChartData

    rows = doc.extra.units
    return ChartData(units=[r.unit for r in rows], statuses=list(doc.extra.status_labels),
                     counts=[list(r.counts) for r in rows], title=doc.extra.chart_title)
