"""A timestamp authority (RFC 3161) on the loopback interface, for ``--timestamp-url``: pyHanko's
test timestamper answering HTTP requests, with a fixed time."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

#: The time every timestamp says.
STAMPED = dt.datetime(2025, 5, 22, 3, 35, tzinfo=dt.UTC)


@contextmanager
def serving(cert: Path, key: Path) -> Iterator[str]:
    """An RFC 3161 server on 127.0.0.1 while the block runs; yields its URL."""
    from asn1crypto import tsp
    from pyhanko.keys import load_cert_from_pemder, load_private_key_from_pemder
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    stamper = DummyTimeStamper(tsa_cert=load_cert_from_pemder(str(cert)),
                               tsa_key=load_private_key_from_pemder(str(key), passphrase=None),
                               fixed_dt=STAMPED)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
