"""The agenda and the minutes as PDF, from the same template as the page
(``meetings/meeting_document.html`` with ``for_print``), rendered by WeasyPrint.

The print template carries its styles inline and needs nothing from outside; the fetcher allows
``data:`` URLs only, so a link or image address in user text can never make the server fetch
something (no network from the PDF renderer, no reading local files).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from samverka.meetings.access import MeetingViewer
from samverka.meetings.documents import document_context
from samverka.meetings.models import Meeting, Minutes

TEMPLATE = "meetings/meeting_document.html"


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    fetcher = URLFetcher(allowed_protocols=["data"], timeout=5)
    pdf = HTML(string=html, base_url=base_url or None, url_fetcher=fetcher).write_pdf()
    assert pdf is not None  # write_pdf returns the bytes when given no target
    return bytes(pdf)


def meeting_pdf(
    meeting: Meeting, minutes: Minutes | None, viewer: MeetingViewer, *, base_url: str
) -> bytes:
    """The agenda (``minutes`` None) or one version of the minutes of ``meeting`` as PDF, as
    ``viewer`` may see it (``document_context`` leaves out what they may not)."""
    context = document_context(meeting, minutes, viewer, for_print=True, base_url=base_url)
    return html_to_pdf(render_to_string(TEMPLATE, context), base_url=base_url)
