"""make devserver's rebuild loop (scripts/preview/rebuild.py), in this process: a save made
while the first build runs is built next, not lost until the editor saves again."""

from __future__ import annotations

import threading
import time

from build import write_settings
from preview import rebuild
from support.building import minimal_content


def test_a_save_made_while_the_first_build_runs_is_built_next(tmp_path, monkeypatch):
    content = minimal_content(tmp_path / "content")
    conf = write_settings(tmp_path / "conf.py", content, CACHE_PATH=str(tmp_path / "cache"))
    page = content / "pages" / "privacy.md"
    built: list[bool] = []
    real_build = rebuild.build_once

    def build_once(*args, **kwargs):
        result = real_build(*args, **kwargs)
        if not built:  # the editor saves as the first build ends
            page.write_text(page.read_text(encoding="utf-8") + "\nSaved during the build.\n")
        built.append(result.ok)
        return result

    monkeypatch.setattr(rebuild, "build_once", build_once)
    stop = threading.Event()
    args = (conf, tmp_path / "output", "127.0.0.1", 0, False)
    loop = threading.Thread(target=rebuild.run, args=args, kwargs={"listen": False, "stop": stop})
    loop.start()
    try:
        deadline = time.monotonic() + 30
        while len(built) < 2 and time.monotonic() < deadline and loop.is_alive():
            time.sleep(0.05)
    finally:
        stop.set()
        loop.join(timeout=10)
    assert built == [True, True], "the save made during the first build was not built"
    assert "Saved during the build." in (tmp_path / "output" / "privacy" / "index.html").read_text()
    assert not loop.is_alive(), "the rebuild loop did not stop"
