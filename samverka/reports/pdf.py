"""HTML to PDF with WeasyPrint, offline: the fact sheet's one template, rendered for print.

The stylesheet is inlined by the template and the charts are inline SVG, so the renderer needs
nothing from outside; the URL fetcher refuses every address (a link in user text can never make
the server fetch anything) except data: URLs.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)
    raise ValueError(_("Faktabladet hämtar inget utifrån: %(url)s") % {"url": url[:80]})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetch, base_url="about:blank").write_pdf()
