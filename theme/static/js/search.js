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

async function run(form, query) {
  say("Searching…");
  // import() resolves against this module's URL, not the page's: make the address absolute.
  const pagefind = await import(new URL(form.dataset.pagefind, window.location.href).href);
  const root = new URL(form.dataset.siteRoot, window.location.href).pathname;
  await pagefind.options({ baseUrl: root, excerptLength: 24 });
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
  results.replaceChildren(...found.map(resultItem));
  if (found.length === 0) {
    say(`No pages match “${query}”. Try other words, or browse the site map.`);
  } else {
    say(`${found.length} ${found.length === 1 ? "page matches" : "pages match"} “${query}”.`);
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
