// Site search with Pagefind, on the search page only: it runs the query from ?q= in the
// browser (js/search-forms.js, on every page, sends the search forms here).
// Nothing is stored: no cookies, no localStorage, no history entries beyond the page itself.

const results = document.querySelector("[data-search-results]");
const status = document.querySelector("[data-search-status]");
const none = document.querySelector("[data-search-none]");

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
// Contractions are written as people type them without the apostrophe.
const COMMON = new Set(
  ("a about am an and any are at be can could do does for get go has have how i if in is it " +
    "its im ive me my of on or should so that the there this to was what when who will with " +
    "would you your dont doesnt isnt cant wont shouldnt").split(" "),
);

// The words of a query, lower case, apostrophes dropped ("shouldn't" is typed "shouldnt" too).
function words(text) {
  return text
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}-]+/u)
    .filter(Boolean);
}

// Edit distance, a swap of two neighbouring letters counting as one edit ("nubmer").
function distance(a, b) {
  let before = null;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], before[j - 2] + 1);
      }
    }
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}

// What the build wrote for the search page alone: the index's words with the number of pages
// each is on (pagefind/words.json), the British English words near them (english.json), and
// the synonym groups from data/search-synonyms.yaml (search/synonyms.json).
let known = null;
async function vocabulary(form) {
  if (known) return known;
  const index = new URL(form.dataset.pagefind, window.location.href);
  const root = new URL(form.dataset.siteRoot, window.location.href);
  const load = (address) => fetch(address).then((response) => response.json());
  const [pages, english, groups] = await Promise.all([
    load(new URL("words.json", index)),
    load(new URL("english.json", index)).catch(() => []),
    load(new URL("search/synonyms.json", root)).catch(() => []),
  ]);
  const phrases = new Map(); // a word or phrase of a group: its group
  for (const group of groups) for (const phrase of group) phrases.set(phrase, group);
  known = { pages, english: new Set(english), phrases };
  return known;
}

// A word as it sounds, roughly: a silent gh, ph as f, ck as k, a doubled letter once and a
// final e dropped ("websight" and "website" both "websit"; "fone" and "phone" both "fon").
function sound(word) {
  return word
    .replace(/gh/g, "")
    .replace(/ph/g, "f")
    .replace(/ck/g, "k")
    .replace(/(.)\1+/g, "$1")
    .replace(/e$/, "");
}

// "Did you mean": a word is corrected only when it is not English (nor a word of the index
// or of a synonym group) and a word of the index, or a synonym, is near it: at most one edit
// for words of up to five letters, two for longer ones; a word that sounds the same is
// nearest of all. Of the nearest, the one on most pages, if it is on at least twice as many
// as the next: otherwise the word is left as typed.
function correction(word, { pages, english, phrases }) {
  if (word.length < 4 || COMMON.has(word) || word in pages || english.has(word) || phrases.has(word)) {
    return word;
  }
  // "thats", "whats": a common word with its 's typed without the apostrophe.
  if (/\d/.test(word) || COMMON.has(word.replace(/s$/, ""))) return word;
  const limit = word.length <= 5 ? 1 : 2;
  const candidates = [...Object.entries(pages)];
  for (const phrase of phrases.keys()) if (!phrase.includes(" ") && !(phrase in pages)) candidates.push([phrase, 1]);
  const nearestBy = (key, limit) => {
    let nearest = [];
    let best = limit + 1;
    const typed = key(word);
    for (const [candidate, count] of candidates) {
      const other = key(candidate);
      if (Math.abs(other.length - typed.length) > best) continue;
      const d = distance(typed, other);
      if (d > limit) continue;
      if (d < best) [nearest, best] = [[[candidate, count]], d];
      else if (d === best) nearest.push([candidate, count]);
    }
    return nearest;
  };
  // A word that sounds the same first, for a word spelled as it is said ("websight"); then
  // by letters.
  let nearest = nearestBy(sound, 0);
  if (nearest.length === 0) nearest = nearestBy((w) => w, limit);
  if (nearest.length === 0) return word;
  nearest.sort((a, b) => b[1] - a[1]);
  if (nearest.length > 1 && nearest[0][1] < 2 * nearest[1][1]) return word;
  return nearest[0][0];
}

