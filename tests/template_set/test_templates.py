"""Bring your own templates: `briefgen templates list|copy|vars|check`, a customised set that
renders its changes, hostile templates refused before anything is read or written, and the
same words from `check` and from `render` for a broken template."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

from tests.conftest import REFERENCE, ROOT, STEM, run_cli
from tests.readers import docx_text, pdf_text, squash
from tests.reference_facts import AGENDA, CHAIRS, HA_NOI, QUOTE_DUNG, QUOTE_NGOC

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DEFAULTS = ROOT / "templates"
COLOUR = "#8b1a1a"
LABEL = "Những người dự họp hôm nay"
HEADER = "MẪU RIÊNG CỦA VĂN PHÒNG"


# -- helpers ---------------------------------------------------------------------------------

@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A fresh copy of the default set, made by the command a user runs."""
    target = tmp_path / "mau"
    proc = run_cli("templates", "copy", target)
    assert "templates check" in proc.stdout and "--templates" in proc.stdout
    return target


def render(templates: Path, out: Path, fmt: str = "docx,pdf,html", *extra: str
           ) -> tuple[int, str]:
    proc = run_cli("render", REFERENCE, "--doc", "minutes", "--format", fmt, "--out", out,
                   "--templates", templates, *extra, check=False)
    return proc.returncode, proc.stderr


def body_paragraph_number(path: Path, text: str) -> int:
    """1-based number of the first paragraph (tables included, document order) with ``text``."""
    body = docx.Document(str(path)).element.body
    for n, p in enumerate(body.iter(f"{W}p"), 1):
        if text in "".join(t.text or "" for t in p.iter(f"{W}t")):
            return n
    raise AssertionError(f"no paragraph with {text!r} in {path}")


def add_docx_paragraph(path: Path, *runs: str) -> None:
    """Append a paragraph of the given runs (the second one bold) to a Word template."""
    document = docx.Document(str(path))
    paragraph = document.add_paragraph()
    for i, text in enumerate(runs):
        paragraph.add_run(text).bold = i == 1
    document.save(str(path))


def insert_line(path: Path, after: str, line: str) -> int:
    """Insert ``line`` after the first line equal to ``after``; its 1-based line number."""
    lines = path.read_text(encoding="utf-8").split("\n")
    at = lines.index(after) + 1
    lines.insert(at, line)
    path.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def no_output(out: Path) -> bool:
    return not out.exists() or not any(out.rglob("*"))


# -- list, copy, vars ------------------------------------------------------------------------

def test_copy_refuses_a_folder_that_is_not_empty(copy: Path) -> None:
    before = sorted(p.relative_to(copy) for p in copy.rglob("*"))
    proc = run_cli("templates", "copy", copy, check=False)
    assert proc.returncode == 2
    assert f"{copy}:1:1: exists and is not empty" in proc.stderr
    assert sorted(p.relative_to(copy) for p in copy.rglob("*")) == before
    copied = {p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()}
    defaults = {p.relative_to(DEFAULTS).as_posix() for sub in ("html", "docx", "labels",
                                                               "profiles")
                for p in (DEFAULTS / sub).rglob("*") if p.is_file()}
    assert copied == defaults


def test_list_tells_custom_files_from_defaults(copy: Path) -> None:
    (copy / "html" / "pack.css").unlink()
    shutil.rmtree(copy / "docx" / "state")
    (copy / "html" / "extra.html").write_text("<p>{{ m.holder }}</p>", encoding="utf-8")
    table = run_cli("templates", "list", "--templates", copy).stdout
    rows = {cells[0]: cells[1:] for line in table.splitlines()
            if len(cells := [c.strip() for c in line.strip("│ ").split("│")]) == 5}
    assert rows["html/minutes.html"] == ["minutes", "html", "", "custom"]
    assert rows["html/pack.css"] == ["pack", "css", "", "default"]
    assert rows["html/extra.html"] == ["shared", "html", "", "custom"]
    assert rows["docx/party/minutes.docx"] == ["minutes", "docx", "party", "custom"]
    assert rows["docx/state/notice.docx"] == ["notice", "docx", "state", "default"]
    assert rows["labels/vi.yaml"] == ["shared", "labels", "", "custom"]
    assert rows["profiles/state-nd30.yaml"] == ["shared", "profile", "state", "custom"]
    assert rows["html/index.html"][0] == "index"


