"""Công văn đề nghị báo cáo: a letter asking one owner unit to report, by a due date, on the
tasks of the register it has not finished, with the response form it fills in
(``briefgen requests``)."""

from __future__ import annotations

from briefgen.kinds.base import Kind, Scope, Sentence
from briefgen.model.blanks import Blank
from briefgen.model.meeting import RequestInfo
from briefgen.view.model import DocView, RequestView
from briefgen.view.parts import Parts, safe_stem


def form_stem(meeting_id: str, unit: str) -> str:
    """The response form's file name (without .xlsx) for one unit: named in its letter."""
    return safe_stem(f"{meeting_id}-form-{unit}")


def build(parts: Parts, scope: str | None) -> DocView:
    L, b, m = parts.labels, parts.builder, parts.meeting
    assert scope is not None  # Kind.make refuses a request without its unit
    unit = b.units[scope]
    info = parts.info("request")
    due = info.due if isinstance(info, RequestInfo) else None
    tasks = m.open_tasks(scope)
    now = sum(t.report_now for t in tasks)
    own = info.text
    opening = own.opening or L["request_opening"].format(
        session=parts.view.session, date=b.date(m.meeting.date), body=parts.issuer(info).name,
        unit=unit.name, count=len(tasks), total=len(m.tasks)) + (
        " " + L["request_report_now"].format(count=now) if now else "")
    file = form_stem(m.meeting.id, scope) + ".xlsx"
    form = L["request_form"].format(
        file=file, body=parts.issuer_short(info), due=b.date(due) if due else L["blank"])
    extra = RequestView(
        to=f"{parts.profile.header.letter.to_label if parts.profile.header.letter else L['request_to']} "
           f"{unit.name}", opening=opening, asks_intro=L["request_asks_intro"],
        asks=list(L["request_asks"]), form=form,
        form_file=L["request_form_file"].format(file=file), tasks=b.tasks(tasks),
        close=parts.closing(own.end or L["request_close"]))
    subject = own.subject or L["request_subject"].format(session=parts.view.session)
    return parts.doc("request", subject, info, scope=unit.name, scope_id=scope, extra=extra,
                     recipients=parts.recipients(info, [L["request_as_above"]]), letter=KIND.letter)


KIND = Kind(
    name="request", scope=Scope.each_open_unit, view=RequestView, build=build, letter=True,
    in_batch=False,
    prints=frozenset({Blank.place, Blank.number, Blank.date, Blank.tasks}),
    sentences=(
        Sentence("subject", lambda d: d.subject, ("meeting.kind", "meeting.sequence")),
        Sentence("opening", lambda d: d.extra.opening, (
            "meeting.kind", "meeting.date", "documents.request.issuer", "tasks[].owners",
            "tasks[].status", "tasks[].report_now")),
        Sentence("end", lambda d: d.extra.close, ()),
    ))
