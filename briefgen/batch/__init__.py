"""Batch: every document, every scope, every format, rendered in parallel, incrementally.

Like a Sphinx builder, batch first asks what is outdated. A document's fingerprint is the
hash of its HTML (everything it prints, with the chart's data standing in for the drawing),
the template set, the format and the briefgen version; an output whose fingerprint and bytes
are unchanged since the last run is not rendered again. Outputs, the manifest and the index
are written all-or-nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from briefgen import __version__, kinds
from briefgen.assets import TemplateSet
from briefgen.batch.workers import Rendered, Workers
from briefgen.documents import Finish, Job, plan, renderers
from briefgen.model.meeting import Meeting
from briefgen.publish import Release, failpoint, locked
from briefgen.render import FORMATS, reuse, sections
from briefgen.render.html import render_html
from briefgen.render.reuse import SectionStore
from briefgen.settings import Settings
from briefgen.view import vi
from briefgen.view.build import MeetingView
from briefgen.view.parts import safe_stem

#: Reads the staged documents (the folder, the files' names): per file, the findings to show
#: and the official blanks it prints (page, how many).
Proofread = Callable[[Path, list[str]], dict[str, tuple[list[str], list[tuple[int, int]]]]]

STATE_FILE = ".briefgen-state.json"
OWN_FILES = ("manifest.json", "index.html", STATE_FILE)


@dataclass(frozen=True)
class Output:
    name: str
    kind: str
    scope: str | None
    fmt: str
    sha256: str
    size: int
    pages: int | None
    seconds: float | None  # None: unchanged, not rendered this run


def template_digest(templates: TemplateSet) -> str:
    """Hash of every file of the template sets in use: a template edit outdates documents."""
    h = hashlib.sha256()
    for folder in templates.dirs():
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _packaging(p)):
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _packaging(path: Path) -> bool:
    """Files that make the default set a Python package, not templates."""
    return path.name == "__init__.py" or "__pycache__" in path.parts


def printed_html(mv: MeetingView, jobs: list[Job], templates: TemplateSet) -> dict[str, str]:
    """Each document's HTML, once, with the chart's data standing in for the drawing (by
    file stem): what the fingerprints hash, what the batch counts shared sections in, and
    what orders the work."""
    htmls: dict[str, str] = {}
    for job in jobs:
        if job.doc.file_stem not in htmls:
            htmls[job.doc.file_stem] = render_html(mv, job.doc, templates, chart="none")
    return htmls


def fingerprints(jobs: list[Job], htmls: dict[str, str], templates: TemplateSet,
                 signing: str = "") -> dict[str, str]:
    """One fingerprint per output file: over everything the document prints (its HTML), every
    byte of every file it binds (annex PDFs) or embeds (an archival PDF's sources), the
    template set, the format and the version."""
    digest = template_digest(templates)
    files: dict[str, str] = {}
    per_doc: dict[str, str] = {}
    out = {}
    for job in jobs:
        stem = job.doc.file_stem
        if stem not in per_doc:
            h = hashlib.sha256(htmls[stem].encode())
            bound = [a.path for a in job.doc.annexes]
            if job.doc.archive:  # an archival PDF embeds its sources: their bytes count
                h.update(repr(job.doc.archive).encode())
                bound += [s.path for s in job.doc.archive.sources]
            for path in bound:
                if path not in files:
                    files[path] = _sha(Path(path).read_bytes())
                h.update(f"|{path}|{files[path]}".encode())
            per_doc[stem] = h.hexdigest()
        signed = signing if job.fmt == "pdf" else ""
        key = f"{__version__}|{job.fmt}|{digest}|{per_doc[stem]}|{signed}"
        out[job.file_name] = hashlib.sha256(key.encode()).hexdigest()
    return out


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the run ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchResult:
    folder: Path
    outputs: list[Output]
    seconds: float
    removed: list[str]  # outputs of points or units no longer in the meeting

    @property
    def rendered(self) -> list[Output]:
        return [o for o in self.outputs if o.seconds is not None]


def run_batch(m: Meeting, meeting_file: Path, out_root: Path, settings: Settings = Settings(),
              *, formats: Iterable[str] = FORMATS, waiting: Callable[[], None] | None = None,
              progress: Callable[[int, int, str], None] | None = None,
              finish: Finish | None = None, signing: str = "",
              proof: Proofread | None = None) -> BatchResult:
    """Render what is outdated into a new generation of ``out_root/<meeting-id>/`` and switch
    to it whole (see :mod:`briefgen.publish`): outputs, manifest and index change together
    or not at all. ``finish`` completes each rendered file (signs the PDFs) in this process;
    ``signing`` names what it signs with, so that a change of key renders the PDFs again.
    ``proof`` reads the staged documents before the index is written, which shows its notes
    for each file."""
    started = time.perf_counter()
    stem = safe_stem(m.meeting.id)
    formats = tuple(formats)
    workers = Workers(settings.jobs or os.cpu_count() or 1, renderers(formats, settings.templates),
                      early=settings.force or _edited_since(meeting_file,
                                                            out_root / stem / STATE_FILE))
    try:
        batched = [k.name for k in kinds.KINDS.values() if k.in_batch]
        mv, all_jobs = plan(m, batched, list(formats), settings, base_dir=meeting_file.parent,
                            every=True, meeting_file=meeting_file, signed=finish is not None)
        with locked(out_root, wait=settings.wait, waiting=waiting):
            release = Release(out_root, stem)
            release.clean_leftovers()
            release.open()
            try:
                result = _build(mv, all_jobs, release, settings, workers, progress, finish,
                                signing, proof)
            except BaseException:
                release.discard()
                raise
    finally:
        workers.close()
    return BatchResult(release.link, result[0], time.perf_counter() - started, result[1])


def _edited_since(meeting_file: Path, state: Path) -> bool:
    """Whether this run will likely render something: a first run, or the meeting file saved
    since the last. The workers then warm up while the batch plans; a rerun of an unchanged
    meeting must not pay for them (bench/FIGURES.md), and starts them only if it finds
    something to render after all."""
    try:
        return meeting_file.stat().st_mtime_ns >= state.stat().st_mtime_ns
    except OSError:
        return True


def _build(mv: MeetingView, all_jobs: list[Job], release: Release, settings: Settings,
           workers: Workers, progress: Callable[[int, int, str], None] | None,
           finish: Finish | None = None, signing: str = "", proof: Proofread | None = None
           ) -> tuple[list[Output], list[str]]:
    """Render into ``release``'s staging folder and switch; the outputs and what was removed."""
    templates, force = settings.templates, settings.force
    htmls = printed_html(mv, all_jobs, templates)
    prints = fingerprints(all_jobs, htmls, templates, signing)
    state = _read_state(release.current)
    todo = [j for j in all_jobs if force or not _fresh(release, j.file_name, prints, state)]
    if progress:  # the total is known before the first file is done
        progress(0, len(todo), "")
    earlier = release.current / reuse.FOLDER if release.current else None
    pdfs = {j.doc.file_stem for j in all_jobs if j.fmt == "pdf"}
    store = SectionStore(sections.worth_apart((htmls[stem] for stem in pdfs),
                                              reuse.kept(earlier)),
                         release.staging / reuse.FOLDER, earlier)
    rendered = _render_all(mv, todo, workers, progress, store, htmls)
    if finish is not None:
        for job in todo:
            name, data, secs, pages = rendered[job.file_name]
            rendered[name] = (name, finish(job, data), secs, pages)

    outputs = []
    for job in all_jobs:
        name = job.file_name
        if name in rendered:
            _, data, secs, pages = rendered[name]
            outputs.append(Output(name, job.doc.kind, job.doc.scope, job.fmt, _sha(data),
                                  len(data), pages, round(secs, 3)))
        else:
            old = state["files"][name]
            outputs.append(Output(name, job.doc.kind, job.doc.scope, job.fmt, old["sha256"],
                                  old["size"], old["pages"], None))
    names = {o.name for o in outputs}
    ours = set(state["files"]) | names | set(OWN_FILES) | {
        f"{reuse.FOLDER}/{name}" for name in reuse.listed(earlier)}
    stale = sorted(set(state["files"]) - names)
    if not rendered and not stale and release.current is not None:
        release.discard()  # nothing changed: the current generation stays as it is
        return outputs, []
    for name in sorted(names - set(rendered)):
        release.keep(name)
    for name in store.carried():
        release.keep(f"{reuse.FOLDER}/{name}")
    for name in release.others(ours):
        release.keep(name)  # a file a person put there: carried over, never dropped
    files = {name: data for name, data, _, _ in rendered.values()}
    files["manifest.json"] = _manifest(mv, outputs)
    notes = None
    if proof is not None:  # the documents first, read where they are staged
        release.write(files)
        notes = proof(release.staging, [o.name for o in outputs])
        files = {}
    files["index.html"] = _index(mv, outputs, templates, notes)
    files[STATE_FILE] = _state(outputs, prints)
    release.write(files)
    failpoint("staged")
    release.switch()
    return outputs, stale


#: What a file costs to render, by format, for every character of its document's HTML:
#: the order the workers are given files in (a PDF lays out pages; a DOCX fills a template).
FORMAT_WEIGHT = {"pdf": 1.0, "docx": 0.3, "html": 0.01}


def _render_all(mv: MeetingView, todo: list[Job], workers: Workers,
                progress: Callable[[int, int, str], None] | None, store: SectionStore,
                htmls: dict[str, str]) -> dict[str, Rendered]:
    """Every file, each given to a worker on its own, the longest first, so that the workers
    finish together rather than one waiting on the last long pack (a rerun that prints one
    pack again puts its DOCX beside its PDF, on the other core)."""
    rendered: dict[str, Rendered] = {}
    order = sorted(todo, key=lambda job: (not job.kind.heavy, -len(
        htmls[job.doc.file_stem]) * FORMAT_WEIGHT.get(job.fmt, 1.0)))
    for done in workers.render(mv, store, order):
        rendered[done[0]] = done
        if progress:
            progress(len(rendered), len(todo), done[0])
        failpoint("rendering")
    return rendered


def _read_state(folder: Path | None) -> dict[str, Any]:
    if folder is None:
        return {"files": {}}
    try:
        state: dict[str, Any] = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"files": {}}
    return state if isinstance(state.get("files"), dict) else {"files": {}}


