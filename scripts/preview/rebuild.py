"""The preview's rebuild loop: the one build (scripts/build.py) with its caches on, on every
save of the content, the theme, the settings, the plugins or the data file; the search
index after the new pages are served."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from build import BuildResult, address_settings, build
from build_steps.search_index import index_for_search

from .server import State, serve


def build_once(
    settings_file: Path, output: Path, search: bool, address: str | None = None
) -> BuildResult:
    """One build of the preview (the one build function, scripts/build.py), its caches on;
    the search index follows in the background once the new pages are served. `address`:
    where the preview is served, so posters' QR codes and canonical links lead there."""
    result = build(
        settings_file,
        output,
        overrides={
            "CACHE_CONTENT": True,
            # Trusted only while what made it is unchanged (plugins/incremental).
            "LOAD_CONTENT_CACHE": True,
            "CONTENT_CACHING_LAYER": "reader",
            **address_settings(address),
        },
        search="later" if search else "none",
        index_lock=SEARCH_LOCK,  # an index still being written is finished first
    )
    if result.ok and search:
        threading.Thread(target=index_in_background, args=(output,), daemon=True).start()
    # A preview runs for hours: what the build left is collected now, after the new pages
    # are served, so memory stays flat (a one-off build ends its process instead; in a test
    # process, a full collection after each build cost 60 ms).
    gc.collect()
    return result


# Pagefind re-reads every page (about 2 s at 1,000 pages), so it runs after the new pages are
# served, not before: the edited page shows at once, and search catches up a moment later.
SEARCH_LOCK = threading.Lock()


def index_in_background(output: Path) -> None:
    started = time.perf_counter()
    with SEARCH_LOCK:
        code = index_for_search(output)
    if code == 0:
        print(f"Search index updated in {time.perf_counter() - started:.2f} s", flush=True)
    else:
        print("Pagefind could not index the site; search shows the last index", flush=True)


def watched_paths(settings_file: Path) -> list[Path]:
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    paths = [Path(settings["PATH"]), Path(settings["THEME"]), settings_file]
    paths += [Path(p) for p in settings.get("PLUGIN_PATHS", [])]
    figures = Path(settings["PATH"]).parent / settings.get("FIGURES_FILE", "data/figures.yaml")
    return [p for p in [*paths, figures] if p.exists()]


# How long the watcher waits for a change before it hands back none, in milliseconds: its first
# answer says it is in place, which the first build waits for.
WATCH_TICK = 100


def run(
    settings_file: Path,
    output: Path,
    host: str,
    port: int,
    search: bool,
    listen: bool = True,
    stop: threading.Event | None = None,
) -> int:
    """Build, serve, and build again on every save, until Ctrl+C (or `stop` is set)."""
    from watchfiles import watch

    state = State()
    # Listening first: the port is known before the first build, which writes it into the
    # posters' QR codes; until that build is done, the last site (or nothing) is served.
    server = serve(output, state, host, port) if listen else None
    address = f"http://{host}:{server.server_port}" if server else None
    # Watching starts before the first build, so a save made while it runs (or just after
    # it) is built next, not lost until the one after. The watcher's first answer (a change,
    # or none after WATCH_TICK) comes once it is in place; its changes are kept meanwhile.
    changes = watch(
        *watched_paths(settings_file),
        debounce=100,
        step=50,
        rust_timeout=WATCH_TICK,
        yield_on_timeout=True,
        stop_event=stop,
    )
    try:
        # What changed before this build began is in it.
        pending = None if next(changes, None) is None else set()
        result = build_once(settings_file, output, search, address)
        report(result)
        state.update(result.error)
        if server:
            print(f"Preview on {address}/ (Ctrl+C to stop)", flush=True)
        while pending is not None:
            if pending:
                names = ", ".join(sorted({Path(p).name for _, p in pending}))
                print(f"Changed: {names}", flush=True)
                result = build_once(settings_file, output, search, address)
                report(result)
                state.update(result.error)
            pending = next(changes, None)
    except KeyboardInterrupt:
        pass
    finally:
        changes.close()
        if server:
            server.shutdown()
            server.server_close()
        print("Preview stopped.", flush=True)
    return 0


def report(result: BuildResult) -> None:
    if result.ok:
        print(f"Rebuilt in {result.seconds:.2f} s", flush=True)
    else:
        print(
            f"Build failed in {result.seconds:.2f} s; still serving the last good site.\n"
            f"{result.error}",
            flush=True,
        )
