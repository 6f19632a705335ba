"""The workspace's state: the meeting as last validated, its documents, and their pages.

A warm process: the renderers are made once, the view is built again only when a file is
saved, and a document is laid out only when a page asks for it, one at a time. What changed
is found as ``batch`` finds it: each document's printed HTML (the chart's data standing in
for the drawing) hashed, so a save redraws the documents it touched and nothing else.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from briefgen import kinds
from briefgen.batch import STATE_FILE, fingerprints, printed_html
from briefgen.documents import Job, plan, render_job, renderers
from briefgen.errors import InputError, Problem
from briefgen.model import load_meeting
from briefgen.model.meeting import Meeting
from briefgen.proof import Finding, proof_pages
from briefgen.proof.pages import read_pdf
from briefgen.serve.fill import Blank, blanks, file_digest
from briefgen.settings import Settings
from briefgen.view.build import MeetingView
from briefgen.view.checks import meeting_warnings
from briefgen.view.model import DocView
from briefgen.view.parts import safe_stem

#: Pixels per PDF point of the page images: 1.2 draws an A4 page 714 pixels wide, a little
#: over the 640 the page shows it at (fewer pixels: PNG encoding is a third of a page's cost).
PAGE_SCALE = 1.2
#: Rendered documents kept (pages and files), the least recently drawn dropped first.
KEPT = 24


@dataclass(frozen=True)
class Snapshot:
    """The meeting as last validated, and everything the pages show of it."""

    version: int
    meeting: Meeting
    mv: MeetingView
    docs: dict[str, DocView]  # by file stem, in the batch's order
    prints: dict[str, str]  # file stem -> hash of what the document prints
    warnings: list[Problem]
    blanks: list[Blank]
    digest: str  # sha256 of the meeting file's bytes it was read from
    states: dict[str, str]  # file stem -> fresh | outdated | not made, against the batch folder


@dataclass
class Drawn:
    """One document laid out: its PDF, each page's text, and each page's PNG once a page
    asks for it (the first page shows while the later ones are drawn)."""

    pdf: bytes
    texts: list[str]
    seconds: dict[str, float] = field(default_factory=dict)  # where the time went
    pngs: dict[int, bytes] = field(default_factory=dict)  # by page number, from 1
    proofed: list[Finding] | None = None  # the proof's findings, once a page asks for them

    def findings(self, name: str) -> list[Finding]:
        """What the proof (``briefgen proof``) finds on this document, read once."""
        if self.proofed is None:
            clock = time.perf_counter()
            self.proofed = proof_pages(name, read_pdf(self.pdf))
            self.seconds["proof"] = time.perf_counter() - clock
        return self.proofed

    def png(self, n: int) -> bytes:
        """Page ``n`` (from 1) as a PNG image, drawn the first time it is asked for."""
        import pypdfium2

        if n not in self.pngs:
            clock = time.perf_counter()
            document = pypdfium2.PdfDocument(self.pdf)
            try:
                page = document[n - 1]
                image = page.render(scale=PAGE_SCALE).to_pil()
                page.close()
            finally:
                document.close()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", compress_level=1)
            self.pngs[n] = buffer.getvalue()
            self.seconds["png"] = self.seconds.get("png", 0.0) + time.perf_counter() - clock
        return self.pngs[n]


@dataclass(frozen=True)
class Change:
    """What a reload found: the documents whose print changed, or the file's problems."""

    version: int
    changed: list[str]
    problems: list[Problem]


