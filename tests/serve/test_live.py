"""Live without a browser: the event stream names only the documents a save changed; a file
that does not validate when the workspace starts shows its problems, then the meeting once
it is fixed."""

from __future__ import annotations

import http.client
import json
import time
from pathlib import Path

from tests.conftest import STEM
from tests.serve.conftest import Server, meeting_copy, start, stop
from tests.serve.test_guard import ask


def next_change(stream: http.client.HTTPResponse) -> dict[str, object]:
    event = ""
    while True:
        line = stream.readline().decode("utf-8")
        assert line, "the event stream ended"
        if line.startswith("event: "):
            event = line.split(": ", 1)[1].strip()
        elif line.startswith("data: ") and event == "change":
            found: dict[str, object] = json.loads(line[len("data: "):])
            return found


def events(server: Server) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """The server's event stream, opened as a page opens it, past its greeting."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
    conn.request("GET", "/events", headers={"Host": f"127.0.0.1:{server.port}",
                                            "Cookie": f"briefgen_token_{server.port}={server.token}"})
    stream = conn.getresponse()
    assert stream.readline().startswith(b"event: hello")
    return conn, stream


def test_a_save_names_only_the_documents_it_changed(tmp_path: Path) -> None:
    meeting = meeting_copy(tmp_path / "meeting")
    server = start(meeting, tmp_path / "out")
    try:
        conn, stream = events(server)
        text = meeting.read_text(encoding="utf-8")
        # the secretariat's own comment: nothing printed changes, no event at all; then the
        # conclusion reworded: the documents printing conclusions, and no invitation
        meeting.write_text(text.replace("conclusions:\n", "conclusions:  # reworded\n", 1),
                           encoding="utf-8")
        time.sleep(1.0)
        meeting.write_text(text.replace("không còn nhiều", "còn rất ngắn", 1), encoding="utf-8")
        change = next_change(stream)
        changed = set(change["changed"])  # type: ignore[arg-type]
        assert f"{STEM}-notice" in changed and len(changed) < 29  # of the 29 documents
        assert not any("-invitation-" in stem or "-report" in stem for stem in changed)
        assert change["problems"] == 0
        conn.close()
    finally:
        stop(server)


def test_a_file_invalid_at_start_shows_its_problems_then_the_meeting(tmp_path: Path) -> None:
    meeting = meeting_copy(tmp_path / "meeting")
    good = meeting.read_text(encoding="utf-8")
    meeting.write_text(good.replace("  by: nguyen-duy-ngoc", "  by: no-such-person", 1),
                       encoding="utf-8")
    server = start(meeting, tmp_path / "out")
    try:
        status, body, _ = ask(server, "GET", "/")
        line = good.splitlines().index("  by: nguyen-duy-ngoc") + 1  # where the fault is
        assert status == 422 and f"{meeting.name}:{line}:".encode() in body
        assert ask(server, "GET", f"/doc/{STEM}-notice")[0] == 404
        meeting.write_text(good, encoding="utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, body, _ = ask(server, "GET", "/fragment/overview")
            if "Ban Chỉ đạo Trung ương".encode() in body:
                break
            time.sleep(0.2)
        assert b'id="problems"' not in body and "44 nhiệm vụ".encode() in body
        assert ask(server, "GET", f"/doc/{STEM}-notice")[0] == 200
    finally:
        stop(server)


def test_a_folder_of_meetings_lists_them_each_under_its_own_address(tmp_path: Path) -> None:
    import re
    import shutil

    from tests.conftest import REFERENCE

    folder = tmp_path / "meetings"
    meeting = meeting_copy(folder)
    other = REFERENCE.with_name("vpcp-tb467-2024-10-07.yaml")
    shutil.copy(other, folder / other.name)
    (folder / "notes.yaml").write_text("todo: [call the office]\n", encoding="utf-8")
    server = start(folder, tmp_path / "out")
    try:
        status, body, _ = ask(server, "GET", "/")
        page = body.decode("utf-8")
        assert status == 200 and meeting.name in page and other.name in page
        assert "notes.yaml" not in page  # not a meeting file
        key = meeting.stem
        status, body, _ = ask(server, "GET", f"/m/{key}/doc/{STEM}-notice")
        page = body.decode("utf-8")
        assert status == 200 and f'content="/m/{key}"' in page
        images = re.findall(r'<img src="([^"]+)"', page)
        assert images and all(src.startswith(f"/m/{key}/doc/") for src in images)
        status, png, headers = ask(server, "GET", images[0])
        assert status == 200 and png.startswith(b"\x89PNG") and headers["content-type"] == "image/png"
        assert ask(server, "GET", f"/m/{other.stem}/")[0] == 200
        assert ask(server, "GET", f"/doc/{STEM}-notice")[0] == 404
    finally:
        stop(server)


def test_a_sheet_saved_redraws_the_documents_printing_it(tmp_path: Path) -> None:
    from tests.load.test_people_points import split_meeting

    folder = tmp_path / "meeting"
    folder.mkdir()
    meeting = split_meeting(folder, "people.csv", "points.csv")
    server = start(meeting, tmp_path / "out")
    try:
        conn, stream = events(server)
        people = folder / "people.csv"
        text = people.read_text(encoding="utf-8-sig")
        assert "Trần Sỹ Thanh" in text
        people.write_text(text.replace("Trần Sỹ Thanh", "Trần Sĩ Thanh"), encoding="utf-8-sig")
        changed = set(next_change(stream)["changed"])  # type: ignore[call-overload]
        assert f"{STEM}-notice" in changed and f"{STEM}-invitation-ha-noi" in changed
        status, body, _ = ask(server, "GET", f"/fragment/doc/{STEM}-notice")
        assert status == 200 and "Trần Sĩ Thanh".encode() in body
        # a sheet that no longer reads: its problem named at its row and column, not linked
        # to the meeting file's lines
        people.write_text("Cột lạ;" + text, encoding="utf-8-sig")
        assert next_change(stream)["problems"]
        conn.close()
        status, body, _ = ask(server, "GET", "/fragment/overview")
        assert b'<span class="where">people.csv:1:1</span>' in body
    finally:
        stop(server)
