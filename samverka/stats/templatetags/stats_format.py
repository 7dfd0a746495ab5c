"""Swedish numbers in templates: ``{{ value|sv_number }}`` → "53 758", ``|sv_number:1`` → "27,3"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from samverka.lib.rates import format_number

register = template.Library()


@register.filter
def sv_number(value: Any, decimals: int = 0) -> str:
    if value is None or value == "":
        return "uppgift saknas"
    try:
        return format_number(Decimal(str(value)), int(decimals))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
