"""The medborgarlöfte, dialogue and law-status API (``/api/v1/municipalities/<slug>/…``): the
same rules as the pages, through ``process.access`` and ``services.promises``. Everyone with a
role reads; coordinators and the beredningsgrupp write."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from samverka.accounts.access import Access
from samverka.core.api_permissions import MunicipalityAccess, SwedishJSONParser
from samverka.process.access import may_plan
from samverka.process.law import law_status
from samverka.process.models import CitizenPromise, DialogueNote
from samverka.process.serializers.promises import (
    DialogueSerializer,
    DialogueUpdateSerializer,
    LawStatusSerializer,
    PromiseDetailSerializer,
    PromiseSerializer,
    PromiseUpdateSerializer,
    SignSerializer,
)
from samverka.process.services import promises as services


class PlannersWrite(MunicipalityAccess):
    """A role in the municipality to read; coordinators and the beredningsgrupp write."""

    message = gettext_lazy(
        "Det är samordnarna och beredningsgruppens medlemmar som arbetar med medborgarlöften "
        "och dialoger."
    )

    def may_write(self, access: Access) -> bool:
        return may_plan(access)


class _Base(APIView):
    permission_classes = [PlannersWrite]
    parser_classes = [SwedishJSONParser]
    access: Access

    def context(self) -> dict[str, Any]:
        return {"municipality": self.access.municipality, "request": self.request}

    def parsed(self, serializer_class: type, *, partial: bool = False) -> dict[str, Any]:
        serializer = serializer_class(
            data=self.request.data, partial=partial, context=self.context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def promise(self, pk: int) -> CitizenPromise:
        return get_object_or_404(
            CitizenPromise.objects.select_related("document", "area"),
            municipality=self.access.municipality,
            pk=pk,
        )

    def detail(self, promise: CitizenPromise) -> Any:
        promise = CitizenPromise.objects.select_related("document").get(pk=promise.pk)
        return PromiseDetailSerializer(promise, context=self.context()).data

    def dialogue(self, pk: int) -> DialogueNote:
        return get_object_or_404(DialogueNote, municipality=self.access.municipality, pk=pk)


class PromiseListView(_Base):
    @extend_schema(responses=PromiseDetailSerializer(many=True), summary="Medborgarlöften")
    def get(self, request: Request, municipality_slug: str) -> Response:
        promises = CitizenPromise.objects.filter(
            municipality=self.access.municipality
        ).select_related("document")
        return Response(PromiseDetailSerializer(promises, many=True, context=self.context()).data)

    @extend_schema(request=PromiseSerializer, responses={201: PromiseDetailSerializer})
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(PromiseSerializer)
        promise = services.promise_create(access=self.access, **data)
        return Response(self.detail(promise), status=status.HTTP_201_CREATED)


class PromiseDetailView(_Base):
    @extend_schema(responses=PromiseDetailSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(self.detail(self.promise(pk)))

    @extend_schema(request=PromiseUpdateSerializer, responses=PromiseDetailSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        promise = self.promise(pk)
        data = self.parsed(PromiseUpdateSerializer, partial=True)
        if data:
            services.promise_update(access=self.access, promise=promise, **data)
        return Response(self.detail(promise))


class PromiseSignView(_Base):
    @extend_schema(
        request=SignSerializer,
        responses={201: PromiseDetailSerializer},
        summary="Registrera en parts underskrift",
    )
    def post(self, request: Request, municipality_slug: str, pk: int) -> Response:
        promise = self.promise(pk)
        data = self.parsed(SignSerializer)
        services.promise_sign(access=self.access, promise=promise, **data)
        return Response(self.detail(promise), status=status.HTTP_201_CREATED)


class DialogueListView(_Base):
    @extend_schema(responses=DialogueSerializer(many=True), summary="Dialoger")
    def get(self, request: Request, municipality_slug: str) -> Response:
        dialogues = DialogueNote.objects.filter(municipality=self.access.municipality)
        return Response(DialogueSerializer(dialogues, many=True, context=self.context()).data)

    @extend_schema(request=DialogueSerializer, responses={201: DialogueSerializer})
    def post(self, request: Request, municipality_slug: str) -> Response:
        data = self.parsed(DialogueSerializer)
        dialogue = services.dialogue_create(access=self.access, **data)
        return Response(DialogueSerializer(dialogue).data, status=status.HTTP_201_CREATED)


class DialogueDetailView(_Base):
    @extend_schema(responses=DialogueSerializer)
    def get(self, request: Request, municipality_slug: str, pk: int) -> Response:
        return Response(DialogueSerializer(self.dialogue(pk)).data)

    @extend_schema(request=DialogueUpdateSerializer, responses=DialogueSerializer)
    def patch(self, request: Request, municipality_slug: str, pk: int) -> Response:
        dialogue = self.dialogue(pk)
        data = self.parsed(DialogueUpdateSerializer, partial=True)
        if data:
            dialogue = services.dialogue_update(access=self.access, dialogue=dialogue, **data)
        return Response(DialogueSerializer(dialogue).data)


class LawStatusView(_Base):
    @extend_schema(
        responses=LawStatusSerializer,
        summary="Lag (2023:196) och Brås steg för samverkan: vad som finns och vad som saknas",
    )
    def get(self, request: Request, municipality_slug: str) -> Response:
        found = law_status(self.access.municipality, timezone.localdate())
        return Response(LawStatusSerializer(found).data)
