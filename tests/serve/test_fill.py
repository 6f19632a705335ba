"""A blank written into the meeting file's text at its place, in its style, the rest kept."""

from __future__ import annotations

import yaml

from briefgen.serve.fill import scalar, with_value

FILE = """# the clerk's note
documents:
  notice:
    number: 1   # from the register
    signer: {position: Tổ trưởng, authority: by_order}
    recipients:
      - Các đồng chí thành viên
    # archive comes last
    archive: Tổ giúp việc
  minutes: {number: 2}
  report:
    date:
people:
  - {id: a, role: Chánh Văn phòng}
"""


def written(path: tuple[str | int, ...], value: str, text: str = FILE) -> str:
    return with_value(text, path, value, "m.yaml").decode("utf-8")


def test_a_key_is_added_at_the_end_of_a_block_mapping() -> None:
    out = written(("documents", "notice", "date"), "26/05/2025")
    assert out == FILE.replace("    archive: Tổ giúp việc\n",
                               "    archive: Tổ giúp việc\n    date: 26/05/2025\n")


def test_a_flow_mapping_gets_it_inside_its_braces() -> None:
    assert written(("documents", "minutes", "date"), "2025-05-26") == FILE.replace(
        "{number: 2}", "{number: 2, date: 2025-05-26}")
    assert written(("people", 0, "name"), "Nguyễn Văn An") == FILE.replace(
        "role: Chánh Văn phòng}", "role: Chánh Văn phòng, name: Nguyễn Văn An}")


def test_an_empty_value_is_filled_where_it_is() -> None:
    assert written(("documents", "report", "date"), "26/05/2025") == FILE.replace(
        "    date:\n", "    date: 26/05/2025\n")


def test_a_document_without_an_entry_gets_one() -> None:
    out = written(("documents", "invitation", "number"), "3")
    assert yaml.safe_load(out)["documents"]["invitation"] == {"number": 3}
    assert out.startswith(FILE.split("people:")[0].rstrip("\n"))


def test_line_breaks_and_byte_order_mark_are_kept() -> None:
    crlf = "\ufeff" + FILE.replace("\n", "\r\n")
    out = written(("documents", "notice", "date"), "26/05/2025", crlf)
    assert out.startswith("\ufeff") and "\n" not in out.replace("\r\n", "")
    assert "    date: 26/05/2025\r\n" in out


def test_text_is_quoted_where_yaml_would_read_it_otherwise() -> None:
    for value in ("Nguyễn Văn An", "yes", "a: b", "# not a comment", "'quoted'", "2025-05-26"):
        assert yaml.safe_load(f"k: {scalar(value)}")["k"] in (value, __import__(
            "datetime").date(2025, 5, 26)), value
    assert scalar("12") == "12"


def test_an_entry_of_a_list_the_file_lacks_is_refused() -> None:
    import pytest

    from briefgen.errors import InputError

    with pytest.raises(InputError, match=r"people\.5\.name: not a mapping"):
        written(("people", 5, "name"), "Nguyễn Văn An")
    with pytest.raises(InputError, match="already holds a value"):
        written(("documents", "notice", "number"), "3")
