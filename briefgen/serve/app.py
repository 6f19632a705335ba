"""The workspace's pages and actions: a Starlette app over :class:`Workspace`.

GET pages draw the meeting as last validated; ``/events`` tells open pages what changed
(server-sent events) so that they fetch again only the part they show; POST actions (fill a
blank, batch, a returned form) change files through the same functions the commands use.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import tempfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from briefgen import kinds
from briefgen.errors import EnvironmentFault, InputError, Problem
from briefgen.load.limits import MAX_PRINTED, MAX_SHEET_BYTES
from briefgen.serve import live
from briefgen.serve.fill import Conflict, fill
from briefgen.serve.workspace import Snapshot, Workspace

HERE = Path(__file__).parent
FORMATS = ("pdf", "docx", "html")
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


@dataclass
class Served:
    """What the app serves: the workspace, the token its pages carry, the open pages."""

    ws: Workspace
    token: str
    words: dict[str, Any]
    hub: live.Hub = field(default_factory=live.Hub)
    root: str = ""  # where its pages are: "" for one meeting, "/m/<key>" in a folder
    batch_running: bool = False
    tasks: set[asyncio.Task[None]] = field(default_factory=set)  # running in the background
    jinja: Environment = field(default_factory=lambda: Environment(
        loader=PackageLoader("briefgen.serve", "pages"), autoescape=select_autoescape(["html"]),
        trim_blocks=True, lstrip_blocks=True))


def words(lang: str | None) -> dict[str, Any]:
    table: dict[str, Any] = yaml.safe_load((HERE / "words.yaml").read_text(encoding="utf-8"))
    return dict(table.get(lang or "vi", table["vi"]))


def make_app(workspaces: dict[str, Workspace], token: str, lang: str | None = None) -> Starlette:
    """The app of one meeting (a single workspace, keyed ""), or of a folder of meetings: a
    list at ``/``, each meeting's pages under ``/m/<key>/``."""
    all_served = {key: Served(ws, token, words(lang), root=f"/m/{key}" if key else "")
                  for key, ws in workspaces.items()}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watchers = [asyncio.create_task(live.watch(s.ws, s.hub)) for s in all_served.values()]
        try:
            yield
        finally:
            for watcher in watchers:
                watcher.cancel()
            for watcher in watchers:
                with contextlib.suppress(asyncio.CancelledError):
                    await watcher

    shared = [Route("/favicon.ico", lambda request: Response(status_code=204)),
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    if list(all_served) == [""]:
        return Starlette(routes=[*meeting_routes(all_served[""]), *shared], lifespan=lifespan)
    listing = Served(next(iter(workspaces.values())), token, words(lang))

    async def meetings(request: Request) -> Response:
        return HTMLResponse(_meetings_page(listing, all_served))

    mounts = [Mount(served.root, routes=meeting_routes(served)) for served in all_served.values()]
    return Starlette(routes=[Route("/", meetings), *mounts, *shared], lifespan=lifespan)


def meeting_routes(served: Served) -> list[Route]:
    """The pages and actions of one meeting's workspace."""

    def page(handler: Callable[[Served, Request], Any]) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Any:
            return await handler(served, request)
        return endpoint

    return [
        Route("/", page(overview)),
        Route("/fragment/overview", page(overview_fragment)),
        Route("/doc/{stem}", page(document)),
        Route("/fragment/doc/{stem}", page(document_fragment)),
        Route("/doc/{stem}/page/{n:int}.png", page(page_image)),
        Route("/doc/{stem}/file.{fmt}", page(download)),
        Route("/source", page(source)),
        Route("/files/{where}/{path:path}", page(folder_file)),
        Route("/events", page(events)),
        Route("/fill", page(fill_blank), methods=["POST"]),
        Route("/batch", page(batch), methods=["POST"]),
        Route("/collect", page(collect_form), methods=["POST"]),
    ]


def _meetings_page(listing: Served, all_served: dict[str, Served]) -> str:
    rows = []
    for key, served in all_served.items():
        snap = served.ws.good
        rows.append({"key": key, "file": served.ws.meeting.name,
                     "session": snap.mv.session if snap else "", "when": snap.mv.when if snap else "",
                     "problems": len(served.ws.problems)})
    return listing.jinja.get_template("meetings.html").render(
        W=listing.words, token=listing.token, version=0, lang=listing.ws.lang or "vi", root="",
        page="meetings", stem=None, heading=listing.words["meetings"], meetings=rows)


# -- pages ---------------------------------------------------------------------------------------

def _render(served: Served, template: str, **values: Any) -> str:
    snap = served.ws.good
    values.setdefault("heading", snap.mv.session[:1].upper() + snap.mv.session[1:] if snap else "")
    return served.jinja.get_template(template).render(
        W=served.words, token=served.token, version=served.ws.version,
        lang=served.ws.lang or "vi", root=served.root, **values)


def _problems(served: Served) -> list[dict[str, Any]]:
    shown = served.ws.problems[:MAX_PRINTED]
    return [_located(p, served.ws.meeting) for p in shown]


def _located(p: Problem, meeting: Path) -> dict[str, Any]:
    """A problem for the page; ``linked`` when it is in the meeting file (``/source`` shows
    that file, not a sheet's cells)."""
    return {"file_name": Path(p.file).name, "line": p.line, "column": p.column, "path": p.path,
            "message": p.message, "linked": Path(p.file).resolve() == meeting}


def _overview_values(served: Served) -> dict[str, Any]:
    snap = served.ws.good
    if snap is None:
        return {"mv": None, "counts": [], "warnings": [], "docs": [],
                "problems": _problems(served)}
    m, W = snap.meeting, served.words
    counts = [(len(m.tasks), W["count_tasks"]), (len(m.points), W["count_points"]),
              (len(m.agenda), W["count_agenda"]), (len(m.people), W["count_people"]),
              (len(snap.docs), W["count_docs"])]
    by_kind: dict[str, list[Any]] = {}
    for b in snap.blanks:
        by_kind.setdefault(b.kind, []).append(b)
    made = served.ws.batch_files(m)
    folder = served.ws.batch_folder(m).name
    docs = [{"stem": stem, "name": snap.mv.L["doc_name"][d.kind], "scope": d.scope,
             "state": snap.states.get(stem, "not made"), "blanks": by_kind.get(d.kind, []),
             "files": [(fmt, f"{folder}/{stem}.{fmt}") for fmt in FORMATS
                       if f"{stem}.{fmt}" in made]}
            for stem, d in snap.docs.items()]
    warnings = [_located(p, served.ws.meeting) for p in snap.warnings]
    return {"mv": snap.mv, "counts": counts, "warnings": warnings, "docs": docs,
            "problems": _problems(served)}


async def overview(served: Served, request: Request) -> Response:
    if served.ws.good is None:
        return HTMLResponse(_render(served, "overview.html", page="overview", stem=None,
                                    formats=FORMATS, **_overview_values(served)), 422)
    return HTMLResponse(_render(served, "overview.html", page="overview", stem=None,
                                formats=FORMATS, **_overview_values(served)))


async def overview_fragment(served: Served, request: Request) -> Response:
    return HTMLResponse(_render(served, "overview_live.html", **_overview_values(served)))


async def _document_values(served: Served, stem: str) -> dict[str, Any] | None:
    snap = served.ws.good
    if snap is None or stem not in snap.docs:
        return None
    drawn = await run_in_threadpool(served.ws.drawn, stem, snap)
    findings = await run_in_threadpool(drawn.findings, f"{stem}.pdf")
    doc = snap.docs[stem]
    return {"stem": stem, "name": snap.mv.L["doc_name"][doc.kind], "scope": doc.scope,
            "pages": drawn.texts, "print": snap.prints[stem][:16], "digest": snap.digest,
            "seconds": drawn.seconds["pdf"], "file_name": served.ws.meeting.name,
            "blanks": [b for b in snap.blanks if b.kind == doc.kind], "findings": findings,
            "sentences": _sentences(snap, stem), "problems": _problems(served)}


def _sentences(snap: Snapshot, stem: str) -> list[dict[str, Any]]:
    """``explain``'s table: each sentence written, the key replacing it, what it came from."""
    doc = snap.docs[stem]
    kind = kinds.get(doc.kind)
    info = getattr(snap.meeting.documents, doc.kind, None)
    out = []
    for sentence in kind.sentences:
        mine = info is not None and getattr(info.text, sentence.key, None) is not None
        out.append({"key": f"documents.{doc.kind}.text.{sentence.key}", "yours": mine,
                    "text": sentence.read(doc), "fields": ", ".join(sentence.fields)})
    return out


async def document(served: Served, request: Request) -> Response:
    stem = request.path_params["stem"]
    values = await _document_values(served, stem)
    if values is None:
        return Response("404: no such document in this meeting\n", 404, media_type="text/plain")
    return HTMLResponse(_render(served, "document.html", page="document", **values))


async def document_fragment(served: Served, request: Request) -> Response:
    values = await _document_values(served, request.path_params["stem"])
    if values is None:
        return Response("404: no such document in this meeting\n", 404, media_type="text/plain")
    return HTMLResponse(_render(served, "document_live.html", **values))


async def page_image(served: Served, request: Request) -> Response:
    stem, n = request.path_params["stem"], request.path_params["n"]
    try:
        png = await run_in_threadpool(served.ws.page_png, stem, n)
    except KeyError:
        return Response("404\n", 404, media_type="text/plain")
    except IndexError:
        return Response("404: no such page\n", 404, media_type="text/plain")
    return Response(png, media_type="image/png")


async def download(served: Served, request: Request) -> Response:
    stem, fmt = request.path_params["stem"], request.path_params["fmt"]
    if fmt not in FORMATS:
        return Response("404: no such format\n", 404, media_type="text/plain")
    try:
        data = await run_in_threadpool(served.ws.file, stem, fmt)
    except KeyError:
        return Response("404\n", 404, media_type="text/plain")
    except InputError as exc:
        return Response(str(exc), 422, media_type="text/plain")
    return Response(data, media_type=MEDIA[fmt], headers={
        "content-disposition": f'attachment; filename="{stem}.{fmt}"'})


async def source(served: Served, request: Request) -> Response:
    text = served.ws.meeting.read_text(encoding="utf-8-sig", errors="replace")
    return HTMLResponse(_render(served, "source.html", page="source", stem=None,
                                file_name=served.ws.meeting.name, lines=text.splitlines()))


def inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` if it is a file inside ``root`` once every link is followed."""
    if "\x00" in relative:
        return None
    target = (root / relative).resolve()
    return target if target.is_relative_to(root) and target.is_file() else None


async def folder_file(served: Served, request: Request) -> Response:
    """A file of the meeting's folder or of the output folder; nothing outside them."""
    roots = {"meeting": served.ws.folder, "out": served.ws.out_root}
    root = roots.get(request.path_params["where"])
    found = inside(root, request.path_params["path"]) if root else None
    if found is None:
        return Response("404: not a file of the meeting's folder or the output folder\n", 404,
                        media_type="text/plain")
    return Response(found.read_bytes(), media_type=_media(found), headers={
        "content-disposition": f'attachment; filename="{_ascii(found.name)}"'})


def _media(path: Path) -> str:
    return {".pdf": MEDIA["pdf"], ".docx": MEDIA["docx"], ".html": MEDIA["html"],
            ".json": "application/json", ".yaml": "text/plain; charset=utf-8",
            ".csv": "text/plain; charset=utf-8"}.get(path.suffix.lower(), "application/octet-stream")


def _ascii(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


async def events(served: Served, request: Request) -> Response:
    return StreamingResponse(served.hub.stream(served.ws.version), media_type="text/event-stream",
                             headers={"x-accel-buffering": "no"})


# -- actions (POST, with the token in the header: see guard) -------------------------------------

async def _json(request: Request, limit: int = 10_000) -> dict[str, Any]:
    raw = await _body(request, limit)
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise ValueError("a JSON object is expected")
    return data


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, refused past ``limit`` bytes before it is read whole."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise TooLarge(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(limit)
        chunks.append(chunk)
    return b"".join(chunks)


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"larger than {limit:,} bytes: refused before it was read")


def _problem_text(problems: list[Problem]) -> str:
    shown = [str(p) for p in problems[:MAX_PRINTED]]
    more = len(problems) - len(shown)
    return "\n".join(shown + ([f"… and {more:,} more problems"] if more > 0 else []))


async def fill_blank(served: Served, request: Request) -> Response:
    try:
        data = await _json(request)
    except (ValueError, TooLarge) as exc:
        return JSONResponse({"message": str(exc)}, 400)
    snap = served.ws.good
    blank = next((b for b in snap.blanks if b.key == data.get("key")), None) if snap else None
    if blank is None:
        return JSONResponse({"message": "no such blank to fill (it may be filled already)"}, 404)
    try:
        await run_in_threadpool(fill, served.ws.meeting, blank.path, str(data.get("value", "")),
                                str(data.get("digest", "")))
    except Conflict:
        return JSONResponse({"message": served.words["conflict"]}, 409)
    except InputError as exc:
        return JSONResponse({"message": _problem_text(exc.problems)}, 422)
    except EnvironmentFault as exc:
        return JSONResponse({"message": str(exc)}, 500)
    previous = served.ws.meeting.with_name(f"{served.ws.meeting.stem}.previous"
                                           f"{served.ws.meeting.suffix}")
    return JSONResponse({"message": f"{served.words['filled']} {previous.name}"})


async def batch(served: Served, request: Request) -> Response:
    try:
        data = await _json(request)
    except (ValueError, TooLarge) as exc:
        return JSONResponse({"message": str(exc)}, 400)
    formats = [f for f in FORMATS if f in (data.get("formats") or FORMATS)]
    if not formats:
        return JSONResponse({"message": "choose at least one format"}, 400)
    if served.batch_running:
        return JSONResponse({"message": "a batch is running already"}, 409)
    if served.ws.good is None or served.ws.problems:
        return JSONResponse({"message": "the meeting file does not validate"}, 422)
    served.batch_running = True
    task = asyncio.create_task(live.run_batch(served, formats))
    served.tasks.add(task)
    task.add_done_callback(served.tasks.discard)
    return JSONResponse({"message": "…"}, 202)


async def collect_form(served: Served, request: Request) -> Response:
    """A returned form, dropped on the page: checked and merged as ``collect`` does."""
    from briefgen.followup.collect import collect

    name = Path(request.query_params.get("name", "form.xlsx")).name or "form.xlsx"
    try:
        raw = await _body(request, MAX_SHEET_BYTES)
    except TooLarge as exc:
        return JSONResponse({"message": f"{name}: {exc}"}, 413)
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-") as folder:
        path = Path(folder) / name
        path.write_bytes(raw)
        try:
            done = await run_in_threadpool(collect, served.ws.meeting, [path])
        except InputError as exc:
            return JSONResponse({"message": _problem_text(exc.problems).replace(
                str(path), name)}, 422)
        except EnvironmentFault as exc:
            return JSONResponse({"message": str(exc)}, 500)
    W = served.words
    lines = [f"{W['merged']}: {f.unit} ({len(f.answers):,})" for f in done.merged]
    lines += [f"{W['already']}: {f.unit}" for f in done.already]
    lines += [f"{W['unanswered']}: {f.unit}" for f in done.unanswered]
    if done.register:
        lines.append(f"{len(done.changed):,} {W['tasks_changed']}: {done.register.name}")
    return JSONResponse({"message": "\n".join(lines) or "—"})

