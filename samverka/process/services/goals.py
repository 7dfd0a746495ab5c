"""Goals, sub-goals and indicators: promoting a governing document's goals to rows, keeping the
goal tree sound, the indicators' sources, values per period with four-eyes approval, and the
values over time of every kind of indicator (``indicator_values``).

Every write is keyword-only, atomic, validated with Swedish messages and audited. Who may call
them is decided by ``samverka.process.access`` (planners write; a coordinator approves).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.audit import audit
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.incidents.models import Category
from samverka.organisation.models import GoverningDocument
from samverka.process.models import (
    Direction,
    Goal,
    Indicator,
    IndicatorPeriod,
    IndicatorSource,
    IndicatorValue,
    Problem,
)
from samverka.situation.figures.base import Scope, counted
from samverka.stats.models import Geography, Series, StatValue

# A goal tree has at most this many levels: the goal, its sub-goals and theirs.
MAX_LEVELS = 3
MAX_VALUE = Decimal("99999999999.999")  # the model's 14 digits, 3 of them decimals
MIN_YEAR, MAX_YEAR = 1990, 2100
PARTS: dict[str, int] = {
    IndicatorPeriod.MONTH: 12,
    IndicatorPeriod.QUARTER: 4,
    IndicatorPeriod.HALF_YEAR: 2,
    IndicatorPeriod.YEAR: 1,
}
MONTHS_PER_PART: dict[str, int] = {
    IndicatorPeriod.MONTH: 1,
    IndicatorPeriod.QUARTER: 3,
    IndicatorPeriod.HALF_YEAR: 6,
    IndicatorPeriod.YEAR: 12,
}
MONTH_NAMES = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)


# --- Periods -----------------------------------------------------------------------------------


def period_bounds(kind: str, year: int, part: int | None) -> tuple[date, date]:
    """The first and last day of the ``part``-th month, quarter or half-year (1-based) of
    ``year``, or of the year itself."""
    if kind not in PARTS:
        raise ValidationError({"period": _("Okänd periodtyp.")})
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Ange ett år mellan %(a)s och %(b)s.") % {"a": MIN_YEAR, "b": MAX_YEAR}}
        )
    parts = PARTS[kind]
    if parts == 1:
        part = 1
    if part is None or not 1 <= part <= parts:
        raise ValidationError({"part": _("Ange vilken period på året, 1–%(n)s.") % {"n": parts}})
    months = MONTHS_PER_PART[kind]
    first_month = (part - 1) * months + 1
    start = date(year, first_month, 1)
    next_month = first_month + months
    end = (date(year + 1, 1, 1) if next_month > 12 else date(year, next_month, 1)) - timedelta(1)
    return start, end


def period_of(kind: str, day: date) -> tuple[date, date]:
    """The period of ``kind`` that ``day`` falls in."""
    months = MONTHS_PER_PART.get(kind, 12)
    return period_bounds(kind, day.year, (day.month - 1) // months + 1)


def period_label(kind: str, start: date) -> str:
    if kind == IndicatorPeriod.MONTH:
        return f"{MONTH_NAMES[start.month - 1]} {start.year}"
    if kind == IndicatorPeriod.QUARTER:
        return _("kvartal %(q)s %(y)s") % {"q": (start.month - 1) // 3 + 1, "y": start.year}
    if kind == IndicatorPeriod.HALF_YEAR:
        return _("halvår %(h)s %(y)s") % {"h": (start.month - 1) // 6 + 1, "y": start.year}
    return str(start.year)


def _next_start(kind: str, start: date) -> date:
    months = MONTHS_PER_PART.get(kind, 12)
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


# --- Values over time ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorPoint:
    """One value of an indicator: stored (entered by hand), or computed from its source."""

    period_start: date
    period_end: date
    label: str
    value: Decimal
    computed: bool
    note: str = ""
    value_id: int | None = None
    entered_by: str = ""
    entered_at: datetime | None = None
    approved_by: str = ""
    approved_at: datetime | None = None
    # Made-up example data (the example's values, a synthetic statistics source): marked "exempel"
    # wherever the value is shown.
    is_example: bool = False

    @property
    def approved(self) -> bool:
        return self.computed or self.approved_at is not None

    @property
    def source_text(self) -> str:
        if not self.computed:
            return _("Förd för hand")
        return _("Beräknat ur källan")


def _name(user: Any) -> str:
    if user is None:
        return ""
    full = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full or user.get_username())


def indicator_values(
    indicator: Indicator, *, today: date | None = None
) -> Iterator[IndicatorPoint]:
    """The indicator's values over time, oldest first.

    MANUAL: the stored values (with who entered and approved them). INCIDENTS: the reports the
    lägesbild counts (its subtree, duplicates left out), summed per period of the indicator's kind
    from the first report to the last whole period before today. STATISTICS: the series' yearly
    values for the geography (the municipality's own before the shared ones; suppressed values
    left out). Computed values need no approval."""
    if indicator.source == IndicatorSource.INCIDENTS:
        yield from _incident_points(indicator, today or timezone.localdate())
    elif indicator.source == IndicatorSource.STATISTICS:
        yield from _statistics_points(indicator)
    else:
        yield from _manual_points(indicator)


def _manual_points(indicator: Indicator) -> Iterator[IndicatorPoint]:
    for row in indicator.values.select_related("entered_by", "approved_by").order_by(
        "period_start"
    ):
        yield IndicatorPoint(
            period_start=row.period_start,
            period_end=row.period_end,
            label=period_label(indicator.period, row.period_start),
            value=row.value,
            computed=False,
            note=row.note,
            value_id=row.pk,
            entered_by=_name(row.entered_by),
            entered_at=row.entered_at,
            approved_by=_name(row.approved_by),
            approved_at=row.approved_at,
            is_example=row.is_example,
        )


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _incident_points(indicator: Indicator, today: date) -> Iterator[IndicatorPoint]:
    if indicator.area_id is None:
        return
    area = indicator.area
    assert area is not None
    scope = Scope.of(area)
    reports = counted(indicator.municipality, scope.area_ids)
    if indicator.category_id is not None:
        reports = reports.filter(
            Q(category_id=indicator.category_id) | Q(subcategory_id=indicator.category_id)
        )
    first = reports.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    if first is None:
        return
    kind = indicator.period
    start, _end = period_of(kind, timezone.localtime(first).date())
    current_start, _e = period_of(kind, today)  # the running period is not complete yet
    periods: list[tuple[date, date]] = []
    while start < current_start:
        following = _next_start(kind, start)
        periods.append((start, following - timedelta(1)))
        start = following
    if not periods:
        return
    # One query per period would be many for months over years: one grouped sum instead.
    sums: dict[date, int] = {}
    window = reports.filter(
        occurred_at__gte=_aware(periods[0][0]), occurred_at__lt=_aware(current_start)
    )
    by_month = (
        window.annotate(month=TruncMonth("occurred_at"))
        .values("month")
        .annotate(n=Sum("event_count"))
        .values_list("month", "n")
    )
    for month, n in by_month:
        day = month.date() if isinstance(month, datetime) else month
        key = period_of(kind, day)[0]
        sums[key] = sums.get(key, 0) + int(n or 0)
    for start, end in periods:
        yield IndicatorPoint(
            period_start=start,
            period_end=end,
            label=period_label(kind, start),
            value=Decimal(sums.get(start, 0)),
            computed=True,
        )


def _statistics_points(indicator: Indicator) -> Iterator[IndicatorPoint]:
    if indicator.series_id is None or indicator.geography_id is None:
        return
    values = (
        StatValue.objects.visible_to(indicator.municipality)
        .filter(series_id=indicator.series_id, geography_id=indicator.geography_id)
        .exclude(value__isnull=True)
        .order_by("year", "-municipality_id")
    )
    by_year: dict[int, tuple[Decimal, bool]] = {}
    for row in values.select_related("provenance"):
        if row.municipality_id is not None or row.year not in by_year:
            assert row.value is not None
            # The municipality's own wins over the shared one.
            synthetic = row.provenance is not None and row.provenance.is_synthetic
            by_year[row.year] = (row.value, synthetic)
    for year, (value, synthetic) in sorted(by_year.items()):
        yield IndicatorPoint(
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            label=str(year),
            value=value,
            computed=True,
            is_example=synthetic,
        )


# --- Goals ----------------------------------------------------------------------------------


def _level(goal: Goal | None) -> int:
    """The level of ``goal`` in its tree (1 for a goal without a parent)."""
    level = 0
    seen: set[int] = set()
    while goal is not None and goal.pk not in seen:
        seen.add(goal.pk)
        level += 1
        goal = goal.parent
    return level


def _height(goal: Goal) -> int:
    """Levels of ``goal``'s own subtree (1 without sub-goals)."""
    children = list(Goal.objects.filter(parent=goal).only("pk"))
    return 1 + max((_height(child) for child in children), default=0)


