"""What every request passes before it reaches a page: the Host header (DNS rebinding), the
token (cookie, query or header), POST-only changes carrying the token in a header, and the
headers every response gets (a strict Content-Security-Policy among them).

A pure ASGI middleware: it reads the request's headers, never its body, and answers a refused
request itself with a short plain-text reason.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

COOKIE = "briefgen_token_{port}"  # by port: a browser shares cookies between the ports of a host
HEADER = "x-briefgen-token"
#: Nothing from elsewhere, nothing inline: the pages' script and style are files of the server.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SAFE_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the token never leaves in a Referer
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def allowed_hosts(host: str, port: int, more: tuple[str, ...] = ()) -> set[str]:
    """The Host headers a browser sends for this server: the address it listens on, the
    loopback names, and the names an office network reaches it by (``--allow-host``)."""
    names = {host, "127.0.0.1", "localhost", "[::1]", *more}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    return {f"{n}:{port}" for n in names} | ({*names} if port == 80 else set())


class Guard:
    """Refuses a request with a foreign Host (403), without the token (403), or changing
    something other than by POST with the token in its header (405, 403)."""

    def __init__(self, app: ASGIApp, token: str, hosts: set[str], port: int) -> None:
        self.app, self.token, self.hosts = app, token, hosts
        self.cookie = COOKIE.format(port=port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        if headers.get("host", "") not in self.hosts:
            await _refuse(send, 403, "unknown Host header: this workspace answers only to the "
                          "address it printed")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = query.get("token", [""])[0]
        cookie = SimpleCookie(headers.get("cookie", ""))
        from_cookie = cookie[self.cookie].value if self.cookie in cookie else ""
        if method not in ("GET", "HEAD", "POST"):
            await _refuse(send, 405, "only GET and POST are answered")
            return
        if method == "POST":
            if not self._good(headers.get(HEADER, "")) or not _same_origin(headers):
                await _refuse(send, 403, "a change needs the workspace's token in its header")
                return
        elif given and self._good(given):  # the printed address: a cookie, then away
            await _enter(scope, send, f"{self.cookie}={given}", query)
            return
        elif not self._good(from_cookie):
            await _refuse(send, 403, "no token: open the address briefgen serve printed "
                          "(with its ?token=…)")
            return
        await self.app(scope, receive, _with_headers(send))

    def _good(self, given: str) -> bool:
        return bool(given) and secrets.compare_digest(given.encode(), self.token.encode())


def _same_origin(headers: dict[str, str]) -> bool:
    """A POST a browser sends from another page names that page's origin: refused."""
    origin = headers.get("origin")
    return origin is None or origin.split("://", 1)[-1] == headers.get("host")


async def _enter(scope: Scope, send: Send, cookie: str, query: dict[str, list[str]]) -> None:
    """Set the token's cookie and send the browser to the same page without it in the
    address (so that it is neither in the history nor shown on screen)."""
    rest = {k: v for k, v in query.items() if k != "token"}
    target = scope["path"] + (f"?{urlencode(rest, doseq=True)}" if rest else "")
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", target.encode()),
        (b"set-cookie", f"{cookie}; Path=/; HttpOnly; SameSite=Strict".encode()), *SAFE_HEADERS]})
    await send({"type": "http.response.body", "body": b""})


async def _refuse(send: Send, status: int, reason: str) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/plain; charset=utf-8"), *SAFE_HEADERS]})
    await send({"type": "http.response.body", "body": f"{status}: {reason}\n".encode()})


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            message["headers"] = [*message.get("headers", []), *SAFE_HEADERS]
        await send(message)
    return sending
