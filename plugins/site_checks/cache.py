"""Each page's results kept by the hash of its HTML, so an unchanged page is not parsed
again: in memory between the builds of one process (the preview), and in
CACHE_PATH/site-checks.json between processes when the content cache is on. A cache file git
tracks is never read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FILE_NAME = "site-checks.json"


def stored_path(settings: dict[str, Any]) -> Path | None:
    """Where the results are kept between processes: none unless CACHE_CONTENT is on."""
    return Path(settings["CACHE_PATH"]) / FILE_NAME if settings.get("CACHE_CONTENT") else None


class ResultCache:
    """The results of one context (the checks' code, the site's address, the helpline): a
    change to any of them starts again from nothing."""

    def __init__(self) -> None:
        self.context: list[str] | None = None
        self.pages: dict[str, Any] = {}
        # The pages no link reaches, with the digest of the site's links they were found for.
        self.orphans: dict[str, Any] = {}
        # Each page's content hash by its file's stamp (pages.Page.stamp).
        self.stamps: dict[str, str] = {}

    def load(self, context: list[str], stored: Path | None) -> None:
        """Keep the results in memory if they are for `context`, else read those stored."""
        from content_checks.cache import tracked_by_git

        if self.context == context:
            return
        self.context, self.pages, self.orphans, self.stamps = context, {}, {}, {}
        if stored is not None and stored.is_file() and tracked_by_git(stored) is False:
            try:
                data = json.loads(stored.read_text(encoding="utf-8"))
                if data.get("context") == context:
                    self.pages = data["pages"]
                    self.orphans = dict(data.get("orphans") or {})
                    self.stamps = dict(data.get("stamps") or {})
            except (ValueError, KeyError, TypeError):
                pass

    def store(self, stored: Path | None) -> None:
        from content_checks.cache import store_json

        if stored is not None:
            data = {
                "context": self.context,
                "pages": self.pages,
                "orphans": self.orphans,
                "stamps": self.stamps,
            }
            store_json(stored, data)
