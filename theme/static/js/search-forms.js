// Every page's search forms lead to the site map without JavaScript; with it, to the search
// page, which runs the query (js/search.js, loaded there only). Nothing is stored.
for (const form of document.querySelectorAll('[data-module="app-search"]')) {
  form.action = form.dataset.searchUrl;
}
