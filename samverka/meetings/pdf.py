"""The agenda and the minutes as PDF, from the same template as the page
(``meetings/meeting_document.html`` with ``for_print``), printed by the one PDF renderer
(``samverka.core.pdf``), which fetches nothing outside the app's static files and ``data:`` URLs.
"""

from __future__ import annotations

from django.template.loader import render_to_string

from samverka.accounts.access import Access
from samverka.core.pdf import html_to_pdf
from samverka.meetings.documents import document_context
from samverka.meetings.models import Meeting, Minutes

TEMPLATE = "meetings/meeting_document.html"

__all__ = ["html_to_pdf", "meeting_pdf"]


def meeting_pdf(
    meeting: Meeting, minutes: Minutes | None, viewer: Access, *, base_url: str
) -> bytes:
    """The agenda (``minutes`` None) or one version of the minutes of ``meeting`` as PDF, as
    ``viewer`` may see it (``document_context`` leaves out what they may not)."""
    context = document_context(meeting, minutes, viewer, for_print=True, base_url=base_url)
    return html_to_pdf(render_to_string(TEMPLATE, context), base_url=base_url)
