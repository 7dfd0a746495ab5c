"""Extension points: how a later app contributes to an earlier one without the earlier one
importing it.

samverka's apps point downwards only (accounts ← areas ← organisation ← meetings ← situation …
← process). Yet a later app must put things on a meeting's agenda, add rules to the organisation
health check, add entries to the main menu, add API routes and pages, and load its part of the
built-in example. Each app registers its contributions here from ``AppConfig.ready()``; the app
that shows them asks this module, never the contributing app.

Every registry is keyed by name, so ``ready()`` running twice replaces instead of duplicating, and
ordered by ``order`` (then name), so the result does not depend on INSTALLED_APPS' order.

Who reads each point (docs/architecture.md has the table):

- ``register_page_urls`` / ``register_api_urls``: ``config/urls.py`` and
  ``samverka/core/api_v1_urls.py`` (read when the URLconf is first imported, after ``ready()``).
- ``register_nav``: ``samverka.core.navigation`` (the ``main_nav`` context value of ``base.html``).
- ``register_agenda_source``: ``samverka.meetings.selectors.agenda_for`` (the follow-up item on the
  meeting page, the agenda and minutes documents and PDF, the API's agenda).
- ``register_health_rule``: ``samverka.organisation.health.run_health_check``.
- ``register_related_links``: ``{% related_links %}`` (samverka/core/templatetags/related.py).
- ``register_example_loader``: ``bootstrap_demo`` (the registry lives in ``core.examples``).
- ``register_situation_section``: the lägesbild's page, PDF and XLSX (``{% situation_sections %}``
  in samverka/core/templatetags/situation_sections.py, ``situation.outputs.to_xlsx``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from samverka.core.examples import ExampleLoader, example_loaders, register_example_loader

if TYPE_CHECKING:
    from samverka.accounts.access import Access
    from samverka.accounts.models import Municipality

__all__ = [
    "AgendaEntry",
    "ExampleLoader",
    "NavEntry",
    "RelatedLink",
    "SituationSection",
    "agenda_entries",
    "agenda_sources",
    "api_url_modules",
    "example_loaders",
    "health_rules",
    "nav_entries",
    "page_url_modules",
    "register_agenda_source",
    "register_api_urls",
    "register_example_loader",
    "register_health_rule",
    "register_nav",
    "register_page_urls",
    "register_related_links",
    "register_situation_section",
    "related_links",
    "report_sections",
    "situation_sections",
    "unregister_agenda_source",
    "unregister_health_rule",
    "unregister_nav",
    "unregister_related_links",
    "unregister_situation_section",
]


# --- Agenda sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaEntry:
    """Something a meeting has to deal with that another app knows about: an overdue follow-up,
    a measure without a responsible group … Shown under the meeting's follow-up item (the
    ``COMMITMENTS`` kind) next to the open commitments, and in the notice and the minutes' PDF.

    ``key`` is stable across calls (e.g. ``"process.followup:12"``) so that pages can anchor it.
    """

    key: str
    title: str
    detail: str = ""
    url: str = ""  # a path on this site (never an absolute URL to somewhere else)
    due: date | None = None
    overdue: bool = False
    source: str = ""  # the registering source's label, e.g. "Åtgärdsplan"


# (meeting) -> entries for that meeting. The meeting is a samverka.meetings.models.Meeting; typed
# loosely because core sits below meetings. A source returns nothing for meetings it has no part
# in (another group, another municipality, a cancelled meeting).
AgendaSource = Callable[[Any], Iterable[AgendaEntry]]


@dataclass(frozen=True)
class _AgendaSource:
    order: int
    name: str
    entries: AgendaSource


_AGENDA_SOURCES: dict[str, _AgendaSource] = {}


def register_agenda_source(name: str, entries: AgendaSource, *, order: int = 100) -> None:
    _AGENDA_SOURCES[name] = _AgendaSource(order=order, name=name, entries=entries)


def unregister_agenda_source(name: str) -> None:
    """Remove a source (tests that register a fake one take it away again)."""
    _AGENDA_SOURCES.pop(name, None)


def agenda_sources() -> list[_AgendaSource]:
    return sorted(_AGENDA_SOURCES.values(), key=lambda s: (s.order, s.name))


def agenda_entries(meeting: Any) -> list[AgendaEntry]:
    """Every registered source's entries for ``meeting``, in source order."""
    found: list[AgendaEntry] = []
    for source in agenda_sources():
        found.extend(source.entries(meeting))
    return found