class Workspace:
    """One meeting file, watched; thread-safe (the server calls it from its thread pool)."""

    def __init__(self, meeting: Path, out_root: Path, settings: Settings = Settings()) -> None:
        self.meeting, self.out_root = meeting.resolve(), out_root.resolve()
        self.settings = settings  # the run's template set and language, for all made here
        self.good: Snapshot | None = None
        self.problems: list[Problem] = []
        self._renderers: dict[str, object] = {}
        self._drawn: dict[tuple[str, str], Drawn] = {}
        self._files: dict[tuple[str, str, str], bytes] = {}
        self._lock = threading.Lock()  # one document laid out at a time
        self._version = 0

    @property
    def lang(self) -> str | None:
        return self.settings.lang

    @property
    def folder(self) -> Path:
        return self.meeting.parent

    @property
    def version(self) -> int:
        return self._version

    # -- reading the meeting ------------------------------------------------------------------

    def reload(self) -> Change:
        """Read and validate the meeting file again; what changed since the last good read.
        A file that no longer validates keeps the last good snapshot, with its problems."""
        with self._lock:
            before = self.good.prints if self.good else {}
            try:
                raw = self.meeting.read_bytes()
                m, smap = load_meeting(self.meeting)
                snap = self._snapshot(m, smap, raw)  # a template's fault is located too
            except InputError as exc:
                self._version += 1
                self.problems = exc.problems
                return Change(self._version, [], exc.problems)
            except OSError as exc:
                self._version += 1
                self.problems = [Problem(str(self.meeting), 1, 1, "",
                                         f"cannot read the file: {exc.strerror}")]
                return Change(self._version, [], self.problems)
            self._version += 1
            snap = Snapshot(**{**snap.__dict__, "version": self._version})
            self.good, self.problems = snap, []
            changed = [s for s, h in snap.prints.items() if before.get(s) != h]
            return Change(self._version, changed, [])

    def _snapshot(self, m: Meeting, smap: object, raw: bytes) -> Snapshot:
        names = [k.name for k in kinds.KINDS.values() if k.in_batch]
        mv, jobs = plan(m, names, ["pdf"], self.settings, base_dir=self.folder, every=True,
                        meeting_file=self.meeting)
        htmls = printed_html(mv, jobs, self.settings.templates)
        prints = {stem: hashlib.sha256(html.encode()).hexdigest() for stem, html in htmls.items()}
        docs = {j.doc.file_stem: j.doc for j in jobs}
        locate = smap.locate  # type: ignore[attr-defined]
        return Snapshot(
            version=0, meeting=m, mv=mv, docs=docs, prints=prints,
            warnings=meeting_warnings(m, smap, mv.profile, kinds.made(m)),  # type: ignore[arg-type]
            blanks=blanks(m, lambda path: locate(path)[0], {d.kind for d in docs.values()},
                          {d.kind for d in docs.values() if d.header.place_date is not None}),
            digest=file_digest(raw), states=self._states(m, jobs, htmls))

    def batch_folder(self, m: Meeting) -> Path:
        """Where ``batch`` writes this meeting's files: OUT/<meeting-id>/."""
        return self.out_root / safe_stem(m.meeting.id)

    def batch_files(self, m: Meeting) -> dict[str, dict[str, object]]:
        """The files the last batch made (its state file), by name."""
        try:
            files = json.loads((self.batch_folder(m) / STATE_FILE).read_text(encoding="utf-8"))
            found = files["files"]
        except (OSError, ValueError, KeyError, TypeError):
            return {}
        return found if isinstance(found, dict) else {}

    def _states(self, m: Meeting, jobs: list[Job], htmls: dict[str, str]) -> dict[str, str]:
        """Each document's PDF against the last batch's: fresh, outdated or not made yet."""
        state = self.batch_files(m)
        prints = fingerprints(jobs, htmls, self.settings.templates)
        out = {}
        for job in jobs:
            old = state.get(job.file_name)
            out[job.doc.file_stem] = ("not made" if not isinstance(old, dict) else
                                      "fresh" if old.get("fingerprint") == prints[job.file_name]
                                      else "outdated")
        return out

    def read_states(self) -> None:
        """The documents' states again (after a batch)."""
        with self._lock:
            snap = self.good
            if snap is None:
                return
            jobs = [Job(d, "pdf") for d in snap.docs.values()]
            htmls = printed_html(snap.mv, jobs, self.settings.templates)
            self.good = Snapshot(**{**snap.__dict__,
                                    "states": self._states(snap.meeting, jobs, htmls)})

    # -- drawing one document -----------------------------------------------------------------

    def drawn(self, stem: str, snap: Snapshot | None = None) -> Drawn:
        """Document ``stem`` of ``snap`` (the last good one) laid out, from the cache when
        what it prints has not changed."""
        with self._lock:
            snap = snap or self.good
            if snap is None or stem not in snap.docs:
                raise KeyError(stem)
            key = (stem, snap.prints[stem])
            if key not in self._drawn:
                self._drawn[key] = self._draw(snap, stem)
                while len(self._drawn) > KEPT:
                    self._drawn.pop(next(iter(self._drawn)))
            else:
                self._drawn[key] = self._drawn.pop(key)  # the most recent last
            return self._drawn[key]

    def _draw(self, snap: Snapshot, stem: str) -> Drawn:
        import pypdfium2

        took: dict[str, float] = {}
        clock = time.perf_counter()
        pdf = self._render(snap, stem, "pdf")
        took["pdf"] = time.perf_counter() - clock
        clock = time.perf_counter()
        document = pypdfium2.PdfDocument(pdf)
        texts = []
        try:
            for page in document:
                text = page.get_textpage()
                texts.append(text.get_text_bounded())
                text.close()
                page.close()
        finally:
            document.close()
        took["text"] = time.perf_counter() - clock
        return Drawn(pdf, texts, took)

    def page_png(self, stem: str, n: int) -> bytes:
        """Page ``n`` of document ``stem`` as a PNG image; IndexError past its last page."""
        drawn = self.drawn(stem)
        if not 1 <= n <= len(drawn.texts):
            raise IndexError(n)
        with self._lock:  # pdfium is not thread-safe: one page drawn at a time
            return drawn.png(n)

    def file(self, stem: str, fmt: str) -> bytes:
        """Document ``stem`` of the last good snapshot in ``fmt`` (pdf, docx, html)."""
        with self._lock:
            snap = self.good
            if snap is None or stem not in snap.docs:
                raise KeyError(stem)
            key = (stem, snap.prints[stem], fmt)
            if key not in self._files:
                self._files[key] = self._render(snap, stem, fmt)
                while len(self._files) > KEPT:
                    self._files.pop(next(iter(self._files)))
            return self._files[key]

    def _render(self, snap: Snapshot, stem: str, fmt: str) -> bytes:
        if fmt not in self._renderers:
            self._renderers |= renderers([fmt], self.settings.templates)
        return render_job(snap.mv, Job(snap.docs[stem], fmt), self._renderers)  # type: ignore[arg-type]

    def warm(self, on_ready: Callable[[], None] | None = None) -> None:
        """Lay out the notice (or the first document) once, so that the first page a clerk
        opens is drawn by a process that has imported and used its renderers already."""
        snap = self.good
        if snap:
            first = next((s for s, d in snap.docs.items() if d.kind == "notice"),
                         next(iter(snap.docs), None))
            if first:
                self.drawn(first)
        if on_ready:
            on_ready()
