"""The batch's worker processes.

They are started before the batch plans, so that each imports WeasyPrint (most of a second)
while the parent loads the meeting, plans and fingerprints. Each is then given one file at a
time, the longest first, and results are taken as they finish. Workers die with the run that
started them, however it dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from briefgen.documents import Job, render_job
from briefgen.render.base import Renderer
from briefgen.render.reuse import SectionStore
from briefgen.view.build import MeetingView

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

Rendered = tuple[str, bytes, float, int | None]  # file name, bytes, seconds, PDF pages

_state: dict[str, Any] = {}


def _start(parent: int, using: Mapping[str, Renderer]) -> None:
    """A pool worker of the run whose pid is ``parent``: dies with it, then warms up."""
    _die_with_parent(parent)
    _warm(using)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this worker when its parent dies, however it dies (kill -9
    included): otherwise an orphaned worker waits on its task queue for ever.

    ``parent`` is the pid the run read of itself before it forked: read here instead, it
    would already be the reaper's if the run died between the fork and this call, and the
    worker, never asked to die, would hold the run's output pipes open for ever."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _warm(using: Mapping[str, Renderer]) -> None:
    """Take the run's renderers (one per format, of its template set) and pay their warm-up
    (WeasyPrint's import) once."""
    _state["renderers"] = dict(using)
    for renderer in using.values():
        renderer.warm_up()


def _ready() -> None:
    """Nothing: submitted once per worker, it starts them all at once."""


def _render(shared: bytes, job: Job) -> Rendered:
    """One file. ``shared`` is the pickled meeting view and section store, sent with every
    file and read once per worker. Pages are counted here, in parallel, rather than in the
    parent afterwards."""
    if _state.get("shared") != shared:  # the renderers made again, given the run's store
        mv, store = pickle.loads(shared)
        _state.update(shared=shared, mv=mv, renderers={
            fmt: renderer.given(store) for fmt, renderer in _state["renderers"].items()})
    start = time.perf_counter()
    data = render_job(_state["mv"], job, _state["renderers"])
    return job.file_name, data, time.perf_counter() - start, _pages(job.fmt, data)


def _pages(fmt: str, data: bytes) -> int | None:
    """A PDF's pages, read with pikepdf (which joins parts and draws sections on anyway): a
    millisecond a file, where pypdf took twenty, after a longer import."""
    if fmt != "pdf":
        return None
    import io

    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


class Workers:
    """``count`` worker processes (with one, this process renders), each given ``using``
    (the run's renderers, one per format), started at once when ``early`` (a first run,
    ``--force``: everything will be rendered), else on the first document: a rerun that
    finds nothing to render must not pay for them."""

    def __init__(self, count: int, using: Mapping[str, Renderer], early: bool = False) -> None:
        self.count, self.using = count, using
        self.pool: ProcessPoolExecutor | None = None
        self.used = False
        if early:
            self._start()

    def _start(self) -> None:
        if self.count > 1 and self.pool is None:
            self.pool = ProcessPoolExecutor(self.count, initializer=_start,
                                            initargs=(os.getpid(), self.using))
            for _ in range(self.count):
                self.pool.submit(_ready)

    def render(self, mv: MeetingView, store: SectionStore, jobs: list[Job]
               ) -> Iterator[Rendered]:
        """Each file (``jobs`` given longest first), as it is rendered."""
        if not jobs:
            return  # nothing outdated: no worker is started or warmed
        self.used = True
        shared = pickle.dumps((mv, store))
        if len(jobs) > 1:
            self._start()
        if self.pool is None:
            _warm(self.using)
            for job in jobs:
                yield _render(shared, job)
            return
        # As each file finishes, not in submission order: the progress moves from the first
        # small file on, not only once the longest (submitted first) is done.
        for future in as_completed([self.pool.submit(_render, shared, job) for job in jobs]):
            yield future.result()

    def close(self) -> None:
        """Stop the workers; those never given anything are stopped without waiting for
        their warm-up (a rerun with nothing to render)."""
        if self.pool is None:
            return
        if not self.used:
            for process in _pool_processes(self.pool):
                process.kill()
        self.pool.shutdown(wait=True, cancel_futures=True)


def _pool_processes(pool: ProcessPoolExecutor) -> list[Any]:
    """The pool's worker processes. ProcessPoolExecutor keeps them private (``_processes``,
    a dict by pid, in CPython 3.11 to 3.14) and offers no public way to kill them: read here
    alone, and read as none should a release drop it (the pool then shuts down the workers
    itself, once their warm-up is done)."""
    processes = getattr(pool, "_processes", None)
    return list(processes.values()) if isinstance(processes, dict) else []
