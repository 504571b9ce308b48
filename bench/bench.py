"""Build benchmark: our site's build against stock Pelican on the same synthetic pages.

    make bench                 # 100 and 1,000 pages, the real site, then make html step
                               # by step with 1,000 copies of real pages (profile_build.py)
    python bench/bench.py --sizes 100 1000 5000   # 5,000 pages too (about 6 minutes more)

For each size it writes a synthetic site (a mix of campaign, FAQ, resource and news pages,
about 750 words each, valid front matter) and builds it, alternating our build (theme,
plugins, settings) with stock Pelican (default theme, no plugins, the same Markdown with
Pelican's own metadata syntax), so both see the same machine load. It reports wall time,
peak memory and ms per page, and the time to rebuild after one page is edited with the
content cache warm. Results go to stdout as a Markdown table and to bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

import devserver  # noqa: E402
from build import write_settings  # noqa: E402
from content_model import AUDIENCES, SECTIONS  # noqa: E402

WORDS = (
    "help stop online images children police campaign helpline support family friends law "
    "arrest prison charity region partners people viewing sharing harm change talk call "
    "website advice safe press worried someone together local you can it is the a to and "
    "of in for on we they with are your get this that be or not will how what who"
).split()
# Every section of the content model but the one-off pages.
KINDS = tuple(name for name in SECTIONS if name != "pages")
STARTED = time.perf_counter()


def paragraph(rng: random.Random, words: int) -> str:
    """Plain sentences of 8 to 14 words, as the site's own pages are written."""
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 14)
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + ".")
        count += length
    return textwrap.fill(" ".join(sentences), 90)


