/*
 * The handbook's search page: loads only the pieces of the index a query needs
 * (search_shards.py writes them as script files under _search/, so this also works
 * from file://). Query words are split, stop-worded and stemmed as Sphinx's own
 * search does (language_data.js); results are ranked with Sphinx's scores.
 * Every text shown is set with textContent: titles and excerpts are never markup.
 */
"use strict";
(() => {
  const PAGE = 10; // results shown at once
  const SCORE = { term: 5, title: 15, partialTerm: 2, partialTitle: 7 }; // Sphinx's Scorer
  const root = document.documentElement.dataset.content_root || "./";
  const loaded = new Map(); // script path -> Promise
  const data = { meta: null, words: new Map(), docs: new Map() };

  window.HandbookSearch = {
    meta: (meta) => { data.meta = meta; },
    words: (key, body, titles) => { data.words.set(key, { body, titles }); },
    docs: (n, rows) => { data.docs.set(n, rows); },
  };

  const load = (path) => {
    if (!loaded.has(path)) {
      loaded.set(path, new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = root + "_search/" + path;
        script.onload = resolve;
        script.onerror = () => reject(new Error("could not load " + path));
        document.head.appendChild(script);
      }));
    }
    return loaded.get(path);
  };

  const hex = (text) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");
  const split = (query) => query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((w) => w);

  const queryWords = (query) => {
    const stemmer = new Stemmer();
    const words = new Set();
    for (const term of split(query.trim())) {
      const lower = term.toLowerCase();
      if (stopwords.has(lower) || /^\d+$/.test(lower)) continue;
      words.add(stemmer.stemWord(lower));
    }
    return [...words];
  };

  // The piece a word is in: its first three letters where the two-letter piece was cut.
  const keyOf = (word) => {
    const letters = Array.from(word);
    for (const n of [3, 2, 1]) {
      const key = letters.slice(0, n).join("");
      if (letters.length >= n && data.meta.keys.includes(key)) return key;
    }
    return null;
  };

  const asList = (docs) => (docs === undefined ? [] : Array.isArray(docs) ? docs : [docs]);

  const rank = (words) => {
    let matching = null;
    const scores = new Map();
    for (const word of words) {
      const key = keyOf(word);
      const piece = key === null ? null : data.words.get(key);
      const found = new Map();
      const note = (docs, score) => {
        for (const doc of asList(docs)) found.set(doc, Math.max(found.get(doc) || 0, score));
      };
      if (piece) {
        note(piece.body[word], SCORE.term);
        note(piece.titles[word], SCORE.title);
        if (Array.from(word).length > 2) { // words that begin with it: "nurtur" finds "nurturing"
          for (const [term, docs] of Object.entries(piece.body)) if (term !== word && term.startsWith(word)) note(docs, SCORE.partialTerm);
          for (const [term, docs] of Object.entries(piece.titles)) if (term !== word && term.startsWith(word)) note(docs, SCORE.partialTitle);
        }
      }
      // Every word must match (as in Sphinx's search); a document scores its best word.
      matching = matching === null ? new Set(found.keys()) : new Set([...matching].filter((d) => found.has(d)));
      for (const [doc, score] of found) scores.set(doc, Math.max(scores.get(doc) || 0, score));
    }
    return [...(matching || [])].sort((a, b) => scores.get(b) - scores.get(a) || a - b);
  };

  const row = async (doc) => {
    const n = Math.floor(doc / data.meta.per);
    await load(`d/${n}.js`);
    return data.docs.get(n)[doc - n * data.meta.per];
  };

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  const show = async (results, list, from) => {
    const rows = await Promise.all(results.slice(from, from + PAGE).map(row));
    for (const [url, title, date, chapter, excerpt] of rows) {
      const item = el("li");
      const link = el("a", null, title);
      link.href = root + url;
      item.appendChild(link);
      const about = [date, chapter].filter((t) => t).join(" · ");
      if (about) item.appendChild(el("span", "handbook-search-about", about));
      if (excerpt) item.appendChild(el("p", "context", excerpt));
      list.appendChild(item);
    }
  };

  const run = async () => {
    const out = document.getElementById("search-results");
    const query = new URLSearchParams(window.location.search).get("q") || "";
    document.querySelectorAll('input[name="q"]').forEach((input) => { input.value = query; });
    if (!out || !query.trim()) return;
    const status = el("p", "search-summary", "Searching…");
    out.replaceChildren(el("h2", null, "Search results"), status);
    try {
      await load("meta.js");
      const words = queryWords(query);
      const keys = [...new Set(words.map(keyOf).filter((k) => k !== null))];
      await Promise.all(keys.map((key) => load(`t/${hex(key)}.js`)));
      const results = words.length ? rank(words) : [];
      if (!results.length) {
        status.textContent = `No pages match “${query}”. Check the spelling, or try fewer or other words.`;
        return;
      }
      // The first page of results is in the list before the summary says the search is done:
      // a reader (or a test) that waits for the summary finds the results there.
      const list = el("ul", "search");
      let shown = 0;
      await show(results, list, shown);
      shown += PAGE;
      out.appendChild(list);
      status.textContent = results.length === 1 ? "1 page matches your search." : `${results.length} pages match your search.`;
      if (shown < results.length) {
        const more = el("button", "handbook-search-more", "Show more results");
        more.type = "button";
        more.addEventListener("click", async () => {
          more.disabled = true;
          await show(results, list, shown);
          shown += PAGE;
          more.disabled = false;
          if (shown >= results.length) more.remove();
        });
        out.appendChild(more);
      }
    } catch (error) {
      status.textContent = "The search index could not be loaded: " + error.message;
    }
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
  else run();
})();
