"""``briefgen serve`` in a real browser: Debian's Chromium driven by Playwright (never
``playwright install``). Few tests, one server: the notice's page seen, redrawn when the
meeting file is saved on disk, and a blank typed in the browser found in the YAML with the
clerk's comments kept. Screenshots go to the test's folder (and BRIEFGEN_SHOTS, if set)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REFERENCE, STEM
from tests.serve.conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
NOTICE = f"{STEM}-notice"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def shot(page: object, tmp_path: Path, name: str, part: str | None = None) -> None:
    """A screenshot of the window, or of the element ``part`` selects."""
    path = tmp_path / f"{name}.png"
    if part:
        page.locator(part).screenshot(path=str(path))  # type: ignore[attr-defined]
    else:
        page.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    if os.environ.get("BRIEFGEN_SHOTS"):
        Path(os.environ["BRIEFGEN_SHOTS"]).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(os.environ["BRIEFGEN_SHOTS"]) / path.name)


def page_text(page: object) -> str:
    """The text of the pages drawn (the PDF's own text), its line breaks as spaces."""
    texts = page.locator("pre.page-text").all_text_contents()  # type: ignore[attr-defined]
    return " ".join(" ".join(texts).split())


def shows(words: str) -> str:
    """A script true once the pages drawn print ``words`` (whatever the line breaks)."""
    return ("() => [...document.querySelectorAll('pre.page-text')].some(p => "
            f"p.textContent.replace(/\\s+/g, ' ').includes('{words}'))")


def test_the_notice_is_redrawn_when_the_file_is_saved(server: Server, browser: object,
                                                       tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(r.url) if r.status >= 400 else None)
    page.goto(server.url)  # the printed address: the token becomes a cookie
    assert "token=" not in page.url
    assert page.locator("h1").first.inner_text().startswith("Phiên họp")
    shot(page, tmp_path, "overview")
    page.click(f"a[href='/doc/{NOTICE}']")
    page.wait_for_selector("figure.page img")
    first = page.locator("figure.page img").first
    assert first.evaluate("img => img.complete && img.naturalWidth >= 640")
    text = page_text(page)
    assert "THÔNG BÁO" in text and "Thời gian từ nay đến ngày 28-5" in text
    # the proof of the drawn notice: the reference notice has nothing to find
    assert page.locator("section.proof").inner_text().startswith("Kiểm tra bản in")
    assert "Không thấy lỗi trình bày" in page.locator("section.proof").inner_text()
    shot(page, tmp_path, "notice")
    page.evaluate("window.stillTheSamePage = true")  # gone if the page were reloaded
    old_src = first.get_attribute("src")

    # a conclusion reworded in the editor, saved to disk
    yaml = server.meeting.read_text(encoding="utf-8")
    new = yaml.replace("Thời gian từ nay đến ngày 28-5 không còn nhiều",
                       "Thời gian từ nay đến ngày 28-5 còn rất ngắn", 1)
    assert new != yaml
    server.meeting.write_text(new, encoding="utf-8")
    page.wait_for_function(shows("còn rất ngắn"), timeout=30_000)
    assert page.evaluate("window.stillTheSamePage === true")
    assert page.locator("figure.page img").first.get_attribute("src") != old_src
    assert "không còn nhiều" not in page_text(page)
    shot(page, tmp_path, "notice-redrawn")

    # a file that no longer validates: its problems where the page was, the last good page kept
    server.meeting.write_text(new.replace("  by: nguyen-duy-ngoc", "  by: no-such-person", 1),
                              encoding="utf-8")
    page.wait_for_selector("#problems", timeout=30_000)
    problems = page.locator("#problems").inner_text()
    line = new.splitlines().index("  by: nguyen-duy-ngoc") + 1  # where the fault is
    assert f"{REFERENCE.name}:{line}:" in problems and "conclusions.by" in problems
    assert not page.locator(".document.stale").is_visible()
    shot(page, tmp_path, "notice-invalid")
    page.click("button.show-last-good")
    assert page.locator(".document.stale").is_visible()
    assert "còn rất ngắn" in page_text(page)
    server.meeting.write_text(new, encoding="utf-8")
    page.wait_for_selector("#problems", state="detached", timeout=30_000)
    assert errors == []
    page.close()


def test_a_blank_typed_in_the_browser_is_written_into_the_file(server: Server, browser: object,
                                                               tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(server.url)
    page.goto(f"{server.base}/doc/{NOTICE}")
    before = server.meeting.read_text(encoding="utf-8")
    form = page.locator("form.fill[data-key='documents.notice.date']")
    form.locator("input").fill("26/05/2025")
    shot(page, tmp_path, "blank-typed")
    form.locator("button").click()
    page.wait_for_function(shows("ngày 26 tháng 5 năm 2025"), timeout=30_000)
    shot(page, tmp_path, "blank-filled")
    after = server.meeting.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["    date: 26/05/2025"]
    # in the notice's mapping, after its last key, at its indentation
    assert after.index("  notice:\n") < after.index(added[0]) and \
        after.index("    archive:", after.index("  notice:\n")) < after.index(added[0])
    kept = server.meeting.with_name(f"{server.meeting.stem}.previous.yaml")
    assert kept.read_text(encoding="utf-8") == before
    # the blank is filled: the page no longer offers it
    assert page.locator("form.fill[data-key='documents.notice.date']").count() == 0
    page.close()


def test_a_returned_form_chosen_on_the_page_is_merged_as_collect_merges_it(
        server: Server, browser: object, tmp_path: Path) -> None:
    import datetime as dt

    from briefgen.model import load_meeting
    from tests.conftest import run_cli
    from tests.followup.test_collect_killed import UNITS, WORDS
    from tests.followup.test_cycle import fill

    unit = UNITS[0]
    run_cli("requests", server.meeting, "--unit", unit, "--out", tmp_path / "sent")
    form = tmp_path / "sent" / f"{STEM}-form-{unit}.xlsx"
    m, _ = load_meeting(server.meeting)
    tasks = [t.id for t in m.open_tasks(unit)]
    fill(form, {t: {7: WORDS["late"], 9: dt.datetime(2025, 6, 30), 10: "Chờ ý kiến"}
                for t in tasks})
    page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page.goto(server.url)
    page.set_input_files("#form-files", str(form))
    page.wait_for_selector("#collect-result pre", timeout=60_000)
    result = page.locator("#collect-result pre").first
    shot(page, tmp_path, "form-merged", "section.forms")
    assert "error" not in (result.get_attribute("class") or "")
    assert f"Đã ghi vào sổ theo dõi: {unit} ({len(tasks)})" in result.inner_text()
    merged, _ = load_meeting(server.meeting)
    assert {t.status.value for t in merged.tasks if t.id in tasks} == {"late"}
    assert "# " in server.meeting.read_text(encoding="utf-8")  # the clerk's comments stay
    page.close()
