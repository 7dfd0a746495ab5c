"""The fact sheet as PDF: its one template, rendered for print, printed by the one PDF renderer
(``samverka.core.pdf``), which fetches nothing outside the app's static files and ``data:`` URLs.
"""

from __future__ import annotations

from samverka.core.pdf import html_to_pdf as _print


def html_to_pdf(html: str) -> bytes:
    return _print(html)
