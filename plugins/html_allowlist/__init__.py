"""HTML allow-list: what Markdown may become is a list of allowed tags, attributes and
addresses, enforced by nh3 (the maintained Rust sanitizer, ammonia), never a list of what is
forbidden.

Why: content comes from editors and, on a public repository, from anyone's pull request. A
deny-list misses spellings (`&#106;avascript:`, a tab inside a scheme, attr_list's
`{: onclick=...}`, an indented fence); an allow-list does not need to know them. Every body
and summary is sanitized as it is read; if sanitizing would change it, the build fails,
naming the file, the line and what would be removed, so nothing is silently stripped. In the
templates, bodies pass through the `body_html` filter, which sanitizes again and is the only
way a body is marked safe under Jinja's autoescaping.
"""

from .html_allowlist import register

__all__ = ["register"]
