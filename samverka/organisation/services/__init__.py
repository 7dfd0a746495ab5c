"""Writes for the organisation. Pages, the API and the commands all call these functions."""

from samverka.organisation.services.actors import (
    organisation_create,
    organisation_delete,
    organisation_update,
)
from samverka.organisation.services.documents import (
    document_create,
    document_delete,
    document_update,
)
from samverka.organisation.services.groups import (
    group_create,
    group_delete,
    group_update,
    membership_create,
    membership_delete,
    membership_update,
    specialist_function_create,
    specialist_function_delete,
    specialist_function_update,
)
from samverka.organisation.services.municipality import municipality_update
from samverka.organisation.services.people import person_create, person_delete, person_update
from samverka.organisation.services.setup import setup_answer_record

__all__ = [
    "document_create",
    "document_delete",
    "document_update",
    "group_create",
    "group_delete",
    "group_update",
    "membership_create",
    "membership_delete",
    "membership_update",
    "municipality_update",
    "organisation_create",
    "organisation_delete",
    "organisation_update",
    "person_create",
    "person_delete",
    "person_update",
    "setup_answer_record",
    "specialist_function_create",
    "specialist_function_delete",
    "specialist_function_update",
]