def _check_parent(goal: Goal | None, parent: Goal | None, municipality: Municipality) -> None:
    if parent is None:
        return
    if parent.municipality_id != municipality.pk:
        raise ValidationError({"parent": _("Målet finns inte i den här kommunen.")})
    if goal is not None and goal.pk is not None:
        ancestor: Goal | None = parent
        while ancestor is not None:
            if ancestor.pk == goal.pk:
                raise ValidationError(
                    {"parent": _("Ett mål kan inte vara delmål till sig självt eller sina delmål.")}
                )
            ancestor = ancestor.parent
    height = _height(goal) if goal is not None and goal.pk is not None else 1
    if _level(parent) + height > MAX_LEVELS:
        raise ValidationError(
            {
                "parent": _(
                    "Målen kan brytas ned i högst %(n)s nivåer (mål, delmål och delmål till "
                    "delmål)."
                )
                % {"n": MAX_LEVELS}
            }
        )


def _check_document(document: GoverningDocument | None, municipality: Municipality) -> None:
    if document is not None and document.municipality_id != municipality.pk:
        raise ValidationError({"document": _("Dokumentet finns inte i den här kommunen.")})


def _check_problems(problems: Iterable[Problem], municipality: Municipality) -> list[Problem]:
    rows = list(problems)
    if any(p.municipality_id != municipality.pk for p in rows):
        raise ValidationError({"problems": _("Problemet finns inte i den här kommunen.")})
    return rows


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)