def body(rng: random.Random, words: int = 750) -> str:
    parts = []
    for index in range(words // 125):
        parts.append(f"## Section {index + 1}\n\n" + paragraph(rng, 110))
        parts.append("- " + " ".join(rng.choice(WORDS) for _ in range(15)))
    return "\n\n".join(parts) + "\n"


def front_matter(kind: str, index: int, rng: random.Random) -> dict[str, object]:
    title = f"Synthetic {kind} page {index}"
    meta: dict[str, object] = {
        "title": title,
        "description": f"A synthetic {kind} page, number {index}.",
    }
    if kind == "campaigns":
        meta |= {
            "region": f"Region {index}",
            "launch_date": f"20{10 + index % 10}-0{1 + index % 9}-1{index % 9}",
            "partners": ["Police force", "The Lucy Faithfull Foundation"],
            "figures": [],
            "summary": "A campaign.",
        }
    elif kind == "faq":
        meta |= {
            "title": f"Synthetic question {index}?",
            "audience": rng.choice(list(AUDIENCES)),
            "order": index,
        }
    elif kind == "resources":
        meta |= {"summary": "A resource.", "order": index}
    else:
        meta |= {"date": f"2019-0{1 + index % 9}-1{index % 9}", "summary": "A news item."}
    return meta


def yaml_block(meta: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in meta.items():
        if isinstance(value, list):
            lines.append(f"{key}:" + ("" if value else " []"))
            lines += [f"  - {item}" for item in value]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join([*lines, "---", ""])


def native_block(meta: dict[str, object]) -> str:
    """Pelican's own metadata syntax, for the stock build (which has no YAML reader)."""
    lines = [
        f"{k.capitalize()}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in meta.items()
        if v != []
    ]
    return "\n".join([*lines, ""])


def write_site(root: Path, pages: int, seed: int = 1) -> None:
    """Our content tree and a stock one with the same pages, plus our real top pages."""
    rng = random.Random(seed)
    ours, stock = root / "ours" / "content", root / "stock" / "content"
    shutil.copytree(ROOT / "content", ours)  # the real pages too, so their links resolve
    for index in range(pages):
        kind = KINDS[index % len(KINDS)]
        meta = front_matter(kind, index, rng)
        text = body(rng)
        if kind == "faq":  # an answer has no headings
            text = "\n".join(line for line in text.splitlines() if not line.startswith("## "))
        (ours / kind).mkdir(parents=True, exist_ok=True)
        (ours / kind / f"page-{index}.md").write_text(yaml_block(meta) + text, encoding="utf-8")
        (stock / kind).mkdir(parents=True, exist_ok=True)
        stock_meta = {
            k: v for k, v in meta.items() if k in ("title", "date", "description", "summary")
        }
        (stock / kind / f"page-{index}.md").write_text(
            native_block(stock_meta) + "\n" + text, encoding="utf-8"
        )


def settings_files(root: Path, cache: bool, fill_cache: bool = True) -> tuple[Path, Path]:
    # Cold builds (output deleted) read and render every page, and fill the caches; rebuilds
    # load them and may reuse unchanged pages (plugins/incremental).
    ours = write_settings(
        root / "ours" / "benchconf.py",
        root / "ours" / "content",
        CACHE_CONTENT=fill_cache,
        LOAD_CONTENT_CACHE=cache,
    )
    stock = root / "stock" / "benchconf.py"
    stock.write_text(
        f"PATH = {str(root / 'stock' / 'content')!r}\nSITEURL = ''\nTIMEZONE = 'UTC'\n"
        "ARTICLE_PATHS = ['news']\nPAGE_PATHS = ['pages', 'campaigns', 'faq', 'resources']\n"
        f"CACHE_PATH = {str(root / 'stock' / 'cache')!r}\n"
        f"CACHE_CONTENT = {fill_cache}\nLOAD_CONTENT_CACHE = {cache}\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
    )
    return ours, stock


def timed_build(
    settings: Path,
    output: Path,
    clean: bool = True,
    make_html: bool = False,
    caches: tuple[Path, ...] = (),
) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one build in a child process: `pelican` itself,
    or scripts/build.py as `make html` runs it (atomic swap and Pagefind index included).
    `clean` deletes the output first, and what is in `caches` (a cold build: no output and
    no caches); otherwise unchanged pages can be reused."""
    if clean:
        shutil.rmtree(output, ignore_errors=True)
        for folder in caches:
            for kept in folder.glob("*") if folder.is_dir() else ():
                shutil.rmtree(kept) if kept.is_dir() else kept.unlink()
    start = time.perf_counter()
    command = (
        [str(ROOT / "scripts" / "build.py"), "--settings", str(settings), "--output", str(output)]
        if make_html
        else ["-m", "pelican", "-s", str(settings), "-o", str(output), "-q"]
    )
    process = subprocess.Popen(
        [sys.executable, *command], cwd=settings.parent, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"build failed: {settings}")
    return wall, usage.ru_maxrss / 1024


def python_startup() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import pelican"], check=True)
    return time.perf_counter() - start


def bench_size(
    pages: int, repeats: int, then: Callable[[Path], None] | None = None
) -> dict[str, object]:
    """The table's row for `pages`; `then` runs on the same site before it is deleted."""
    with tempfile.TemporaryDirectory(prefix=f"bench-{pages}-") as tmp:
        root = Path(tmp)
        write_site(root, pages)
        ours, stock = settings_files(root, cache=False, fill_cache=pages <= 1000)
        ours_runs, stock_runs = [], []
        # Cold: each build with no output and no caches (its own, and the compiled templates
        # ours keeps in cache/jinja), so a second run does not reuse what the first kept.
        ours_caches = (root / "ours" / "cache", ROOT / "cache" / "jinja")
        for _ in range(repeats):  # alternate, so both see the same machine load
            ours_runs.append(timed_build(ours, root / "ours" / "output", caches=ours_caches))
            stock_runs.append(
                timed_build(stock, root / "stock" / "output", caches=(root / "stock" / "cache",))
            )
        # Rebuild after one edit: the last cold build's output kept, its caches warm (up to
        # 1,000 pages, to keep make bench within 10 minutes). At 1,000, ours also as `make
        # html` runs it (atomic swap, Pagefind), after one more edit, on the same output.
        ours_c, stock_c = settings_files(root, cache=True)
        # make html twice: an editor saves again and again, and the second save finds what
        # the first left (the last site's search bundle, brought up to date by Pagefind).
        rebuild = {k: float("nan") for k in ("ours", "stock", "make_html", "make_html_again")}
        runs = (
            ("ours", ours_c, False),
            ("stock", stock_c, False),
            ("make_html", ours_c, True),
            ("make_html_again", ours_c, True),
        )
        for name, conf, make_html in runs if pages <= 1000 else ():
            if make_html and pages != 1000:
                continue
            kind = "stock" if name == "stock" else "ours"
            output = root / kind / "output"
            edited = next((root / kind / "content" / "resources").glob("*.md"))
            edited.write_text(edited.read_text() + "\nAn edited sentence.\n")
            rebuild[name] = timed_build(conf, output, clean=False, make_html=make_html)[0]
        total = len(list((root / "ours" / "content").rglob("*.md")))
        if then is not None:
            then(root)
    ours_wall = statistics.median(r[0] for r in ours_runs)
    stock_wall = statistics.median(r[0] for r in stock_runs)
    return {
        "pages": total,
        "ours_s": ours_wall,
        "stock_s": stock_wall,
        "ratio": ours_wall / stock_wall,
        "ours_ms_per_page": ours_wall / total * 1000,
        "stock_ms_per_page": stock_wall / total * 1000,
        "ours_peak_mb": max(r[1] for r in ours_runs),
        "stock_peak_mb": max(r[1] for r in stock_runs),
        "ours_rebuild_s": rebuild["ours"],
        "stock_rebuild_s": rebuild["stock"],
        "make_html_rebuild_s": rebuild["make_html"],
        "make_html_again_s": rebuild["make_html_again"],
        "repeats": repeats,
    }


def real_site() -> dict[str, object]:
    import gzip

    with tempfile.TemporaryDirectory(prefix="bench-real-") as tmp:
        out = Path(tmp) / "output"
        # As on a fresh clone: its own empty content cache.
        conf = write_settings(Path(tmp) / "conf.py", ROOT / "content")
        runs = []
        for _ in range(3):  # the median of 3: one build takes about a second
            shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)
            runs.append(timed_build(conf, out))
        wall, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
        css = {p.name: len(gzip.compress(p.read_bytes())) for p in out.glob("theme/css/*.css")}
        js = {p.name: len(gzip.compress(p.read_bytes())) for p in out.glob("theme/js/*.js")}
        weights = []
        for page in out.rglob("*.html"):
            html = page.read_text(encoding="utf-8")
            size = len(gzip.compress(html.encode()))
            size += sum(v for k, v in css.items() if k in html) + sum(
                v for k, v in js.items() if k in html
            )
            weights.append(size / 1024)
        pages = len(weights)
    startup = statistics.median(python_startup() for _ in range(3))
    return {
        "pages": pages,
        "build_s": wall,
        "python_and_import_s": startup,
        "pelican_own_s": wall - startup,
        "peak_mb": peak,
        "weight_median_kb": statistics.median(weights),
        "weight_max_kb": max(weights),
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def devserver_bench(pages: int, rebuilds: int = 50, site: Path | None = None) -> dict[str, object]:
    """The preview (scripts/devserver.py) over `rebuilds` edits of one page: the rebuild time
    it logs, and its resident memory after the first and the last rebuild. `site`: a
    synthetic site bench_size() has written and built (its content cache is used)."""
    import re
    import threading
    import urllib.request

    with tempfile.TemporaryDirectory(prefix=f"bench-dev-{pages}-") as tmp:
        root = Path(tmp)
        cache = root / "cache"
        if site is not None:
            content, cache = site / "ours" / "content", site / "ours" / "cache"
            edited = next((content / "resources").glob("*.md"))
        elif pages:
            write_site(root, pages)
            content = root / "ours" / "content"
            edited = next((content / "resources").glob("*.md"))
        else:
            content = root / "ours" / "content"
            shutil.copytree(ROOT / "content", content)
            edited = content / "pages" / "privacy.md"
        conf = write_settings(root / "conf.py", content, CACHE_PATH=str(cache))
        port = devserver.free_port()
        process = subprocess.Popen(
            devserver.command(conf, root / "output", port, "--no-search"),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True).start()

        def version() -> int:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__preview/state") as r:
                return json.load(r)["version"]

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                current = version()
                break
            except OSError:
                time.sleep(0.2)
        memory = []
        for index in range(rebuilds):
            edited.write_text(edited.read_text() + f"\nEdit number {index}.\n")
            waited = time.monotonic() + 60
            while version() == current:
                if time.monotonic() > waited:
                    process.kill()
                    raise SystemExit(f"the preview did not rebuild after edit {index} within 60 s")
                time.sleep(0.02)
            current = version()
            memory.append(rss_mb(process.pid))
        process.send_signal(2)
        process.wait(timeout=30)
        times = [float(m[1]) for line in lines if (m := re.match(r"Rebuilt in ([\d.]+) s", line))]
        edits = times[1:]  # the first is the initial build
    return {
        "pages": pages or "real site",
        "rebuilds": len(edits),
        "rebuild_median_s": statistics.median(edits),
        "rebuild_max_s": max(edits),
        "rss_after_first_mb": memory[0],
        "rss_after_last_mb": memory[-1],
        "rss_growth_pct": (memory[-1] - memory[0]) / memory[0] * 100,
    }


def last_test_run() -> dict[str, object] | None:
    """The timings tests/conftest.py records after each whole passing `make test` (running
    the suite again here would take the benchmark past its 10 minutes)."""
    path = ROOT / ".cache" / "test-timings.json"
    return json.loads(path.read_text()) if path.is_file() else None


def table(
    rows: list[dict[str, object]], real: dict[str, object], dev: list[dict[str, object]]
) -> str:
    out = [
        "| pages | ours (s) | stock (s) | ours/stock | ours ms/page | stock ms/page | ours peak MB | stock peak MB | one-page rebuild, ours (s) | one-page rebuild, stock (s) | one-page rebuild, make html (s) | the same, next save (s) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        out.append(
            f"| {r['pages']:,} | {r['ours_s']:.2f} | {r['stock_s']:.2f} | {r['ratio']:.2f} | "
            f"{r['ours_ms_per_page']:.1f} | {r['stock_ms_per_page']:.1f} | {r['ours_peak_mb']:.0f} | "
            f"{r['stock_peak_mb']:.0f} | {r['ours_rebuild_s']:.2f} | {r['stock_rebuild_s']:.2f} | "
            f"{r['make_html_rebuild_s']:.2f} | {r.get('make_html_again_s', float('nan')):.2f} |"
        )
    out += [
        "",
        f"Real site: {real['pages']} pages; build from an empty cache (median of 3) {real['build_s']:.2f} s wall, of which Python start-up and "
        f"imports {real['python_and_import_s']:.2f} s and Pelican's own work {real['pelican_own_s']:.2f} s; "
        f"peak {real['peak_mb']:.0f} MB. Page weight (HTML + CSS + JS, gzip): median "
        f"{real['weight_median_kb']:.1f} KB, max {real['weight_max_kb']:.1f} KB.",
        "",
        "| preview (make devserver) | rebuilds | one-page rebuild, median (s) | max (s) | memory after 1st (MB) | after last (MB) | growth |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    tests = last_test_run()
    if tests:
        browser = tests["layers"].get("browser", {"seconds": float("nan"), "tests": 0})
        pages = tests["pages"] or real["pages"]
        per_page = tests.get("files", {}).get("tests/browser/test_every_page.py", float("nan"))
        out[len(out) - 3 : len(out) - 3] = [
            "",
            f"make test (the last whole passing run, {tests['finished']}): {tests['tests']} tests in "
            f"{tests['wall_s']:.0f} s. Browser layer: {browser['tests']} tests in "
            f"{browser['seconds']:.0f} s over {pages} pages, {browser['seconds'] / pages:.2f} s a page; "
            f"of which the per-page checks (every check in every variant, "
            f"tests/browser/test_every_page.py) {per_page:.0f} s, **{per_page / pages:.2f} s a page**. "
            + ", ".join(
                f"{name} {v['seconds']:.0f} s" for name, v in sorted(tests["layers"].items())
            )
            + ".",
        ]
    for d in dev:
        out.append(
            f"| {d['pages']} | {d['rebuilds']} | {d['rebuild_median_s']:.2f} | {d['rebuild_max_s']:.2f} | "
            f"{d['rss_after_first_mb']:.0f} | {d['rss_after_last_mb']:.0f} | {d['rss_growth_pct']:+.1f}% |"
        )
    return "\n".join(out)


def site_checks_bench(pages: int) -> dict[str, object]:
    """The built-page checks every build runs (plugins/site_checks), on a built site of
    `pages` synthetic pages (0: the real site): from nothing, and with one page edited when
    every other page's results are kept, as in a rebuild."""
    from pelican.settings import read_settings
    from site_checks.site_checks import check_output

    with tempfile.TemporaryDirectory(prefix="bench-checks-") as tmp:
        root = Path(tmp)
        if pages:
            write_site(root, pages)
            content = root / "ours" / "content"
        else:
            content = ROOT / "content"
        conf = write_settings(root / "conf.py", content)
        out = root / "output"
        timed_build(conf, out)
        # The helpline the build checks for: the settings' own (HELPLINE_TEL), as a build does.
        base, tel = "http://127.0.0.1:8000/", f"tel:{read_settings(str(conf))['HELPLINE_TEL']}"
        results: dict[str, object] = {}
        started = time.perf_counter()
        problems = check_output(out, base, tel, results)
        cold = time.perf_counter() - started
        page = sorted(out.rglob("*.html"))[len(results) // 2]
        page.write_text(
            page.read_text(encoding="utf-8").replace("</main>", "<p>Edited.</p></main>")
        )
        started = time.perf_counter()
        check_output(out, base, tel, results)
        edited = time.perf_counter() - started
        return {
            "pages": len(results),
            "problems": len(problems),
            "cold_s": cold,
            "one_edited_s": edited,
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # 5,000 pages only when asked (--sizes 100 1000 5000): stock Pelican alone takes 4 to 6
    # minutes there, and make bench must stay within 10.
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000])
    parser.add_argument(
        "--profile-pages",
        type=int,
        default=1000,
        help="make html step by step with this many copies of real pages added (0: none)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="alternating runs below 5,000")
    parser.add_argument(
        "--preview-sizes", type=int, nargs="*", default=[0, 1000], help="0 is the real site"
    )
    parser.add_argument("--rebuilds", type=int, default=50)
    parser.add_argument(
        "--check-sizes", type=int, nargs="*", default=[0, 1000], help="0 is the real site"
    )
    args = parser.parse_args()
    rows, previews = [], {}

    def preview(size: int, site: Path | None = None) -> None:
        print(f"preview: {args.rebuilds} edits, {size or 'real site'}…", file=sys.stderr)
        previews[size] = devserver_bench(size, args.rebuilds, site)

    for size in args.sizes:
        repeats = 1 if size >= 5000 else args.repeats
        print(f"benchmarking {size} pages ({repeats} alternating runs)…", file=sys.stderr)
        # The preview of the same size runs on the same site, with its caches warm.
        then = (lambda root, size=size: preview(size, root)) if size in args.preview_sizes else None
        rows.append(bench_size(size, repeats, then))
    real = real_site()
    checks = [site_checks_bench(size) for size in args.check_sizes]
    for size in args.preview_sizes:
        if size not in previews:
            preview(size)
    dev = [previews[size] for size in args.preview_sizes]
    (ROOT / "bench" / "results.json").write_text(
        json.dumps(
            {
                "sizes": rows,
                "real": real,
                "preview": dev,
                "site_checks": checks,
                "tests": last_test_run(),
            },
            indent=2,
        )
    )
    print(table(rows, real, dev))
    print("\nBuilt-page checks in every build (plugins/site_checks):")
    for row in checks:
        print(
            f"  {row['pages']:>5} pages: {row['cold_s']:.2f} s from nothing, "
            f"{row['one_edited_s']:.3f} s with one page edited ({row['problems']} problems)"
        )
    if args.profile_pages:
        # make html step by step, the real site with copies of its own pages added, from
        # nothing, with nothing changed and after one edit (bench/profile_build.py).
        print(f"\nmake html, step by step, {args.profile_pages} pages added (medians of 3):")
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "profile_build.py"), "--pages",
             str(args.profile_pages)],
            check=True,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
    print(f"\nmake bench took {time.perf_counter() - STARTED:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
