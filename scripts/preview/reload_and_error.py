"""What the preview adds to a page on the way out, so published pages never carry it: a
script that asks for the build number every half second and reloads when it changes, and,
after a failed save, the error (file, line, fix) at the top of the page."""

from __future__ import annotations

import html

RELOAD_SCRIPT = b"""// Preview only: reload when the site is rebuilt, or when a build fails or recovers.
let seen = null;
async function poll() {
  try {
    const state = await (await fetch("/__preview/state", { cache: "no-store" })).json();
    if (seen !== null && state.version !== seen) {
      // After a good save the page keeps its place; after a failed one it opens at the error.
      history.scrollRestoration = state.error ? "manual" : "auto";
      location.reload();
    }
    seen = state.version;
  } catch (error) {
    // The preview server has stopped; try again later.
  }
  setTimeout(poll, 500);
}
// A failed save: the error is the first thing seen and heard, wherever the page was scrolled.
const banner = document.getElementById("app-preview-error");
if (banner) {
  banner.scrollIntoView();
  banner.focus();
}
poll();
"""
ERROR_CSS = b"""#app-preview-error { position: relative; z-index: 2000; margin: 0; padding: 1rem 1.5rem;
  background: #fff4f2; color: #5a0f0a; border: 6px solid #b3261e; font: 1rem/1.5 system-ui, sans-serif; }
#app-preview-error h2 { margin: 0 0 0.5rem; font-size: 1.4rem; }
#app-preview-error pre { white-space: pre-wrap; font: 0.95rem/1.5 ui-monospace, monospace; margin: 0; }
"""


def with_preview(text: str, error: str) -> str:
    """A page as the preview serves it: the reload script, and the banner when the last
    build failed with `error`."""
    extra = '<script type="module" src="/__preview/reload.js"></script>'
    if error:
        extra += '<link rel="stylesheet" href="/__preview/preview.css">'
        banner = (
            '<div id="app-preview-error" role="alert" tabindex="-1">'
            "<h2>The last save did not build</h2>"
            "<p>This is the last good version of the page. Fix the problem below and save "
            f"again; the page will reload by itself.</p><pre>{html.escape(error)}</pre></div>"
        )
        text = after_body(text, banner)
    return text.replace("</body>", extra + "</body>", 1)


def after_body(text: str, banner: str) -> str:
    """`text` with `banner` just inside its <body> tag."""
    start = text.index("<body")
    end = text.index(">", start) + 1
    return text[:end] + banner + text[end:]
