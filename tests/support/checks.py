"""Checks that need a real browser: functions over a Playwright tab (already on its page)
that return a list of problems (strings), empty when the page passes.

Each is run on every page of the site, all on one load of each page and variant
(support/pagerun.py, test_every_page), and on a fixture page with one deliberate defect
(test_browser_checks_catch_defects), which shows it can fail.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Page

# best-practice holds the rules for headings, landmarks and regions, which are not WCAG-tagged.
# The AAA tags too: WCAG 2.2 AAA wherever axe-core can check it (enhanced contrast among it).
AXE_TAGS = [
    *("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"),
    *("wcag2aaa", "wcag21aaa", "wcag22aaa"),
    "best-practice",
]
# The rules whose answer depends on the colours (the rest read the document, the layout and
# the text): what changes between the light and the dark scheme.
AXE_COLOUR_RULES = ["color-contrast", "color-contrast-enhanced", "link-in-text-block"]
# No rule is disabled. A rule switched off here must carry a comment with its reason.
AXE_DISABLED_RULES: dict[str, dict[str, bool]] = {}

# --- axe-core ------------------------------------------------------------------

# What of axe-core's results comes back from the page: the violations, with what axe_report
# says of them. The whole result also lists every rule that passed or did not apply, with its
# description: about 100 rules, which cost more to send and read than the checks took.
AXE_KEPT = """r => ({violations: r.violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
  nodes: v.nodes.map(n => ({target: n.target, html: n.html, failureSummary: n.failureSummary})),
}))})"""
AXE_RUN = f"""async ([tags, rules]) => {{
  if (typeof axe === 'undefined') return null;
  return ({AXE_KEPT})(await axe.run(document, {{
    runOnly: {{type: 'tag', values: tags}}, rules, resultTypes: ['violations'],
  }}));
}}"""


def axe_violations(tab: Page) -> list[str]:
    """axe-core over the whole page: one problem per rule violated, with its impact, help,
    and each element's selector, HTML and what to fix."""
    result: dict[str, Any] | None = tab.evaluate(AXE_RUN, [AXE_TAGS, AXE_DISABLED_RULES])
    return axe_report(result, tab.url)


def axe_report(result: dict[str, Any] | None, url: str) -> list[str]:
    """axe-core's results as problems (None: axe-core was not in the page)."""
    if result is None:
        return [f"axe-core was not loaded in {url} (see browsing.new_context)"]
    problems = []
    for violation in result["violations"]:
        lines = [
            f"{violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{violation['helpUrl']}]"
        ]
        for node in violation["nodes"]:
            target = " ".join(
                " ".join(part) if isinstance(part, list) else part for part in node["target"]
            )
            lines.append(f"  - {target}\n      {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ").strip()
            if summary:
                lines.append(f"      {summary}")
        problems.append("\n".join(lines))
    return problems


