from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from django.apps import AppConfig

if TYPE_CHECKING:
    from samverka.accounts.access import Access
    from samverka.sspf.access import SSPFViewer

# The menu asks twice per page (may the viewer see it, and where does it lead); the viewer's
# SSPF memberships are one query, asked once per request's Access.
_VIEWERS: WeakKeyDictionary[Access, SSPFViewer] = WeakKeyDictionary()


def _viewer(access: Access) -> SSPFViewer:
    from samverka.sspf.access import SSPFViewer

    viewer = _VIEWERS.get(access)
    if viewer is None:
        viewer = _VIEWERS[access] = SSPFViewer.of(access)
    return viewer


def _sees_sspf(access: Access) -> bool:
    """The menu entry for those who see SSPF at all (``SSPFViewer.sees_counts``): the members
    of a current SSPF group and the coordinators."""
    return _viewer(access).sees_counts


def _sspf_page(access: Access) -> str:
    """Members land on their cases; a coordinator who is no member has only the counts (for
    them the case list is a 404)."""
    return "sspf:case_list" if _viewer(access).is_member else "sspf:counts"


class SSPFConfig(AppConfig):
    name = "samverka.sspf"
    label = "sspf"
    verbose_name = "SSPF"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import (
            NavEntry,
            register_api_urls,
            register_example_loader,
            register_nav,
            register_page_urls,
            register_situation_section,
        )
        from samverka.sspf.example import load_example
        from samverka.sspf.sections import sspf_section

        register_page_urls("sspf", "samverka.sspf.urls", prefix="sspf/", order=60)
        register_api_urls("sspf", "samverka.sspf.api_urls", order=60)
        register_nav(
            NavEntry(
                name="sspf",
                label=gettext_lazy("SSPF"),
                url_name="sspf:case_list",
                nav="sspf",
                order=60,
                visible=_sees_sspf,
                url_name_for=_sspf_page,
                section="followup",
            )
        )
        # After the organisation file (it has the SSPF groups) and the other apps' examples.
        register_example_loader("sspf", load_example, order=60)
        # Numbers only, small ones hidden: the lägesbild and the annual report (issue 10).
        register_situation_section("sspf", sspf_section, order=60)
