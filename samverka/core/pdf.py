"""Every PDF of samverka is printed here: HTML to PDF by WeasyPrint, fetching nothing outside.

The agenda and minutes, the lägesbild and the fact sheet hold text typed by members of many
organisations. Django escapes it, but the renderer itself must still never be a way to make the
server read a local file (``file:///etc/passwd``) or reach an address on its network (an internal
service, a cloud metadata endpoint) should some text ever slip through unescaped into an
attribute, a style or a stylesheet. So the one URL fetcher serves only:

- ``data:`` URLs (inline images and fonts), and
- the app's own static files, found through the staticfiles finders by a normalised relative path
  under ``STATIC_URL`` (no ``..``, no absolute path), read from disk, never over the network.

Everything else (``file:``, http(s) to anywhere, ftp, unknown schemes) is refused; WeasyPrint then
leaves the resource out and prints the rest.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

if TYPE_CHECKING:
    from weasyprint.document import Document

logger = logging.getLogger(__name__)

# Relative URLs in a document resolve against this; the host is never contacted (``.invalid`` is
# reserved, RFC 2606), it only lets the fetcher recognise ``{% static %}`` paths.
BASE_URL = "https://samverka.invalid/"


class RefusedFetch(ValueError):
    """A PDF asked for something outside the app's static files and inline data."""


def static_path(url: str, *, base_url: str = BASE_URL) -> Path | None:
    """The file on disk that ``url`` names among the static files, or None.

    Accepted only with the document's own origin (the base URL's scheme and host) and a path
    under ``STATIC_URL``; the rest of the path is percent-decoded once and must be a plain relative
    path: no ``..`` or ``.`` segment, no backslash, no NUL, no leading slash after the prefix.
    """
    parts = urlsplit(url)
    base = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (
        base.scheme,
        base.netloc,
    ):
        return None
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if not relative or "\\" in relative or "\x00" in relative or relative.startswith("/"):
        return None
    segments = relative.split("/")
    if any(s in ("", ".", "..") for s in segments) or posixpath.normpath(relative) != relative:
        return None
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT:
        # Production's collected files carry content hashes in their names ({% static %} of
        # the manifest storage), which the finders do not know: read them from STATIC_ROOT.
        collected = Path(settings.STATIC_ROOT) / relative
        found = str(collected) if collected.is_file() else None
    if not found or isinstance(found, list):
        return None
    path = Path(found).resolve()
    return path if path.is_file() else None


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's fetcher, allowed ``data:`` and the app's static files and nothing else."""

    def __init__(self, *, base_url: str = BASE_URL) -> None:
        # data: only for the parent's own machinery: static files never reach it.
        super().__init__(timeout=5, allowed_protocols=["data"], allow_redirects=False)
        self.base_url = base_url

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)
        path = static_path(url, base_url=self.base_url)
        if path is None:
            # Logged, not raised to the user: the PDF is printed without the resource.
            logger.warning("PDF fetch refused: %s", url[:200])
            raise RefusedFetch(f"Refused: {url[:200]}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, body=path.read_bytes(), headers={"Content-Type": content_type}
        )


def html_to_document(html: str, *, base_url: str = BASE_URL) -> Document:
    """``html`` laid out in pages, with nothing fetched outside static files and ``data:`` URLs.

    For a printer that must know the number of pages before it writes the PDF (the fact sheet
    must fit four); ``document.write_pdf()`` gives the bytes.
    """
    from weasyprint import HTML

    base_url = base_url or BASE_URL
    if not base_url.endswith("/"):
        base_url += "/"
    pdf = HTML(string=html, base_url=base_url, url_fetcher=StaticOnlyFetcher(base_url=base_url))
    return pdf.render()


def document_to_pdf(document: Document) -> bytes:
    content = document.write_pdf()
    assert content is not None  # write_pdf returns the bytes when given no target
    return bytes(content)


def html_to_pdf(html: str, *, base_url: str = BASE_URL) -> bytes:
    """``html`` printed as PDF with nothing fetched outside static files and ``data:`` URLs.

    ``base_url`` is where links in the document point (a meeting's PDF links to the site); static
    files under it are read from disk, and nothing is ever fetched from it over the network.
    """
    return document_to_pdf(html_to_document(html, base_url=base_url))