def test_variable_reference_is_up_to_date() -> None:
    """docs/template-variables.md is what `briefgen templates vars` prints today."""
    committed = (ROOT / "docs" / "template-variables.md").read_text(encoding="utf-8")
    generated = run_cli("templates", "vars").stdout
    assert generated == committed, ("docs/template-variables.md is stale; regenerate it with "
                                    "`briefgen templates vars > docs/template-variables.md`")


def test_variable_reference_as_json_has_types_examples_and_filters() -> None:
    ref = json.loads(run_cli("templates", "vars", "--format", "json").stdout)
    types = {t["name"]: t for t in ref["types"]}
    title = next(f for f in types["DocView"]["fields"] if f["name"] == "title")
    assert title == {"name": "title", "type": "str", "example": '"BIÊN BẢN"'}
    chairs = next(f for f in types["MeetingView"]["fields"] if f["name"] == "chairs")
    assert chairs["type"] == "list[PersonView]" and chairs["example"] == "[3 × PersonView]"
    assert "m.chairs[i]" in types["PersonView"]["reached_as"]
    assert "doc.extra.toc[i] (pack)" in types["TocEntry"]["reached_as"]
    assert ref["extra"] == {"minutes": "MinutesView", "notice": "NoticeView",
                            "invitation": "InvitationView", "pack": "PackView",
                            "report": "ReportView", "request": "RequestView"}
    labels = {r["name"]: r for r in ref["labels"]}
    assert labels["L.section_participants"]["en"] == '"Participants"'
    assert {"upper", "default", "selectattr"} <= set(ref["filters"])
    assert {"defined", "none"} <= set(ref["tests"])


# -- a customised set renders its changes ----------------------------------------------------

def test_edited_copy_renders_the_edits_in_every_format(copy: Path, tmp_path: Path) -> None:
    word = copy / "docx" / "party" / "minutes.docx"
    document = docx.Document(str(word))
    left = document.tables[0].cell(0, 0)
    run = next(r for p in left.paragraphs for r in p.runs if "doc.header.body" in r.text)
    run.text = f"{HEADER} {run.text}"
    document.styles["Normal"].font.size = Pt(13)
    document.save(str(word))
    with (copy / "html" / "style.css").open("a", encoding="utf-8") as css:
        css.write(f"\nh2 {{ color: {COLOUR}; }}\n")
    labels = copy / "labels" / "vi.yaml"
    text = labels.read_text(encoding="utf-8")
    assert "\nsection_participants: Thành phần tham dự\n" in text
    labels.write_text(text.replace("\nsection_participants: Thành phần tham dự\n",
                                   f"\nsection_participants: {LABEL}\n"), encoding="utf-8")

    out = tmp_path / "out"
    code, err = render(copy, out)
    assert code == 0, err
    result = docx.Document(str(out / f"{STEM}-minutes.docx"))
    assert result.styles["Normal"].font.size == Pt(13)
    assert HEADER in result.tables[0].cell(0, 0).text
    assert f"II. {LABEL}" in docx_text(out / f"{STEM}-minutes.docx")
    assert f"II. {LABEL}" in squash(pdf_text(out / f"{STEM}-minutes.pdf"))
    page = (out / f"{STEM}-minutes.html").read_text(encoding="utf-8")
    assert f"h2 {{ color: {COLOUR}; }}" in page and f"II. {LABEL}" in page


def test_english_labels_carry_the_same_facts(rendered: dict[str, Path], tmp_path: Path
                                              ) -> None:
    out = tmp_path / "en"
    run_cli("render", REFERENCE, "--doc", "minutes", "--lang", "en", "--out", out)
    facts = [*CHAIRS, *HA_NOI, "21/44", QUOTE_DUNG, QUOTE_NGOC, *AGENDA]
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        english = squash(read(out / f"{STEM}-minutes.{fmt}"))
        vietnamese = squash(read(rendered["party"] / f"{STEM}-minutes.{fmt}"))
        for label in ("Participants", "Time, place and mode"):
            assert label in english, (fmt, label)
        assert "Thành phần tham dự" not in english and "Participants" not in vietnamese
        missing = [f for f in facts if squash(f) not in english or squash(f) not in vietnamese]
        assert not missing, (fmt, missing)


# -- hostile templates -----------------------------------------------------------------------

