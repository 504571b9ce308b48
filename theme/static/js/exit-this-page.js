// Exit this page: the behaviour of GOV.UK's component, for our markup, and a little more.
// Without JavaScript the button and the skip-style link are plain links to a neutral page.
// With it: clicking either, or pressing Shift three times within 5 seconds (left and right
// Shift alike), blanks the page at once and leaves. A visually hidden live status says how
// many presses are left. Beyond GOV.UK's component:
// - the neutral page replaces this one in the browser's history, so Back does not return to
//   it (earlier pages stay: no page can remove those, and the staying-safe page says so);
// - a finger or pen on the button blanks the page as it touches, before the tap is
//   complete; if the touch becomes a scroll instead, the page comes back.
// When the browser brings the page back from its back/forward cache, it is reset.

const PRESSES_NEEDED = 3;
const WINDOW_MS = 5000;

const root = document.querySelector('[data-module="app-exit-this-page"]');
const button = root?.querySelector(".app-exit-this-page__button");
const status = root?.querySelector(".app-exit-this-page__status");
const indicator = root?.querySelector(".app-exit-this-page__indicator");
const skipLink = document.querySelector('[data-module="app-exit-this-page-link"]');

let presses = 0;
let timer = null;
let overlay = null;

function say(text) {
  if (status) status.textContent = text;
}

function showPresses() {
  indicator?.querySelectorAll("span").forEach((dot, index) => {
    dot.classList.toggle("app-exit-this-page__dot--on", index < presses);
  });
  indicator?.classList.toggle("app-exit-this-page__indicator--visible", presses > 0);
}

function reset() {
  presses = 0;
  clearTimeout(timer);
  timer = null;
  showPresses();
}

function blank() {
  if (!overlay) {
    overlay = document.createElement("div");
    overlay.className = "app-exit-this-page-overlay";
    document.body.append(overlay);
  }
  document.documentElement.classList.add("app-exit-this-page--exiting");
}

function unblank() {
  overlay?.remove();
  overlay = null;
  document.documentElement.classList.remove("app-exit-this-page--exiting");
}

function exit(event) {
  event?.preventDefault();
  blank();
  say("Loading.");
  window.location.replace(button.href);
}

// A touch or pen blanks the page at once; a mouse waits for its click, as a link does.
function onPointerdown(event) {
  if (event.pointerType !== "mouse") blank();
}

function onPointercancel() {
  unblank();
}

function onKeydown(event) {
  if (event.key !== "Shift") {
    // Shift+letter (typing a capital) or any other key breaks the sequence.
    if (presses) reset();
    return;
  }
  if (event.repeat) return;
  presses += 1;
  showPresses();
  if (presses >= PRESSES_NEEDED) {
    reset();
    exit();
    return;
  }
  const left = PRESSES_NEEDED - presses;
  say(`Shift, press ${left} more ${left === 1 ? "time" : "times"} to exit.`);
  if (!timer) {
    timer = setTimeout(() => {
      reset();
      say("Exit this page expired.");
    }, WINDOW_MS);
  }
}

function onPageshow(event) {
  if (!event.persisted) return;
  unblank();
  reset();
  say("");
}

if (button) {
  button.addEventListener("click", exit);
  button.addEventListener("pointerdown", onPointerdown);
  button.addEventListener("pointercancel", onPointercancel);
  skipLink?.addEventListener("click", exit);
  document.addEventListener("keydown", onKeydown, true);
  window.addEventListener("pageshow", onPageshow);
}
