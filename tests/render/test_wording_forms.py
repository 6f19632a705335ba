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
from briefgen.view.forms import forms_of
from tests.conftest import ROOT, run_cli
from tests.readers import docx_text, pdf_pages, squash

BASE = ROOT / "inputs" / "vpcp-tb467-2024-10-07.yaml"
MATTER = "Đề án phát triển thị trường các-bon tại Việt Nam"
# The chair as each regime names him: in full (with the form of address), and bare.
CHAIR = {"state": "Phó Thủ tướng Chính phủ Trần Hồng Hà",
         "party": "đồng chí Trần Hồng Hà, Phó Thủ tướng Chính phủ"}
BARE = {"state": CHAIR["state"], "party": "Trần Hồng Hà, Phó Thủ tướng Chính phủ"}
# Those present: the Party's "các đồng chí", which a state document does not say.
PRESENT = {"state": "Dự hội nghị có:", "party": "Dự hội nghị có các đồng chí:"}

# Variants that together use every type and pick every form of every sentence of the notice,
# the minutes and the session's name (test_every_form_is_rendered_by_a_variant holds that).
# Each expectation is a piece of running text the chosen forms must print (spaces and line
# breaks left out); "minutes" ones are read from the minutes.
VARIANTS: dict[str, dict[str, Any]] = {
    "notice": {"type": "notice",
               "forms": {"subject": "chair_at", "opening": "chair_presided",
                         "attending": "meeting_had", "close": "heard_concluded",
                         "end": "office_notifies_ministries"},
               "minutes": {"subject": "session", "opening": "held_by", "end": "ended_read_back"},
               "expect": ["Kết luận của {chair} tại cuộc họp",
                          "Ngày 07 tháng 10 năm 2024, tại trụ sở Chính phủ, {bare} chủ trì "
                          "cuộc họp",
                          "(Đề án). Tham dự cuộc họp có lãnh đạo các Bộ",
                          "Sau khi nghe báo cáo của các Bộ: Tài chính, ý kiến phát biểu",
                          "Văn phòng Chính phủ thông báo để các Bộ, cơ quan liên quan biết"],
               "expect_minutes": ["Chính phủ tổ chức cuộc họp về việc hoàn thiện",
                                  "Biên bản đã được đọc lại"]},
    "conclusion": {"type": "conclusion",
                   "forms": {"subject": "meeting_on", "opening": "chair_has_presided",
                             "attending": "present", "close": "heard_concluded_short",
                             "end": "office_notifies"},
                   "minutes": {"opening": "none", "end": "ended"},
                   "expect": ["KẾT LUẬN CUỘC HỌP VỀ ĐỀ ÁN PHÁT TRIỂN THỊ TRƯỜNG CÁC-BON",
                              "{bare} đã chủ trì cuộc họp", "Dự họp có lãnh đạo các Bộ",
                              "{chair} kết luận:",
                              "Văn phòng Chính phủ thông báo kết luận để các cơ quan"],
                   # the VPCP's session is a "cuộc họp"; one full stop before the end mark
                   "expect_minutes": ["Cuộc họp kết thúc vào hồi", "năm 2024{end_mark}"],
                   "absent_minutes": ["Chính phủ tổ chức cuộc họp", "Biên bản đã được đọc lại",
                                      "năm 2024.."]},
    "plan": {"type": "plan",
             "forms": {"subject": "by_on", "opening": "body_considered", "attending": "none",
                       "close": "none", "end": "none", "name": "of_holder",
                       "sequence": "thu"},
             "by": "chinh-phu", "sequence": 3,
             "expect": ["Kết luận của Chính phủ về Đề án phát triển thị trường các-bon",
                        "tại cuộc họp về việc hoàn thiện Đề án phát triển thị trường các-bon "
                        "tại Việt Nam (Đề án) thứ 3 của Chính phủ, Chính phủ đã xem xét, cho "
                        "ý kiến về Đề án",
                        "và kết luận như sau:"],
             "absent": ["Tham dự", "Sau khi nghe", "biết, thực hiện"]},
    "report": {"type": "report",
               "forms": {"opening": "held", "attending": "at_point", "close": "chair_concluded",
                         "name": "holder_after"},
               "sequence": 2,
               "expect": ["Chính phủ tổ chức cuộc họp về việc hoàn thiện Đề án phát triển thị "
                          "trường các-bon tại Việt Nam (Đề án) lần thứ 2 Chính phủ tại trụ sở",
                          "Tham dự tại Điểm cầu trụ sở Chính phủ có lãnh đạo các Bộ",
                          "Sau khi nghe báo cáo và ý kiến của các đại biểu, {chair} đã kết luận",
                          "Văn phòng Chính phủ báo cáo để"]},
    "minutes": {"type": "minutes",
                "forms": {"opening": "body_held", "name": "kind_first", "sequence": "lan_thu"},
                "expect": ["Ngày 07 tháng 10 năm 2024, Chính phủ tổ chức cuộc họp",
                           "(Đề án) tại trụ sở Chính phủ.", "Văn phòng Chính phủ gửi biên bản"]},
    "programme": {"type": "programme",
                  "forms": {"subject": "session_on", "opening": "short_body_held",
                            "attending": "at_point_conference", "end": "summed_up",
                            "name": "holder_then_sequence"},
                  "sequence": 4,
                  "expect": ["(Đề án) Chính phủ lần thứ 4 về Đề án phát triển thị trường",
                             "Ngày 07 tháng 10 năm 2024, Chính phủ tổ chức cuộc họp",
                             "Tại Điểm cầu trụ sở Chính phủ, tham dự hội nghị có lãnh đạo",
                             "Trên đây là kết luận của {short} tại cuộc họp",
                             "Văn phòng Chính phủ ban hành chương trình và đề nghị Thủ trưởng"],
                  "expect_minutes": ["(Đề án) Chính phủ lần thứ 4"]},
    "invitation": {"type": "invitation",
                   "forms": {"opening": "body_held_chaired", "attending": "session_present"},
                   "expect": ["(Đề án) tại trụ sở Chính phủ.", "trì cuộc họp",
                              "Dự phiên họp có lãnh đạo các Bộ",
                              "Văn phòng Chính phủ trân trọng kính mời để"]},
    "conference": {"type": "notice",
                   "forms": {"opening": "held_chair_conference",
                             "attending": "comrades_present"},
                   "expect": ["(Đề án) tại trụ sở Chính phủ. {Chair} chủ trì hội nghị.",
                              "{present} lãnh đạo các Bộ"]},
}
# The chair with the title subject lines use (no short title given: the full one).
SHORT = {"state": CHAIR["state"], "party": CHAIR["party"]}


