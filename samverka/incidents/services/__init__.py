"""Writes for incident reports. Pages, the API and the commands all call these functions."""

from samverka.incidents.services.incidents import (
    check_free_text,
    incident_create,
    incident_delete,
    incident_set_status,
    incident_update,
    nothing_to_report_delete,
    nothing_to_report_record,
)
from samverka.incidents.services.mappings import column_mapping_save
from samverka.incidents.services.reminders import remind_reporters
from samverka.incidents.services.roster import (
    roster_entry_create,
    roster_entry_delete,
    roster_entry_update,
)
from samverka.incidents.services.taxonomy import (
    category_create,
    category_delete,
    category_update,
    ensure_taxonomy,
    taxonomy_install_defaults,
)

__all__ = [
    "category_create",
    "category_delete",
    "category_update",
    "check_free_text",
    "column_mapping_save",
    "ensure_taxonomy",
    "incident_create",
    "incident_delete",
    "incident_set_status",
    "incident_update",
    "nothing_to_report_delete",
    "nothing_to_report_record",
    "remind_reporters",
    "roster_entry_create",
    "roster_entry_delete",
    "roster_entry_update",
    "taxonomy_install_defaults",
]
