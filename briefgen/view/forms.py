"""Sentence forms: each sentence a document writes comes from a named form of the labels.

A labels file lists, per document kind and sentence (``forms.<kind>.<sentence>.<name>``), the
forms real documents use: a text with ``{fields}``, optionally ``caps: true`` (the whole
sentence in capitals, as some subject lines are printed). The first form listed is the
default; a profile may pick another (``forms.<kind>.<sentence>``), and a meeting file picks
per document (``documents.<kind>.forms.<sentence>``). A form whose text is empty writes no
sentence; ``joins: true`` continues the paragraph before it (the attendees in the opening's
paragraph, as most notices print them) instead of opening one of its own.

A field left empty disappears with the spaces and the comma around it, so one form serves a
session with or without a venue, a number or a matter.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from briefgen.errors import Problem
from briefgen.load.source import SourceMap
from briefgen.model.meeting import Meeting
from briefgen.view import vi

_SPACES = re.compile(r"\s+")
_BEFORE_MARK = re.compile(r"\s+([,.;:])")
_DOUBLE_COMMA = re.compile(r",\s*([,.;:])")
_EMPTY_TAI = re.compile(r"(^|[,.]\s*)tại\s*,", re.IGNORECASE)


@dataclass(frozen=True)
class Form:
    """One named form of one sentence."""

    name: str
    text: str
    caps: bool = False
    joins: bool = False  # continues the paragraph before it

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields the form uses, in order."""
        return tuple(dict.fromkeys(f for _, f, _, _ in string.Formatter().parse(self.text) if f))


@dataclass(frozen=True)
class Chosen:
    """The form a sentence used, the sentence it wrote, and the other forms that fit."""

    sentence: str
    form: str
    text: str
    others: tuple[str, ...]
    joins: bool = False


def forms_of(labels: Mapping[str, Any], kind: str, sentence: str) -> dict[str, Form]:
    """The forms the labels list for one sentence of one kind, in their order."""
    table = (labels.get("forms") or {}).get(kind, {}).get(sentence, {})
    out: dict[str, Form] = {}
    for name, spec in table.items():
        if isinstance(spec, Mapping):
            out[name] = Form(name, str(spec.get("text", "")), bool(spec.get("caps", False)),
                             bool(spec.get("joins", False)))
        else:
            out[name] = Form(name, str(spec or ""))
    return out


def known(labels: Mapping[str, Any], kind: str, sentence: str) -> list[str]:
    return list(forms_of(labels, kind, sentence))


def fill(form: Form, fields: Mapping[str, str], cased: bool = True) -> str:
    """The form with its fields filled; empty fields leave no stray space or comma; each
    sentence starts with a capital letter (``cased``; not a part of a sentence, such as the
    session's name)."""
    text = form.text.format_map({k: fields.get(k, "") or "" for k in form.fields})
    text = _SPACES.sub(" ", text).strip()
    text = _EMPTY_TAI.sub(r"\1", text)
    text = _DOUBLE_COMMA.sub(r"\1", text)
    text = _SPACES.sub(" ", _BEFORE_MARK.sub(r"\1", text)).strip(" ,")
    text = sentences_cased(text) if cased else text
    return vi.upper(text) if form.caps else text


def sentences_cased(text: str) -> str:
    """Each sentence starts with a capital: "… Trung ương. các Phó Thủ tướng …" cannot print."""
    parts = re.split(r"(?<=[.!?])\s+", text)  # not after a colon: "các Bộ: Tài chính, …"
    return " ".join(vi.sentence_case(p) for p in parts)


def choose(labels: Mapping[str, Any], kind: str, sentence: str, picked: str | None,
           default: str | None, fields: Mapping[str, str]) -> Chosen:
    """The sentence written with the form the meeting file picked, else the profile's, else
    the labels' first; ``others`` are the forms whose fields are all given."""
    forms = forms_of(labels, kind, sentence)
    if not forms:
        return Chosen(sentence, "", "", ())
    name = next((n for n in (picked, default) if n and n in forms), next(iter(forms)))
    given = {k for k, v in fields.items() if v}
    others = tuple(n for n, f in forms.items()
                   if n != name and f.text and set(f.fields) <= given)
    form = forms[name]
    return Chosen(sentence, name, fill(form, fields, cased=kind != "session"), others, form.joins)


# The sentences of the session's name, which any document may pick a form of.
SESSION_SENTENCES = ("name", "sequence")


def form_problems(m: Meeting, smap: SourceMap, labels: Mapping[str, Any]) -> list[Problem]:
    """Each form or type a meeting file names that the labels do not have, at its line."""
    problems: list[Problem] = []
    for sentence, name in m.meeting.forms.items():
        at: tuple[str, ...] = ("meeting", "forms", sentence)
        path = f"meeting.forms.{sentence}"
        names = known(labels, "session", sentence) if sentence in SESSION_SENTENCES else []
        if not names:
            problems.append(smap.problem(at, path, (
                f"the meeting names the forms of its sessions only: "
                f"{', '.join(SESSION_SENTENCES)}")))
        elif name not in names:
            problems.append(smap.problem(at, path, (
                f"unknown form '{name}'; the {sentence} forms are: {', '.join(names)}")))
    types = list(labels.get("types") or {})
    for doc in type(m.documents).model_fields:
        info = getattr(m.documents, doc)
        if info.type and info.type not in types:
            problems.append(smap.problem(("documents", doc, "type"), f"documents.{doc}.type",
                                         f"unknown type '{info.type}'; known: {', '.join(types)}"))
        for sentence, name in info.forms.items():
            kind = "session" if sentence in SESSION_SENTENCES else doc
            names = known(labels, kind, sentence)
            loc = ("documents", doc, "forms", sentence)
            if not names:
                sentences = [*(labels.get("forms") or {}).get(doc, {}), *SESSION_SENTENCES]
                problems.append(smap.problem(loc, f"documents.{doc}.forms.{sentence}", (
                    f"no sentence '{sentence}' has forms for the {doc}; known: "
                    f"{', '.join(sentences)}")))
            elif name not in names:
                problems.append(smap.problem(loc, f"documents.{doc}.forms.{sentence}", (
                    f"unknown form '{name}'; the {sentence} forms are: {', '.join(names)} "
                    "(docs/wording.md)")))
    return problems
