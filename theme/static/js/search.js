// Site search with Pagefind. Without JavaScript, search forms lead to the site map.
// With it, they lead to the search page, which runs the query from ?q= in the browser.
// Nothing is stored: no cookies, no localStorage, no history entries beyond the page itself.

const forms = document.querySelectorAll('[data-module="app-search"]');
const results = document.querySelector("[data-search-results]");
const status = document.querySelector("[data-search-status]");

for (const form of forms) {
  form.action = form.dataset.searchUrl;
}

function say(text) {
  if (status) status.textContent = text;
}

function resultItem(data) {
  const item = document.createElement("li");
  item.className = "app-search__result";
  const heading = document.createElement("h2");
  heading.className = "app-search__result-heading";
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta?.title || data.url;
  heading.append(link);
  const excerpt = document.createElement("p");
  excerpt.className = "app-search__excerpt";
  // Pagefind's excerpt is our own page text with <mark> around the matches; keep only those.
  const parts = data.excerpt.split(/<\/?mark>/);
  parts.forEach((part, index) => {
    const text = document.createTextNode(part);
    if (index % 2 === 1) {
      const mark = document.createElement("mark");
      mark.append(text);
      excerpt.append(mark);
    } else {
      excerpt.append(text);
    }
  });
  item.append(heading, excerpt);
  return item;
}

// Words that do not tell one page from another, left out when pages are ranked word by word.
const COMMON = new Set(
  ("a about am an and are at be can do does for get go has have how i if in is it me my of on " +
    "or so that the there this to was what when who will with you your").split(" "),
);

// Pagefind finds the pages that hold every word of the query. People type whole questions
// ("will i go to prison"), and few pages hold every word of one. So the search is for the
// words that matter; when fewer than three pages hold them all, the pages that hold each of
// them are added, ranked by how many of those words they hold, then by Pagefind's score.
// Pages that hold every word stay first.
async function find(pagefind, query) {
  const words = [...new Set(query.toLowerCase().split(/[^\p{L}\p{N}'-]+/u))].filter(
    (word) => word && !COMMON.has(word),
  );
  const every = (await pagefind.search(words.length ? words.join(" ") : query)).results;
  if (every.length >= 3 || words.length === 0) return every;
  const pages = new Map(every.map((r) => [r.id, { result: r, words: Infinity, score: r.score }]));
  for (const word of words) {
    for (const r of (await pagefind.search(word)).results) {
      const page = pages.get(r.id) ?? { result: r, words: 0, score: 0 };
      page.words += 1;
      page.score += r.score;
      pages.set(r.id, page);
    }
  }
  return [...pages.values()]
    .sort((a, b) => b.words - a.words || b.score - a.score)
    .map((page) => page.result);
}

// "Did you mean": for each word that matters and is not in the index's vocabulary
// (pagefind/words.json, written by the build), the closest word that is, by edit distance
// (at most 1 for words of up to five letters, 2 for longer ones), the commonest of equals.
function distance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}

async function corrected(form, query) {
  const address = new URL("words.json", new URL(form.dataset.pagefind, window.location.href));
  const pages = await (await fetch(address)).json(); // word: the number of pages it is on
  const vocabulary = Object.keys(pages);
  const known = new Set(vocabulary);
  let changed = false;
  const words = query.toLowerCase().split(/\s+/).map((word) => {
    if (word.length < 4 || known.has(word) || COMMON.has(word)) return word;
    const limit = word.length <= 5 ? 1 : 2;
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of vocabulary) {
      if (Math.abs(candidate.length - word.length) > limit) continue;
      const d = distance(word, candidate);
      // Nearest first; of words as near, the one on more pages.
      if (d < bestDistance || (d === bestDistance && pages[candidate] > pages[best])) {
        [best, bestDistance] = [candidate, d];
      }
    }
    if (best === null) return word;
    changed = true;
    return best;
  });
  return changed ? words.join(" ") : null;
}

function suggest(typed, instead) {
  const note = document.createElement("p");
  note.className = "app-search__suggestion";
  const link = document.createElement("a");
  link.href = `?q=${encodeURIComponent(typed)}&exact=1`;
  link.textContent = `search for “${typed}” as you typed it`;
  note.append(`Did you mean “${instead}”? Showing pages for “${instead}”. You can also `, link, ".");
  results.before(note);
}

async function run(form, query) {
  say("Searching…");
  // import() resolves against this module's URL, not the page's: make the address absolute.
  const pagefind = await import(new URL(form.dataset.pagefind, window.location.href).href);
  const root = new URL(form.dataset.siteRoot, window.location.href).pathname;
  await pagefind.options({ baseUrl: root, excerptLength: 24 });
  // A word the site never uses is most likely a typo: search the closest words the site
  // does use, say so, and offer the words as typed (?exact=1 searches them unchanged).
  const exact = new URLSearchParams(window.location.search).has("exact");
  const instead = exact ? null : await corrected(form, query).catch(() => null);
  const shown = instead ?? query;
  const ranked = await find(pagefind, shown);
  if (instead) suggest(query, instead);
  const found = await Promise.all(ranked.slice(0, 20).map((r) => r.data()));
  results.replaceChildren(...found.map(resultItem));
  if (found.length === 0) {
    say(`No pages match “${query}”. Try other words, or browse the site map.`);
  } else {
    say(`${found.length} ${found.length === 1 ? "page matches" : "pages match"} “${shown}”.`);
  }
}

if (results) {
  const query = new URLSearchParams(window.location.search).get("q")?.trim();
  const form = document.querySelector("#app-search-page-input")?.form;
  if (form && query) {
    form.elements.q.value = query;
    run(form, query).catch(() => say("Search is not available right now. Use the site map."));
  }
}