def _fresh(release: Release, name: str, prints: dict[str, str], state: dict[str, Any]) -> bool:
    """Same fingerprint as last run, and the file on disk is the one we wrote."""
    old = state["files"].get(name)
    path = release.old_file(name)
    if not old or old.get("fingerprint") != prints[name] or path is None:
        return False
    try:
        return _sha(path.read_bytes()) == old.get("sha256")
    except OSError:
        return False


def _state(outputs: list[Output], prints: dict[str, str]) -> bytes:
    files = {o.name: {"fingerprint": prints[o.name], "sha256": o.sha256, "size": o.size,
                      "pages": o.pages} for o in outputs}
    return json.dumps({"version": __version__, "files": files}, indent=1, sort_keys=True).encode()


def _printed_pages(outputs: list[Output]) -> dict[tuple[str, str | None], int | None]:
    return {(o.kind, o.scope): o.pages for o in outputs if o.fmt == "pdf"}


def _manifest(mv: MeetingView, outputs: list[Output]) -> bytes:
    printed = _printed_pages(outputs)
    entries = [{"file": o.name, "document": o.kind, "scope": o.scope, "format": o.fmt,
                "sha256": o.sha256, "size": o.size,
                "pages": o.pages if o.fmt == "pdf" else printed.get((o.kind, o.scope)),
                "pages_counted_in": "pdf"} for o in sorted(outputs, key=lambda o: o.name)]
    return (json.dumps({"meeting": mv.id, "generator": f"briefgen {__version__}",
                        "files": entries}, ensure_ascii=False, indent=2) + "\n").encode()


