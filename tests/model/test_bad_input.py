"""Malformed meeting files: each is refused with exit 2, a located message and nothing written.

Every case is a small valid meeting (``BASE``) with one defect. The real command line runs on it
in a subprocess, as a user would run it, and must print ``FILE:LINE:COL: field.path: message``
pointing at the defect, say what was expected, print no traceback and write no file.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Line numbers matter: the cases below name lines of this text (line 1 is the comment).
BASE = """\
# A small valid meeting; each case below changes one thing.
meeting:
  id: demo-2025-06-02
  regime: party
  holder: bcd
  kind: phiên họp chuyên đề
  date: 2025-06-02
  start: "14:00"
  end: "16:30"
  place: Hà Nội
  mode: online
  chairs: [chu-tri]
  secretary: thu-ky
units:
  - {id: bcd, name: Ban Chỉ đạo}
  - id: vptw
    name: Văn phòng Trung ương Đảng
people:
  - id: chu-tri
    name: Nguyễn Văn An
    titles: [Trưởng ban]
    unit: bcd
  - {id: thu-ky, role: đại diện Văn phòng, unit: vptw}
points:
  - {id: trung-uong, name: Điểm cầu Trung ương, host: bcd, central: true, attendees: [chu-tri]}
  - {id: ha-noi, name: Điểm cầu Hà Nội, host: vptw, attendees: [thu-ky]}
agenda:
  - {id: kiem-diem, title: Kiểm điểm nhiệm vụ, tasks: [t01]}
tasks:
  - id: t01
    owners: [vptw]
    status: late
    report_now: true
    group: kiem-diem
  - {id: t02, owners: [bcd], status: done}
statements:
  - speaker: chu-tri
    opening: true
    points: [Khai mạc phiên họp.]
conclusions:
  by: chu-tri
  items:
    - {text: Hoàn thành báo cáo., lead: [vptw], deadline: 2025-06-10}
documents:
  minutes: {number: 1, date: 2025-06-02}
