from datetime import date, datetime

from django import template
from django.utils import timezone

from samverka.lib.dates import week_label

register = template.Library()


@register.filter
def isoweek(value: date | datetime | None) -> str:
    """``{{ meeting.day|isoweek }}`` → "v. 48" (ISO 8601 week, as Swedish calendars number them)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return week_label(value)


@register.simple_tag
def today_with_week() -> str:
    """Today as Swedish workplaces say it: "onsdag 25 november 2026, vecka 48"."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    today = timezone.localdate()
    return _("%(date)s, vecka %(week)s") % {
        "date": date_format(today, "l j F Y"),
        "week": today.isocalendar()[1],
    }