@transaction.atomic
def goal_create(
    *,
    municipality: Municipality,
    user: AnyUser | None,
    title: str,
    description: str = "",
    document: GoverningDocument | None = None,
    parent: Goal | None = None,
    problems: Iterable[Problem] = (),
    weight: int = 1,
    position: int = 0,
    is_example: bool = False,
) -> Goal:
    _check_document(document, municipality)
    _check_parent(None, parent, municipality)
    linked = _check_problems(problems, municipality)
    if parent is not None:
        document = parent.document  # a sub-goal belongs to its goal's document
    goal = Goal(
        municipality=municipality,
        document=document,
        parent=parent,
        title=(title or "").strip(),
        description=description or "",
        weight=weight,
        position=position,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
    )
    _full_clean(goal, exclude=["problems"])
    goal.save()
    goal.problems.set(linked)
    audit(municipality=municipality, user=user, action="process.goal_create", obj=goal)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    user: AnyUser | None,
    title: str,
    description: str = "",
    document: GoverningDocument | None = None,
    parent: Goal | None = None,
    problems: Iterable[Problem] | None = None,
    weight: int = 1,
    position: int = 0,
) -> Goal:
    municipality = goal.municipality
    _check_document(document, municipality)
    _check_parent(goal, parent, municipality)
    if parent is not None:
        document = parent.document
    before = {"title": goal.title, "parent": goal.parent_id, "document": goal.document_id}
    goal.title = (title or "").strip()
    goal.description = description or ""
    goal.document = document
    goal.parent = parent
    goal.weight = weight
    goal.position = position
    _full_clean(goal, exclude=["problems"])
    goal.save()
    if problems is not None:
        goal.problems.set(_check_problems(problems, municipality))
    # Sub-goals follow their goal to its document.
    _move_subgoals(goal)
    after = {"title": goal.title, "parent": goal.parent_id, "document": goal.document_id}
    audit(
        municipality=municipality,
        user=user,
        action="process.goal_update",
        obj=goal,
        changes={k: (before[k], after[k]) for k in before if before[k] != after[k]},
    )
    return goal


def _move_subgoals(goal: Goal) -> None:
    for child in Goal.objects.filter(parent=goal):
        if child.document_id != goal.document_id:
            child.document_id = goal.document_id
            child.save(update_fields=["document", "updated_at"])
        _move_subgoals(child)


@transaction.atomic
def goal_delete(*, goal: Goal, user: AnyUser | None) -> None:
    if goal.subgoals.exists():
        raise ValidationError(_("Målet har delmål. Ta bort eller flytta dem först."))
    if IndicatorValue.objects.filter(indicator__goal=goal).exists():
        raise ValidationError(
            _("Målets indikatorer har värden. Ta bort indikatorerna först om målet ska bort.")
        )
    if goal.measures.exists():  # type: ignore[attr-defined]
        raise ValidationError(_("Åtgärder i åtgärdsplanen syftar på målet. Ändra dem först."))
    audit(municipality=goal.municipality, user=user, action="process.goal_delete", obj=goal)
    goal.delete()


def unpromoted_lines(document: GoverningDocument) -> list[str]:
    """The document's goal lines that are not yet goal rows."""
    have = set(
        Goal.objects.filter(document=document)
        .exclude(source_line="")
        .values_list("source_line", flat=True)
    )
    return [line for line in document.goal_list() if line[:500] not in have]