def _notes(mv: MeetingView, name: str,
           notes: dict[str, tuple[list[str], list[tuple[int, int]]]] | None) -> list[str]:
    """What the proof says of one file: its findings, then the blanks it leaves to fill."""
    found, blanks = (notes or {}).get(name, ([], []))
    lines = [f"{name}: {f}" for f in found]
    if blanks:
        lines.append(f"{name}: " + mv.L["index_blanks"].format(
            n=sum(n for _, n in blanks), pages=", ".join(str(p) for p, _ in blanks)))
    return lines


def _index(mv: MeetingView, outputs: list[Output], templates: TemplateSet,
           notes: dict[str, tuple[list[str], list[tuple[int, int]]]] | None = None) -> bytes:
    from briefgen.render.jinja import environment

    rows: dict[tuple[str, str | None], dict[str, Output]] = {}
    for o in outputs:
        rows.setdefault((o.kind, o.scope), {})[o.fmt] = o
    table = [{"document": mv.L["doc_name"][kind], "scope": scope or mv.L["pack_whole"],
              "files": [fmts.get(f) for f in FORMATS],
              "notes": [n for o in fmts.values() for n in _notes(mv, o.name, notes)]}
             for (kind, scope), fmts in rows.items()]
    html = environment(templates).get_template("html/index.html").render(
        m=mv, L=mv.L, rows=table, formats=[f.upper() for f in FORMATS], proofed=notes is not None,
        heading=f"{vi.sentence_case(mv.session)}, {mv.when}.")
    return html.encode("utf-8")
