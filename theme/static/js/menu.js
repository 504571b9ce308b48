// The Menu button of the header on small screens: it shows and hides the search and the
// navigation. Without JavaScript the button stays hidden and both always show; on wider
// screens they show and the button is hidden.
const button = document.querySelector('[data-module="app-menu-button"]');
const menu = button && document.getElementById(button.getAttribute("aria-controls"));
const narrow = window.matchMedia("(max-width: 39.9375em)");

function update() {
  const open = button.getAttribute("aria-expanded") === "true";
  button.hidden = !narrow.matches;
  menu.hidden = narrow.matches && !open;
}

if (button && menu) {
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    update();
  });
  narrow.addEventListener("change", update);
  update();
}
