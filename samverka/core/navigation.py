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

The menu is grouped by what people do (``SECTIONS``): the organisation, meetings, reporting and
the lägesbild, the follow-up of the knowledge-based process, statistics. ``main_nav_sections``
gives the groups, each with its items; entries without a section come first, on their own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import Http404, HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

from samverka.core.extensions import nav_entries

if TYPE_CHECKING:
    from samverka.accounts.access import Access

logger = logging.getLogger(__name__)

# The menu's groups, in the menu's order: a NavEntry names one of these keys as its ``section``.
SECTIONS: dict[str, Any] = {
    "organisation": gettext_lazy("Organisation"),
    "meetings": gettext_lazy("Möten"),
    "situation": gettext_lazy("Rapportering och lägesbild"),
    "followup": gettext_lazy("Åtgärder och uppföljning"),
    "statistics": gettext_lazy("Statistik"),
}


@dataclass(frozen=True)
class MenuItem:
    label: Any
    url: str
    nav: str
    # The page belongs to this entry's app by its URL namespace ("sspf" of "sspf:case_list")
    # and no other entry's: marks it current on a page that sets no ``nav`` of its own.
    owns_page: bool = False
    section: str = ""


@dataclass(frozen=True)
class MenuSection:
    """One group of the menu; ``key`` "" holds the entries that stand on their own."""

    key: str
    label: Any
    items: list[MenuItem]


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
        item = MenuItem(label=entry.label, url=url, nav=entry.nav, section=entry.section)
        found.append((item, url_name.rpartition(":")[0]))
    owners = [item for item, space in found if namespace and space == namespace]
    return [
        replace(item, owns_page=True) if len(owners) == 1 and item is owners[0] else item
        for item, _space in found
    ]


def sections_of(items: list[MenuItem]) -> list[MenuSection]:
    """``items`` in their groups, in ``SECTIONS``' order; the items without a section first,
    a section no one has declared last (under its key, so that it is seen and named)."""
    order = ["", *SECTIONS]
    grouped: dict[str, list[MenuItem]] = {}
    for item in items:
        grouped.setdefault(item.section, []).append(item)
    keys = sorted(grouped, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [MenuSection(key=k, label=SECTIONS.get(k, k), items=grouped[k]) for k in keys]


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
    """``main_nav``: the items of the menu, and ``main_nav_sections``: the same in their groups,
    computed when a template first uses them (once per request)."""
    built: list[list[MenuItem]] = []

    def items() -> list[MenuItem]:
        if built:
            return built[0]
        try:
            access = _request_access(request)
            if access is None:
                found: list[MenuItem] = []
            else:
                match = getattr(request, "resolver_match", None)
                namespace = match.namespace if match is not None else ""
                found = menu_for(access, namespace=namespace)
        except DatabaseError:
            # A page rendered while the database fails still renders, without its menu.
            logger.exception("The main menu could not be built")
            found = []
        built.append(found)
        return found

    def sections() -> list[MenuSection]:
        return sections_of(items())

    return {"main_nav": items, "main_nav_sections": sections}
