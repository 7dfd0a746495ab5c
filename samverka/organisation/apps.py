from __future__ import annotations

from typing import TYPE_CHECKING

from django.apps import AppConfig

if TYPE_CHECKING:
    from samverka.accounts.access import Access


def _coordinators(access: Access) -> bool:
    return access.is_coordinator


class OrganisationConfig(AppConfig):
    name = "samverka.organisation"
    label = "organisation"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from samverka.core.extensions import NavEntry, register_nav

        # Registers how accounts' Access finds a user's groups and person.
        from samverka.organisation import access  # noqa: F401

        # The organisation's part of the main menu, first; the areas (below organisation) and
        # the users page (accounts) are entered here too, as those apps register nothing.
        # Later apps put theirs after (meetings 10 … sspf 60), "Användare" stays last.
        menu = [
            ("chart", gettext_lazy("Organisationsschema"), "organisation:chart"),
            ("groups", gettext_lazy("Grupper"), "organisation:group_list"),
            ("areas", gettext_lazy("Områden"), "areas:list"),
            ("organisations", gettext_lazy("Aktörer"), "organisation:organisation_list"),
            ("people", gettext_lazy("Personer"), "organisation:person_list"),
            ("documents", gettext_lazy("Styrande dokument"), "organisation:document_list"),
            ("checklist", gettext_lazy("Kom igång"), "organisation:checklist"),
            ("health", gettext_lazy("Hälsokontroll"), "organisation:health"),
        ]
        for order, (name, label, url_name) in enumerate(menu, start=1):
            register_nav(
                NavEntry(
                    name=name,
                    label=label,
                    url_name=url_name,
                    nav=name,
                    order=order,
                    section="organisation",
                )
            )
        register_nav(
            NavEntry(
                name="users",
                label=gettext_lazy("Användare"),
                url_name="users:list",
                nav="users",
                order=90,
                visible=_coordinators,
                section="organisation",
            )
        )
