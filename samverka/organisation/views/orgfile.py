"""Importing the organisation file from the web: upload, review what would change, confirm.

The orgfile functions do the work; this module only carries the file between the two steps.
The reviewed text is kept in the session (bound to the municipality, with its sha256) and the
confirm step imports exactly that text, never anything the browser sends back.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from samverka.accounts.access import access_of
from samverka.accounts.models import Municipality
from samverka.organisation.forms_orgfile import OrgfileUploadForm
from samverka.organisation.orgfile import (
    FileError,
    ImportSummary,
    OrganisationFileError,
    ParsedOrganisation,
    import_organisation,
    parse_organisation_file,
)
from samverka.organisation.orgfile.importer import SECTION_LABELS

TEMPLATE = "organisation/orgfile_import.html"


def _session_key(place: Municipality) -> str:
    return f"orgfile_import:{place.pk}"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _parse(text: str, filename: str, place: Municipality) -> ParsedOrganisation:
    """Parse an uploaded file (never reading files from the server) for this municipality."""
    parsed = parse_organisation_file(text, filename=filename, base_dir=None)
    if parsed.slug != place.slug:
        raise OrganisationFileError(
            [
                FileError(
                    "municipality.slug",
                    None,
                    _(
                        'filen gäller kommunen "%(file)s", men du importerar till "%(here)s". '
                        "En samordnare kan bara importera till sin egen kommun; ändra slug i "
                        'filen till "%(here)s" om filen ska gälla den här kommunen.'
                    )
                    % {"file": parsed.slug, "here": place.slug},
                )
            ]
        )
    return parsed


def _page(
    request: HttpRequest, place: Municipality, status: int = 200, **context: Any
) -> HttpResponse:
    context.setdefault("form", OrgfileUploadForm())
    return render(
        request, TEMPLATE, {"municipality": place, "nav": "start", **context}, status=status
    )


def _refused(
    request: HttpRequest, place: Municipality, heading: str, errors: list[FileError | str]
) -> HttpResponse:
    return _page(request, place, status=400, error_heading=heading, errors=[str(e) for e in errors])


def _file_refused(
    request: HttpRequest, place: Municipality, exc: OrganisationFileError
) -> HttpResponse:
    heading = _("Organisationsfilen har %(n)s fel; inget har sparats.") % {"n": len(exc.errors)}
    return _refused(request, place, heading, list(exc.errors))


def _summary_rows(summary: ImportSummary) -> list[dict[str, Any]]:
    return [
        {"label": SECTION_LABELS[key], "counts": counts} for key, counts in summary.sections.items()
    ]


@require_http_methods(["GET", "POST"])
def orgfile_import(request: HttpRequest, municipality: str) -> HttpResponse:
    access = access_of(request).require_coordinator()
    place = access.municipality
    if request.method == "POST" and request.POST.get("action") == "confirm":
        return _confirm(request, place)
    if request.method != "POST":
        return _page(request, place)
    form = OrgfileUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, place, status=400, form=form)
    return _preview(request, place, form.cleaned_data["text"], form.cleaned_data["file"].name)


def _preview(request: HttpRequest, place: Municipality, text: str, filename: str) -> HttpResponse:
    try:
        parsed = _parse(text, filename, place)
        summary = import_organisation(parsed, dry_run=True)
    except OrganisationFileError as exc:
        return _file_refused(request, place, exc)
    digest = _sha256(text)
    request.session[_session_key(place)] = {"text": text, "sha256": digest, "filename": filename}
    return _page(
        request,
        place,
        summary=summary,
        rows=_summary_rows(summary),
        warnings=[str(w) for w in summary.warnings],
        filename=filename,
        sha256=digest,
    )


def _confirm(request: HttpRequest, place: Municipality) -> HttpResponse:
    key = _session_key(place)
    stored = request.session.get(key)
    if not isinstance(stored, dict) or not stored.get("text"):
        return _refused(
            request,
            place,
            _("Inget har importerats."),
            [
                _(
                    "Den granskade filen finns inte kvar – du kan ha varit utloggad eller väntat "
                    "för länge. Ladda upp filen igen och granska den."
                )
            ],
        )
    text, filename = str(stored["text"]), str(stored.get("filename", ""))
    # Bytes: compare_digest refuses non-ASCII text, and the posted field is the client's.
    posted = request.POST.get("sha256", "").encode("utf-8")
    if not (
        hmac.compare_digest(posted, str(stored.get("sha256", "")).encode("utf-8"))
        and hmac.compare_digest(posted, _sha256(text).encode("ascii"))
    ):
        return _refused(
            request,
            place,
            _("Inget har importerats."),
            [
                _(
                    "Filen du bekräftade är inte den som granskades senast (har du granskat en "
                    "annan fil i ett annat fönster?). Ladda upp filen igen och granska den."
                )
            ],
        )
    del request.session[key]
    try:
        parsed = _parse(text, filename, place)
        summary = import_organisation(parsed, user=request.user)
    except OrganisationFileError as exc:
        return _file_refused(request, place, exc)
    totals = {
        field: sum(getattr(c, field) for c in summary.sections.values())
        for field in ("created", "updated", "removed", "unchanged")
    }
    messages.success(
        request,
        _(
            "Organisationsfilen är importerad: %(created)s nya, %(updated)s ändrade, "
            "%(removed)s borttagna och %(unchanged)s oförändrade."
        )
        % totals,
    )
    for warning in summary.warnings:
        messages.warning(request, _("Varning: %(warning)s") % {"warning": warning})
    return redirect("organisation:municipality", municipality=place.slug)
