"""Explicit shapes of the SSPF API. Names and birth dates never leave through the API: a person
is its pseudonym label; a name is revealed only on the page, with a logged reason."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from samverka.areas.models import Area
from samverka.core.api_fields import JsonTypesMixin, SwedishDateField
from samverka.core.api_permissions import ScopedPrimaryKeyField
from samverka.organisation.models import Group, Organisation
from samverka.sspf.models import CaseStatus, ConsentKind, Sector, Subject


class SSPFConsentSerializer(JsonTypesMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConsentKind.choices)
    given_on = SwedishDateField()
    ends_on = SwedishDateField()
    scope = serializers.CharField(max_length=300)


class SSPFPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    label = serializers.CharField(  # type: ignore[assignment]
        read_only=True, help_text=_("Pseudonymen, t.ex. ”Ung person 7F3A”.")
    )
    pseudonym = serializers.CharField(
        read_only=True, help_text=_("Nyckelad hash: samma person i flera ärenden har samma värde.")
    )
    consents = SSPFConsentSerializer(many=True, read_only=True)


class SSPFPersonWriteSerializer(JsonTypesMixin, serializers.Serializer):
    name = serializers.CharField(max_length=200, write_only=True)
    birth_date = SwedishDateField(required=False, allow_null=True, write_only=True)
    personnummer = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", write_only=True
    )
    consents = SSPFConsentSerializer(many=True)


class SSPFActionSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    what = serializers.CharField(max_length=300)
    responsible = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    due_on = SwedishDateField()
    done_on = SwedishDateField(read_only=True)


class SSPFFollowUpSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    noted_on = SwedishDateField()
    text = serializers.CharField(max_length=4000)


class SSPFCaseSerializer(JsonTypesMixin, serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    group = ScopedPrimaryKeyField(Group)
    area = ScopedPrimaryKeyField(Area, required=False, allow_null=True)
    raised_on = SwedishDateField()
    raised_by = ScopedPrimaryKeyField(Organisation, required=False, allow_null=True)
    sector = serializers.ChoiceField(choices=Sector.choices)
    subject = serializers.ChoiceField(choices=Subject.choices)
    description = serializers.CharField(max_length=4000)
    status = serializers.ChoiceField(choices=CaseStatus.choices, read_only=True)
    closed_on = SwedishDateField(read_only=True)


class SSPFCaseUpdateSerializer(SSPFCaseSerializer):
    group = serializers.IntegerField(source="group_id", read_only=True)  # type: ignore[assignment]
    status = serializers.ChoiceField(choices=CaseStatus.choices)  # type: ignore[assignment]


class SSPFCaseDetailSerializer(SSPFCaseSerializer):
    persons = SSPFPersonSerializer(many=True, read_only=True)
    persons_erased = serializers.IntegerField(read_only=True)
    actions = SSPFActionSerializer(many=True, read_only=True)
    follow_ups = SSPFFollowUpSerializer(many=True, read_only=True)


class SSPFCountSerializer(serializers.Serializer):
    area = serializers.IntegerField(source="area_id", allow_null=True)
    area_name = serializers.CharField()
    sector = serializers.ChoiceField(choices=Sector.choices)
    quarter = serializers.CharField(source="quarter_label")
    subject = serializers.ChoiceField(choices=Subject.choices)
    cases = serializers.SerializerMethodField()
    persons = serializers.SerializerMethodField()

    def get_cases(self, row: Any) -> str:
        from samverka.sspf.selectors import suppressed

        return suppressed(row.cases)

    def get_persons(self, row: Any) -> str:
        from samverka.sspf.selectors import suppressed

        return suppressed(row.persons)
