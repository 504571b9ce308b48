"""make devserver: edit, see it; break, see the error; fix, see the page; stop cleanly."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import devserver
import pytest
from build import write_settings
from support.browsing import new_context
from support.building import follow, minimal_content

pytestmark = pytest.mark.browser


@pytest.fixture
def preview(tmp_path) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    process, url, content = start_preview(tmp_path, "--no-search")
    yield process, url, content
    if process.poll() is None:
        process.kill()


def start_preview(tmp_path: Path, *options: str) -> tuple[subprocess.Popen, str, Path]:
    # The editing tests' small site (tests/support/building.py), with the pages edited here:
    # the preview's behaviour does not depend on how many pages there are.
    content = minimal_content(
        tmp_path / "content", lambda dest: follow(dest, ["campaigns/scotland.md"])
    )
    conf = write_settings(tmp_path / "conf.py", content, CACHE_PATH=str(tmp_path / "cache"))
    port = devserver.free_port()
    process = subprocess.Popen(
        devserver.command(conf, tmp_path / "output", port, *options),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Started as from a parent that ignores SIGINT (nohup, some IDEs, at times a test
        # worker): a Python started so ignores Ctrl+C unless it says otherwise.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    deadline = time.monotonic() + 30
    for line in process.stdout:
        if line.startswith("Preview on"):
            break
        assert time.monotonic() < deadline, "the preview did not start"
    return process, f"http://127.0.0.1:{port}", content


def stop(process: subprocess.Popen) -> str:
    """Ctrl+C, as an editor stops it; what it printed. Fails if it is still running 10 s on."""
    process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=10)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0]
        pytest.fail(f"the preview did not stop within 10 s of Ctrl+C; it printed:\n{output}")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_preview_shows_edits_errors_and_recovery_and_stops_cleanly(preview, browser):
    process, url, content = preview
    context = new_context(browser)
    tab = context.new_page()
    try:
        tab.goto(url + "/privacy/")
        assert tab.locator("script[src='/__preview/reload.js']").count() == 1

        # Edit: the open page reloads by itself with the new words.
        edit(content / "pages" / "privacy.md", "Nothing. This site:", "Nothing at all. This site:")
        tab.get_by_text("Nothing at all. This site:").wait_for(timeout=15_000)

        # Break, scrolled down the page: the error shows with file, line and fix, over the
        # last good page, in view and focused (the reload would keep the old scroll position).
        tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        scotland = content / "campaigns" / "scotland.md"
        line = scotland.read_text(encoding="utf-8").splitlines().index("launch_date: 2017-06") + 1
        edit(scotland, "launch_date: 2017-06", "launch_date: June 2017")
        alert = tab.locator("#app-preview-error")
        alert.wait_for(timeout=15_000)
        assert (
            f'content/campaigns/scotland.md, line {line}: launch_date "June 2017" is not a date'
            in alert.text_content()
        )
        assert tab.get_by_text("Nothing at all. This site:").is_visible()
        deadline = time.monotonic() + 5  # wait_for_function would need eval, which the CSP forbids
        while (
            tab.evaluate("document.activeElement && document.activeElement.id")
            != "app-preview-error"
        ):
            assert time.monotonic() < deadline, "the error banner was not focused"
            time.sleep(0.05)
        box = alert.bounding_box()  # relative to the viewport: its top is on screen
        assert box is not None and 0 <= box["y"] < tab.viewport_size["height"]

        # Fix: the error goes and the page comes back.
        edit(
            content / "campaigns" / "scotland.md", "launch_date: June 2017", "launch_date: 2017-06"
        )
        alert.wait_for(state="detached", timeout=15_000)
        assert tab.locator("h1").text_content() == "Privacy"
    finally:
        context.close()

    output = stop(process)
    assert process.returncode == 0
    assert "Build failed" in output and "still serving the last good site" in output
    assert output.rstrip().endswith("Preview stopped.")


def test_the_search_index_is_rebuilt_after_each_build_in_the_background(tmp_path):
    process, _, content = start_preview(tmp_path)
    output = tmp_path / "output"
    entry = output / "pagefind" / "pagefind-entry.json"

    def text(path: Path) -> str:
        try:  # the folder may be mid-swap for a moment
            return path.read_text(encoding="utf-8")
        except OSError:
            return ""

    def wait_until(condition, what: str) -> None:
        deadline = time.monotonic() + 60
        while not condition():
            assert time.monotonic() < deadline, f"after 60 s: {what}"
            time.sleep(0.05)

    try:
        wait_until(entry.is_file, "no search index after the first build")
        first = text(entry)
        edit(content / "pages" / "privacy.md", "Nothing. This site:", "Nothing at all. This site:")
        page = output / "privacy" / "index.html"
        wait_until(lambda: "Nothing at all" in text(page), "no rebuild")
        wait_until(
            lambda: text(entry) not in ("", first),
            "the search index was not made again after the edit",
        )
    finally:
        stop(process)
