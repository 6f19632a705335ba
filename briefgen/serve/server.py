"""Starting the workspace: the socket bound, the meeting read, the renderers warmed, the
address printed with its token, then uvicorn serving until Ctrl+C."""

from __future__ import annotations

import errno
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from briefgen.errors import EnvironmentFault
from briefgen.serve.guard import Guard, allowed_hosts, new_token
from briefgen.serve.workspace import Workspace

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


def serve(meeting: Path, *, out_root: Path, host: str = LOOPBACK, port: int = 8765,
          templates: Path | None = None, lang: str | None = None,
          allow_hosts: tuple[str, ...] = (), say: Callable[[str], None] | None = None) -> None:
    """Serve the workspace of ``meeting`` until interrupted."""
    import uvicorn

    from briefgen.serve.app import make_app

    say = say or (lambda line: print(line, flush=True))
    sock = bind(host, port)
    port = sock.getsockname()[1]
    ws = Workspace(meeting, out_root, templates, lang)
    change = ws.reload()
    if change.problems:
        say(f"{meeting}: does not validate yet ({len(change.problems):,} problems); the "
            "workspace shows them and redraws when the file is saved")
    ws.warm()
    token = new_token()
    shown = f"[{host}]" if ":" in host else host
    app = Guard(make_app(ws, token, lang), token, allowed_hosts(shown, port, allow_hosts))
    say(f"briefgen serve: {meeting} (Ctrl+C stops)")
    say(f"    http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/?token={token}")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", lifespan="on", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
