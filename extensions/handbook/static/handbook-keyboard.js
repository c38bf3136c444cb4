/*
 * furo opens its navigation drawer (phones) with a <label> for a hidden checkbox: a
 * finger can open it, a keyboard cannot reach it, and a label may not be given a
 * button's role. Here the label becomes a real <button> in the same place, with the
 * same icon: Tab reaches it, Enter or Space opens the drawer (focus moves into it),
 * aria-expanded tells whether it is open, Escape closes it. Without JavaScript the
 * page is furo's own.
 */
"use strict";
(() => {
  const box = document.getElementById("__navigation");
  const label = document.querySelector("label.nav-overlay-icon[for='__navigation']");
  if (!box || !label) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = `${label.className} handbook-drawer-button`;
  button.setAttribute("aria-label", box.getAttribute("aria-label") || "Toggle site navigation sidebar");
  const drawer = document.querySelector(".sidebar-drawer");
  if (drawer) {
    drawer.id = drawer.id || "handbook-sidebar-drawer";
    button.setAttribute("aria-controls", drawer.id);
  }
  button.append(...label.childNodes);
  label.replaceWith(button);
  const sync = () => button.setAttribute("aria-expanded", String(box.checked));
  sync();
  box.addEventListener("change", sync);
  button.addEventListener("click", () => {
    box.checked = !box.checked;
    sync();
    if (box.checked) {
      const first = document.querySelector(".sidebar-drawer a, .sidebar-drawer input");
      if (first) window.setTimeout(() => first.focus(), 0);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && box.checked) {
      box.checked = false;
      sync();
      button.focus();
    }
  });
})();