// The query as ideas: each word or phrase of a synonym group stands for its whole group
// (the longest phrase first: "child abuse images" before "images"); any other word that
// matters stands for itself. Common words are left out.
function ideas(query, { phrases }) {
  const typed = words(query);
  const found = [];
  for (let i = 0; i < typed.length; ) {
    let taken = 0;
    for (let length = Math.min(5, typed.length - i); length >= 1 && !taken; length -= 1) {
      const phrase = typed.slice(i, i + length).join(" ");
      if (phrases.has(phrase)) {
        found.push(phrases.get(phrase));
        taken = length;
      }
    }
    if (!taken) {
      if (!COMMON.has(typed[i])) found.push([typed[i]]);
      taken = 1;
    }
    i += taken;
  }
  return found;
}

// Each word's results, searched once a page load: a query's groups share words, and a
// reader's next search shares most of its words with the last.
const searchedWords = new Map();
function searchedFor(pagefind, term) {
  if (!searchedWords.has(term)) searchedWords.set(term, pagefind.search(term));
  return searchedWords.get(term);
}

const SYNONYM_WEIGHT = 0.5;
const SCATTERED_WEIGHT = 0.25;

// Pagefind finds the pages that hold every word it is given. People type whole questions,
// in their own words. So each idea of the query is searched on its own, as any word of its
// group, and a page scores for each idea it holds: its best score for any word of the group
// (the words typed in full, the others at SYNONYM_WEIGHT), times how rare the idea is.
async function find(pagefind, query, vocabularyFound) {
  const wanted = ideas(query, vocabularyFound);
  const typedWords = new Set(words(query));
  for (const group of wanted) for (const term of group) if (term.includes(" ") && query.toLowerCase().includes(term)) typedWords.add(term);
  if (wanted.length === 0) return (await pagefind.search(query)).results;
  const pageCount = Math.max(1, ...Object.values(vocabularyFound.pages));
  const terms = [...new Set(wanted.flat())];
  const searched = await Promise.all(terms.map((term) => searchedFor(pagefind, term)));
  const hits = new Map(terms.map((term, i) => [term, searched[i].results]));
  // A phrase typed ("find out") counts in full only on the pages that have it as a phrase;
  // where its words are only scattered, at half a synonym's weight (SCATTERED_WEIGHT).
  const phrases = terms.filter((term) => term.includes(" ") && typedWords.has(term));
  const whole = await Promise.all(phrases.map((term) => searchedFor(pagefind, `"${term}"`)));
  const asPhrase = new Map(phrases.map((term, i) => [term, new Set(whole[i].results.map((r) => r.id))]));
  const pages = new Map();
  for (const group of wanted) {
    const best = new Map(); // page: its best score for any word of the group
    for (const term of group) {
      // The words as typed count in full; another word of their group, at half. Pagefind's
      // scores grow without limit for a rare word; as a share of the best page's score for
      // the word (between 0 and 1), a rare synonym cannot outweigh the word typed. Squared,
      // a page that mentions the word in passing counts far less than the page about it.
      const typed = typedWords.has(term);
      const top = Math.max(0, ...hits.get(term).map((r) => r.score));
      for (const r of hits.get(term)) {
        const scattered = typed && asPhrase.has(term) && !asPhrase.get(term).has(r.id);
        const weight = !typed ? SYNONYM_WEIGHT : scattered ? SCATTERED_WEIGHT : 1;
        const score = (r.score / top) ** 2 * weight;
        if (!best.has(r.id) || best.get(r.id).score < score) best.set(r.id, { result: r, score });
      }
    }
    // An idea most pages hold tells little about which page answers: it weighs as rarely as
    // the words typed for it are held (inverse document frequency) or, when the site never
    // uses them, as the rarest word of its group that it does use.
    const held = (terms) => terms.map((term) => hits.get(term).length).filter((n) => n > 0);
    const typedHeld = held(group.filter((term) => typedWords.has(term)));
    const rarity = Math.log(1 + pageCount / (typedHeld.length ? Math.max(...typedHeld) : Math.min(...held(group), pageCount)));
    for (const [id, { result, score }] of best) {
      const page = pages.get(id) ?? { result, score: 0 };
      page.score += score * rarity;
      pages.set(id, page);
    }
  }
  return [...pages.values()]
    .sort((a, b) => b.score - a.score)
    .map((page) => page.result);
}

// A UK number's digits as dialled at home: +44 or 0044 (and a "(0)" after it) read as the
// leading 0.
function nationalDigits(text) {
  return text.replace("(0)", "").replace(/\D/g, "").replace(/^(?:00)?44/, "0");
}

