"""Starting the workspace: the socket bound, the meeting read, the renderers warmed, the
address printed with its token, then uvicorn serving until Ctrl+C."""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import EnvironmentFault, InputError
from briefgen.serve.guard import Guard, allowed_hosts, new_token
from briefgen.serve.workspace import Workspace
from briefgen.settings import Settings
from briefgen.view.parts import safe_stem

LOOPBACK = "127.0.0.1"


def bind(host: str, port: int) -> socket.socket:
    """The listening socket (port 0: any free one), before anything slow happens."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(64)
    except OSError as exc:
        sock.close()
        hint = "another program listens there; give another --port (0: any free one)" \
            if exc.errno == errno.EADDRINUSE else "give an address of this machine to --host"
        raise EnvironmentFault.from_os_error(exc, f"{host}:{port}", hint) from None
    sock.set_inheritable(True)
    return sock


def meetings_in(path: Path) -> dict[str, Path]:
    """The meeting files to serve, by the key their pages are under: one file ("" : at the
    top), or each ``*.yaml`` of a folder whose top level has a ``meeting:`` key (not the
    versions kept before a rewrite, not response logs)."""
    if path.is_file():
        return {"": path}
    found = {}
    for file in sorted([*path.glob("*.yaml"), *path.glob("*.yml")]):
        if ".previous." in file.name or file.name.startswith("."):
            continue
        try:
            head = file.read_text(encoding="utf-8-sig", errors="replace")
        except OSError:
            continue
        if any(line.startswith("meeting:") for line in head.splitlines()):
            found[safe_stem(file.stem)] = file
    return found


def serve(path: Path, *, out_root: Path, host: str = LOOPBACK, port: int = 8765,
          settings: Settings = Settings(), allow_hosts: tuple[str, ...] = (),
          say: Callable[[str], None] | None = None) -> None:
    """Serve the workspace of the meeting file ``path`` (or of every meeting file in the
    folder ``path``) until interrupted, rendering with ``settings`` (template set, language)."""
    import uvicorn

    from briefgen.serve.app import make_app

    say = say or (lambda line: print(line, flush=True))
    meetings = meetings_in(path)
    if not meetings:
        raise InputError.single(path, "no meeting file here (a .yaml file with a 'meeting:' key)")
    sock = bind(host, port)
    port = sock.getsockname()[1]
    workspaces = {key: Workspace(file, out_root, settings) for key, file in meetings.items()}
    for ws in workspaces.values():
        change = ws.reload()
        if change.problems:
            say(f"{ws.meeting}: does not validate yet ({len(change.problems):,} problems); the "
                "workspace shows them and redraws when the file is saved")
    next(iter(workspaces.values())).warm()
    token = new_token()
    shown = f"[{host}]" if ":" in host else host
    app = Guard(make_app(workspaces, token, settings.lang), token, allowed_hosts(shown, port, allow_hosts),
                port)
    counted = "" if "" in meetings else f" ({len(meetings)} meeting files)"
    say(f"briefgen serve: {path}{counted} (Ctrl+C stops)")
    say(f"    http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/?token={token}")
    sys.stdout.flush()
    # The pages' event streams never end by themselves: Ctrl+C gives them a second, not forever.
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False,
                            timeout_graceful_shutdown=1)
    uvicorn.Server(config).run(sockets=[sock])