# --- Health rules --------------------------------------------------------------------------------

# (municipality, today) -> findings. A finding is samverka.organisation.health.Finding (core sits
# below organisation, so it is typed loosely here); the organisation health check runs every rule
# after its own and sorts all findings together.
HealthRule = Callable[["Municipality", date], Iterable[Any]]


@dataclass(frozen=True)
class _HealthRule:
    order: int
    name: str
    check: HealthRule
    rules: tuple[Any, ...] = ()


_HEALTH_RULES: dict[str, _HealthRule] = {}


def register_health_rule(
    name: str, check: HealthRule, *, order: int = 100, rules: Iterable[Any] = ()
) -> None:
    """Add ``check`` to the organisation health check (page, API, ``check_organisation``).

    ``rules`` describes what the check looks at, as ``samverka.organisation.health.Rule`` rows
    (code, severity, description): they are listed in the page's "Det här kontrolleras" table
    after the organisation's own, and their order is the order of the check's findings within a
    severity. A finding's ``rule`` should be one of these codes."""
    _HEALTH_RULES[name] = _HealthRule(order=order, name=name, check=check, rules=tuple(rules))


def unregister_health_rule(name: str) -> None:
    _HEALTH_RULES.pop(name, None)


def health_rules() -> list[_HealthRule]:
    return sorted(_HEALTH_RULES.values(), key=lambda r: (r.order, r.name))


# --- Navigation ----------------------------------------------------------------------------------


def _always(access: Access) -> bool:
    return True


@dataclass(frozen=True)
class NavEntry:
    """One entry of a municipality's main menu.

    ``url_name`` is reversed with the municipality's slug as its only argument; an entry whose
    page does not exist (yet) is left out of the menu, never an error. ``nav`` is the value a
    page puts in its context (``{"nav": "process"}``) to mark the entry as current
    (``aria-current="page"``). ``visible`` decides per request from the viewer's Access (e.g.
    coordinators only); ``url_name_for``, when set, picks the page per viewer instead of
    ``url_name`` (SSPF: the cases for members, the counts for the other coordinators).

    ``section`` groups the menu by what people do there: ``"organisation"``, ``"meetings"``,
    ``"situation"`` (incidents, lägesbild, reports), ``"followup"`` (the knowledge-based process)
    and ``"statistics"`` (``samverka.core.navigation.SECTIONS`` names them). An entry without a
    section stands on its own at the top of the menu (a personal start page, say).

    The menu is built by ``samverka.core.navigation`` (the ``main_nav`` context value), only on
    pages that show it."""

    name: str
    label: Any  # str or a lazy translation
    url_name: str
    nav: str
    order: int = 100
    visible: Callable[[Access], bool] = field(default=_always)
    url_name_for: Callable[[Access], str] | None = None
    section: str = ""


_NAV: dict[str, NavEntry] = {}


def register_nav(entry: NavEntry) -> None:
    """Add (or replace, by ``entry.name``) one entry of the main menu."""
    _NAV[entry.name] = entry


def unregister_nav(name: str) -> None:
    _NAV.pop(name, None)


def nav_entries(access: Access | None = None) -> list[NavEntry]:
    """The menu in order; with an Access, only the entries that viewer may see."""
    entries = sorted(_NAV.values(), key=lambda e: (e.order, e.name))
    if access is None:
        return entries
    return [e for e in entries if e.visible(access)]


# --- URLs ----------------------------------------------------------------------------------------
# URL modules are read when the URLconf is first imported, which is after every app's ready().


@dataclass(frozen=True)
class _UrlModule:
    order: int
    name: str
    module: str
    prefix: str


_API_URLS: dict[str, _UrlModule] = {}
_PAGE_URLS: dict[str, _UrlModule] = {}


def register_api_urls(name: str, module: str, *, order: int = 100) -> None:
    """Add ``module``'s urlpatterns under ``/api/v1/``."""
    _API_URLS[name] = _UrlModule(order=order, name=name, module=module, prefix="")


