"""The API's view of the organisation: explicit fields, foreign keys as ids resolved within the
municipality, choices as their stable codes, dates as ISO. Writes go through the services.

Need-to-know follows ``samverka.organisation.access``; the rules are evaluated against a
``Access`` resolved once per request, so a list does not ask the database again for every row.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from samverka.accounts.access import Access, AnyUser
from samverka.accounts.models import Municipality
from samverka.areas.models import Area
from samverka.core.api_permissions import ScopedPrimaryKeyField, SwedishModelSerializer
from samverka.organisation.access import sees_contact_details
from samverka.organisation.models import (
    GoverningDocument,
    Group,
    Membership,
    Organisation,
    Person,
    SpecialistFunction,
)
from samverka.organisation.services import (
    document_create,
    document_update,
    group_create,
    group_update,
    membership_create,
    membership_update,
    municipality_update,
    organisation_create,
    organisation_update,
    person_create,
    person_update,
    specialist_function_create,
    specialist_function_update,
)
from samverka.organisation.setup_questions import QUESTIONS


def _user(serializer: serializers.Serializer) -> AnyUser:
    return serializer.context["request"].user


def _municipality(serializer: serializers.Serializer) -> Municipality:
    return serializer.context["municipality"]


def _access(serializer: serializers.Serializer) -> Access:
    return serializer.context["access"]


# --- The municipality -------------------------------------------------------------------------


class MunicipalitySerializer(SwedishModelSerializer):
    scb_code = serializers.RegexField(
        r"^\d{4}$",
        required=False,
        allow_blank=True,
        error_messages={"invalid": _("Kommunkoden ska vara fyra siffror, t.ex. 1480.")},
    )
    role = serializers.SerializerMethodField(help_text="Your role here: coordinator/member/reader.")

    class Meta:
        model = Municipality
        fields = ["id", "slug", "name", "scb_code", "county", "description", "is_example", "role"]
        read_only_fields = ["id", "slug", "is_example"]

    def get_role(self, municipality: Municipality) -> str | None:
        return self.context.get("roles", {}).get(municipality.pk)

    def update(self, instance: Municipality, validated_data: dict[str, Any]) -> Municipality:
        return municipality_update(municipality=instance, user=_user(self), **validated_data)


# --- Actors -----------------------------------------------------------------------------------


class OrganisationSerializer(SwedishModelSerializer):
    # ``parent`` shadows Field.parent in the type stubs only; DRF binds fields by name.
    parent = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)  # type: ignore[assignment]

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "parent", "website", "description"]

    def create(self, validated_data: dict[str, Any]) -> Organisation:
        return organisation_create(
            municipality=_municipality(self), user=_user(self), **validated_data
        )

    def update(self, instance: Organisation, validated_data: dict[str, Any]) -> Organisation:
        return organisation_update(organisation=instance, user=_user(self), **validated_data)


# --- Groups -----------------------------------------------------------------------------------


class GroupSerializer(SwedishModelSerializer):
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    reports_to = ScopedPrimaryKeyField(Group, required=False, allow_null=True)
    appointed_by = ScopedPrimaryKeyField(Group, required=False, allow_null=True)
    convening_organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    coordinates = ScopedPrimaryKeyField(Group, many=True, required=False)
    cadence_label = serializers.CharField(read_only=True)
    internal_notes = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Only in the output for the group's members and the coordinators.",
    )

    class Meta:
        model = Group
        fields = [
            "id",
            "name",
            "short_name",
            "kind",
            "mandate",
            "area",
            "reports_to",
            "appointed_by",
            "coordinates",
            "purpose",
            "cadence",
            "meetings_per_year",
            "interval_weeks",
            "meeting_weekday",
            "cadence_note",
            "cadence_label",
            "acute_triggers",
            "start_date",
            "end_date",
            "convening_organisation",
            "internal_notes",
        ]
        # The bounds the service checks (group_create), in the schema too; same messages.
        extra_kwargs = {
            "meetings_per_year": {
                "min_value": 1,
                "max_value": 52,
                "error_messages": dict.fromkeys(
                    ("min_value", "max_value"), _("Antal möten per år ska vara mellan 1 och 52.")
                ),
            },
            "interval_weeks": {
                "min_value": 1,
                "max_value": 26,
                "error_messages": dict.fromkeys(
                    ("min_value", "max_value"), _("Veckor mellan möten ska vara mellan 1 och 26.")
                ),
            },
        }

    def to_representation(self, instance: Group) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not _access(self).sees_internals(instance.pk):
            data.pop("internal_notes", None)
        return data

    def create(self, validated_data: dict[str, Any]) -> Group:
        return group_create(municipality=_municipality(self), user=_user(self), **validated_data)

    def update(self, instance: Group, validated_data: dict[str, Any]) -> Group:
        return group_update(group=instance, user=_user(self), **validated_data)


# --- People -----------------------------------------------------------------------------------


class PersonSerializer(SwedishModelSerializer):
    organisation = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    # Read-only for now: the services' keyword ``user`` is the acting user, so the person's own
    # account field cannot be passed through them (linking is done on the person page).
    user: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The linked user account, if any."
    )

    class Meta:
        model = Person
        fields = [
            "id",
            "name",
            "title",
            "organisation",
            "kind",
            "email",
            "phone",
            "is_public_contact",
            "user",
        ]
        extra_kwargs = {
            "email": {"help_text": "Only for those who may see contact details."},
            "phone": {"help_text": "Only for those who may see contact details."},
        }

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        # memberships are prefetched by the view, so this costs no query per person.
        group_ids = {membership.group_id for membership in instance.memberships.all()}
        if not sees_contact_details(_access(self), instance, group_ids):
            data.pop("email", None)
            data.pop("phone", None)
        return data

    def create(self, validated_data: dict[str, Any]) -> Person:
        return person_create(municipality=_municipality(self), user=_user(self), **validated_data)

    def update(self, instance: Person, validated_data: dict[str, Any]) -> Person:
        return person_update(person=instance, user=_user(self), **validated_data)


# --- Memberships ------------------------------------------------------------------------------


def _refuse_move(serializer: serializers.Serializer, attrs: dict[str, Any], name: str) -> None:
    """A membership or specialist function belongs to one group (and person): make a new one."""
    instance = serializer.instance
    if instance is not None and name in attrs and attrs[name] != getattr(instance, name):
        raise serializers.ValidationError(
            {name: _("Kan inte flyttas. Ta bort raden och skapa en ny i stället.")}
        )
    if instance is not None:
        attrs.pop(name, None)


class MembershipSerializer(SwedishModelSerializer):
    group = ScopedPrimaryKeyField(Group)
    person = ScopedPrimaryKeyField(Person)
    organisation = ScopedPrimaryKeyField(
        Organisation,
        required=False,
        allow_null=True,
        help_text="The actor the person represents; defaults to the person's own.",
    )
    group_name = serializers.CharField(source="group.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "group",
            "group_name",
            "person",
            "person_name",
            "organisation",
            "role",
            "start_date",
            "end_date",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_move(self, attrs, "group")
        _refuse_move(self, attrs, "person")
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError(
                {"end_date": _("Slutdatum kan inte vara före startdatum.")}
            )
        return attrs

    def create(self, validated_data: dict[str, Any]) -> Membership:
        group = validated_data.pop("group")
        return membership_create(group=group, user=_user(self), **validated_data)

    def update(self, instance: Membership, validated_data: dict[str, Any]) -> Membership:
        return membership_update(membership=instance, user=_user(self), **validated_data)


# --- Specialist functions ---------------------------------------------------------------------


class SpecialistFunctionSerializer(SwedishModelSerializer):
    group = ScopedPrimaryKeyField(Group, help_text="The coordination unit (samordningsenhet).")
    coordinator = ScopedPrimaryKeyField(Person, required=False, allow_null=True)

    class Meta:
        model = SpecialistFunction
        fields = ["id", "group", "name", "description", "coordinator"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        _refuse_move(self, attrs, "group")
        return attrs

    def create(self, validated_data: dict[str, Any]) -> SpecialistFunction:
        group = validated_data.pop("group")
        return specialist_function_create(group=group, user=_user(self), **validated_data)

    def update(
        self, instance: SpecialistFunction, validated_data: dict[str, Any]
    ) -> SpecialistFunction:
        return specialist_function_update(function=instance, user=_user(self), **validated_data)


# --- Governing documents ----------------------------------------------------------------------


class GoverningDocumentSerializer(SwedishModelSerializer):
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    parties = ScopedPrimaryKeyField(Organisation, many=True, required=False)
    file_url = serializers.SerializerMethodField(
        help_text="Download address of the stored file (needs a login), or null."
    )

    class Meta:
        model = GoverningDocument
        fields = [
            "id",
            "title",
            "kind",
            "area",
            "parties",
            "summary",
            "goals",
            "valid_from",
            "valid_until",
            "adopted_on",
            "adopted_by",
            "next_review",
            "url",
            "file_url",
        ]

    def get_file_url(self, document: GoverningDocument) -> str | None:
        if not document.file:
            return None
        path = reverse(
            "organisation:document_file",
            kwargs={"municipality": _municipality(self).slug, "pk": document.pk},
        )
        return self.context["request"].build_absolute_uri(path)

    def create(self, validated_data: dict[str, Any]) -> GoverningDocument:
        return document_create(municipality=_municipality(self), user=_user(self), **validated_data)

    def update(
        self, instance: GoverningDocument, validated_data: dict[str, Any]
    ) -> GoverningDocument:
        return document_update(document=instance, user=_user(self), **validated_data)


# --- Brå's set-up questions and the health check ----------------------------------------------


class SetupAnswerSerializer(serializers.Serializer):
    """One of Brå's set-up questions with its current answer (null when unanswered)."""

    question_key = serializers.ChoiceField(
        choices=[question.key for question in QUESTIONS],
        error_messages={"invalid_choice": _("Det finns ingen sådan fråga: ”{input}”.")},
    )
    section = serializers.CharField(read_only=True)
    question = serializers.CharField(read_only=True)
    # Null in the output for an unanswered question; on input null and blank get one message.
    answer = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        max_length=20_000,
        error_messages={"invalid": _("Ange svaret som text.")},
    )
    answered_by_name = serializers.CharField(read_only=True, allow_null=True)
    answered_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def to_internal_value(self, data: Any) -> Any:
        # The schema says text: a number or a boolean is refused, not coerced to "0" or "True".
        if isinstance(data, Mapping) and not isinstance(data.get("answer"), str | None):
            raise serializers.ValidationError(
                {"answer": [self.fields["answer"].error_messages["invalid"]]}
            )
        return super().to_internal_value(data)

    def validate_answer(self, value: str | None) -> str:
        if not (value or "").strip():
            raise serializers.ValidationError(_("Skriv ett svar."))
        return value or ""


