from django import template

from samverka.accounts.access import AnyUser, is_coordinator
from samverka.accounts.models import Municipality

register = template.Library()


@register.filter
def coordinates(user: AnyUser, municipality: Municipality | None) -> bool:
    """``{% if user|coordinates:municipality %}``: show coordinator-only navigation."""
    return municipality is not None and is_coordinator(user, municipality)
