"""Nothing said twice in a row: a conclusion's quote and text that say the same print as one
(the one that says more), and the minutes do not tell the previous session's decisions again
under an opening speech that recalls them. Each case on a variant of the reference, and the
reference itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefgen.kinds import get
from briefgen.model import load_meeting
from briefgen.view import vi
from briefgen.view.build import ViewBuilder
from tests.conftest import REFERENCE, run_cli
from tests.view.test_wording import parts_of

TEXT = ("Các bộ, ngành rà soát, báo cáo kết quả thực hiện các nhiệm vụ được giao trước ngày "
        "15 tháng 6.")
LONGER = ("Tôi đề nghị các bộ, ngành rà soát, báo cáo kết quả thực hiện các nhiệm vụ được giao "
          "trước ngày 15 tháng 6. Không để chậm thêm")
SHORTER = "báo cáo kết quả thực hiện các nhiệm vụ được giao"
OTHER = "Việc này phải làm ngay, không chờ"


def _with_quote(quote: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["conclusions"]["items"][0].update(text=TEXT, quote=quote, cites=[])
    return change


@pytest.mark.parametrize(("quote", "said"), [
    (LONGER, f"“{LONGER}”."),  # the quote says the text and more: in its place
    (SHORTER, TEXT),  # the text says the quote: the text alone
    (OTHER, f"{TEXT} “{OTHER}”."),  # each says its own: both
])
def test_a_conclusion_prints_its_quote_and_text_once(tmp_path: Path, quote: str,
                                                     said: str) -> None:
    assert parts_of(tmp_path, REFERENCE, _with_quote(quote)).view.conclusions[0].said == said


@pytest.mark.parametrize(("quote", "printed"), [
    (LONGER, "the quote in the text's place"), (SHORTER, "the text alone"), (OTHER, None)])
def test_validate_warns_at_the_quote_of_what_it_prints(tmp_path: Path, quote: str,
                                                       printed: str | None) -> None:
    import yaml

    data = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))
    _with_quote(quote)(data)
    path = tmp_path / "meeting.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if t.strip().startswith("quote:"))
    warned = [t for t in run_cli("validate", path).stderr.splitlines() if "items[0].quote:" in t]
    if printed is None:
        assert warned == []
    else:
        assert len(warned) == 1 and warned[0].startswith(f"{path}:{line}:"), warned
        assert "conclusions.items[0].quote: warning: " in warned[0] and printed in warned[0]


def test_the_reference_prints_the_quote_in_place_of_the_text_it_restates() -> None:
    """Conclusion 2's quote ("Tuy nhiên, … Các công việc này phải hoàn tất trước ngày 28-5
    tới") says its text again and more: the minutes and the notice print it alone."""
    meeting, _ = load_meeting(REFERENCE)
    view = ViewBuilder(meeting).view
    item = next(c for c, m in zip(view.conclusions, meeting.conclusions.items, strict=True)
                if m.quote)
    assert item.said == f"“{meeting.conclusions.items[item.no - 1].quote}”."
    assert item.text not in item.said


def _opening_point(text: str) -> Any:
    def change(data: dict[str, Any]) -> None:
        opening = next(s for s in data["statements"] if s.get("opening"))
        opening["points"] = [p for p in opening["points"] if "phiên họp thứ hai" not in p]
        if text:
            opening["points"].append(text)
    return change


def test_the_minutes_tell_the_previous_session_unless_a_speech_recalls_it(
        tmp_path: Path) -> None:
    recalled = ("Tại phiên họp trước, Ban Chỉ đạo đã thống nhất lộ trình thực hiện các nhiệm "
                "vụ, kế hoạch năm 2025.")
    minutes = get("minutes")
    told = {}
    for name, point in (("recalled", recalled), ("silent", "")):
        (tmp_path / name).mkdir()
        parts = parts_of(tmp_path / name, REFERENCE, _opening_point(point))
        context = minutes.build(parts).extra.context  # type: ignore[attr-defined]
        told[name] = context
        assert parts.view.next_text in context  # no speech tells the next session
    assert not any(t.startswith("Tại phiên họp thứ hai") for t in told["recalled"])
    silent = [t for t in told["silent"] if vi.restates(t, "phiên họp thứ hai của Ban Chỉ đạo")]
    assert len(silent) == 1 and "ngày 04 tháng 3 năm 2025" in silent[0], told["silent"]
