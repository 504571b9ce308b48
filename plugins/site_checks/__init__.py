"""Site checks: every built page is checked, in every build, by the same code the tests run.

Why: the editors' guide promises that a mistake stops the build with the file, the line and
the fix. Some mistakes only show once the pages are built: a link to a page that does not
exist, link words such as "click here", a picture whose description says nothing, a heading
that skips a level, a page that nothing links to. These checks used to live only in the test
suite, which editors do not run; now `make html`, the preview and `make publish` run them on
the new pages before the site is swapped into place, and name the Markdown file each problem
comes from. A page whose HTML has not changed reuses its last results.
"""

from .site_checks import register

__all__ = ["register"]
