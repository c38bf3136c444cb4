/*
 * Training tools, in the browser only (no server, no account, nothing sent anywhere;
 * works offline and from file://), kept with the reading progress of
 * handbook-progress.js in this browser's localStorage ("Reset reading progress" forgets
 * them too):
 *  - self-checks: each quiz form is scored here ("Check"), its result announced (the
 *    form's live region) and kept; a post shows its score, a course page each session's;
 *  - courses: each session's posts read, and the course's in all;
 *  - "updated since you read it": a post marked read keeps the fingerprint of its text
 *    (data-handbook-version); when the page or a listing shows another one, it says so.
 * Without JavaScript the quizzes show their answers in a collapsed block instead.
 */
"use strict";
(() => {
  const READ = "handbook-progress";
  const VERSIONS = "handbook-progress-versions";
  const QUIZZES = "handbook-progress-quizzes";
  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(READ);
  } catch (error) {
    storage = null; // no storage: quizzes are still scored, nothing is kept
  }
  const root = new URL(document.documentElement.dataset.content_root || "./", window.location.href).href;
  const pathOf = (href) => {
    const url = new URL(href, window.location.href);
    url.hash = "";
    url.search = "";
    return url.href.startsWith(root) ? decodeURIComponent(url.href.slice(root.length)) : null;
  };
  const load = (key) => {
    if (!storage) return {};
    try {
      const value = JSON.parse(storage.getItem(key));
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (error) {
      return {};
    }
  };
  const save = (key, value) => {
    if (!storage) return;
    try {
      if (Object.keys(value).length) storage.setItem(key, JSON.stringify(value));
      else storage.removeItem(key);
    } catch (error) { /* full or refused: the page still works */ }
  };
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const here = pathOf(window.location.href);
  const plural = (count, one, many) => (count === 1 ? one : many);

  // The link to the offline download is no use in the copy that was downloaded.
  if (window.location.protocol === "file:") {
    for (const node of document.querySelectorAll(".handbook-offline")) node.hidden = true;
  }

  // ---- self-checks ------------------------------------------------------------------------
  const forms = [...document.querySelectorAll("form.handbook-quiz")];
  const same = (a, b) => a.length === b.length && a.every((value, i) => value === b[i]);
  const rightOf = (form) => (form.dataset.handbookRight || "").split(",").filter((v) => v !== "").map(Number);
  const chosenIn = (form) => [...form.querySelectorAll("input:checked")].map((input) => Number(input.value));
  const storedResult = (key, version) => {
    const stored = load(QUIZZES)[key];
    return stored && stored.version === version ? stored : null; // a changed quiz voids its old result
  };
  const message = (form, right) => {
    if (!right) return "Not quite. Try again, or open “Show the answer”.";
    const why = form.querySelector(".handbook-quiz-explanation");
    return why ? `Right. ${why.textContent.trim()}` : "Right.";
  };
  const announce = (status, text) => {
    // Emptied first, so that the same words said twice are announced twice.
    status.textContent = "";
    window.setTimeout(() => { status.textContent = text; }, 60);
  };
  for (const form of forms) {
    const key = `${here}#${form.id}`;
    const version = form.dataset.handbookVersion || "";
    const status = form.querySelector(".handbook-quiz-result");
    const check = form.querySelector(".handbook-quiz-check");
    if (check) check.hidden = false;
    const stored = storedResult(key, version);
    if (stored && Array.isArray(stored.chosen)) {
      for (const input of form.querySelectorAll("input")) input.checked = stored.chosen.includes(Number(input.value));
      status.textContent = message(form, stored.right);
      form.classList.add(stored.right ? "handbook-quiz-right" : "handbook-quiz-wrong");
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosen = chosenIn(form).sort((a, b) => a - b);
      if (!chosen.length) {
        announce(status, form.querySelector("input[type=checkbox]") ? "Choose one or more answers first." : "Choose an answer first.");
        return;
      }
      const right = same(chosen, rightOf(form).sort((a, b) => a - b));
      form.classList.toggle("handbook-quiz-right", right);
      form.classList.toggle("handbook-quiz-wrong", !right);
      announce(status, message(form, right));
      const results = load(QUIZZES);
      results[key] = {version, chosen, right};
      save(QUIZZES, results);
      changed();
    });
  }

  // ---- what was read, and whether it changed since ---------------------------------------------
  const badge = (host, className, text) => {
    let node = host.querySelector(`:scope > .${className}`);
    if (!text) {
      if (node) node.remove();
      return;
    }
    if (!node) {
      node = el("span", className);
      host.append(node);
    }
    node.textContent = text;
  };
  const quizScore = (links) => {
    const results = load(QUIZZES);
    let right = 0;
    for (const link of links) {
      const url = new URL(link.href, window.location.href);
      const stored = results[`${pathOf(link.href)}${url.hash}`];
      if (stored && stored.right) right += 1;
    }
    return right;
  };

  const show = () => {
    const read = load(READ);
    const versions = load(VERSIONS);
    const isRead = (path) => path !== null && read[path] !== undefined;
    const updated = (path, version) => isRead(path) && versions[path] !== undefined && versions[path] !== version;

    // This post: changed since it was marked read?
    const header = document.querySelector("article .handbook-post-header[data-handbook-version]");
    if (header && here) {
      const version = header.dataset.handbookVersion;
      let notice = document.querySelector("article .handbook-updated-notice");
      if (updated(here, version)) {
        if (!notice) {
          notice = el("div", "handbook-updated-notice");
          notice.setAttribute("role", "note");
          const words = el("p", "", "Updated since you read it: the text of this post changed after you marked it read.");
          const again = el("button", "handbook-read-again", "I have read the new version");
          again.type = "button";
          again.addEventListener("click", () => {
            const current = load(VERSIONS);
            current[here] = version;
            save(VERSIONS, current);
            changed();
          });
          notice.append(words, again);
          (document.querySelector("article .handbook-mark-read") || header).after(notice);
        }
      } else if (notice) {
        notice.remove();
      }
      // The post's self-checks: how many are right.
      if (forms.length) {
        let line = document.querySelector("article .handbook-quiz-score");
        if (!line) {
          line = el("p", "handbook-quiz-score");
          (document.querySelector("article .handbook-mark-read") || header).after(line);
        }
        const right = forms.filter((form) => {
          const stored = storedResult(`${here}#${form.id}`, form.dataset.handbookVersion || "");
          return stored && stored.right;
        }).length;
        line.textContent = `Self-checks on this page: ${right} of ${forms.length} right.`;
      }
    }

    // Listings (chapter pages, tag pages, courses): posts changed since they were read.
    for (const item of document.querySelectorAll("article [data-handbook-version]")) {
      if (item === header) continue;
      const link = item.querySelector("a.reference.internal");
      if (!link) continue;
      const path = pathOf(link.href);
      const host = item.classList.contains("handbook-card") ? item.querySelector(".handbook-card-title") || item : item;
      badge(host, "handbook-updated", updated(path, item.dataset.handbookVersion) ? " Updated since you read it" : "");
    }

    // A course: each session's posts read and self-checks right, and the course's in all.
    const sessions = [...document.querySelectorAll("article .handbook-session")];
    if (sessions.length) {
      let posts = 0;
      let done = 0;
      let checks = 0;
      let right = 0;
      for (const session of sessions) {
        const links = [...session.querySelectorAll(".handbook-course-post a.reference.internal")];
        const quizLinks = [...session.querySelectorAll(".handbook-session-quizzes a.reference.internal")];
        const read = links.filter((link) => isRead(pathOf(link.href))).length;
        const good = quizScore(quizLinks);
        for (const link of links) badge(link.parentElement, "handbook-progress-badge", isRead(pathOf(link.href)) ? " ✓ read" : "");
        for (const link of quizLinks) {
          const one = quizScore([link]);
          badge(link.parentElement, "handbook-progress-badge", one ? " ✓ right" : "");
        }
        let line = session.querySelector(":scope > .handbook-session-progress");
        if (!line) {
          line = el("p", "handbook-session-progress");
          session.prepend(line);
        }
        line.textContent = `${read} of ${links.length} ${plural(links.length, "post", "posts")} read` +
          (quizLinks.length ? ` · self-checks: ${good} of ${quizLinks.length} right` : "") + ".";
        posts += links.length;
        done += read;
        checks += quizLinks.length;
        right += good;
      }
      const about = document.querySelector("article .handbook-course-about");
      if (about) {
        let line = document.querySelector("article .handbook-course-progress");
        if (!line) {
          line = el("p", "handbook-course-progress");
          about.after(line);
        }
        line.textContent = `Your progress in this browser: ${done} of ${posts} ${plural(posts, "post", "posts")} read` +
          (checks ? `; self-checks: ${right} of ${checks} right` : "") + ".";
      }
    }
  };

  const changed = () => window.dispatchEvent(new Event("handbook-progress"));
  show();
  window.addEventListener("handbook-progress", show); // "Mark as read", a quiz checked, a reset
  window.addEventListener("storage", (event) => {
    if (event.key === null || [READ, VERSIONS, QUIZZES].includes(event.key)) show();
  });
})();
