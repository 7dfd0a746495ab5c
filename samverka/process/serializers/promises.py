"""Explicit shapes of the medborgarlöfte, dialogue and law-status API, each write with its bounds
(ids from 1, strings with their maximum length, dates within the supported years)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.core.validators import validate_single_line
from samverka.organisation.models import DocumentKind, GoverningDocument, Organisation
from samverka.process.models import CitizenPromise, DialogueKind, PromiseStatus

TEXT_MAX = 20_000


class PromiseDocumentField(ScopedPrimaryKeyField):
    """A medborgarlöfte document of the municipality that has no promise yet."""

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .filter(kind=DocumentKind.CITIZEN_PROMISE, citizen_promise__isnull=True)
        )


class DialogueSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=DialogueKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = SwedishDateField()
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    participants = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, allow_null=True, default=None
    )
    summary = serializers.CharField(max_length=TEXT_MAX)
    promise = ScopedPrimaryKeyField(
        CitizenPromise,
        required=False,
        allow_null=True,
        default=None,
        help_text="Id of the medborgarlöfte this dialogue is input to.",
    )


class DialogueUpdateSerializer(DialogueSerializer):
    kind = serializers.ChoiceField(choices=DialogueKind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    held_on = SwedishDateField(required=False)
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    participants = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, allow_null=True
    )
    summary = serializers.CharField(max_length=TEXT_MAX, required=False)
    promise = ScopedPrimaryKeyField(CitizenPromise, required=False, allow_null=True)


class SignatureSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    signed_by = serializers.CharField(read_only=True)
    signed_on = SwedishDateField(read_only=True)


class PromiseActivityReadSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    public_text = serializers.CharField(read_only=True)
    goal = serializers.IntegerField(read_only=True, allow_null=True)
    measure = serializers.IntegerField(read_only=True, allow_null=True)
    progress = serializers.IntegerField(read_only=True, help_text="Percent done (0–100).")
    status_word = serializers.CharField(read_only=True)
    progress_from_measure = serializers.BooleanField(read_only=True)


class GoalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(  # type: ignore[assignment]
        read_only=True, allow_null=True
    )


class PromiseSerializer(JsonTypesMixin, serializers.Serializer):
    """A promise; on create also its parties and goals (one per line) for the new document, or
    an existing medborgarlöfte document without a promise (``document``)."""

    id = serializers.IntegerField(read_only=True)
    # One line, as the model says (the title is also the new document's).
    title = serializers.CharField(max_length=200, validators=[validate_single_line])
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True, default=None)
    period_start = SwedishDateField()
    period_end = SwedishDateField()
    status = serializers.ChoiceField(choices=PromiseStatus.choices, read_only=True)
    public_text = serializers.CharField(
        max_length=TEXT_MAX, required=False, allow_blank=True, default=""
    )
    is_public = serializers.BooleanField(required=False, default=False)
    public_slug = serializers.SlugField(max_length=80, required=False, allow_blank=True, default="")
    parties = ScopedPrimaryKeyField(
        Organisation, many=True, required=False, default=list, write_only=True
    )
    goals = serializers.CharField(
        max_length=TEXT_MAX,
        required=False,
        allow_blank=True,
        default="",
        write_only=True,
        help_text="The new document's goals, one per line.",
    )
    document = PromiseDocumentField(
        GoverningDocument,
        required=False,
        allow_null=True,
        default=None,
        help_text="An existing medborgarlöfte document without a promise (instead of a new one).",
        write_only=True,
    )
    previous = serializers.IntegerField(source="previous_id", read_only=True, allow_null=True)


class PromiseUpdateSerializer(PromiseSerializer):
    title = serializers.CharField(max_length=200, required=False, validators=[validate_single_line])
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    period_start = SwedishDateField(required=False)
    period_end = SwedishDateField(required=False)
    public_text = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True)
    is_public = serializers.BooleanField(required=False)
    public_slug = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    parties = ScopedPrimaryKeyField(Organisation, many=True, required=False, write_only=True)
    goals = None  # type: ignore[assignment]
    document = None  # type: ignore[assignment]


class PromiseDetailSerializer(PromiseSerializer):
    document = serializers.IntegerField(  # type: ignore[assignment]
        source="document_id", read_only=True
    )
    parties = serializers.SerializerMethodField()  # type: ignore[assignment]
    goals = serializers.SerializerMethodField()  # type: ignore[assignment]
    renewal = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    dialogues = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_parties(self, promise: CitizenPromise) -> list[int]:
        return list(promise.document.parties.order_by("name").values_list("pk", flat=True))

    @extend_schema_field(GoalRefSerializer(many=True))
    def get_goals(self, promise: CitizenPromise) -> list[dict[str, Any]]:
        from samverka.process.selectors_promises import document_goals

        return [
            {"id": g.pk, "title": g.title, "parent": g.parent_id} for g in document_goals(promise)
        ]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_renewal(self, promise: CitizenPromise) -> int | None:
        renewal = CitizenPromise.objects.filter(previous=promise).values_list("pk", flat=True)
        return renewal[0] if renewal else None

    def _rows(self, promise: CitizenPromise) -> list[Any]:
        from samverka.process.selectors_promises import activity_progress

        cache: dict[int, list[Any]] = self.__dict__.setdefault("_rows_cache", {})
        if promise.pk not in cache:
            activities = list(
                promise.activities.select_related("measure").order_by("position", "pk")
            )
            cache[promise.pk] = activity_progress(activities)
        return cache[promise.pk]

    @extend_schema_field(serializers.IntegerField(min_value=0, max_value=100))
    def get_progress(self, promise: CitizenPromise) -> int:
        from samverka.process.selectors_promises import promise_progress

        return promise_progress(self._rows(promise))

    @extend_schema_field(PromiseActivityReadSerializer(many=True))
    def get_activities(self, promise: CitizenPromise) -> list[dict[str, Any]]:
        return [
            {
                "id": r.activity.pk,
                "title": r.activity.title,
                "public_text": r.activity.public_text,
                "goal": r.activity.goal_id,
                "measure": r.activity.measure_id,
                "progress": r.percent,
                "status_word": r.status_word,
                "progress_from_measure": r.from_measure,
            }
            for r in self._rows(promise)
        ]

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, promise: CitizenPromise) -> list[Any]:
        return SignatureSerializer(  # type: ignore[return-value]
            promise.signatures.select_related("organisation"), many=True
        ).data

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_dialogues(self, promise: CitizenPromise) -> list[int]:
        return list(promise.dialogues.order_by("-held_on").values_list("pk", flat=True))


class SignSerializer(JsonTypesMixin, serializers.Serializer):
    organisation = ScopedPrimaryKeyField(Organisation, help_text="Id of the party that signs.")
    signed_by = serializers.CharField(max_length=200)
    signed_on = SwedishDateField()


class RequirementSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    met = serializers.BooleanField(read_only=True)
    summary = serializers.CharField(read_only=True)
    missing = serializers.CharField(read_only=True)
    url = serializers.CharField(read_only=True, allow_null=True)
    on = SwedishDateField(read_only=True, allow_null=True)


class CriterionSerializer(serializers.Serializer):
    slug = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    computed = serializers.BooleanField(read_only=True)
    met = serializers.BooleanField(read_only=True)
    detail = serializers.CharField(read_only=True)


class StepSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    description = serializers.CharField(read_only=True)
    done = serializers.BooleanField(read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)


class LawStatusSerializer(serializers.Serializer):
    date = SwedishDateField(source="today", read_only=True)
    law_met = serializers.BooleanField(read_only=True)
    requirements = RequirementSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
