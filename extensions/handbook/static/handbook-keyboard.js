/*
 * furo opens its navigation drawer (phones) and its contents drawer with <label>s for
 * hidden checkboxes: a mouse or finger can open them, a keyboard cannot reach them.
 * Here those labels become buttons a keyboard reaches (Tab, then Enter or Space),
 * telling whether their drawer is open; Escape closes an open drawer.
 */
"use strict";
(() => {
  const labels = document.querySelectorAll("label.nav-overlay-icon, label.toc-overlay-icon");
  for (const label of labels) {
    const box = document.getElementById(label.htmlFor);
    if (!box) continue;
    label.setAttribute("role", "button");
    label.tabIndex = 0;
    if (!label.hasAttribute("aria-label") && box.getAttribute("aria-label")) {
      label.setAttribute("aria-label", box.getAttribute("aria-label"));
    }
    const sync = () => label.setAttribute("aria-expanded", String(box.checked));
    sync();
    box.addEventListener("change", sync);
    label.addEventListener("click", () => window.setTimeout(sync));
    label.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      box.checked = !box.checked;
      sync();
      if (box.checked) {
        const first = document.querySelector(label.classList.contains("nav-overlay-icon")
          ? ".sidebar-drawer a, .sidebar-drawer input" : ".toc-drawer a");
        if (first) first.focus();
      }
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const label of labels) {
      const box = document.getElementById(label.htmlFor);
      if (box && box.checked) {
        box.checked = false;
        label.setAttribute("aria-expanded", "false");
        label.focus();
      }
    }
  });
})();