@transaction.atomic
def goals_promote(
    *, document: GoverningDocument, user: AnyUser | None = None, is_example: bool = False
) -> list[Goal]:
    """Make a goal row of every line of the document's goal text that is not one yet (the line is
    kept as ``source_line``; the document's text is left as it is). Running it again creates
    nothing new."""
    created: list[Goal] = []
    position = Goal.objects.filter(document=document, parent=None).count()
    for line in unpromoted_lines(document):
        title = line if len(line) <= 300 else line[:299] + "…"
        goal = Goal(
            municipality=document.municipality,
            document=document,
            title=title,
            source_line=line[:500],
            position=position,
            is_example=is_example,
            created_by=user if user is not None and user.is_authenticated else None,
        )
        goal.save()
        position += 1
        created.append(goal)
    if created:
        audit(
            municipality=document.municipality,
            user=user,
            action="process.goals_promote",
            obj=document,
            summary=_("%(n)s mål ur ”%(title)s”") % {"n": len(created), "title": document.title},
        )
    return created


# --- Indicators -------------------------------------------------------------------------------


def _decimal(value: Any, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Ange ett tal.")}) from None
    if not number.is_finite() or abs(number) > MAX_VALUE:
        raise ValidationError({field: _("Talet är för stort.")})
    return number.quantize(Decimal("0.001"))


def _check_source(
    *,
    municipality: Municipality,
    source: str,
    period: str,
    area: Area | None,
    category: Category | None,
    series: Series | None,
    geography: Geography | None,
) -> dict[str, Any]:
    """The source fields that go with ``source`` (the others emptied)."""
    if source not in IndicatorSource.values:
        raise ValidationError({"source": _("Välj varifrån värdena kommer.")})
    if period not in IndicatorPeriod.values:
        raise ValidationError({"period": _("Välj en period.")})
    fields: dict[str, Any] = {"area": None, "category": None, "series": None, "geography": None}
    if source == IndicatorSource.INCIDENTS:
        if area is None:
            raise ValidationError({"area": _("Välj det område vars händelserapporter ska räknas.")})
        if area.municipality_id != municipality.pk:
            raise ValidationError({"area": _("Området finns inte i den här kommunen.")})
        if category is not None and category.municipality_id != municipality.pk:
            raise ValidationError({"category": _("Kategorin finns inte i den här kommunen.")})
        fields.update(area=area, category=category)
    elif source == IndicatorSource.STATISTICS:
        if series is None:
            raise ValidationError({"series": _("Välj den statistikserie som ska läsas.")})
        if not Series.objects.visible_to(municipality).filter(pk=series.pk).exists():
            raise ValidationError({"series": _("Statistikserien finns inte i den här kommunen.")})
        if geography is None:
            raise ValidationError({"geography": _("Välj vilken geografi statistiken gäller.")})
        if period != IndicatorPeriod.YEAR:
            raise ValidationError({"period": _("Statistik publiceras per år: välj perioden år.")})
        fields.update(series=series, geography=geography)
    return fields


@transaction.atomic
def indicator_create(
    *,
    goal: Goal,
    user: AnyUser | None,
    name: str,
    unit: str,
    source: str,
    description: str = "",
    period: str = IndicatorPeriod.YEAR,
    direction: str = Direction.DECREASE,
    area: Area | None = None,
    category: Category | None = None,
    series: Series | None = None,
    geography: Geography | None = None,
    baseline_value: Any = None,
    baseline_label: str = "",
    target_value: Any = None,
    deadline: date | None = None,
    is_example: bool = False,
) -> Indicator:
    municipality = goal.municipality
    fields = _check_source(
        municipality=municipality,
        source=source,
        period=period,
        area=area,
        category=category,
        series=series,
        geography=geography,
    )
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Välj om lägre eller högre är bättre.")})
    if not (unit or "").strip():
        raise ValidationError({"unit": _("Ange enheten, t.ex. ”antal” eller ”procent”.")})
    indicator = Indicator(
        municipality=municipality,
        goal=goal,
        name=(name or "").strip(),
        description=description or "",
        unit=unit.strip(),
        source=source,
        period=period,
        direction=direction,
        baseline_value=_decimal(baseline_value, "baseline_value"),
        baseline_label=baseline_label or "",
        target_value=_decimal(target_value, "target_value"),
        deadline=deadline,
        is_example=is_example,
        created_by=user if user is not None and user.is_authenticated else None,
        **fields,
    )
    indicator.full_clean()
    indicator.save()
    audit(municipality=municipality, user=user, action="process.indicator_create", obj=indicator)
    return indicator


@transaction.atomic
def indicator_update(
    *,
    indicator: Indicator,
    user: AnyUser | None,
    name: str,
    unit: str,
    source: str,
    description: str = "",
    period: str = IndicatorPeriod.YEAR,
    direction: str = Direction.DECREASE,
    area: Area | None = None,
    category: Category | None = None,
    series: Series | None = None,
    geography: Geography | None = None,
    baseline_value: Any = None,
    baseline_label: str = "",
    target_value: Any = None,
    deadline: date | None = None,
) -> Indicator:
    municipality = indicator.municipality
    fields = _check_source(
        municipality=municipality,
        source=source,
        period=period,
        area=area,
        category=category,
        series=series,
        geography=geography,
    )
    if direction not in Direction.values:
        raise ValidationError({"direction": _("Välj om lägre eller högre är bättre.")})
    if not (unit or "").strip():
        raise ValidationError({"unit": _("Ange enheten, t.ex. ”antal” eller ”procent”.")})
    has_values = indicator.values.exists()
    if has_values and (source != indicator.source or period != indicator.period):
        raise ValidationError(
            _(
                "Indikatorn har redan värden: källan och perioden kan inte ändras. Skapa en ny "
                "indikator i stället."
            )
        )
    before = {
        "target_value": indicator.target_value,
        "baseline_value": indicator.baseline_value,
        "deadline": indicator.deadline,
    }
    indicator.name = (name or "").strip()
    indicator.description = description or ""
    indicator.unit = unit.strip()
    indicator.source = source
    indicator.period = period
    indicator.direction = direction
    indicator.baseline_value = _decimal(baseline_value, "baseline_value")
    indicator.baseline_label = baseline_label or ""
    indicator.target_value = _decimal(target_value, "target_value")
    indicator.deadline = deadline
    for key, value in fields.items():
        setattr(indicator, key, value)
    indicator.full_clean()
    indicator.save()
    after = {k: getattr(indicator, k) for k in before}
    audit(
        municipality=municipality,
        user=user,
        action="process.indicator_update",
        obj=indicator,
        changes={k: (before[k], after[k]) for k in before if before[k] != after[k]},
    )
    return indicator


@transaction.atomic
def value_enter(
    *,
    indicator: Indicator,
    user: AnyUser | None,
    year: int,
    part: int | None = None,
    value: Any,
    note: str = "",
    is_example: bool = False,
) -> IndicatorValue:
    """Enter the value of one period (a month, quarter, half-year or year, by the indicator's
    period kind) of an indicator kept by hand."""
    if indicator.source != IndicatorSource.MANUAL:
        raise ValidationError(
            _("Indikatorns värden räknas fram ur sin källa och förs inte in för hand.")
        )
    start, end = period_bounds(indicator.period, year, part)
    number = _decimal(value, "value")
    if number is None:
        raise ValidationError({"value": _("Ange värdet.")})
    if IndicatorValue.objects.filter(indicator=indicator, period_start=start).exists():
        raise ValidationError(
            _(
                "Det finns redan ett värde för %(period)s. Ändra inte det i efterhand: be en "
                "samordnare rätta det, eller välj en annan period."
            )
            % {"period": period_label(indicator.period, start)}
        )
    row = IndicatorValue(
        indicator=indicator,
        period_start=start,
        period_end=end,
        value=number,
        note=(note or "").strip(),
        entered_by=user if user is not None and user.is_authenticated else None,
        is_example=is_example,
    )
    row.full_clean(exclude=["indicator"])
    row.save()
    audit(
        municipality=indicator.municipality,
        user=user,
        action="process.value_enter",
        obj=row,
        summary=f"{indicator.name}: {period_label(indicator.period, start)} = {number}",
    )
    return row


@transaction.atomic
def value_approve(*, value: IndicatorValue, user: AnyUser | None) -> IndicatorValue:
    """Approve a value: by a coordinator other than the one who entered it (four eyes)."""
    municipality = value.indicator.municipality
    if user is None or not Access.for_user(user, municipality).is_coordinator:
        raise ValidationError(_("Det är kommunens samordnare som godkänner värden."))
    if value.approved_at is not None:
        raise ValidationError(_("Värdet är redan godkänt."))
    if value.entered_by_id is not None and value.entered_by_id == user.pk:
        raise ValidationError(
            _("Ett värde godkänns av en annan samordnare än den som förde in det.")
        )
    value.approved_by = user  # type: ignore[assignment]
    value.approved_at = timezone.now()
    value.save(update_fields=["approved_by", "approved_at"])
    audit(municipality=municipality, user=user, action="process.value_approve", obj=value)
    return value
