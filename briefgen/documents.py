"""Documents of one meeting: the plan (one job per document, scope and format) and the render
loop that turns jobs into bytes, for ``render`` and for each batch worker alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from briefgen import kinds
from briefgen.assets import TemplateSet
from briefgen.errors import InputError, Problem
from briefgen.model.meeting import Meeting
from briefgen.publish import commit_files, guard_targets, locked, recover
from briefgen.render import RENDERERS, Renderer
from briefgen.render.errors import TemplateFault
from briefgen.render.gc_pause import fewer_collections
from briefgen.render.reuse import SectionStore
from briefgen.settings import Settings
from briefgen.template_set.explain import explain_failure
from briefgen.view.build import MeetingView, ViewBuilder
from briefgen.view.model import DocView, SourceFile
from briefgen.view.parts import Parts
from briefgen.writer import inside


@dataclass(frozen=True)
class Job:
    """One document in one format: what to render and the file name it gets."""

    doc: DocView
    fmt: str

    @property
    def file_name(self) -> str:
        return self.doc.file_stem + RENDERERS[self.fmt].out_suffix

    @property
    def kind(self) -> kinds.Kind:
        return kinds.get(self.doc.kind)


# What completes a job's bytes after rendering, before they are written: signing the PDFs.
Finish = Callable[[Job, bytes], bytes]


def plan(m: Meeting, kind_names: Iterable[str], formats: Iterable[str],
         settings: Settings = Settings(), *, base_dir: Path,
         scope: Mapping[str, str | None] | None = None, every: bool = False,
         meeting_file: Path | None = None, signed: bool = False
         ) -> tuple[MeetingView, list[Job]]:
    """The view, built once, and one job per document, scope and format.

    ``scope`` maps a narrowing (``point``, ``unit``) to the id asked for; ``every`` asks, as
    batch does, for the whole meeting and every point or unit each kind is made for. An
    archival PDF (``settings.pdf_variant``, else the profile's) embeds ``meeting_file`` and
    its sheets; ``signed`` PDFs leave the signature images to the digital signatures'
    appearance."""
    sources = source_files(m, meeting_file) if meeting_file else ()
    parts = Parts(ViewBuilder(m, settings.templates, settings.lang), base_dir,
                  pdf_variant=settings.pdf_variant, sources=sources, signed=signed)
    kind_names = list(kind_names)
    _refuse_lacking_labels(parts, kind_names, settings.templates)
    asked = scope or {}
    formats = list(formats)
    jobs = []
    for name in kind_names:
        kind = kinds.get(name)
        narrowed = asked.get(kind.option) if kind.option else None
        for s in kind.scopes(parts, narrowed, every):
            doc = kind.make(parts, s)
            jobs += [Job(doc, fmt) for fmt in formats]
    return parts.view, jobs


def _refuse_lacking_labels(parts: Parts, kind_names: list[str], templates: TemplateSet
                           ) -> None:
    """Refuse, as ``templates check`` does, a labels file lacking a label an outline of the
    kinds to make heads a section with (a set's own labels file may leave one out)."""
    lacking = kinds.lacking_labels(parts.labels, kind_names)
    if lacking:
        file = str(templates.find(f"labels/{parts.view.lang}.yaml"))
        raise InputError([Problem(file, 1, 1, label, kinds.lacking_label_message(kind))
                          for kind, label in lacking])


def source_files(m: Meeting, meeting_file: Path) -> tuple[SourceFile, ...]:
    """What an archival PDF embeds to be rendered again: the meeting file, the sheets it
    names (register, people, points), the response log, the annexes, the signature and seal
    images, and the earlier session's meeting file with its own; each under its path from the
    meeting file's folder (``data/reg.csv``), so ``briefgen extract`` restores the tree."""
    from briefgen.model.validate import meeting_inputs, responses_path

    folder = meeting_file.parent
    described = {meeting_file: "meeting file (briefgen)"}
    described |= {folder / name: f"{what} (sheet)" for name, what in (
        (m.register_file, "task register"), (m.people_file, "people"),
        (m.points_file, "connection points")) if name}
    described[responses_path(meeting_file)] = "response log (briefgen collect)"
    described |= {folder / a.file: f"annex {a.id}" for a in m.attachments}
    files = meeting_inputs(m, meeting_file)
    if m.earlier is not None and m.previous is not None and m.previous.file:
        files += meeting_inputs(m.earlier, folder / m.previous.file)
    ordered = [*(p for p in described if p in files), *files]  # sheets first, as before
    named: dict[str, SourceFile] = {}
    for path in ordered:
        name = path.relative_to(folder).as_posix()
        if name not in named and path.is_file():
            named[name] = SourceFile(path=str(path.resolve()), name=name,
                                     description=described.get(path, "input file"))
    return tuple(named.values())


def renderers(formats: Iterable[str], templates: TemplateSet = TemplateSet(),
              sections: SectionStore | None = None) -> dict[str, Renderer]:
    """One renderer per format, of the template set, each given the sections a batch prints
    apart and reuses."""
    return {fmt: RENDERERS[fmt](templates, sections) for fmt in formats}


def render_job(mv: MeetingView, job: Job, using: Mapping[str, Renderer]) -> bytes:
    """One job's bytes. A template that fails is explained as ``briefgen templates check``
    explains it, in the template set the render used."""
    renderer = using[job.fmt]
    try:
        with fewer_collections():
            return renderer.render(mv, job.doc)
    except TemplateFault as fault:
        explained = explain_failure(fault.cause, fault.template, renderer.templates) \
            if fault.cause is not None else []
        raise InputError(explained or fault.problems) from None


def render_into(out_dir: Path, mv: MeetingView, jobs: list[Job],
                settings: Settings = Settings(), *,
                waiting: Callable[[], None] | None = None,
                more: Mapping[str, bytes] | None = None,
                finish: Finish | None = None,
                inputs: Iterable[Path] = ()) -> dict[Path, bytes]:
    """Render every job, then write them all (and the ``more`` files made beside them) or
    none into ``out_dir``, under its lock, so that a crash between two renames is finished
    by the next run; what was written. ``finish`` completes a job's bytes before anything
    is written (``render --sign`` signs the PDFs there). No file is written over one of the
    meeting's ``inputs``, nor over a folder in the way (checked before rendering)."""
    with locked(out_dir, waiting=waiting):
        recover(out_dir)  # finishes an interrupted run, and proves the folder can be written
        guard_targets([out_dir / name for name in (*(j.file_name for j in jobs), *(more or {}))],
                      inputs=inputs)
        using = renderers(dict.fromkeys(j.fmt for j in jobs), settings.templates)
        # PDFs last: WeasyPrint's layout leaves the process's memory in Python's small-object
        # arenas, which a DOCX's large XML buffers cannot reuse: filled after the PDF, a long
        # report's DOCX raised the peak; before it, not (bench/FIGURES.md).
        made = {j.file_name: render_job(mv, j, using)
                for j in sorted(jobs, key=lambda j: j.fmt == "pdf")}
        if finish is not None:
            made = {j.file_name: finish(j, made[j.file_name]) for j in jobs}
        files = {inside(out_dir, j.file_name): made[j.file_name] for j in jobs}
        files |= {inside(out_dir, name): data for name, data in (more or {}).items()}
        commit_files(out_dir, {path.name: data for path, data in files.items()})
    return files
