"""Components: GOV.UK Design System patterns that editors write in plain Markdown.

Why: editors must not write HTML (the content schema refuses raw HTML that could carry
scripts), yet pages need inset text, warning text, a helpline call-out and expandable
details. Editors write Python-Markdown admonitions (`!!! note`, `!!! warning`,
`!!! helpline`, `!!! details "Question"`); this plugin turns them into the theme's
components, with the right HTML for assistive technology (for example the visually
hidden "Warning" prefix, and real <details>/<summary> that work without JavaScript).
"""

from .callouts import register

__all__ = ["register"]
