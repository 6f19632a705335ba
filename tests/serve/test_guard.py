"""The workspace refuses what a page of another site, another machine or a guessed address
would send: no token, a foreign Host, a change by GET or without the token's header, a path
outside the meeting's and the output folders, an upload over the limit, a stale page's edit;
and a server killed while it writes leaves the meeting file whole, old or new."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
from pathlib import Path

import pytest

from briefgen.load.limits import MAX_SHEET_BYTES
from tests.serve.conftest import Server, meeting_copy, start, stop


def ask(server: Server, method: str, path: str, *, host: str | None = None,
        token: str | None = "cookie", body: bytes | None = None,
        headers: dict[str, str] | None = None) -> tuple[int, bytes, dict[str, str]]:
    """One raw request (the path sent as written, not normalised); ``token`` 'cookie' sends
    the token as the browser does after the first visit, 'header' as the page's script."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    sent = {"Host": host or f"127.0.0.1:{server.port}", **(headers or {})}
    if token == "cookie":
        sent["Cookie"] = f"briefgen_token_{server.port}={server.token}"
    elif token == "header":
        sent["X-Briefgen-Token"] = server.token
    conn.request(method, path, body=body, headers=sent)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, data, {k.lower(): v for k, v in response.getheaders()}


def test_without_the_token_nothing_is_answered(server: Server) -> None:
    for path in ("/", f"/doc/{server.meeting.stem}-notice", "/source", "/events",
                 f"/files/meeting/{server.meeting.name}"):
        status, body, _ = ask(server, "GET", path, token=None)
        assert status == 403 and b"token" in body, path
    status, _, _ = ask(server, "GET", "/?token=not-the-token", token=None)
    assert status == 403
    status, _, headers = ask(server, "GET", f"/?token={server.token}", token=None)
    assert status == 303 and headers["location"] == "/"
    assert "HttpOnly" in headers["set-cookie"] and "SameSite=Strict" in headers["set-cookie"]


def test_a_foreign_host_is_refused_even_with_the_token(server: Server) -> None:
    for host in ("attacker.example", f"attacker.example:{server.port}", "127.0.0.1:1"):
        status, body, _ = ask(server, "GET", "/", host=host)
        assert status == 403 and b"Host" in body, host
    status, _, headers = ask(server, "GET", "/", host=f"localhost:{server.port}")
    assert status == 200
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["referrer-policy"] == "no-referrer"


def test_changes_need_post_and_the_token_in_a_header(server: Server) -> None:
    digest = hashlib.sha256(server.meeting.read_bytes()).hexdigest()
    body = json.dumps({"key": "documents.invitation.number", "value": "7", "digest": digest})
    before = server.meeting.read_bytes()
    assert ask(server, "GET", "/fill")[0] == 405
    assert ask(server, "PUT", "/fill", body=body.encode())[0] == 405
    assert ask(server, "POST", "/fill", body=body.encode())[0] == 403  # the cookie alone
    status, _, _ = ask(server, "POST", "/fill", token="header", body=body.encode(),
                       headers={"Origin": "http://attacker.example"})
    assert status == 403
    assert server.meeting.read_bytes() == before


@pytest.mark.parametrize("path", [
    "/files/meeting/../../../../etc/passwd",
    "/files/meeting/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
    "/files/meeting/%2Fetc%2Fpasswd",
    "/files/out/../../../../etc/passwd",
    "/files/elsewhere/etc/passwd",
    "/static/../../../../etc/passwd",
    "/static/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
])
def test_nothing_outside_the_folders_is_served(server: Server, path: str) -> None:
    status, body, _ = ask(server, "GET", path)
    assert status == 404 and b"root:" not in body


def test_a_link_leading_out_of_the_folder_is_not_followed(server: Server) -> None:
    link = server.meeting.parent / "passwd-link.txt"
    link.symlink_to("/etc/passwd")
    try:
        status, body, _ = ask(server, "GET", "/files/meeting/passwd-link.txt")
    finally:
        link.unlink()
    assert status == 404 and b"root:" not in body
    status, body, _ = ask(server, "GET", f"/files/meeting/{server.meeting.name}")
    assert status == 200 and body == server.meeting.read_bytes()


def test_an_upload_over_the_limit_is_refused_before_it_is_read(server: Server) -> None:
    status, body, _ = ask(server, "POST", "/collect?name=big.xlsx", token="header",
                          body=b"", headers={"Content-Length": str(MAX_SHEET_BYTES + 1)})
    assert status == 413 and f"{MAX_SHEET_BYTES:,}".encode() in body


def test_a_returned_form_goes_through_collects_checks(server: Server) -> None:
    status, body, _ = ask(server, "POST", "/collect?name=phieu.xlsx", token="header",
                          body=b"not a workbook")
    message = json.loads(body)["message"]
    assert status == 422 and message.startswith("phieu.xlsx:") and "/tmp" not in message