class SetupAnswerRequestSerializer(serializers.Serializer):
    """What ``POST setup-answers/`` takes, for the schema: an answer that is not blank."""

    question_key = serializers.ChoiceField(choices=[question.key for question in QUESTIONS])
    answer = serializers.CharField(
        max_length=20_000, trim_whitespace=False, validators=[RegexValidator(r"\S")]
    )


class FindingSerializer(serializers.Serializer):
    """One finding of the health check (``samverka.organisation.health``)."""

    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning", "info"])
    title = serializers.CharField()
    explanation = serializers.CharField()
    subject_kind = serializers.CharField(help_text="group, area, document, question, municipality")
    subject_id = serializers.SerializerMethodField()
    subject_name = serializers.CharField()
    basis = serializers.ChoiceField(
        choices=["law", "guidance", "fact"],
        help_text="What the finding rests on: the law, Brå's guidance, or the data itself.",
    )
    # DRF's metaclass takes declared fields off the class, so this shadows no Field.source.
    source = serializers.CharField(  # type: ignore[assignment]
        help_text="The law or publication quoted; empty for a fact."
    )

    @extend_schema_field(
        {"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True},
    )
    def get_subject_id(self, finding: Any) -> int | str | None:
        # Groups, areas and documents have numeric ids; set-up questions have string keys.
        return finding.subject_id
