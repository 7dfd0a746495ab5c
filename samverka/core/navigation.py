"""The municipality's main menu, built from the entries every app registers
(``samverka.core.extensions.register_nav``) instead of a list in ``base.html``.

``main_nav`` (a context processor) gives templates a callable: Django calls it only when a
template iterates it, so a page that shows no menu (an error page, a PDF, a public page) asks
nothing, not even for the user's role. On a page under ``/k/<municipality>/`` the request's
``Access`` decides what is shown; entries whose page does not exist (an app whose index page is
still being built) and entries the viewer may not see are left out.

A page marks its entry with ``{"nav": "<entry's nav>"}``; ``base.html`` compares that with each
item's ``nav``. A page without a ``nav`` value gets its app's entry marked when exactly one entry
points into the page's URL namespace (the SSPF pages, say).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse

from samverka.core.extensions import nav_entries

if TYPE_CHECKING:
    from samverka.accounts.access import Access

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url: str
    nav: str
    # The page belongs to this entry's app by its URL namespace ("sspf" of "sspf:case_list")
    # and no other entry's: marks it current on a page that sets no ``nav`` of its own.
    owns_page: bool = False


def menu_for(access: Access, *, namespace: str = "") -> list[MenuItem]:
    """The menu as ``access`` sees it, in order; entries whose page does not reverse are left
    out (never an error). ``namespace`` is the current page's URL namespace."""
    found: list[tuple[MenuItem, str]] = []
    slug = access.municipality.slug
    for entry in nav_entries(access):
        url_name = entry.url_name_for(access) if entry.url_name_for else entry.url_name
        if not url_name:
            continue
        try:
            url = reverse(url_name, kwargs={"municipality": slug})
        except NoReverseMatch:
            continue
        item = MenuItem(label=entry.label, url=url, nav=entry.nav)
        found.append((item, url_name.rpartition(":")[0]))
    owners = [item for item, space in found if namespace and space == namespace]
    return [
        replace(item, owns_page=True) if len(owners) == 1 and item is owners[0] else item
        for item, _space in found
    ]


def _request_access(request: HttpRequest) -> Access | None:
    """The page's Access when the page is a municipality's (``AccessMiddleware`` put it there),
    else None. Resolving it may raise: the user has no role there (404); then no menu."""
    access = getattr(request, "access", None)
    if access is None:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    try:
        return access if access.has_role else None
    except (Http404, PermissionDenied):
        return None


def main_nav(request: HttpRequest) -> dict[str, object]:
    """``main_nav``: the items of the menu, computed when a template first uses them."""

    def items() -> list[MenuItem]:
        try:
            access = _request_access(request)
            if access is None:
                return []
            match = getattr(request, "resolver_match", None)
            return menu_for(access, namespace=match.namespace if match is not None else "")
        except DatabaseError:
            # A page rendered while the database fails still renders, without its menu.
            logger.exception("The main menu could not be built")
            return []

    return {"main_nav": items}