def register_page_urls(name: str, module: str, *, prefix: str, order: int = 100) -> None:
    """Add ``module``'s urlpatterns under ``/k/<municipality>/<prefix>`` (prefix "" or "x/")."""
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"page URL prefix {prefix!r} must end with a slash")
    _PAGE_URLS[name] = _UrlModule(order=order, name=name, module=module, prefix=prefix)


def api_url_modules() -> list[_UrlModule]:
    return sorted(_API_URLS.values(), key=lambda m: (m.order, m.name))


def page_url_modules() -> list[_UrlModule]:
    return sorted(_PAGE_URLS.values(), key=lambda m: (m.order, m.name))


# --- Related links -------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelatedLink:
    """A link from an object of an earlier app to something a later app built on it, e.g. from a
    lägesbild to the problems whose evidence it is. Shown in a "Används i" box on the object's
    page; the source filters by the viewer's Access, so a link never reveals what the viewer may
    not see."""

    label: str
    url: str
    detail: str = ""


# (subject, obj, access) -> links; ``subject`` is the object's model label, e.g.
# "situation.SituationReport", so one source may serve several kinds of object.
RelatedSource = Callable[[str, Any, "Access"], Iterable[RelatedLink]]
_RELATED: dict[str, tuple[int, RelatedSource]] = {}


def register_related_links(name: str, links: RelatedSource, *, order: int = 100) -> None:
    _RELATED[name] = (order, links)


def unregister_related_links(name: str) -> None:
    _RELATED.pop(name, None)


def related_links(subject: str, obj: Any, access: Access) -> list[RelatedLink]:
    """Every source's links for ``obj`` as the viewer may see them, in source order. Shown by
    ``{% related_links "situation.SituationReport" obj %}`` (samverka/core/templatetags/
    related.py)."""
    found: list[RelatedLink] = []
    for name in sorted(_RELATED, key=lambda n: (_RELATED[n][0], n)):
        found.extend(_RELATED[name][1](subject, obj, access))
    return found


# --- Lägesbild sections --------------------------------------------------------------------------


@dataclass(frozen=True)
class SituationSection:
    """A part of a lägesbild that a later app computes for an area and a period, e.g. SSPF's
    numbers of cases. Aggregates only: the lägesbild and the annual report are read by every role
    of the municipality, so a section never holds a name or anything that points at one person.

    ``template`` renders the section on the page and in the PDF with ``section`` (this object)
    and ``pdf`` in its context; ``context`` is what the template needs. ``sheet_headers`` and
    ``sheet_rows`` become a sheet named ``title`` in the XLSX (none when there are no headers).
    """

    key: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    sheet_headers: tuple[str, ...] = ()
    sheet_rows: tuple[tuple[Any, ...], ...] = ()


# (municipality, area, start, end) -> the section, or None when the app has nothing to say. The
# area None is the whole municipality (the annual report); ``end`` is the day after the period's
# last day, as in SituationReport.period_end. The caller has already decided that the viewer may
# read the lägesbild (or the annual report).
SituationSectionProvider = Callable[["Municipality", Any, date, date], "SituationSection | None"]
_SITUATION_SECTIONS: dict[str, tuple[int, SituationSectionProvider]] = {}


def register_situation_section(
    name: str, provider: SituationSectionProvider, *, order: int = 100
) -> None:
    """Add a section to every lägesbild (page, PDF, XLSX) after its own figures, and to the
    annual report (the whole municipality's year)."""
    _SITUATION_SECTIONS[name] = (order, provider)


def unregister_situation_section(name: str) -> None:
    _SITUATION_SECTIONS.pop(name, None)


def situation_sections(
    municipality: Municipality, area: Any, start: date, end: date
) -> list[SituationSection]:
    """Every provider's section for the area (None: the whole municipality) from ``start`` up
    to, not including, ``end``, in provider order."""
    found: list[SituationSection] = []
    for name in sorted(_SITUATION_SECTIONS, key=lambda n: (_SITUATION_SECTIONS[n][0], n)):
        section = _SITUATION_SECTIONS[name][1](municipality, area, start, end)
        if section is not None:
            found.append(section)
    return found


def report_sections(report: Any) -> list[SituationSection]:
    """The sections of one lägesbild (a samverka.situation.models.SituationReport)."""
    return situation_sections(
        report.municipality, report.area, report.period_start, report.period_end
    )
