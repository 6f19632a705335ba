"""Tài liệu phục vụ phiên họp: the briefing pack, whole or narrowed to one connection point.

A point's pack is the whole pack narrowed to what concerns the point's units (agenda groups,
tasks, annexes), plus its own logistics. Its PDF binds the annexes units submitted.
"""

from __future__ import annotations

from briefgen.kinds.base import Kind, Scope, SignedBy
from briefgen.model.blanks import Blank
from briefgen.view import vi
from briefgen.view.changes import changes_view
from briefgen.view.model import DocView, GroupView, PackView, PointView, TocEntry
from briefgen.view.parts import Parts


def concerns(g: GroupView, point: PointView) -> bool:
    """Whether an agenda group concerns the point's units."""
    units = point.unit_ids
    return bool(g.lead_ids & units or any(set(t.owner_ids) & units for t in g.tasks)
                or any(r.by_unit in units for r in g.recommendations)
                or any(s.speaker.unit_id in units for s in g.statements))


def build(parts: Parts, scope: str | None = None) -> DocView:
    L, mv, b = parts.labels, parts.view, parts.builder
    point = parts.point(scope) if scope else None
    if point:
        tasks = parts.point_tasks(point)
        groups = [b.group(g.no, parts.meeting.agenda[g.no - 1], tasks) for g in mv.agenda
                  if concerns(g, point)]
        points = [p for p in mv.points if p.central or p.id == point.id]
        own = b.register(tasks)
    else:
        tasks, groups, points, own = list(parts.meeting.tasks), mv.agenda, mv.points, None
    annexes = parts.annexes(point)
    toc = [TocEntry("agenda", L["pack_agenda"]), TocEntry("participants", L["pack_participants"])]
    if point:
        toc.insert(0, TocEntry("logistics", L["pack_logistics"]))
    toc += [TocEntry(f"group-{g.id}", f"{g.no}. {g.title}") for g in groups]
    toc.append(TocEntry("register", L["pack_register"]))
    responses = b.responses(tasks)
    if responses:
        toc.append(TocEntry("responses", L["report_responses"]))
    if parts.meeting.previous:
        toc.append(TocEntry("previous", L["pack_previous"]))
    if annexes:
        toc.append(TocEntry("annexes", L["pack_annexes"]))
    toc += [TocEntry(a.anchor, L["pack_annex"].format(title=a.title)) for a in annexes]
    units, statuses = b.unit_rows(tasks), b.status_labels()
    extra = PackView(
        scope_line=point.name if point else L["pack_whole"],
        cover_date=f"{parts.view.place}, {vi.month_year(parts.meeting.meeting.date, b.lang)}",
        toc=toc, logistics=parts.logistics(point) if point else None, points=points,
        groups=groups, register=mv.register, own=own, units=units,
        status_labels=statuses, overdue=b.overdue(tasks),
        report_now=b.tasks(t for t in tasks if t.report_now),
        annexes=annexes, chart_title=L["chart_title"], responses=responses,
        changes=changes_view(b, tasks if point else None, point.unit_ids if point else None))
    subject = vi.sentence_case(mv.session)
    return parts.doc("pack", subject, parts.info("pack"), scope=extra.scope_line,
                     scope_id=point.id if point else None, extra=extra, signatures=[],
                     recipients=[], chart=parts.chart(units, statuses) if units else None,
                     annexes=annexes)


KIND = Kind(name="pack", scope=Scope.meeting_and_points, view=PackView, build=build,
            signed_by=SignedBy.nobody, charted=True, binds_annexes=True, heavy=True,
            prints=frozenset({Blank.chairs, Blank.mode, Blank.tasks, Blank.agenda_details}))
