"""The form for a person in the organisation; its cleaned_data go to the person services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samverka.accounts.models import Municipality, User
from samverka.core.forms import SingleLineField
from samverka.organisation.models import Organisation, Person, PersonKind


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class PersonForm(forms.Form):
    name = SingleLineField(label=_("Namn"), max_length=200)
    title = SingleLineField(label=_("Befattning"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Arbetsgivare/aktör"), required=False, queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(
        label=_("Politiker eller tjänsteperson"),
        choices=PersonKind.choices,
        initial=PersonKind.OFFICIAL,
    )
    email = forms.EmailField(label=_("E-post"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    is_public_contact = forms.BooleanField(
        label=_("Offentlig kontaktperson"),
        required=False,
        help_text=_(
            "Kryssa i om personen är en kontaktväg för allmänheten, t.ex. kommunpolisen eller "
            "trygghetssamordnaren. Kontaktuppgifterna visas då som kontaktuppgift, och samverka "
            "skickar aldrig utskick (kallelser, påminnelser) till adressen."
        ),
    )
    user = AccountChoiceField(
        label=_("Användarkonto"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("(inget konto)"),
        help_text=_(
            "Koppla personen till sitt konto, så ser hen sina gruppers interna innehåll. Bara "
            "konton med en roll i kommunen kan väljas."
        ),
    )

    def __init__(
        self, *args: Any, municipality: Municipality, instance: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        self.instance = instance
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            municipality=municipality
        )
        # Accounts with a role here that are not already linked to another person.
        free = Q(person__isnull=True)
        if instance is not None and instance.user_id is not None:
            free |= Q(pk=instance.user_id)
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(municipality_roles__municipality=municipality)
            .filter(free)
            .order_by("username")
            .distinct()
        )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        taken = Person.objects.filter(municipality=self.municipality, name__iexact=name)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(
                _(
                    "Det finns redan en person som heter %(name)s. Lägg till t.ex. "
                    "arbetsplatsen i namnet för att skilja dem åt."
                )
                % {"name": name}
            )
        return name

    def service_data(self) -> dict[str, Any]:
        """cleaned_data for the person services, which take the account link as ``account``
        (their ``user`` is whoever makes the change)."""
        data = dict(self.cleaned_data)
        data["account"] = data.pop("user")
        return data


def person_initial(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "title": person.title,
        "organisation": person.organisation,
        "kind": person.kind,
        "email": person.email,
        "phone": person.phone,
        "is_public_contact": person.is_public_contact,
        "user": person.user,
    }
