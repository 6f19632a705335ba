"""Every sentence form and document type of the labels, rendered in both regimes as PDF and
DOCX and read back with real readers (pypdf/pdftotext, python-docx).

The meetings are the real 467/TB-VPCP meeting (inputs/) with one form of each sentence picked
per variant in place of its own; a connection point holds its attending roles, so that the
point's attending form has a point to name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from briefgen.view.build import load_labels
from tests.conftest import ROOT, run_cli
from tests.readers import docx_text, pdf_pages, squash

BASE = ROOT / "inputs" / "vpcp-tb467-2024-10-07.yaml"
MATTER = "Đề án phát triển thị trường các-bon tại Việt Nam"
# The chair as each regime names him: in full (with the form of address), and bare.
CHAIR = {"state": "Phó Thủ tướng Chính phủ Trần Hồng Hà",
         "party": "đồng chí Trần Hồng Hà, Phó Thủ tướng Chính phủ"}
BARE = {"state": CHAIR["state"], "party": "Trần Hồng Hà, Phó Thủ tướng Chính phủ"}

# One variant per type; together they pick every form of every sentence. Each expectation is
# a piece of running text the chosen forms must print (spaces and line breaks left out).
VARIANTS: dict[str, dict[str, Any]] = {
    "notice": {"forms": {"subject": "chair_at", "opening": "chair_presided",
                         "attending": "meeting_had", "close": "heard_concluded",
                         "end": "office_notifies_ministries"},
               "expect": ["Kết luận của {chair} tại cuộc họp",
                          "Ngày 07 tháng 10 năm 2024, tại trụ sở Chính phủ, {bare} chủ trì "
                          "cuộc họp",
                          "(Đề án). Tham dự cuộc họp có lãnh đạo các Bộ",
                          "Sau khi nghe báo cáo của các Bộ: Tài chính, ý kiến phát biểu",
                          "Văn phòng Chính phủ thông báo để các Bộ, cơ quan liên quan biết"]},
    "conclusion": {"forms": {"subject": "meeting_on", "opening": "chair_has_presided",
                             "attending": "present", "close": "heard_concluded_short",
                             "end": "office_notifies"},
                   "expect": ["KẾT LUẬN CUỘC HỌP VỀ ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG CÁC-BON",
                              "{bare} đã chủ trì cuộc họp", "Dự họp có lãnh đạo các Bộ",
                              "{chair} kết luận:",
                              "Văn phòng Chính phủ thông báo kết luận để các cơ quan"]},
    "plan": {"forms": {"subject": "by_on", "opening": "body_considered", "attending": "none",
                       "close": "none", "end": "none", "name": "of_holder",
                       "sequence": "thu"},
             "by": "chinh-phu", "sequence": 3,
             "expect": ["Kết luận của Chính phủ về Đề án phát triển thị trường các-bon",
                        "tại cuộc họp về việc hoàn thiện Đề án phát triển thị trường các-bon "
                        "tại Việt Nam (Đề án) thứ 3 của Chính phủ, Chính phủ đã xem xét, cho "
                        "ý kiến về Đề án",
                        "và kết luận như sau:"],
             "absent": ["Tham dự", "Sau khi nghe", "biết, thực hiện"]},
    "report": {"forms": {"opening": "held", "attending": "at_point", "close": "chair_concluded",
                         "name": "holder_after"},
               "sequence": 2,
               "expect": ["Chính phủ tổ chức cuộc họp về việc hoàn thiện Đề án phát triển thị "
                          "trường các-bon tại Việt Nam (Đề án) lần thứ 2 Chính phủ tại trụ sở",
                          "Tham dự tại Điểm cầu trụ sở Chính phủ có lãnh đạo các Bộ",
                          "Sau khi nghe báo cáo và ý kiến của các đại biểu, {chair} đã kết luận",
                          "Văn phòng Chính phủ báo cáo để"]},
    "minutes": {"forms": {"opening": "body_held", "name": "kind_first", "sequence": "lan_thu"},
                "expect": ["Ngày 07 tháng 10 năm 2024, Chính phủ tổ chức cuộc họp",
                           "(Đề án) tại trụ sở Chính phủ."]},
    "programme": {"forms": {}, "expect": ["Văn phòng Chính phủ ban hành chương trình để"]},
    "invitation": {"forms": {}, "expect": ["Văn phòng Chính phủ trân trọng kính mời để"]},
}


def variant(tmp: Path, type_: str, regime: str) -> Path:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    spec = VARIANTS[type_]
    mi = data["meeting"]
    mi["id"] = f"forms-{type_}-{regime}"
    mi["regime"] = regime
    mi["matter"] = MATTER
    if "sequence" in spec:
        mi["sequence"] = spec["sequence"]
    data["points"] = [{"id": "tsc", "name": "Điểm cầu trụ sở Chính phủ", "host": "chinh-phu",
                       "central": True, "attendees": ["lanh-dao-bo"]}]
    data["conclusions"]["heard"] = "báo cáo của các Bộ: Tài chính"
    if "by" in spec:
        data["conclusions"]["by"] = spec["by"]
    notice = data["documents"]["notice"]
    notice.pop("text", None)
    notice["forms"] = spec["forms"]
    notice["type"] = type_
    path = tmp / f"{mi['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("regime", ["state", "party"])
@pytest.mark.parametrize("type_", list(VARIANTS))
def test_each_form_and_type_prints_in_pdf_and_docx(type_: str, regime: str,
                                                    tmp_path: Path) -> None:
    meeting = variant(tmp_path, type_, regime)
    run_cli("render", meeting, "--doc", "notice", "--format", "pdf,docx", "--out", tmp_path)
    stem = tmp_path / f"forms-{type_}-{regime}-notice"
    kind = load_labels("vi")["types"][type_]
    pdf = pdf_pages(stem.with_suffix(".pdf"))
    docx = docx_text(stem.with_suffix(".docx"))
    number = f"Số: 467/{kind['abbr']}-VPCP" if regime == "state" else f"Số 467-{kind['abbr']}/VPCP"
    spec = VARIANTS[type_]
    for fmt, text in (("pdf", "\n".join(pdf)), ("docx", docx)):
        lines = [squash(line) for line in text.splitlines()]
        assert kind["title"] in lines, f"{fmt}: no type line {kind['title']!r}"
        assert number in squash(text), f"{fmt}: no {number!r}"
        flat = "".join(text.split())
        for piece in (e.format(chair=CHAIR[regime], bare=BARE[regime]) for e in spec["expect"]):
            assert "".join(piece.split()) in flat, f"{fmt}: {piece!r} not printed"
        for piece in spec.get("absent", []):
            assert "".join(piece.split()) not in flat, f"{fmt}: {piece!r} printed"


def test_an_unknown_form_or_type_is_refused_at_its_line(tmp_path: Path) -> None:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["documents"]["notice"]["forms"] = {"opening": "chair_presidd", "ending": "none"}
    data["documents"]["notice"]["type"] = "conclusions"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("validate", path, check=False)
    assert result.returncode == 2, result.stderr
    err = result.stderr
    assert "documents.notice.forms.opening: unknown form 'chair_presidd'" in err
    assert "chair_presided" in err
    assert "documents.notice.forms.ending: no sentence 'ending'" in err
    assert "documents.notice.type: unknown type 'conclusions'" in err
    assert "Traceback" not in err
