"""The editors' live preview (scripts/devserver.py), one module a job: `server` (the pages
served as a static host serves them, answering only this machine's names), `reload_and_error`
(the script that reloads the browser and a failed build's banner, added on the way out) and
`rebuild` (the one build on every save, the search index after)."""
