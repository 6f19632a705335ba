"""Each rule of the proof on a small document that shows its defect, printed by WeasyPrint and
read back as a reader sees it: the proof must find it, naming the page and the rule; and the
same page without the defect gives nothing."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from briefgen.assets import DEFAULT_TEMPLATES
from briefgen.model.profile import load_profile
from briefgen.proof import proof_pdf
from briefgen.view.build import load_labels
from briefgen.view.vi import join_hyphens

STYLE = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm; @top-center { content: counter(page); } }
@page :first { @top-center { content: none; } }
html { font-family: "Liberation Serif", serif; font-size: 14pt; line-height: 18pt; }
p { margin: 0 0 6pt 0; text-align: justify; text-indent: 1cm; }
.header { display: table; width: 100%; table-layout: fixed; }
.header > div { display: table-cell; text-align: center; }
.header > div.left { width: 50%; }
.header .parent { font-size: 13pt; }
.header p, .title p, .close p { text-indent: 0; text-align: center; margin: 0; }
.b { font-weight: bold; }
.title { margin: 12pt 0; }
.type { font-size: 16pt; font-weight: bold; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.grid td, table.grid th { border: 0.5pt solid #000; padding: 2pt; vertical-align: top; }
thead { display: table-header-group; }
.close { display: table; width: 100%; table-layout: fixed; margin-top: 12pt; }
.close > div { display: table-cell; }
.close p.left { text-align: left; }
"""
BODY = ("Ban Chỉ đạo đã nghe báo cáo tình hình triển khai các nhiệm vụ được giao, thảo luận "
        "và thống nhất các nội dung trọng tâm cần thực hiện trong thời gian tới. ")


def _header(issuer: str = "BAN CHỈ ĐẠO TRUNG ƯƠNG<br>VỀ PHÁT TRIỂN KHOA HỌC") -> str:
    return (f'<div class="header"><div class="left"><p class="parent">BAN CHẤP HÀNH TRUNG ƯƠNG</p>'
            f'<p class="b">{issuer}</p><p>*</p><p>Số 01-TB/BCĐTW</p></div>'
            '<div class="right"><p class="b">ĐẢNG CỘNG SẢN VIỆT NAM</p>'
            '<p><i>Hà Nội, ngày 22 tháng 5 năm 2025</i></p></div></div>')


def _title(subject: str = "Kết luận tại phiên họp chuyên đề") -> str:
    return f'<div class="title"><p class="type">THÔNG BÁO</p><p class="b">{subject}</p></div>'


def _close(position: str = "TỔ TRƯỞNG TỔ GIÚP VIỆC", art: str = "") -> str:
    return ('<div class="close"><div><p class="left"><u>Nơi nhận:</u></p>'
            '<p class="left">- Lưu Văn phòng.</p></div>'
            f'<div><p class="b">T/L BAN CHỈ ĐẠO</p><p>{position}</p>{art}'
            '<div style="height: 40pt"></div><p class="b">……</p></div></div>')


def _page(content: str, *, header: str | None = None, title: str | None = None,
          close: str | None = None) -> str:
    return (f"<html><head><meta charset='utf-8'><style>{STYLE}</style></head><body>"
            f"{header if header is not None else _header()}"
            f"{title if title is not None else _title()}"
            f"{content}{close if close is not None else _close()}</body></html>")