// The helpline's digits, from the number every page gives in its safety bar (tel:…).
function helplineDigits() {
  const tel = document.querySelector(".app-safety-bar__tel")?.getAttribute("href") || "";
  return nationalDigits(tel);
}

// A query that is the helpline number, however it is typed (spaces, +44, 0044): the reader
// wants the helpline, whose page the number's digits alone do not rank first.
function isTheHelpline(query) {
  const digits = helplineDigits();
  return digits.length > 0 && /^[\d\s+().-]+$/.test(query.trim()) && nationalDigits(query) === digits;
}

async function searchFor(form, query, exact) {
  if (isTheHelpline(query)) query = "helpline";
  // import() resolves against this module's URL, not the page's: make the address absolute.
  const pagefind = await import(new URL(form.dataset.pagefind, window.location.href).href);
  const root = new URL(form.dataset.siteRoot, window.location.href).pathname;
  await pagefind.options({ baseUrl: root, excerptLength: 24 });
  const vocabularyFound = await vocabulary(form).catch(() => ({ pages: {}, english: new Set(), phrases: new Map() }));
  const typed = words(query);
  const corrected = exact ? typed : typed.map((word) => correction(word, vocabularyFound));
  const instead = corrected.join(" ") !== typed.join(" ") ? corrected.join(" ") : null;
  const ranked = await find(pagefind, instead ?? query, vocabularyFound);
  return { ranked, instead, vocabularyFound };
}

// The addresses of the first pages found for a query, as the search page ranks them, and the
// words searched instead when a word was corrected (or null): for the tests and
// scripts/search_ranks.py, which measure the ranking of many queries in one page.
export async function rankedPaths(query, { exact = false, count = 3 } = {}) {
  const form = document.querySelector("#app-search-page-input").form;
  const { ranked } = await searchFor(form, query, exact);
  const found = await Promise.all(ranked.slice(0, count).map((r) => r.data()));
  return found.map((data) => new URL(data.url, window.location.href).pathname);
}

export async function searchedInstead(query) {
  const form = document.querySelector("#app-search-page-input").form;
  return (await searchFor(form, query, false)).instead;
}

function suggest(typed, instead) {
  const note = document.createElement("p");
  note.className = "app-search__suggestion";
  const link = document.createElement("a");
  link.href = `?q=${encodeURIComponent(typed)}&exact=1`;
  link.textContent = `Search instead for “${typed}”`;
  note.append(`Did you mean “${instead}”? Showing results for “${instead}”. `, link, ".");
  results.before(note);
}

// Nothing found: the page's own help (the helpline, Get Help, the family page, the site map)
// is shown, with the query rephrased in the words the site uses, where that finds pages.
function nothingFound(query, vocabularyFound) {
  say(`No pages match “${query}”.`);
  if (!none) return;
  const rephrased = words(query)
    .filter((word) => !COMMON.has(word))
    .map((word) => {
      const { pages } = vocabularyFound;
      let best = word;
      let bestDistance = 3;
      for (const [candidate, count] of Object.entries(pages)) {
        const d = distance(word, candidate);
        if (d < bestDistance || (d === bestDistance && count > pages[best])) [best, bestDistance] = [candidate, d];
      }
      return best;
    })
    .join(" ");
  const slot = none.querySelector("[data-search-rephrased]");
  if (slot && rephrased && rephrased !== words(query).filter((word) => !COMMON.has(word)).join(" ")) {
    const link = document.createElement("a");
    link.href = `?q=${encodeURIComponent(rephrased)}`;
    link.textContent = `search for “${rephrased}”`;
    slot.replaceChildren("You could also ", link, ".");
  }
  none.hidden = false;
}

async function run(form, query) {
  say("Searching…");
  // A word that is not English and that the site never uses is most likely a typo: search
  // the closest word the site does use, say so, and offer the words as typed (?exact=1).
  const exact = new URLSearchParams(window.location.search).has("exact");
  const { ranked, instead, vocabularyFound } = await searchFor(form, query, exact);
  if (instead) suggest(query, instead);
  const found = await Promise.all(ranked.slice(0, 20).map((r) => r.data()));
  results.replaceChildren(...found.map(resultItem));
  if (found.length === 0) {
    nothingFound(query, vocabularyFound);
  } else {
    const shown = instead ?? query;
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
