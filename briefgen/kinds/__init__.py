"""The registry of document kinds: one small module per kind, found here by name.

Every place that needs to know what a kind is (the CLI's --doc choices and scope options, the
plan of a render or batch, the order of a batch, the renderers, the template toolkit and the
variable reference) reads it from here. A new kind is one new module declaring a ``KIND``
(see ``briefgen.kinds.base.Kind``) plus its templates; ``register`` adds one at run time.
"""

from __future__ import annotations

from briefgen.kinds import invitation, minutes, notice, pack, report, request
from briefgen.kinds.base import Kind, Scope, Sentence, SignedBy
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


def signed_by_their_signer(meeting: Meeting) -> tuple[str, ...]:
    """The kinds ``meeting`` gets a document of whose signature block is its
    ``documents.<kind>.signer``: those ``validate`` warns about when it has none."""
    return tuple(k.name for k in KINDS.values() if k.signed_by is SignedBy.signer and k.made_for(meeting))


def table(names: dict[str, str]) -> str:
    """The README's table of kinds, in Markdown: each kind's name, its Vietnamese name (from
    ``names``, the Vietnamese labels' ``doc_name``) and its scope in words."""
    rows = [f"| {k.name} | {names[k.name][:1].lower()}{names[k.name][1:]} | "
            f"{k.scope.described}{'' if k.in_batch else ' (by its own command, not `batch`)'} |"
            for k in KINDS.values()]
    return "\n".join(["| document | Vietnamese | scope |", "| --- | --- | --- |", *rows])


__all__ = ["KINDS", "Kind", "Scope", "Sentence", "SignedBy", "get", "names", "register",
           "signed_by_their_signer", "table", "unregister"]
