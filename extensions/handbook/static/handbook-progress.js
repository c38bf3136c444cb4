/*
 * A trainee's progress: "Mark as read" on each post; the sidebar shows how many posts
 * of each chapter were read, a chapter page which of its posts and how many of them.
 * Kept in this browser only (localStorage: no server, no tracking), so it works offline
 * and from file://; "Reset" forgets it (a shared training-room laptop). Pages are
 * named by their address below the handbook's root, the same hosted and on disk.
 * Without JavaScript, or without storage, the pages are as they were.
 * Marking a post read also keeps the fingerprint of its text, and the self-checks'
 * results are kept next to it (handbook-training.js reads both; "Reset" forgets them).
 */
"use strict";
(() => {
  const KEY = "handbook-progress";
  const VERSIONS = "handbook-progress-versions"; // post -> fingerprint of its text when marked read
  const KEPT_WITH = [VERSIONS, "handbook-progress-quizzes"]; // forgotten with the progress
  let storage;
  try {
    storage = window.localStorage;
    storage.getItem(KEY);
  } catch (error) {
    return; // storage switched off: no progress, nothing else changes
  }
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href).href;
  const pathOf = (href) => {
    const url = new URL(href, window.location.href);
    url.hash = "";
    url.search = "";
    return url.href.startsWith(root) ? decodeURIComponent(url.href.slice(root.length)) : null;
  };
  const load = () => {
    try {
      const read = JSON.parse(storage.getItem(KEY));
      return read && typeof read === "object" && !Array.isArray(read) ? read : {};
    } catch (error) {
      return {};
    }
  };
  const save = (read) => {
    try {
      if (Object.keys(read).length) storage.setItem(KEY, JSON.stringify(read));
      else storage.removeItem(KEY);
    } catch (error) { /* full or refused: the page still works */ }
    window.dispatchEvent(new Event("handbook-progress")); // handbook-training.js shows it
  };
  const keepVersion = (path, version) => {
    try {
      const versions = JSON.parse(storage.getItem(VERSIONS)) || {};
      if (version === undefined) delete versions[path];
      else versions[path] = version;
      if (Object.keys(versions).length) storage.setItem(VERSIONS, JSON.stringify(versions));
      else storage.removeItem(VERSIONS);
    } catch (error) { /* unreadable or refused: no "updated since" for this post */ }
  };
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const here = pathOf(window.location.href);
  const isPost = document.querySelector("article .handbook-post-header") !== null;
  const chapterLink = document.querySelector(".sidebar-tree li.toctree-l1.current > a");
  const chapter = chapterLink ? pathOf(chapterLink.href) : "";

  // A post: the button, after its header.
  let button = null;
  if (isPost && here) {
    button = el("button", "handbook-mark-read");
    button.type = "button";
    button.addEventListener("click", () => {
      const read = load();
      const header = document.querySelector("article .handbook-post-header");
      if (read[here] !== undefined) delete read[here];
      else read[here] = chapter || "";
      keepVersion(here, read[here] !== undefined ? header.dataset.handbookVersion : undefined);
      save(read);
      show();
    });
    document.querySelector("article .handbook-post-header").after(button);
  }

  const sidebar = document.querySelector(".sidebar-tree");
  let tools = null;
  if (sidebar) {
    tools = el("div", "handbook-progress-tools");
    tools.hidden = true;
    const summary = el("p", "handbook-progress-summary");
    const reset = el("button", "handbook-progress-reset", "Reset reading progress");
    reset.type = "button";
    reset.addEventListener("click", () => {
      if (window.confirm("Forget which posts were read in this browser?")) {
        for (const key of KEPT_WITH) {
          try { storage.removeItem(key); } catch (error) { /* refused: nothing kept anyway */ }
        }
        save({});
        show();
      }
    });
    tools.append(summary, reset);
    sidebar.after(tools);
  }

  const show = () => {
    const read = load();
    const paths = Object.keys(read);
    if (button) {
      const done = read[here] !== undefined;
      button.setAttribute("aria-pressed", String(done));
      button.textContent = done ? "✓ Read (click to undo)" : "Mark as read";
    }
    // The sidebar: read posts ticked, each chapter's number of read posts.
    if (sidebar) {
      const perChapter = {};
      for (const path of paths) perChapter[read[path]] = (perChapter[read[path]] || 0) + 1;
      for (const link of sidebar.querySelectorAll("li > a.reference.internal")) {
        const path = pathOf(link.href);
        const item = link.parentElement;
        let badge = link.querySelector(":scope > .handbook-progress-badge");
        const count = item.classList.contains("toctree-l1") ? perChapter[path] || 0 : 0;
        const text = count ? `${count} read` : read[path] !== undefined ? "read" : "";
        if (!text) {
          if (badge) badge.remove();
          continue;
        }
        if (!badge) {
          badge = el("span", "handbook-progress-badge");
          link.append(badge); // inside the link: read out with its title
        }
        badge.textContent = " ✓ " + text;
      }
      tools.hidden = paths.length === 0;
      tools.querySelector("p").textContent = paths.length === 1 ? "1 post read in this browser." : `${paths.length} posts read in this browser.`;
    }
    // A chapter page: its cards ticked, and how many of them were read.
    const listing = document.querySelector("article .handbook-chapter-posts");
    if (listing) {
      const cards = [...listing.querySelectorAll(".handbook-card")];
      let done = 0;
      for (const card of cards) {
        const link = card.querySelector(".handbook-card-title a");
        const isRead = link !== null && read[pathOf(link.href)] !== undefined;
        card.classList.toggle("handbook-card-read", isRead);
        done += isRead ? 1 : 0;
      }
      let line = document.querySelector("article .handbook-chapter-progress");
      if (!line) {
        line = el("p", "handbook-chapter-progress");
        listing.before(line);
      }
      line.textContent = `${done} of ${cards.length} posts in this chapter read.`;
    }
  };

  show();
  window.addEventListener("storage", (event) => { if (event.key === KEY || event.key === null) show(); });
})();
