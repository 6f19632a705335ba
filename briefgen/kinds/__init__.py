"""The registry of document kinds: one small module per kind, found here by name.

Every place that needs to know what a kind is (the CLI's --doc choices and scope options, the
plan of a render or batch, the order of a batch, the renderers, the template toolkit and the
variable reference) reads it from here. A new kind is one new module declaring a ``KIND``
(see ``briefgen.kinds.base.Kind``) plus its templates; ``register`` adds one at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from briefgen.kinds import invitation, minutes, notice, pack, report, request
from briefgen.kinds.base import Kind, Scope, Sentence, SignedBy
from briefgen.model.blanks import Blank, Made, Prints
from briefgen.model.meeting import Meeting

KINDS: dict[str, Kind] = {k.name: k for k in (
    minutes.KIND, notice.KIND, invitation.KIND, pack.KIND, report.KIND, request.KIND)}


def names() -> tuple[str, ...]:
    """Every kind's name, in the registry's order (the order documents are listed in)."""
    return tuple(KINDS)


def get(name: str) -> Kind:
    """The kind called ``name``; KeyError names the known ones."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"unknown document {name!r}; known: {', '.join(KINDS)}") from None


def register(kind: Kind) -> Kind:
    """Add (or replace) a kind; returns it, so a module can write ``KIND = register(Kind(...))``."""
    KINDS[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    KINDS.pop(name, None)


def made(meeting: Meeting) -> Made:
    """The kinds ``meeting`` gets a document of, as they declare themselves to the warnings:
    whether each is signed by its ``documents.<kind>.signer`` and the blanks it prints."""
    return Made(tuple(Prints(k.name, k.signed_by is SignedBy.signer, k.prints)
                      for k in KINDS.values() if k.made_for(meeting)))


def lacking_labels(labels: Mapping[str, Any], names: Iterable[str] | None = None
                   ) -> list[tuple[str, str]]:
    """(kind, label) for each label the outline of a kind ``names`` (default: every kind)
    heads a section with that ``labels`` lacks: its view could not make its headings."""
    chosen = [KINDS[name] for name in (KINDS if names is None else names)]
    return [(kind.name, label) for kind in chosen if kind.outline
            for label in kind.outline.labels() if label not in labels]


def lacking_label_message(kind: str) -> str:
    """What a labels file lacking a label of ``kind``'s outline is told (check and render)."""
    return f"the outline of the {kind} heads a section with this label; the labels file lacks it"


def table(names: dict[str, str]) -> str:
    """The README's table of kinds, in Markdown: each kind's name, its Vietnamese name (from
    ``names``, the Vietnamese labels' ``doc_name``) and its scope in words."""
    rows = [f"| {k.name} | {names[k.name][:1].lower()}{names[k.name][1:]} | "
            f"{k.scope.described}{'' if k.in_batch else ' (by its own command, not `batch`)'} |"
            for k in KINDS.values()]
    return "\n".join(["| document | Vietnamese | scope |", "| --- | --- | --- |", *rows])


__all__ = ["KINDS", "Blank", "Kind", "Made", "Scope", "Sentence", "SignedBy", "get",
           "lacking_label_message", "lacking_labels", "made", "names", "register", "table",
           "unregister"]