def _rows(n: int) -> str:
    long = "Hoàn thiện hồ sơ trình cấp có thẩm quyền xem xét, quyết định; " * 3
    rows = "".join(f"<tr><td>{i:02d}</td><td>{long}</td><td>Đang thực hiện</td></tr>"
                   for i in range(1, n + 1))
    return ('<table class="grid"><colgroup><col style="width: 10%"><col><col style="width: 25%">'
            '</colgroup><thead><tr><th>STT</th><th>Nhiệm vụ</th><th>Tình hình</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _seal_over(text: str) -> str:
    img = Image.new("RGBA", (120, 120), (200, 0, 0, 180))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
    return (f'<div style="position: relative"><p class="b">{text}</p>'
            f'<img src="{src}" style="position: absolute; left: 0; top: 0; width: 40mm; '
            'height: 20mm"></div>')


def _task_table(rows: list[tuple[str, ...]]) -> str:
    """The task table as task_table.html prints it (its headers from the labels)."""
    heads = load_labels("vi")["task_columns"]
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return ('<table class="grid"><thead><tr>' + "".join(f"<th>{h}</th>" for h in heads)
            + f"</tr></thead><tbody>{body}</tbody></table>")


#: Task rows: a deadline the source did not give printed as nothing (row 02) and a row with
#: no number (03, the rest of a row cut from the page before, issue 23); the mark of a task to
#: report now is empty by design where the task is not to report now.
TASK = "Hoàn thiện hồ sơ trình cấp có thẩm quyền"
EMPTY_CELLS = [("01", TASK, "Bộ Nội vụ", "30/6/2025", "Đang thực hiện", "x"),
               ("02", TASK, "Bộ Tài chính", "", "Đang thực hiện", ""),
               ("", "", "Bộ Công an", "", "Đang thực hiện", "")]
FILLED_CELLS = [("01", TASK, "Bộ Nội vụ", "30/6/2025", "Đang thực hiện", "x"),
                ("02", TASK, "Bộ Tài chính", "chưa có thời hạn", "Đang thực hiện", ""),
                ("03", "……", "Bộ Công an", "……", "Đang thực hiện", "")]
#: A file name at the end of a narrow line: the printer breaks it at its hyphen unless each
#: hyphen inside the word is joined to what follows (issue 23: "form-bo- / khcn.xlsx").
FILE_LINE = ('<p style="width: 60mm; text-indent: 0; text-align: left">Gửi kèm biểu mẫu '
             "{name} để các đơn vị điền.</p>")
#: A form's long file name inside a justified sentence (issue 23's request letter): the line
#: before it is stretched to the right edge with holes between its words.
LONG_FILE = join_hyphens("bcd-khcn-2025-05-22-form-ban-to-chuc-tw.xlsx")
LOOSE = ("<p>Đề nghị các đơn vị báo cáo theo mẫu phiếu kèm theo (tệp " + LONG_FILE
         + "), gửi về Ban Chỉ đạo trước ngày 28 tháng 5 năm 2025.</p>")
TIGHT = ("<p>Đề nghị các đơn vị báo cáo theo mẫu phiếu kèm theo, gửi về Ban Chỉ đạo trước "
         "ngày 28 tháng 5 năm 2025.</p><p>Tệp mẫu phiếu: " + LONG_FILE + ".</p>")
PARAS = "".join(f"<p>{BODY.replace('tới', f'tới, đợt {i}')}{BODY.replace('tới', f'tới, mục {i}')}</p>"
                for i in range(3))
#: A conclusion with its sentences run together (issue 23: "…còn chậm muộn Thời gian từ
#: nay…"), amid names a capital in mid-sentence belongs to (they are not run-ons).
RUN_ON = ("<p>Ủy ban nhân dân thành phố Hà Nội và Bộ Khoa học và Công nghệ báo cáo Ban Chỉ "
          "đạo Trung ương; nhiều nhiệm vụ của các bộ, ngành còn chậm muộn{stop} Thời gian từ "
          "nay đến cuối năm cần tập trung hoàn thành các nhiệm vụ được giao.</p>")
LONG = PARAS + PARAS.replace("đợt", "lần") + PARAS.replace("đợt", "kỳ")
BAD = {
    "row-cut": _page(PARAS + _rows(14)),
    "name-break": _page(PARAS, header=_header(
        "BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ "
        "CHUYỂN ĐỔI SỐ")),
    "subject-widow": _page(PARAS, title=_title(
        "Kết luận tại phiên họp chuyên đề với các cơ quan, đơn vị và các địa<br>phương")),
    "closing-alone": _page(LONG + f'<p style="break-before: page">{BODY}</p>'),
    "heading-sequence": _page('<p class="b">1. Bối cảnh</p>' + PARAS
                              + '<p class="b">2. Nội dung</p><p class="b">2. Khu công nghệ</p>'),
    "sentence-repeated": _page(f"<p>{BODY}{BODY}</p>"),
    "sentence-run-on": _page(PARAS + RUN_ON.format(stop="")),
    "placeholder": _page("<p>Giao Đơn vị được giao (nguồn không nêu) chủ trì thực hiện.</p>"),
    "image-over-text": _page(PARAS, close=_close(art=_seal_over("CHỦ TỊCH"))),
    "hyphen-break": _page(PARAS + FILE_LINE.format(name="form-bo-khcn.xlsx")),
    "cell-empty": _page(PARAS + _task_table(EMPTY_CELLS)),
    "loose-line": _page(f'<div style="text-align: justify">{PARAS}{LOOSE}</div>'),
}
#: The same pages with the defect mended: nothing to find.
GOOD = {
    "row-cut": _page(PARAS + _rows(14).replace("<tr>", '<tr style="break-inside: avoid">')),
    "name-break": _page(PARAS, header=_header(
        "BAN CHỈ ĐẠO TRUNG ƯƠNG<br>VỀ PHÁT TRIỂN KHOA HỌC,<br>CÔNG NGHỆ, ĐỔI MỚI<br>"
        "SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ")),
    "subject-widow": _page(PARAS, title=_title(
        "Kết luận tại phiên họp chuyên đề với các cơ quan, đơn vị<br>và các địa phương")),
    "closing-alone": _page(LONG + f'<div style="break-before: page"><p>{BODY}</p>'
                           f"<p>{BODY.replace('giao', 'giao trong quý')}</p></div>"),
    "heading-sequence": _page('<p class="b">1. Bối cảnh</p>' + PARAS
                              + '<p class="b">2. Nội dung</p><p class="b">3. Khu công nghệ</p>'),
    "sentence-repeated": _page(f"<p>{BODY}</p>"),
    "sentence-run-on": _page(PARAS + RUN_ON.format(stop=".")),
    "placeholder": _page("<p>Giao …… chủ trì thực hiện.</p>"),
    "image-over-text": _page(PARAS, close=_close(art=_seal_over("").replace("20mm", "10mm"))),
    "hyphen-break": _page(PARAS + FILE_LINE.format(name=join_hyphens("form-bo-khcn.xlsx"))),
    "cell-empty": _page(PARAS + _task_table(FILLED_CELLS)),
    "loose-line": _page(f'<div style="text-align: justify">{PARAS}{TIGHT}</div>'),
}


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every fixture printed once: {'bad-<rule>': pdf, 'good-<rule>': pdf}."""
    from weasyprint import HTML

    folder = tmp_path_factory.mktemp("proof-fixtures")
    out = {}
    for kind, pages in (("bad", BAD), ("good", GOOD)):
        for rule, html in pages.items():
            path = folder / f"{kind}-{rule}.pdf"
            HTML(string=html).write_pdf(path)
            out[f"{kind}-{rule}"] = path
    return out


@pytest.mark.parametrize("rule", sorted(BAD))
def test_the_proof_finds_each_defect_naming_page_and_rule(printed: dict[str, Path],
                                                           rule: str) -> None:
    findings, _ = proof_pdf(printed[f"bad-{rule}"])
    named = [f for f in findings if f.rule == rule]
    assert named, f"{rule} not found; found {[str(f) for f in findings]}"
    assert all(f.page >= 1 and f.document == f"bad-{rule}.pdf" for f in named)
    assert f"page {named[0].page}: {rule}:" in str(named[0])


@pytest.mark.parametrize("rule", sorted(GOOD))
def test_the_mended_page_gives_nothing(printed: dict[str, Path], rule: str) -> None:
    findings, _ = proof_pdf(printed[f"good-{rule}"])
    assert findings == [], [str(f) for f in findings]


def test_pages_named_where_the_defect_is(printed: dict[str, Path]) -> None:
    """The row cut at page 1's foot and the closing block alone on the last page say so."""
    from briefgen.proof.pages import read_pdf

    cut = [f for f in proof_pdf(printed["bad-row-cut"])[0] if f.rule == "row-cut"]
    alone = [f for f in proof_pdf(printed["bad-closing-alone"])[0] if f.rule == "closing-alone"]
    assert cut[0].page == 1 and "page 2" in cut[0].detail
    assert alone[0].page == len(read_pdf(printed["bad-closing-alone"], tables=False)) > 1


def test_blanks_counted_per_page(printed: dict[str, Path]) -> None:
    _, blanks = proof_pdf(printed["good-placeholder"])
    assert blanks == [(1, 2)]  # the task's owner and the signer's name


def test_a_blank_no_warning_named_is_found(printed: dict[str, Path], tmp_path: Path) -> None:
    """Blanks on a document whose kind no warning concerned: found, page and rule named;
    where a warning named a blank of its kind: nothing."""
    import shutil

    from briefgen.proof import proof_files, unwarned

    pdf = tmp_path / "demo-notice.pdf"
    shutil.copy(printed["good-placeholder"], pdf)  # prints two official blanks on page 1
    result = proof_files([pdf], docx=False)
    (found,) = unwarned(result, "demo", {"minutes"})
    assert (found.document, found.page, found.rule) == ("demo-notice.pdf", 1, "blank-unwarned")
    assert unwarned(result, "demo", {"notice"}) == []


def test_empty_cells_named_by_column_and_the_optional_left_alone(printed: dict[str, Path]
                                                                 ) -> None:
    """The deadline printed as nothing and the row with no number are found, each naming its
    columns; the empty mark of a task not to report now (empty by design) is not."""
    found = [f for f in proof_pdf(printed["bad-cell-empty"])[0] if f.rule == "cell-empty"]
    assert [f.page for f in found] == [1, 1]
    assert "'Thời hạn'" in found[0].detail and "'STT'" not in found[0].detail
    assert "'STT'" in found[1].detail and "'Nhiệm vụ'" in found[1].detail
    assert not any("Báo cáo ngay" in f.detail for f in found)


def test_a_word_broken_at_its_hyphen_is_quoted(printed: dict[str, Path]) -> None:
    (found,) = [f for f in proof_pdf(printed["bad-hyphen-break"])[0] if f.rule == "hyphen-break"]
    assert found.page == 1 and "'form-bo- / khcn.xlsx'" in found.detail


def _recipients_alone(label: str) -> str:
    """A letter whose recipients list (no signature) stands alone on its last page."""
    return _page(LONG + '<div style="break-before: page"><p style="text-indent: 0">'
                 f"<u>{label}</u></p><p>- Lưu: VT.</p></div>", close="")


def _closing_alone(pdf: Path, templates: Path | None = None) -> list[int]:
    """The pages the proof finds a closing block alone on."""
    from briefgen.proof import proof_files

    return [f.page for f in proof_files([pdf], docx=False, templates=templates).findings
            if f.rule == "closing-alone"]


def _last_page(pdf: Path) -> int:
    from briefgen.proof.pages import read_pdf

    return len(read_pdf(pdf, tables=False))


@pytest.mark.parametrize("profile", sorted(p.stem for p in (
    DEFAULT_TEMPLATES / "profiles").glob("*.yaml")))
def test_each_profiles_recipients_label_opens_the_close(profile: str, tmp_path: Path) -> None:
    """The recipients' label of every profile, party and state, is recognised: its list
    alone on the last page is found."""
    from weasyprint import HTML

    label = load_profile(DEFAULT_TEMPLATES / "profiles" / f"{profile}.yaml").recipients.label
    pdf = tmp_path / "letter.pdf"
    HTML(string=_recipients_alone(label)).write_pdf(pdf)
    assert _closing_alone(pdf) == [_last_page(pdf)] != [1]


def test_a_custom_profiles_own_recipients_label_is_recognised(tmp_path: Path) -> None:
    """A template set whose profile names its recipients otherwise ("Nơi gửi:"): with the
    set, its list alone on a page is found; the default labels alone do not know it."""
    from weasyprint import HTML

    source = DEFAULT_TEMPLATES / "profiles" / "state-nd30.yaml"
    text = source.read_text(encoding="utf-8")
    assert 'label: "Nơi nhận:"' in text
    custom = tmp_path / "set"
    (custom / "profiles").mkdir(parents=True)
    (custom / "profiles" / "state-custom.yaml").write_text(
        text.replace('label: "Nơi nhận:"', 'label: "Nơi gửi:"').replace(
            "name: state-nd30", "name: state-custom"), encoding="utf-8")
    pdf = tmp_path / "letter.pdf"
    HTML(string=_recipients_alone("Nơi gửi:")).write_pdf(pdf)
    assert _closing_alone(pdf, custom) == [_last_page(pdf)] != [1]
    assert _closing_alone(pdf) == []


def test_a_cells_word_broken_at_its_hyphen_only_where_it_would_have_fitted(
        tmp_path: Path) -> None:
    """In a table cell, a file name broken at its hyphen though a line of the cell holds it
    whole is found; a unit's id wider than its cell has to break, and breaking it at its
    hyphen is no defect (the report after collect prints such ids in a narrow column)."""
    from weasyprint import HTML

    cells = ("<tr><td>01</td><td>Gửi kèm biểu mẫu form-bo-khcn.xlsx</td>"
             "<td>Chờ ý kiến (ban-to-chuc-trung-uong-dang)</td></tr>")
    table = ('<table class="grid" style="table-layout: fixed"><colgroup>'
             '<col style="width: 12mm"><col style="width: 48mm"><col style="width: 40mm">'
             "</colgroup><thead><tr><th>STT</th><th>Nội dung</th><th>Ghi chú</th></tr></thead>"
             f"<tbody>{cells}</tbody></table>")
    pdf = tmp_path / "cells.pdf"
    HTML(string=_page(PARAS + table)).write_pdf(pdf)
    found = [f.detail for f in proof_pdf(pdf)[0] if f.rule == "hyphen-break"]
    assert len(found) == 1 and "'form-" in found[0], found
