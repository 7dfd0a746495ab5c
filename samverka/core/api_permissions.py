"""Access and shared plumbing for the municipality-scoped REST API (``/api/v1/``).

Everything under ``/api/v1/municipalities/<slug>/`` is readable by anyone with a role in that
municipality and writable by its coordinators only. Tenancy is decided once per request, in
``MunicipalityAccess``, which resolves the request's ``Access`` (``view.access`` and
``request.access``): a user without a role in the municipality gets 404 for everything under it,
exactly as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, parsers, serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.accounts.models import Municipality
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField, SwedishDateTimeField
from samverka.core.api_schema import ID_SCHEMA

MUNICIPALITY_URL_KWARG = "municipality_slug"


class MunicipalityAccess(BasePermission):
    """A role in the municipality to read; coordinator to write.

    Sets ``view.access`` and ``request.access`` (who is looking, resolved once per request) and
    ``view.municipality``. Subclasses change who may write by overriding ``may_write``.
    """

    message = _("Bara kommunens samordnare får ändra detta.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401/403 "not authenticated", never a redirect
        access = getattr(view, "access", None)
        if access is None:  # once per request, though DRF may ask several permissions
            # Raises Http404 (→ 404) when the user has no role in the municipality.
            access = Access.for_slug(request.user, view.kwargs[MUNICIPALITY_URL_KWARG])
            view.access = access  # type: ignore[attr-defined]
            view.municipality = access.municipality  # type: ignore[attr-defined]
            # On the HttpRequest under DRF's Request, which reads through to it.
            request._request.access = access  # type: ignore[attr-defined]
        return request.method in SAFE_METHODS or self.may_write(access)

    def may_write(self, access: Access) -> bool:
        return access.may_write


class CoordinatorMayChange(BasePermission):
    """For the municipality itself: anyone with a role reads it, its coordinators change it."""

    message = MunicipalityAccess.message

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        return request.method in SAFE_METHODS or Access.for_user(request.user, obj).is_coordinator


class SwedishJSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a parse error a coordinator can read (DRF's is English only)."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError as exc:
            raise exceptions.ParseError(
                _("Innehållet är inte giltig JSON. Kontrollera citattecken och kommatecken.")
            ) from exc
        except RecursionError:  # Python's JSON decoder gives up on arrays nested thousands deep
            raise exceptions.ParseError(
                _(
                    "Innehållet har för många nivåer inuti varandra. "
                    "Skicka ett JSON-objekt med fälten."
                )
            ) from None


@extend_schema_field(ID_SCHEMA)  # ids are positive bigints
class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key given as an id and resolved only among the municipality's own rows.

    An id of another municipality gives the same 400 as an id that does not exist at all, so
    the API does not reveal what other municipalities hold.
    """

    default_error_messages = {
        "required": _("Det här fältet är obligatoriskt."),
        "does_not_exist": _("Id {pk_value} finns inte i den här kommunen."),
        "incorrect_type": _("Ange ett id (ett heltal), inte {data_type}."),
    }

    def __init__(self, model: type[models.Model], *, through: str = "municipality", **kwargs: Any):
        self.scoped_model = model
        self.through = through  # the lookup from the model to its municipality
        if not kwargs.get("read_only"):
            # The unscoped queryset only tells DRF and the schema the model; lookups go
            # through get_queryset below.
            kwargs["queryset"] = model._default_manager.all()
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        try:
            return super().to_internal_value(data)
        except OverflowError:  # 1e400 in the JSON is an infinite float: no id at all
            self.fail("incorrect_type", data_type=type(data).__name__)

    def get_queryset(self) -> models.QuerySet[Any]:
        municipality = self.context.get("municipality")
        if municipality is None:
            return self.scoped_model._default_manager.none()
        return self.scoped_model._default_manager.filter(**{self.through: municipality})

    @classmethod
    def many_init(cls, *args: Any, **kwargs: Any) -> serializers.ManyRelatedField:
        field = super().many_init(*args, **kwargs)
        field.error_messages["not_a_list"] = _("Ange en lista med id, inte {input_type}.")
        return field


# DRF messages that have no Swedish translation, or a clumsy one. Matched on the exact class:
# subclasses such as EmailField and URLField keep their own, already translated, messages.
_SWEDISH_MESSAGES: dict[type[serializers.Field], dict[str, Any]] = {
    serializers.CharField: {"invalid": _("Ange text.")},
    serializers.BooleanField: {"invalid": _("Ange true eller false.")},
    serializers.IntegerField: {"invalid": _("Ange ett heltal.")},
    serializers.FloatField: {"invalid": _("Ange ett tal.")},
    serializers.DateField: {
        "invalid": _("Ange datumet som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01."),
        "datetime": _("Ange ett datum (ÅÅÅÅ-MM-DD), inte en tidpunkt."),
    },
    serializers.ChoiceField: {"invalid_choice": _("”{input}” är inget giltigt val.")},
}


class SwedishModelSerializer(JsonTypesMixin, serializers.ModelSerializer):
    """A ModelSerializer whose validation messages are all Swedish, whose dates and times
    refuse years out of range with a 400 (DRF's own crash on year 1 or 9999), and which takes
    each value only in the JSON type the schema documents (no text for a number, or back)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateTimeField: SwedishDateTimeField,
        models.DateField: SwedishDateField,
    }
    default_error_messages = {
        "invalid": _("Skicka ett JSON-objekt med fälten, inte {datatype}."),
    }

    def get_validators(self) -> list[Any]:
        # No unique-together validators of DRF's own: the services' full_clean checks the same
        # constraints and says it in the coordinator's words ("… är redan med i gruppen").
        return []

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for field in fields.values():
            field.error_messages.update(_SWEDISH_MESSAGES.get(type(field), {}))
        return fields


class MunicipalityScopedViewSet(viewsets.ModelViewSet):
    """Base of every resource under ``/municipalities/<slug>/``.

    Subclasses filter their queryset by ``self.municipality``; serializers find it in their
    context and resolve foreign keys within it.
    """

    permission_classes = [IsAuthenticated, MunicipalityAccess]
    parser_classes = [SwedishJSONParser]
    access: Access
    municipality: Municipality

    def is_schema_generation(self) -> bool:
        return getattr(self, "swagger_fake_view", False)

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        context["municipality"] = getattr(self, "municipality", None)
        context["access"] = getattr(self, "access", None)
        return context
