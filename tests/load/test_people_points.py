"""People and connection points from a spreadsheet (people_file:, points_file:), CSV or XLSX:
the same documents as from the meeting file, and every problem at its FILE:ROW:COLUMN."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from tests.conftest import REFERENCE, run_cli

PEOPLE_COLUMNS = ["STT", "Mã", "Họ và tên", "Vai trò", "Chức vụ", "Đơn vị", "Điện thoại"]
POINT_COLUMNS = ["STT", "Mã", "Tên điểm cầu", "Đơn vị chủ trì điểm cầu", "Các đơn vị", "Địa chỉ",
                 "Điểm cầu chính", "Thành phần tham dự", "Liên hệ kỹ thuật", "Liên hệ nội dung"]


def people_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [[i, p["id"], p.get("name"), p.get("role"), "; ".join(p.get("titles", [])) or None,
             p.get("unit"), p.get("phone")] for i, p in enumerate(data["people"], 1)]


def point_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [[i, p["id"], p["name"], p["host"], ", ".join(p.get("units", [])) or None,
             p.get("address"), "x" if p.get("central") else None,
             ", ".join(p.get("attendees", [])) or None, p.get("technical_contact"),
             p.get("content_contact")] for i, p in enumerate(data["points"], 1)]


def write_xlsx(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    book.save(path)


def write_csv(path: Path, head: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(head)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def split_meeting(folder: Path, people: str = "people.xlsx", points: str = "points.csv") -> Path:
    """The reference meeting with its people and points moved into sheets."""
    text = REFERENCE.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    (write_xlsx if people.endswith("xlsx") else write_csv)(folder / people, PEOPLE_COLUMNS,
                                                          people_rows(data))
    (write_xlsx if points.endswith("xlsx") else write_csv)(folder / points, POINT_COLUMNS,
                                                          point_rows(data))
    head, rest = text.split("\npeople:\n", 1)
    _, tail = rest.split("\nagenda:\n", 1)
    path = folder / "meeting.yaml"
    path.write_text(f"{head}\npeople_file: {people}\npoints_file: {points}\n\nagenda:\n{tail}",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("people", "points"), [("people.xlsx", "points.csv"),
                                                 ("people.csv", "points.xlsx")])
def test_sheets_give_the_same_documents(tmp_path: Path, people: str, points: str) -> None:
    meeting = split_meeting(tmp_path, people, points)
    run_cli("render", meeting, "--doc", "minutes,notice,invitation", "--point", "ha-noi",
            "--format", "html", "--out", tmp_path / "sheets")
    run_cli("render", REFERENCE, "--doc", "minutes,notice,invitation", "--point", "ha-noi",
            "--format", "html", "--out", tmp_path / "yaml")
    for made in sorted((tmp_path / "yaml").iterdir()):
        assert (tmp_path / "sheets" / made.name).read_bytes() == made.read_bytes(), made.name


def test_a_bad_header_and_a_bad_cell_are_reported_at_their_row_and_column(tmp_path: Path
                                                                          ) -> None:
    meeting = split_meeting(tmp_path, "people.csv", "points.csv")
    points = (tmp_path / "points.csv").read_text(encoding="utf-8-sig").splitlines()
    points[0] = points[0].replace("Địa chỉ", "Địa chi tiết")
    (tmp_path / "points.csv").write_text("\n".join(points) + "\n", encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert f"{tmp_path / 'points.csv'}:1:6: unknown column 'Địa chi tiết'; did you mean" in proc.stderr
    points[0] = points[0].replace("Địa chi tiết", "Địa chỉ")
    points[1] = points[1].replace(";x;", ";có lẽ;")
    (tmp_path / "points.csv").write_text("\n".join(points) + "\n", encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert f"{tmp_path / 'points.csv'}:2:7: points[0].central: expected true or false" in proc.stderr


def test_an_unknown_unit_in_the_people_sheet_names_its_cell(tmp_path: Path) -> None:
    meeting = split_meeting(tmp_path, "people.csv", "points.csv")
    lines = (tmp_path / "people.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[4] = lines[4].replace(";ubnd-ha-noi;", ";ubnd-ha-nio;")
    (tmp_path / "people.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2
    assert (f"{tmp_path / 'people.csv'}:5:6: people[3].unit: unknown unit 'ubnd-ha-nio'"
            in proc.stderr), proc.stderr
    assert "did you mean 'ubnd-ha-noi'?" in proc.stderr


def test_people_in_both_the_file_and_a_sheet_is_refused(tmp_path: Path) -> None:
    meeting = split_meeting(tmp_path)
    meeting.write_text(meeting.read_text(encoding="utf-8") + "people:\n  - {id: x, name: A B}\n",
                       encoding="utf-8")
    proc = run_cli("validate", meeting, check=False)
    assert proc.returncode == 2 and "people_file: give the people either in 'people:'" in proc.stderr


def test_the_docs_list_every_column_and_header() -> None:
    from briefgen.model.columns import PEOPLE, POINTS
    from tests.conftest import ROOT

    text = (ROOT / "docs" / "people-and-points.md").read_text(encoding="utf-8")
    for sheet in (PEOPLE, POINTS):
        for field, headers in sheet.columns.items():
            assert f"| `{field}` |" in text, field
            for header in headers:
                assert f"`{header}`" in text, header
