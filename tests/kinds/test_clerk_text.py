"""The clerk has the last word: each sentence briefgen writes in the minutes, the notice and
the invitation can be replaced by the clerk's own, in every format."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.conftest import REFERENCE, STEM, run_cli
from tests.readers import docx_text, pdf_text, squash

OWN = {
    "minutes": {"opening": "Văn phòng ghi lại phiên họp theo lời văn của mình.",
                "attending": "Dự phiên họp có đại diện các điểm cầu theo danh sách kèm theo.",
                "end": "Phiên họp kết thúc đúng giờ; biên bản được đọc lại và thông qua"},
    "notice": {"opening": "Theo lời văn của Văn phòng, phiên họp đã diễn ra.",
               "attending": "Thành phần dự họp theo danh sách kèm theo.",
               "close": "Đồng chí chủ trì kết luận như sau:", "end": "Văn phòng thông báo để biết"},
    "invitation": {"opening": "Văn phòng trân trọng kính mời đồng chí:",
                   "attending": "Tới dự buổi làm việc theo chương trình kèm theo.",
                   "end": "Rất mong đồng chí thu xếp thời gian tham dự"},
}
GENERATED = {"minutes": ["tổ chức phiên họp chuyên đề", "Tham dự tại Điểm cầu",
                         "Biên bản đã được đọc lại"],
             "notice": ["Tham dự tại Điểm cầu", "đã kết luận như sau:"],
             "invitation": ["trân trọng kính mời:", "Tới dự phiên họp",
                            "Rất mong các đồng chí tham dự"]}


def test_the_clerks_sentences_replace_briefgens_in_every_format(tmp_path: Path) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    block = "".join(f"  {kind}:\n    text:\n" + "".join(f"      {k}: \"{v}\"\n" for k, v in own.items())
                    for kind, own in OWN.items() if kind != "minutes" and kind != "notice")
    for kind in ("minutes", "notice"):
        lines = "".join(f"      {k}: \"{v}\"\n" for k, v in OWN[kind].items())
        text = text.replace(f"  {kind}:\n    number: 1\n", f"  {kind}:\n    text:\n{lines}    number: 1\n")
    path = tmp_path / "meeting.yaml"
    path.write_text(text + block, encoding="utf-8")
    out = tmp_path / "out"
    run_cli("render", path, "--doc", "minutes,notice,invitation", "--point", "hue", "--format",
            "pdf,docx,html", "--out", out)
    for kind, own in OWN.items():
        stem = f"{STEM}-{kind}" + ("-hue" if kind == "invitation" else "")
        for fmt, body in (("pdf", pdf_text(out / f"{stem}.pdf")),
                          ("docx", docx_text(out / f"{stem}.docx")),
                          ("html", html.unescape(re.sub(r"<[^>]+>", " ",
                                                        (out / f"{stem}.html").read_text("utf-8"))))):
            body = squash(body)
            for sentence in own.values():
                assert squash(sentence) in body, (kind, fmt, sentence)
            for generated in GENERATED[kind]:
                assert generated not in body, (kind, fmt, generated)