# --- Keyboard ------------------------------------------------------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return {tag: e.tagName, id: e.id, classes: [...e.classList], href: e.getAttribute('href'),
          html: e.outerHTML.slice(0, 120),
          onScreen: r.width > 1 && r.height > 1 && r.bottom > 0 && r.right > 0
                    && r.top < innerHeight && r.left < innerWidth && e.checkVisibility()};
}"""


# Chromium starts a Tab from the last element focused or clicked, even after blur(). To walk
# from the top of the page again: focus the root element for a moment, then let it go.
FROM_THE_TOP = """() => {
  const root = document.documentElement;
  document.activeElement?.blur();
  root.tabIndex = -1;
  root.focus({preventScroll: true});
  root.blur();
  root.removeAttribute('tabindex');
  window.scrollTo(0, 0);
}"""


def skip_link_problems(tab: Page) -> list[str]:
    """From the top of the page, the first Tab focuses a visible skip link to #main-content,
    and Enter on it moves focus to <main id="main-content">."""
    tab.evaluate(FROM_THE_TOP)
    tab.keyboard.press("Tab")
    first = tab.evaluate(FOCUSED)
    if first is None:
        return ["the first Tab focused nothing"]
    if "app-skip-link" not in first["classes"] or first["href"] != "#main-content":
        return [f"the first Tab focused {first['html']}, not the skip link to #main-content"]
    problems = []
    if not first["onScreen"]:
        problems.append(f"the skip link is not visible on screen when focused: {first['html']}")
    tab.keyboard.press("Enter")
    target = tab.evaluate(FOCUSED)
    if target is None or (target["tag"], target["id"]) != ("MAIN", "main-content"):
        where = "nothing" if target is None else target["html"]
        problems.append(f'Enter on the skip link focused {where}, not <main id="main-content">')
    return problems


# How an element looks, counting only what shows (a JavaScript function of an element).
LOOK = """e => {
  const clear = c => c === 'transparent' || /^rgba\\(.*,\\s*0\\)$/.test(c) || /\\/\\s*0\\)$/.test(c);
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
    && !clear(s.outlineColor) ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
  const border = ['Top', 'Right', 'Bottom', 'Left'].map(side =>
    s[`border${side}Style`] !== 'none' && parseFloat(s[`border${side}Width`]) > 0
      ? `${s[`border${side}Width`]} ${s[`border${side}Color`]}` : 'none').join(' ');
  return {outline, boxShadow: s.boxShadow, backgroundColor: s.backgroundColor, border};
}"""
# Records, as each element receives focus, how it looks focused and unfocused, counting only
# what shows: an outline that is drawn (a transparent outline is the forced-colors fallback
# and shows nothing in normal colours), a box shadow, a background colour and the borders that
# are drawn. Pseudo-elements are not read: the theme draws no focus style on them. Recording in
# the page lets one keyboard.type() send every Tab, instead of a round trip per Tab stop.
FOCUS_RECORDER = (
    """() => {
  const log = window.__appFocusLog = [];
  if (window.__appFocusRecorder) return;
  const look = """
    + LOOK
    + """;
  let busy = false;
  window.__appFocusRecorder = event => {
    const e = event.target;
    if (busy || e === document.body || e === document.documentElement) return;
    busy = true;
    const focused = look(e);
    e.blur();
    const unfocused = look(e);
    e.focus({preventScroll: true});
    busy = false;
    window.__appFocusLog.push({element: e, html: e.outerHTML.slice(0, 160), focused, unfocused});
  };
  document.addEventListener('focusin', window.__appFocusRecorder, true);
}"""
)

WALKED = """() => {
  const log = window.__appFocusLog, seen = new Set(), steps = [];
  for (const step of log) {
    if (seen.has(step.element)) break;  // back at an element already seen: the walk is done
    seen.add(step.element);
    steps.push({html: step.html, same: JSON.stringify(step.focused) === JSON.stringify(step.unfocused),
                focused: step.focused});
  }
  document.removeEventListener('focusin', window.__appFocusRecorder, true);
  window.__appFocusRecorder = null;
  return steps;
}"""


# Elements Tab should stop at: focusable, rendered, and one per group of radio buttons.
# The elements that can take focus and are shown, in document order (a JavaScript expression).
FOCUSABLE = """[...document.querySelectorAll('a[href], area[href], button, input, select, textarea,'
                                       + ' summary, iframe, [tabindex], [contenteditable]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && !e.closest('[inert]') && e.checkVisibility())"""

TABBABLE = (
    """() => {
  const groups = new Set();
  return """
    + FOCUSABLE
    + """
    .filter(e => {
      if (e.type !== 'radio' || !e.name) return true;
      if (groups.has(e.name)) return false;
      groups.add(e.name);
      return true;
    }).length;
}"""
)


TAB_DOWN = {"type": "rawKeyDown", "key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9}


# The controls that are coloured boxes in normal colours: forced colours remove their
# backgrounds, so each must keep a visible edge.
EDGE = """selector => {
  const e = document.querySelector(selector);
  if (!e || !e.checkVisibility()) return null;
  const s = getComputedStyle(e);
  return parseFloat(s.borderTopWidth) > 0 && s.borderTopStyle !== 'none'
    && s.borderTopColor !== s.backgroundColor;
}"""


# Each element Tab stops at, focused by script (which Chromium draws as keyboard focus until
# a pointer is used, which these tests never do) and then not: how it looks each way, in one
# call instead of a round trip per Tab stop. The Tab walk itself (that Tab reaches each of
# them) is the focus-indicator check's.
FOCUS_STYLES = (
    """() => {
  const look = """
    + LOOK
    + """;
  const groups = new Set();
  const steps = [];
  for (const e of """
    + FOCUSABLE
    + """) {
    if (e.type === 'radio' && e.name) {
      if (groups.has(e.name)) continue;
      groups.add(e.name);
    }
    e.focus({preventScroll: true});
    const focused = look(e);
    e.blur();
    const unfocused = look(e);
    steps.push({html: e.outerHTML.slice(0, 160), focused,
                same: JSON.stringify(focused) === JSON.stringify(unfocused)});
  }
  window.scrollTo(0, 0);
  return steps;
}"""
)


def unseen_focus(steps: list[dict[str, Any]]) -> list[str]:
    """A problem for each focused element that looks as it does unfocused."""
    return [
        f"no visible focus indicator on {step['html']} ({step['focused']})"
        for step in steps
        if step["same"]
    ]


def forced_colours_problems(tab: Page) -> list[str]:
    """In forced colours (Windows' contrast themes): every element Tab stops at still shows a
    focus indicator, and Exit this page and the Menu button (on a phone) or the search button
    keep a visible edge."""
    if not tab.evaluate("() => matchMedia('(forced-colors: active)').matches"):
        return ["the page is not in forced colours"]
    steps = tab.evaluate(FOCUS_STYLES)
    tab.evaluate(FROM_THE_TOP)
    problems = unseen_focus(steps)
    edged = [".app-exit-this-page__button"]
    edged.append(
        ".app-header__menu-button" if tab.viewport_size["width"] < 640 else ".app-search__button"
    )
    for selector in edged:
        if tab.evaluate(EDGE, selector) is not True:
            problems.append(f"{selector} has no visible edge in forced colours")
    return problems


def focus_indicator_problems(tab: Page) -> list[str]:
    """Tab through the whole page from the top: Tab reaches every focusable element, and each
    shows a visible focus indicator, an outline, box shadow, background or border that it does
    not have unfocused."""
    tabbable = tab.evaluate(TABBABLE)
    tab.evaluate(FROM_THE_TOP)
    tab.evaluate(FOCUS_RECORDER)
    # Tab moves focus on key down; sending only that, straight to Chromium, halves the walk
    # (each input event waits for the renderer, about 7 ms).
    session = tab.context.new_cdp_session(tab)
    for _ in range(tabbable + 1):
        session.send("Input.dispatchKeyEvent", TAB_DOWN)
    session.detach()
    steps = tab.evaluate(WALKED)
    tab.evaluate(FROM_THE_TOP)
    problems = unseen_focus(steps)
    if len(steps) < tabbable:
        problems.append(f"Tab reached {len(steps)} of the page's {tabbable} focusable elements")
    return problems


FIRST_OF_EACH_KIND = (
    """(seen) => {
  const FOCUSABLE = """
    + FOCUSABLE
    + """;
  // The first element Tab reaches of each kind not measured yet (tag, classes, component),
  // kept for MEASURE; Tab order is document order, as the site sets no positive tabindex.
  const kind = e => {
    const part = e.closest('[class*="app-"]');
    return [e.tagName, e.className, part && part !== e ? part.className : ''].join('|');
  };
  const found = new Map();
  for (const e of FOCUSABLE) {
    const k = kind(e);
    if (!seen.includes(k) && !found.has(k)) found.set(k, e);
  }
  window.__appMeasure = [...found.values()];
  return [...found.keys()];
}"""
)

# Focus one of them, in the middle of the window, and say where it is. Chromium draws focus by
# script as keyboard focus (:focus-visible) until a pointer is used, which these tests never do.
MEASURE = """(i) => {
  const e = window.__appMeasure[i];
  e.scrollIntoView({block: 'center'});  // wholly on screen, not cut by the window's edge
  e.focus({preventScroll: true});
  const r = e.getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height, html: e.outerHTML.slice(0, 100)};
}"""


@functools.lru_cache(maxsize=65536)
def differs_by_3_to_1(a: tuple[int, int, int], b: tuple[int, int, int]) -> bool:
    return a != b and contrast(a, b) >= 3


def focus_appearance_problems(tab: Page, seen: set[str] | None = None) -> list[str]:
    """WCAG 2.4.13 Focus Appearance (AAA), measured in pixels. For each kind of element Tab
    reaches (its tag, classes and the component it sits in), its first element with 4 px
    around it, drawn focused and then unfocused; the pixels whose colours differ by a contrast
    of at least 3:1 between the two must cover at least the area of a 2 px perimeter of the
    element. `seen`: the kinds already measured (on other pages), to measure each once. (Every
    element's focus is walked with Tab by the focus-indicator check; here only the first of
    each kind is focused, by script, which Chromium draws as keyboard focus: the pixel counts
    were the same, kind by kind, as when each was reached with Tab.)"""
    from io import BytesIO

    from PIL import Image

    seen = set() if seen is None else seen
    tab.evaluate(FROM_THE_TOP)
    kinds = tab.evaluate(FIRST_OF_EACH_KIND, sorted(seen))
    problems = []
    width, height = tab.viewport_size["width"], tab.viewport_size["height"]
    for index, kind in enumerate(kinds):
        seen.add(kind)
        box = tab.evaluate(MEASURE, index)
        x0, y0 = max(box["x"] - 4, 0), max(box["y"] - 4, 0)
        x1, y1 = min(box["x"] + box["w"] + 4, width), min(box["y"] + box["h"] + 4, height)
        if box["w"] < 1 or box["h"] < 1 or x1 - x0 < 1 or y1 - y0 < 1:
            continue
        clip = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
        focused = Image.open(BytesIO(tab.screenshot(clip=clip, animations="disabled")))
        tab.evaluate("() => document.activeElement.blur()")
        unfocused = Image.open(BytesIO(tab.screenshot(clip=clip, animations="disabled")))
        before = unfocused.convert("RGB").get_flattened_data()
        after = focused.convert("RGB").get_flattened_data()
        changed = sum(map(differs_by_3_to_1, after, before))
        needed = 4 * (box["w"] + box["h"]) - 16
        if changed < needed:
            problems.append(
                f"the focus indicator of {box['html']} changes {changed} px by 3:1 or more;"
                f" a 2 px perimeter of it is {needed:.0f} px (WCAG 2.4.13)"
            )
    tab.evaluate(FROM_THE_TOP)
    return problems


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        c = [v / 255 for v in rgb]
        c = [v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- Layout --------------------------------------------------------------------

WIDEST = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > width + 1);
  // The deepest ones: the culprits, not every ancestor that contains them.
  return wide.filter(e => !wide.some(o => o !== e && e.contains(o)))
    .slice(0, 3).map(e => e.outerHTML.slice(0, 100));
}"""


def reflow_problems(tab: Page) -> list[str]:
    """At the tab's width (320 px for WCAG 1.4.10), nothing scrolls sideways."""
    scroll, client = tab.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll <= client:
        return []
    return [
        f"the page is {scroll} px wide in a {client} px viewport; too wide: {tab.evaluate(WIDEST)}"
    ]


TARGETS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button]';
  // Not a pointer target: not rendered, visually hidden (clipped to 1 px), or off the page
  // (the skip link waits above the top of the page until it is focused).
  const target = e => {
    const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return e.checkVisibility({visibilityProperty: true}) && r.width > 1 && r.height > 1
      && s.clipPath === 'none' && s.clip === 'auto'
      && r.bottom + scrollY > 0 && r.right + scrollX > 0;
  };
  // WCAG 2.5.8 "inline" exception: a link in a sentence, whose size is set by the line
  // height of the text around it. Counted as inline: a link whose nearest block-level
  // ancestor holds text besides the link's own.
  const inline = e => {
    if (e.tagName !== 'A') return false;
    let block = e.parentElement;
    while (block && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    return !!block && block.textContent.trim().length > e.textContent.trim().length;
  };
  return [...document.querySelectorAll(selector)].filter(target).map(e => {
    const r = e.getBoundingClientRect();
    return {html: e.outerHTML.slice(0, 100), x: r.left + scrollX, y: r.top + scrollY,
            w: r.width, h: r.height, inline: inline(e)};
  });
}"""


def target_size_problems(tab: Page) -> list[str]:
    """Every pointer target outside running text is at least 44 by 44 CSS px (WCAG 2.5.5,
    AAA); links inside a sentence are exempt, as 2.5.5 exempts them."""
    return [
        f"{t['html']} is {t['w']:.0f}x{t['h']:.0f} px; a target outside running text needs"
        " 44x44 px (WCAG 2.5.5)"
        for t in tab.evaluate(TARGETS)
        if (t["w"] < 43.5 or t["h"] < 43.5) and not t["inline"]
    ]


# --- Phone first ----------------------------------------------------------------

FIRST_SCREEN = """() => {
  window.scrollTo(0, 0);
  const box = selector => {
    const e = document.querySelector(selector);
    if (!e || !e.checkVisibility()) return null;
    const r = e.getBoundingClientRect();
    return {top: r.top, bottom: r.bottom, html: e.outerHTML.slice(0, 80)};
  };
  return {height: innerHeight, h1: box('main h1'), tel: box('.app-safety-bar a[href^="tel:"]'),
          exit: box('.app-exit-this-page__button')};
}"""
H1_TOP_MAX = 224  # px from the top of a 320 x 640 or 375 x 667 screen: its first third


def first_screen_problems(tab: Page) -> list[str]:
    """On a phone, before any scrolling: the page's <h1> starts within the first 224 px, and
    the helpline's tel: link and Exit this page are wholly on the first screen."""
    seen = tab.evaluate(FIRST_SCREEN)
    problems = []
    if seen["h1"] is None:
        problems.append("the page has no visible <h1> in <main>")
    elif seen["h1"]["top"] > H1_TOP_MAX:
        problems.append(
            f"the <h1> starts {seen['h1']['top']:.0f} px down; at most {H1_TOP_MAX} px on a phone"
        )
    for name, what in (("tel", "the helpline's tel: link"), ("exit", "Exit this page")):
        box = seen[name]
        if box is None or box["top"] < 0 or box["bottom"] > seen["height"]:
            problems.append(f"{what} is not on the first screen ({box})")
    return problems


# While scrolling: anything fixed or sticky that is on screen spans the whole width (an edge
# of the screen, like the browser's own bars, not a box floating over the text), and every
# piece of text on screen outside such a bar is what the browser finds at that point.
COVERED = """() => {
  const problems = [], W = document.documentElement.clientWidth, H = innerHeight;
  const last = document.documentElement.scrollHeight - H;
  const pinned = [...document.querySelectorAll('body *')].filter(e =>
    ['fixed', 'sticky'].includes(getComputedStyle(e).position) && e.checkVisibility());
  const texts = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const t = walk.currentNode;
    // Text that is not rendered (a closed <details>' content) cannot be covered.
    if (t.textContent.trim() && !pinned.some(p => p.contains(t))
        && t.parentElement.checkVisibility()) texts.push(t);
  }
  const exit = document.querySelector('.app-exit-this-page__button');
  // The part of an element that can show: its box cut by every ancestor that clips (null when
  // a clip-path or clip hides it, as .app-visually-hidden does).
  const shown = e => {
    let box = e.getBoundingClientRect();
    box = {left: box.left, right: box.right, top: box.top, bottom: box.bottom};
    for (let a = e; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== 'none' || s.clip !== 'auto') return null;
      if (a !== e && s.overflow !== 'visible') {
        const c = a.getBoundingClientRect();
        box = {left: Math.max(box.left, c.left), right: Math.min(box.right, c.right),
               top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)};
      }
    }
    return box.right > box.left && box.bottom > box.top ? box : null;
  };
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    window.scrollTo(0, Math.round(last * share));
    const where = `scrolled ${Math.round(share * 100)}% down`;
    const bars = [];
    for (const e of pinned) {
      const r = e.getBoundingClientRect();
      if (r.bottom <= 0 || r.top >= H || r.width < 1 || r.height < 1) continue;
      if (r.left > 0.5 || r.right < W - 0.5) {
        problems.push(`${where}, ${e.outerHTML.slice(0, 80)} floats over the page`
                      + ` (${Math.round(r.left)} to ${Math.round(r.right)} px of ${W})`);
      } else bars.push(r);
    }
    let covered = 0, example = '';
    for (const t of texts) {
      const range = document.createRange();
      range.selectNodeContents(t);
      for (const r of range.getClientRects()) {
        const y = r.top + r.height / 2;  // five points along each line of the text
        if (r.width < 2 || r.height < 2 || y < 0 || y >= H) continue;
        if (bars.some(b => y >= b.top && y < b.bottom)) continue;
        const own = t.parentElement, box = shown(own);
        if (!box) continue;
        for (const share of [0.05, 0.275, 0.5, 0.725, 0.95]) {
          const x = r.left + r.width * share;
          // Off screen, or clipped away by its element or an ancestor (visually hidden).
          if (x < 0 || x >= W || x < box.left || x > box.right || y < box.top || y > box.bottom) continue;
          const hit = document.elementFromPoint(x, y);
          if (hit && hit !== own && !own.contains(hit) && !hit.contains(own)) {
            covered += 1;
            example ||= `"${t.textContent.trim().slice(0, 40)}" under ${hit.outerHTML.slice(0, 80)}`;
            break;
          }
        }
      }
    }
    if (covered) problems.push(`${where}, ${covered} line(s) of text are covered: ${example}`);
    if (exit) {
      const r = exit.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (r.top < 0 || r.bottom > H || !hit || !exit.contains(hit)) {
        problems.push(`${where}, Exit this page is not on screen to tap`);
      }
    }
  }
  window.scrollTo(0, 0);
  return problems;
}"""


def covered_text_problems(tab: Page) -> list[str]:
    """Scrolled to the top, a quarter, half, three quarters and the bottom: nothing fixed or
    sticky floats over the text (a bar across the whole width is an edge of the screen, and
    the text beneath it is off screen), no text on screen is covered, and Exit this page is
    on screen to tap at every one of those positions."""
    return tab.evaluate(COVERED)


TABLES = """() => {
  const main = document.querySelector('main');
  if (!main) return [];
  const column = Math.max(0, ...[...main.querySelectorAll('p')].map(p => p.getBoundingClientRect().width));
  return [...main.querySelectorAll('table')].map(t => {
    const head = t.querySelector('thead');
    const hidden = head && (head.getBoundingClientRect().height <= 1 || getComputedStyle(head).clipPath !== 'none');
    const unlabelled = hidden ? [...t.querySelectorAll('tbody td')].filter(td => {
      const c = getComputedStyle(td, '::before').content;
      return c === 'none' || c === 'normal' || c === '""';
    }).length : 0;
    return {html: t.outerHTML.slice(0, 80), width: t.getBoundingClientRect().width, column, unlabelled};
  });
}"""


def table_problems(tab: Page) -> list[str]:
    """Every table in the page keeps to the text column (no wider than its widest paragraph),
    and where its header row is hidden (rows stacked at phone widths) every cell says which
    column it is from."""
    problems = []
    for table in tab.evaluate(TABLES):
        if table["column"] and table["width"] > table["column"] + 1:
            problems.append(
                f"a table is {table['width']:.0f} px wide, wider than the text column "
                f"({table['column']:.0f} px): {table['html']}"
            )
        if table["unlabelled"]:
            problems.append(
                f"{table['unlabelled']} cells of a table with its header hidden do not say "
                f"which column they are from: {table['html']}"
            )
    return problems


# --- Privacy -------------------------------------------------------------------

STORED = """async () => ({
  localStorage: localStorage.length,
  sessionStorage: sessionStorage.length,
  'service workers': navigator.serviceWorker
    ? (await navigator.serviceWorker.getRegistrations()).length : 0,
  'IndexedDB databases': indexedDB.databases ? (await indexedDB.databases()).length : 0,
  'Cache Storage caches': window.caches ? (await caches.keys()).length : 0,
})"""


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def stylesheet_problems(tab: Page) -> list[str]:
    """The site's stylesheet applied: it sets the system font stack on the body, which a
    browser's own default (a serif) is not. A stylesheet that did not load (a wrong address
    under a sub-path, a refused MIME type) shows here."""
    font = tab.evaluate("() => getComputedStyle(document.body).fontFamily")
    return [] if "system-ui" in font else [f"the stylesheet did not apply (font: {font})"]


def privacy_problems(tab: Page, requests: list[str], site_url: str) -> list[str]:
    """Nothing requested from another origin than the site's; no cookies, storage or
    service workers once the page has loaded."""
    own = origin(site_url)
    problems = [
        f"requested {url} from another origin"
        for url in requests
        if origin(url) != own and urlsplit(url).scheme not in ("data", "blob")
    ]
    cookies = tab.context.cookies()
    if cookies:
        problems.append(f"set cookies: {[c['name'] for c in cookies]}")
    for name, count in tab.evaluate(STORED).items():
        if count:
            problems.append(f"{name}: {count} item(s)")
    return problems


# --- Layout shift ----------------------------------------------------------------

# Collects the page's layout shifts in window.__appShifts: added to a context with
# add_init_script, so it is registered before any script of the page runs, and buffered, so
# it also gets the shifts from before it was (none: it runs as the document is created).
# Shifts within 0.5 s of the reader's own input are theirs, not the page's (hadRecentInput).
LAYOUT_SHIFT_OBSERVER = """window.__appShifts = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    if (e.hadRecentInput) continue;
    window.__appShifts.push({value: e.value, moved: (e.sources || []).map(s => s.node
      ? (s.node.outerHTML || s.node.textContent || s.node.nodeName).slice(0, 80) : '(gone)')});
  }
}).observe({type: 'layout-shift', buffered: true});"""
LAYOUT_SHIFT_MAX = 0.01  # Core Web Vitals call up to 0.1 good; the site's pages have none
# The shifts so far, once the page has rendered two more frames (the entries of a frame are
# reported after it is painted).
SHIFTS = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(
  () => resolve(window.__appShifts || null))))"""


def layout_shift_problems(tab: Page) -> list[str]:
    """The page did not move under the reader as it loaded: its layout shifts (with its
    scripts and pictures held back until after the first paint, as on a slow phone:
    browsing.HeldUntilPainted) sum to at most LAYOUT_SHIFT_MAX."""
    shifts = tab.evaluate(SHIFTS)
    if shifts is None:
        return ["the layout-shift observer was not in the page (checks.LAYOUT_SHIFT_OBSERVER)"]
    total = sum(shift["value"] for shift in shifts)
    if total <= LAYOUT_SHIFT_MAX:
        return []
    moved = list(dict.fromkeys(m for shift in shifts for m in shift["moved"]))
    return [
        f"the page moved as it loaded: a layout shift of {total:.3f} (at most"
        f" {LAYOUT_SHIFT_MAX}) in {len(shifts)} shift(s); what moved: {moved[:3]}"
    ]
