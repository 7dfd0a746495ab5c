"""Shared API plumbing: errors as a coordinator can read them, never a 500 for bad input."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """409: the request is fine, the state of the data refuses it (an area with sub-areas)."""

    status_code = 409
    default_detail = _("Det går inte just nu: annat i kommunen beror på det.")
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        request = context.get("request")
        if request is not None and request.method == "DELETE":
            # A DELETE has no input to be wrong: a service refusing it (sub-areas, actors still
            # in groups) is a conflict with what the data holds, which a client may resolve.
            exc = Conflict(detail=" ".join(exc.messages))
        else:
            detail: Any = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
            exc = exceptions.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


class PageNumberPagination(pagination.PageNumberPagination):
    """DRF's page numbers, but ``?page=`` without a number is refused, as the schema says."""

    def get_page_number(self, request: Any, paginator: Any) -> Any:
        if request.query_params.get(self.page_query_param) == "":
            raise exceptions.ValidationError({self.page_query_param: [_("Ange sidans nummer.")]})
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        # Pages are numbered from 1 (a page past the last, or 0, is a 404 as in DRF).
        parameters: list[dict[str, Any]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters
