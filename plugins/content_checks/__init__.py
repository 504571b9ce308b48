"""Content checks: every Markdown file is checked against its type's schema before the
site is built, and every problem in every file is reported together.

Why: editors are not programmers and often edit in GitHub's web editor. A mistake must
stop the build with a message that names the file, the line, what is wrong and how to fix
it, and must never leave a half-built site. Pelican's own errors are technical and stop
at the first one; these run first, over all files, and speak to editors.
"""

from .content_checks import register

__all__ = ["register"]
