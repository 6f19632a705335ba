"""The amplifications of issue 22, each a few kilobytes of YAML that once cost seconds and
gigabytes: written into a folder beside a copy of the reference meeting. Shared by the tests
and by ``python -m tests.load.amplified DIR`` (which writes them, to measure each refusal with
``/usr/bin/time -v briefgen validate FILE``)."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.conftest import REFERENCE

POINT = "    points:\n"


def _into_statements(extra: str) -> str:
    """The reference meeting with ``extra`` (lines of list items) opening the first
    statement's points."""
    text = REFERENCE.read_text(encoding="utf-8")
    at = text.index(POINT, text.index("\nstatements:\n")) + len(POINT)
    return text[:at] + extra + text[at:]


def one_statement_many_times() -> str:
    """One 96,000-character statement and 149 aliases to it (once: 4,745 pages, 343 s)."""
    words = ("Ban Chỉ đạo yêu cầu các đơn vị khẩn trương hoàn thành nhiệm vụ. " * 1500)[:96_000]
    return _into_statements(f"      - &long {words}\n" + "      - *long\n" * 149)


def merge_key_chain(levels: int = 40) -> str:
    """Mappings each merging (``<<``) the one before twice over: few lines, doubling each."""
    lines = ["      - &m0 {a: Ban Chỉ đạo, b: Tổ giúp việc}"]
    lines += [f"      - &m{i} {{<<: *m{i - 1}, k{i}: *m{i - 1}, j{i}: *m{i - 1}}}"
              for i in range(1, levels)]
    return _into_statements("\n".join(lines) + "\n")


def merge_key_depth(levels: int = 600) -> str:
    """A chain of merge keys each nesting the one before: shallow in the file, deep built."""
    lines = ["      - &d0 {a: x}"] + [f"      - &d{i} {{<<: *d{i - 1}, k{i}: x}}"
                                       for i in range(1, levels)]
    return _into_statements("\n".join(lines) + "\n")


def brackets(levels: int = 600) -> str:
    """``[[[…]]]``: 1.2 KB nesting 600 levels."""
    return _into_statements("      - " + "[" * levels + "x" + "]" * levels + "\n")


def alias_chain(levels: int = 600) -> str:
    """Each list holds the one before, through an alias: deep only once expanded."""
    lines = ["      - &c0 [x]"] + [f"      - &c{i} [*c{i - 1}]" for i in range(1, levels)]
    return _into_statements("\n".join(lines) + "\n")


def deep_response_log(levels: int = 600) -> str:
    """A response log nesting 600 levels (the meeting beside it is the reference)."""
    return "responses:\n  - unit: bo-khcn\n    answers: " + "[" * levels + "]" * levels + "\n"


MEETINGS = {"laughs": one_statement_many_times, "merge-chain": merge_key_chain,
            "merge-depth": merge_key_depth, "brackets": brackets, "alias-chain": alias_chain}


def write_all(folder: Path) -> dict[str, Path]:
    """Every amplification as a meeting file in ``folder``, by name; the deep response log
    beside a copy of the reference meeting (``log/meeting.yaml``)."""
    made = {}
    for name, make in MEETINGS.items():
        made[name] = folder / f"{name}.yaml"
        made[name].write_text(make(), encoding="utf-8")
    (folder / "log").mkdir(exist_ok=True)
    made["response-log"] = folder / "log" / "meeting.yaml"
    made["response-log"].write_text(REFERENCE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "log" / "meeting.responses.yaml").write_text(deep_response_log(), encoding="utf-8")
    return made


if __name__ == "__main__":
    for name, path in write_all(Path(sys.argv[1])).items():
        print(name, path, path.stat().st_size)
