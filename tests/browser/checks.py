"""Checks that need a real browser: pure functions over a Playwright tab that return a list
of problems (strings). Each is run on every page of the site and on a defect fixture."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
MAX_TABS = 200


def axe_violations(tab: Page) -> list[str]:
    """axe-core over the whole page; each violation as rule, impact, help and elements.
    No rule is disabled."""
    result: dict[str, Any] = tab.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    problems = []
    for violation in result["violations"]:
        nodes = "; ".join(
            f"{' '.join(map(str, node['target']))} -> {node['html'][:160]}"
            for node in violation["nodes"]
        )
        problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} | {nodes}")
    return problems


def skip_link_problems(tab: Page) -> list[str]:
    """The first Tab reaches the skip link; Enter on it moves focus to <main>."""
    tab.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    tab.keyboard.press("Tab")
    first = tab.evaluate(
        "() => { const e = document.activeElement; return e ? [e.tagName, e.className, e.getAttribute('href')] : null }"
    )
    if not first or "app-skip-link" not in (first[1] or "") or first[2] != "#main-content":
        return [f"the first focusable element is {first}, not the skip link to #main-content"]
    tab.keyboard.press("Enter")
    focused = tab.evaluate("() => [document.activeElement.tagName, document.activeElement.id]")
    if focused != ["MAIN", "main-content"]:
        return [f"the skip link moved focus to {focused}, not <main id=main-content>"]
    return []


FOCUS_SIGNATURE = """el => {
  const s = getComputedStyle(el);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
          s.textDecorationLine, s.borderTopColor, s.borderBottomColor].join('|');
}"""


def focus_indicator_problems(tab: Page) -> list[str]:
    """Every element reached by Tab looks different focused from unfocused."""
    tab.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
    problems = []
    seen = 0
    first = None
    for _ in range(MAX_TABS):
        tab.keyboard.press("Tab")
        handle = tab.evaluate_handle("() => document.activeElement")
        element = handle.as_element()
        if element is None or element.evaluate("e => e === document.body"):
            break
        key = element.evaluate("e => e.outerHTML.slice(0, 120)")
        if key == first:
            break
        first = first or key
        seen += 1
        focused = element.evaluate(FOCUS_SIGNATURE)
        element.evaluate("e => e.blur()")
        unfocused = element.evaluate(FOCUS_SIGNATURE)
        element.focus()
        if focused == unfocused:
            problems.append(f"no visible focus indicator on {key}")
    if seen == 0:
        problems.append("Tab reached no element")
    return problems


def reflow_problems(tab: Page) -> list[str]:
    """At the tab's width (320 px), nothing scrolls sideways (WCAG 1.4.10)."""
    widths = tab.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if widths[0] > widths[1]:
        wide = tab.evaluate(
            """() => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                 .slice(0, 3).map(e => e.outerHTML.slice(0, 100))"""
        )
        return [f"the page is {widths[0]} px wide in a {widths[1]} px viewport: {wide}"]
    return []


TARGETS = """() => {
  const sel = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden'; };
  // WCAG 2.5.8 "inline" exception: a link inside a sentence, whose block has other text.
  const inline = e => {
    if (e.tagName !== 'A') return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return block && block.textContent.trim().length > e.textContent.trim().length;
  };
  const all = [...document.querySelectorAll(sel)].filter(visible);
  return all.map(e => { const r = e.getBoundingClientRect();
    return {html: e.outerHTML.slice(0, 100), x: r.left, y: r.top, w: r.width, h: r.height,
            inline: inline(e)}; });
}"""


def target_size_problems(tab: Page) -> list[str]:
    """Targets are at least 24 by 24 CSS px, or spaced so a 24 px circle centred on each
    undersized target overlaps no other target nor another such circle (WCAG 2.5.8)."""
    targets = tab.evaluate(TARGETS)
    small = [t for t in targets if (t["w"] < 24 or t["h"] < 24) and not t["inline"]]
    problems = []
    for t in small:
        cx, cy = t["x"] + t["w"] / 2, t["y"] + t["h"] / 2
        for other in targets:
            if other is t:
                continue
            # Distance from the centre to the other target's box.
            dx = max(other["x"] - cx, 0, cx - (other["x"] + other["w"]))
            dy = max(other["y"] - cy, 0, cy - (other["y"] + other["h"]))
            too_close = (dx * dx + dy * dy) ** 0.5 < 12
            if other in small:
                ox, oy = other["x"] + other["w"] / 2, other["y"] + other["h"] / 2
                too_close = too_close or ((ox - cx) ** 2 + (oy - cy) ** 2) ** 0.5 < 24
            if too_close:
                problems.append(
                    f"{t['html']} is {t['w']:.0f}x{t['h']:.0f} px and too close to {other['html']}"
                )
                break
    return problems


def privacy_problems(tab: Page, requests: list[str], origin: str) -> list[str]:
    """Nothing requested from another host; no cookies, storage or service workers."""
    problems = [
        f"requested {url} from another host" for url in requests if not url.startswith(origin)
    ]
    cookies = tab.context.cookies()
    if cookies:
        problems.append(f"set cookies: {[c['name'] for c in cookies]}")
    storage = tab.evaluate(
        """async () => [localStorage.length, sessionStorage.length,
             navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0]"""
    )
    for name, count in zip(
        ("localStorage", "sessionStorage", "service workers"), storage, strict=True
    ):
        if count:
            problems.append(f"{name}: {count} item(s)")
    return problems
