"""Checking HTML and CSS templates: syntax, loads from outside the set, variables."""

from __future__ import annotations

import os
import re
from pathlib import Path

from jinja2 import Environment, TemplateNotFound, TemplateSyntaxError

from briefgen import kinds
from briefgen.assets import TemplateSet, template_dirs
from briefgen.errors import Problem
from briefgen.render.errors import template_problem
from briefgen.render.jinja import LinkOutOfSet, environment
from briefgen.template_set.analyser import Analyzer, Finding, Resolver, Source
from briefgen.template_set.data import set_labels
from briefgen.template_set.files import TemplateFile
from briefgen.template_set.shapes import Shape, index_roots, roots

_URLS = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in (
    r"\bsrc\s*=\s*[\"']([^\"']*)[\"']",
    r"\bsrc\s*=\s*([^\s\"'>]+)",
    r"<link\b[^>]*?\bhref\s*=\s*[\"']([^\"']*)[\"']",
    r"<(?:image|use|feImage)\b[^>]*?\b(?:xlink:)?href\s*=\s*[\"']([^\"']*)[\"']",
    r"\burl\(\s*[\"']?([^\"')]*)[\"']?\s*\)",
    r"@import\s+[\"']([^\"']*)[\"']",
    r"<object\b[^>]*?\bdata\s*=\s*[\"']([^\"']*)[\"']",
)]


def _outside(url: str, base: Path, allowed: list[Path]) -> bool:
    """Whether WeasyPrint would be asked for something outside the template sets."""
    from urllib.request import url2pathname

    url = url.strip()
    if not url or url.startswith(("data:", "#")) or "{{" in url or "{%" in url:
        return False
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if url.startswith("//") or (scheme and scheme.group(1).lower() != "file"):
        return True
    plain = url.split("?")[0].split("#")[0]
    path = Path(url2pathname(plain[len("file:"):])) if scheme else base / plain
    resolved = path.resolve()
    return not any(resolved.is_relative_to(root.resolve()) for root in allowed)


def check_loads(path: Path, text: str, allowed: list[Path]) -> list[Finding]:
    """Every image, stylesheet, font or object the file loads from outside the set."""
    findings = []
    for pattern in _URLS:
        for match in pattern.finditer(text):
            url = match.group(1)
            if _outside(url, path.parent, allowed):
                line = text.count("\n", 0, match.start(1)) + 1
                column = match.start(1) - text.rfind("\n", 0, match.start(1))
                findings.append(Finding("loads", Problem(
                    str(path), line, column, "",
                    f"template loads '{url}', outside its template set; templates may load only "
                    "files in their own folder (fonts, images, CSS)")))
    return findings


def html_resolver(env: Environment) -> Resolver:
    """Template name -> parsed Source through the environment's own loader (so the same
    files, and the same refusals, as rendering); None for a file that does not parse."""
    cache: dict[str, Source | None] = {}

    def resolve(name: str) -> Source | None:
        if name not in cache:
            assert env.loader is not None
            try:
                text, filename, _ = env.loader.get_source(env, name)
            except LinkOutOfSet:
                cache[name] = None  # reported by the link pass
                return None
            try:
                cache[name] = Source(filename or name, env.parse(text, name, filename))
            except TemplateSyntaxError:
                cache[name] = None  # reported by the syntax pass
        return cache[name]

    return resolve


def html_entries(labels: Shape) -> list[tuple[str, dict[str, Shape]]]:
    """The templates rendering starts from, with the names each receives."""
    return [*((f"html/{kind}.html", roots(kind, "html", labels)) for kind in kinds.KINDS),
            ("html/index.html", index_roots(labels))]


def check_entry(name: str, custom: Path | None) -> list[Finding]:
    """The variable analysis of one document's HTML template and what it includes."""
    labels, _ = set_labels(custom)
    entry = dict(html_entries(labels)).get(name)
    analyzer = Analyzer(html_resolver(environment(TemplateSet(custom))))
    source = analyzer.resolve(name) if analyzer.resolve and entry is not None else None
    if source is not None and entry is not None:
        analyzer.run(source, entry)
    return list(analyzer.findings)


def check_html(files: list[TemplateFile], custom: Path | None, labels: Shape) -> list[Finding]:
    """Syntax, includes, loads and variables of the HTML/CSS templates a set renders with; the
    documents' templates are followed from the names they receive, other files alone."""
    env = environment(TemplateSet(custom))
    findings: list[Finding] = []
    for file in files:
        text = file.path.read_text(encoding="utf-8", errors="replace")
        try:
            env.compile(text, file.relative, os.path.normpath(file.path))
        except TemplateSyntaxError as exc:
            findings.append(Finding("syntax", template_problem(exc, file.relative)))
        findings += check_loads(file.path, text, template_dirs(custom))
    resolve = html_resolver(env)
    strict = Analyzer(resolve)
    for name, scope in html_entries(labels):
        try:
            source = resolve(name)
        except TemplateNotFound:
            continue
        if source is not None:
            strict.run(source, scope)
    alone = Analyzer(resolve, strict=False)
    for file in files:
        source = resolve(file.relative)
        if source is not None and source.file not in strict.reached:
            alone.run(source, roots(None, "html", labels))
    return [*findings, *strict.findings, *alone.findings]
