"""The registry of document kinds: one small module per kind, found here by name.

Every place that needs to know what a kind is (the CLI's --doc choices and scope options, the
plan of a render or batch, the order of a batch, the renderers, the template toolkit and the
variable reference) reads it from here. A new kind is one new module declaring a ``KIND``
(see ``briefgen.kinds.base.Kind``) plus its templates; ``register`` adds one at run time.
"""

from __future__ import annotations

from briefgen.kinds import invitation, minutes, notice, pack, report, request
from briefgen.kinds.base import Kind, Scope, Sentence

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


__all__ = ["KINDS", "Kind", "Scope", "Sentence", "get", "names", "register", "unregister"]