def variant(tmp: Path, name: str, regime: str) -> Path:
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    spec = VARIANTS[name]
    mi = data["meeting"]
    mi["id"] = f"forms-{name}-{regime}"
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
    notice["forms"] = spec["forms"]
    notice["type"] = spec["type"]
    session = {k: v for k, v in spec["forms"].items() if k in ("name", "sequence")}
    data["documents"]["minutes"] = {"forms": {**spec.get("minutes", {}), **session}}
    path = tmp / f"{mi['id']}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_every_form_is_rendered_by_a_variant() -> None:
    labels = load_labels("vi")
    for kind in ("notice", "minutes", "session"):
        for sentence in labels["forms"][kind]:
            key = "minutes" if kind == "minutes" else "forms"
            picked = {spec.get(key, {}).get(sentence) for spec in VARIANTS.values()}
            assert set(forms_of(labels, kind, sentence)) <= picked, (kind, sentence)
    assert {spec["type"] for spec in VARIANTS.values()} == set(labels["types"])


def flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("regime", ["state", "party"])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_each_form_and_type_prints_in_pdf_and_docx(name: str, regime: str,
                                                    tmp_path: Path) -> None:
    meeting = variant(tmp_path, name, regime)
    run_cli("render", meeting, "--doc", "notice,minutes", "--format", "pdf,docx", "--out",
            tmp_path)
    spec = VARIANTS[name]
    kind = load_labels("vi")["types"][spec["type"]]
    number = f"Số: 467/{kind['abbr']}-VPCP" if regime == "state" else f"Số 467-{kind['abbr']}/VPCP"

    def pieces(key: str) -> list[str]:
        return [e.format(chair=CHAIR[regime], Chair=CHAIR[regime][:1].upper() + CHAIR[regime][1:],
                         bare=BARE[regime], short=SHORT[regime], present=PRESENT[regime],
                         end_mark="./." if regime == "state" else ".")
                for e in spec.get(key, [])]

    for doc, expect, absent in (("notice", "expect", "absent"),
                                ("minutes", "expect_minutes", "absent_minutes")):
        stem = tmp_path / f"forms-{name}-{regime}-{doc}"
        for fmt, text in (("pdf", "\n".join(pdf_pages(stem.with_suffix(".pdf")))),
                          ("docx", docx_text(stem.with_suffix(".docx")))):
            where = f"{doc}.{fmt}"
            if doc == "notice":
                lines = [squash(line) for line in text.splitlines()]
                assert kind["title"] in lines, f"{where}: no type line {kind['title']!r}"
                assert number in squash(text), f"{where}: no {number!r}"
            for piece in pieces(expect):
                assert flat(piece) in flat(text), f"{where}: {piece!r} not printed"
            for piece in pieces(absent):
                assert flat(piece) not in flat(text), f"{where}: {piece!r} printed"


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
