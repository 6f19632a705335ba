"""Every id reference is declared on its field (``Annotated[Id, Ref(...)]``) and checked by
walking the schema: no list of them to keep beside it (issue 26)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, get_args, get_origin

from pydantic import BaseModel

from briefgen.model import load_meeting
from briefgen.model.meeting import Meeting
from briefgen.model.text import Id, Ref
from briefgen.model.validate import _references
from tests.conftest import REFERENCE
from tests.model.test_bad_input import BASE

# Id fields that name no item of the meeting file: each list's own ids, the meeting another
# session's answers came from, and the task ids a response's answers are keyed by (tasks of
# the meeting that asked, which may be an earlier one).
NOT_REFERENCES = {"Response.meeting", "Response.answers",
                  # names of sentence forms and document types, checked against the labels
                  # (briefgen.view.forms.form_problems), not ids of the meeting's collections
                  "DocumentInfo.forms", "DocumentInfo.type", "RequestInfo.forms",
                  "RequestInfo.type", "MeetingInfo.forms"}


ID_PATTERN = get_args(Id)[1].pattern


def _marks(metadata: list[Any]) -> tuple[bool, list[Ref]]:
    """Whether these annotations make a value an Id, and the Refs among them."""
    return (any(getattr(m, "pattern", None) == ID_PATTERN for m in metadata),
            [m for m in metadata if isinstance(m, Ref)])


def id_fields(model: type[BaseModel], seen: set[type] | None = None) -> dict[str, Ref | None]:
    """Every field of the schema whose type holds an ``Id``, as ``Model.field``, with its Ref
    (or None), nested models included."""
    seen = seen if seen is not None else set()
    found: dict[str, Ref | None] = {}
    if model in seen:
        return found
    seen.add(model)
    for name, info in model.model_fields.items():
        is_id, refs = _marks(info.metadata)
        types = [info.annotation]
        while types:
            each = types.pop()
            if get_origin(each) is Annotated:
                base, *meta = get_args(each)
                more_id, more_refs = _marks(meta)
                is_id, refs = is_id or more_id, refs + more_refs
                types.append(base)
            elif isinstance(each, type) and issubclass(each, BaseModel):
                found |= id_fields(each, seen)
            else:
                types += list(get_args(each))
        if is_id or refs:
            found[f"{model.__name__}.{name}"] = refs[0] if refs else None
    return found


def test_every_id_field_is_a_declared_reference_or_an_own_id() -> None:
    fields = id_fields(Meeting)
    assert len(fields) > 20  # the walk reaches the nested models
    undeclared = {f for f, ref in fields.items() if ref is None
                  and f.split(".")[1] != "id" and f not in NOT_REFERENCES}
    assert not undeclared
    assert {f for f in fields if f.endswith(".id")} >= {"Unit.id", "Person.id", "Task.id"}
    refs = {f: ref.collection for f, ref in fields.items() if ref is not None}
    assert refs["MeetingInfo.holder"] == "units" and refs["Signer.person"] == "people"
    assert refs["Task.group"] == "agenda" and refs["AgendaGroup.tasks"] == "tasks"


def test_the_walk_finds_every_reference_of_the_reference_meeting() -> None:
    meeting, smap = load_meeting(REFERENCE)
    found = list(_references(meeting, smap))
    # Counted from the data: each task's owners, each point's host, units and attendees.
    owners = sum(len(t.owners) for t in meeting.tasks)
    points = sum(1 + len(p.units) + len(p.attendees) for p in meeting.points)
    assert sum(1 for loc, _, _ in found if loc[0] == "tasks" and loc[2] == "owners") == owners
    assert sum(1 for loc, _, _ in found if loc[0] == "points" and loc[2] in (
        "host", "units", "attendees")) == points
    assert all(smap.locate(loc)[0] > 1 for loc, _, _ in found)  # each placed in the file


def test_a_reference_written_under_an_older_key_is_placed_there(tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE.replace("  holder: ", "  body: "), encoding="utf-8")
    m, smap = load_meeting(meeting)
    holder = [loc for loc, ref, _ in _references(m, smap) if loc[:1] == ("meeting",)
              and ref.collection == "units"]
    assert holder == [("meeting", "body")]
