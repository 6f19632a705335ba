"""Báo cáo tình hình thực hiện nhiệm vụ: the task register, whole or for one owner unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from briefgen.kinds.base import Kind, Scope, Sentence
from briefgen.kinds.outline import Outline, Section
from briefgen.model.blanks import Blank
from briefgen.view import vi
from briefgen.view.changes import changes_view
from briefgen.view.model import DocView, ReportHeadings, ReportView
from briefgen.view.parts import Parts

#: The report's sections, in order, numbered 1, 2, … over those it prints (an optional one is
#: left out when empty): fields of ReportHeadings. The HTML and Word templates print the
#: numbered headings the view makes from it (:func:`headings`).
OUTLINE = Outline((
    Section("by_status", "pack_by_status"), Section("by_unit", "pack_by_unit"),
    Section("overdue", "pack_overdue"), Section("register", "pack_register"),
    Section("responses", "report_responses", optional=True),
    Section("changes", "changes_heading", optional=True)))


def headings(labels: dict[str, Any], left_out: set[str]) -> ReportHeadings:
    """The numbered headings of the sections printed; "" for those ``left_out``."""
    return ReportHeadings(**OUTLINE.headings(labels, dict.fromkeys(left_out)))


def build(parts: Parts, scope: str | None = None) -> DocView:
    L, b, unit_id = parts.labels, parts.builder, scope
    tasks = [t for t in parts.meeting.tasks if unit_id is None or unit_id in t.owners]
    ordered = sorted(tasks, key=lambda t: (
        vi.text_key(b.unit_names(t.owners)), t.deadline or dt.date.max, b.task_no[t.id]))
    register = b.register(ordered)
    register = replace(register, tasks=b.numbered(register.tasks))
    name = b.units[unit_id].name if unit_id else None
    responses = b.responses(ordered)
    changes = changes_view(b, ordered if unit_id else None, [unit_id] if unit_id else None)
    optional = {"responses": responses, "changes": changes}  # printed when there are some
    extra = ReportView(
        scope_line=name or L["pack_whole"],
        intro=L["report_intro"].format(date=b.date(parts.meeting.meeting.date), total=register.total,
                                       progress=register.progress,
                                       report_now=register.report_now),
        register=register, units=b.unit_rows(tasks), status_labels=b.status_labels(),
        overdue=b.numbered(b.overdue(ordered)), overdue_note=b.overdue_note(ordered),
        headings=headings(L, {key for key, found in optional.items() if not found}),
        responses=responses, changes=changes)
    info = parts.info("report")
    subject = info.text.subject or L["report_subject"] + (f" – {name}" if name else "")
    return parts.doc("report", subject, info, scope=name, scope_id=unit_id,
                     extra=extra)


KIND = Kind(
    name="report", scope=Scope.meeting_and_units, view=ReportView, build=build, outline=OUTLINE,
    prints=frozenset({Blank.place, Blank.number, Blank.date, Blank.tasks}),
    sentences=(Sentence("subject", lambda d: d.subject, ("units[].name",)),))