@pytest.fixture
def listener() -> Iterator[tuple[int, Callable[[], list[str]]]]:
    """A loopback port, and a function giving who connected to it so far. The kernel puts a
    connection in the listening socket's queue before the client's connect() returns, so
    every connection a finished render made is there to take: no thread, no waiting."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)

    def arrived() -> list[str]:
        found: list[str] = []
        while True:
            try:
                conn, peer = server.accept()
            except BlockingIOError:
                return found
            found.append(str(peer))
            conn.close()

    try:
        yield server.getsockname()[1], arrived
    finally:
        server.close()


def page(body: str) -> str:
    """A whole minutes template: the hostile part inside an otherwise good page."""
    return f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>\n<body>\n" \
           f"<p>{{{{ doc.title }}}}</p>\n{body}\n</body></html>\n"


HOSTILE_HTML = {
    "sandbox-escape": ("{{ ''.__class__.__mro__ }}",
                       "template tried something templates may not do: access to attribute "
                       "'__class__'"),
    "include-absolute": ("{% include '/etc/passwd' %}",
                         "template includes '/etc/passwd', which is not in the template set"),
    "include-parent": ("{% include '../../../../etc/passwd' %}",
                       "template includes '../../../../etc/passwd', which is not in the "
                       "template set"),
    "image-file": ('<img src="file:///etc/passwd">',
                   "template loads 'file:///etc/passwd', outside its template set"),
    # Issue 9, fault 11: fetched only while the PDF is written, once outside the error path.
    "attachment-link": ('<link rel="attachment" href="file:///etc/passwd">',
                        "template loads 'file:///etc/passwd', outside its template set"),
}


@pytest.mark.parametrize("case", list(HOSTILE_HTML))
def test_hostile_html_template_is_refused(case: str, tmp_path: Path) -> None:
    hostile, message = HOSTILE_HTML[case]
    templates = tmp_path / "set"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "minutes.html").write_text(page(hostile), encoding="utf-8")
    out = tmp_path / "out"
    code, err = render(templates, out)
    assert code == 2, err
    assert f"{templates}/html/minutes.html:5:" in err and message in err, err
    assert "root:" not in err and "Traceback" not in err
    assert no_output(out)
    checked = run_cli("templates", "check", templates, check=False)
    assert checked.returncode == 2 and f"{templates}/html/minutes.html:5:" in checked.stderr


def test_file_url_is_refused_before_it_is_opened(tmp_path: Path) -> None:
    """A FIFO outside the set: opening it to read would let a writer in (and block)."""
    fifo = tmp_path / "secret"
    os.mkfifo(fifo)
    templates = tmp_path / "set"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "minutes.html").write_text(page(f'<img src="file://{fifo}">'),
                                                     encoding="utf-8")
    opened: list[bool] = []
    done = threading.Event()

    def probe() -> None:  # O_NONBLOCK write-open succeeds only while someone reads the FIFO
        while not done.is_set():
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                opened.append(True)
            except OSError:
                time.sleep(0.01)

    thread = threading.Thread(target=probe, daemon=True)
    thread.start()
    code, err = render(templates, tmp_path / "out", "pdf")
    done.set()
    thread.join()
    assert code == 2 and f"template loads 'file://{fifo}', outside its template set" in err
    assert not opened, "the renderer opened a file outside the template set"


def test_remote_stylesheet_is_refused_without_connecting(
        tmp_path: Path, listener: tuple[int, Callable[[], list[str]]]) -> None:
    port, arrived = listener
    url = f"http://127.0.0.1:{port}/x.css"
    templates = tmp_path / "set"
    (templates / "html").mkdir(parents=True)
    (templates / "html" / "minutes.html").write_text(page(f'<link rel="stylesheet" href="{url}">'),
                                                     encoding="utf-8")
    out = tmp_path / "out"
    code, err = render(templates, out, "html,pdf")
    assert code == 2 and f"template loads '{url}', outside its template set" in err, err
    assert no_output(out)
    checked = run_cli("templates", "check", templates, check=False)
    assert checked.returncode == 2 and f"template loads '{url}'" in checked.stderr
    assert arrived() == []
    socket.create_connection(("127.0.0.1", port)).close()  # the listener sees a connection
    assert len(arrived()) == 1


def test_sandbox_escape_in_a_word_template_is_refused(copy: Path, tmp_path: Path) -> None:
    word = copy / "docx" / "party" / "minutes.docx"
    add_docx_paragraph(word, "{{ ''.__class__.__mro__[1].__subclasses__() }}")
    n = body_paragraph_number(word, "__subclasses__")
    out = tmp_path / "out"
    code, err = render(copy, out, "docx")
    assert code == 2
    assert (f"{word}:{n}:1: paragraph {n} “{{{{ ''.__class__.__mro__[1].__subclasses__() }}}}”: "
            "template tried something templates may not do: access to attribute '__class__'"
            ) in err, err
    assert "object at 0x" not in err and "<class" not in err
    assert no_output(out)


# -- Word tags split across runs -------------------------------------------------------------

def test_tag_split_across_runs_renders_and_check_points_at_it(copy: Path, tmp_path: Path
                                                               ) -> None:
    """docxtpl joins a tag Word split into runs, so the title prints; check still warns,
    naming the paragraph, since the joined runs lose their own formatting."""
    word = copy / "docx" / "party" / "minutes.docx"
    add_docx_paragraph(word, "Tiêu đề: {{ doc.", "title }} (hết)")
    n = body_paragraph_number(word, "Tiêu đề: {{ doc.")
    out = tmp_path / "out"
    code, err = render(copy, out, "docx")
    assert code == 0, err
    printed = docx.Document(str(out / f"{STEM}-minutes.docx")).paragraphs[-1].text
    assert printed == "Tiêu đề: BIÊN BẢN (hết)"

    checked = run_cli("templates", "check", copy)
    assert (f"{word}:{n}:1: paragraph {n} “Tiêu đề: {{{{ doc.title }}}} (hết)”: warning: the "
            "tag '{{ doc.title }}' is split across 2 Word runs") in checked.stderr
    assert "no problems (1 warning)" in checked.stdout


# -- check, and render saying the same ------------------------------------------------------

def test_check_passes_the_defaults_and_a_fresh_copy(copy: Path) -> None:
    for folder in (DEFAULTS, copy):
        proc = run_cli("templates", "check", folder)
        assert re.search(r"\d+ templates checked, no problems\.", proc.stdout), proc.stdout
        assert proc.stderr == ""


def test_unknown_variable_is_named_with_its_near_name_by_check_and_render(
        copy: Path, tmp_path: Path) -> None:
    minutes = copy / "html" / "minutes.html"
    line = insert_line(minutes, "{% block content %}", "<p>{{ doc.titel }}</p>")
    expected = f"{minutes}:{line}:1: unknown variable 'doc.titel'; did you mean 'doc.title'?"
    checked = run_cli("templates", "check", copy, check=False)
    assert checked.returncode == 2
    assert expected in checked.stderr.splitlines(), checked.stderr
    out = tmp_path / "out"
    code, err = render(copy, out)
    assert code == 2 and expected in err.splitlines(), err
    assert no_output(out)


def test_syntax_error_is_located_alike_by_check_and_render(copy: Path, tmp_path: Path) -> None:
    minutes = copy / "html" / "minutes.html"
    line = insert_line(minutes, "{% block content %}", "<p>{{ m.when }</p>")
    expected = f"{minutes}:{line}:1: template syntax: unexpected '}}'"
    checked = run_cli("templates", "check", copy, check=False)
    assert checked.returncode == 2 and expected in checked.stderr.splitlines(), checked.stderr
    code, err = render(copy, tmp_path / "out", "html")
    assert code == 2 and expected in err.splitlines(), err


def test_word_template_faults_are_placed_in_their_paragraph(copy: Path, tmp_path: Path) -> None:
    word = copy / "docx" / "party" / "minutes.docx"
    add_docx_paragraph(word, "Số: {{ doc.header.numbr }}")
    n = body_paragraph_number(word, "doc.header.numbr")
    expected = (f"{word}:{n}:1: paragraph {n} “Số: {{{{ doc.header.numbr }}}}”: unknown variable "
                "'doc.header.numbr'; did you mean 'doc.header.number'?")
    checked = run_cli("templates", "check", copy, check=False)
    assert checked.returncode == 2 and expected in checked.stderr.splitlines(), checked.stderr
    code, err = render(copy, tmp_path / "out", "docx")
    assert code == 2 and expected in err.splitlines(), err

    add_docx_paragraph(word, "{%p if m.central %}")  # never closed
    n = body_paragraph_number(word, "{%p if m.central %}")
    expected = (f"{word}:{n}:1: paragraph {n} “{{%p if m.central %}}”: template syntax: "
                "Unexpected end of template. Jinja was looking for the following tags: 'elif' "
                "or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.")
    checked = run_cli("templates", "check", copy, check=False)
    assert checked.returncode == 2 and expected in checked.stderr.splitlines(), checked.stderr
    code, err = render(copy, tmp_path / "out", "docx")
    assert code == 2 and expected in err.splitlines(), err


def test_batch_reports_a_broken_word_template_like_check(copy: Path, tmp_path: Path) -> None:
    """The fault is met in a worker process; it reaches the user intact, exit 2."""
    word = copy / "docx" / "party" / "notice.docx"
    add_docx_paragraph(word, "{{ L.notice_closing }}")
    n = body_paragraph_number(word, "L.notice_closing")
    expected = (f"{word}:{n}:1: paragraph {n} “{{{{ L.notice_closing }}}}”: unknown variable "
                "'L.notice_closing'; did you mean 'L.notice_close'?")
    out = tmp_path / "out"
    proc = run_cli("batch", REFERENCE, "--out", out, "--templates", copy, "--jobs", "2",
                   check=False)
    assert proc.returncode == 2 and expected in proc.stderr.splitlines(), proc.stderr
    assert no_output(out)
    checked = run_cli("templates", "check", copy, check=False)
    assert expected in checked.stderr.splitlines()


def test_labels_a_set_lacks_are_reported_where_the_defaults_use_them(tmp_path: Path) -> None:
    """A set with only its own vi.yaml: the default templates that use a label it dropped are
    named, by check and by render alike."""
    templates = tmp_path / "set"
    (templates / "labels").mkdir(parents=True)
    text = (DEFAULTS / "labels" / "vi.yaml").read_text(encoding="utf-8")
    (templates / "labels" / "vi.yaml").write_text(
        "\n".join(line for line in text.split("\n")
                  if not line.startswith("start_label:")), encoding="utf-8")
    line = next(n for n, text in enumerate(
        (DEFAULTS / "html" / "minutes.html").read_text(encoding="utf-8").split("\n"), 1)
        if "L.start_label" in text)
    expected = (f"{DEFAULTS}/html/minutes.html:{line}:1: unknown variable "
                "'L.start_label': labels/vi.yaml lacks it (the other labels files "
                "have it)")
    checked = run_cli("templates", "check", templates, check=False)
    assert checked.returncode == 2 and expected in checked.stderr.splitlines(), checked.stderr
    assert "docx/party/minutes.docx" in checked.stderr  # the Word templates use it too
    code, err = render(templates, tmp_path / "out", "html")
    assert code == 2 and expected in err.splitlines(), err
    assert run_cli("render", REFERENCE, "--format", "html", "--lang", "en", "--templates",
                   templates, "--out", tmp_path / "en").returncode == 0


def test_a_label_an_outline_heads_a_section_with_is_required_by_check_and_render(
        tmp_path: Path) -> None:
    """The minutes' headings are made by the view from its outline's labels, which no template
    names: a labels file lacking one is refused, at the file, by check and render alike."""
    templates = tmp_path / "set"
    (templates / "labels").mkdir(parents=True)
    text = (DEFAULTS / "labels" / "vi.yaml").read_text(encoding="utf-8")
    (templates / "labels" / "vi.yaml").write_text(
        "\n".join(line for line in text.split("\n")
                  if not line.startswith("section_participants:")), encoding="utf-8")
    expected = (f"{templates}/labels/vi.yaml:1:1: section_participants: the outline of the "
                "minutes heads a section with this label; the labels file lacks it")
    checked = run_cli("templates", "check", templates, check=False)
    assert checked.returncode == 2 and expected in checked.stderr.splitlines(), checked.stderr
    code, err = render(templates, tmp_path / "out", "html")
    assert code == 2 and expected in err.splitlines(), err
    assert not (tmp_path / "out").exists()


def test_check_refuses_links_out_of_the_set(tmp_path: Path) -> None:
    templates = tmp_path / "set"
    (templates / "html").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret", encoding="utf-8")
    (templates / "html" / "style.css").symlink_to(secret)
    checked = run_cli("templates", "check", templates, check=False)
    assert checked.returncode == 2
    assert (f"{templates}/html/style.css:1:1: is a link to {secret.resolve()}, outside the "
            "template set") in checked.stderr
