"""Live: the meeting's files watched (watchfiles), every open page told what changed
(server-sent events), and the batch run from the browser with its progress."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from starlette.concurrency import run_in_threadpool

from briefgen.errors import EnvironmentFault, InputError
from briefgen.serve.workspace import Change, Workspace


class Served(Protocol):
    """What running a batch needs of the app's state (briefgen.serve.app.Served), named here
    so that this module does not import the app that imports it."""

    ws: Workspace
    hub: Hub
    words: dict[str, Any]
    batch_running: bool

#: Milliseconds a burst of file events is gathered for (an editor's save is several).
DEBOUNCE_MS = 30
#: Seconds between the comments that keep an idle event stream open through proxies.
KEEPALIVE = 15.0


class Hub:
    """The open pages' event streams."""

    def __init__(self) -> None:
        self.queues: set[asyncio.Queue[str]] = set()

    def send(self, event: str, data: dict[str, Any]) -> None:
        message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        for queue in self.queues:
            queue.put_nowait(message)

    async def stream(self, version: int) -> AsyncIterator[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self.queues.add(queue)
        try:
            yield f"event: hello\ndata: {json.dumps({'version': version})}\n\n"
            while True:
                try:
                    yield await asyncio.wait_for(queue.get(), KEEPALIVE)
                except TimeoutError:
                    yield ": still here\n\n"
        finally:
            self.queues.discard(queue)


def watched(ws: Workspace) -> Any:
    """The filter of file events worth a reload: files of the meeting's folder (the meeting
    file, its sheets, annexes, images), not hidden or temporary ones, not the versions kept
    before a rewrite, nothing in the output folder."""
    out = ws.out_root

    def keep(_: Any, path: str) -> bool:
        p = Path(path)
        return not (p.name.startswith((".", "~$")) or ".previous." in p.name
                    or p.is_relative_to(out) or p.suffix in (".tmp", ".swp"))
    return keep


def change_event(change: Change) -> dict[str, Any]:
    return {"version": change.version, "changed": change.changed,
            "problems": len(change.problems), "recovered": not change.problems}


async def watch(ws: Workspace, hub: Hub) -> None:
    """Reload on every save in the meeting's folder and tell the pages."""
    from watchfiles import awatch

    failing = bool(ws.problems)
    async for _ in awatch(ws.folder, watch_filter=watched(ws), debounce=DEBOUNCE_MS, step=10,
                          recursive=True):
        try:
            change = await run_in_threadpool(ws.reload)
        except Exception as exc:  # a bug must not end the watching: said, then the next save
            print(f"briefgen serve: internal error while reading {ws.meeting.name} (a bug, "
                  f"please report it): {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            continue
        event = change_event(change)
        event["recovered"] = failing and not change.problems
        failing = bool(change.problems)
        if change.changed or change.problems or event["recovered"]:
            # Nothing is drawn here: each open page asks for its own document, so only the
            # documents someone is looking at are laid out, one at a time.
            hub.send("change", event)


async def run_batch(served: Served, formats: list[str]) -> None:
    """``batch`` from the browser: every document in ``formats``; progress to every page."""
    from briefgen.batch import run_batch as batch

    ws, hub, loop = served.ws, served.hub, asyncio.get_running_loop()

    def progress(done: int, total: int, name: str) -> None:
        loop.call_soon_threadsafe(hub.send, "batch", {
            "done": done, "total": total, "message": name or f"0/{total:,}"})

    try:
        snap = ws.good
        assert snap is not None
        settings = replace(ws.settings, wait=5.0)
        result = await run_in_threadpool(
            batch, snap.meeting, ws.meeting, ws.out_root, settings, formats=formats,
            progress=progress)
        await run_in_threadpool(ws.read_states)
        W = served.words
        hub.send("batch", {"done": 1, "total": 1, "finished": True, "message": (
            f"{W['batch_done']}: {len(result.rendered):,} {W['batch_files']} "
            f"{len(result.outputs):,} ({result.seconds:.1f} s) → {result.folder}")})
        hub.send("change", {"version": ws.version, "changed": [], "problems": 0,
                            "recovered": False, "states": True})
    except (InputError, EnvironmentFault) as exc:
        hub.send("batch", {"done": 0, "total": 1, "failed": True, "message": str(exc)})
    finally:
        served.batch_running = False
