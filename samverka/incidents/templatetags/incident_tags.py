from django import template

from samverka.incidents.selectors import STATE_LABELS

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """``{{ row.state|state_label }}`` → "Rapporterat", "Inget att rapportera", "Saknas"."""
    return str(STATE_LABELS.get(state, state))
