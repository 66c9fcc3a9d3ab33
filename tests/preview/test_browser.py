"""The preview in a real browser (Debian's headless Chromium): the page shows the report, a save
shows on it within the target time, a broken file shows its problems, the last good report is a
click away."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest

from tests.preview.helpers import TITLE, Running, edited, example_copy, save, with_title

if TYPE_CHECKING:
    from selenium.webdriver import Chrome

pytestmark = pytest.mark.slow


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Running, Path]]:
    file = example_copy(tmp_path)
    run = Running([file.name, "--port", "0", "--no-open"], tmp_path)
    try:
        yield run, file
        assert run.stop(signal.SIGINT) == 130, run.lines
    finally:
        run.kill()


def _until(check: Callable[[], bool], timeout: float = 20.0, every: float = 0.005) -> float:
    """Poll `check` until it holds; return the time it first did. A page being reloaded may refuse
    a question for a moment: asked again."""
    from selenium.common.exceptions import WebDriverException

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return time.perf_counter()
        except WebDriverException:
            pass
        time.sleep(every)
    raise AssertionError(f"not seen within {timeout} s")


def _errors(browser: Chrome) -> list[str]:
    """The errors on the browser's console since last asked (a refused script, an image refused)."""
    entries: list[dict[str, Any]] = cast(Any, browser).get_log("browser")  # untyped in selenium
    return [str(e["message"]) for e in entries if e["level"] == "SEVERE"]


def _text(browser: Chrome) -> str:
    return str(browser.execute_script("return document.body.innerText"))


def test_the_page_shows_the_report(browser: Chrome, running: tuple[Running, Path]) -> None:
    run, _file = running
    _errors(browser)  # forget those of earlier pages (their previews have stopped)
    browser.get(run.url)
    assert browser.title == TITLE
    assert "UNCLASSIFIED//FOR TRAINING" in _text(browser)
    # The page's policy lets the report's own data: images (its charts) load, and nothing complains.
    images = browser.execute_script("return Array.from(document.images).map(i => i.complete && i.naturalWidth > 0)")
    assert images and all(images)
    assert [e for e in _errors(browser) if "/favicon.ico" not in e] == []  # a favicon is a 404, like all else


def test_a_save_shows_on_the_page(browser: Chrome, running: tuple[Running, Path]) -> None:
    # Each save reloads the page with the new value. How long it takes (issue 20: HTML ≤ 0.3 s) is
    # measured by benchmarks/preview.py, from the save to the end of the reloaded page's load event
    # in the browser's own clock: speed is measured in benchmarks, not in timed tests.
    run, file = running
    browser.get(run.url)
    took = []
    for i in range(5):
        title = f"Japan, edited in the browser test ({i})"
        save(file, with_title(file, title))
        saved = time.time()
        _until(lambda t=title: browser.title == t, every=0.05)  # type: ignore[misc]
        _until(lambda: _load_end(browser) > 0)
        took.append(_load_end(browser) / 1000 - saved)
        assert title in _text(browser)
    assert all(t > 0 for t in took), took


def _load_end(browser: Chrome) -> float:
    """When the page's load event ended, in milliseconds since the epoch (0 until it has)."""
    return float(browser.execute_script(
        "const n = performance.getEntriesByType('navigation')[0];"
        "return n && n.loadEventEnd ? performance.timeOrigin + n.loadEventEnd : 0"))


def test_a_broken_file_shows_its_problems_and_the_last_good_report(browser: Chrome,
                                                                   running: tuple[Running, Path]) -> None:
    from selenium.webdriver.common.by import By

    run, file = running
    browser.get(run.url)
    good = file.read_text()
    save(file, edited(file, "as_of: 2025-09-30", "as_of: 2025-09-31"))
    problem = "japan-2025.yaml:26:8: as_of: invalid date 2025-09-31: day is out of range for month"
    _until(lambda: [e.text for e in browser.find_elements(By.CSS_SELECTOR, "li.problem")] == [problem])
    assert browser.title == "1 problem in japan-2025.yaml (roadmap preview)"
    browser.find_element(By.ID, "last-good").click()
    _until(lambda: browser.title == TITLE)
    assert browser.current_url == run.url + "last-good"
    save(file, good.replace('partner: "Japan"', 'partner: "Japan (mended)"'))  # the open page follows
    _until(lambda: "Japan (mended)" in _text(browser))
    browser.get(run.url)
    assert "Japan (mended)" in _text(browser)


def test_no_script_but_the_previews_own_runs(browser: Chrome) -> None:
    # Defence in depth: the report can hold no script (the renderer refuses one), and if one got in
    # anyway, the page's policy would not run it.
    from roadmap.preview.rendering import Rendered
    from roadmap.preview.server import PreviewServer, State
    from roadmap.report.render import PdfSource

    html = '<html><head><title>Safe</title></head><body><script>document.title = "ran"</script></body></html>'
    state = State("a.yaml")
    state.publish(Rendered(html, PdfSource(html, (), "0" * 32, "2025-09-30")))
    server = PreviewServer(state)
    server.start()
    try:
        _errors(browser)  # forget those of earlier pages (their previews have stopped)
        browser.get(server.url)
        assert browser.title == "Safe"
        (refused,) = [e for e in _errors(browser) if "Content Security Policy" in e]
        assert "violates the following Content Security Policy directive" in refused
        assert browser.execute_script("return typeof EventSource") == "function"
    finally:
        server.close()
