"""Checking Word templates as docxtpl reads them, every problem placed in its paragraph."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import TemplateSyntaxError

from briefgen import kinds
from briefgen.errors import Problem
from briefgen.render.errors import template_problem
from briefgen.render.jinja import docx_environment
from briefgen.template_set.analyser import Analyzer, Finding, Source
from briefgen.template_set.fields import cut
from briefgen.template_set.shapes import Shape, roots

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MARK = "briefgen-paragraph:"
_MARK_LINE = re.compile(re.escape(_MARK) + r"(\d+)-->")
_ELEMENT = re.compile(r"<w:(p|tr|tc)([ >/])")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")


def mark_paragraphs(xml: str) -> str:
    """Put a numbered marker, starting a new line, before each paragraph (and each table row
    and cell, numbered as the first paragraph in them) of a part's XML. docxtpl's own
    preprocessing keeps them (they sit outside the elements it folds into a tag), so a Jinja
    line number tells the paragraph it comes from."""
    count = 0

    def mark(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(1) == "p":
            count += 1
        return f"<!--\n{_MARK}{count + (match.group(1) != 'p')}-->{match.group(0)}"

    return _ELEMENT.sub(mark, xml)


def paragraph_locator(patched: str, texts: list[str], part: str
                      ) -> Callable[[int], tuple[int, str]]:
    """Jinja line -> (paragraph number, ``paragraph N “its text”``)."""
    numbers, current = [], 1
    for line in patched.split("\n"):
        found = _MARK_LINE.match(line)
        current = int(found.group(1)) if found else current
        numbers.append(current)

    def locate(line: int) -> tuple[int, str]:
        n = numbers[min(max(line, 1), len(numbers)) - 1]
        text = texts[n - 1] if 0 < n <= len(texts) else ""
        return n, f"{part}paragraph {n} “{cut(text, 60)}”"

    return locate


def _runs(paragraph: Any) -> list[str]:
    """The text of each run directly in a paragraph (not in a nested text box's)."""
    return ["".join(t.text or "" for t in run.iter(f"{W}t"))
            for run in paragraph.iter(f"{W}r")
            if next(run.iterancestors(f"{W}p"), None) is paragraph]


def check_runs(file: str, part: str, paragraphs: list[Any], texts: list[str]) -> list[Finding]:
    """Tags split across runs (a warning: docxtpl joins them) and tags left open at the end
    of a paragraph (a problem: docxtpl would fold paragraphs together)."""
    findings = []
    for n, paragraph in enumerate(paragraphs, 1):
        where = f"{part}paragraph {n} “{cut(texts[n - 1], 60)}”"
        owner: list[int] = []
        for i, text in enumerate(_runs(paragraph)):
            owner += [i] * len(text)
        text = "".join(_runs(paragraph))
        for tag in _TAG.finditer(text):
            runs = len(set(owner[tag.start():tag.end()]))
            if runs > 1:
                findings.append(Finding("split", Problem(
                    file, n, 1, where,
                    f"warning: the tag '{cut(tag.group(0), 50)}' is split across {runs} Word "
                    "runs (the formatting changes inside it); it renders, since docxtpl joins "
                    "the runs, but text after the tag in them takes the first run's formatting. "
                    "Retype the tag in one go to keep it in one run"), warning=True))
        left = _OPEN.search(_TAG.sub("", text))
        if left:
            findings.append(Finding("syntax", Problem(
                file, n, 1, where, f"a tag opened here ('{cut(text[left.start():], 30)}') is "
                                   "not closed in the same paragraph")))
    return findings


def _docx_parts(tpl: Any) -> Iterator[tuple[str, str]]:
    """(label, XML) of each part docxtpl renders: body, headers, footers, footnotes."""
    yield "", tpl.get_xml()
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _, part in tpl.get_headers_footers(uri):
            yield f"{part.partname.rsplit('/', 1)[-1]}, ", tpl.get_part_xml(part)
    for part in tpl.docx.part.package.parts:
        if part.content_type.endswith("wordprocessingml.footnotes+xml"):
            blob = part.blob
            yield "footnotes.xml, ", blob.decode("utf-8") if isinstance(blob, bytes) else blob


def check_docx_part(file: str, part: str, xml: str, tpl: Any, scope: dict[str, Shape],
                    strict: bool) -> list[Finding]:
    """One part of a Word template, read as docxtpl reads it, located by paragraph."""
    from lxml import etree

    tree = etree.fromstring(xml.encode("utf-8"))
    paragraphs = list(tree.iter(f"{W}p"))
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    findings = check_runs(file, part, paragraphs, texts)
    patched = tpl.patch_xml(mark_paragraphs(xml))
    locate = paragraph_locator(patched, texts, part)
    env = docx_environment()
    try:
        env.compile(patched)
    except TemplateSyntaxError as exc:
        line, where = locate(exc.lineno or 1)
        problem = dataclasses.replace(template_problem(exc, file), file=file, line=line,
                                      column=1, path=where)
        return [*findings, Finding("syntax", problem)]
    analyzer = Analyzer(None, strict)
    analyzer.run(Source(file, env.parse(patched), locate), scope)
    return [*findings, *analyzer.findings]


def check_properties(file: str, tpl: Any, scope: dict[str, Shape], strict: bool
                     ) -> list[Finding]:
    """The document properties docxtpl renders (title, subject, author ...)."""
    findings: list[Finding] = []
    env = docx_environment()
    for name in ("author", "comments", "identifier", "language", "subject", "title"):
        text = getattr(tpl.docx.core_properties, name) or ""
        where = f"document property '{name}'"
        try:
            ast = env.parse(text)
        except TemplateSyntaxError as exc:
            problem = dataclasses.replace(template_problem(exc, file), file=file, line=1,
                                          path=where)
            findings.append(Finding("syntax", problem))
            continue
        analyzer = Analyzer(None, strict)
        analyzer.run(Source(f"{file} {name}", ast, _fixed(where)), scope)
        findings += [dataclasses.replace(f, problem=dataclasses.replace(f.problem, file=file))
                     for f in analyzer.findings]
    return findings


def _fixed(where: str) -> Callable[[int], tuple[int, str]]:
    """A locator that places every line at one named place (a document property)."""
    return lambda _line: (1, where)


def check_docx(path: Path, labels: Shape) -> list[Finding]:
    """Syntax, variables and split tags of a Word template ``docx/<regime>/<kind>.docx``."""
    from docxtpl import DocxTemplate

    file = str(path)
    tpl = DocxTemplate(file)
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several kinds for a file that is no .docx
        return [Finding("data", Problem(file, 1, 1, "", f"not a Word document: {exc}"))]
    kind = path.stem if path.stem in kinds.KINDS else None
    scope, strict = roots(kind, "docx", labels), kind is not None
    findings = check_properties(file, tpl, scope, strict)
    for part, xml in _docx_parts(tpl):
        findings += check_docx_part(file, part, xml, tpl, scope, strict)
    return findings