def test_an_edit_drawn_from_an_older_file_is_refused(server: Server) -> None:
    before = server.meeting.read_bytes()
    body = json.dumps({"key": "documents.invitation.number", "value": "7", "digest": "0" * 64})
    status, reply, _ = ask(server, "POST", "/fill", token="header", body=body.encode())
    assert status == 409 and "đĩa" in json.loads(reply)["message"]
    assert server.meeting.read_bytes() == before


def test_a_value_that_would_not_validate_is_not_written(server: Server) -> None:
    before = server.meeting.read_bytes()
    body = json.dumps({"key": "documents.invitation.number", "value": "bảy",
                       "digest": hashlib.sha256(before).hexdigest()})
    status, reply, _ = ask(server, "POST", "/fill", token="header", body=body.encode())
    message = json.loads(reply)["message"]
    assert status == 422 and f"{server.meeting.name}:" in message and "number" in message
    assert server.meeting.read_bytes() == before
    assert not [p.name for p in server.meeting.parent.iterdir() if p.name.startswith(".")]


def test_a_server_killed_while_it_writes_leaves_the_old_file_whole(tmp_path: Path) -> None:
    meeting = meeting_copy(tmp_path / "meeting")
    killed = start(meeting, tmp_path / "out", env={"BRIEFGEN_FAILPOINT": "serve-fill"})
    try:
        before = meeting.read_bytes()
        body = json.dumps({"key": "documents.invitation.number", "value": "7",
                           "digest": hashlib.sha256(before).hexdigest()})
        with pytest.raises((ConnectionError, http.client.HTTPException)):
            ask(killed, "POST", "/fill", token="header", body=body.encode())
        assert killed.proc.wait(30) == -9  # SIGKILL, between keeping the old and writing the new
        assert meeting.read_bytes() == before
        assert meeting.with_name(f"{meeting.stem}.previous.yaml").read_bytes() == before
        assert not [p.name for p in meeting.parent.iterdir() if p.name.startswith(".")]
    finally:
        stop(killed)
    again = start(meeting, tmp_path / "out")  # a server started again writes it whole
    try:
        status, _, _ = ask(again, "POST", "/fill", token="header", body=body.encode())
        assert status == 200
        after = meeting.read_text(encoding="utf-8")  # the reference has no invitation entry
        assert after.replace("  invitation: {number: 7}\n", "", 1) == before.decode("utf-8")
    finally:
        stop(again)


def test_batch_from_the_page_reports_progress_and_makes_only_the_formats_asked(
        server: Server) -> None:
    """The page's batch: progress and the summary arrive as events; PDFs only, as ticked."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=300)
    conn.request("GET", "/events", headers={"Host": f"127.0.0.1:{server.port}",
                                            "Cookie": f"briefgen_token_{server.port}={server.token}"})
    stream = conn.getresponse()
    assert stream.status == 200 and stream.getheader("content-type", "").startswith(
        "text/event-stream")
    assert stream.readline().startswith(b"event: hello")
    status, body, _ = ask(server, "POST", "/batch", token="header",
                          body=json.dumps({"formats": ["pdf"]}).encode())
    assert status == 202, body
    progress, summary = [], None
    while summary is None:
        line = stream.readline().decode("utf-8")
        assert line, "the event stream ended before the batch did"
        if line.startswith("data: ") and '"total"' in line:
            event = json.loads(line[len("data: "):])
            assert not event.get("failed"), event["message"]
            (progress.append(event) if not event.get("finished") else None)
            summary = event if event.get("finished") else None
    conn.close()
    manifest = json.loads((server.meeting.parent.parent / "out" / server.meeting.stem /
                           "manifest.json").read_text(encoding="utf-8"))
    files = manifest["files"]
    assert files and {f["format"] for f in files} == {"pdf"}
    assert f"{len(files)} " in summary["message"] or f"{len(files):,}" in summary["message"]
    assert progress[-1]["done"] == progress[-1]["total"] == len(files)
    # the overview now links each document's PDF, made fresh, served from the output folder
    status, body, _ = ask(server, "GET", "/fragment/overview")
    page = body.decode("utf-8")
    links = re.findall(r'href="(/files/out/[^"]+\.pdf)"', page)
    assert status == 200 and len(links) == len(files)
    assert page.count("state-fresh") == len(files) and "state-outdated" not in page
    status, pdf, headers = ask(server, "GET", links[0])
    assert status == 200 and pdf.startswith(b"%PDF") and headers["content-type"] == "application/pdf"


def test_the_hosts_answered_are_the_printed_address_and_those_allowed() -> None:
    from briefgen.serve.guard import allowed_hosts

    hosts = allowed_hosts("127.0.0.1", 8765, ("briefgen.office.lan",))
    assert {"127.0.0.1:8765", "localhost:8765", "briefgen.office.lan:8765"} <= hosts
    assert not {"127.0.0.1", "localhost:8766", "evil.example:8765", "0.0.0.0:8765"} & hosts