"""

UNITS = "units:\n  - {id: bcd, name: Ban Chỉ đạo}\n  - id: vptw\n    name: Văn phòng Trung ương Đảng\n"


def edit(old: str, new: str) -> str:
    """BASE with its one occurrence of ``old`` replaced by ``new``."""
    if BASE.count(old) != 1:
        raise ValueError(f"{old!r} occurs {BASE.count(old)} times in BASE, not once")
    return BASE.replace(old, new)


@dataclass(frozen=True)
class Case:
    """One defect and the problem it must be reported as.

    ``at`` is where the problem must point: text that occurs once in the defective file, with
    ``|`` marking the column (its start when there is no ``|``), or an explicit (line, column).
    ``path`` is the field path printed before the message ("" for the file itself); ``says``
    are fragments the message must contain, ``never`` fragments it must not.
    """

    name: str
    content: str | bytes
    at: str | tuple[int, int]
    path: str
    says: tuple[str, ...]
    never: tuple[str, ...] = ()
    validate_too: bool = False

    def position(self) -> tuple[int, int]:
        if isinstance(self.at, tuple):
            return self.at
        assert isinstance(self.content, str)
        before, _, after = self.at.partition("|") if "|" in self.at else ("", "", self.at)
        marker = before + after
        assert self.content.count(marker) == 1, f"{self.name}: {marker!r} is not unique"
        index = self.content.index(marker) + len(before)
        line = self.content.count("\n", 0, index) + 1
        return line, index - (self.content.rfind("\n", 0, index) + 1) + 1


CASES = [
    # -- YAML itself ------------------------------------------------------------------------
    Case("yaml-bad-indent", edit("  regime: party\n", "   regime: party\n"),
         "   regime|: party", "", ("YAML syntax", "indentation"), validate_too=True),
    Case("yaml-unclosed-quote", edit('end: "16:30"', 'end: "16:30'),
         'end: |"16:30', "", ("YAML syntax", "quote opened here is never closed")),
    Case("yaml-tab-indent", edit("  mode: online", "\tmode: online"),
         "|\tmode: online", "", ("tab", "indent with spaces")),
    Case("yaml-unclosed-bracket", edit("chairs: [chu-tri]", "chairs: [chu-tri"),
         "chairs: |[chu-tri", "", ("bracket opened here is not closed",)),
    Case("yaml-colon-in-value", edit("kind: phiên họp chuyên đề", "kind: phiên họp: chuyên đề"),
         "phiên họp|: chuyên", "", ("quote a value containing ': '",)),
    Case("duplicate-key", edit("  mode: online\n", "  mode: online\n  mode: hybrid\n"),
         "  |mode: hybrid", "meeting.mode", ("duplicate key", "first given on line 11"),
         validate_too=True),
    Case("empty-file", "", (1, 1), "", ("the file is empty", "'meeting:'"), validate_too=True),
    Case("only-comments", "# to be written\n", (1, 1), "", ("the file is empty",)),
    Case("top-level-list", "- meeting\n- units\n", (1, 1), "", ("must be a mapping", "'meeting:'")),
    Case("top-level-text", "minutes of the meeting\n", (1, 1), "", ("must be a mapping",)),
    # "Hà Nội (Genève)" with a Latin-1 'è': the column counts characters, not UTF-8 bytes.
    Case("not-utf8-latin1-byte",
         edit("  place: Hà Nội", "  place: Hà Nội (Genève)").encode().replace("è".encode(), b"\xe8"),
         (10, len("  place: Hà Nội (Gen") + 1), "", ("not UTF-8", "0xe8", "save the file as UTF-8"),
         validate_too=True),
    Case("control-char-raw", edit("Khai mạc phiên họp.", "Khai mạc\x07 phiên họp."),
         "Khai mạc|\x07", "statements[0].points[0]", ("U+0007", "remove it"), validate_too=True),
    Case("control-char-escaped", edit("[Khai mạc phiên họp.]", '["Khai mạc\\a phiên họp."]'),
         '[|"Khai mạc', "statements[0].points[0]", ("U+0007", "remove it")),
    Case("vertical-tab-from-word", edit("name: Nguyễn Văn An", "name: Nguyễn\x0bVăn An"),
         "Nguyễn|\x0b", "people[0].name", ("U+000B", "remove it")),
    # -- the schema -------------------------------------------------------------------------
    Case("missing-meeting-id", edit("  id: demo-2025-06-02\n", ""),
         "|meeting:", "meeting.id", ("required field is missing",), validate_too=True),
    Case("missing-meeting-date", edit("  date: 2025-06-02\n", ""),
         "|meeting:", "meeting.date", ("required field is missing",)),
    # Schema errors stop the run before references are checked: no "unknown unit" cascade.
    Case("missing-units", edit(UNITS, ""), "|meeting:", "units", ("required field is missing",)),
    Case("missing-task-status", edit("    status: late\n", ""),
         "  - |id: t01", "tasks[0].status", ("required field is missing",)),
    Case("misspelt-field", edit("  secretary: thu-ky", "  secretery: thu-ky"),
         "|secretery", "meeting.secretery",
         ("unknown field 'secretery'", "did you mean 'secretary'?"), validate_too=True),
    Case("misspelt-nested-field", edit("    report_now: true", "    reportnow: true"),
         "|reportnow", "tasks[0].reportnow", ("unknown field", "did you mean 'report_now'?")),
    Case("misspelt-deep-field",
         edit("{number: 1, date: 2025-06-02}",
              "{number: 1, date: 2025-06-02, signer: {position: Trưởng ban, autority: deputy}}"),
         "|autority", "documents.minutes.signer.autority", ("did you mean 'authority'?",)),
    Case("unknown-field-no-near-name", edit("  mode: online\n", "  mode: online\n  xylophone: 3\n"),
         "|xylophone", "meeting.xylophone", ("unknown field 'xylophone'", "allowed: id, regime"),
         never=("did you mean",)),
    Case("string-for-list", edit("chairs: [chu-tri]", "chairs: chu-tri"),
         "chairs: |chu-tri", "meeting.chairs", ("expected a list", "write [chu-tri]")),
    Case("list-for-string", edit("  place: Hà Nội", "  place: [Hà Nội]"),
         "place: |[Hà Nội]", "meeting.place", ("valid string", "got a list")),
    Case("int-for-bool", edit("    report_now: true", "    report_now: 2"),
         "report_now: |2", "tasks[0].report_now", ("expected true or false", "got 2")),
    Case("mapping-expected", edit("  - {id: bcd, name: Ban Chỉ đạo}\n", "  - bcd\n"),
         "  - |bcd\n", "units[0]", ("expected a mapping of fields", "got 'bcd'")),
    # Who chaired may be unknown (chairs: [] is a blank, warned); what was concluded may not.
    Case("empty-required-list",
         edit("    - {text: Hoàn thành báo cáo., lead: [vptw], deadline: 2025-06-10}\n", "")
         .replace("  items:\n", "  items: []\n"),
         "items: |[]", "conclusions.items", ("needs at least 1 item",)),
    Case("wrong-enum-regime", edit("regime: party", "regime: parti"),
         "regime: |parti", "meeting.regime",
         ("expected one of 'party' or 'state'", "got 'parti'", "did you mean 'party'?"),
         validate_too=True),
    Case("wrong-enum-task-status", edit("status: late", "status: lat"),
         "status: |lat", "tasks[0].status", ("expected one of 'done'", "did you mean 'late'?")),
    # An empty mode is an unknown one (warned); an empty regime is refused.
    Case("empty-enum", edit("  regime: party", "  regime:"),
         "  regime:|", "meeting.regime", ("expected one of", "got an empty value"),
         never=("did you mean",)),
    Case("impossible-date", edit("  date: 2025-06-02\n  start", "  date: 2025-02-30\n  start"),
         "date: |2025-02-30", "meeting.date", ("expected a real date (YYYY-MM-DD)", "'2025-02-30'"),
         validate_too=True),
    Case("date-as-number", edit("deadline: 2025-06-10", "deadline: 20250610"),
         "deadline: |20250610", "conclusions.items[0].deadline", ("expected a real date",)),
    Case("impossible-time", edit('start: "14:00"', 'start: "25:61"'),
         'start: |"25:61"', "meeting.start", ("expected a real time (HH:MM)", "'25:61'")),
    # Once crashed: pydantic read 14.30 as seconds, an offset-aware time unfit to compare.
    Case("time-as-number", edit('start: "14:00"', "start: 14.30"),
         "start: |14.30", "meeting.start", ("expected a real time (HH:MM)",)),
    Case("time-with-zone", edit('end: "16:30"', 'end: "16:30+07:00"'),
         'end: |"16:30+07:00"', "meeting.end", ("without a time zone",)),
    Case("end-before-start", edit('end: "16:30"', 'end: "13:00"'),
         'end: |"13:00"', "meeting.end", ("end 13:00 is not after start 14:00",)),
    Case("blank-text", edit("  place: Hà Nội", '  place: "  "'),
         'place: |"  "', "meeting.place", ("must not be empty",)),
    Case("empty-text", edit("  kind: phiên họp chuyên đề", "  kind:"),
         "  kind:|", "meeting.kind", ("valid string", "got an empty value")),
    Case("zero-document-number", edit("number: 1,", "number: 0,"),
         "number: |0,", "documents.minutes.number", ("greater than or equal to 1", "got 0")),
    Case("negative-document-number", edit("number: 1,", "number: -3,"),
         "number: |-3,", "documents.minutes.number", ("greater than or equal to 1", "got -3")),
    Case("person-without-name-or-role",
         edit("{id: thu-ky, role: đại diện Văn phòng, unit: vptw}", "{id: thu-ky, unit: vptw}"),
         "|{id: thu-ky", "people[1]", ("give a name, or a role",)),
    Case("id-path-traversal", edit("{id: t02,", "{id: ../evil,"),
         "id: |../evil", "tasks[1].id", ("expected an id of ASCII letters", "'../evil'"),
         validate_too=True),
    Case("id-with-space", edit("{id: t02,", "{id: t 02,"),
         "id: |t 02", "tasks[1].id", ("expected an id", "'t 02'")),
    # -- cross-references -------------------------------------------------------------------
    Case("duplicate-unit-id", edit(UNITS, UNITS + "  - {id: bcd, name: Ban khác}\n"),
         "{id: |bcd, name: Ban khác}", "units[2].id",
         ("duplicate id 'bcd'", "first used on line 15"), validate_too=True),
    Case("duplicate-person-id", edit("unit: vptw}\n", "unit: vptw}\n  - {id: chu-tri, name: Trần Bình}\n"),
         "{id: |chu-tri, name: Trần", "people[2].id", ("duplicate id 'chu-tri'", "line 19")),
    Case("duplicate-task-id", edit("{id: t02,", "{id: t01,"),
         "{id: |t01,", "tasks[1].id", ("duplicate id 't01'", "first used on line 30")),
    Case("unknown-person-unit", edit("    unit: bcd\n", "    unit: bdc\n"),
         "unit: |bdc", "people[0].unit", ("unknown unit 'bdc'", "did you mean 'bcd'?"),
         validate_too=True),
    Case("unknown-chair", edit("chairs: [chu-tri]", "chairs: [chu-tr]"),
         "[|chu-tr]", "meeting.chairs[0]", ("unknown person or unit 'chu-tr'", "did you mean 'chu-tri'?")),
    Case("unknown-point-attendee", edit("attendees: [thu-ky]", "attendees: [thu-kyy]"),
         "[|thu-kyy]", "points[1].attendees[0]",
         ("unknown person 'thu-kyy'", "did you mean 'thu-ky'?")),
    Case("unknown-task-owner", edit("owners: [vptw]", "owners: [vptv]"),
         "[|vptv]", "tasks[0].owners[0]", ("unknown unit 'vptv'", "did you mean 'vptw'?")),
    Case("unknown-id-far-from-any", edit("owners: [vptw]", "owners: [bo-tai-chinh]"),
         "[|bo-tai-chinh]", "tasks[0].owners[0]", ("unknown unit 'bo-tai-chinh'",),
         never=("did you mean",)),
    Case("unknown-conclusion-lead", edit("lead: [vptw]", "lead: [vp-tw]"),
         "[|vp-tw]", "conclusions.items[0].lead[0]", ("unknown unit 'vp-tw'", "did you mean 'vptw'?")),
    Case("unknown-statement-speaker", edit("  - speaker: chu-tri", "  - speaker: chutri"),
         "speaker: |chutri", "statements[0].speaker",
         ("unknown person 'chutri'", "did you mean 'chu-tri'?")),
    Case("unknown-agenda-task", edit("tasks: [t01]", "tasks: [t1]"),
         "tasks: [|t1]", "agenda[0].tasks[0]", ("unknown task 't1'", "did you mean 't01'?")),
    Case("no-central-point", edit("central: true, ", ""),
         "  |- {id: trung-uong", "points", ("mark the central connection point",)),
    Case("two-central-points", edit("host: vptw,", "host: vptw, central: true,"),
         "host: vptw, central: |true", "points[1].central",
         ("only one connection point can be central", "'trung-uong'")),
]

PARAMS = [
    pytest.param(case, command, id=f"{case.name}-{command}")
    for case in CASES
    for command in (("render", "validate") if case.validate_too else ("render",))
]


def briefgen(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefgen", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def render(meeting: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return briefgen("render", meeting, "--doc", "minutes", "--format", "html", "--out", out)


def assert_clean_refusal(proc: subprocess.CompletedProcess[str]) -> None:
    """Exit 2, and neither a traceback nor an internal error (the summary wording is the CLI's)."""
    both = proc.stdout + proc.stderr
    assert proc.returncode == 2, f"exit {proc.returncode}, not 2:\n{both}"
    assert "Traceback" not in both, both
    assert "internal error" not in both, both


def test_enough_cases() -> None:
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize(("case", "command"), PARAMS)
def test_bad_input_is_refused_with_its_place(case: Case, command: str, tmp_path: Path) -> None:
    meeting = tmp_path / "meeting.yaml"
    if isinstance(case.content, bytes):
        meeting.write_bytes(case.content)
    else:
        meeting.write_text(case.content, encoding="utf-8", newline="\n")
    out = tmp_path / "out"
    proc = render(meeting, out) if command == "render" else briefgen("validate", meeting)

    assert_clean_refusal(proc)
    line, col = case.position()
    lead = f"{meeting}:{line}:{col}: " + (f"{case.path}: " if case.path else "")
    reports = [row for row in proc.stderr.splitlines() if row.startswith(f"{meeting}:")]
    # One defect, one problem: no cascade of follow-on errors to wade through.
    assert len(reports) == 1, proc.stderr
    report = reports[0]
    assert report.startswith(lead), f"expected {lead!r}...\ngot      {report!r}"
    for fragment in case.says:
        assert fragment in report, f"{fragment!r} missing from {report!r}"
    for fragment in case.never:
        assert fragment not in report, f"{fragment!r} should not be in {report!r}"
    assert not out.exists() or not any(out.iterdir()), f"files written: {list(out.iterdir())}"


def test_base_meeting_is_valid(tmp_path: Path) -> None:
    """Guards the cases: every problem above comes from its one defect, not from BASE."""
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(BASE, encoding="utf-8")
    proc = briefgen("validate", meeting)
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize("what", ["missing", "directory"])
def test_unreadable_file(what: str, tmp_path: Path) -> None:
    meeting = tmp_path / "nowhere.yaml"
    if what == "directory":
        meeting.mkdir()
    out = tmp_path / "out"
    proc = render(meeting, out)
    assert_clean_refusal(proc)
    reason = "No such file or directory" if what == "missing" else "Is a directory"
    assert f"{meeting}:1:1: cannot read file: {reason}" in proc.stderr, proc.stderr
    assert not out.exists()


def test_every_problem_is_reported_in_file_order(tmp_path: Path) -> None:
    """Three schema defects at once: all three, sorted by line, so one run finds them all.

    (References are checked only once the schema passes, so they are not mixed in here.)
    """
    text = (BASE.replace("regime: party", "regime: parti")
            .replace("status: late", "status: lat")
            .replace("number: 1,", "number: 0,"))
    meeting = tmp_path / "meeting.yaml"
    meeting.write_text(text, encoding="utf-8")
    proc = briefgen("validate", meeting)
    assert_clean_refusal(proc)
    reports = [row for row in proc.stderr.splitlines() if row.startswith(f"{meeting}:")]
    where = [r.removeprefix(f"{meeting}:").split(": ")[0] for r in reports]
    assert where == ["4:11", "32:13", "45:21"], proc.stderr


def test_failed_run_keeps_earlier_output(tmp_path: Path) -> None:
    """Render good input, then bad input to the same folder: earlier files stay byte for byte."""
    good = tmp_path / "good.yaml"
    good.write_text(BASE, encoding="utf-8")
    out = tmp_path / "out"
    first = render(good, out)
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert before, "the good run wrote nothing"

    # Same meeting id, so a render would land on the very same file names.
    bad = tmp_path / "bad.yaml"
    bad.write_text(BASE.replace("status: late", "status: lat"), encoding="utf-8")
    proc = render(bad, out)
    assert_clean_refusal(proc)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
